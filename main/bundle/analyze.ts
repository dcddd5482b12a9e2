import { userInfo } from 'node:os';
import { createWorkbench, schemaCacheDir } from '../core/workbench.js';
import { createSchemaEngine, type SchemaEngine } from '../db/engine.js';
import { defaultDataDir } from '../core/app-data.js';
import { packagePaths, VERSION } from '../core/package-paths.js';
import { analyseProject } from '../analysis/pipeline.js';
import { SEVERITIES } from '../analysis/registry.js';
import { rulesFor } from '../analysis/rules/index.js';
import type { Finding } from '../../shared/model/finding.js';
import { readBaseline } from './baseline.js';
import { collectReport, recordExport } from './collect.js';
import type { BundleModel, ReportFinding } from './report-data.js';
import { writeBundle, type BundleFormat, type WrittenBundle } from './write-bundle.js';

import type { SeverityGate } from './formats.js';

export { SEVERITY_GATES, type SeverityGate } from './formats.js';
export { BaselineError } from './baseline.js';
export { enablePackageCodeCache, writePackageCodeCaches } from '../core/code-cache.js';
export { BundleTargetError } from './write-bundle.js';

export type { Finding } from '../../shared/model/finding.js';
export type { BundleModel } from './report-data.js';

export interface AnalyzeOptions {
  root: string;
  outDir: string;
  /** Subset of html, md, sarif, json, pdf; undefined writes the whole bundle. */
  formats?: BundleFormat[];
  /** Add report.pdf to the whole bundle. */
  pdf?: boolean;
  zip?: string;
  failOn: SeverityGate;
  /** findings.json, bundle folder or bundle zip of an earlier run: only findings not in it gate. */
  baseline?: string;
  /** The app data folder (stores of read-only folders); defaults to ARCHBENCH_HOME or the platform's. */
  dataDir?: string;
}

export interface AnalyzeResult {
  files: string[];
  findings: ReportFinding[];
  gateFailed: boolean;
  summaryLine: string;
  /** Things the user should know that did not fail the run (report.pdf skipped, diagram fallback). */
  notes: string[];
  bundle: WrittenBundle;
  /** Milliseconds per phase, in order (`archbench analyze --timings`). */
  timings: Array<[phase: string, ms: number]>;
  /** Milliseconds per rule, for the slowest-rules table (empty when findings were reused). */
  ruleTimings: Record<string, number>;
}

/** Open a folder headless, analyse it and write the report bundle; the CLI's `analyze`. */
export async function analyzeFolder(options: AnalyzeOptions): Promise<AnalyzeResult> {
  // Read the baseline first: a wrong path is a usage error before any work is done.
  const baseline = options.baseline ? readBaseline(options.baseline) : undefined;
  const dataDir = options.dataDir ?? defaultDataDir();
  const timings: Array<[string, number]> = [];
  let mark = performance.now();
  const lap = (phase: string) => { const now = performance.now(); timings.push([phase, now - mark]); mark = now; };
  const workbench = createWorkbench({ dataDir, resourcesDir: packagePaths().resourcesDir, host: 'cli', version: VERSION, watch: false, autoAnalyse: false });
  try {
    const info = await workbench.invoke('project.open', { path: options.root }) as { name: string };
    const session = workbench.session()!;
    const artifacts = session.project.artifacts.all();
    lap('open project (store, discovery)');
    const started = performance.now();
    const runId = session.runs.begin();
    let engine: Promise<SchemaEngine> | undefined;
    const result = await analyseProject(session.project.root, session.store.db, {
      schemaEngine: () => (engine ??= createSchemaEngine({ cacheDir: schemaCacheDir(dataDir) })),
      runId,
    }).finally(async () => { if (engine) await (await engine).close(); });
    for (const [phase, ms] of Object.entries(result.timings)) timings.push([`  ${phase}`, ms]);
    lap('analysis');
    session.runs.finish(runId, result.findings, { modelHash: result.modelHash, ms: performance.now() - started, ruleFailures: result.failures });
    for (const failure of result.failures) process.stderr.write(`archbench: rule ${failure.ruleId} failed: ${failure.message}\n`);
    const model: BundleModel = { ...result.model, artifacts };
    const project = result.model.project?.name ?? info.name;
    const rules = rulesFor(session.project.root, session.store.db).rules.map(({ check: _check, ...meta }) => meta);
    const notes: string[] = [];
    if (result.reusedRun !== undefined) notes.push('nothing changed since the last analysis: its findings were reused (set ARCHBENCH_NO_REUSE=1 to analyse again)');
    // The gate is decided before rendering so the report can state it.
    const marked = baseline ? result.findings.map((f) => ({ ...f, baseline: baseline.fingerprints.has(f.fingerprint) })) : result.findings;
    const gateFailed = failsGate(marked, options.failOn);
    const data = await collectReport({
      project, root: session.project.root, model, findings: result.findings, toolVersion: VERSION, db: session.store.db, runId, rules, baseline,
      gate: options.failOn === 'none' ? undefined : { failOn: options.failOn, failed: gateFailed }, notes,
      withDiagrams: !options.formats || options.formats.some((format) => format === 'html' || format === 'pdf'),
      computedSystem: result.system,
    });
    lap('store run, collect report');
    const bundle = await writeBundle(data, { outDir: options.outDir, formats: options.formats, pdf: options.pdf, zip: options.zip });
    recordExport(session.store.db, { actor: currentUser(), subject: bundle.dir, runId, bundleSha256: bundle.bundleHash, files: bundle.files, zip: bundle.zip, formats: options.formats });
    lap('write bundle');
    for (const skip of bundle.skipped) notes.push(`${skip.path} skipped: ${skip.reason}`);
    const counts = SEVERITIES.map((s) => `${data.findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
    const newPart = data.baseline ? `; ${data.baseline.newCount} new since the baseline` : '';
    return {
      files: bundle.files,
      findings: data.findings,
      gateFailed,
      notes,
      bundle,
      timings,
      ruleTimings: result.ruleTimings,
      summaryLine: `${project}: ${artifacts.length} artifacts, ${data.findings.length} findings (${counts})${newPart}; bundle in ${bundle.dir}${bundle.zip ? ` and ${bundle.zip}` : ''}`,
    };
  } finally {
    await workbench.close();
  }
}

/**
 * True when an open finding reaches the gate's severity. Tracked findings (accepted, mitigated, ...) never fail it,
 * nor do findings a `--baseline` already knew.
 */
export function failsGate(findings: Array<Finding & { baseline?: boolean }>, gate: SeverityGate): boolean {
  if (gate === 'none') return false;
  const limit = SEVERITIES.indexOf(gate);
  return findings.some((f) => f.status === 'open' && !f.baseline && SEVERITIES.indexOf(f.severity) <= limit);
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
