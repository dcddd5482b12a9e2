import { projectDataSync } from '../../state/project-data-sync.js';
import { resetSchema, schemaStore } from './schema-store.js';

/** The migration plan and the replayed catalog of the open project. */
const sync = projectDataSync({
  method: 'schema.get',
  args: {},
  refreshOn: ['analysis.done', 'model.changed'],
  apply: (info) => schemaStore.set({ info, loaded: true, error: null }),
  fail: (error) => schemaStore.set({ loaded: true, error }),
  reset: resetSchema,
  errorTitle: 'Could not read the schema',
});

/** Fetch the migration plan and the replayed catalog. */
export const refreshSchema = sync.refresh;

/** Follow the open project's schema: fetch on open, after every analysis and model change, and after a reconnect. */
export const startSchemaSync = sync.start;
