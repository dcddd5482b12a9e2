/**
 * Merging per-file contributions into one SystemModel. Cheap and deterministic, so an edit to one
 * file re-imports that file only and re-merges everything.
 *
 * Identity rules:
 * - A component is its id. The same id from several files (per-service manifests and a release
 *   bundle, compose and Kubernetes, Threagile and archbench.yaml) is ONE component with several
 *   `sources`; the strongest kind reason wins (archbench.yaml > Threagile / Threat Dragon / OTM >
 *   Kubernetes / compose facts such as Job > image > name > port > default).
 * - Compose projects are directories. Compose files in the same directory (docker-compose.yml,
 *   docker-compose-tls.yml, -swarm, -sharding) are variants of one project: their services merge
 *   by name and their networks are shared boundaries. Compose files in different directories are
 *   different projects: service ids stay the plain service names unless the same name appears in
 *   two projects; then every project's copy is prefixed with its directory
 *   (`mediaMicroservices/user-service`, `socialNetwork/user-service`), keeping the plain name as the
 *   display name. Renaming happens only for colliding names, so ids do not change when an unrelated
 *   project is added, unless that project reuses a name. Kubernetes workloads and other artifacts
 *   are not scoped: a workload named like a compose service is that service.
 * - Flows are deduplicated by (from, to, protocol), unioning `inferredFrom` and `sources`; a flow
 *   whose protocol is unknown folds into a flow of the same pair with a known protocol. A flow id is
 *   `from->to`, or `from->to:protocol` when one pair has flows of several protocols.
 */
import { posix } from 'node:path';
import type { Component, DataAsset, Endpoint, Flow, SourceLocation, SystemModel, TrustBoundary } from '../../shared/model/model.js';
import { emptyModel } from '../../shared/model/model.js';
import { declaredThreatsOf } from './declared-threats.js';
import { compact, newComponent, slug } from './elements.js';
import { isPublicHost } from './hosts.js';
import { kindReasonRank, telemetryReason } from './kinds.js';
import { applyOverlayElements, applyOverlayFlows, completeAnnotation, isAnnotationOnly } from './overlay.js';
import type { ArchbenchOverlay } from './overlay-types.js';
import type { FileContribution } from './types.js';
import { wireContributions } from './wiring.js';

/** One model from every file's contribution. Never mutates its input. */
export function mergeContributions(contributions: FileContribution[]): SystemModel {
  const ordered = [...contributions].sort((a, b) => byId({ id: a.file }, { id: b.file }));
  const scoped = scopeComposeProjects(ordered);
  const model = emptyModel();
  const components = new Map<string, Component>();
  const boundaries = new Map<string, TrustBoundary>();
  const dataAssets = new Map<string, DataAsset>();
  const flows: Flow[] = [];
  const endpoints: Endpoint[] = [];
  const overlays: ArchbenchOverlay[] = [];
  const specOf = new Map<Endpoint, FileContribution>();
  for (const contribution of scoped) {
    for (const component of contribution.components) mergeComponent(components, component);
    for (const boundary of contribution.trustBoundaries) mergeBoundary(boundaries, boundary);
    for (const asset of contribution.dataAssets) {
      const existing = dataAssets.get(asset.id);
      dataAssets.set(asset.id, existing ? { ...asset, ...existing, storedIn: union(existing.storedIn, asset.storedIn), processedBy: union(existing.processedBy, asset.processedBy) } : { ...asset });
    }
    flows.push(...contribution.flows.map((flow) => ({ ...flow, inferredFrom: [...flow.inferredFrom], sources: [...(flow.sources ?? [flow.source])] })));
    for (const endpoint of contribution.endpoints) {
      const copy = { ...endpoint };
      endpoints.push(copy);
      specOf.set(copy, contribution);
    }
    model.diagnostics.push(...contribution.diagnostics);
    if (contribution.overlay) overlays.push(contribution.overlay);
    if (contribution.project && !model.project) model.project = { ...contribution.project };
  }
  const state = { components, flows, boundaries, dataAssets, model };
  wireContributions(scoped, state);
  for (const overlay of overlays) applyOverlayElements(overlay, state);
  attachEndpoints(endpoints, specOf, components, overlays);
  inferApiServices(endpoints, specOf, components);
  upgradeGrpcFlows(flows, endpoints);
  markTelemetryFlows(flows, components);
  for (const overlay of overlays) applyOverlayFlows(overlay, state);

  model.flows = finalizeFlows(flows, components, model.diagnostics);
  model.trustBoundaries = finalizeBoundaries(boundaries, components);
  model.components = [...components.values()].sort(byId);
  model.endpoints = endpoints;
  model.dataAssets = [...dataAssets.values()];
  const kubernetesObjects = scoped.flatMap((contribution) => contribution.kubernetes?.objects ?? []);
  if (kubernetesObjects.length) model.kubernetesObjects = kubernetesObjects;
  recordGrpcClients(model);
  return model;
}

/** Copies of compose contributions with colliding service ids prefixed by their project directory. */
function scopeComposeProjects(contributions: FileContribution[]): FileContribution[] {
  const projectsOf = new Map<string, Set<string>>();
  for (const contribution of contributions) {
    if (contribution.composeProject === undefined) continue;
    for (const component of contribution.components) {
      const projects = projectsOf.get(component.id) ?? new Set<string>();
      projects.add(contribution.composeProject);
      projectsOf.set(component.id, projects);
    }
  }
  const colliding = new Set([...projectsOf].filter(([, projects]) => projects.size > 1).map(([id]) => id));
  if (!colliding.size) return contributions;
  return contributions.map((contribution) => {
    if (contribution.composeProject === undefined) return contribution;
    const prefix = contribution.composeProject || '.';
    const rename = (id: string) => (colliding.has(id) && contribution.components.some((component) => component.id === id) ? `${prefix}/${id}` : id);
    return {
      ...contribution,
      components: contribution.components.map((component) => ({ ...component, id: rename(component.id), name: component.name })),
      flows: contribution.flows.map((flow) => ({ ...flow, from: rename(flow.from), to: rename(flow.to) })),
      trustBoundaries: contribution.trustBoundaries.map((boundary) => ({ ...boundary, components: boundary.components.map(rename) })),
      references: contribution.references.map((reference) => ({ ...reference, from: rename(reference.from) })),
    };
  });
}

function mergeComponent(components: Map<string, Component>, incoming: Component): void {
  const existing = components.get(incoming.id);
  if (!existing) {
    components.set(incoming.id, compact({
      ...incoming,
      sources: [...incoming.sources],
      ports: incoming.ports && [...incoming.ports],
      env: incoming.env && [...incoming.env],
      probes: incoming.probes && { ...incoming.probes },
      boundaries: incoming.boundaries && [...incoming.boundaries],
      properties: incoming.properties && { ...incoming.properties },
      origins: incoming.origins && [...incoming.origins],
    }));
    return;
  }
  for (const source of incoming.sources) {
    if (!existing.sources.some((known) => known.file === source.file && known.line === source.line)) existing.sources.push(source);
  }
  if (kindReasonRank(incoming.kindReason) > kindReasonRank(existing.kindReason)) {
    existing.kind = incoming.kind;
    existing.kindReason = incoming.kindReason;
  }
  if (existing.name === existing.id && incoming.name !== incoming.id) existing.name = incoming.name;
  existing.image ??= incoming.image;
  existing.replicas ??= incoming.replicas;
  existing.criticality ??= incoming.criticality;
  existing.dataClassification ??= incoming.dataClassification;
  if (incoming.internetFacing) existing.internetFacing = true;
  if (incoming.ports) {
    const ports = existing.ports ?? [];
    for (const port of incoming.ports) {
      if (!ports.some((known) => known.containerPort === port.containerPort && known.publishedPort === port.publishedPort && known.protocol === port.protocol)) ports.push(port);
    }
    existing.ports = ports;
  }
  if (incoming.env) {
    const env = existing.env ?? [];
    for (const variable of incoming.env) {
      if (!env.some((known) => known.name === variable.name && known.value === variable.value)) env.push(variable);
    }
    existing.env = env;
  }
  if (incoming.probes) existing.probes = { ...incoming.probes, ...existing.probes };
  if (incoming.boundaries) existing.boundaries = union(existing.boundaries, incoming.boundaries);
  if (incoming.properties) existing.properties = mergeProperties(existing.properties, incoming.properties);
  if (incoming.origins) existing.origins = union(existing.origins, incoming.origins);
}

/**
 * Properties of an element several files describe: the first file's value wins, but the threats threat models declare
 * add up (two Threat Dragon models that both draw a "Database" keep both lists); a threat both list (the same model
 * saved in v1 and v2) counts once.
 */
function mergeProperties(existing: Record<string, unknown> | undefined, incoming: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...incoming, ...existing };
  const declared = [...declaredThreatsOf(existing), ...declaredThreatsOf(incoming)];
  if (declared.length) {
    const seen = new Set<string>();
    merged.declaredThreats = declared.filter((threat) => {
      const key = `${threat.stride}\u0000${threat.title.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return merged;
}

function mergeBoundary(boundaries: Map<string, TrustBoundary>, incoming: TrustBoundary): void {
  const existing = boundaries.get(incoming.id);
  if (!existing) {
    boundaries.set(incoming.id, compact({
      ...incoming, components: [...incoming.components], children: incoming.children && [...incoming.children],
      sources: [...(incoming.sources ?? (incoming.source ? [incoming.source] : []))], properties: incoming.properties && { ...incoming.properties },
    }));
    return;
  }
  existing.components = union(existing.components, incoming.components)!;
  if (incoming.children) existing.children = union(existing.children, incoming.children);
  for (const source of incoming.sources ?? (incoming.source ? [incoming.source] : [])) {
    if (!existing.sources?.some((known) => known.file === source.file && known.line === source.line)) existing.sources = [...(existing.sources ?? []), source];
  }
  if (incoming.properties) existing.properties = { ...incoming.properties, ...existing.properties };
}

/** Give each endpoint its component: archbench.yaml `apis`, `x-archbench-component`, gRPC service name, spec title or server host. */
function attachEndpoints(endpoints: Endpoint[], specOf: Map<Endpoint, FileContribution>, components: Map<string, Component>, overlays: ArchbenchOverlay[]): void {
  const apis = overlays.flatMap((overlay) => overlay.apis.map((api) => ({ ...api, pattern: globToRegExp(api.spec) })));
  const normalized = new Map<string, string[]>();
  for (const component of components.values()) {
    for (const key of new Set([normalize(component.id), normalize(component.name), normalize(component.id.split('/').pop()!)])) {
      normalized.set(key, union(normalized.get(key), [component.id])!);
    }
  }
  const unique = (name: string) => {
    const words = /\b(api|service|server|rest|http|grpc|graphql)\b/gi;
    for (const key of [normalize(name), normalize(name.replace(words, '')), normalize(name).replace(/(service|server|api)$/, '')]) {
      if (key && normalized.get(key)?.length === 1) return normalized.get(key)![0];
    }
    return undefined;
  };
  for (const endpoint of endpoints) {
    const spec = specOf.get(endpoint);
    const file = spec?.file ?? endpoint.source.file;
    const mapped = apis.find((api) => api.pattern.test(file));
    if (mapped) { endpoint.component = mapped.component; continue; }
    if (endpoint.component) continue;
    if (endpoint.protocol === 'grpc') {
      endpoint.component = unique(String(endpoint.properties?.service ?? ''));
      continue;
    }
    const facts = spec?.api;
    if (facts?.component) { endpoint.component = facts.component; continue; }
    const byTitle = facts?.title ? unique(facts.title) : undefined;
    const byHost = facts?.hosts.map((host) => unique(host.split('.')[0])).find(Boolean);
    endpoint.component = byTitle ?? byHost;
  }
  for (const endpoint of endpoints) if (endpoint.component === undefined) delete endpoint.component;
}

/**
 * A project whose only artifacts are API descriptions (an OpenAPI file, a GraphQL schema, protos) still describes running
 * services: each spec's operations are served by one, and it is internet-facing when a server URL has a public host.
 * Without them the diagram, the threat model and the attack paths of such a project would be empty. Only when no file
 * deploys or declares any component: otherwise a spec belongs to one of those (archbench.yaml `apis` says which when
 * the title and hosts do not), and a service made up next to them would be a duplicate. The one exception is
 * archbench.yaml annotating the inferred service itself (same id, as the workbench's Design mode writes it): the
 * annotation adds to what the spec says instead of replacing it.
 */
function inferApiServices(endpoints: Endpoint[], specOf: Map<Endpoint, FileContribution>, components: Map<string, Component>): void {
  // Components archbench.yaml names without a kind may annotate an inferred service; any other component stops the inference.
  if (![...components.values()].every(isAnnotationOnly)) return;
  const create = components.size === 0;
  const groups = new Map<string, { name: string; origin: string; source: SourceLocation; hosts: string[]; endpoints: Endpoint[] }>();
  for (const endpoint of endpoints) {
    const spec = specOf.get(endpoint);
    const file = spec?.file ?? endpoint.source.file;
    const service = endpoint.protocol === 'grpc' ? String(endpoint.properties?.service ?? '') : '';
    const key = service ? `grpc\u0000${service}` : `file\u0000${file}`;
    let group = groups.get(key);
    if (!group) {
      const base = posix.basename(file);
      const name = service || (endpoint.protocol === 'graphql' ? `GraphQL API (${base})` : spec?.api?.title?.trim() || `API (${base})`);
      group = { name, origin: spec?.kind ?? endpoint.protocol, source: spec?.api?.source ?? endpoint.source, hosts: spec?.api?.hosts ?? [], endpoints: [] };
      groups.set(key, group);
    }
    group.endpoints.push(endpoint);
  }
  for (const group of [...groups.values()].sort((a, b) => a.source.file.localeCompare(b.source.file) || a.name.localeCompare(b.name))) {
    const base = slug(group.name.replace(/\([^)]*\)/g, ''));
    const publicHosts = group.hosts.filter(isPublicHost);
    const service = (id: string) => newComponent(id, 'service', `${group.origin}:spec`, group.source, group.origin, compact({
      name: group.name, internetFacing: publicHosts.length ? true : undefined,
      properties: compact({ inferredFrom: `the ${group.origin === 'openapi' ? 'OpenAPI' : group.origin === 'graphql' ? 'GraphQL' : 'proto'} description (no file deploys it)`, servers: publicHosts.length ? publicHosts : undefined, exposedBy: publicHosts.length ? publicHosts.map((host) => `public server ${host} in the spec's servers`) : undefined }),
    }));
    const annotated = components.get(base);
    if (annotated && group.endpoints.every((endpoint) => endpoint.component === base)) {
      completeAnnotation(annotated, service(base));
      continue;
    }
    if (!create) continue;
    let id = base;
    for (let n = 2; components.has(id); n++) id = `${base}-${n}`;
    components.set(id, service(id));
    for (const endpoint of group.endpoints) endpoint.component = id;
  }
}

/** Flows into a component that serves gRPC endpoints speak gRPC when nothing more specific was found. */
function upgradeGrpcFlows(flows: Flow[], endpoints: Endpoint[]): void {
  const grpcServers = new Set(endpoints.filter((endpoint) => endpoint.protocol === 'grpc' && endpoint.component).map((endpoint) => endpoint.component!));
  for (const flow of flows) {
    if (grpcServers.has(flow.to) && (flow.protocol === 'tcp' || flow.protocol === 'unknown')) {
      flow.protocol = 'grpc';
      flow.sync = true;
    }
  }
}

/**
 * Flows into a tracing or log pipeline are asynchronous: exporters batch spans and logs in the background and
 * drop them when the pipeline is down, so the caller's requests neither wait for it nor fail with it (a
 * `depends_on: jaeger-agent` orders start-up; it is not a call on the request path). archbench.yaml's
 * `sync: true` on the flow says otherwise.
 */
function markTelemetryFlows(flows: Flow[], components: Map<string, Component>): void {
  const reasons = new Map<string, string | undefined>();
  for (const flow of flows) {
    if (!reasons.has(flow.to)) {
      const target = components.get(flow.to);
      reasons.set(flow.to, target ? telemetryReason(target) : undefined);
    }
    const reason = reasons.get(flow.to);
    if (!reason) continue;
    flow.sync = false;
    flow.properties = { ...flow.properties, asyncBecause: `${flow.to} is a telemetry pipeline (${reason}): exports are buffered in the background, requests do not wait for it` };
  }
}

function finalizeFlows(flows: Flow[], components: Map<string, Component>, diagnostics: SystemModel['diagnostics']): Flow[] {
  const byPair = new Map<string, Flow[]>();
  for (const flow of flows) {
    if (flow.from === flow.to) continue;
    if (!components.has(flow.from) || !components.has(flow.to)) {
      const missing = components.has(flow.from) ? flow.to : flow.from;
      diagnostics.push({ file: flow.source.file, line: flow.source.line, column: flow.source.column, severity: 'warning', code: 'model.dangling-flow', message: `Flow ${flow.from} -> ${flow.to} names ${missing}, which no file describes; flow dropped.` });
      continue;
    }
    const key = `${flow.from}\u0000${flow.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), flow]);
  }
  const out: Flow[] = [];
  for (const pair of byPair.values()) {
    const known = pair.find((flow) => flow.protocol !== 'unknown');
    const merged = new Map<string, Flow>();
    for (const flow of pair) {
      const protocol = flow.protocol === 'unknown' && known ? known.protocol : flow.protocol;
      const existing = merged.get(protocol);
      if (!existing) { merged.set(protocol, { ...flow, protocol }); continue; }
      existing.inferredFrom = union(existing.inferredFrom, flow.inferredFrom)!;
      for (const source of flow.sources ?? [flow.source]) {
        if (!existing.sources!.some((seen) => seen.file === source.file && seen.line === source.line)) existing.sources!.push(source);
      }
      for (const key of ['port', 'authentication', 'encrypted', 'timeoutMs', 'retries', 'circuitBreaker', 'dataClassification', 'sync'] as const) {
        if (existing[key] === undefined && flow[key] !== undefined) (existing as unknown as Record<string, unknown>)[key] = flow[key];
      }
      if (flow.properties) existing.properties = mergeProperties(existing.properties, flow.properties);
    }
    const several = merged.size > 1;
    for (const flow of merged.values()) {
      flow.id = several ? `${flow.from}->${flow.to}:${flow.protocol}` : `${flow.from}->${flow.to}`;
      out.push(flow);
    }
  }
  return out.sort(byId);
}

/**
 * Boundaries sorted, and each component's `boundaries` listing every boundary it is in, nested
 * ones included through their parents, outermost first (innermost last).
 */
function finalizeBoundaries(boundaries: Map<string, TrustBoundary>, components: Map<string, Component>): TrustBoundary[] {
  const depth = new Map<string, number>();
  const parents = new Map<string, string>();
  for (const boundary of boundaries.values()) for (const child of boundary.children ?? []) if (boundaries.has(child)) parents.set(child, boundary.id);
  const ancestors = (id: string): string[] => {
    const chain: string[] = [];
    for (let current = parents.get(id); current && chain.length < 64 && !chain.includes(current); current = parents.get(current)) chain.push(current);
    return chain;
  };
  for (const id of boundaries.keys()) depth.set(id, ancestors(id).length);
  for (const boundary of boundaries.values()) {
    boundary.components = boundary.components.filter((id) => components.has(id));
    for (const id of boundary.components) {
      const component = components.get(id)!;
      component.boundaries = union(component.boundaries, [boundary.id, ...ancestors(boundary.id)]);
    }
    if (!boundary.source && boundary.sources?.length) boundary.source = boundary.sources[0];
  }
  for (const component of components.values()) {
    if (component.boundaries) component.boundaries.sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0));
  }
  nameCollidingNetworks(boundaries);
  return [...boundaries.values()].sort(byId);
}

/**
 * Compose networks of several projects share names (every project has its `default`): such a network is named
 * with its project directory (`socialNetwork/default`), as its id already is, so the diagram's boxes and the
 * findings that name it can be told apart.
 */
function nameCollidingNetworks(boundaries: Map<string, TrustBoundary>): void {
  const byName = new Map<string, TrustBoundary[]>();
  for (const boundary of boundaries.values()) byName.set(boundary.name, [...(byName.get(boundary.name) ?? []), boundary]);
  for (const [name, group] of byName) {
    if (group.length < 2) continue;
    for (const boundary of group) {
      const qualified = /^network:(.+\/[^/]+)$/.exec(boundary.id)?.[1];
      if (qualified?.endsWith(`/${name}`)) boundary.name = qualified;
    }
  }
}

/** gRPC endpoints list the components that call their server. */
function recordGrpcClients(model: SystemModel): void {
  const callers = new Map<string, string[]>();
  for (const flow of model.flows) callers.set(flow.to, union(callers.get(flow.to), [flow.from])!);
  for (const endpoint of model.endpoints) {
    if (endpoint.protocol !== 'grpc' || !endpoint.component) continue;
    const clients = callers.get(endpoint.component);
    if (clients?.length) endpoint.properties = { ...endpoint.properties, clients: [...clients].sort() };
  }
}

/** Code-point order, the same on every machine (localeCompare is not). */
function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function union<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (!a) return b && [...b];
  if (!b) return a;
  return [...new Set([...a, ...b])];
}

/** `openapi/*.yaml`, `**\/users.graphql` as a regular expression over relative paths. */
function globToRegExp(glob: string): RegExp {
  const normalized = posix.normalize(glob).replace(/^\.\//, '');
  let source = '';
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized[i];
    if (c === '*' && normalized[i + 1] === '*') { source += '.*'; i++; if (normalized[i + 1] === '/') i++; }
    else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
