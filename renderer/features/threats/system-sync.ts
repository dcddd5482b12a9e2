import { ClientError, invoke, on, onConnectionChange } from '../../api/client.js';
import { reportError } from '../../state/output.js';
import { workbench } from '../../state/workbench-store.js';
import { resetSystem, systemStore } from './system-store.js';

/** Bumped when the project changes, so an answer about the previous project is dropped. */
let generation = 0;
/** Overlapping fetches coalesce into one more. */
let fetching: Promise<void> | undefined;
let stale = false;

/** Fetch the threat model and the reliability report of the latest analysis. */
export function refreshSystem(): Promise<void> {
  if (fetching) {
    stale = true;
    return fetching;
  }
  fetching = (async () => {
    do {
      stale = false;
      const asked = generation;
      try {
        const analysis = await invoke('system.get', {});
        if (asked === generation) systemStore.set({ analysis, loaded: true, error: null });
      } catch (error) {
        if (asked !== generation) continue;
        if (error instanceof ClientError && (error.code === 'no-project' || error.code === 'disconnected')) continue;
        systemStore.set({ loaded: true, error: error instanceof Error ? error.message : String(error) });
        reportError('Could not read the threat model', error);
      }
    } while (stale);
    fetching = undefined;
  })();
  return fetching;
}

/** Follow the open project's threats and reliability: fetch on open, after every analysis, and after a reconnect. */
export function startSystemSync(): void {
  on('analysis.done', (event) => { if (event.status === 'done') void refreshSystem(); });
  let root: string | null = null;
  workbench.subscribe(() => {
    const next = workbench.get().project?.root ?? null;
    if (next === root) return;
    root = next;
    generation++;
    resetSystem();
    if (next) void refreshSystem();
  });
  let wasDisconnected = false;
  onConnectionChange((state) => {
    if (state === 'disconnected') wasDisconnected = true;
    if (state === 'connected' && wasDisconnected && workbench.get().project) {
      wasDisconnected = false;
      void refreshSystem();
    }
  });
}
