/**
 * Cross-file wiring for the merge: Kubernetes Services to the workloads their selectors match,
 * Ingress -> Service -> workload flows from the internet, LoadBalancer / NodePort exposure,
 * NetworkPolicies, PDBs and HPAs attached to their workloads, and host references (env values,
 * command arguments) resolved to components through Service names or component names.
 */
import type { Component, Flow, FlowProtocol, TrustBoundary } from '../../shared/model/model.js';
import { compact, newComponent, newFlow } from './elements.js';
import { isSynchronous, protocolFromPort, protocolFromPortName, protocolFromScheme, protocolFromTarget } from './hosts.js';
import type { FileContribution, HostReference, KubernetesServiceFact } from './types.js';

export interface WiringState {
  components: Map<string, Component>;
  flows: Flow[];
  boundaries: Map<string, TrustBoundary>;
}

interface ServiceIndex {
  byKey: Map<string, KubernetesServiceFact>;
  byName: Map<string, KubernetesServiceFact[]>;
  targets: Map<KubernetesServiceFact, string[]>;
}

/** Wire Kubernetes objects across files and resolve host references; adds flows and facts to `state`. */
export function wireContributions(contributions: FileContribution[], state: WiringState): void {
  const services = indexServices(contributions);
  for (const [service, targets] of services.targets) {
    for (const id of targets) {
      const component = state.components.get(id);
      if (!component) continue;
      const properties = (component.properties ??= {});
      const list = (properties.k8sServices as unknown[] | undefined) ?? [];
      if (!list.some((entry) => (entry as { name: string }).name === service.name)) list.push({ name: service.name, type: service.type, ports: service.ports });
      properties.k8sServices = list;
      if (service.type === 'LoadBalancer' || service.type === 'NodePort') expose(component, `service:${service.name}`);
    }
  }
  for (const contribution of contributions) {
    for (const ingress of contribution.kubernetes?.ingresses ?? []) {
      for (const backend of ingress.backends) {
        const service = services.byKey.get(`${ingress.namespace}/${backend.service}`);
        if (!service) continue;
        for (const id of services.targets.get(service) ?? []) {
          const component = state.components.get(id);
          if (!component) continue;
          expose(component, `ingress:${ingress.name}`);
          const internet = internetComponent(state, ingress.source);
          const port = typeof backend.port === 'number' ? backend.port : undefined;
          state.flows.push(newFlow(internet.id, id, ingress.tls ? 'https' : 'http', `ingress:${ingress.name}`, ingress.source, compact({
            port, encrypted: ingress.tls, sync: true, properties: compact({ hosts: ingress.hosts.length ? ingress.hosts : undefined, path: backend.path }),
          })));
        }
      }
    }
    for (const policy of contribution.kubernetes?.policies ?? []) {
      const workloads = policy.target
        ? [policy.target.name]
        : workloadsMatching(contributions, policy.namespace, policy.selector ?? {}, true);
      for (const id of workloads) {
        const component = state.components.get(id);
        if (!component) continue;
        const properties = (component.properties ??= {});
        if (policy.kind === 'HorizontalPodAutoscaler') properties.autoscaler = { name: policy.name, ...policy.summary };
        else if (policy.kind === 'PodDisruptionBudget') properties.podDisruptionBudget = { name: policy.name, ...policy.summary };
        else properties.networkPolicies = [...((properties.networkPolicies as unknown[]) ?? []), { name: policy.name, ...policy.summary }];
      }
    }
  }
  const byName = new Map<string, string[]>();
  for (const component of state.components.values()) {
    for (const key of new Set([component.id.toLowerCase(), component.name.toLowerCase()])) byName.set(key, [...(byName.get(key) ?? []), component.id]);
  }
  for (const contribution of contributions) {
    for (const reference of contribution.references) resolveReference(reference, services, byName, state);
  }
}

function indexServices(contributions: FileContribution[]): ServiceIndex {
  const byKey = new Map<string, KubernetesServiceFact>();
  const byName = new Map<string, KubernetesServiceFact[]>();
  for (const contribution of contributions) {
    for (const service of contribution.kubernetes?.services ?? []) {
      const key = `${service.namespace}/${service.name}`;
      if (byKey.has(key)) continue; // the same Service in a second file (per-service manifests and a release bundle)
      byKey.set(key, service);
      byName.set(service.name, [...(byName.get(service.name) ?? []), service]);
    }
  }
  const targets = new Map<KubernetesServiceFact, string[]>();
  for (const service of byKey.values()) {
    targets.set(service, service.selector && Object.keys(service.selector).length ? workloadsMatching(contributions, service.namespace, service.selector, false) : []);
  }
  return { byKey, byName, targets };
}

/** Workloads in `namespace` whose pod labels include every selector label (an empty selector matches all only when `emptyMatchesAll`). */
function workloadsMatching(contributions: FileContribution[], namespace: string, selector: Record<string, string>, emptyMatchesAll: boolean): string[] {
  const entries = Object.entries(selector);
  if (!entries.length && !emptyMatchesAll) return [];
  const found = new Set<string>();
  for (const contribution of contributions) {
    for (const workload of contribution.kubernetes?.workloads ?? []) {
      if (workload.namespace !== namespace) continue;
      if (entries.every(([key, value]) => workload.podLabels[key] === value)) found.add(workload.id);
    }
  }
  return [...found];
}

function expose(component: Component, by: string): void {
  component.internetFacing = true;
  const properties = (component.properties ??= {});
  const exposedBy = (properties.exposedBy as string[] | undefined) ?? [];
  if (!exposedBy.includes(by)) exposedBy.push(by);
  properties.exposedBy = exposedBy;
}

function internetComponent(state: WiringState, source: Component['source']): Component {
  let internet = state.components.get('internet');
  if (!internet) {
    internet = newComponent('internet', 'external', 'kubernetes:Ingress', source, 'kubernetes', { name: 'Internet', properties: { synthetic: true } });
    state.components.set('internet', internet);
  }
  if (!state.boundaries.has('internet')) {
    state.boundaries.set('internet', { id: 'internet', name: 'Internet', kind: 'internet', components: ['internet'], source, sources: [source] });
  }
  return internet;
}

function resolveReference(reference: HostReference, services: ServiceIndex, byName: Map<string, string[]>, state: WiringState): void {
  const host = reference.host.toLowerCase().replace(/\.svc(\.cluster\.local)?$/, '');
  const [name, namespace] = host.split('.');
  let targets: string[] = [];
  let service: KubernetesServiceFact | undefined;
  const candidates = [
    services.byKey.get(`${namespace ?? reference.namespace ?? 'default'}/${name}`),
    ...(services.byName.get(name)?.length === 1 ? services.byName.get(name)! : []),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const matched = services.targets.get(candidate) ?? [];
    if (matched.length) { service = candidate; targets = matched; break; }
    if (candidate.type === 'ExternalName' && state.components.has(candidate.name)) { service = candidate; targets = [candidate.name]; break; }
  }
  if (!targets.length) {
    const named = byName.get(host) ?? byName.get(reference.host.toLowerCase());
    if (named?.length === 1) targets = named;
  }
  targets = targets.filter((target) => target !== reference.from && state.components.has(target));
  const from = state.components.get(reference.from);
  if (!from) return;
  if (!targets.length) {
    const properties = (from.properties ??= {});
    const unresolved = (properties.unresolvedHosts as unknown[] | undefined) ?? [];
    if (!unresolved.some((entry) => (entry as { host: string }).host === reference.host)) unresolved.push(compact({ host: reference.host, port: reference.port, via: reference.via }));
    properties.unresolvedHosts = unresolved;
    return;
  }
  for (const target of targets) {
    const component = state.components.get(target)!;
    const scheme = protocolFromScheme(reference.scheme);
    const servicePort = service?.ports.find((port) => port.port === reference.port) ?? (service?.ports.length === 1 ? service.ports[0] : undefined);
    const protocol: FlowProtocol = scheme?.protocol ?? protocolFromPortName(servicePort?.name) ?? protocolFromPort(reference.port)
      ?? protocolFromTarget(component.kind, component.kindReason) ?? (reference.port ? 'tcp' : 'unknown');
    state.flows.push(newFlow(reference.from, target, protocol, reference.via, reference.source, compact({
      port: reference.port, encrypted: scheme?.encrypted, sync: isSynchronous(protocol, component.kind),
      properties: service ? { viaService: service.name } : undefined,
    })));
  }
}
