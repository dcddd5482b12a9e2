import type { Point } from './geometry.js';

/**
 * Count edge crossings of drawn polylines: the number of points where a segment of one edge passes
 * through the inside of a segment of another edge. Shared endpoints, T-junctions where a bundle branches
 * and collinear overlaps (edges drawn along the same line) are not crossings. Segments of one edge never
 * cross each other here. Orthogonal segments go through a sorted scan; slanted ones (rare: other
 * algorithms, hand-drawn connectors) are compared with everything.
 */
export function countCrossings(edges: Iterable<readonly Point[]>, epsilon = 0.5): number {
  const horizontal: Array<{ y: number; x1: number; x2: number; edge: number }> = [];
  const vertical: Array<{ x: number; y1: number; y2: number; edge: number }> = [];
  const slanted: Array<{ a: Point; b: Point; edge: number }> = [];
  let index = 0;
  for (const points of edges) {
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      if (Math.abs(a.y - b.y) <= epsilon && Math.abs(a.x - b.x) > epsilon) horizontal.push({ y: (a.y + b.y) / 2, x1: Math.min(a.x, b.x), x2: Math.max(a.x, b.x), edge: index });
      else if (Math.abs(a.x - b.x) <= epsilon && Math.abs(a.y - b.y) > epsilon) vertical.push({ x: (a.x + b.x) / 2, y1: Math.min(a.y, b.y), y2: Math.max(a.y, b.y), edge: index });
      else if (Math.abs(a.x - b.x) > epsilon || Math.abs(a.y - b.y) > epsilon) slanted.push({ a, b, edge: index });
    }
    index++;
  }
  // One crossing per pair of edges and point, even when a polyline passes the same point twice.
  const seen = new Set<string>();
  const record = (e1: number, e2: number, x: number, y: number): number => {
    const key = `${Math.min(e1, e2)},${Math.max(e1, e2)},${Math.round(x)},${Math.round(y)}`;
    if (seen.has(key)) return 0;
    seen.add(key);
    return 1;
  };

  let count = 0;
  horizontal.sort((p, q) => p.y - q.y);
  const ys = horizontal.map((h) => h.y);
  for (const v of vertical) {
    for (let i = lowerBound(ys, v.y1 + epsilon); i < horizontal.length && horizontal[i].y < v.y2 - epsilon; i++) {
      const h = horizontal[i];
      if (h.edge === v.edge || h.y <= v.y1 + epsilon) continue;
      if (v.x > h.x1 + epsilon && v.x < h.x2 - epsilon) count += record(h.edge, v.edge, v.x, h.y);
    }
  }
  const all = [
    ...horizontal.map((h) => ({ a: { x: h.x1, y: h.y }, b: { x: h.x2, y: h.y }, edge: h.edge })),
    ...vertical.map((v) => ({ a: { x: v.x, y: v.y1 }, b: { x: v.x, y: v.y2 }, edge: v.edge })),
  ];
  for (let i = 0; i < slanted.length; i++) {
    const s = slanted[i];
    for (const t of [...all, ...slanted.slice(i + 1)]) {
      if (t.edge === s.edge) continue;
      const hit = properIntersection(s.a, s.b, t.a, t.b, epsilon);
      if (hit) count += record(s.edge, t.edge, hit.x, hit.y);
    }
  }
  return count;
}

function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The point where two segments cross inside both (not at an end, not collinear), or null. */
function properIntersection(p1: Point, p2: Point, p3: Point, p4: Point, epsilon: number): Point | null {
  const d = (p2.x - p1.x) * (p4.y - p3.y) - (p2.y - p1.y) * (p4.x - p3.x);
  if (Math.abs(d) < 1e-9) return null;
  const t = ((p3.x - p1.x) * (p4.y - p3.y) - (p3.y - p1.y) * (p4.x - p3.x)) / d;
  const u = ((p3.x - p1.x) * (p2.y - p1.y) - (p3.y - p1.y) * (p2.x - p1.x)) / d;
  const len1 = Math.hypot(p2.x - p1.x, p2.y - p1.y);
  const len2 = Math.hypot(p4.x - p3.x, p4.y - p3.y);
  const e1 = epsilon / len1;
  const e2 = epsilon / len2;
  if (t <= e1 || t >= 1 - e1 || u <= e2 || u >= 1 - e2) return null;
  return { x: p1.x + t * (p2.x - p1.x), y: p1.y + t * (p2.y - p1.y) };
}

/** Polylines of every edge of an ELK result (absolute coordinates, nested graphs included). */
export function elkEdgePolylines(graph: ElkLikeResult): Point[][] {
  const out: Point[][] = [];
  const walk = (node: ElkLikeResult, dx: number, dy: number) => {
    for (const edge of node.edges ?? []) {
      for (const section of edge.sections ?? []) {
        out.push([section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x + dx, y: p.y + dy })));
      }
    }
    for (const child of node.children ?? []) walk(child, dx + (child.x ?? 0), dy + (child.y ?? 0));
  };
  walk(graph, 0, 0);
  return out;
}

/** The shape of an ELK result the helper above reads. */
export interface ElkLikeResult {
  x?: number;
  y?: number;
  children?: ElkLikeResult[];
  edges?: Array<{ sections?: Array<{ startPoint: Point; endPoint: Point; bendPoints?: Point[] }> }>;
}
