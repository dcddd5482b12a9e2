import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { RpcError, type AnalysisStatus, type Events, type SqlRunResult } from '../../shared/contract/index.js';
import { RunTable } from '../store/run-table.js';
import type { StoreDatabase } from '../store/store.js';
import type { Logger } from '../log/logger.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

type Emit = <E extends keyof Events>(event: E, payload: Events[E]) => void;

/** The analysis worker's script: the bundled one next to the built CLI, or a tsx bootstrap when running from sources. */
export function defaultWorkerScript(): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return fileURLToPath(new URL('./worker-bootstrap.mjs', here));
  // Built code may sit in dist/main/ or in one of its chunks/ (the build splits the CLI into chunks).
  const bundled = fileURLToPath(new URL(here.includes('/chunks/') ? '../analysis-worker.js' : './analysis-worker.js', here));
  if (!existsSync(bundled)) throw new Error(`The analysis worker is missing at ${bundled}; run npm run build.`);
  return bundled;
}

/**
 * Runs analyses for one open project in a worker thread: one run at a time, a change during a run queues
 * exactly one more, cancel terminates the worker (SQLite rolls back its open transaction).
 */
export class AnalysisService {
  private worker?: Worker;
  private current?: { runId: number; started: number; progress?: { phase: string; done: number; total: number } };
  private rerun = false;
  private readonly runs: RunTable;
  private readonly waiters = new Map<number, Array<(status: string) => void>>();
  private readonly sqlWaiters = new Map<number, { resolve(reply: Extract<WorkerReply, { type: 'sql-result' }>): void }>();
  private nextSqlId = 1;

  constructor(
    private readonly root: string,
    private readonly storePath: string,
    db: StoreDatabase,
    private readonly emit: Emit,
    private readonly log: Logger,
    private readonly workerScript: string,
    private readonly cacheDir: string,
  ) {
    this.runs = new RunTable(db);
  }

  /** Start a run, or queue one more when a run is under way (files changed during it). */
  run(): { runId: number } {
    if (this.current) {
      this.rerun = true;
      return { runId: this.current.runId };
    }
    const runId = this.runs.begin();
    this.current = { runId, started: performance.now() };
    const request: WorkerRequest = { type: 'run', runId, root: this.root, storePath: this.storePath, cacheDir: this.cacheDir };
    this.ensureWorker().postMessage(request);
    return { runId };
  }

  /** Whether a run is under way, with its latest progress. */
  status(): AnalysisStatus {
    return this.current ? { running: true, runId: this.current.runId, ...this.current.progress } : { running: false };
  }

  /** Run SQL in the console (a scratch copy of the replayed database, in the worker). */
  sql(sql: string, explain: 'off' | 'plan' | 'analyze', maxRows?: number): Promise<SqlRunResult> {
    return this.askSql({ type: 'sql', id: this.nextSqlId++, cacheDir: this.cacheDir, sql, explain, maxRows }).then((reply) => {
      if (reply.error !== undefined || !reply.result) throw new RpcError('internal', `The SQL console failed: ${reply.error ?? 'no result'}`);
      return reply.result;
    });
  }

  /** Throw the console's changes away. */
  async sqlReset(): Promise<boolean> {
    const reply = await this.askSql({ type: 'sql-reset', id: this.nextSqlId++, cacheDir: this.cacheDir });
    if (reply.error !== undefined) throw new RpcError('internal', `The SQL console failed: ${reply.error}`);
    return true;
  }

  private askSql(request: Extract<WorkerRequest, { type: 'sql' | 'sql-reset' }>): Promise<Extract<WorkerReply, { type: 'sql-result' }>> {
    return new Promise((resolve) => {
      this.sqlWaiters.set(request.id, { resolve });
      this.ensureWorker().postMessage(request);
    });
  }

  /** Stop the run under way; its run row is marked cancelled. */
  cancel(): boolean {
    if (!this.current) return false;
    const { runId, started } = this.current;
    this.current = undefined;
    this.rerun = false;
    void this.worker?.terminate();
    this.worker = undefined;
    this.runs.end(runId, 'cancelled');
    this.settle(runId, 'cancelled', 0, performance.now() - started);
    return true;
  }

  /** Resolves when the given run (or the current one) has ended; for tests and the CLI. */
  whenIdle(): Promise<void> {
    if (!this.current && !this.rerun) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => (this.current ? this.onEnd(this.current.runId, check) : resolve());
      check();
    });
  }

  async close(): Promise<void> {
    this.rerun = false;
    if (this.current) this.cancel();
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private onEnd(runId: number, callback: (status: string) => void): void {
    const list = this.waiters.get(runId) ?? [];
    list.push(callback);
    this.waiters.set(runId, list);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => {
      this.log.error({ err: error }, 'analysis worker crashed');
      for (const waiter of this.sqlWaiters.values()) waiter.resolve({ type: 'sql-result', id: 0, error: `the analysis worker crashed: ${error.message}` });
      this.sqlWaiters.clear();
      if (this.current) {
        const { runId, started } = this.current;
        this.current = undefined;
        this.runs.end(runId, 'failed', error.message);
        this.settle(runId, 'failed', 0, performance.now() - started, error.message);
      }
      this.worker = undefined;
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type === 'sql-result') {
      this.sqlWaiters.get(reply.id)?.resolve(reply);
      this.sqlWaiters.delete(reply.id);
      return;
    }
    if (reply.type === 'layout-stored') {
      // Arrives after the run settled: a page drawing the diagram itself can take the stored one.
      this.emit('diagram.layoutStored', { modelHash: reply.modelHash, boxes: reply.boxes });
      return;
    }
    if (!this.current || reply.runId !== this.current.runId) return; // a cancelled run's late message
    if (reply.type === 'progress') {
      this.current.progress = { phase: reply.phase, done: reply.done, total: reply.total };
      this.emit('analysis.progress', { runId: reply.runId, phase: reply.phase, done: reply.done, total: reply.total });
      return;
    }
    this.current = undefined;
    if (reply.type === 'done') {
      this.log.info({ runId: reply.runId, ms: Math.round(reply.ms), reimported: reply.reimported.length, findings: reply.summary.total, timings: reply.timings }, 'analysis done');
      this.emit('model.changed', reply.counts);
      this.settle(reply.runId, 'done', reply.summary.total, reply.ms);
    } else {
      this.runs.end(reply.runId, 'failed', reply.message);
      this.log.error({ runId: reply.runId, error: reply.message }, 'analysis failed');
      this.settle(reply.runId, 'failed', 0, 0, reply.message);
    }
  }

  private settle(runId: number, status: 'done' | 'cancelled' | 'failed', findings: number, ms: number, error?: string): void {
    this.emit('analysis.done', { runId, status, findings, ms: Math.round(ms), ...(error ? { error } : {}) });
    const again = this.rerun && status === 'done';
    this.rerun = false;
    if (again) this.run();
    for (const callback of this.waiters.get(runId) ?? []) callback(status);
    this.waiters.delete(runId);
  }
}
