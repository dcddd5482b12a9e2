/**
 * Attack-path mode: one path of the threat model drawn on the system diagram. Its components and hop
 * edges are highlighted (everything else dims, as in blast-radius mode) and each hop that lacks controls
 * gets a red dashed overlay with the missing controls spelled out, on screen and in the exported SVG.
 */
import type { AttackPath } from '../model/system-analysis.js';
import { UI_FONT, type Palette } from './diagram-style.js';
import { polylineMidpoint, type Point, type Rect } from './geometry.js';
import { el, type SvgElement } from './svg-element.js';
import type { DiagramLayout } from './system-layout.js';
import { textWidth } from './text-metrics.js';

/** A hop of the path with the controls it lacks, where it is drawn. */
export interface AttackHopMark {
  /** The diagram edge the hop's flow is drawn on. */
  edge: string;
  flow: string;
  points: Point[];
  /** Control names, e.g. `auth`, `encryption`. */
  missing: string[];
  /** Where the text goes (world coordinates). */
  label: Rect & { text: string };
}

export interface AttackPathOverlay {
  nodes: Set<string>;
  edges: Set<string>;
  hops: AttackHopMark[];
}

const LABEL_FONT_SIZE = 12.5;
const LABEL_HEIGHT = 21;

/** The path's nodes and edges on this layout (components inside a collapsed boundary light the boundary up). */
export function attackPathOverlay(layout: DiagramLayout, path: Pick<AttackPath, 'components' | 'flows' | 'missingControls'>): AttackPathOverlay {
  const nodeOf = new Map<string, string>();
  for (const node of layout.graph.nodes) for (const member of node.members) nodeOf.set(member, node.id);
  const nodes = new Set(path.components.map((id) => nodeOf.get(id)).filter((id): id is string => !!id && !!layout.nodes[id]));
  const edgeOf = new Map<string, string>();
  for (const edge of layout.graph.edges) for (const flow of edge.flows) edgeOf.set(flow, edge.id);
  const edges = new Set<string>();
  const hops: AttackHopMark[] = [];
  for (const flow of path.flows) {
    const edge = edgeOf.get(flow);
    if (!edge || !layout.edges[edge]?.length) continue;
    edges.add(edge);
    const missing = [...new Set(path.missingControls.filter((m) => m.flow === flow).map((m) => m.control))];
    if (!missing.length || hops.some((h) => h.edge === edge)) continue;
    const points = layout.edges[edge];
    const text = `missing: ${missing.join(', ')}`;
    const width = textWidth(text, LABEL_FONT_SIZE) + 14;
    const { point, horizontal } = polylineMidpoint(points);
    // Beside the line, not on it: above a horizontal piece, to the right of a vertical one.
    const label = horizontal
      ? { x: point.x - width / 2, y: point.y - LABEL_HEIGHT - 6, width, height: LABEL_HEIGHT, text }
      : { x: point.x + 8, y: point.y - LABEL_HEIGHT / 2, width, height: LABEL_HEIGHT, text };
    hops.push({ edge, flow, points, missing, label });
  }
  return { nodes, edges, hops };
}

/** A hop lacking controls: a red dashed line over the flow and a label naming the missing controls. */
export function attackHopElement(hop: AttackHopMark, palette: Palette): SvgElement {
  const d = hop.points.map((p, i) => `${i ? 'L' : 'M'}${r1(p.x)},${r1(p.y)}`).join(' ');
  return el('g', { 'data-attack-hop': hop.edge, 'data-missing': hop.missing.join(' ') }, [
    el('path', { d, fill: 'none', stroke: palette.danger, 'stroke-width': 3.2, 'stroke-dasharray': '7 5', 'stroke-linecap': 'round' }),
    el('rect', { x: r1(hop.label.x), y: r1(hop.label.y), width: r1(hop.label.width), height: hop.label.height, rx: 4, fill: palette.labelFill, stroke: palette.danger, 'stroke-width': 1.4 }),
    el('text', { x: r1(hop.label.x + 7), y: r1(hop.label.y + hop.label.height / 2 + 4.5), 'font-family': UI_FONT, 'font-size': LABEL_FONT_SIZE, 'font-weight': 700, fill: palette.danger }, hop.label.text),
    el('title', {}, `${hop.flow}: ${hop.missing.join(', ')} missing`),
  ]);
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
