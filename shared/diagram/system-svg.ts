/**
 * The system diagram as SVG: element builders per node, group, edge and label (used by the on-screen view
 * too) and `renderDiagramSvg`, the standalone SVG string for reports and exports.
 */
import type { SystemModel } from '../model/model.js';
import type { AttackPath } from '../model/system-analysis.js';
import { attackHopElement, attackPathOverlay } from './attack-path.js';
import { boundaryKindLabel, type DiagramEdge, type DiagramGroup, type DiagramNode } from './diagram-graph.js';
import { EDGE_LABEL_FONT_SIZE, EDGE_LABEL_PADDING, edgeLabelTextWidth, MARKER_GAP, MARKER_SIZE } from './edge-label.js';
import { MISSING_CONTROL_LABELS } from './flow-style.js';
import type { Point, Rect } from './geometry.js';
import { edgePath, GLOBE_GLYPH, KIND_GLYPHS, KIND_LABELS, MISSING_LETTERS, MONO_FONT, nodeDash, nodeShapePath, PALETTES, UI_FONT, type DiagramTheme, type Palette } from './diagram-style.js';
import { el, serialize, type SvgElement } from './svg-element.js';
import type { DiagramLayout, LaidOutLabel } from './system-layout.js';
import { truncateText } from './text-metrics.js';

/** How an element is emphasised: normal, selected, part of a highlight (search, blast radius) or dimmed. */
export type Tone = 'normal' | 'dim' | 'accent' | 'danger';

export interface ElementState {
  tone: Tone;
  selected?: boolean;
}

const NORMAL: ElementState = { tone: 'normal' };

function toneColour(palette: Palette, tone: Tone, fallback: string): string {
  if (tone === 'accent') return palette.accent;
  if (tone === 'danger') return palette.danger;
  return fallback;
}

/** Arrowhead markers, one per tone (marker colours cannot follow the line in SVG 1.1). */
export function markerDefs(palette: Palette, idPrefix: string): SvgElement {
  const markers: SvgElement[] = [];
  for (const tone of ['normal', 'accent', 'danger'] as const) {
    const colour = toneColour(palette, tone, palette.edge);
    markers.push(el('marker', { id: `${idPrefix}-arrow-${tone}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }, [
      el('path', { d: 'M0,1 L9,5 L0,9 Z', fill: colour }),
    ]));
    markers.push(el('marker', { id: `${idPrefix}-open-${tone}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }, [
      el('path', { d: 'M1,1 L9,5 L1,9', fill: 'none', stroke: colour, 'stroke-width': 1.4 }),
    ]));
  }
  return el('defs', {}, markers);
}

/** A trust boundary: a dashed box with its kind and name in the top-left corner. */
export function groupElement(group: DiagramGroup, rect: Rect, palette: Palette, state: ElementState = NORMAL): SvgElement {
  const kind = boundaryKindLabel(group.kind).toUpperCase();
  const title = truncateText(group.label, 12, Math.max(40, rect.width - 24 - kind.length * 7.5));
  return el('g', { 'data-group': group.id, opacity: state.tone === 'dim' ? 0.5 : undefined }, [
    el('rect', { x: r1(rect.x), y: r1(rect.y), width: r1(rect.width), height: r1(rect.height), rx: 8, fill: palette.groupFill, stroke: state.selected ? palette.accent : palette.groupStroke, 'stroke-width': state.selected ? 2 : 1.2, 'stroke-dasharray': group.kind === 'declared' ? undefined : '7 4' }),
    el('text', { x: r1(rect.x + 12), y: r1(rect.y + 22), 'font-family': UI_FONT, 'font-size': 12, fill: palette.groupText }, [
      el('tspan', { 'font-size': 10, 'letter-spacing': 0.6 }, kind),
      el('tspan', { dx: 6, 'font-weight': 600 }, title),
    ]),
    el('title', {}, `${boundaryKindLabel(group.kind)} ${group.label}`),
  ]);
}

/** A component (or collapsed boundary): kind shape and glyph, name, kind and replicas, worst-finding badge. */
export function nodeElement(node: DiagramNode, rect: Rect, palette: Palette, state: ElementState = NORMAL): SvgElement {
  const kindColour = palette.kinds[node.kind];
  const stroke = state.selected ? palette.accent : toneColour(palette, state.tone, kindColour);
  const emphasised = state.selected || state.tone === 'accent' || state.tone === 'danger';
  const children: SvgElement[] = [];
  if ((node.replicas ?? 1) > 1 || node.kind === 'boundary') {
    // A second outline behind: several instances (or several components) stand here.
    children.push(el('path', { d: nodeShapePath(node.kind, { ...rect, x: rect.x + 4, y: rect.y - 4 }), fill: palette.nodeFill, stroke: kindColour, 'stroke-width': 1, opacity: 0.55 }));
  }
  children.push(el('path', {
    d: nodeShapePath(node.kind, rect), fill: palette.nodeFill, stroke, 'stroke-width': emphasised ? 2.4 : 1.4,
    'stroke-dasharray': node.inferred ? INFERRED_DASH : nodeDash(node.kind),
  }));
  children.push(el('path', { d: KIND_GLYPHS[node.kind], transform: `translate(${r1(rect.x + 11)},${r1(rect.y + rect.height / 2 - 8)})`, fill: 'none', stroke: kindColour, 'stroke-width': 1.3, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
  const textX = rect.x + 35;
  const textWidth = rect.width - 35 - (node.internetFacing ? 24 : 10);
  children.push(el('text', { x: r1(textX), y: r1(rect.y + 24), 'font-family': UI_FONT, 'font-size': 13, 'font-weight': 600, fill: palette.text }, truncateText(node.label, 13, textWidth)));
  children.push(el('text', { x: r1(textX), y: r1(rect.y + 41), 'font-family': UI_FONT, 'font-size': 11, fill: palette.textMuted }, truncateText(node.detail, 11, textWidth)));
  if (node.internetFacing) {
    children.push(el('path', { d: GLOBE_GLYPH, transform: `translate(${r1(rect.x + rect.width - 20)},${r1(rect.y + rect.height - 20)})`, fill: 'none', stroke: palette.accent, 'stroke-width': 1.1 }, ));
  }
  if (node.severity) {
    const text = node.openFindings > 99 ? '99+' : String(node.openFindings);
    const width = 10 + text.length * 6.5;
    const x = rect.x + rect.width - width + 6;
    const y = rect.y - 8;
    children.push(el('g', { 'data-severity': node.severity }, [
      el('rect', { x: r1(x), y: r1(y), width: r1(width), height: 16, rx: 8, fill: palette.severity[node.severity], stroke: palette.background, 'stroke-width': 1.5 }),
      el('text', { x: r1(x + width / 2), y: r1(y + 12), 'text-anchor': 'middle', 'font-family': UI_FONT, 'font-size': 10.5, 'font-weight': 700, fill: '#ffffff' }, text),
    ]));
  }
  const tooltip = [`${node.label} (${KIND_LABELS[node.kind]})`, node.replicas !== undefined ? `replicas: ${node.replicas}` : '', node.severity ? `${node.openFindings} open findings, worst ${node.severity}` : '', node.internetFacing ? 'internet-facing' : '', node.inferred ? 'inferred: no file deploys it (known from its API description or migrations)' : ''].filter(Boolean).join('\n');
  children.push(el('title', {}, tooltip));
  return el('g', { 'data-node': node.id, 'data-kind': node.kind, 'data-tone': state.tone, 'data-selected': state.selected ? 'true' : undefined, opacity: state.tone === 'dim' ? palette.dimmed : undefined }, children);
}

/** A flow: orthogonal line, solid for synchronous, dashed with an open arrowhead for asynchronous. */
export function edgeElement(edge: DiagramEdge, points: readonly Point[], palette: Palette, idPrefix: string, state: ElementState = NORMAL): SvgElement {
  const tone = state.tone === 'dim' ? 'normal' : state.tone;
  const colour = state.selected ? palette.accent : toneColour(palette, tone, palette.edge);
  const marker = `${edge.async ? 'open' : 'arrow'}-${state.selected ? 'accent' : tone}`;
  return el('path', {
    d: edgePath(points), fill: 'none', stroke: colour, 'stroke-width': state.selected || tone !== 'normal' ? 2.2 : 1.3,
    'stroke-dasharray': edge.async ? '6 4' : undefined, 'marker-end': `url(#${idPrefix}-${marker})`,
    opacity: state.tone === 'dim' ? palette.dimmed : undefined, 'data-edge': edge.id, 'data-tone': state.tone,
  });
}

/** A protocol label with one lettered badge per missing control (T timeout, A auth, E encryption). */
export function labelElement(label: LaidOutLabel, palette: Palette, state: ElementState = NORMAL): SvgElement {
  const children: SvgElement[] = [
    el('rect', { x: r1(label.x), y: r1(label.y), width: r1(label.width), height: r1(label.height), rx: 4, fill: palette.labelFill, stroke: state.tone === 'accent' ? palette.accent : state.tone === 'danger' ? palette.danger : palette.edgeMuted, 'stroke-width': 0.8 }),
    el('text', { x: r1(label.x + EDGE_LABEL_PADDING), y: r1(label.y + label.height / 2 + 3.8), 'font-family': MONO_FONT, 'font-size': EDGE_LABEL_FONT_SIZE - 0.5, fill: palette.labelText }, label.text),
  ];
  let x = label.x + EDGE_LABEL_PADDING + edgeLabelTextWidth({ label: label.text }) + 3;
  for (const missing of label.missing) {
    const y = label.y + (label.height - MARKER_SIZE) / 2;
    children.push(el('g', {}, [
      el('rect', { x: r1(x), y: r1(y), width: MARKER_SIZE, height: MARKER_SIZE, rx: 2, fill: 'none', stroke: palette.marker, 'stroke-width': 0.9 }),
      el('text', { x: r1(x + MARKER_SIZE / 2), y: r1(y + MARKER_SIZE - 2.6), 'text-anchor': 'middle', 'font-family': UI_FONT, 'font-size': 8, 'font-weight': 700, fill: palette.marker }, MISSING_LETTERS[missing]),
      el('title', {}, MISSING_CONTROL_LABELS[missing]),
    ]));
    x += MARKER_SIZE + MARKER_GAP;
  }
  return el('g', { 'data-label': label.edges.join(' '), opacity: state.tone === 'dim' ? palette.dimmed : undefined }, children);
}

export interface DiagramSvgOptions {
  theme?: DiagramTheme;
  /** Elements drawn emphasised (search hits, blast radius); everything else is dimmed when given. */
  highlight?: { nodes: Iterable<string>; edges: Iterable<string>; tone: 'accent' | 'danger' };
  selected?: string;
  /** Draw the key to shapes, lines and markers under the diagram (on by default). */
  legend?: boolean;
  /** Prefix of ids inside the SVG, so several diagrams can share one HTML page. */
  idPrefix?: string;
  title?: string;
  /** An attack path of the threat model: its hops highlighted, the ones lacking controls marked (overrides `highlight`). */
  attackPath?: Pick<AttackPath, 'components' | 'flows' | 'missingControls'>;
}

/** States of every element for a highlight and a selection (shared with the on-screen view). */
export function elementStates(layout: DiagramLayout, options: Pick<DiagramSvgOptions, 'highlight' | 'selected'>): { node(id: string): ElementState; edge(id: string): ElementState; label(label: LaidOutLabel): ElementState; group(id: string): ElementState } {
  const nodes = options.highlight ? new Set(options.highlight.nodes) : null;
  const edges = options.highlight ? new Set(options.highlight.edges) : null;
  const tone = options.highlight?.tone ?? 'accent';
  return {
    node: (id) => ({ tone: !nodes ? 'normal' : nodes.has(id) ? tone : 'dim', selected: id === options.selected }),
    edge: (id) => ({ tone: !edges ? 'normal' : edges.has(id) ? tone : 'dim' }),
    label: (label) => ({ tone: !edges ? 'normal' : label.edges.some((id) => edges.has(id)) ? tone : 'dim' }),
    group: () => ({ tone: 'normal' }),
  };
}

const LEGEND_HEIGHT = 64;

/** The outline of an inferred component: dotted, apart from the dashes of external systems. */
const INFERRED_DASH = '2 3';

/** The legend's items below the diagram, and how wide they reach. */
function legendItems(palette: Palette, idPrefix: string, y: number, options: { inferred: boolean; twoWay: boolean }): { items: SvgElement[]; extent: number } {
  const items: SvgElement[] = [];
  const text = (x: number, baseline: number, label: string) => el('text', { x, y: baseline, 'font-family': UI_FONT, 'font-size': 11, fill: palette.textMuted }, label);
  let x = 16;
  const kinds = ['service', 'gateway', 'datastore', 'cache', 'queue', 'external', 'client', 'job'] as const;
  for (const kind of kinds) {
    items.push(el('path', { d: KIND_GLYPHS[kind], transform: `translate(${x},${y + 8})`, fill: 'none', stroke: palette.kinds[kind], 'stroke-width': 1.3 }));
    items.push(text(x + 21, y + 20, kind));
    x += 30 + kind.length * 6.5;
  }
  if (options.inferred) {
    items.push(el('rect', { x, y: y + 8, width: 22, height: 14, rx: 3, fill: 'none', stroke: palette.textMuted, 'stroke-width': 1.2, 'stroke-dasharray': INFERRED_DASH }));
    items.push(text(x + 28, y + 20, 'inferred'));
    x += 28 + 'inferred'.length * 6.5;
  }
  const y2 = y + 40;
  items.push(el('path', { d: `M16,${y2} H56`, stroke: palette.edge, 'stroke-width': 1.3, 'marker-end': `url(#${idPrefix}-arrow-normal)` }));
  items.push(text(62, y2 + 4, 'synchronous'));
  items.push(el('path', { d: `M150,${y2} H190`, stroke: palette.edge, 'stroke-width': 1.3, 'stroke-dasharray': '6 4', 'marker-end': `url(#${idPrefix}-open-normal)` }));
  items.push(text(196, y2 + 4, 'asynchronous'));
  let mx = 296;
  if (options.twoWay) {
    // A request and its response between the same two components are one line with an arrowhead at each end.
    items.push(el('path', { d: `M${mx},${y2} H${mx + 40}`, stroke: palette.edge, 'stroke-width': 1.3, 'marker-start': `url(#${idPrefix}-arrow-normal)`, 'marker-end': `url(#${idPrefix}-arrow-normal)` }));
    items.push(text(mx + 46, y2 + 4, 'a flow each way'));
    mx += 46 + 'a flow each way'.length * 6 + 14;
  }
  for (const [missing, letter] of Object.entries(MISSING_LETTERS) as Array<[keyof typeof MISSING_LETTERS, string]>) {
    items.push(el('rect', { x: mx, y: y2 - 6, width: MARKER_SIZE, height: MARKER_SIZE, rx: 2, fill: 'none', stroke: palette.marker, 'stroke-width': 0.9 }));
    items.push(el('text', { x: mx + MARKER_SIZE / 2, y: y2 + 2.4, 'text-anchor': 'middle', 'font-family': UI_FONT, 'font-size': 8, 'font-weight': 700, fill: palette.marker }, letter));
    items.push(text(mx + 16, y2 + 4, MISSING_CONTROL_LABELS[missing]));
    mx += 30 + MISSING_CONTROL_LABELS[missing].length * 6;
  }
  return { items, extent: Math.max(x, mx) + 8 };
}

/** The whole diagram as a standalone SVG document (inline colours, escaped text), as drawn on screen. */
export function renderDiagramSvg(model: Pick<SystemModel, 'project'> | null, layout: DiagramLayout, options: DiagramSvgOptions = {}): string {
  const palette = PALETTES[options.theme ?? 'light'];
  const idPrefix = (options.idPrefix ?? 'abd').replace(/[^A-Za-z0-9_-]/g, '');
  const overlay = options.attackPath ? attackPathOverlay(layout, options.attackPath) : null;
  const states = elementStates(layout, overlay ? { ...options, highlight: { nodes: overlay.nodes, edges: overlay.edges, tone: 'danger' } } : options);
  const legend = (options.legend ?? true)
    ? legendItems(palette, idPrefix, layout.height + 4, { inferred: layout.graph.nodes.some((node) => node.inferred), twoWay: layout.graph.edges.some((edge) => edge.reverse) })
    : undefined;
  const width = Math.max(layout.width, legend ? Math.max(720, legend.extent) : 0);
  const height = layout.height + (legend ? LEGEND_HEIGHT : 0);
  const title = options.title ?? (model?.project?.name ? `${model.project.name}: system diagram` : 'System diagram');
  const groups = [...layout.graph.groups].sort((a, b) => depthOf(layout, a.id) - depthOf(layout, b.id));
  const body: SvgElement[] = [
    el('title', {}, title),
    markerDefs(palette, idPrefix),
    el('rect', { x: 0, y: 0, width: r1(width), height: r1(height), fill: palette.background }),
    ...groups.filter((g) => layout.groups[g.id]).map((g) => groupElement(g, layout.groups[g.id], palette, states.group(g.id))),
    el('g', { 'data-layer': 'edges' }, layout.graph.edges.filter((e) => layout.edges[e.id]).map((e) => edgeElement(e, layout.edges[e.id], palette, idPrefix, states.edge(e.id)))),
    el('g', { 'data-layer': 'labels' }, layout.labels.map((label) => labelElement(label, palette, states.label(label)))),
    el('g', { 'data-layer': 'nodes' }, layout.graph.nodes.filter((n) => layout.nodes[n.id]).map((n) => nodeElement(n, layout.nodes[n.id], palette, states.node(n.id)))),
    // Above the nodes: the missing controls must stay readable.
    ...(overlay?.hops.length ? [el('g', { 'data-layer': 'attack-path' }, overlay.hops.map((hop) => attackHopElement(hop, palette)))] : []),
  ];
  if (legend) body.push(el('g', { 'data-legend': '' }, [el('line', { x1: 0, x2: width, y1: layout.height + 4, y2: layout.height + 4, stroke: palette.groupStroke, 'stroke-width': 0.6 }), ...legend.items]));
  const svg = el('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${r1(width)} ${r1(height)}`, width: r1(width), height: r1(height), role: 'img', 'aria-label': title }, body);
  return serialize(svg);
}

function depthOf(layout: DiagramLayout, id: string): number {
  let depth = 0;
  for (let g = layout.graph.groups.find((x) => x.id === id); g?.parent; g = layout.graph.groups.find((x) => x.id === g!.parent)) depth++;
  return depth;
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
