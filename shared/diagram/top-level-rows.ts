/**
 * The top level of a wide system diagram in rows, like lines of text.
 *
 * Layered layout reads left to right, so a long chain at the top level (a client, its network, the DMZ behind
 * it, the application network behind that) comes out several times wider than a screen, and fitting it to the
 * view shrinks every name to a few pixels. Then the top level's layers are cut into rows, in order. Each row is
 * laid out left to right on its own as an invisible box (system-layout.ts), the rows are stacked, and a flow
 * from one row to another leaves its row on the right, runs back along the gap below that row and goes down
 * (or up) the left margin into the row it enters on the left: the way a reader's eye goes from one line to the next.
 */
import type { Point } from './geometry.js';

/** The view a fitted diagram is judged by: the diagram's area in a 1440×900 window (Explorer and Output panel open), less the fit margins. */
const VIEW = { width: 1076, height: 565 };
/** Names are 13 px: at this scale they are drawn 9 px tall, about the smallest a user reads without zooming in. */
const READABLE_SCALE = 9 / 13;
/** Rows are used only when they draw the fitted diagram at least this much larger. */
const MIN_GAIN = 1.15;
const MAX_ROWS = 4;
/** Between two rows: room for the lines that wrap. */
const ROW_GAP = 44;
/** Left and right of the rows: the first lane, and the step between lanes. */
const MARGIN = 16;
const LANE_STEP = 8;
const PADDING = 16;

/** The scale a diagram of this size is drawn at when fitted into VIEW (never above 100 %, as ZoomCanvas fits). */
export function fitScale(size: { width: number; height: number }): number {
  return Math.min(1, VIEW.width / Math.max(1, size.width), VIEW.height / Math.max(1, size.height));
}

/** A top-level child (node or boundary box) where the one-row layout put it. */
export interface PlacedChild {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Column {
  left: number;
  right: number;
  top: number;
  bottom: number;
  ids: string[];
}

/**
 * Rows for a top level laid out in one row as `children` (total `size`), or null when one row is best: when
 * its names are readable fitted already, or rows would not draw them much larger. The columns are ELK's
 * layers (children overlapping in x share one); a row takes consecutive whole columns.
 */
export function planRows(children: readonly PlacedChild[], size: { width: number; height: number }): string[][] | null {
  if (fitScale(size) >= READABLE_SCALE) return null;
  const columns: Column[] = [];
  for (const child of [...children].sort((a, b) => a.x - b.x)) {
    const last = columns[columns.length - 1];
    if (last && child.x < last.right) {
      last.right = Math.max(last.right, child.x + child.width);
      last.top = Math.min(last.top, child.y);
      last.bottom = Math.max(last.bottom, child.y + child.height);
      last.ids.push(child.id);
    } else {
      columns.push({ left: child.x, right: child.x + child.width, top: child.y, bottom: child.y + child.height, ids: [child.id] });
    }
  }
  let best: { rows: Column[][]; scale: number } | null = null;
  for (let count = 2; count <= Math.min(MAX_ROWS, columns.length); count++) {
    const rows = narrowestRows(columns, count);
    const width = Math.max(...rows.map(spanWidth)) + 2 * (PADDING + MARGIN);
    const height = rows.reduce((sum, row) => sum + spanHeight(row), 0) + (count - 1) * ROW_GAP + 2 * PADDING;
    const scale = fitScale({ width, height });
    if (scale >= (best?.scale ?? fitScale(size) * MIN_GAIN)) best = { rows, scale };
  }
  return best && best.rows.map((row) => row.flatMap((column) => column.ids));
}

const spanWidth = (row: Column[]) => row[row.length - 1].right - row[0].left;
const spanHeight = (row: Column[]) => Math.max(...row.map((c) => c.bottom)) - Math.min(...row.map((c) => c.top));

/** `columns` cut into `count` runs of consecutive columns, the widest run as narrow as possible. */
function narrowestRows(columns: Column[], count: number): Column[][] {
  const n = columns.length;
  const span = (from: number, to: number) => columns[to - 1].right - columns[from].left;
  // widest[k][j]: the narrowest widest run when the first j columns make k runs; cut[k][j] where the last run starts.
  const widest = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const cut = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(0));
  widest[0][0] = 0;
  for (let k = 1; k <= count; k++) {
    for (let j = k; j <= n; j++) {
      for (let i = k - 1; i < j; i++) {
        const value = Math.max(widest[k - 1][i], span(i, j));
        if (value < widest[k][j]) {
          widest[k][j] = value;
          cut[k][j] = i;
        }
      }
    }
  }
  const rows: Column[][] = [];
  for (let k = count, j = n; k > 0; j = cut[k][j], k--) rows.unshift(columns.slice(cut[k][j], j));
  return rows;
}

/** A row as laid out: its size and its border ports (port key -> top-left of the port, relative to the row). */
export interface LaidOutRow {
  id: string;
  width: number;
  height: number;
  ports: Record<string, Point>;
}

/** A line between two rows, from a port on the right side of one to a port on the left side of the other. */
export interface RowLink {
  key: string;
  from: { row: string; port: string };
  to: { row: string; port: string };
}

/** The top level in rows: rows stacked, left-aligned, with room for the lanes; each link routed round the rows' ends. */
export function stackRows(rows: readonly LaidOutRow[], links: readonly RowLink[]): { width: number; height: number; children: Record<string, Point>; segments: Record<string, { points: Point[] }> } {
  const index = new Map(rows.map((row, i) => [row.id, i]));
  // Lines into the same port share a lane on the left; lines out of the same port share their row's gap and right lane.
  const targetKey = (link: RowLink) => `${link.to.row}\u0000${link.to.port}`;
  const targets = [...new Set(links.map(targetKey))];
  const sourcePorts = new Map(rows.map((row) => [row.id, [...new Set(links.filter((l) => l.from.row === row.id).map((l) => l.from.port))]]));
  const sources = (row: string) => sourcePorts.get(row)!;
  const left = PADDING + MARGIN + (targets.length - 1) * LANE_STEP;
  const lastRowLeaves = rows.length > 0 && links.some((l) => l.from.row === rows[rows.length - 1].id);
  const children: Record<string, Point> = {};
  let y = PADDING;
  for (const row of rows) {
    children[row.id] = { x: left, y };
    y += row.height + ROW_GAP;
  }
  const width = left + Math.max(0, ...rows.map((r) => r.width + MARGIN + (sources(r.id).length - 1) * LANE_STEP)) + PADDING;
  const height = y - ROW_GAP + (lastRowLeaves ? ROW_GAP : 0) + PADDING;

  const segments: Record<string, { points: Point[] }> = {};
  for (const link of links) {
    const from = rows[index.get(link.from.row)!];
    const to = rows[index.get(link.to.row)!];
    const lane = sources(from.id).indexOf(link.from.port);
    const start = { x: children[from.id].x + from.ports[link.from.port].x, y: children[from.id].y + from.ports[link.from.port].y };
    const end = { x: children[to.id].x + to.ports[link.to.port].x, y: children[to.id].y + to.ports[link.to.port].y };
    const right = children[from.id].x + from.width + MARGIN + lane * LANE_STEP;
    const gap = children[from.id].y + from.height + ROW_GAP / 2 + lane * LANE_STEP - ((sources(from.id).length - 1) * LANE_STEP) / 2;
    const leftLane = left - MARGIN - targets.indexOf(targetKey(link)) * LANE_STEP;
    segments[link.key] = { points: [start, { x: right, y: start.y }, { x: right, y: gap }, { x: leftLane, y: gap }, { x: leftLane, y: end.y }, end] };
  }
  return { width, height, children, segments };
}
