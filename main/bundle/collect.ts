import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Finding, RuleMeta } from '../../shared/model/finding.js';
import { allRules } from '../analysis/registry.js';
import { resolveInside } from '../fs/safe-path.js';
import { RunTable } from '../store/run-table.js';
import type { StoreDatabase } from '../store/store.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { inlineSvg, renderDiagrams, type BundleDiagrams } from './diagrams.js';
import { renderFallbackDiagram } from './fallback-diagram.js';
import { renderFallbackErd } from './fallback-erd.js';
import type { BundleModel, ReportData, ReportFinding, RuleSetInfo, RunComparison } from './report-data.js';
import { readRevision } from './provenance.js';
import { createSourceReader } from './source-excerpt.js';
import { systemAnalysis, type SystemAnalysis, type SystemAnalysisContext } from './system-analysis.js';

export const EXPORT_ACTION = 'report.exported';

export interface CollectInput {
  project: string;
  root: string;
  model: BundleModel;
  findings: Finding[];
  toolVersion: string;
  /** The store: run history for "changed since the last export". */
  db?: StoreDatabase;
  runId?: number;
  /** Metadata of the run's rules (built-in plus custom); defaults to the built-in rules. */
  rules?: RuleMeta[];
  baseline?: Baseline;
  gate?: ReportData['gate'];
  generatedAt?: string;
  /** Today, for the expiry of risk decisions (tests pass a fixed date). */
  today?: Date;
  /** Problems that did not stop the bundle (a diagram or threat engine failure), for the caller to show. */
  notes?: string[];
  /** False when no requested file shows a diagram (findings.json, SARIF, report.md alone): the layout is skipped. */
  withDiagrams?: boolean;
  /** The threat model and reliability report of the analysis being reported (computed once, in the pipeline). */
  computedSystem?: SystemAnalysisContext['computed'];
}

/** Everything a bundle is rendered from: history comparison, baseline, system analysis, diagrams, source reader. */
export async function collectReport(input: CollectInput): Promise<ReportData> {
  const notes = input.notes ?? [];
  let findings: ReportFinding[] = input.findings.map((f) => ({ ...f }));
  const changes = input.db && input.runId !== undefined ? compareWithLastExport(input.db, input.runId, findings) : undefined;
  if (changes?.reference) {
    const before = new Set(changes.referenceFingerprints);
    findings = findings.map((f) => ({ ...f, isNew: !before.has(f.fingerprint) }));
  }
  let baseline: ReportData['baseline'];
  if (input.baseline) ({ findings, summary: baseline } = applyBaseline(findings, input.baseline));
  const readText = (path: string) => {
    try {
      return readFileSync(resolveInside(input.root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const system: SystemAnalysis = await systemAnalysis(input.model, { project: input.project, readText, today: input.today, computed: input.computedSystem }, (part, error) => {
    notes.push(`${part} failed, the report shows what the findings and the model say instead: ${(error as Error).message}`);
  });
  const rules = new Map((input.rules ?? allRules()).map((r) => [r.id, r]));
  return {
    project: input.project,
    description: input.model.project?.description,
    root: input.root,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    toolVersion: input.toolVersion,
    ruleSet: ruleSetInfo(),
    runId: input.runId,
    model: input.model,
    findings,
    rules,
    changes: changes ? { reference: changes.reference, newCount: changes.newCount, fixed: changes.fixed } : undefined,
    baseline,
    system,
    diagrams: input.withDiagrams === false ? { diagram: '' } : await safeDiagrams(input.model, input.findings, notes),
    source: createSourceReader(input.root),
    gate: input.gate,
    revision: readRevision(input.root),
  };
}

/** The rule set's identity: a hash of every built-in rule id and default severity. */
export function ruleSetInfo(rules: RuleMeta[] = allRules()): RuleSetInfo {
  const text = [...rules].sort((a, b) => a.id.localeCompare(b.id)).map((r) => `${r.id}:${r.severity}`).join('\n');
  return { version: `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, count: rules.length };
}

/**
 * Compare a run's findings with the run of the last export (the audit log's `report.exported` entries), or with the
 * previous finished run when nothing was exported before. Runs whose findings the store has pruned are skipped.
 */
export function compareWithLastExport(db: StoreDatabase, runId: number, findings: Finding[]): RunComparison & { referenceFingerprints: string[] } {
  const runs = new RunTable(db);
  const kept = new Set((db.prepare("SELECT id FROM runs WHERE status = 'done' ORDER BY id DESC LIMIT 50").all() as Array<{ id: number }>).map((r) => r.id));
  let reference: RunComparison['reference'] = null;
  const exports = db.prepare('SELECT at, details FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 200').all(EXPORT_ACTION) as Array<{ at: string; details: string | null }>;
  for (const row of exports) {
    const exportedRun = parseRunId(row.details);
    if (exportedRun !== undefined && exportedRun < runId && kept.has(exportedRun)) {
      reference = { kind: 'export', runId: exportedRun, at: row.at };
      break;
    }
  }
  if (!reference) {
    const previous = db.prepare("SELECT id, finished_at FROM runs WHERE status = 'done' AND id < ? ORDER BY id DESC LIMIT 1").get(runId) as { id: number; finished_at: string } | undefined;
    if (previous && kept.has(previous.id)) reference = { kind: 'run', runId: previous.id, at: previous.finished_at };
  }
  if (!reference) return { reference: null, newCount: 0, fixed: [], referenceFingerprints: [] };
  const before = runs.findings(reference.runId);
  const now = new Set(findings.map((f) => f.fingerprint));
  const beforePrints = new Set(before.map((f) => f.fingerprint));
  return {
    reference,
    newCount: findings.filter((f) => !beforePrints.has(f.fingerprint)).length,
    fixed: before.filter((f) => !now.has(f.fingerprint)),
    referenceFingerprints: [...beforePrints],
  };
}

/** Record an export in the store's audit log (who, where, which run, the bundle's SHA-256). */
export function recordExport(db: StoreDatabase, entry: { actor?: string; subject: string; runId?: number; bundleSha256: string; files: string[]; zip?: string; formats?: string[] }): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)').run(
    new Date().toISOString(), entry.actor ?? null, EXPORT_ACTION, entry.subject,
    JSON.stringify({ runId: entry.runId, bundleSha256: entry.bundleSha256, files: entry.files, ...(entry.zip ? { zip: entry.zip } : {}), ...(entry.formats ? { formats: entry.formats } : {}) }),
  );
}

function parseRunId(details: string | null): number | undefined {
  try {
    const runId = JSON.parse(details ?? '{}')?.runId;
    return Number.isInteger(runId) ? runId : undefined;
  } catch {
    return undefined;
  }
}

/** The diagrams, checked: an SVG with active or external content is replaced by the fallback drawing, file and page alike. */
async function safeDiagrams(model: BundleModel, findings: Finding[], notes: string[]): Promise<BundleDiagrams> {
  let diagrams: BundleDiagrams;
  try {
    diagrams = await renderDiagrams(model, { findings, onError: (what, error) => notes.push(`${what} failed, simple drawing used: ${(error as Error).message}`) });
  } catch (error) {
    notes.push(`diagram layout failed, simple drawing used: ${(error as Error).message}`);
    diagrams = { diagram: renderFallbackDiagram(model), erd: renderFallbackErd(model) };
  }
  if (!inlineSvg(diagrams.diagram, 'check')) {
    notes.push('diagram.svg held active content and was replaced by the simple drawing');
    diagrams = { ...diagrams, diagram: renderFallbackDiagram(model) };
  }
  if (diagrams.erd && !inlineSvg(diagrams.erd, 'check')) {
    notes.push('erd.svg held active content and was replaced by the simple drawing');
    diagrams = { ...diagrams, erd: renderFallbackErd(model) };
  }
  return diagrams;
}
