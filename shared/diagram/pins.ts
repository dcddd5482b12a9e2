import type { DiagramLayout, LaidOutLabel } from './system-layout.js';
import { GROUP_PADDING } from './layout-options.js';
import { polylineMidpoint, type Point, type Rect } from './geometry.js';

/** Node positions the user pinned by dragging: top-left relative to the node's group as ELK placed it (absolute at top level). */
export type PinnedPositions = Record<string, Point>;

/**
 * Put pinned nodes where the user left them (relative to their boundary, so a pinned node moves with its
 * boundary when the rest is re-laid out), re-route their flows as simple orthogonal connectors and grow
 * the boundaries that now hold them.
 */
export function applyPins(layout: DiagramLayout, pins: PinnedPositions): DiagramLayout {
  const moved = new Set<string>();
  const nodes = { ...layout.nodes };
  const groups = { ...layout.groups };
  const groupOf = new Map(layout.graph.nodes.map((n) => [n.id, n.group]));
  const parentOf = new Map(layout.graph.groups.map((g) => [g.id, g.parent]));
  for (const [id, pin] of Object.entries(pins)) {
    const rect = nodes[id];
    if (!rect || !Number.isFinite(pin.x) || !Number.isFinite(pin.y)) continue;
    const group = groupOf.get(id) ?? null;
    // Relative to where ELK put the boundary, before any pin grew it.
    const origin = group && layout.groups[group] ? layout.groups[group] : { x: 0, y: 0 };
    nodes[id] = { ...rect, x: origin.x + pin.x, y: origin.y + pin.y };
    moved.add(id);
    // Grow the boundaries around it (innermost first) so it stays inside them.
    for (let cursor = group; cursor; cursor = parentOf.get(cursor) ?? null) {
      const box = groups[cursor];
      if (!box) break;
      groups[cursor] = grow(box, nodes[id]);
    }
  }
  if (!moved.size) return layout;
  const edges: Record<string, Point[]> = { ...layout.edges };
  const rerouted = new Set<string>();
  for (const edge of layout.graph.edges) {
    if (!moved.has(edge.from) && !moved.has(edge.to)) continue;
    const from = nodes[edge.from];
    const to = nodes[edge.to];
    if (!from || !to) continue;
    // A reverse edge stays on its pair's line (see DiagramEdge.reverse).
    edges[edge.id] = edge.reverse ? connector(to, from).reverse() : connector(from, to);
    rerouted.add(edge.id);
  }
  // A label follows its edge when it describes only re-routed edges; one shared with others stays put.
  const labels: LaidOutLabel[] = layout.labels.map((label) => {
    if (!label.edges.every((id) => rerouted.has(id))) return label;
    const { point } = polylineMidpoint(edges[label.edges[0]]);
    return { ...label, x: point.x - label.width / 2, y: point.y - label.height / 2 };
  });
  let width = layout.width;
  let height = layout.height;
  for (const rect of [...Object.values(nodes), ...Object.values(groups)]) {
    width = Math.max(width, rect.x + rect.width + 16);
    height = Math.max(height, rect.y + rect.height + 16);
  }
  return { ...layout, nodes, groups, edges, labels, width, height, groupOrigins: layout.groupOrigins ?? layout.groups, pinned: [...moved] };
}

/** `box` grown to hold `inner` with `padding` around it (a boundary or schema box around a node dragged into it). */
export function grow(box: Rect, inner: Rect, padding: { top: number; left: number; bottom: number; right: number } = GROUP_PADDING): Rect {
  const x = Math.min(box.x, inner.x - padding.left);
  const y = Math.min(box.y, inner.y - padding.top);
  const right = Math.max(box.x + box.width, inner.x + inner.width + padding.right);
  const bottom = Math.max(box.y + box.height, inner.y + inner.height + padding.bottom);
  return { x, y, width: right - x, height: bottom - y };
}

/** An orthogonal connector from the source's right side to the target's left side (around when behind). */
export function connector(from: Rect, to: Rect): Point[] {
  const start = { x: from.x + from.width, y: from.y + from.height / 2 };
  const end = { x: to.x, y: to.y + to.height / 2 };
  if (end.x - start.x >= 24) {
    const midX = Math.round((start.x + end.x) / 2);
    return dedupe([start, { x: midX, y: start.y }, { x: midX, y: end.y }, end]);
  }
  // Target behind the source: leave right, pass below (or above) both, come in from the left.
  const below = Math.max(from.y + from.height, to.y + to.height) + 20;
  const above = Math.min(from.y, to.y) - 20;
  const y = Math.abs(below - start.y) + Math.abs(below - end.y) <= Math.abs(above - start.y) + Math.abs(above - end.y) ? below : above;
  return dedupe([start, { x: start.x + 16, y: start.y }, { x: start.x + 16, y }, { x: end.x - 16, y }, { x: end.x - 16, y: end.y }, end]);
}

/** The points without consecutive repeats. */
export function dedupe(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
}
