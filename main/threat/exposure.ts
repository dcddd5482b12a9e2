/**
 * Where the internet gets in: the internet-side sources (the Ingress's synthetic `internet`, clients
 * and externals that live on the internet), the entry points (components exposed through a
 * LoadBalancer / NodePort Service, an Ingress, a compose port published on all interfaces, a
 * declaration, or public unauthenticated endpoints), and whether a gateway or reverse proxy stands
 * in front of each. Also which component serves endpoints the ingest could not attach to one.
 */
import type { Component, Endpoint, SourceLocation } from '../../shared/model/model.js';
import { hostOf, isPublicHost } from '../ingest/hosts.js';
import type { ModelIndex } from './model-index.js';

export interface EntryPoint {
  component: string;
  /** Human-readable reasons: `LoadBalancer Service frontend-external`, `published port 5432 on all interfaces`. */
  reasons: string[];
  /** Mechanisms that expose it with nothing in front (LoadBalancer, NodePort, published port, direct internet flow). */
  direct: string[];
  /** Reverse proxies in front of it (Ingress controllers, gateways). */
  guardedBy: string[];
  location: SourceLocation;
}

export interface Exposure {
  entryPoints: Map<string, EntryPoint>;
  /** Components on the internet side (attack sources): synthetic `internet`, internet clients and externals. */
  internetSources: Set<string>;
  /** Endpoint -> components that serve it (the ingest's attachment, or inferred) with how it was inferred. */
  servedBy: Map<Endpoint, { components: string[]; how: string }>;
  /** Component -> endpoints it serves (attached or inferred). */
  endpointsOf: Map<string, Endpoint[]>;
}

const cache = new WeakMap<ModelIndex, Exposure>();
const GATEWAY_TECHNOLOGY = /^(load-balancer|reverse-proxy|waf|gateway|api-gateway|service-mesh|ids|ips)$/;
const HEALTH_PATH = /^\/?(_?health[a-z]*|_?healthz|livez|readyz|ready|live|ping|status|metrics|version|favicon\.ico|docs?|swagger[\w.-]*|openapi[\w.-]*)?\/?$/i;

/** The exposure of a model (cached per index). */
export function exposureOf(index: ModelIndex): Exposure {
  let exposure = cache.get(index);
  if (!exposure) {
    exposure = computeExposure(index);
    cache.set(index, exposure);
  }
  return exposure;
}

/** True for components that guard what is behind them: gateways, reverse proxies, load balancers, WAFs. */
export function isGateway(component: Component | undefined): boolean {
  if (!component) return false;
  return component.kind === 'gateway' || GATEWAY_TECHNOLOGY.test(String(component.properties?.technology ?? ''));
}

/** True for health, metrics and documentation paths that are public by design. */
export function isOperationalPath(path: string): boolean {
  return HEALTH_PATH.test(path);
}

/** True when an endpoint requires authentication in every alternative. */
export function isSecured(endpoint: Endpoint): boolean {
  return endpoint.security.length > 0 && endpoint.security.every((requirement) => Object.keys(requirement).length > 0);
}

function computeExposure(index: ModelIndex): Exposure {
  const internetBoundaries = new Set(index.model.trustBoundaries
    .filter((boundary) => boundary.kind === 'internet' || /^internet$/i.test(boundary.id) || /^internet$/i.test(boundary.name))
    .map((boundary) => boundary.id));
  const internetSources = new Set<string>();
  for (const component of index.model.components) {
    const inInternet = (component.boundaries ?? []).some((boundary) => internetBoundaries.has(boundary));
    if (component.properties?.synthetic === true && component.id === 'internet') internetSources.add(component.id);
    else if ((component.kind === 'client' || component.kind === 'external') && (component.internetFacing || inInternet)) internetSources.add(component.id);
  }
  const servedBy = inferServedBy(index);
  const entryPoints = new Map<string, EntryPoint>();
  const entry = (component: Component): EntryPoint => {
    let found = entryPoints.get(component.id);
    if (!found) {
      found = { component: component.id, reasons: [], direct: [], guardedBy: [], location: component.source };
      entryPoints.set(component.id, found);
    }
    return found;
  };
  const add = (list: string[], item: string) => { if (!list.includes(item)) list.push(item); };
  for (const component of index.model.components) {
    if (internetSources.has(component.id) || component.kind === 'client' || component.kind === 'external') continue;
    const exposedBy = Array.isArray(component.properties?.exposedBy) ? component.properties!.exposedBy as string[] : [];
    const services = Array.isArray(component.properties?.k8sServices) ? component.properties!.k8sServices as Array<{ name: string; type?: string }> : [];
    for (const by of exposedBy) {
      const colon = by.indexOf(':');
      const [mechanism, name] = colon < 0 ? [by, ''] : [by.slice(0, colon), by.slice(colon + 1)];
      const point = entry(component);
      if (mechanism === 'ingress') {
        add(point.reasons, `Ingress ${name}`);
        add(point.guardedBy, `Ingress ${name} (reverse proxy)`);
      } else if (mechanism === 'service') {
        const type = services.find((service) => service.name === name)?.type ?? 'LoadBalancer';
        add(point.reasons, `${type} Service ${name}`);
        add(point.direct, `${type} Service ${name}`);
      } else if (mechanism === 'ports') {
        add(point.reasons, `published port ${name} on all interfaces`);
        add(point.direct, `published port ${name}`);
        const binding = (component.ports ?? []).find((port) => String(port.publishedPort ?? port.containerPort) === name);
        if (binding?.source) point.location = binding.source;
      } else {
        add(point.reasons, by);
        add(point.direct, by);
      }
    }
    for (const flow of index.incoming.get(component.id) ?? []) {
      if (!internetSources.has(flow.from)) continue;
      const point = entry(component);
      if (flow.from === 'internet') continue; // the Ingress flow: already recorded as the Ingress
      const source = index.byId.get(flow.from);
      add(point.reasons, `called from ${source?.name ?? flow.from} on the internet (${flow.id})`);
      if (flow.properties?.vpn === true) add(point.guardedBy, `VPN on ${flow.id}`);
      else add(point.direct, `internet flow ${flow.id}`);
    }
    if (component.internetFacing && !entryPoints.has(component.id)) {
      const point = entry(component);
      const declaredBy = component.origins?.includes('archbench') ? 'archbench.yaml' : component.origins?.includes('threagile') ? 'Threagile `internet: true`' : 'the model';
      add(point.reasons, `declared internet-facing (${declaredBy})`);
      const gatewaysInFront = (index.incoming.get(component.id) ?? []).filter((flow) => isGateway(index.byId.get(flow.from)));
      if (gatewaysInFront.length && !isGateway(component)) for (const flow of gatewaysInFront) add(point.guardedBy, `${flow.from} (gateway)`);
      else add(point.direct, 'declared internet-facing');
    }
  }
  // Public, unauthenticated endpoints on a public server make their component an entry point too.
  for (const [endpoint, served] of servedBy) {
    if (isSecured(endpoint) || isOperationalPath(endpoint.path)) continue;
    const servers = Array.isArray(endpoint.properties?.servers) ? (endpoint.properties!.servers as unknown[]).map(String) : [];
    const publicServer = servers.find((url) => /^https?:\/\//i.test(url) && isPublicHost(hostOf(url) ?? ''));
    if (!publicServer) continue;
    for (const id of served.components) {
      const component = index.byId.get(id);
      if (!component || component.kind === 'client' || component.kind === 'external') continue;
      const point = entry(component);
      add(point.reasons, `public unauthenticated endpoint ${endpoint.id} (server ${publicServer})`);
      if (!isGateway(component) && !point.guardedBy.length) add(point.direct, `public endpoint ${endpoint.id}`);
    }
  }
  const endpointsOf = new Map<string, Endpoint[]>();
  for (const [endpoint, served] of servedBy) {
    for (const id of served.components) endpointsOf.set(id, [...(endpointsOf.get(id) ?? []), endpoint]);
  }
  return { entryPoints, internetSources, servedBy, endpointsOf };
}

/**
 * Which component serves each endpoint: the ingest's attachment, else components listening on the port of
 * the spec's server URL, else the only service in the model. Several answers are kept (VAmPI's secure and
 * vulnerable variants run the same image on the same port).
 */
function inferServedBy(index: ModelIndex): Map<Endpoint, { components: string[]; how: string }> {
  const out = new Map<Endpoint, { components: string[]; how: string }>();
  const services = index.model.components.filter((component) => component.kind === 'service' || component.kind === 'gateway');
  for (const endpoint of index.model.endpoints) {
    if (endpoint.component) {
      if (index.byId.has(endpoint.component)) out.set(endpoint, { components: [endpoint.component], how: 'attached by the ingest' });
      continue;
    }
    const servers = Array.isArray(endpoint.properties?.servers) ? (endpoint.properties!.servers as unknown[]).map(String) : [];
    const ports = servers.map((url) => /^[a-z]+:\/\/[^/:]+:(\d+)/i.exec(url)?.[1]).filter((port): port is string => !!port).map(Number);
    const byPort = services.filter((component) => (component.ports ?? []).some((port) => ports.includes(port.containerPort ?? -1) || ports.includes(port.publishedPort ?? -1)));
    if (byPort.length) {
      out.set(endpoint, { components: byPort.map((component) => component.id), how: `the spec's server port ${ports.join(', ')} is a port of ${byPort.map((component) => component.id).join(' and ')}` });
    } else if (services.length === 1) {
      out.set(endpoint, { components: [services[0].id], how: `${services[0].id} is the only service in the model` });
    }
  }
  return out;
}

/** Endpoints served by a component (attached or inferred). */
export function endpointsServedBy(index: ModelIndex, component: string): Endpoint[] {
  return exposureOf(index).endpointsOf.get(component) ?? [];
}
