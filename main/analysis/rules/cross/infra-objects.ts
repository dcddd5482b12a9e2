/**
 * What the infrastructure-contract rules read besides the infra index: every Kubernetes object of the
 * project, including those in files the model does not point into (a file of Secrets, SealedSecrets,
 * Middlewares or HTTPRoutes alone, found through the model's `kubernetesObjects`), the routes of
 * Ingresses and Gateway API HTTPRoutes with their hosts, paths and TLS, and the roots of compose files.
 */
import type { SourceLocation } from '../../../../shared/model/model.js';
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import { DEFAULT_LIMITS } from '../../../ingest/limits.js';
import { parseStructuredShared, parseYamlDocumentsShared } from '../../../ingest/positions.js';
import type { RuleContext } from '../../rule.js';
import { infraIndex, readKubernetes, selects, stringMap, type InfraIndex, type K8sObject, type Workload } from '../infra/manifests.js';
import { CROSS_REFERENCES } from './references.js';

/** Reference URLs the infrastructure-contract rules cite, with the cross-artifact ones. */
export const INFRA_REFERENCES = {
  ...CROSS_REFERENCES,
  serviceTargetPort: 'https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports',
  composePorts: 'https://docs.docker.com/reference/compose-file/services/#ports',
  ingressTls: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
  ingressPaths: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types',
  gatewayListeners: 'https://gateway-api.sigs.k8s.io/guides/tls/',
  oasServer: 'https://spec.openapis.org/oas/v3.1.0#server-object',
  status429: 'https://www.rfc-editor.org/rfc/rfc6585#section-4',
  rateLimitHeaders: 'https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/',
  nginxRateLimit: 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting',
  traefikRateLimit: 'https://doc.traefik.io/traefik/middlewares/http/ratelimit/',
  kongRateLimit: 'https://docs.konghq.com/hub/kong-inc/rate-limiting/',
  api4: 'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/',
  secrets: 'https://kubernetes.io/docs/concepts/configuration/secret/',
  composeSecrets: 'https://docs.docker.com/reference/compose-file/secrets/',
  externalSecrets: 'https://external-secrets.io/latest/api/externalsecret/',
  kubeLinterChecks: 'https://docs.kubelinter.io/#/generated/checks',
  postgresImage: 'https://hub.docker.com/_/postgres',
  owaspSecrets: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  explicitLocking: 'https://www.postgresql.org/docs/current/explicit-locking.html',
  squawk: 'https://squawkhq.com/docs/rules',
};

export interface ProjectObjects {
  index: InfraIndex;
  /** Every object, first copy of each identity (per-service files and a release bundle agree). */
  objects: K8sObject[];
  /** Objects of a kind (first copy of each identity). */
  ofKind(...kinds: string[]): K8sObject[];
  /** Directories holding manifests or a kustomization (overlays included). */
  directories: string[];
}

const cache = new WeakMap<RuleContext, ProjectObjects>();

/** The project's Kubernetes objects, built once per rule context. */
export function projectObjects(context: RuleContext): ProjectObjects {
  let found = cache.get(context);
  if (!found) cache.set(context, found = buildObjects(context));
  return found;
}

function buildObjects(context: RuleContext): ProjectObjects {
  const index = infraIndex(context);
  const all = [...index.objects];
  const read = new Set(index.objects.map((object) => object.file));
  const extra = [...new Set((context.model.kubernetesObjects ?? []).map((object) => object.source.file))].filter((file) => !read.has(file)).sort();
  for (const file of extra) all.push(...objectsOf(context, file));
  const first = new Map<string, K8sObject>();
  for (const object of all) if (!first.has(object.identity)) first.set(object.identity, object);
  const objects = [...first.values()];
  const directories = [...new Set([...all.map((object) => object.file), ...(context.model.kubernetesObjects ?? []).map((object) => object.source.file)].map(directoryOf))].sort();
  return { index, objects, ofKind: (...kinds) => objects.filter((object) => kinds.includes(object.kind)), directories };
}

/** The objects of one manifest the infra index did not read (it holds no workload, Service or wired Ingress). */
function objectsOf(context: RuleContext, file: string): K8sObject[] {
  const text = context.readText(file);
  if (text === undefined || text.length > DEFAULT_LIMITS.maxBytes) return [];
  const objects: K8sObject[] = [];
  readKubernetes(file, parseStructuredShared(text, file, DEFAULT_LIMITS).documents, new Map(), objects, []);
  for (const object of objects) object.element = `${file}#${object.identity}`;
  return objects;
}

/** Annotations of an object. */
export function annotationsOf(object: K8sObject): Record<string, string> {
  return stringMap(asRecord(object.value.metadata)?.annotations) ?? {};
}

/** One path an Ingress or HTTPRoute routes for a host. */
export interface RoutePath {
  /** `/api`, or a regular expression (`/api(/|$)(.*)`) when `regex`. */
  path: string;
  match: 'prefix' | 'exact' | 'regex';
  /** Backend Service names. */
  services: string[];
  location: SourceLocation;
}

/** What one Ingress or HTTPRoute says about one host. */
export interface HostRoute {
  object: K8sObject;
  host: string;
  /** TLS is terminated for the host; undefined when the project does not say (a Gateway outside the project, TLS annotations). */
  tls: boolean | undefined;
  paths: RoutePath[];
  location: SourceLocation;
  /** Where TLS for the host is (or would be) declared. */
  tlsLocation: SourceLocation;
}

/** Does an Ingress host (`*.example.com` included) match a name? */
export function hostMatches(pattern: string, host: string): boolean {
  const a = pattern.toLowerCase();
  const b = host.toLowerCase();
  if (a === b) return true;
  return a.startsWith('*.') && b.endsWith(a.slice(1)) && !b.slice(0, b.length - a.length + 1).includes('.');
}

/** Annotations that terminate TLS outside the Ingress's `tls` list (cloud load balancer certificates) or ask for it. */
const TLS_ANNOTATION = /certificate|ssl-cert|pre-shared-cert|managed-certificates|ssl-redirect|force-ssl|tls|https/i;

/** Hosts routed by the project's Ingresses and HTTPRoutes, with their paths and TLS. */
export function hostRoutes(objects: ProjectObjects): HostRoute[] {
  const out: HostRoute[] = [];
  for (const ingress of objects.ofKind('Ingress')) {
    const spec = asRecord(ingress.value.spec) ?? {};
    const tls = asArray(spec.tls).map((entry) => asRecord(entry) ?? {});
    const tlsByAnnotation = Object.entries(annotationsOf(ingress)).some(([key, value]) => TLS_ANNOTATION.test(key) && !/^(false|off|0)$/i.test(value));
    asArray(spec.rules).forEach((raw, ruleIndex) => {
      const rule = asRecord(raw) ?? {};
      const host = asString(rule.host);
      if (!host) return;
      const terminated = tls.findIndex((entry) => {
        const hosts = asArray(entry.hosts).map(String);
        return !hosts.length || hosts.some((candidate) => hostMatches(candidate, host));
      });
      const paths: RoutePath[] = asArray(asRecord(rule.http)?.paths).map((entry, pathIndex) => {
        const record = asRecord(entry) ?? {};
        const backend = asRecord(record.backend) ?? {};
        const service = asString(asRecord(backend.service)?.name) ?? asString(backend.serviceName);
        const path = asString(record.path) ?? '/';
        const type = asString(record.pathType);
        return {
          path, match: type === 'Exact' ? 'exact' : /[()[\]*+?^$|\\]/.test(path) ? 'regex' : 'prefix',
          services: service ? [service] : [], location: ingress.at(['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex]),
        };
      });
      out.push({
        object: ingress, host, paths,
        tls: terminated >= 0 ? true : tlsByAnnotation ? undefined : false,
        location: ingress.at(['spec', 'rules', ruleIndex, 'host']),
        tlsLocation: terminated >= 0 ? ingress.at(['spec', 'tls', terminated]) : ingress.at(['spec']),
      });
    });
  }
  const gateways = objects.ofKind('Gateway');
  for (const route of objects.ofKind('HTTPRoute')) {
    const spec = asRecord(route.value.spec) ?? {};
    const hostnames = asArray(spec.hostnames).map(String);
    const paths = asArray(spec.rules).flatMap((raw, ruleIndex) => {
      const rule = asRecord(raw) ?? {};
      const services = asArray(rule.backendRefs).map((ref) => asString(asRecord(ref)?.name)).filter((name): name is string => !!name);
      const matches = asArray(rule.matches).map((match) => asRecord(asRecord(match)?.path) ?? {});
      return (matches.length ? matches : [{}]).map((match): RoutePath => ({
        path: asString(match.value) ?? '/',
        match: match.type === 'Exact' ? 'exact' : match.type === 'RegularExpression' ? 'regex' : 'prefix',
        services, location: route.at(['spec', 'rules', ruleIndex]),
      }));
    });
    hostnames.forEach((host, hostIndex) => {
      const listeners = parentListeners(route, gateways, host);
      const secure = listeners?.find((listener) => listener.secure);
      out.push({
        object: route, host, paths,
        tls: listeners === undefined ? undefined : !!secure,
        location: route.at(['spec', 'hostnames', hostIndex]),
        tlsLocation: secure?.location ?? route.at(['spec', 'parentRefs']),
      });
    });
  }
  return out;
}

/** Listeners of the route's parent Gateways that serve `host`; undefined when a parent Gateway is not in the project. */
function parentListeners(route: K8sObject, gateways: K8sObject[], host: string): Array<{ secure: boolean; location: SourceLocation }> | undefined {
  const out: Array<{ secure: boolean; location: SourceLocation }> = [];
  for (const raw of asArray(asRecord(route.value.spec)?.parentRefs)) {
    const ref = asRecord(raw) ?? {};
    const name = asString(ref.name);
    const namespace = asString(ref.namespace) ?? route.namespace;
    const gateway = gateways.find((candidate) => candidate.name === name && candidate.namespace === namespace);
    if (!gateway) return undefined;
    asArray(asRecord(gateway.value.spec)?.listeners).forEach((entry, listenerIndex) => {
      const listener = asRecord(entry) ?? {};
      if (ref.sectionName !== undefined && listener.name !== ref.sectionName) return;
      const hostname = asString(listener.hostname);
      if (hostname && !hostMatches(hostname, host)) return;
      out.push({ secure: /^(HTTPS|TLS)$/i.test(asString(listener.protocol) ?? ''), location: gateway.at(['spec', 'listeners', listenerIndex]) });
    });
  }
  return out;
}

/** Names of the Services an Ingress routes to (default backend and every rule path, networking.k8s.io/v1 and the older form). */
export function ingressServices(ingress: K8sObject): string[] {
  const spec = asRecord(ingress.value.spec) ?? {};
  const backends = [spec.defaultBackend, spec.backend, ...asArray(spec.rules).flatMap((rule) => asArray(asRecord(asRecord(rule)?.http)?.paths)
    .map((path) => asRecord(path)?.backend))].map((backend) => asRecord(backend) ?? {});
  return backends.map((backend) => asString(asRecord(backend.service)?.name) ?? asString(backend.serviceName)).filter((name): name is string => !!name);
}

/** Workloads a Service selects (first copy of each). */
export function workloadsBehind(objects: ProjectObjects, service: K8sObject): Workload[] {
  const selector = asRecord(asRecord(service.value.spec)?.selector);
  if (!selector || !Object.keys(selector).length) return [];
  const seen = new Set<string>();
  return objects.index.workloads.filter((workload) => {
    if (workload.namespace !== service.namespace || !selects(selector, workload.podLabels, true) || seen.has(workload.element)) return false;
    seen.add(workload.element);
    return true;
  });
}

/** The root mapping of a compose file (parsed once, shared with the ingest). */
export function composeRoot(context: RuleContext, file: string): Record<string, unknown> | undefined {
  const text = context.readText(file);
  if (text === undefined) return undefined;
  return asRecord(parseYamlDocumentsShared(text, file, DEFAULT_LIMITS).documents[0]?.value);
}

/** The directory of a project path (`''` for the root). */
export function directoryOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}
