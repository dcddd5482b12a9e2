/**
 * The diagram's own graph, built from a SystemModel: one node per shown component (or per collapsed
 * boundary), one group per trust boundary (nested), one edge per pair of connected nodes. Layout and
 * rendering work on this, never on the model directly, so filters and collapsing are applied in one place.
 */
import type { Finding, Severity } from '../model/finding.js';
import { deploymentUnknown, undeployedFlow } from '../model/inferred.js';
import type { Component, ComponentKind, SystemModel, TrustBoundary } from '../model/model.js';
import { isAsyncFlow, missingControls, type MissingControl } from './flow-style.js';
import { textWidth } from './text-metrics.js';

export type DiagramNodeKind = ComponentKind | 'boundary';

export interface DiagramNode {
  /** The component id, or the boundary id for a collapsed boundary. */
  id: string;
  kind: DiagramNodeKind;
  label: string;
  /** Second line: kind, replicas, image or member count. */
  detail: string;
  replicas?: number;
  internetFacing: boolean;
  /** Inferred from an API description or migrations: no file deploys it (drawn with a dotted outline). */
  inferred?: boolean;
  /** Worst open finding on the component (or on any member of a collapsed boundary). */
  severity?: Severity;
  openFindings: number;
  /** The group the node sits in (innermost boundary), null at the top level. */
  group: string | null;
  /** Component ids this node stands for (itself, or the members of a collapsed boundary). */
  members: string[];
  width: number;
  height: number;
}

export interface DiagramGroup {
  id: string;
  label: string;
  kind: string;
  parent: string | null;
}

export interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  /** Flow ids drawn by this edge (several when flows join the same pair of nodes). */
  flows: string[];
  label: string;
  async: boolean;
  /** Controls that every flow of the edge lacks. */
  missing: MissingControl[];
  /**
   * The edge answers one going the other way (a request and its response): it is laid out as that edge,
   * so the pair is one line with an arrowhead at each end instead of a second line looping around the diagram.
   */
  reverse?: true;
}

export interface DiagramGraph {
  nodes: DiagramNode[];
  groups: DiagramGroup[];
  edges: DiagramEdge[];
}

/** The part of a finding the diagram needs. */
export type DiagramFinding = Pick<Finding, 'element' | 'severity' | 'status'>;

export interface DiagramGraphOptions {
  findings?: readonly DiagramFinding[];
  /** Boundaries drawn as one node. */
  collapsed?: Iterable<string>;
  hiddenKinds?: Iterable<ComponentKind>;
  /** Boundaries whose components are hidden (with their nested boundaries). */
  hiddenBoundaries?: Iterable<string>;
  /** Show only components with an open finding at least this severe. */
  minSeverity?: Severity;
}

export const NODE_HEIGHT = 56;
const NODE_MIN_WIDTH = 150;
const NODE_MAX_WIDTH = 250;
/** Room for the kind icon on the left and the finding badge on the right. */
const NODE_CHROME = 64;
export const NODE_FONT_SIZE = 13;

const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

function worse(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_ORDER.indexOf(b) < SEVERITY_ORDER.indexOf(a) ? b : a;
}

/** Width of a node showing `label`: long names widen it up to a limit, then are cut with an ellipsis. */
export function nodeWidth(label: string): number {
  return Math.round(Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, textWidth(label, NODE_FONT_SIZE) + NODE_CHROME)));
}

function componentDetail(component: Component): string {
  const parts: string[] = [component.kind];
  if (component.replicas !== undefined) parts.push(`×${component.replicas}`);
  return parts.join(' · ');
}

/** Parent of each boundary (the first boundary listing it as a child), guarding against cycles. */
function boundaryParents(boundaries: readonly TrustBoundary[]): Map<string, string | null> {
  const ids = new Set(boundaries.map((b) => b.id));
  const parent = new Map<string, string | null>(boundaries.map((b) => [b.id, null]));
  for (const boundary of boundaries) {
    for (const child of boundary.children ?? []) {
      if (!ids.has(child) || child === boundary.id || parent.get(child) !== null) continue;
      // Refuse a link that would close a cycle.
      let cursor: string | null = boundary.id;
      let cycle = false;
      while (cursor !== null) {
        if (cursor === child) { cycle = true; break; }
        cursor = parent.get(cursor) ?? null;
      }
      if (!cycle) parent.set(child, boundary.id);
    }
  }
  return parent;
}

/** The group a component is drawn in: its innermost boundary that exists (the model lists innermost last). */
function homeBoundary(component: Component, memberOf: Map<string, string[]>, known: Set<string>, depth: (id: string) => number): string | null {
  const candidates = [...(component.boundaries ?? []), ...(memberOf.get(component.id) ?? [])].filter((id) => known.has(id));
  if (!candidates.length) return null;
  // Deepest first; among equals the one the component lists last (innermost), else the first declared.
  let best = candidates[0];
  for (const id of candidates) if (depth(id) > depth(best)) best = id;
  return best;
}

/** Build the diagram graph of a model with the view's filters and collapsed boundaries applied. */
export function buildDiagramGraph(model: Pick<SystemModel, 'components' | 'flows' | 'trustBoundaries'>, options: DiagramGraphOptions = {}): DiagramGraph {
  const parentOf = boundaryParents(model.trustBoundaries);
  const known = new Set(parentOf.keys());
  const depthCache = new Map<string, number>();
  const depth = (id: string): number => {
    const cached = depthCache.get(id);
    if (cached !== undefined) return cached;
    const parent = parentOf.get(id) ?? null;
    const value = parent === null ? 0 : depth(parent) + 1;
    depthCache.set(id, value);
    return value;
  };
  const memberOf = new Map<string, string[]>();
  for (const boundary of model.trustBoundaries) {
    for (const member of boundary.components) {
      if (!memberOf.has(member)) memberOf.set(member, []);
      memberOf.get(member)!.push(boundary.id);
    }
  }
  const ancestors = (id: string | null): string[] => {
    const chain: string[] = [];
    for (let cursor = id; cursor !== null; cursor = parentOf.get(cursor) ?? null) chain.push(cursor);
    return chain;
  };

  const hiddenKinds = new Set(options.hiddenKinds ?? []);
  const hiddenBoundaries = new Set(options.hiddenBoundaries ?? []);
  const collapsed = new Set(options.collapsed ?? []);
  const severityOf = new Map<string, { worst?: Severity; open: number }>();
  for (const finding of options.findings ?? []) {
    if (finding.status !== 'open') continue;
    const entry = severityOf.get(finding.element) ?? { open: 0 };
    entry.worst = worse(entry.worst, finding.severity);
    entry.open++;
    severityOf.set(finding.element, entry);
  }
  const minRank = options.minSeverity ? SEVERITY_ORDER.indexOf(options.minSeverity) : SEVERITY_ORDER.length;

  // Which node stands for each shown component: itself, or its outermost collapsed boundary.
  const nodeOf = new Map<string, string>();
  const nodes = new Map<string, DiagramNode>();
  const usedGroups = new Set<string>();
  for (const component of model.components) {
    if (hiddenKinds.has(component.kind)) continue;
    const home = homeBoundary(component, memberOf, known, depth);
    const chain = ancestors(home);
    if (chain.some((id) => hiddenBoundaries.has(id))) continue;
    const findings = severityOf.get(component.id);
    if (options.minSeverity && (!findings?.worst || SEVERITY_ORDER.indexOf(findings.worst) > minRank)) continue;
    const collapsedAt = [...chain].reverse().find((id) => collapsed.has(id));
    if (collapsedAt) {
      nodeOf.set(component.id, collapsedAt);
      let node = nodes.get(collapsedAt);
      if (!node) {
        const boundary = model.trustBoundaries.find((b) => b.id === collapsedAt)!;
        const group = parentOf.get(collapsedAt) ?? null;
        node = { id: collapsedAt, kind: 'boundary', label: boundary.name, detail: '', internetFacing: false, openFindings: 0, group, members: [], width: nodeWidth(boundary.name), height: NODE_HEIGHT };
        nodes.set(collapsedAt, node);
        for (const id of ancestors(group)) usedGroups.add(id);
      }
      node.members.push(component.id);
      node.internetFacing ||= !!component.internetFacing;
      if (findings?.worst) node.severity = worse(node.severity, findings.worst);
      node.openFindings += findings?.open ?? 0;
      node.detail = `${boundaryKindLabel(model.trustBoundaries.find((b) => b.id === collapsedAt)!.kind)} · ${node.members.length} components`;
      continue;
    }
    nodeOf.set(component.id, component.id);
    nodes.set(component.id, {
      id: component.id,
      kind: component.kind,
      label: component.name,
      detail: componentDetail(component),
      replicas: component.replicas,
      internetFacing: !!component.internetFacing,
      ...(deploymentUnknown(component) ? { inferred: true } : {}),
      severity: findings?.worst,
      openFindings: findings?.open ?? 0,
      group: home,
      members: [component.id],
      width: nodeWidth(component.name),
      height: NODE_HEIGHT,
    });
    for (const id of chain) usedGroups.add(id);
  }

  const components = new Map(model.components.map((c) => [c.id, c]));
  const edges = new Map<string, DiagramEdge>();
  const protocols = new Map<string, Set<string>>();
  for (const flow of model.flows) {
    const from = nodeOf.get(flow.from);
    const to = nodeOf.get(flow.to);
    if (!from || !to || from === to) continue;
    const key = `${from}\u0000${to}`;
    const async = isAsyncFlow(flow, components.get(flow.to));
    // A flow inside a platform the project does not deploy (Supabase's Data API to its database) has no settings of the project's to miss.
    const missing = undeployedFlow(flow, (id) => components.get(id)) ? [] : missingControls(flow, async);
    const edge = edges.get(key);
    if (!edge) {
      edges.set(key, { id: flow.id, from, to, flows: [flow.id], label: String(flow.protocol), async, missing });
      protocols.set(key, new Set([String(flow.protocol)]));
    } else {
      edge.flows.push(flow.id);
      edge.async &&= async;
      edge.missing = edge.missing.filter((m) => missing.includes(m));
      protocols.get(key)!.add(String(flow.protocol));
    }
  }
  for (const [key, edge] of edges) {
    const names = [...protocols.get(key)!].filter((p) => p !== 'unknown');
    edge.label = names.length > 2 ? `${names.slice(0, 2).join(', ')}, …` : names.join(', ');
    if (edge.flows.length > 1 && nodes.get(edge.from)?.kind === 'boundary') edge.label = `${edge.flows.length} flows${edge.label ? ` · ${edge.label}` : ''}`;
  }

  markReversePairs(edges, nodes);

  const groups: DiagramGroup[] = model.trustBoundaries
    .filter((b) => usedGroups.has(b.id) && !collapsed.has(b.id) && !ancestors(parentOf.get(b.id) ?? null).some((id) => collapsed.has(id)))
    .map((b) => ({ id: b.id, label: b.name, kind: b.kind, parent: parentOf.get(b.id) ?? null }));
  return { nodes: [...nodes.values()], groups, edges: [...edges.values()] };
}

/** Where a kind usually stands in a request: callers first, stores last (so a pair reads request first). */
const REQUEST_ORDER: Record<DiagramNodeKind, number> = { client: 0, gateway: 1, service: 2, job: 2, external: 2, boundary: 2, queue: 3, cache: 3, datastore: 3 };

/**
 * Of each pair of edges between the same two nodes in opposite directions, mark one `reverse`: the one going
 * against REQUEST_ORDER (a datastore answering a service), else the one listed second.
 */
function markReversePairs(edges: Map<string, DiagramEdge>, nodes: Map<string, DiagramNode>): void {
  const order = new Map([...edges.keys()].map((key, index) => [key, index]));
  const rank = (id: string) => REQUEST_ORDER[nodes.get(id)!.kind];
  for (const [key, edge] of edges) {
    const otherKey = `${edge.to}\u0000${edge.from}`;
    if (!edges.has(otherKey)) continue;
    const byKind = rank(edge.from) - rank(edge.to);
    if (byKind > 0 || (byKind === 0 && order.get(key)! > order.get(otherKey)!)) edge.reverse = true;
  }
}

/** How a boundary kind reads in the diagram. */
export function boundaryKindLabel(kind: string): string {
  switch (kind) {
    case 'network': return 'network';
    case 'namespace': return 'namespace';
    case 'declared': return 'boundary';
    case 'internet': return 'internet';
    default: return kind;
  }
}
