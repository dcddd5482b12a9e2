import type { Artifact } from '../../shared/model/artifact.js';
import type { StoreDatabase } from './store.js';

interface ArtifactRow {
  path: string; kind: Artifact['kind']; detail: string | null; size: number; hash: string;
  mtime_ms: number; status: Artifact['status']; message: string | null;
}

function fromRow(row: ArtifactRow): Artifact {
  const artifact: Artifact = { path: row.path, kind: row.kind, size: row.size, hash: row.hash, mtimeMs: row.mtime_ms, status: row.status };
  if (row.detail) artifact.detail = row.detail;
  if (row.message) artifact.message = row.message;
  return artifact;
}

/** Typed access to the store's `artifacts` table. */
export class ArtifactTable {
  private readonly selectAll;
  private readonly selectOne;
  private readonly upsert;
  private readonly remove;

  constructor(private readonly db: StoreDatabase) {
    this.selectAll = db.prepare<[], ArtifactRow>('SELECT * FROM artifacts ORDER BY path');
    this.selectOne = db.prepare<[string], ArtifactRow>('SELECT * FROM artifacts WHERE path = ?');
    this.upsert = db.prepare(`INSERT INTO artifacts (path, kind, detail, size, hash, mtime_ms, status, message, updated_at)
      VALUES (@path, @kind, @detail, @size, @hash, @mtimeMs, @status, @message, @updatedAt)
      ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, detail = excluded.detail, size = excluded.size, hash = excluded.hash,
        mtime_ms = excluded.mtime_ms, status = excluded.status, message = excluded.message, updated_at = excluded.updated_at`);
    this.remove = db.prepare('DELETE FROM artifacts WHERE path = ?');
  }

  all(): Artifact[] {
    return this.selectAll.all().map(fromRow);
  }

  get(path: string): Artifact | undefined {
    const row = this.selectOne.get(path);
    return row ? fromRow(row) : undefined;
  }

  /** Write many changes in one transaction. */
  apply(changes: { put: Artifact[]; remove: string[] }): void {
    const updatedAt = new Date().toISOString();
    this.db.transaction(() => {
      for (const a of changes.put) {
        this.upsert.run({ path: a.path, kind: a.kind, detail: a.detail ?? null, size: a.size, hash: a.hash, mtimeMs: a.mtimeMs, status: a.status, message: a.message ?? null, updatedAt });
      }
      for (const path of changes.remove) this.remove.run(path);
    })();
  }
}
