/**
 * Rate limits the spec promises (429 responses, RateLimit / X-RateLimit headers) against what the
 * project's infrastructure enforces: Ingress annotations (ingress-nginx, NGINX Inc, HAProxy), Traefik
 * middlewares, Kong plugins, mesh and gateway policies, and the configuration of a compose gateway.
 * Judged only for components the project deploys and exposes; anything the rule cannot read (a
 * middleware or plugin defined elsewhere, a gateway built from a Dockerfile, a mounted directory)
 * counts as possibly enforcing, so the finding stands only when the infrastructure is fully visible.
 */
import type { Component, Endpoint, SourceLocation } from '../../../../shared/model/model.js';
import { asArray, asRecord, asString, resolveProjectPath } from '../../../ingest/elements.js';
import { exposureOf, isGateway } from '../../../threat/exposure.js';
import { indexModel, type ModelIndex } from '../../../threat/model-index.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { isAuthFlow, responsesOf } from '../api/support/endpoint-facts.js';
import { SpecWorkspace } from '../api/support/spec-workspace.js';
import type { ComposeService, K8sObject } from '../infra/manifests.js';
import { annotationsOf, directoryOf, ingressServices, INFRA_REFERENCES as REF, projectObjects, workloadsBehind, type ProjectObjects } from './infra-objects.js';
import { elementOfEndpoint } from './support.js';

const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-[a-z]+)?$|^ratelimit-policy$/i;
/** Words of rate-limit configuration: annotations, plugin names, Envoy filters, nginx directives, env names. */
const RATE_LIMIT_TEXT = /rate[-_.\s]?limit|ratelimit|limit[-_](rps|rpm|req|conn|connections|count|rate)|throttl/i;
/** Annotations that hand requests to a policy the project does not hold (cloud WAF, backend configs): it may limit them. */
const EXTERNAL_POLICY = /backend-config|waf|security-policy|armor|firewall|plugins|middlewares|policy/i;
const GATEWAY_IMAGE = /(^|\/)(nginx|openresty|traefik|kong|envoy|envoyproxy|haproxy|caddy|apisix|tyk|krakend|gloo|ambassador|emissary|varnish|istio)[\w.-]*(:|$)/i;

interface Declared { endpoint: Endpoint; what: string }

function declaredLimits(endpoints: Endpoint[]): Declared[] {
  const out: Declared[] = [];
  for (const endpoint of endpoints) {
    if (endpoint.protocol !== 'http') continue;
    const responses = responsesOf(endpoint);
    if (responses['429']) { out.push({ endpoint, what: '429' }); continue; }
    const status = Object.keys(responses).find((code) => responses[code].headers.some((header) => RATE_LIMIT_HEADER.test(header)));
    if (status) out.push({ endpoint, what: status });
  }
  return out;
}

/** `unknown`: configuration the rule cannot read (a policy outside the project), which may enforce a limit. */
type Verdict = 'enforced' | 'not-enforced' | 'unknown';

/** A Traefik (`ns-name@kubernetescrd`) or Kong (`name`) reference resolved to the object it names. */
function referenced(objects: ProjectObjects, kinds: string[], reference: string): K8sObject | undefined {
  const bare = reference.trim().split('@')[0];
  return objects.ofKind(...kinds).find((object) => object.name === bare || `${object.namespace}-${object.name}` === bare);
}

/** What the annotations of an Ingress or Service routing to the workload say. */
function annotationVerdict(objects: ProjectObjects, object: K8sObject): Verdict {
  const annotations = annotationsOf(object);
  let verdict: Verdict = 'not-enforced';
  for (const [key, value] of Object.entries(annotations)) {
    if (RATE_LIMIT_TEXT.test(key)) return 'enforced';
    if (/router\.middlewares$/.test(key) || /konghq\.com\/plugins$/.test(key)) {
      const kinds = /konghq/.test(key) ? ['KongPlugin', 'KongClusterPlugin'] : ['Middleware'];
      for (const reference of value.split(',').filter((item) => item.trim())) {
        const found = referenced(objects, kinds, reference);
        if (!found) verdict = 'unknown';
        else if (RATE_LIMIT_TEXT.test(JSON.stringify(found.value))) return 'enforced';
      }
    } else if (EXTERNAL_POLICY.test(key)) {
      verdict = 'unknown';
    }
  }
  return verdict;
}

/** Project-wide configuration that may limit every workload: mesh filters, gateway policies, a controller ConfigMap, a gateway's own settings. */
function projectWideLimit(objects: ProjectObjects): boolean {
  const workloads = new Set(objects.index.workloads.map((workload) => workload.identity));
  const configured = objects.index.workloads.some((workload) => workload.containers.some((container) =>
    RATE_LIMIT_TEXT.test(JSON.stringify([container.value.args, container.value.env, container.value.command]))));
  return configured || objects.objects.some((object) => !workloads.has(object.identity) && !['Ingress', 'Service', 'Secret'].includes(object.kind)
    && RATE_LIMIT_TEXT.test(JSON.stringify({ ...object.value, metadata: undefined })));
}

function kubernetesVerdict(objects: ProjectObjects, component: Component): { verdict: Verdict; routes: SourceLocation[] } {
  const workloads = objects.index.workloads.filter((workload) => workload.element === component.id);
  if (!workloads.length) return { verdict: 'not-enforced', routes: [] };
  if (projectWideLimit(objects)) return { verdict: 'enforced', routes: [] };
  const services = objects.ofKind('Service').filter((service) => workloadsBehind(objects, service).some((workload) => workload.element === component.id));
  const names = new Set(services.map((service) => `${service.namespace}/${service.name}`));
  const ingresses = objects.ofKind('Ingress').filter((ingress) => ingressServices(ingress).some((name) => names.has(`${ingress.namespace}/${name}`)));
  let verdict: Verdict = 'not-enforced';
  for (const object of [...services, ...ingresses]) {
    const found = annotationVerdict(objects, object);
    if (found === 'enforced') return { verdict: found, routes: [] };
    if (found === 'unknown') verdict = found;
  }
  return { verdict, routes: ingresses.map((ingress) => ingress.location) };
}

/** A gateway service of the compose project: enforcing when its readable mounted configuration mentions a limit; unknown when some of it cannot be read. */
function composeGatewayVerdict(context: RuleContext, service: ComposeService): Verdict {
  if (service.value.build !== undefined || service.value.configs !== undefined) return 'unknown';
  let verdict: Verdict = 'not-enforced';
  for (const raw of asArray(service.value.volumes)) {
    const source = asString(raw)?.split(':')[0] ?? asString(asRecord(raw)?.source);
    const path = source && /^\.{1,2}\//.test(source) ? resolveProjectPath(service.file, source) : undefined;
    const text = path === undefined ? undefined : context.readText(path);
    if (text === undefined) verdict = 'unknown'; // a directory, a named volume or a file outside the project
    else if (RATE_LIMIT_TEXT.test(text)) return 'enforced';
  }
  return verdict;
}

function composeVerdict(context: RuleContext, objects: ProjectObjects, component: Component): Verdict {
  const own = objects.index.composeServices.filter((service) => service.element === component.id);
  if (!own.length) return 'not-enforced';
  const directories = new Set(own.map((service) => directoryOf(service.file)));
  let verdict: Verdict = 'not-enforced';
  for (const service of objects.index.composeServices.filter((candidate) => directories.has(directoryOf(candidate.file)))) {
    const settings = JSON.stringify([service.value.labels, service.value.environment, service.value.command, service.value.entrypoint]);
    if (RATE_LIMIT_TEXT.test(settings)) return 'enforced';
    const image = asString(service.value.image) ?? '';
    if (GATEWAY_IMAGE.test(image) || service.component?.kind === 'gateway') {
      const found = composeGatewayVerdict(context, service);
      if (found === 'enforced') return found;
      if (found === 'unknown') verdict = found;
    }
  }
  return verdict;
}

/** Exposed: internet-facing itself, or behind an internet-facing gateway. */
function exposed(index: ModelIndex, component: Component): boolean {
  if (component.internetFacing) return true;
  return (index.incoming.get(component.id) ?? []).some((flow) => {
    const from = index.byId.get(flow.from);
    return !!from && isGateway(from) && from.internetFacing === true;
  });
}

export const rateLimitDeclaredNotEnforced: Rule = {
  id: 'x.rate-limit-declared-not-enforced',
  title: 'Spec declares rate limiting that no infrastructure enforces',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 770,
  owaspApi: 'API4:2023',
  rationale: 'The spec answers 429 or returns RateLimit headers, so clients and reviewers believe requests are throttled. The project deploys and '
    + 'exposes the service, yet no Ingress annotation (ingress-nginx limit-rps / limit-connections, nginx.org limit-req), Traefik ratelimit '
    + 'middleware, Kong rate-limiting plugin, gateway configuration or mesh policy limits it, and its environment configures no limit either. '
    + 'Unless the application enforces the limit itself, the contract promises a protection nobody provides and a single client can exhaust the '
    + 'service. Spectral only sees the spec; kube-linter and Checkov only see the manifests.',
  remediation: 'Enforce the limit where the spec says it exists: an Ingress annotation (`nginx.ingress.kubernetes.io/limit-rps`), a Traefik '
    + '`rateLimit` middleware, a Kong `rate-limiting` plugin or a mesh policy in front of the service. If the application limits requests '
    + 'itself, record that as a risk decision with the justification.',
  references: [REF.api4, REF.status429, REF.rateLimitHeaders, REF.nginxRateLimit, REF.traefikRateLimit, REF.kongRateLimit, REF.cwe(770)],
  check(context) {
    const index = indexModel(context.model);
    const served = new Map<string, Endpoint[]>();
    for (const [endpoint, by] of exposureOf(index).servedBy) for (const id of by.components) served.set(id, [...(served.get(id) ?? []), endpoint]);
    const hits: RuleHit[] = [];
    let objects: ProjectObjects | undefined;
    for (const [id, endpoints] of served) {
      const component = index.byId.get(id);
      const declared = declaredLimits(endpoints);
      if (!component || !declared.length || !exposed(index, component)) continue;
      const origins = component.origins ?? [];
      if (!origins.includes('kubernetes') && !origins.includes('compose')) continue; // no infrastructure for it: nothing to judge
      if ((component.env ?? []).some((variable) => RATE_LIMIT_TEXT.test(variable.name))) continue; // the application is configured to limit
      objects ??= projectObjects(context);
      const kubernetes = kubernetesVerdict(objects, component);
      const compose = composeVerdict(context, objects, component);
      if (kubernetes.verdict !== 'not-enforced' || compose !== 'not-enforced') continue;
      const workspace = SpecWorkspace.of(context);
      const first = declared[0];
      const specs = [...new Set(declared.map((entry) => entry.endpoint.source.file))];
      hits.push({
        message: `${first.endpoint.id}${declared.length > 1 ? ` and ${declared.length - 1} more operation${declared.length > 2 ? 's' : ''}` : ''} of ${component.id} `
          + `declare${declared.length > 1 ? '' : 's'} ${first.what === '429' ? '429 Too Many Requests' : 'RateLimit headers'} (${specs.join(', ')}), but nothing in the project's `
          + `infrastructure limits requests to ${component.id}: no rate-limit annotation on its ${origins.includes('kubernetes') ? 'Ingress or Service' : 'compose service'}, `
          + 'no rate-limiting middleware, plugin, gateway configuration or mesh policy, and no rate-limit setting in its environment.',
        location: workspace.locationIn(first.endpoint, 'responses', first.what),
        element: component.id,
        key: specs[0],
        related: [
          { ...component.source, message: `${component.id} (${origins.filter((origin) => origin === 'kubernetes' || origin === 'compose').join(', ')})` },
          ...kubernetes.routes.map((location) => ({ ...location, message: 'Ingress routing to it, without a rate limit' })),
        ],
        ...(declared.some((entry) => isAuthFlow(entry.endpoint)) ? { severity: 'medium' as const } : {}),
        evidence: declared.slice(0, 5).map((entry) => `${elementOfEndpoint(entry.endpoint)}: ${entry.what}`).join('; '),
      });
    }
    return hits;
  },
};
