import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../shared/model/finding.js';
import type { SystemModel } from '../../shared/model/model.js';
import { resolveInside } from '../fs/safe-path.js';
import { ModelService } from '../model/model-service.js';
import { ArtifactTable } from '../store/artifact-table.js';
import type { StoreDatabase } from '../store/store.js';
import { runRules, type RuleFailure } from './engine.js';
import { rulesFor } from './rules/index.js';

export interface PipelineProgress { phase: string; done: number; total: number }

export interface PipelineResult {
  model: SystemModel;
  modelHash: string;
  findings: Finding[];
  failures: RuleFailure[];
  reimported: string[];
  timings: Record<string, number>;
}

/**
 * One analysis: artifacts in the store -> model (re-importing only changed files) -> rules -> findings.
 * Runs in the analysis worker for the workbench, in-process for the CLI.
 */
export function analyseProject(root: string, db: StoreDatabase, options: { onProgress?: (p: PipelineProgress) => void; isCancelled?: () => boolean; today?: Date } = {}): PipelineResult {
  const timings: Record<string, number> = {};
  let started = performance.now();
  options.onProgress?.({ phase: 'model', done: 0, total: 1 });
  const artifacts = new ArtifactTable(db).all();
  const refresh = new ModelService(root, db).refreshSync(artifacts);
  timings.model = performance.now() - started;
  const model = refresh.model;
  const modelHash = createHash('sha256').update(JSON.stringify(model)).digest('hex');

  started = performance.now();
  const readText = (path: string) => {
    try {
      return readFileSync(resolveInside(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const rules = rulesFor(root, db);
  const result = runRules(rules.rules, { model, readText }, {
    risks: model.risks,
    today: options.today,
    isCancelled: options.isCancelled,
    onProgress: (done, total) => options.onProgress?.({ phase: 'rules', done, total }),
  });
  timings.rules = performance.now() - started;
  return { model, modelHash, findings: result.findings, failures: [...rules.failures, ...result.failures], reimported: refresh.reimported, timings };
}
