import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../shared/model/finding.js';
import type { SystemModel } from '../../shared/model/model.js';
import type { SystemAnalysis } from '../../shared/contract/system.js';
import { resolveInside } from '../fs/safe-path.js';
import { ModelService } from '../model/model-service.js';
import { ArtifactTable } from '../store/artifact-table.js';
import type { StoreDatabase } from '../store/store.js';
import type { ReplayResult, SchemaEngine } from '../db/engine.js';
import { inferDatabaseComponents } from '../db/infer-components.js';
import { writeModelTables, writeSchemaInfo, writeSystemAnalysis } from '../store/model-tables.js';
import { analyseReliability, buildThreatModel } from '../threat/index.js';
import { runRules, type RuleFailure } from './engine.js';
import { rulesFor } from './rules/index.js';
import { rememberRun, reusableRun, reuseKey } from './reuse.js';

export interface PipelineProgress { phase: string; done: number; total: number }

export interface PipelineResult {
  model: SystemModel;
  system: SystemAnalysis;
  database?: ReplayResult;
  modelHash: string;
  findings: Finding[];
  failures: RuleFailure[];
  reimported: string[];
  timings: Record<string, number>;
  /** Milliseconds per rule (empty when the findings were reused). */
  ruleTimings: Record<string, number>;
  /** Set when nothing changed since that run and its findings were reused (see reuse.ts). */
  reusedRun?: number;
}

export interface PipelineOptions {
  onProgress?: (p: PipelineProgress) => void;
  isCancelled?: () => boolean;
  today?: Date;
  /** The PostgreSQL schema engine (PGlite), started lazily and only when the project has SQL files. */
  schemaEngine?: () => Promise<SchemaEngine>;
  /** The run this analysis will be stored as; with it, an unchanged project reuses the previous run's findings. */
  runId?: number;
}

/**
 * One analysis: artifacts in the store -> model (re-importing only changed files) -> migrations replayed in
 * PostgreSQL -> rules -> findings. Runs in the analysis worker for the workbench, in-process for the CLI.
 */
export async function analyseProject(root: string, db: StoreDatabase, options: PipelineOptions = {}): Promise<PipelineResult> {
  const timings: Record<string, number> = {};
  let started = performance.now();
  options.onProgress?.({ phase: 'model', done: 0, total: 1 });
  const artifacts = new ArtifactTable(db).all();
  // The model tables are written below, after checking whether the last run's results still hold: they hold the
  // model that run ended with (tables from the replay included), which a reused run keeps.
  const refresh = new ModelService(root, db).refreshSync(artifacts, { write: false });
  timings.model = performance.now() - started;
  const model = refresh.model;
  const key = options.runId === undefined ? undefined : reuseKey({ root, artifacts, modelJson: refresh.modelJson, today: options.today });
  const reused = key ? reusableRun(db, key) : undefined;
  if (key && reused) {
    rememberRun(db, key, options.runId!, reused.modelHash);
    return { model: reused.model, system: reused.system, modelHash: reused.modelHash, findings: reused.findings, failures: reused.failures, reimported: refresh.reimported, timings, ruleTimings: {}, reusedRun: reused.runId };
  }
  started = performance.now();
  writeModelTables(db, model, refresh.modelJson);
  timings['model.write'] = performance.now() - started;
  // Rules, the system analysis and the schema engine read the same files: each is read once per run.
  const texts = new Map<string, string | undefined>();
  const readText = (path: string) => {
    if (texts.has(path)) return texts.get(path);
    let text: string | undefined;
    try {
      text = readFileSync(resolveInside(root, path), 'utf8');
    } catch {
      text = undefined;
    }
    texts.set(path, text);
    return text;
  };

  let modelJson = refresh.modelJson;
  let database: ReplayResult | undefined;
  const sqlFiles = artifacts.filter((a) => a.kind === 'sql' && a.status === 'ok');
  if (sqlFiles.length && options.schemaEngine) {
    started = performance.now();
    options.onProgress?.({ phase: 'database', done: 0, total: sqlFiles.length });
    const engine = await options.schemaEngine();
    const withText = (list: typeof artifacts) => list.flatMap((a) => {
      const text = readText(a.path);
      return text === undefined ? [] : [{ path: a.path, text }];
    });
    const files = withText(sqlFiles);
    const plans = withText(artifacts.filter((a) => a.path === 'sqitch.plan' || a.path.endsWith('/sqitch.plan')));
    try {
      database = await engine.replay({ files, order: model.migrations?.order, plans });
    } catch (error) {
      // SQL that breaks the embedded PostgreSQL itself (a PANIC, a crash) costs the database rules, not the analysis.
      const message = error instanceof Error ? error.message : String(error);
      model.diagnostics.push({
        file: files[0]?.path ?? sqlFiles[0].path, line: 1, column: 1, severity: 'error', code: 'sql.engine-failed',
        message: `The embedded PostgreSQL failed while replaying the migrations (${message.split('\n')[0]}); the schema and the database rules are missing from this analysis.`,
      });
    }
    if (database) {
      model.tables = database.tables;
      inferDatabaseComponents(model, database);
      model.diagnostics.push(...database.diagnostics);
      writeSchemaInfo(db, database);
    }
    modelJson = writeModelTables(db, model);
    timings.database = performance.now() - started;
  }
  // The JSON the store holds is the model's current state: nothing changes the model between that write and here.
  const modelHash = createHash('sha256').update(modelJson).digest('hex');

  started = performance.now();
  const system = { threats: buildThreatModel(model, { today: options.today }), reliability: analyseReliability(model, { readText }) };
  writeSystemAnalysis(db, system);
  timings.system = performance.now() - started;

  started = performance.now();
  const rules = rulesFor(root, db);
  const result = runRules(rules.rules, { model, readText, database }, {
    risks: model.risks,
    today: options.today,
    isCancelled: options.isCancelled,
    onProgress: (done, total) => options.onProgress?.({ phase: 'rules', done, total }),
  });
  timings.rules = performance.now() - started;
  if (key) rememberRun(db, key, options.runId!, modelHash);
  return { model, system, database, modelHash, findings: result.findings, failures: [...rules.failures, ...result.failures], reimported: refresh.reimported, timings, ruleTimings: result.timings };
}
