// The analysis worker thread: model, rules and findings off the UI and RPC thread.
// It opens its own connection to the project store (WAL lets main keep reading) and writes the run there.
import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import { RunTable } from '../store/run-table.js';
import { analyseProject } from './pipeline.js';
import { createSchemaEngine, type SchemaEngine } from '../db/engine.js';
import type { SqlConsole } from '../db/sql-console.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';
import { layoutSystemIntoStore } from '../diagram/store-layout.js';

const connections = new Map<string, Database.Database>();
let engine: Promise<SchemaEngine> | undefined;

/** One PostgreSQL schema engine per worker, started on first need; its prepared data directory is cached on disk. */
function schemaEngine(cacheDir: string): Promise<SchemaEngine> {
  engine ??= createSchemaEngine({ cacheDir });
  return engine;
}

function connection(storePath: string): Database.Database {
  let db = connections.get(storePath);
  if (!db) {
    db = new Database(storePath);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    connections.set(storePath, db);
  }
  return db;
}

const post = (reply: WorkerReply) => parentPort!.postMessage(reply);

let sqlConsole: Promise<SqlConsole> | undefined;
/** The latest run asked for: a diagram layout of an older one stops. */
let latestRun = 0;

/** The SQL console: a scratch copy of the last replayed database, opened on first use and after each replay. */
async function consoleFor(cacheDir: string): Promise<SqlConsole> {
  sqlConsole ??= schemaEngine(cacheDir).then((e) => e.openConsole());
  return sqlConsole;
}

/**
 * Console work, one piece at a time (the console is one database session anyway). Closing a console that a new
 * replay made stale waits here too: a query sent while the analysis ran ends on the copy it started on instead of
 * failing with "SQL console is closed", and the next one starts from the new replay.
 */
let consoleQueue: Promise<unknown> = Promise.resolve();
function onConsoleQueue(task: () => Promise<void>): Promise<void> {
  const run = consoleQueue.then(task, task);
  consoleQueue = run.catch(() => undefined);
  return run;
}

function answerSql(request: Extract<WorkerRequest, { type: 'sql' | 'sql-reset' }>): Promise<void> {
  return onConsoleQueue(() => answerSqlNow(request));
}

async function answerSqlNow(request: Extract<WorkerRequest, { type: 'sql' | 'sql-reset' }>): Promise<void> {
  try {
    const console_ = await consoleFor(request.cacheDir);
    if (request.type === 'sql-reset') {
      await console_.reset();
      post({ type: 'sql-result', id: request.id, reset: true });
      return;
    }
    const result = request.explain === 'off'
      ? await console_.run(request.sql, { maxRows: request.maxRows })
      : await console_.explain(request.sql, { analyze: request.explain === 'analyze' });
    post({ type: 'sql-result', id: request.id, result });
  } catch (error) {
    post({ type: 'sql-result', id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
}

parentPort!.on('message', async (request: WorkerRequest) => {
  if (request.type === 'sql' || request.type === 'sql-reset') return answerSql(request);
  if (request.type !== 'run') return;
  latestRun = request.runId;
  const started = performance.now();
  try {
    const db = connection(request.storePath);
    const result = await analyseProject(request.root, db, {
      today: request.today ? new Date(request.today) : undefined,
      onProgress: (p) => post({ type: 'progress', runId: request.runId, ...p }),
      schemaEngine: () => schemaEngine(request.cacheDir),
      runId: request.runId,
    });
    if (result.database && sqlConsole) {
      // The schema changed: the next console command starts from the new replay.
      const stale = sqlConsole;
      sqlConsole = undefined;
      void onConsoleQueue(() => stale.then((c) => c.close())).catch(() => undefined);
    }
    const storing = performance.now();
    const ms = storing - started;
    const summary = new RunTable(db).finish(request.runId, result.findings, { modelHash: result.modelHash, ms, ruleFailures: result.failures });
    const timings = { ...result.timings, store: performance.now() - storing };
    post({
      type: 'done', runId: request.runId, summary, ms, reimported: result.reimported, timings,
      counts: { components: result.model.components.length, flows: result.model.flows.length, endpoints: result.model.endpoints.length, diagnostics: result.model.diagnostics.length },
    });
    // After the run is reported: the system diagram's layout goes to the store for the next time it opens.
    const stored = await layoutSystemIntoStore(db, result.model, result.modelHash, () => latestRun !== request.runId).catch(() => null);
    if (stored?.laidOut) post({ type: 'layout-stored', runId: request.runId, modelHash: result.modelHash, boxes: stored.boxes });
  } catch (error) {
    post({ type: 'failed', runId: request.runId, message: error instanceof Error ? error.message : String(error) });
  }
});
