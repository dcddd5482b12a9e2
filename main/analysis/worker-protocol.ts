import type { RunSummary } from '../../shared/contract/analysis.js';

/** Messages from main to the analysis worker. */
export type WorkerRequest = { type: 'run'; runId: number; root: string; storePath: string; cacheDir: string; today?: string };

/** Messages from the analysis worker to main. */
export type WorkerReply =
  | { type: 'progress'; runId: number; phase: string; done: number; total: number }
  | { type: 'done'; runId: number; summary: RunSummary; ms: number; reimported: string[]; timings: Record<string, number>;
      counts: { components: number; flows: number; endpoints: number; diagnostics: number } }
  | { type: 'failed'; runId: number; message: string };
