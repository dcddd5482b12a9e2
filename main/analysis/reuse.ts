import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from '../../shared/model/artifact.js';
import type { Finding } from '../../shared/model/finding.js';
import type { SystemModel } from '../../shared/model/model.js';
import type { SystemAnalysis } from '../../shared/contract/system.js';
import { readSystemAnalysis } from '../store/model-tables.js';
import { RunTable } from '../store/run-table.js';
import type { StoreDatabase } from '../store/store.js';
import { CUSTOM_RULES_DIR } from './custom-rules.js';
import type { RuleFailure } from './engine.js';

/**
 * Re-running an analysis whose inputs have not changed gives the findings it gave before, so they are reused:
 * a CI job or a reopened project that changed nothing skips the rules and the database replay. The key covers
 * everything findings depend on: this build of Archbench (its source and lock file, hashed by the build), the
 * day (sunset and deprecation rules read the date), the custom rules' SQL, every file's hash and the model.
 * Runs from source (tests, tsx) have no build id and never reuse, unless they set ARCHBENCH_BUILD_ID;
 * ARCHBENCH_NO_REUSE=1 turns reuse off.
 */
export function reuseKey(input: { root: string; artifacts: readonly Artifact[]; modelJson: string; today?: Date }): string | undefined {
  const build = process.env.ARCHBENCH_NO_REUSE ? undefined : process.env.ARCHBENCH_BUILD_ID;
  if (!build) return undefined;
  const hash = createHash('sha256');
  hash.update(`build ${build}\nday ${(input.today ?? new Date()).toISOString().slice(0, 10)}\n`);
  for (const [name, text] of customRuleFiles(input.root)) hash.update(`rule ${name} ${text.length}\n${text}\n`);
  for (const a of [...input.artifacts].sort((x, y) => (x.path < y.path ? -1 : 1))) hash.update(`file ${a.path} ${a.hash} ${a.status}\n`);
  hash.update(input.modelJson);
  return hash.digest('hex');
}

interface LastRun { key: string; runId: number; modelHash: string }

/** What an earlier run with the same key found, when its findings are still in the store. */
export function reusableRun(db: StoreDatabase, key: string): { runId: number; model: SystemModel; modelHash: string; system: SystemAnalysis; findings: Finding[]; failures: RuleFailure[] } | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'analysis.last'").get() as { value: string } | undefined;
  if (!row) return undefined;
  let last: LastRun;
  try {
    last = JSON.parse(row.value) as LastRun;
  } catch {
    return undefined;
  }
  if (last.key !== key) return undefined;
  const runs = new RunTable(db);
  const summary = runs.summary(last.runId);
  const system = readSystemAnalysis(db);
  if (summary?.status !== 'done' || !system) return undefined;
  // The store's model is the one that run ended with (the replay's tables included), unless something wrote another since.
  const modelJson = db.prepare("SELECT value FROM meta WHERE key = 'model'").pluck().get() as string | undefined;
  if (!modelJson || createHash('sha256').update(modelJson).digest('hex') !== last.modelHash) return undefined;
  const findings = runs.findings(last.runId);
  // Findings of old runs are pruned: reuse only a run whose findings are all still there.
  if (findings.length !== summary.total) return undefined;
  return { runId: last.runId, model: JSON.parse(modelJson) as SystemModel, modelHash: last.modelHash, system, findings, failures: summary.ruleFailures ?? [] };
}

/** Remember the inputs of the run that is about to be stored as `runId` (its findings are written by RunTable.finish). */
export function rememberRun(db: StoreDatabase, key: string, runId: number, modelHash: string): void {
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('analysis.last', ?)").run(JSON.stringify({ key, runId, modelHash } satisfies LastRun));
}

function customRuleFiles(root: string): Array<[string, string]> {
  const dir = join(root, CUSTOM_RULES_DIR);
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.sql')).sort().map((n) => [n, readFileSync(join(dir, n), 'utf8')]);
  } catch {
    return [];
  }
}
