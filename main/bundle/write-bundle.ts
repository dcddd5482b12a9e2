import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { fallbackPlaybookMarkdown, fallbackThreatModelMarkdown } from './fallback-markdown.js';
import { entryFor, sha256Hex, type BundleManifest } from './manifest.js';
import { renderPdf } from './pdf.js';
import { publicRevision } from './provenance.js';
import { countBySeverity, CATEGORIES, openFindings, type ReportData } from './report-data.js';
import { renderReportHtml } from './report-html.js';
import { renderReportMarkdown } from './report-md.js';
import { toSarif } from './sarif.js';
import { redactEnvValue } from './source-excerpt.js';
import { zipBundle } from './zip.js';

import type { BundleFormat } from './formats.js';

export { BUNDLE_FORMATS, type BundleFormat } from './formats.js';

export interface BundleProgress { phase: 'render' | 'pdf' | 'write' | 'zip' | 'done'; done: number; total: number; file?: string }

export interface WriteBundleOptions {
  outDir: string;
  /** Subset of formats; undefined writes the whole bundle (everything but the PDF). */
  formats?: readonly BundleFormat[];
  /** Add report.pdf to the whole bundle. */
  pdf?: boolean;
  /** Also write the bundle as this .zip file. */
  zip?: string;
  onProgress?: (progress: BundleProgress) => void;
}

export interface WrittenBundle {
  dir: string;
  /** Bundle files, manifest.json last. */
  files: string[];
  zip?: string;
  /** SHA-256 of manifest.json: one hash that pins every file of the bundle. */
  bundleHash: string;
  manifest: BundleManifest;
  /** Files asked for and not written, with why. */
  skipped: Array<{ path: string; reason: string }>;
}

/** Refused output folders: the bundle would replace something that is not a bundle. */
export class BundleTargetError extends Error {}

/**
 * Render and write a bundle: every file in memory first, then into a fresh folder beside `outDir` that replaces it in
 * one rename (an earlier bundle there is swapped out whole, so no stale file survives and no reader sees half a
 * bundle); manifest.json holds the SHA-256 of every file. A zip, when asked for, is written atomically too.
 */
export async function writeBundle(data: ReportData, options: WriteBundleOptions): Promise<WrittenBundle> {
  const whole = !options.formats;
  const want = (format: BundleFormat) => (whole ? format !== 'pdf' || !!options.pdf : options.formats!.includes(format));
  const progress = options.onProgress ?? (() => {});
  const jobs: Array<[string, () => string]> = [];
  let html: string | undefined;
  const reportHtml = () => (html ??= renderReportHtml(data));
  if (want('json')) {
    jobs.push(['model.json', () => JSON.stringify(redactModel(data.model), null, 2)]);
    jobs.push(['findings.json', () => JSON.stringify(findingsJson(data), null, 2)]);
  }
  if (want('sarif')) jobs.push(['findings.sarif', () => JSON.stringify(toSarif(data), null, 2)]);
  if (want('html')) jobs.push(['report.html', reportHtml]);
  if (want('md')) jobs.push(['report.md', () => renderReportMarkdown(data)]);
  if (whole) {
    jobs.push(['threat-model.md', () => data.system?.threatModelMarkdown ?? fallbackThreatModelMarkdown(data)]);
    jobs.push(['reliability-playbook.md', () => data.system?.playbookMarkdown ?? fallbackPlaybookMarkdown(data)]);
    jobs.push(['diagram.svg', () => data.diagrams.diagram]);
    if (data.diagrams.erd) jobs.push(['erd.svg', () => data.diagrams.erd!]);
  }
  const total = jobs.length + (want('pdf') ? 1 : 0) + 1;
  const files = new Map<string, Uint8Array>();
  for (const [name, render] of jobs) {
    progress({ phase: 'render', done: files.size, total, file: name });
    files.set(name, Buffer.from(render(), 'utf8'));
  }
  const skipped: WrittenBundle['skipped'] = [];
  if (want('pdf')) {
    progress({ phase: 'pdf', done: files.size, total, file: 'report.pdf' });
    const pdf = await renderPdf(reportHtml(), data.project);
    if ('bytes' in pdf) files.set('report.pdf', pdf.bytes);
    else skipped.push({ path: 'report.pdf', reason: pdf.skipped });
  }
  const manifest: BundleManifest = {
    tool: 'archbench', version: data.toolVersion, ruleSetVersion: data.ruleSet.version, ruleCount: data.ruleSet.count,
    project: data.project, createdAt: data.generatedAt, ...(data.runId !== undefined ? { runId: data.runId } : {}),
    files: [...files].map(([name, bytes]) => entryFor(name, bytes)),
    ...(skipped.length ? { skipped } : {}),
    ...(data.revision ? { revision: publicRevision(data.revision) } : {}),
    ...(data.baseline ? { baseline: { source: data.baseline.source, known: data.baseline.known, matched: data.baseline.matched, newCount: data.baseline.newCount } } : {}),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  files.set('manifest.json', manifestBytes);
  progress({ phase: 'write', done: total - 1, total });
  const dir = resolve(options.outDir);
  replaceFolder(dir, files);
  let zip: string | undefined;
  if (options.zip) {
    progress({ phase: 'zip', done: total - 1, total, file: basename(options.zip) });
    zip = resolve(options.zip);
    mkdirSync(dirname(zip), { recursive: true });
    writeFileAtomicSync(zip, zipBundle(files));
  }
  progress({ phase: 'done', done: total, total });
  return { dir, files: [...files.keys()], zip, bundleHash: sha256Hex(manifestBytes), manifest, skipped };
}

/** model.json as it leaves the workbench: environment values that look like secrets masked (their length kept). */
export function redactModel(model: ReportData['model']): ReportData['model'] {
  return {
    ...model,
    components: model.components.map((c) => (c.env?.some((e) => e.value !== undefined)
      ? { ...c, env: c.env.map((e) => (e.value === undefined ? e : { ...e, value: redactEnvValue(e.name, e.value) })) }
      : c)),
  };
}

/** findings.json: DESIGN.md's `{ findings, summary }`, plus the findings fixed since the compared run. */
export function findingsJson(data: ReportData): object {
  const open = openFindings(data.findings);
  const byStatus: Record<string, number> = {};
  for (const f of data.findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  return {
    findings: data.findings,
    summary: {
      project: data.project,
      generatedAt: data.generatedAt,
      toolVersion: data.toolVersion,
      ruleSetVersion: data.ruleSet.version,
      ...(data.runId !== undefined ? { runId: data.runId } : {}),
      ...(data.revision ? { revision: publicRevision(data.revision) } : {}),
      total: data.findings.length,
      open: open.length,
      tracked: data.findings.length - open.length,
      bySeverity: countBySeverity(data.findings),
      openBySeverity: countBySeverity(open),
      byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, data.findings.filter((f) => f.category === c).length])),
      byStatus,
      ...(data.changes ? {
        comparedWith: data.changes.reference,
        newSinceLastExport: data.changes.reference ? data.changes.newCount : undefined,
        fixedSinceLastExport: data.changes.reference ? data.changes.fixed.length : undefined,
      } : {}),
      ...(data.baseline ? { baseline: data.baseline } : {}),
      ...(data.gate ? { gate: data.gate } : {}),
    },
    fixed: (data.changes?.fixed ?? []).map((f) => ({ ruleId: f.ruleId, severity: f.severity, title: f.title, element: f.element, fingerprint: f.fingerprint, location: f.location })),
  };
}

/**
 * Put `files` at `dir` as one step: written and fsynced in a sibling staging folder, then renamed into place. An
 * existing folder is replaced only when it is empty or an earlier bundle (its manifest.json says archbench), so a
 * mistyped --out never deletes someone's project.
 */
function replaceFolder(dir: string, files: Map<string, Uint8Array>): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  if (existsSync(dir)) assertReplaceable(dir);
  const tag = randomBytes(6).toString('hex');
  const staging = join(parent, `.${basename(dir)}.${tag}.archbench-tmp`);
  mkdirSync(staging);
  try {
    for (const [name, bytes] of files) {
      const path = join(staging, name);
      writeFileSync(path, bytes, { mode: 0o644 });
      const fd = openSync(path, constants.O_RDONLY);
      try { fsyncSync(fd); } finally { closeSync(fd); }
    }
    if (existsSync(dir)) {
      const old = join(parent, `.${basename(dir)}.${tag}.archbench-old`);
      renameSync(dir, old);
      try {
        renameSync(staging, dir);
      } catch (error) {
        renameSync(old, dir);
        throw error;
      }
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, dir);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function assertReplaceable(dir: string): void {
  if (!statSync(dir).isDirectory()) throw new BundleTargetError(`${dir} exists and is not a folder`);
  const entries = readdirSync(dir);
  if (!entries.length) return;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    if (manifest?.tool === 'archbench') return;
  } catch { /* not a bundle */ }
  throw new BundleTargetError(`${dir} is not empty and is not an Archbench bundle (no manifest.json); choose another --out folder`);
}
