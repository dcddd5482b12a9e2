import type { FindingsResult } from '../../../shared/contract/index.js';
import type { Finding, RuleMeta } from '../../../shared/model/finding.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { createStore, useStore } from '../../state/store.js';

/** A finding of the latest run, marked new when the run before did not have it. */
export type AnalysedFinding = Finding & { isNew: boolean };

/** The run under way, as `analysis.progress` reports it (phase is null until the first progress event). */
export interface RunningAnalysis {
  runId: number | null;
  phase: string | null;
  done: number;
  total: number;
  /** `performance.now()` when the renderer first saw it. */
  since: number;
  /** The user asked to cancel; waiting for `analysis.done`. */
  cancelling: boolean;
}

/** How the last run ended, as `analysis.done` reported it. */
export interface LastRun {
  runId: number;
  status: 'done' | 'cancelled' | 'failed';
  ms: number;
  error?: string;
  /** Wall-clock time it ended (ms since the epoch). */
  at: number;
}

export interface AnalysisState {
  /** True once the first findings / model answer for the open project arrived. */
  loaded: boolean;
  running: RunningAnalysis | null;
  /** Findings of the latest finished run (null before the first one). */
  result: FindingsResult | null;
  findings: AnalysedFinding[];
  model: SystemModel | null;
  /** Rule metadata by id (rationale, remediation, references), when main provides it. */
  rules: ReadonlyMap<string, RuleMeta>;
  lastRun: LastRun | null;
}

const initial: AnalysisState = { loaded: false, running: null, result: null, findings: [], model: null, rules: new Map(), lastRun: null };

export const analysisStore = createStore<AnalysisState>(initial);

/** Forget everything about the previous project. */
export function resetAnalysis(): void {
  analysisStore.set({ ...initial, rules: analysisStore.get().rules });
}

/** Subscribe a component to a slice of the analysis state. */
export function useAnalysis<T>(selector: (state: AnalysisState) => T): T {
  return useStore(analysisStore, selector);
}
