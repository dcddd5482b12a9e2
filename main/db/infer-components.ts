/**
 * The components a project of SQL migrations alone implies. Its migrations describe a PostgreSQL database; a
 * Supabase project's also describe the Data API (PostgREST) in front of it, which any holder of the public anon key
 * or of a user session reaches from the internet. Without them such a project has an empty diagram, no entry point
 * and no attack path, though its exposure is the point of row-level security.
 *
 * Only when nothing in the project deploys a component: otherwise the database is one of those (a compose `postgres`
 * service, a StatefulSet) and a second one made up next to it would be a duplicate.
 */
import type { Component, SystemModel } from '../../shared/model/model.js';
import { deploymentUnknown } from '../../shared/model/inferred.js';
import { newComponent, newFlow } from '../ingest/elements.js';
import { completeAnnotation, isAnnotationOnly } from '../ingest/overlay.js';
import type { ReplayResult } from './engine.js';

export const DATABASE_ID = 'database';
export const DATA_API_ID = 'supabase-data-api';

/**
 * Add the database (and the Supabase Data API) the migrations describe to a model where nothing is deployed: no
 * component, or only the services inferred from API descriptions, which then call it (the project keeps an API and
 * its schema side by side).
 */
export function inferDatabaseComponents(model: SystemModel, database: ReplayResult): void {
  // archbench.yaml naming `database` or `supabase-data-api` without a kind annotates what the migrations imply; any other
  // component declared there is the user's design, which the inference must not double.
  const annotationOnly = (component: Component) => isAnnotationOnly(component) && (component.id === DATABASE_ID || component.id === DATA_API_ID);
  if (!model.components.every((component) => deploymentUnknown(component) || annotationOnly(component))) return;
  const tables = database.tables.filter((table) => !table.system);
  if (!tables.length) return;
  const apis = model.components.filter((component) => component.kind === 'service' && !annotationOnly(component));
  // An API titled "Database" was inferred as `database` already.
  const storeId = model.components.some((component) => component.id === DATABASE_ID && !annotationOnly(component)) ? `${DATABASE_ID}-2` : DATABASE_ID;
  const first = database.plan.migrations[0]?.path ?? tables[0].source.file;
  const source = { file: first, line: 1, column: 1 };
  const supabase = database.supabase.supabase;
  const migrations = database.plan.migrations.length;
  const described = `${tables.length} table${tables.length === 1 ? '' : 's'} from ${migrations || 'the'} SQL migration${migrations === 1 ? '' : 's'}`;
  add(model, newComponent(storeId, 'datastore', 'sql:migrations', source, 'sql', {
    name: supabase ? 'Supabase Postgres' : 'PostgreSQL database',
    properties: { inferredFrom: `the SQL migrations (${described}; no file deploys the database)` },
  }));
  for (const api of apis) {
    model.flows.push(newFlow(api.id, storeId, 'postgres', 'inferred: the API description and the SQL migrations are in the same project', api.source, { sync: true }));
  }
  if (!supabase) return;
  add(model, newComponent(DATA_API_ID, 'gateway', 'supabase', source, 'supabase', {
    name: 'Supabase Data API', internetFacing: true,
    properties: {
      inferredFrom: 'the Supabase migrations: the platform runs PostgREST, which serves the exposed schemas to the anon and authenticated roles',
      exposedBy: ['the Supabase Data API: the public anon key and every user session reach the exposed schemas'],
    },
  }), 'first');
  model.flows.push(newFlow(DATA_API_ID, storeId, 'postgres', 'supabase', source, {
    sync: true, authentication: "the caller's JWT role (anon or authenticated), rows filtered by row-level security",
  }));
}

/** Add an inferred component, or complete the archbench.yaml entry that annotates it (see completeAnnotation). */
function add(model: SystemModel, inferred: Component, at: 'first' | 'last' = 'last'): void {
  const annotated = model.components.find((component) => component.id === inferred.id);
  if (annotated) completeAnnotation(annotated, inferred);
  else if (at === 'first') model.components.unshift(inferred);
  else model.components.push(inferred);
}
