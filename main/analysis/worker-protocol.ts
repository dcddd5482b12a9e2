import type { RunSummary } from '../../shared/contract/analysis.js';

import type { SqlRunResult } from '../../shared/contract/sql.js';

/** Messages from main to the analysis worker. */
export type WorkerRequest =
  | { type: 'run'; runId: number; root: string; storePath: string; cacheDir: string; today?: string }
  | { type: 'sql'; id: number; cacheDir: string; sql: string; explain: 'off' | 'plan' | 'analyze'; maxRows?: number }
  | { type: 'sql-reset'; id: number; cacheDir: string };

/** Messages from the analysis worker to main. */
export type WorkerReply =
  | { type: 'progress'; runId: number; phase: string; done: number; total: number }
  | { type: 'done'; runId: number; summary: RunSummary; ms: number; reimported: string[]; timings: Record<string, number>;
      counts: { components: number; flows: number; endpoints: number; diagnostics: number } }
  | { type: 'failed'; runId: number; message: string }
  /** The system diagram of that run's model is laid out in the store (after `done`). */
  | { type: 'layout-stored'; runId: number; modelHash: string; boxes: number }
  | { type: 'sql-result'; id: number; result?: SqlRunResult; reset?: boolean; error?: string };
