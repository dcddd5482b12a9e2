import { ClientError, invoke, on, onConnectionChange } from '../../api/client.js';
import { reportError } from '../../state/output.js';
import { workbench } from '../../state/workbench-store.js';
import { resetSchema, schemaStore } from './schema-store.js';

/** Bumped when the project changes, so an answer about the previous project is dropped. */
let generation = 0;
/** Fetches that overlap coalesce into one more (analysis.done and model.changed often arrive together). */
let fetching: Promise<void> | undefined;
let stale = false;

/** Fetch the migration plan and the replayed catalog. */
export function refreshSchema(): Promise<void> {
  if (fetching) {
    stale = true;
    return fetching;
  }
  fetching = (async () => {
    do {
      stale = false;
      const asked = generation;
      try {
        const info = await invoke('schema.get', {});
        if (asked === generation) schemaStore.set({ info, loaded: true, error: null });
      } catch (error) {
        if (asked !== generation) continue;
        if (error instanceof ClientError && (error.code === 'no-project' || error.code === 'disconnected')) continue;
        schemaStore.set({ loaded: true, error: error instanceof Error ? error.message : String(error) });
        reportError('Could not read the schema', error);
      }
    } while (stale);
    fetching = undefined;
  })();
  return fetching;
}

/** Follow the open project's schema: fetch on open, after every analysis and model change, and after a reconnect. */
export function startSchemaSync(): void {
  on('analysis.done', (event) => { if (event.status === 'done') void refreshSchema(); });
  on('model.changed', () => void refreshSchema());
  let root: string | null = null;
  workbench.subscribe(() => {
    const next = workbench.get().project?.root ?? null;
    if (next === root) return;
    root = next;
    generation++;
    resetSchema();
    if (next) void refreshSchema();
  });
  let wasDisconnected = false;
  onConnectionChange((state) => {
    if (state === 'disconnected') wasDisconnected = true;
    if (state === 'connected' && wasDisconnected && workbench.get().project) {
      wasDisconnected = false;
      void refreshSchema();
    }
  });
}
