import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import type { Artifact } from '../../shared/model/artifact.js';
import type { SystemModel } from '../../shared/model/model.js';
import { analyseProject } from '../analysis/pipeline.js';
import { createWorkbench, schemaCacheDir } from '../core/workbench.js';
import { createSchemaEngine, type SchemaEngine } from '../db/engine.js';
import { defaultDataDir } from '../core/app-data.js';
import { packagePaths, VERSION } from '../core/package-paths.js';
import { SEVERITIES } from '../analysis/registry.js';
import type { Finding } from '../../shared/model/finding.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { entryFor, type BundleManifest } from './manifest.js';
import { renderReportHtml, renderReportMarkdown, renderThreatModel, renderPlaybook, renderDiagramSvg, toSarif } from './render.js';

export const SEVERITY_GATES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type SeverityGate = (typeof SEVERITY_GATES)[number];

export type { Finding } from '../../shared/model/finding.js';

export interface AnalyzeOptions {
  root: string;
  outDir: string;
  /** Subset of html, md, sarif, json, pdf; undefined writes the whole bundle. */
  formats?: string[];
  zip?: string;
  failOn: SeverityGate;
}

export interface AnalyzeResult {
  files: string[];
  findings: Finding[];
  gateFailed: boolean;
  summaryLine: string;
}

/** The model.json of this build: the model plus the artifact inventory it was read from. */
export type BundleModel = SystemModel & { artifacts: Artifact[] };

/** Open a folder headless, analyse it and write the report bundle; the CLI's `analyze`. */
export async function analyzeFolder(options: AnalyzeOptions): Promise<AnalyzeResult> {
  const workbench = createWorkbench({ dataDir: defaultDataDir(), resourcesDir: packagePaths().resourcesDir, host: 'cli', version: VERSION, watch: false, autoAnalyse: false });
  try {
    const info = await workbench.invoke('project.open', { path: options.root }) as { name: string };
    const session = workbench.session()!;
    const artifacts = session.project.artifacts.all();
    const started = performance.now();
    const runId = session.runs.begin();
    let engine: Promise<SchemaEngine> | undefined;
    const result = await analyseProject(session.project.root, session.store.db, {
      schemaEngine: () => (engine ??= createSchemaEngine({ cacheDir: schemaCacheDir(defaultDataDir()) })),
    }).finally(async () => { if (engine) await (await engine).close(); });
    session.runs.finish(runId, result.findings, { modelHash: result.modelHash, ms: performance.now() - started, ruleFailures: result.failures });
    for (const failure of result.failures) process.stderr.write(`archbench: rule ${failure.ruleId} failed: ${failure.message}\n`);
    const model: BundleModel = { ...result.model, artifacts };
    const findings: Finding[] = result.findings;
    const files = writeBundle({ outDir: options.outDir, project: info.name, model, findings, formats: options.formats, zip: options.zip });
    const gateFailed = failsGate(findings, options.failOn);
    const counts = SEVERITIES.map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
    return { files, findings, gateFailed, summaryLine: `${info.name}: ${artifacts.length} artifacts, ${findings.length} findings (${counts}); bundle in ${options.outDir}` };
  } finally {
    await workbench.close();
  }
}

/** True when an open finding reaches the gate's severity. Tracked findings (accepted, mitigated, ...) never fail it. */
export function failsGate(findings: Finding[], gate: SeverityGate): boolean {
  if (gate === 'none') return false;
  const limit = SEVERITIES.indexOf(gate);
  return findings.some((f) => f.status === 'open' && SEVERITIES.indexOf(f.severity) <= limit);
}

interface BundleInput { outDir: string; project: string; model: BundleModel; findings: Finding[]; formats?: string[]; zip?: string }

/** Write the bundle's files and manifest.json (SHA-256 of each); optionally a .zip of the same. */
export function writeBundle(input: BundleInput): string[] {
  const want = (format: string) => !input.formats || input.formats.includes(format);
  const out = new Map<string, string>();
  const summary = { total: input.findings.length, bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, input.findings.filter((f) => f.severity === s).length])) };
  if (want('json')) {
    out.set('model.json', JSON.stringify(input.model, null, 2));
    out.set('findings.json', JSON.stringify({ findings: input.findings, summary }, null, 2));
  }
  if (want('sarif')) out.set('findings.sarif', JSON.stringify(toSarif(input.findings, VERSION), null, 2));
  if (want('html')) out.set('report.html', renderReportHtml(input.project, input.model, input.findings));
  if (want('md')) out.set('report.md', renderReportMarkdown(input.project, input.model, input.findings));
  if (!input.formats) {
    out.set('threat-model.md', renderThreatModel(input.project, input.model));
    out.set('reliability-playbook.md', renderPlaybook(input.project, input.model));
    out.set('diagram.svg', renderDiagramSvg(input.model));
  }
  mkdirSync(input.outDir, { recursive: true });
  const manifest: BundleManifest = { tool: 'archbench', version: VERSION, ruleSetVersion: '0', project: input.project, createdAt: new Date().toISOString(), files: [] };
  const bytesByPath = new Map<string, Uint8Array>();
  for (const [name, text] of out) {
    const bytes = Buffer.from(text, 'utf8');
    writeFileAtomicSync(join(input.outDir, name), bytes);
    manifest.files.push(entryFor(name, bytes));
    bytesByPath.set(name, bytes);
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
  writeFileAtomicSync(join(input.outDir, 'manifest.json'), manifestBytes);
  bytesByPath.set('manifest.json', manifestBytes);
  if (input.zip) {
    mkdirSync(dirname(input.zip), { recursive: true });
    writeFileAtomicSync(input.zip, zipSync(Object.fromEntries(bytesByPath)));
  }
  return [...bytesByPath.keys()];
}
