import { SEVERITIES } from '../../shared/model/finding.js';
import { rankedSinglePoints, STRIDE_NAMES, type StrideLetter } from '../../shared/model/system-analysis.js';
import { erdTables } from './fallback-erd.js';
import { escapeMarkdown as m, markdownCode, markdownFence } from './html.js';
import { formatTime } from './report-html-parts.js';
import { CATEGORIES, CATEGORY_LABELS, countBySeverity, locationText, openFindings, plural, ruleFor, severityRank, sortFindings, type ReportData, type ReportFinding } from './report-data.js';
import type { SourceExcerpt } from './source-excerpt.js';

/** Inline code that is also safe in a GFM table cell (pipes escaped, which GFM honours inside code spans). */
function c(value: unknown): string {
  return markdownCode(value).replace(/\|/g, '\\|');
}

function table(headers: string[], rows: string[][], numeric: number[] = []): string[] {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map((_, i) => (numeric.includes(i) ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** report.md: the report for people and tools that read Markdown (pull requests, wikis); every project string escaped. */
export function renderReportMarkdown(data: ReportData): string {
  const open = openFindings(data.findings);
  const counts = countBySeverity(open);
  const trackedCounts = countBySeverity(data.findings.filter((f) => f.status !== 'open'));
  const out: string[] = [
    `# ${m(data.project)}: architecture review`, '',
    `Generated ${formatTime(data.generatedAt)} by Archbench ${m(data.toolVersion)} · rule set ${c(data.ruleSet.version)} (${data.ruleSet.count} rules)${data.runId !== undefined ? ` · analysis run #${data.runId}` : ''}.`,
  ];
  if (data.description) out.push('', m(data.description));
  out.push('', '## Contents', '', '1. [Executive summary](#executive-summary)', '2. [Architecture](#architecture)', '3. [Threat model](#threat-model)', '4. [Reliability](#reliability)',
    '5. [Data model](#data-model)', '6. [API](#api)', '7. [Findings](#findings)', '8. [Risk decisions](#risk-decisions)', '9. [Files read](#files-read)');

  out.push('', '## Executive summary', '');
  const serious = counts.critical + counts.high;
  out.push(data.findings.length
    ? `${plural(open.length, 'open finding')}, ${serious} of them critical or high; ${plural(data.findings.length - open.length, 'finding')} covered by risk decisions.`
    : 'No findings: every rule passed on what the files describe.');
  if (data.gate) out.push('', `**CI gate \`--fail-on ${m(data.gate.failOn)}\`: ${data.gate.failed ? 'fails' : 'passes'}**${data.baseline ? ' (only findings not in the baseline count)' : ''}.`);
  out.push('', ...table(['Severity', 'Open', 'Tracked'], SEVERITIES.map((s) => [s, String(counts[s]), String(trackedCounts[s])]), [1, 2]));
  out.push('', ...table(['Category', ...SEVERITIES], CATEGORIES.map((cat) => {
    const byCat = countBySeverity(open.filter((f) => f.category === cat));
    return [CATEGORY_LABELS[cat], ...SEVERITIES.map((s) => String(byCat[s]))];
  }), [1, 2, 3, 4, 5]));
  if (data.changes) {
    const ref = data.changes.reference;
    out.push('', ref
      ? `**Changes:** +${data.changes.newCount} new, ${data.changes.fixed.length} fixed, compared with ${ref.kind === 'export' ? `the last exported run (#${ref.runId}, exported ${formatTime(ref.at)})` : `the previous run (#${ref.runId}); no earlier export is recorded`}.`
      : '**Changes:** first recorded analysis of this project, nothing to compare with.');
    if (ref) {
      for (const f of sortFindings(data.findings.filter((x) => x.isNew)).slice(0, 15)) out.push(`- new: **${f.severity}** ${m(f.title)} on ${c(f.element)}`);
      for (const f of sortFindings(data.changes.fixed).slice(0, 15)) out.push(`- fixed: **${f.severity}** ${m(f.title)} on ${c(f.element)}`);
    }
  }
  if (data.baseline) {
    out.push('', `**Baseline** ${c(data.baseline.source)}: ${data.baseline.newCount} new, ${data.baseline.matched} known, ${data.baseline.gone} gone. Known findings do not fail the gate.`);
  }
  const top = sortFindings(open).slice(0, 10);
  if (top.length) {
    out.push('', '### Top risks', '', ...table(['#', 'Severity', 'Finding', 'Element', 'Location'], top.map((f, i) => [String(i + 1), f.severity, m(f.title), c(f.element), c(locationText(f.location))]), [0]));
  }

  out.push('', '## Architecture', '', `${plural(data.model.components.length, 'component')}, ${plural(data.model.flows.length, 'flow')}, ${plural(data.model.trustBoundaries.length, 'trust boundary', 'trust boundaries')}. The diagram is diagram.svg.`);
  if (data.model.components.length) {
    out.push('', ...table(['Component', 'Kind', 'Replicas', 'Exposure', 'Source'], [...data.model.components].sort((a, b) => a.id.localeCompare(b.id)).map((x) => [
      c(x.name), x.kind, x.replicas !== undefined ? String(x.replicas) : 'n/a', x.internetFacing ? 'internet-facing' : '', c(locationText(x.source)),
    ]), [2]));
  }
  if (data.model.flows.length) {
    out.push('', ...table(['Flow', 'Protocol', 'Call', 'Timeout', 'Retries'], [...data.model.flows].sort((a, b) => a.id.localeCompare(b.id)).map((f) => [
      `${c(f.from)} → ${c(f.to)}`, m(f.protocol), f.sync === false ? 'async' : 'sync', f.timeoutMs !== undefined ? `${f.timeoutMs} ms` : 'none', f.retries !== undefined ? String(f.retries) : 'n/a',
    ])));
  }

  out.push('', '## Threat model', '');
  const tm = data.system?.threatModel;
  if (tm) {
    const open = tm.threats.filter((t) => t.status === 'open').length;
    out.push(`${plural(tm.threats.length, 'threat')} (${open} open), ${plural(tm.attackPaths.length, 'attack path')}; the full STRIDE analysis per element and flow is threat-model.md.`, '');
    for (const p of [...tm.attackPaths].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)).slice(0, 10)) {
      out.push(`- **${p.severity}** ${p.components.map(c).join(' → ')}: ${m(p.missingControls.map((x) => x.control).join('; ') || 'no missing control found')}`);
    }
  } else {
    const strided = data.findings.filter((f) => f.stride);
    out.push(`The threat engine produced no threat model for this run; ${plural(strided.length, 'finding')} carry a STRIDE category:`, '');
    out.push(...table(['STRIDE', 'Findings'], (Object.keys(STRIDE_NAMES) as StrideLetter[]).map((l) => [`${l} ${STRIDE_NAMES[l]}`, String(strided.filter((f) => f.stride === l).length)]), [1]));
  }

  out.push('', '## Reliability', '');
  const rel = data.system?.reliability;
  if (rel) {
    const spofs = rankedSinglePoints(rel);
    out.push(`${plural(spofs.length, 'single point of failure', 'single points of failure')}; the playbook per critical component is reliability-playbook.md.`, '');
    for (const s of spofs) out.push(`- ${c(s.component)}: ${m(s.reasons.join('; '))}; blast radius ${s.blastRadius.components.length} components, ${s.blastRadius.entryPoints.length} entry points`);
    const missing = rel.flows.filter((f) => f.missing.includes('timeout'));
    if (missing.length) out.push('', `Flows without a timeout: ${missing.map((f) => `${c(f.from)} → ${c(f.to)}`).join(', ')}.`);
  } else {
    const noTimeout = data.model.flows.filter((f) => f.sync !== false && f.timeoutMs === undefined);
    out.push(`The reliability engine produced no report for this run. ${plural(noTimeout.length, 'synchronous flow')} declare no timeout${noTimeout.length ? `: ${noTimeout.slice(0, 30).map((f) => `${c(f.from)} → ${c(f.to)}`).join(', ')}${noTimeout.length > 30 ? ', …' : ''}` : ''}.`);
  }

  out.push('', '## Data model', '');
  const tables = erdTables(data.model);
  if (tables.length) {
    out.push('The diagram is erd.svg.', '', ...table(['Table', 'Columns', 'Foreign keys', 'RLS'], tables.map((t) => [
      c(`${t.schema}.${t.name}`), String(t.columns.length), t.foreignKeys.map((fk) => c(`${fk.columns.join(', ')} → ${fk.referencedTable}`)).join('<br>'), t.rlsEnabled ? 'on' : 'off',
    ]), [1]));
  } else out.push('No SQL schema in the project.');

  out.push('', '## API', '');
  const eps = data.model.endpoints;
  const anonymous = eps.filter((e) => e.securityUndeclared || e.security.length === 0 || e.security.some((alt) => Object.keys(alt).length === 0));
  out.push(eps.length ? `${plural(eps.length, 'endpoint')}, ${anonymous.length} open to anonymous callers.` : 'No API descriptions in the project.');

  out.push('', '## Findings', '');
  if (!data.findings.length) out.push('No findings.');
  const byRule = new Map<string, ReportFinding[]>();
  for (const f of sortFindings(data.findings)) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)!).push(f);
  for (const list of [...byRule.values()].sort((a, b) => severityRank(a[0].severity) - severityRank(b[0].severity) || b.length - a.length)) {
    const rule = ruleFor(data, list[0]);
    out.push(`### ${m(rule.title)}`, '', `${c(rule.id)} · ${CATEGORY_LABELS[rule.category] ?? m(rule.category)}${rule.stride ? ` · STRIDE ${rule.stride}` : ''}${rule.cwe ? ` · CWE-${rule.cwe}` : ''}${rule.owaspApi ? ` · OWASP ${m(rule.owaspApi)}` : ''} · ${plural(list.length, 'finding')}`);
    if (rule.rationale) out.push('', `**Why it matters.** ${m(rule.rationale)}`);
    if (rule.remediation) out.push('', `**Remediation.** ${m(rule.remediation)}`);
    if (rule.references.length) out.push('', `**References:** ${rule.references.map((r) => (/^https?:\/\//i.test(r) ? `<${r.replace(/[<>\s]/g, encodeURIComponent)}>` : c(r))).join(', ')}`);
    for (const f of list) {
      const tags = [f.status !== 'open' ? f.status : '', f.isNew ? 'new' : '', f.baseline ? 'in baseline' : ''].filter(Boolean).map((t) => ` _${t}_`).join('');
      out.push('', `- **${f.severity}** ${m(f.message)}${tags}`, `  - at ${c(locationText(f.location))} on ${c(f.element)} · fingerprint ${c(f.fingerprint)}`);
      if (f.evidence) out.push(`  - evidence: ${m(f.evidence)}`);
      for (const r of f.related ?? []) out.push(`  - related: ${c(locationText(r))}${r.message ? ` ${m(r.message)}` : ''}`);
      if (f.tracking) out.push(`  - decision: **${f.tracking.status}**${f.tracking.by ? ` by ${m(f.tracking.by)}` : ''}${f.tracking.date ? ` on ${m(f.tracking.date)}` : ''}${f.tracking.expires ? ` until ${m(f.tracking.expires)}` : ''}${f.tracking.justification ? `: ${m(f.tracking.justification)}` : ''}`);
      const excerpt = data.source(f.location);
      if (excerpt) out.push('', indent(markdownFence(excerptText(excerpt)), '  '));
    }
    out.push('');
  }

  out.push('', '## Risk decisions', '');
  const tracked = sortFindings(data.findings.filter((f) => f.tracking && f.status !== 'open'));
  out.push(tracked.length
    ? table(['Finding', 'Element', 'Status', 'Justification', 'By', 'Date', 'Expires'], tracked.map((f) => [m(f.title), c(f.element), f.tracking!.status, m(f.tracking!.justification ?? ''), m(f.tracking!.by ?? ''), m(f.tracking!.date ?? ''), m(f.tracking!.expires ?? 'no expiry')])).join('\n')
    : 'No risk decisions recorded in archbench.yaml.');

  out.push('', '## Files read', '', ...table(['File', 'Kind', 'Status'], [...data.model.artifacts].filter((a) => a.kind !== 'other').sort((a, b) => a.path.localeCompare(b.path)).map((a) => [c(a.path), a.kind, a.status]), []));
  if (data.model.diagnostics.length) {
    out.push('', '### Files that could not be read', '');
    for (const d of data.model.diagnostics) out.push(`- ${c(`${d.file}:${d.line}`)} ${m(d.message)}`);
  }
  return out.join('\n') + '\n';
}

function excerptText(excerpt: SourceExcerpt): string {
  const width = String(excerpt.lines[excerpt.lines.length - 1]?.number ?? 0).length;
  return excerpt.lines.map((l) => `${l.hit ? '>' : ' '} ${String(l.number).padStart(width)} | ${l.text}`).join('\n');
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => prefix + line).join('\n');
}
