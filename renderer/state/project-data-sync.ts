import { ClientError, invoke, on, onConnectionChange } from '../api/client.js';
import type { ArgsOf, Method, ResultOf } from '../../shared/contract/index.js';
import { reportError } from './output.js';
import { workbench } from './workbench-store.js';

export interface ProjectDataSync {
  /** Fetch now; a fetch while one is running makes exactly one more after it. */
  refresh(): Promise<void>;
  /** Follow the open project: fetch on open, after the given events, and after a reconnect. */
  start(): void;
}

/**
 * Keeps one piece of the open project's data (the schema, the threat model, ...) in a renderer store. Answers
 * about a project that is no longer open are dropped; overlapping fetches coalesce (analysis.done and
 * model.changed often arrive together); `no-project` and `disconnected` are not errors to show.
 */
export function projectDataSync<M extends Method>(options: {
  method: M;
  args: ArgsOf<M>;
  /** Events after which the data is fetched again. */
  refreshOn: ReadonlyArray<'analysis.done' | 'model.changed'>;
  apply(value: Awaited<ResultOf<M>>): void;
  fail(message: string): void;
  reset(): void;
  /** Title of the error shown in the Output panel, e.g. "Could not read the schema". */
  errorTitle: string;
}): ProjectDataSync {
  let generation = 0;
  let fetching: Promise<void> | undefined;
  let stale = false;

  function refresh(): Promise<void> {
    if (fetching) {
      stale = true;
      return fetching;
    }
    fetching = (async () => {
      do {
        stale = false;
        const asked = generation;
        try {
          const value = await invoke(options.method, options.args);
          if (asked === generation) options.apply(value);
        } catch (error) {
          if (asked !== generation) continue;
          if (error instanceof ClientError && (error.code === 'no-project' || error.code === 'disconnected')) continue;
          options.fail(error instanceof Error ? error.message : String(error));
          reportError(options.errorTitle, error);
        }
      } while (stale);
      fetching = undefined;
    })();
    return fetching;
  }

  function start(): void {
    if (options.refreshOn.includes('analysis.done')) on('analysis.done', (event) => { if (event.status === 'done') void refresh(); });
    if (options.refreshOn.includes('model.changed')) on('model.changed', () => void refresh());
    let root: string | null = null;
    workbench.subscribe(() => {
      const next = workbench.get().project?.root ?? null;
      if (next === root) return;
      root = next;
      generation++;
      options.reset();
      if (next) void refresh();
    });
    let wasDisconnected = false;
    onConnectionChange((state) => {
      if (state === 'disconnected') wasDisconnected = true;
      if (state === 'connected' && wasDisconnected && workbench.get().project) {
        wasDisconnected = false;
        void refresh();
      }
    });
  }

  return { refresh, start };
}
