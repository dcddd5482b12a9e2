/**
 * One pass over the model that every system-level analysis shares: components by id, flows in and
 * out, synchronous adjacency, the trust boundaries each component sits in directly, endpoints per
 * component. Built once per model (cached on the model object, rebuilt when its element counts change)
 * so the threat model, the reliability report and the twenty system rules do not each re-index it.
 */
import type { Component, Endpoint, Flow, SystemModel, TrustBoundary } from '../../shared/model/model.js';
import { isAsyncFlow } from '../../shared/diagram/flow-style.js';

/** Threagile boundary types that are not network segments (their parent network counts). */
const NON_NETWORK_BOUNDARY_TYPES = new Set(['execution-environment']);

export interface ModelIndex {
  model: SystemModel;
  byId: Map<string, Component>;
  outgoing: Map<string, Flow[]>;
  incoming: Map<string, Flow[]>;
  /** Synchronous callees and callers (request/response flows only). */
  syncOut: Map<string, Flow[]>;
  syncIn: Map<string, Flow[]>;
  boundaryById: Map<string, TrustBoundary>;
  /** Boundary -> its parent (nesting). */
  parentOf: Map<string, string>;
  /** Component -> the network-like boundaries that list it directly (execution environments replaced by their parent). */
  direct: Map<string, string[]>;
  /** Boundary -> the components it lists directly (after the execution-environment substitution). */
  members: Map<string, string[]>;
  /** Endpoints by the component that serves them (as the ingest attached them). */
  endpointsOf: Map<string, Endpoint[]>;
  /** Pairs `from\0to` with a flow either way: "direct connection". */
  connected: Set<string>;
}

const cache = new WeakMap<SystemModel, { signature: string; index: ModelIndex }>();

/** Counts that change whenever a test or the pipeline adds elements to a model after it was indexed. */
function signatureOf(model: SystemModel): string {
  return `${model.components.length}|${model.flows.length}|${model.endpoints.length}|${model.tables.length}|${model.trustBoundaries.length}|${model.dataAssets.length}`;
}

/** The index of a model (cached). */
export function indexModel(model: SystemModel): ModelIndex {
  const signature = signatureOf(model);
  const cached = cache.get(model);
  if (cached && cached.signature === signature) return cached.index;
  const index = buildIndex(model);
  cache.set(model, { signature, index });
  return index;
}

function buildIndex(model: SystemModel): ModelIndex {
  const byId = new Map(model.components.map((component) => [component.id, component]));
  const outgoing = new Map<string, Flow[]>();
  const incoming = new Map<string, Flow[]>();
  const syncOut = new Map<string, Flow[]>();
  const syncIn = new Map<string, Flow[]>();
  const connected = new Set<string>();
  for (const flow of model.flows) {
    if (!byId.has(flow.from) || !byId.has(flow.to)) continue;
    push(outgoing, flow.from, flow);
    push(incoming, flow.to, flow);
    connected.add(`${flow.from}\u0000${flow.to}`);
    connected.add(`${flow.to}\u0000${flow.from}`);
    if (isSyncFlow(flow, byId.get(flow.to))) {
      push(syncOut, flow.from, flow);
      push(syncIn, flow.to, flow);
    }
  }
  const boundaryById = new Map(model.trustBoundaries.map((boundary) => [boundary.id, boundary]));
  const parentOf = new Map<string, string>();
  for (const boundary of model.trustBoundaries) for (const child of boundary.children ?? []) if (boundaryById.has(child)) parentOf.set(child, boundary.id);
  const direct = new Map<string, string[]>();
  for (const boundary of model.trustBoundaries) {
    let effective: string | undefined = boundary.id;
    // A Threagile execution environment is not a network segment: its parent network is what separates it.
    for (let hops = 0; effective && NON_NETWORK_BOUNDARY_TYPES.has(String(boundaryById.get(effective)?.properties?.type)) && hops < 32; hops++) {
      effective = parentOf.get(effective);
    }
    if (!effective) continue;
    for (const id of boundary.components) {
      const list = direct.get(id) ?? [];
      if (!list.includes(effective)) list.push(effective);
      direct.set(id, list);
    }
  }
  const members = new Map<string, string[]>();
  for (const [id, boundaries] of direct) for (const boundary of boundaries) push(members, boundary, id);
  const endpointsOf = new Map<string, Endpoint[]>();
  for (const endpoint of model.endpoints) if (endpoint.component) push(endpointsOf, endpoint.component, endpoint);
  return { model, byId, outgoing, incoming, syncOut, syncIn, boundaryById, parentOf, direct, members, endpointsOf, connected };
}

/** Request/response flows; queues, streams and brokers are asynchronous. */
export function isSyncFlow(flow: Flow, target: Component | undefined): boolean {
  return !isAsyncFlow(flow, target);
}

/**
 * A note naming the components no flow reaches or leaves (one-shot jobs, clients, external systems and entry points
 * aside: an entry point's callers are on the internet):
 * the files do not show who calls them (calls configured in files Archbench does not read, service discovery),
 * so they are in no attack path, blast radius or call chain. Undefined when every component is connected or the
 * model has a single component.
 */
export function unconnectedNote(index: ModelIndex, consequence: (one: boolean) => string): string | undefined {
  if (index.model.components.length < 2) return undefined;
  const alone = index.model.components
    .filter((component) => !['job', 'client', 'external'].includes(component.kind) && !component.internetFacing
      && !index.outgoing.has(component.id) && !index.incoming.has(component.id))
    .map((component) => component.id);
  if (!alone.length) return undefined;
  const named = alone.length > 6 ? `${alone.slice(0, 6).join(', ')} and ${alone.length - 6} more` : alone.join(', ');
  return `${alone.length} ${alone.length === 1 ? 'component has' : 'components have'} no flow in or out (${named}): the files do not show who calls ${alone.length === 1 ? 'it' : 'them'} (calls configured outside the files read, or service discovery), so ${consequence(alone.length === 1)}. Declare the calls under \`flows\` in archbench.yaml.`;
}

/** Every ancestor of a boundary, nearest first. */
export function ancestorsOf(index: ModelIndex, boundary: string): string[] {
  const out: string[] = [];
  for (let current = index.parentOf.get(boundary); current && out.length < 64 && !out.includes(current); current = index.parentOf.get(current)) out.push(current);
  return out;
}

/**
 * True when a flow leaves the segment its source sits in: the two ends share no boundary that lists
 * them directly (a compose network they are both on, the same namespace, the same Threagile segment).
 * Two components with no boundary at all are one flat segment.
 */
export function crossesBoundary(index: ModelIndex, flow: Pick<Flow, 'from' | 'to'>): boolean {
  const from = index.direct.get(flow.from) ?? [];
  const to = index.direct.get(flow.to) ?? [];
  if (!from.length && !to.length) return false;
  return !from.some((boundary) => to.includes(boundary));
}

/** True when the two components share an enclosing boundary (directly or through nesting). */
export function shareParentBoundary(index: ModelIndex, a: string, b: string): boolean {
  const around = (id: string) => new Set((index.direct.get(id) ?? []).flatMap((boundary) => [boundary, ...ancestorsOf(index, boundary)]));
  const left = around(a);
  for (const boundary of around(b)) if (left.has(boundary)) return true;
  return false;
}

/** Components listed directly in the same boundaries as `id`. */
export function segmentMates(index: ModelIndex, id: string): Array<{ boundary: string; component: string }> {
  const out: Array<{ boundary: string; component: string }> = [];
  const seen = new Set<string>([id]);
  for (const boundary of index.direct.get(id) ?? []) {
    for (const other of index.members.get(boundary) ?? []) {
      if (seen.has(other)) continue;
      seen.add(other);
      out.push({ boundary, component: other });
    }
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
