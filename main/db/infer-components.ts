/**
 * The components a project of SQL migrations alone implies. Its migrations describe a PostgreSQL database; a
 * Supabase project's also describe the Data API (PostgREST) in front of it, which any holder of the public anon key
 * or of a user session reaches from the internet. Without them such a project has an empty diagram, no entry point
 * and no attack path, though its exposure is the point of row-level security.
 *
 * Only when nothing else in the project describes a component: otherwise the database is one of those (a compose
 * `postgres` service, a StatefulSet) and a second one made up next to it would be a duplicate.
 */
import type { Component, Flow, SystemModel } from '../../shared/model/model.js';
import type { ReplayResult } from './engine.js';

export const DATABASE_ID = 'database';
export const DATA_API_ID = 'supabase-data-api';

/** Add the database (and the Supabase Data API) the migrations describe to a model that has no component. */
export function inferDatabaseComponents(model: SystemModel, database: ReplayResult): void {
  if (model.components.length) return;
  const tables = database.tables.filter((table) => !table.system);
  if (!tables.length) return;
  const first = database.plan.migrations[0]?.path ?? tables[0].source.file;
  const source = { file: first, line: 1, column: 1 };
  const supabase = database.supabase.supabase;
  const migrations = database.plan.migrations.length;
  const described = `${tables.length} table${tables.length === 1 ? '' : 's'} from ${migrations || 'the'} SQL migration${migrations === 1 ? '' : 's'}`;
  const store: Component = {
    id: DATABASE_ID, name: supabase ? 'Supabase Postgres' : 'PostgreSQL database', kind: 'datastore', kindReason: 'sql:migrations',
    source, sources: [source], origins: ['sql'],
    properties: { inferredFrom: `the SQL migrations (${described}; no file deploys the database)` },
  };
  model.components.push(store);
  if (!supabase) return;
  const api: Component = {
    id: DATA_API_ID, name: 'Supabase Data API', kind: 'gateway', kindReason: 'supabase', source, sources: [source], origins: ['supabase'],
    internetFacing: true,
    properties: {
      inferredFrom: `the Supabase migrations (${database.supabase.reason}): PostgREST serves the exposed schemas to the anon and authenticated roles`,
      exposedBy: ['the Supabase Data API: the public anon key and every user session reach the exposed schemas'],
    },
  };
  const flow: Flow = {
    id: `${DATA_API_ID}->${DATABASE_ID}`, from: DATA_API_ID, to: DATABASE_ID, protocol: 'postgres', sync: true, inferredFrom: ['supabase'], source,
    sources: [source], authentication: "the caller's JWT role (anon or authenticated), rows filtered by row-level security",
  };
  model.components.unshift(api);
  model.flows.push(flow);
}
