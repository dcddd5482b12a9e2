// The analysis worker thread: model, rules and findings off the UI and RPC thread.
// It opens its own connection to the project store (WAL lets main keep reading) and writes the run there.
import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import { RunTable } from '../store/run-table.js';
import { analyseProject } from './pipeline.js';
import { createSchemaEngine, type SchemaEngine } from '../db/engine.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

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

parentPort!.on('message', async (request: WorkerRequest) => {
  if (request.type !== 'run') return;
  const started = performance.now();
  try {
    const db = connection(request.storePath);
    const result = await analyseProject(request.root, db, {
      today: request.today ? new Date(request.today) : undefined,
      onProgress: (p) => post({ type: 'progress', runId: request.runId, ...p }),
      schemaEngine: () => schemaEngine(request.cacheDir),
    });
    const ms = performance.now() - started;
    const summary = new RunTable(db).finish(request.runId, result.findings, { modelHash: result.modelHash, ms, ruleFailures: result.failures });
    post({
      type: 'done', runId: request.runId, summary, ms, reimported: result.reimported, timings: result.timings,
      counts: { components: result.model.components.length, flows: result.model.flows.length, endpoints: result.model.endpoints.length, diagnostics: result.model.diagnostics.length },
    });
  } catch (error) {
    post({ type: 'failed', runId: request.runId, message: error instanceof Error ? error.message : String(error) });
  }
});
