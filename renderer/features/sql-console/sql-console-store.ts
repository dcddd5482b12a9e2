import type { SqlRunResult } from '../../../shared/contract/index.js';
import { createStore, useStore } from '../../state/store.js';

export type RunMode = 'run' | 'plan' | 'analyze';

/** One finished console run, with where its text started in the console (a selection or one statement). */
export interface ConsoleRun {
  mode: RunMode;
  result: SqlRunResult;
  /** 1-based position in the console of the submitted text's first character. */
  origin: { line: number; column: number };
  /** Wall-clock time it finished, and how long the round trip took. */
  at: number;
  ms: number;
}

export interface SqlConsoleState {
  /** The project the console's text and results belong to. */
  root: string | null;
  /** What is running now: a statement batch, an EXPLAIN, or a reset. */
  busy: RunMode | 'reset' | null;
  run: ConsoleRun | null;
  /** A failure of the call itself (worker crashed, connection lost), not a PostgreSQL error. */
  failure: string | null;
  /** The result tab shown (index into run.result.results). */
  activeResult: number;
  /** Height of the results pane, in pixels. */
  resultsHeight: number;
  /** Reset done (a notice until the next run). */
  resetAt: number | null;
  /** Counts finished commands (runs, resets, refusals), so a test or a view can tell a new answer from the last one. */
  seq: number;
}

const initial: SqlConsoleState = { root: null, busy: null, run: null, failure: null, activeResult: 0, resultsHeight: 280, resetAt: null, seq: 0 };

export const sqlConsoleStore = createStore<SqlConsoleState>(initial);

/** Forget the previous project's results (the height stays: it is the user's layout). */
export function resetSqlConsole(root: string | null): void {
  sqlConsoleStore.set({ ...initial, root, resultsHeight: sqlConsoleStore.get().resultsHeight, seq: sqlConsoleStore.get().seq });
}

/** Subscribe a component to a slice of the console state. */
export function useSqlConsole<T>(selector: (state: SqlConsoleState) => T): T {
  return useStore(sqlConsoleStore, selector);
}
