import { userInfo } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ReportExportArgs, ReportExportResult, ReportProgress } from '../../shared/contract/report.js';
import { RpcError } from '../../shared/contract/errors.js';
import { rulesFor } from '../analysis/rules/index.js';
import type { ProjectSession } from '../core/project-session.js';
import { collectReport, recordExport } from './collect.js';
import { readSystemAnalysis } from '../store/model-tables.js';
import type { BundleModel } from './report-data.js';
import { BundleTargetError, writeBundle } from './write-bundle.js';

export interface ExportDeps {
  /** Archbench's version, for the manifest and the report. */
  version: string;
  /** Sends `report.progress` to the renderer. */
  onProgress?: (progress: ReportProgress) => void;
  /** Clock for the default folder name (tests). */
  now?: () => Date;
}

/**
 * `report.export`: the bundle of the latest finished analysis run of the open project, written to `outDir` (absolute)
 * or to a new folder under the store's `reports/`, optionally zipped beside it; the export is recorded in the store's
 * audit log (`report.exported`, with the bundle's SHA-256: the hash of manifest.json).
 */
export async function exportReport(session: ProjectSession, args: ReportExportArgs, deps: ExportDeps): Promise<ReportExportResult> {
  const progress = deps.onProgress ?? (() => {});
  const latest = session.runs.latestFindings();
  if (!latest.run) throw new RpcError('not-found', 'There is no finished analysis to report yet. Run the analysis first.');
  if (args.outDir !== undefined && !isAbsolute(args.outDir)) {
    throw new RpcError('invalid-args', `The report folder must be an absolute path, not "${args.outDir}".`, { outDir: args.outDir });
  }
  progress({ phase: 'collect', done: 0, total: 1 });
  const stamp = (deps.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const outDir = args.outDir ? resolve(args.outDir) : join(dirname(session.info.storePath), 'reports', `${session.project.name}-${stamp}`);
  const root = session.project.root;
  const stored = session.model();
  const model: BundleModel = { ...stored, artifacts: session.project.artifacts.all() };
  const rules = rulesFor(root, session.store.db).rules.map(({ check: _check, ...meta }) => meta);
  const findings = latest.findings.map(({ isNew: _isNew, ...finding }) => finding);
  const data = await collectReport({
    project: stored.project?.name ?? session.project.name, root, model, findings, toolVersion: deps.version,
    db: session.store.db, runId: latest.run.runId, rules,
    // The latest analysis stored its threat model and reliability report with the model: not computed again.
    computedSystem: readSystemAnalysis(session.store.db) ?? undefined,
  });
  let bundle;
  try {
    bundle = await writeBundle(data, {
      outDir, formats: args.formats, pdf: args.pdf, zip: args.zip ? `${outDir}.zip` : undefined,
      onProgress: (p) => progress({ phase: p.phase, done: p.done, total: p.total, ...(p.file ? { file: p.file } : {}) }),
    });
  } catch (error) {
    if (error instanceof BundleTargetError) throw new RpcError('invalid-args', error.message.replace(/; choose another --out folder$/, '; choose another folder'), { outDir });
    throw new RpcError('io', `Could not write the report bundle to ${outDir}: ${(error as Error).message}`, { outDir });
  }
  recordExport(session.store.db, {
    actor: args.by ?? osUser(), subject: bundle.dir, runId: latest.run.runId, bundleSha256: bundle.bundleHash,
    files: bundle.files, zip: bundle.zip, formats: args.formats,
  });
  return { dir: bundle.dir, files: bundle.files, ...(bundle.zip ? { zip: bundle.zip } : {}), bundleHash: bundle.bundleHash, runId: latest.run.runId, skipped: bundle.skipped };
}

function osUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
