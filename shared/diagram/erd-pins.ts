import type { ErdEdge, ErdLayout, ErdTable } from './erd-layout.js';
import { rowCentre } from './erd-layout.js';
import type { Point, Rect } from './geometry.js';
import { dedupe, grow, type PinnedPositions } from './pins.js';

/** Room inside a schema box around a table moved into it (the box's title sits in the top padding). */
const SCHEMA_PADDING = { top: 40, left: 20, bottom: 20, right: 20 };

/**
 * Put the tables the user dragged where they were left: top-left relative to their schema box as ELK placed it
 * (absolute when there is one schema), so a pinned table moves with its schema when the rest is laid out again.
 * Foreign keys to and from a moved table are drawn again from row to row, and schema boxes grow to hold it.
 */
export function applyErdPins(layout: ErdLayout, pins: PinnedPositions): ErdLayout {
  const origins = layout.schemaOrigins ?? layout.schemas;
  const rects = { ...layout.rects };
  const schemas = { ...layout.schemas };
  const byId = new Map(layout.tables.map((table) => [table.id, table]));
  const moved = new Set<string>();
  for (const [id, pin] of Object.entries(pins)) {
    const table = byId.get(id);
    const rect = rects[id];
    if (!table || !rect || !Number.isFinite(pin.x) || !Number.isFinite(pin.y)) continue;
    const origin = origins[table.schema] ?? { x: 0, y: 0 };
    rects[id] = { ...rect, x: origin.x + pin.x, y: origin.y + pin.y };
    moved.add(id);
    if (schemas[table.schema]) schemas[table.schema] = grow(schemas[table.schema], rects[id], SCHEMA_PADDING);
  }
  if (!moved.size) return layout;
  const edges = layout.edges.map((edge): ErdEdge => {
    if (!moved.has(edge.from) && !moved.has(edge.to)) return edge;
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to || !rects[edge.from] || !rects[edge.to]) return edge;
    return { ...edge, points: rowConnector(rects[edge.from], rowY(from, edge.fromColumn), rects[edge.to], rowY(to, edge.toColumn), edge.from === edge.to) };
  });
  let width = layout.width;
  let height = layout.height;
  for (const rect of [...Object.values(rects), ...Object.values(schemas)]) {
    width = Math.max(width, rect.x + rect.width + 16);
    height = Math.max(height, rect.y + rect.height + 16);
  }
  return { ...layout, rects, schemas, edges, width, height, schemaOrigins: origins, pinned: [...moved] };
}

/** Where a column's row is, from the table's top (its header when the row is not drawn). */
function rowY(table: ErdTable, column: string): number {
  const index = table.columns.findIndex((c) => c.name === column);
  return index >= 0 ? rowCentre(index) : rowCentre(0) - 10;
}

/**
 * From the referencing row to the referenced row: out of the side facing the other table, one vertical run
 * between them; a table referencing itself loops out of its right side.
 */
export function rowConnector(from: Rect, fromRow: number, to: Rect, toRow: number, self = false): Point[] {
  const y1 = from.y + fromRow;
  const y2 = to.y + toRow;
  if (self) {
    const x = from.x + from.width;
    return [{ x, y: y1 }, { x: x + 20, y: y1 }, { x: x + 20, y: y2 }, { x, y: y2 }];
  }
  if (to.x - (from.x + from.width) >= 24) {
    const midX = Math.round((from.x + from.width + to.x) / 2);
    return dedupe([{ x: from.x + from.width, y: y1 }, { x: midX, y: y1 }, { x: midX, y: y2 }, { x: to.x, y: y2 }]);
  }
  if (from.x - (to.x + to.width) >= 24) {
    const midX = Math.round((from.x + to.x + to.width) / 2);
    return dedupe([{ x: from.x, y: y1 }, { x: midX, y: y1 }, { x: midX, y: y2 }, { x: to.x + to.width, y: y2 }]);
  }
  // One above the other: round the right of both.
  const side = Math.max(from.x + from.width, to.x + to.width) + 20;
  return dedupe([{ x: from.x + from.width, y: y1 }, { x: side, y: y1 }, { x: side, y: y2 }, { x: to.x + to.width, y: y2 }]);
}
