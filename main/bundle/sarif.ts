import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleMeta, Severity } from '../../shared/model/finding.js';
import type { SourceLocation } from '../../shared/model/model.js';
import { STRIDE_NAMES, type StrideLetter } from '../../shared/model/system-analysis.js';
import { ruleFor, type ReportData, type ReportFinding } from './report-data.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/**
 * Where people learn about the tool. Archbench has no published home page yet, and SARIF makes the field optional:
 * left out rather than a made-up address that sends code-scanning users nowhere. One constant, one edit when there is one.
 */
export const ARCHBENCH_INFORMATION_URI: string | undefined = undefined;
export const FINGERPRINT_KEY = 'archbench/v1';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

/** SARIF level of a severity: what code-scanning tools sort and gate on. */
export function sarifLevel(severity: Severity): Level {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

/** GitHub's `security-severity` (a CVSS-like score as a string): critical >= 9, high 7-8.9, medium 4-6.9, low < 4. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: undefined };

/** Rules whose findings are security weaknesses: the security category, and any rule mapped to a CWE or STRIDE. */
function isSecurityRule(rule: RuleMeta): boolean {
  return rule.category === 'security' || rule.cwe !== undefined || rule.stride !== undefined;
}

/**
 * findings.sarif: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, VS Code's SARIF viewer). Every rule of the run
 * with its help, tags and security severity; results with paths relative to %SRCROOT%, regions with snippets (secrets
 * masked), related locations, stable partial fingerprints, and risk decisions as external suppressions.
 */
export function toSarif(data: ReportData): object {
  const rules = new Map(data.rules);
  for (const f of data.findings) if (!rules.has(f.ruleId)) rules.set(f.ruleId, ruleFor(data, f));
  const ordered = [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(ordered.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Archbench',
          fullName: `Archbench ${data.toolVersion}`,
          version: data.toolVersion,
          semanticVersion: /^\d+\.\d+\.\d+/.test(data.toolVersion) ? data.toolVersion : undefined,
          ...(ARCHBENCH_INFORMATION_URI ? { informationUri: ARCHBENCH_INFORMATION_URI } : {}),
          rules: ordered.map(sarifRule),
        },
      },
      invocations: [{
        executionSuccessful: true,
        ...(data.generatedAt ? { endTimeUtc: data.generatedAt } : {}),
        toolExecutionNotifications: data.model.diagnostics.slice(0, 500).map((d) => ({
          level: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note',
          message: { text: sentence(`${d.file} could not be read completely: ${d.message}`) },
          descriptor: { id: d.code },
          ...(d.file ? { locations: [{ physicalLocation: physical({ file: d.file, line: d.line, column: d.column }) }] } : {}),
        })),
      }],
      ...sourceRoots(data),
      columnKind: 'utf16CodeUnits',
      results: data.findings.map((f) => sarifResult(data, f, index.get(f.ruleId)!)),
      properties: {
        project: data.project,
        ruleSetVersion: data.ruleSet.version,
        ...(data.runId !== undefined ? { runId: data.runId } : {}),
        ...(data.baseline ? { baseline: data.baseline } : {}),
      },
    }],
  };
}

/**
 * %SRCROOT% (the analysed folder) and, in a git checkout with an origin, the repository it belongs to: when the folder
 * is a subfolder of the checkout, %SRCROOT% is expressed relative to REPOROOT so viewers can map paths into the repo.
 */
function sourceRoots(data: ReportData): object {
  const description = { text: 'The analysed project folder.' };
  const revision = data.revision;
  if (!revision?.repositoryUri || !revision.worktree) return { originalUriBaseIds: { [SRCROOT]: { uri: rootUri(data.root), description } } };
  const inRepo = relative(revision.worktree, data.root).split(sep).join('/');
  const vcs = { repositoryUri: revision.repositoryUri, ...(revision.revisionId ? { revisionId: revision.revisionId } : {}), ...(revision.branch ? { branch: revision.branch } : {}) };
  if (!inRepo) return { versionControlProvenance: [{ ...vcs, mappedTo: { uriBaseId: SRCROOT } }], originalUriBaseIds: { [SRCROOT]: { uri: rootUri(data.root), description } } };
  return {
    versionControlProvenance: [{ ...vcs, mappedTo: { uriBaseId: 'REPOROOT' } }],
    originalUriBaseIds: {
      REPOROOT: { uri: rootUri(revision.worktree), description: { text: 'The git checkout the project folder is in.' } },
      [SRCROOT]: { uri: `${relativeUri(inRepo)}/`, uriBaseId: 'REPOROOT', description },
    },
  };
}

function sarifRule(rule: RuleMeta): object {
  const security = isSecurityRule(rule);
  const tags = [rule.category, ...(security && rule.category !== 'security' ? ['security'] : [])];
  if (rule.cwe) tags.push(`external/cwe/cwe-${rule.cwe}`);
  if (rule.owaspApi) tags.push(`external/owasp-api-2023/${rule.owaspApi.replace(/:2023$/, '').toLowerCase()}`);
  if (rule.stride) tags.push(`stride/${STRIDE_NAMES[rule.stride as StrideLetter]?.toLowerCase().replace(/\s+/g, '-') ?? rule.stride}`);
  const helpUri = rule.references.find((r) => /^https?:\/\//i.test(r) && isUri(r));
  const text = [
    rule.rationale ? `Why it matters: ${rule.rationale}` : '',
    rule.remediation ? `Remediation: ${rule.remediation}` : '',
    rule.references.length ? `References: ${rule.references.join(' ')}` : '',
  ].filter(Boolean).join('\n\n') || sentence(rule.title);
  const markdown = [
    `**${escapeMd(rule.title)}** (\`${rule.id}\`, ${rule.category}, default severity ${rule.severity}${rule.cwe ? `, CWE-${rule.cwe}` : ''}${rule.owaspApi ? `, OWASP ${rule.owaspApi}` : ''})`,
    rule.rationale ? `### Why it matters\n\n${escapeMd(rule.rationale)}` : '',
    rule.remediation ? `### Remediation\n\n${escapeMd(rule.remediation)}` : '',
    rule.references.length ? `### References\n\n${rule.references.map((r) => (isUri(r) && /^https?:/i.test(r) ? `- <${r}>` : `- ${escapeMd(r)}`)).join('\n')}` : '',
  ].filter(Boolean).join('\n\n');
  return {
    id: rule.id,
    name: pascalCase(rule.title) || pascalCase(rule.id),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.rationale || rule.title) },
    help: { text, markdown },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags,
      precision: 'high',
      'problem.severity': rule.severity === 'critical' || rule.severity === 'high' ? 'error' : rule.severity === 'medium' ? 'warning' : 'recommendation',
      ...(security && SECURITY_SEVERITY[rule.severity] ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
    },
  };
}

function sarifResult(data: ReportData, f: ReportFinding, ruleIndex: number): object {
  const location: Record<string, unknown> = {
    logicalLocations: [{ fullyQualifiedName: f.element, kind: 'resource' }],
  };
  if (f.location.file) location.physicalLocation = physical(f.location, data);
  const related = (f.related ?? []).filter((r) => r.file).map((r, i) => ({
    id: i + 1,
    physicalLocation: physical(r, data),
    message: { text: sentence(r.message ?? 'Related location.') },
  }));
  const suppression = f.tracking && f.status !== 'open' && f.status !== 'in-progress'
    ? [{
      kind: 'external',
      status: 'accepted',
      justification: [`${f.status}`, f.tracking.justification, f.tracking.by ? `by ${f.tracking.by}` : '', f.tracking.date ? `on ${f.tracking.date}` : '', f.tracking.expires ? `until ${f.tracking.expires}` : '']
        .filter(Boolean).join(', '),
      ...(f.tracking.source?.file ? { location: { physicalLocation: physical(f.tracking.source) } } : {}),
      properties: { archbenchStatus: f.status, ...(f.tracking.by ? { by: f.tracking.by } : {}), ...(f.tracking.date ? { date: f.tracking.date } : {}), ...(f.tracking.expires ? { expires: f.tracking.expires } : {}) },
    }]
    : undefined;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: sentence(f.message) },
    locations: [location],
    ...(related.length ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(suppression ? { suppressions: suppression } : {}),
    ...(data.baseline ? { baselineState: f.baseline ? 'unchanged' : 'new' } : {}),
    properties: {
      severity: f.severity,
      category: f.category,
      status: f.status,
      element: f.element,
      ...(f.evidence ? { evidence: f.evidence } : {}),
      ...(f.isNew ? { newSinceLastExport: true } : {}),
      ...(f.expiredTracking ? { expiredDecision: { status: f.expiredTracking.status, expires: f.expiredTracking.expires } } : {}),
    },
  };
}

/**
 * A physical location relative to %SRCROOT%, always with a region (a whole-file finding points at line 1, as the
 * SARIF validator asks), and snippets when the file can be read.
 */
function physical(location: SourceLocation | { file: string; line: number; column?: number; endLine?: number; endColumn?: number }, data?: ReportData): object {
  const line = location.line >= 1 ? location.line : 1;
  const region: Record<string, unknown> = { startLine: line };
  if (location.line >= 1 && location.column && location.column >= 1) region.startColumn = location.column;
  const endLine = location.endLine;
  if (location.line >= 1 && endLine && endLine >= line) {
    region.endLine = endLine;
    if (location.endColumn && location.endColumn >= 1 && (endLine > line || location.endColumn > (location.column ?? 0))) region.endColumn = location.endColumn;
  }
  const out: Record<string, unknown> = { artifactLocation: { uri: relativeUri(location.file), uriBaseId: SRCROOT }, region };
  const excerpt = location.line >= 1 ? data?.source(location, 2) : undefined;
  const lastContextLine = excerpt?.lines[excerpt.lines.length - 1]?.number ?? 0;
  if (excerpt && (typeof region.endLine !== 'number' || region.endLine <= lastContextLine)) {
    const hit = excerpt.lines.find((l) => l.hit);
    if (hit && !excerpt.shortened) region.snippet = { text: hit.text };
    out.contextRegion = {
      startLine: excerpt.lines[0].number,
      endLine: excerpt.lines[excerpt.lines.length - 1].number,
      ...(excerpt.shortened ? {} : { snippet: { text: excerpt.lines.map((l) => l.text).join('\n') } }),
    };
  }
  return out;
}

/** A project path as a relative URI reference: each segment percent-encoded, `/`-separated. */
export function relativeUri(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** SARIF viewers show messages as sentences: end each with a full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'No message.';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A rule's friendly name as SARIF wants it: one Pascal-case identifier (`ResponseExposesPasswordOrSecret`). */
export function pascalCase(text: string): string {
  const words = text.replace(/['’]/g, '').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ')
    .filter((w) => w && !/^(a|an|the)$/i.test(w))
    // A one-letter word (`char(n)`) cannot start a Pascal-case hump; it joins the word before it.
    .map((w, i) => (w.length === 1 && i > 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()));
  const name = words.join('');
  return /^[0-9]/.test(name) ? `Status${name}` : name;
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}

function isUri(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
