/**
 * Layout of the system diagram with ELK layered, boundary by boundary.
 *
 * Each trust boundary is laid out on its own: its components, its nested boundaries as fixed boxes, and
 * ports on its border for the flows that leave or enter it. Its parent then lays it out as one box with
 * fixed ports. Flows between the same two boxes share one port on each border and one line between them
 * (a bundle, as hand-drawn architecture diagrams do), and fan out to their components inside. Each flow's
 * pieces are stitched back into one orthogonal polyline. A flow answering another one (B->A beside A->B) takes
 * the other's pieces backwards: one line with an arrowhead at each end, not a back edge looping round the graph.
 *
 * When the result is far wider than a view (a long chain of boundaries), the top level is laid out again in
 * rows, each row an invisible box, and kept if it fits a view better (top-level-rows.ts).
 *
 * Why: many small layered layouts are far cheaper than one big one (crossing minimisation and orthogonal
 * routing grow faster than linearly with layer width), each keeps ELK's full crossing minimisation, and a
 * sub-layout whose input did not change comes from the cache, so a model change re-lays out only the
 * boundaries it touched and everything else stays where it was.
 */
import type { SystemModel } from '../model/model.js';
import { buildDiagramGraph, type DiagramEdge, type DiagramGraph, type DiagramGraphOptions, type DiagramNode } from './diagram-graph.js';
import { edgeLabelSize } from './edge-label.js';
import type { ElkExtendedEdge, ElkLike, ElkNode, ElkPort, LayoutCache } from './elk-runner.js';
import { simplifyPolyline, type Point, type Rect } from './geometry.js';
import { hashString } from './hash.js';
import { GROUP_PADDING, LARGE_OPTIONS, LAYOUT_VERSION, paddingOption, TUNED_OPTIONS, type LayoutOptions } from './layout-options.js';
import { applyPins, type PinnedPositions } from './pins.js';
import { fitScale, planRows, stackRows, type PlacedChild } from './top-level-rows.js';
import type { MissingControl } from './flow-style.js';

/** A protocol label on the diagram: on the last piece of its flows, shared when flows share that piece. */
export interface LaidOutLabel extends Rect {
  text: string;
  missing: MissingControl[];
  async: boolean;
  /** Diagram edge ids the label describes. */
  edges: string[];
}

/** A laid-out diagram: the graph it shows and absolute geometry for every node, group and edge. JSON-safe. */
export interface DiagramLayout {
  graph: DiagramGraph;
  nodes: Record<string, Rect>;
  groups: Record<string, Rect>;
  /** Edge id -> absolute orthogonal polyline from the source node's border to the target's. */
  edges: Record<string, Point[]>;
  labels: LaidOutLabel[];
  width: number;
  height: number;
  /** Hash of the laid-out geometry before pins. */
  key: string;
  stats: { ms: number; subLayouts: number; cached: number };
  /** Where ELK put each boundary before pinned nodes grew it: the origin pins are relative to. */
  groupOrigins?: Record<string, Rect>;
  /** Nodes drawn at a pinned position. */
  pinned?: string[];
}

/** One container's layout, relative to its own top-left corner, keyed by real ids (so it can be cached). */
export interface SubLayout {
  width: number;
  height: number;
  /** Border ports: port key -> position. */
  ports: Record<string, Point>;
  /** Child nodes and child groups: id -> top-left. */
  children: Record<string, Point>;
  /** Pieces of edges routed here: segment key -> polyline and label. */
  segments: Record<string, { points: Point[]; label?: Rect }>;
}

export interface LayoutSystemOptions extends DiagramGraphOptions {
  /** Sub-layouts of earlier runs, by the hash of their input. */
  cache?: LayoutCache<SubLayout>;
  /** Positions the user pinned (relative to the node's group), kept across re-layouts. */
  pins?: PinnedPositions;
  /** ELK options merged over the tuned ones (benchmarks and experiments). */
  elkOptions?: LayoutOptions;
  /**
   * Where ELK puts protocol labels: inline in the middle of the edge, or stacked at its target end (far
   * cheaper: no label dummy nodes); none leaves them out. Default: center up to LARGE_DIAGRAM nodes, then head.
   */
  labelPlacement?: 'center' | 'head' | 'none';
  /**
   * Flows leaving a boundary share one exit port on its east side and one entry on its west ('side', the
   * default: fewest crossings, cheapest), or one port per box they go to ('peer').
   */
  bundle?: 'peer' | 'side';
}

/**
 * From this many components on, a diagram that has nothing to show yet first draws an overview with the
 * boundaries collapsed (a small graph), then the full diagram when its layout is done.
 */
export const OVERVIEW_FROM = 300;

/** The overview's options: boundaries that hold components directly collapsed, no labels, two sweeps (null: no overview for this model). */
export function overviewOptions(model: Pick<SystemModel, 'components' | 'trustBoundaries'>, collapsed: readonly string[] = []): Pick<LayoutSystemOptions, 'collapsed' | 'labelPlacement' | 'elkOptions'> | null {
  if (model.components.length < OVERVIEW_FROM) return null;
  const leaves = model.trustBoundaries.filter((b) => b.components.length > 0).map((b) => b.id);
  return leaves.length ? { collapsed: [...collapsed, ...leaves], labelPlacement: 'none', elkOptions: LARGE_OPTIONS } : null;
}

/** From this many nodes on, layouts trade a little polish for time (see `labelPlacement`, `LARGE_OPTIONS`). */
export const LARGE_DIAGRAM = 200;

const ROOT = '';
const SEP = '\u0000';
/** Inside a row of the top level: the lines from its border ports need a little room before the first box. */
const ROW_PADDING = { top: 0, left: 12, bottom: 0, right: 12 };

/** Lay out a system model: build the diagram graph (filters, collapsed boundaries) and lay it out. */
export async function layoutSystem(model: Pick<SystemModel, 'components' | 'flows' | 'trustBoundaries'>, elk: ElkLike, options: LayoutSystemOptions = {}): Promise<DiagramLayout> {
  return layoutDiagram(buildDiagramGraph(model, options), elk, options);
}

type End = { type: 'node'; id: string } | { type: 'group'; id: string; port: string } | { type: 'border'; port: string };

interface Segment {
  key: string;
  source: End;
  target: End;
  /** Diagram edges routed through this piece. */
  edges: string[];
  /** The piece ends at the target node: it carries the protocol label. */
  last: boolean;
}

interface Container {
  id: string;
  parent: string | null;
  depth: number;
  /** An invisible box holding one row of the top level (top-level-rows.ts). */
  row: boolean;
  nodes: string[];
  groups: string[];
  /** Border ports (never on the root): port key -> side. */
  ports: Map<string, 'WEST' | 'EAST'>;
  segments: Map<string, Segment>;
}

/** What every pass of one layout shares: the graph, the options, and the sub-layouts laid out so far. */
interface LayoutRun {
  elk: ElkLike;
  nodesById: Map<string, DiagramNode>;
  edgesById: Map<string, DiagramEdge>;
  elkOptions: LayoutOptions;
  labelPlacement: 'center' | 'head' | 'none';
  cache?: LayoutCache<SubLayout>;
  /** Sub-layouts ELK made in this run, by key: a second pass (rows) does not lay out the boundaries again. */
  laidOut: Map<string, SubLayout>;
}

/** One pass: the containers, each one's sub-layout, and each edge's pieces. */
interface Pass {
  containers: Map<string, Container>;
  paths: Map<string, Array<{ container: string; segment: string }>>;
  results: Map<string, SubLayout>;
  subLayouts: number;
  cached: number;
}

/** Lay out a diagram graph (see the file comment for the method). */
export async function layoutDiagram(graph: DiagramGraph, elk: ElkLike, options: Pick<LayoutSystemOptions, 'cache' | 'pins' | 'elkOptions' | 'labelPlacement' | 'bundle'> = {}): Promise<DiagramLayout> {
  const started = Date.now();
  const large = graph.nodes.length > LARGE_DIAGRAM;
  const bundle = options.bundle ?? 'side';
  const run: LayoutRun = {
    elk,
    nodesById: new Map(graph.nodes.map((n) => [n.id, n])),
    edgesById: new Map(graph.edges.map((e) => [e.id, e])),
    elkOptions: { ...TUNED_OPTIONS, ...(large ? LARGE_OPTIONS : {}), ...options.elkOptions },
    labelPlacement: options.labelPlacement ?? (large ? 'head' : 'center'),
    cache: options.cache,
    laidOut: new Map(),
  };
  let pass = await layoutPass(run, buildContainers(graph, bundle));
  // Far wider than a view: the top level again in rows, kept if it fits a view better. Not for large diagrams:
  // they are read zoomed in anyway, and hundreds of flows wrapping between rows would cross each other.
  const rows = large ? null : planRows(topLevelChildren(pass, run), pass.results.get(ROOT)!);
  if (rows) {
    const wrapped = await layoutPass(run, buildContainers(graph, bundle, rows));
    if (fitScale(wrapped.results.get(ROOT)!) > fitScale(pass.results.get(ROOT)!)) pass = wrapped;
  }
  const { containers, paths, results } = pass;
  const { nodesById, edgesById } = run;

  // Absolute positions, top-down.
  const origin = new Map<string, Point>([[ROOT, { x: 0, y: 0 }]]);
  const nodes: Record<string, Rect> = {};
  const groups: Record<string, Rect> = {};
  const place = (id: string) => {
    const container = containers.get(id)!;
    const sub = results.get(id)!;
    const at = origin.get(id)!;
    for (const nodeId of container.nodes) {
      const p = sub.children[nodeId];
      const node = nodesById.get(nodeId)!;
      nodes[nodeId] = { x: at.x + p.x, y: at.y + p.y, width: node.width, height: node.height };
    }
    for (const groupId of container.groups) {
      const p = sub.children[groupId];
      const child = results.get(groupId)!;
      origin.set(groupId, { x: at.x + p.x, y: at.y + p.y });
      if (!containers.get(groupId)!.row) groups[groupId] = { x: at.x + p.x, y: at.y + p.y, width: child.width, height: child.height };
      place(groupId);
    }
  };
  place(ROOT);

  const absolute = (containerId: string, segmentKey: string) => {
    const laid = results.get(containerId)!.segments[segmentKey];
    const at = origin.get(containerId)!;
    return laid && { points: laid.points.map((p) => ({ x: p.x + at.x, y: p.y + at.y })), label: laid.label && { ...laid.label, x: laid.label.x + at.x, y: laid.label.y + at.y } };
  };
  const edges: Record<string, Point[]> = {};
  for (const [edgeId, path] of paths) {
    const points: Point[] = [];
    for (const { container, segment } of path) points.push(...(absolute(container, segment)?.points ?? []));
    if (edgesById.get(edgeId)!.reverse) points.reverse();
    edges[edgeId] = simplifyPolyline(points);
  }
  const labels: LaidOutLabel[] = [];
  for (const container of containers.values()) {
    for (const segment of container.segments.values()) {
      if (!segment.last) continue;
      const rect = absolute(container.id, segment.key)?.label;
      const label = segmentLabel(segment.edges.map((id) => edgesById.get(id)!));
      if (rect && label.text) labels.push({ ...rect, ...label, edges: segment.edges });
    }
  }

  const rootSub = results.get(ROOT)!;
  const layout: DiagramLayout = {
    graph, nodes, groups, edges, labels,
    width: rootSub.width,
    height: rootSub.height,
    key: hashString(JSON.stringify([nodes, groups, graph.edges.map((e) => e.id)])),
    stats: { ms: Date.now() - started, subLayouts: pass.subLayouts, cached: pass.cached },
  };
  return options.pins ? applyPins(layout, options.pins) : layout;
}

/**
 * Lay out every container of one pass, bottom-up, one depth at a time. The boxes of one depth are independent:
 * they go to ELK together, in one call per available worker (one ELK call has a fixed cost that many small
 * calls would pay again). A top level in rows is not ELK's: the rows are stacked (top-level-rows.ts).
 */
async function layoutPass(run: LayoutRun, { containers, paths }: Pick<Pass, 'containers' | 'paths'>): Promise<Pass> {
  const { elk, cache, laidOut } = run;
  const results = new Map<string, SubLayout>();
  let cached = 0;
  let subLayouts = 0;
  const ordered = [...containers.values()].sort((a, b) => b.depth - a.depth);
  for (const depth of [...new Set(ordered.map((c) => c.depth))]) {
    const pending: Array<{ container: Container; input: ContainerInput; key: string }> = [];
    ordered.filter((c) => c.depth === depth).forEach((container, index) => {
      if (container.id === ROOT && container.groups.some((id) => containers.get(id)!.row)) {
        results.set(ROOT, stackedRoot(container, results));
        return;
      }
      const input = containerInput(container, run, results, `c${index}`);
      const key = `${LAYOUT_VERSION}:${hashString(input.signature)}`;
      subLayouts++;
      const hit = laidOut.get(key) ?? cache?.get(key);
      if (hit && !laidOut.has(key)) cached++;
      if (hit) results.set(container.id, hit);
      else pending.push({ container, input, key });
    });
    const done = (p: (typeof pending)[number], sub: SubLayout) => {
      cache?.set(p.key, sub);
      laidOut.set(p.key, sub);
      results.set(p.container.id, sub);
    };
    const root = pending.find((p) => p.container.id === ROOT);
    if (root) done(root, readSubLayout(await elk.layout(root.input.graph), root.input));
    const boxes = pending.filter((p) => p.container.id !== ROOT);
    const chunks = Math.max(1, Math.min(elk.parallelism ?? 1, boxes.length));
    await Promise.all(Array.from({ length: chunks }, async (_, chunk) => {
      const mine = boxes.filter((_, index) => index % chunks === chunk);
      if (!mine.length) return;
      // The root of a batch only holds the boxes: the fixed algorithm leaves them where they are.
      const batch: ElkNode = { id: 'batch', layoutOptions: { 'elk.algorithm': 'fixed' }, children: mine.map((p) => p.input.graph) };
      const result = await elk.layout(batch);
      mine.forEach((p, index) => done(p, readSubLayout(result.children![index], p.input)));
    }));
  }
  return { containers, paths, results, subLayouts, cached };
}

/** Where the one-row layout put the top level's nodes and boxes. */
function topLevelChildren(pass: Pass, run: LayoutRun): PlacedChild[] {
  const root = pass.containers.get(ROOT)!;
  const sub = pass.results.get(ROOT)!;
  return [
    ...root.nodes.map((id) => ({ id, ...sub.children[id], width: run.nodesById.get(id)!.width, height: run.nodesById.get(id)!.height })),
    ...root.groups.map((id) => ({ id, ...sub.children[id], width: pass.results.get(id)!.width, height: pass.results.get(id)!.height })),
  ];
}

/** The top level in rows: the rows stacked and the pieces between them routed round their ends. */
function stackedRoot(root: Container, results: Map<string, SubLayout>): SubLayout {
  const rows = root.groups.map((id) => ({ id, ...results.get(id)! }));
  const links = [...root.segments.values()].map((segment) => {
    if (segment.source.type !== 'group' || segment.target.type !== 'group') throw new Error('a top level in rows holds only rows');
    return { key: segment.key, from: { row: segment.source.id, port: segment.source.port }, to: { row: segment.target.id, port: segment.target.port } };
  });
  return { ...stackRows(rows, links), ports: {} };
}

/** The label of a piece several edges share: their protocols, async only if all are, controls all of them lack. */
function segmentLabel(edges: DiagramEdge[]): { text: string; missing: MissingControl[]; async: boolean } {
  const texts = [...new Set(edges.map((e) => e.label).filter(Boolean))];
  const text = texts.length > 2 ? `${texts.slice(0, 2).join(', ')}, …` : texts.join(', ');
  const missing = edges.reduce<MissingControl[]>((acc, e) => acc.filter((m) => e.missing.includes(m)), ['timeout', 'auth', 'encryption']);
  return { text, missing, async: edges.every((e) => e.async) };
}

/** The containers of a graph and each edge's pieces; with `rows`, the top level's children go into one invisible box per row. */
function buildContainers(graph: DiagramGraph, bundle: 'peer' | 'side', rows: string[][] = []): Pick<Pass, 'containers' | 'paths'> {
  const containers = new Map<string, Container>();
  const make = (id: string, parent: string | null, depth: number, row = false): Container => ({ id, parent, depth, row, nodes: [], groups: [], ports: new Map(), segments: new Map() });
  containers.set(ROOT, make(ROOT, null, 0));
  const rowOf = new Map<string, string>();
  rows.forEach((ids, index) => {
    const id = `${SEP}row${index}`;
    containers.set(id, make(id, ROOT, 1, true));
    containers.get(ROOT)!.groups.push(id);
    for (const child of ids) rowOf.set(child, id);
  });
  const top = (child: string) => rowOf.get(child) ?? ROOT;
  const groupParent = new Map(graph.groups.map((g) => [g.id, g.parent !== null && graph.groups.some((p) => p.id === g.parent) ? g.parent : top(g.id)]));
  const depthOf = (id: string): number => containers.get(id)?.depth ?? depthOf(groupParent.get(id)!) + 1;
  for (const group of graph.groups) containers.set(group.id, make(group.id, groupParent.get(group.id)!, depthOf(group.id)));
  for (const group of graph.groups) containers.get(groupParent.get(group.id)!)!.groups.push(group.id);
  const home = new Map<string, string>();
  for (const node of graph.nodes) {
    const id = node.group !== null && containers.has(node.group) ? node.group : top(node.id);
    containers.get(id)!.nodes.push(node.id);
    home.set(node.id, id);
  }
  const chain = (id: string): string[] => {
    const out = [id];
    while (out[out.length - 1] !== ROOT) out.push(containers.get(out[out.length - 1])!.parent!);
    return out;
  };
  const addSegment = (container: Container, source: End, target: End, edge: string, last: boolean): string => {
    const key = `${describeEnd(source)}>${describeEnd(target)}`;
    const existing = container.segments.get(key);
    if (existing) existing.edges.push(edge);
    else container.segments.set(key, { key, source, target, edges: [edge], last });
    return key;
  };

  const paths = new Map<string, Array<{ container: string; segment: string }>>();
  for (const edge of graph.edges) {
    // A reverse edge takes its pair's way: the same pieces, so the same line (its points are turned round at the end).
    const [from, to] = edge.reverse ? [edge.to, edge.from] : [edge.from, edge.to];
    const up = chain(home.get(from)!);
    const down = chain(home.get(to)!);
    const common = up.find((id) => down.includes(id))!;
    const upPath = up.slice(0, up.indexOf(common));
    const downPath = down.slice(0, down.indexOf(common));
    // What each side looks like from the common container: a node, or the outermost box around it.
    const sourceTop = upPath.length ? `g:${upPath[upPath.length - 1]}` : `n:${from}`;
    const targetTop = downPath.length ? `g:${downPath[downPath.length - 1]}` : `n:${to}`;
    const path: Array<{ container: string; segment: string }> = [];
    // Up from the source; flows to the same box beyond share the port (a bundle).
    let source: End = { type: 'node', id: from };
    for (const id of upPath) {
      const container = containers.get(id)!;
      const port = bundle === 'peer' ? `out${SEP}${targetTop}` : 'out';
      container.ports.set(port, 'EAST');
      path.push({ container: id, segment: addSegment(container, source, { type: 'border', port }, edge.id, false) });
      source = { type: 'group', id, port };
    }
    const downSegments: Array<{ container: string; segment: string }> = [];
    let target: End = { type: 'node', id: to };
    downPath.forEach((id, index) => {
      const container = containers.get(id)!;
      const port = bundle === 'peer' ? `in${SEP}${sourceTop}` : 'in';
      container.ports.set(port, 'WEST');
      downSegments.unshift({ container: id, segment: addSegment(container, { type: 'border', port }, target, edge.id, index === 0) });
      target = { type: 'group', id, port };
    });
    path.push({ container: common, segment: addSegment(containers.get(common)!, source, target, edge.id, downPath.length === 0) });
    path.push(...downSegments);
    paths.set(edge.id, path);
  }
  return { containers, paths };
}

function describeEnd(end: End): string {
  if (end.type === 'node') return `n:${end.id}`;
  if (end.type === 'group') return `g:${end.id}${SEP}${end.port}`;
  return `b${SEP}${end.port}`;
}

interface ContainerInput {
  graph: ElkNode;
  /** Canonical text of everything that shapes the result (hashed into the cache key). */
  signature: string;
  /** ELK id -> real id, for reading the result back. */
  childIds: Map<string, string>;
  segmentIds: Map<string, string>;
  borderPortIds: Map<string, string>;
}

/** The ELK graph of one container: its nodes, its child groups as fixed boxes with ports, its edge pieces. */
function containerInput(container: Container, run: LayoutRun, results: Map<string, SubLayout>, prefix: string): ContainerInput {
  const { nodesById, edgesById, elkOptions, labelPlacement } = run;
  const childIds = new Map<string, string>();
  const segmentIds = new Map<string, string>();
  const borderPortIds = new Map<string, string>();
  const elkIdOf = new Map<string, string>();
  const groupPortIds = new Map<string, string>();
  const children: ElkNode[] = [];
  const signature: unknown[] = [container.id === ROOT ? 'root' : container.row ? 'row' : 'group', elkOptions];

  container.nodes.forEach((id, index) => {
    const node = nodesById.get(id)!;
    const elkId = `${prefix}n${index}`;
    childIds.set(elkId, id);
    elkIdOf.set(id, elkId);
    children.push({
      id: elkId, width: node.width, height: node.height,
      ports: [
        { id: `${elkId}.i`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } },
        { id: `${elkId}.o`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } },
      ],
      layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' },
    });
    signature.push(['n', id, node.width, node.height]);
  });
  container.groups.forEach((id, index) => {
    const sub = results.get(id)!;
    const elkId = `${prefix}g${index}`;
    childIds.set(elkId, id);
    elkIdOf.set(id, elkId);
    const ports: ElkPort[] = Object.entries(sub.ports).map(([port, p], portIndex) => {
      const portId = `${elkId}.${portIndex}`;
      groupPortIds.set(`${id}${SEP}${port}`, portId);
      return { id: portId, x: p.x, y: p.y, width: 1, height: 1 };
    });
    children.push({ id: elkId, width: sub.width, height: sub.height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } });
    signature.push(['g', id, sub.width, sub.height, sub.ports]);
  });
  const borderPorts: ElkPort[] = [...container.ports].map(([port, side], index) => {
    const portId = `${prefix}b${index}`;
    borderPortIds.set(port, portId);
    signature.push(['p', port, side]);
    return { id: portId, width: 1, height: 1, layoutOptions: { 'elk.port.side': side } };
  });

  const endId = (end: End, outgoing: boolean): string => {
    if (end.type === 'node') return `${elkIdOf.get(end.id)!}.${outgoing ? 'o' : 'i'}`;
    if (end.type === 'group') return groupPortIds.get(`${end.id}${SEP}${end.port}`)!;
    return borderPortIds.get(end.port)!;
  };
  const edges: ElkExtendedEdge[] = [...container.segments.values()].map((segment, index) => {
    const elkId = `${prefix}e${index}`;
    segmentIds.set(elkId, segment.key);
    const label = segment.last && labelPlacement !== 'none' ? segmentLabel(segment.edges.map((id) => edgesById.get(id)!)) : undefined;
    const labels = label?.text ? [{ text: label.text, ...edgeLabelSize({ label: label.text, missing: label.missing }), layoutOptions: { 'elk.edgeLabels.placement': labelPlacement === 'head' ? 'HEAD' : 'CENTER', 'elk.edgeLabels.inline': 'true' } }] : [];
    signature.push(['e', segment.key, labels.length ? [label!.text, label!.missing.length, labelPlacement] : 0]);
    return { id: elkId, sources: [endId(segment.source, true)], targets: [endId(segment.target, false)], labels };
  });

  if (container.id === ROOT) {
    const graph: ElkNode = { id: 'root', layoutOptions: { ...elkOptions, 'elk.padding': paddingOption({ top: 16, left: 16, bottom: 16, right: 16 }) }, children, edges };
    return { graph, signature: JSON.stringify(signature), childIds, segmentIds, borderPortIds };
  }
  // A boundary is a box with ports (ELK cannot put ports on a root): it goes into a batch root. A row is a box
  // nobody sees: no room for a title, no minimum size.
  const boxOptions: LayoutOptions = container.row
    ? { 'elk.padding': paddingOption(ROW_PADDING), 'elk.layered.compaction.connectedComponents': 'true' }
    : { 'elk.padding': paddingOption(GROUP_PADDING), 'elk.nodeSize.minimum': '(180,90)', 'elk.nodeSize.constraints': 'MINIMUM_SIZE' };
  const box: ElkNode = { id: `${prefix}box`, layoutOptions: { ...elkOptions, ...boxOptions, 'elk.portConstraints': 'FIXED_SIDE' }, ports: borderPorts, children, edges };
  return { graph: box, signature: JSON.stringify(signature), childIds, segmentIds, borderPortIds };
}

function readSubLayout(box: ElkNode, input: ContainerInput): SubLayout {
  const children: Record<string, Point> = {};
  for (const child of box.children ?? []) children[input.childIds.get(child.id)!] = { x: child.x ?? 0, y: child.y ?? 0 };
  const portKeys = new Map([...input.borderPortIds].map(([key, id]) => [id, key]));
  const ports: Record<string, Point> = {};
  for (const port of box.ports ?? []) {
    const key = portKeys.get(port.id);
    if (key !== undefined) ports[key] = { x: port.x ?? 0, y: port.y ?? 0 };
  }
  const segments: SubLayout['segments'] = {};
  for (const edge of box.edges ?? []) {
    const section = edge.sections?.[0];
    if (!section) continue;
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y }));
    const label = edge.labels?.[0];
    segments[input.segmentIds.get(edge.id)!] = label ? { points, label: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } } : { points };
  }
  return { width: box.width ?? 0, height: box.height ?? 0, ports, children, segments };
}
