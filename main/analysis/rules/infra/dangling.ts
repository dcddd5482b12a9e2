/**
 * Kubernetes references that lead nowhere: a Service whose selector matches no pods, an Ingress
 * backend naming a missing Service or port, a StatefulSet without its governing headless Service.
 */
import { asArray, asNumber, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeObject, infraIndex, selects, type K8sObject, type Path } from './manifests.js';

export const serviceSelectorNoMatch: Rule = {
  id: 'infra.service-selector-no-match',
  title: 'Service selects no pods',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 665,
  rationale: 'A Service whose selector matches no pod template has no endpoints: every request to it fails, usually because a label was '
    + 'renamed on one side only.',
  remediation: 'Make `spec.selector` match the pod template labels (`spec.template.metadata.labels`) of the workload behind the Service.',
  references: [DOCS.service],
  check(context) {
    const index = infraIndex(context);
    const namespaces = new Set(index.workloads.map((workload) => workload.namespace));
    return oncePerElement(index.objects.filter((object) => object.kind === 'Service' && namespaces.has(object.namespace)).map((service): RuleHit | undefined => {
      const spec = asRecord(service.value.spec) ?? {};
      const selector = asRecord(spec.selector);
      if (!selector || !Object.keys(selector).length || spec.type === 'ExternalName') return undefined;
      if (index.workloads.some((workload) => workload.namespace === service.namespace && selects(selector, workload.podLabels, true))) return undefined;
      const labels = Object.entries(selector).map(([key, value]) => `${key}=${String(value)}`).join(', ');
      return {
        message: `${describeObject(service)} selects pods labelled ${labels}, and no workload in namespace ${service.namespace} has them: the Service has no endpoints.`,
        location: service.at(['spec', 'selector']),
        element: service.element,
      };
    }));
  },
};

export const ingressServiceMissing: Rule = {
  id: 'infra.ingress-service-missing',
  title: 'Ingress routes to a missing Service or port',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 665,
  rationale: 'An Ingress backend that names a Service (or a Service port) that does not exist answers every request on that route with '
    + 'an error from the ingress controller.',
  remediation: 'Point the backend at an existing Service in the Ingress\'s namespace and at one of its ports (by number or name).',
  references: [DOCS.ingress, DOCS.service],
  check(context) {
    const index = infraIndex(context);
    const services = index.unique('Service');
    return oncePerElement(index.objects.filter((object) => object.kind === 'Ingress').flatMap((ingress) => backendsOf(ingress).map((backend): RuleHit | undefined => {
      const service = services.find((candidate) => candidate.namespace === ingress.namespace && candidate.name === backend.service);
      const key = `${backend.service}:${backend.port ?? ''}`;
      if (!service) {
        if (!services.some((candidate) => candidate.namespace === ingress.namespace)) return undefined; // Services not in the project
        return {
          message: `${describeObject(ingress)} routes ${backend.route} to Service ${backend.service}, which no manifest defines in namespace ${ingress.namespace}.`,
          location: ingress.at(backend.path), element: ingress.element, key,
        };
      }
      if (backend.port === undefined) return undefined;
      const ports = asArray(asRecord(service.value.spec)?.ports).map((port) => asRecord(port) ?? {});
      const matches = ports.some((port) => (typeof backend.port === 'number' ? asNumber(port.port) === backend.port : port.name === backend.port));
      if (matches) return undefined;
      return {
        message: `${describeObject(ingress)} routes ${backend.route} to port ${backend.port} of Service ${backend.service}, which has no such port `
          + `(it has ${ports.map((port) => String(port.name ?? port.port)).join(', ') || 'none'}).`,
        location: ingress.at(backend.path), element: ingress.element, key,
        related: [{ ...service.location, message: describeObject(service) }],
      };
    })));
  },
};

export const statefulSetServiceName: Rule = {
  id: 'infra.statefulset-service-name',
  title: 'StatefulSet has no governing headless Service',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 665,
  rationale: 'A StatefulSet gives its pods stable DNS names (`pod-0.<service>`) through the headless Service named in `serviceName`. Without '
    + 'it, or when that Service is missing or has a cluster IP, peers cannot address each other by name and clustered datastores fail to form.',
  remediation: 'Set `spec.serviceName` to a Service with `clusterIP: None` that selects the StatefulSet\'s pods.',
  references: [DOCS.statefulSet, 'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services'],
  check(context) {
    const index = infraIndex(context);
    const services = index.unique('Service');
    return oncePerElement(index.workloads.filter((workload) => workload.kind === 'StatefulSet').map((statefulSet): RuleHit | undefined => {
      const serviceName = asString(asRecord(statefulSet.value.spec)?.serviceName);
      if (!serviceName) {
        return {
          message: `StatefulSet ${statefulSet.name} has no serviceName: its pods get no stable network identity.`,
          location: statefulSet.at(['spec']), element: statefulSet.element,
        };
      }
      if (!services.some((service) => service.namespace === statefulSet.namespace)) return undefined; // Services not in the project
      const service = services.find((candidate) => candidate.namespace === statefulSet.namespace && candidate.name === serviceName);
      const headless = asString(asRecord(service?.value.spec)?.clusterIP) === 'None';
      if (service && headless) return undefined;
      return {
        message: service
          ? `StatefulSet ${statefulSet.name} is governed by Service ${serviceName}, which is not headless (clusterIP: None): pods get no per-pod DNS names.`
          : `StatefulSet ${statefulSet.name} names serviceName ${serviceName}, which no manifest defines in namespace ${statefulSet.namespace}.`,
        location: statefulSet.at(['spec', 'serviceName']),
        element: statefulSet.element,
        ...(service ? { related: [{ ...service.location, message: describeObject(service) }] } : {}),
      };
    }));
  },
};

interface Backend { service: string; port?: number | string; path: Path; route: string }

/** Every backend of an Ingress (networking.k8s.io/v1 and the older serviceName / servicePort form), with its path in the object. */
function backendsOf(ingress: K8sObject): Backend[] {
  const spec = asRecord(ingress.value.spec) ?? {};
  const out: Backend[] = [];
  const read = (backend: unknown, path: Path, route: string) => {
    const record = asRecord(backend);
    if (!record) return;
    const service = asRecord(record.service);
    const name = asString(service?.name) ?? asString(record.serviceName);
    if (!name) return;
    const port = asRecord(service?.port);
    const value = port ? asNumber(port.number) ?? asString(port.name) : asNumber(record.servicePort) ?? asString(record.servicePort);
    out.push({ service: name, port: value, path: service ? [...path, 'service', 'name'] : [...path, 'serviceName'], route });
  };
  if (spec.defaultBackend) read(spec.defaultBackend, ['spec', 'defaultBackend'], 'its default backend');
  if (spec.backend) read(spec.backend, ['spec', 'backend'], 'its default backend');
  asArray(spec.rules).forEach((rule, ruleIndex) => {
    const host = asString(asRecord(rule)?.host);
    asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((entry, pathIndex) => {
      const path = asString(asRecord(entry)?.path) ?? '/';
      read(asRecord(entry)?.backend, ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'backend'], `${host ?? '*'}${path}`);
    });
  });
  return out;
}
