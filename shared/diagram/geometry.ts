/** Plain geometry shared by the layouts, the renderers and the crossing counter. */
export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function rectsOverlap(a: Rect, b: Rect, margin = 0): boolean {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}

export function rectContains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/** Drop repeated points, tiny jogs (< 1.5 px, from joining sub-layouts) and points in the middle of straight runs. */
export function simplifyPolyline(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x - p.x) < 1.5 && Math.abs(last.y - p.y) < 1.5) continue;
    out.push({ x: p.x, y: p.y });
  }
  // Snap near-orthogonal segments (sub-pixel differences where pieces meet) to exactly orthogonal.
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1];
    const b = out[i];
    if (Math.abs(a.x - b.x) < 1.5) b.x = a.x;
    else if (Math.abs(a.y - b.y) < 1.5) b.y = a.y;
  }
  const result: Point[] = [];
  for (const p of out) {
    while (result.length >= 2) {
      const a = result[result.length - 2];
      const b = result[result.length - 1];
      const collinear = (a.x === b.x && b.x === p.x) || (a.y === b.y && b.y === p.y);
      if (!collinear) break;
      result.pop();
    }
    result.push(p);
  }
  return result;
}

/** The bounding box of a set of rectangles (and points), or an empty rect at 0,0. */
export function boundsOf(rects: Iterable<Rect>, points: Iterable<Point> = []): Rect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  if (minX === Infinity) return { x: 0, y: 0, width: 0, height: 0 };
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** The point halfway along a polyline, and the direction of the segment it lies on. */
export function polylineMidpoint(points: readonly Point[]): { point: Point; horizontal: boolean } {
  if (points.length < 2) return { point: points[0] ?? { x: 0, y: 0 }, horizontal: true };
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.abs(points[i].x - points[i - 1].x) + Math.abs(points[i].y - points[i - 1].y);
  let remaining = total / 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const length = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    if (remaining <= length && length > 0) {
      const t = remaining / length;
      return { point: { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }, horizontal: Math.abs(b.x - a.x) >= Math.abs(b.y - a.y) };
    }
    remaining -= length;
  }
  return { point: points[points.length - 1], horizontal: true };
}
