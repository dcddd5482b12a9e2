import type { SystemModel } from '../../shared/model/model.js';
import type { SchemaInfo } from '../../shared/contract/schema.js';
import type { SystemAnalysis } from '../../shared/contract/system.js';
import type { StoreDatabase } from './store.js';

const bool = (value: boolean | undefined) => (value === undefined ? null : value ? 1 : 0);

/**
 * Replace the store's model tables with `model` in one transaction (custom SQL rules read these).
 * Returns the model as JSON (what `meta.model` holds), so callers need not serialize it again; a caller that has
 * that JSON already passes it. An unchanged model is not written again.
 */
export function writeModelTables(db: StoreDatabase, model: SystemModel, json = JSON.stringify(model)): string {
  // The tables are written together with meta.model in one transaction: the same JSON means the same rows.
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'model'").pluck().get() as string | undefined;
  if (stored === json) return json;
  const insertComponent = db.prepare(`INSERT OR REPLACE INTO components (id, name, kind, replicas, internet_facing, criticality, data_classification, file, line, data)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertFlow = db.prepare(`INSERT OR REPLACE INTO flows (id, from_id, to_id, protocol, sync, encrypted, authentication, timeout_ms, retries, file, line, data)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertBoundary = db.prepare('INSERT OR REPLACE INTO trust_boundaries (id, name, kind, data) VALUES (?, ?, ?, ?)');
  const insertMember = db.prepare('INSERT OR IGNORE INTO boundary_members (boundary_id, component_id) VALUES (?, ?)');
  const insertEndpoint = db.prepare(`INSERT OR REPLACE INTO endpoints (file, id, component, protocol, method, path, operation_id, secured, deprecated, line, data)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTable = db.prepare('INSERT OR REPLACE INTO db_tables (schema_name, name, rls_enabled, file, line, data) VALUES (?, ?, ?, ?, ?, ?)');
  const insertDiagnostic = db.prepare('INSERT INTO diagnostics (file, line, col, severity, code, message) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const table of ['components', 'flows', 'trust_boundaries', 'boundary_members', 'endpoints', 'db_tables', 'diagnostics']) db.exec(`DELETE FROM ${table}`);
    for (const c of model.components) {
      insertComponent.run(c.id, c.name, c.kind, c.replicas ?? null, c.internetFacing ? 1 : 0, c.criticality ?? null, c.dataClassification ?? null, c.source.file, c.source.line, JSON.stringify(c));
    }
    for (const f of model.flows) {
      insertFlow.run(f.id, f.from, f.to, f.protocol ?? null, bool(f.sync), bool(f.encrypted), f.authentication ?? null, f.timeoutMs ?? null, f.retries ?? null, f.source.file, f.source.line, JSON.stringify(f));
    }
    for (const b of model.trustBoundaries) {
      insertBoundary.run(b.id, b.name, b.kind, JSON.stringify(b));
      for (const member of b.components) insertMember.run(b.id, member);
    }
    for (const e of model.endpoints) {
      const secured = e.security.some((requirement) => Object.keys(requirement).length > 0) ? 1 : 0;
      insertEndpoint.run(e.source.file, e.id, e.component ?? null, e.protocol, e.method, e.path, e.operationId ?? null, secured, e.deprecated ? 1 : 0, e.source.line, JSON.stringify(e));
    }
    for (const t of model.tables) insertTable.run(t.schema, t.name, t.rlsEnabled ? 1 : 0, t.source?.file ?? null, t.source?.line ?? null, JSON.stringify(t));
    for (const d of model.diagnostics) insertDiagnostic.run(d.file, d.line, d.column ?? null, d.severity, d.code, d.message);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('model', ?)").run(json);
  })();
  return json;
}

/** The model of the latest analysis, or undefined before the first one. */
export function readModel(db: StoreDatabase): SystemModel | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'model'").get() as { value: string } | undefined;
  return row ? JSON.parse(row.value) : undefined;
}

/** Keep the replayed database's plan and catalog for the Schema view. */
export function writeSchemaInfo(db: StoreDatabase, info: SchemaInfo): void {
  const { plan, supabase, schema, missing, timings } = info;
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)").run(JSON.stringify({ plan, supabase, schema, missing, timings }));
}

/** The Schema view's data, or null before the first replay. */
export function readSchemaInfo(db: StoreDatabase): SchemaInfo | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: string } | undefined;
  return row ? JSON.parse(row.value) : null;
}

/** Keep the threat model and reliability report of the latest analysis for the Threats and Reliability views. */
export function writeSystemAnalysis(db: StoreDatabase, analysis: SystemAnalysis): void {
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('system', ?)").run(JSON.stringify(analysis));
}

/** The latest threat model and reliability report, or null before the first analysis. */
export function readSystemAnalysis(db: StoreDatabase): SystemAnalysis | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'system'").get() as { value: string } | undefined;
  return row ? JSON.parse(row.value) : null;
}
