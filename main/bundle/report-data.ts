import type { Artifact } from '../../shared/model/artifact.js';
import type { Finding, FindingCategory, RuleMeta, Severity } from '../../shared/model/finding.js';
import { SEVERITIES } from '../../shared/model/finding.js';
import { compareText } from '../analysis/engine.js';
import type { SystemModel } from '../../shared/model/model.js';
import type { BundleDiagrams } from './diagrams.js';
import type { Revision } from './provenance.js';
import type { SourceReader } from './source-excerpt.js';
import type { SystemAnalysis } from './system-analysis.js';

/** The model.json of a bundle: the model plus the artifact inventory it was read from. */
export type BundleModel = SystemModel & { artifacts: Artifact[] };

/** A finding as the bundle reports it: new since the last export, and known to a `--baseline`. */
export interface ReportFinding extends Finding {
  /** Not present in the run the comparison is made against (see ReportData.changes). */
  isNew?: boolean;
  /** Its fingerprint is in the baseline given with `--baseline`: reported, but never gating. */
  baseline?: boolean;
}

/** What changed since the last exported run (or, before any export, since the previous run). */
export interface RunComparison {
  /** What the comparison is made against; null on a project's first run. */
  reference: { kind: 'export' | 'run'; runId: number; at: string } | null;
  newCount: number;
  /** Findings of the reference run that are gone now. */
  fixed: Finding[];
}

export interface BaselineSummary {
  /** The file, folder or zip the baseline came from, as given. */
  source: string;
  /** Fingerprints in the baseline. */
  known: number;
  /** Findings of this run whose fingerprint is in the baseline. */
  matched: number;
  /** Findings of this run not in the baseline: the only ones the gate looks at. */
  newCount: number;
  /** Baseline fingerprints this run no longer reports. */
  gone: number;
}

export interface RuleSetInfo {
  /** `sha256:` of every built-in rule id and default severity, so two bundles can tell whether they ran the same rules. */
  version: string;
  count: number;
}

/** Everything one bundle is rendered from. Renderers are pure functions of this (plus the source reader). */
export interface ReportData {
  project: string;
  description?: string;
  /** Absolute project folder: source excerpts, SARIF's %SRCROOT%. */
  root: string;
  generatedAt: string;
  toolVersion: string;
  ruleSet: RuleSetInfo;
  runId?: number;
  model: BundleModel;
  findings: ReportFinding[];
  /** Metadata of every rule of the run (built-in and the project's custom rules), by id. */
  rules: Map<string, RuleMeta>;
  changes?: RunComparison;
  baseline?: BaselineSummary;
  system?: SystemAnalysis;
  diagrams: BundleDiagrams;
  source: SourceReader;
  /** The git revision the project folder was at, when it is a checkout. */
  revision?: Revision;
  /** The CLI's gate, when there is one. */
  gate?: { failOn: string; failed: boolean };
}

export const CATEGORIES: readonly FindingCategory[] = ['security', 'reliability', 'data', 'api'];

export const CATEGORY_LABELS: Record<FindingCategory, string> = { security: 'Security', reliability: 'Reliability', data: 'Data', api: 'API' };

/** Severity rank: 0 for critical. */
export function severityRank(severity: Severity): number {
  const rank = SEVERITIES.indexOf(severity);
  return rank < 0 ? SEVERITIES.length : rank;
}

/** Findings in report order: severity, then category, rule and location. */
export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)
    || compareText(a.ruleId, b.ruleId)
    || compareText(a.location.file, b.location.file)
    || a.location.line - b.location.line
    || compareText(a.fingerprint, b.fingerprint));
}

/** Counts by severity (every severity present, zero when none). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/** The findings nobody has decided on yet (tracked ones are reported apart). */
export function openFindings<F extends Finding>(findings: readonly F[]): F[] {
  return findings.filter((f) => f.status === 'open');
}

/** Metadata for a rule id: the registry's, or a stand-in built from the finding for rules the registry does not know. */
export function ruleFor(data: Pick<ReportData, 'rules'>, finding: Finding): RuleMeta {
  return data.rules.get(finding.ruleId) ?? {
    id: finding.ruleId, title: finding.title, category: finding.category, severity: finding.severity,
    rationale: '', remediation: '', references: [],
    ...(finding.cwe ? { cwe: finding.cwe } : {}), ...(finding.owaspApi ? { owaspApi: finding.owaspApi } : {}),
  };
}

/** `file:line` for a location, or the file alone. */
export function locationText(location: { file: string; line?: number; column?: number }): string {
  if (!location.file) return '(model)';
  return location.line && location.line > 0 ? `${location.file}:${location.line}${location.column ? `:${location.column}` : ''}` : location.file;
}

/** `1 finding`, `3 findings`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
