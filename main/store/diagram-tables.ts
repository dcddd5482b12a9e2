import type { DiagramKind, DiagramPin } from '../../shared/contract/diagram.js';
import type { LayoutCache } from '../../shared/diagram/elk-runner.js';
import type { StoreDatabase } from './store.js';

/** Laid-out boxes kept per diagram; the least recently used go first past this many. */
export const LAYOUT_ROWS_KEPT = 4000;

/** Every pinned position of a diagram. */
export function readPins(db: StoreDatabase, diagram: DiagramKind): DiagramPin[] {
  return db.prepare('SELECT node_id AS id, x, y FROM diagram_pins WHERE diagram = ? ORDER BY node_id').all(diagram) as DiagramPin[];
}

/** Pin nodes (upsert); other pins stay. */
export function writePins(db: StoreDatabase, diagram: DiagramKind, pins: readonly DiagramPin[], now = new Date()): void {
  const upsert = db.prepare(`INSERT INTO diagram_pins (diagram, node_id, x, y, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (diagram, node_id) DO UPDATE SET x = excluded.x, y = excluded.y, updated_at = excluded.updated_at`);
  const at = now.toISOString();
  db.transaction(() => { for (const pin of pins) upsert.run(diagram, pin.id, pin.x, pin.y, at); })();
}

/** Unpin the given nodes, or all of the diagram's. */
export function clearPins(db: StoreDatabase, diagram: DiagramKind, ids?: readonly string[]): void {
  if (!ids) {
    db.prepare('DELETE FROM diagram_pins WHERE diagram = ?').run(diagram);
    return;
  }
  const remove = db.prepare('DELETE FROM diagram_pins WHERE diagram = ? AND node_id = ?');
  db.transaction(() => { for (const id of ids) remove.run(diagram, id); })();
}

/** Every laid-out box the store holds for a diagram, by cache key. */
export function readLayoutEntries(db: StoreDatabase, diagram: DiagramKind): Record<string, unknown> {
  const rows = db.prepare('SELECT key, data FROM diagram_layouts WHERE diagram = ?').all(diagram) as Array<{ key: string; data: string }>;
  const entries: Record<string, unknown> = {};
  for (const row of rows) entries[row.key] = JSON.parse(row.data);
  return entries;
}

/** Keep laid-out boxes (and mark them used now), then drop the least recently used past the bound. */
export function writeLayoutEntries(db: StoreDatabase, diagram: DiagramKind, entries: Record<string, unknown>, modelHash: string | null = null): number {
  const upsert = db.prepare(`INSERT INTO diagram_layouts (diagram, key, model_hash, data, used_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (diagram, key) DO UPDATE SET data = excluded.data, used_at = excluded.used_at, model_hash = coalesce(excluded.model_hash, diagram_layouts.model_hash)`);
  const now = Date.now();
  const keys = Object.keys(entries);
  db.transaction(() => {
    for (const key of keys) upsert.run(diagram, key, modelHash, JSON.stringify(entries[key]), now);
    pruneLayouts(db, diagram);
  })();
  return keys.length;
}

function pruneLayouts(db: StoreDatabase, diagram: DiagramKind): void {
  db.prepare(`DELETE FROM diagram_layouts WHERE diagram = ? AND key IN (
    SELECT key FROM diagram_layouts WHERE diagram = ? ORDER BY used_at DESC LIMIT -1 OFFSET ?)`).run(diagram, diagram, LAYOUT_ROWS_KEPT);
}

/**
 * The store as a layout cache (for main's own layouts): reads a box when asked, collects what was
 * laid out or used, and writes them with `flush` in one transaction.
 */
export function storeLayoutCache<T>(db: StoreDatabase, diagram: DiagramKind): LayoutCache<T> & { flush(modelHash: string | null): number } {
  const select = db.prepare('SELECT data FROM diagram_layouts WHERE diagram = ? AND key = ?');
  const touch = db.prepare('UPDATE diagram_layouts SET used_at = ?, model_hash = coalesce(?, model_hash) WHERE diagram = ? AND key = ?');
  const read = new Map<string, T>();
  const laidOut = new Map<string, T>();
  return {
    get(key) {
      const hit = laidOut.get(key) ?? read.get(key);
      if (hit !== undefined) return hit;
      const row = select.get(diagram, key) as { data: string } | undefined;
      if (!row) return undefined;
      const value = JSON.parse(row.data) as T;
      read.set(key, value);
      return value;
    },
    set(key, value) {
      laidOut.set(key, value);
    },
    flush(modelHash) {
      const now = Date.now();
      db.transaction(() => { for (const key of read.keys()) touch.run(now, modelHash, diagram, key); })();
      return writeLayoutEntries(db, diagram, Object.fromEntries(laidOut), modelHash) + read.size;
    },
  };
}
