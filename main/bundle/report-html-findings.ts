import type { Tracking } from '../../shared/model/finding.js';
import { SEVERITIES } from '../../shared/model/finding.js';
import { STRIDE_NAMES, type StrideLetter } from '../../shared/model/system-analysis.js';
import { escapeHtml as x } from './html.js';
import { code, cweLink, excerptHtml, externalLink, findingAnchor, findingLink, findingTags, htmlTable, locationCode, richText, ruleAnchor, severityBadge, tag, type HtmlSection } from './report-html-parts.js';
import { CATEGORY_LABELS, plural, ruleFor, sortFindings, type ReportData, type ReportFinding } from './report-data.js';

/**
 * Every finding, by severity and within it by rule (rationale, remediation and references once per rule, where the
 * rule first appears), each with its evidence and source lines. Group counts are findings of that severity, the same
 * as the summary's tiles (which count the open ones).
 */
export function findingsSection(data: ReportData): HtmlSection {
  if (!data.findings.length) return { id: 'findings', title: 'Findings', children: [], html: '<p>No findings.</p>' };
  const children: HtmlSection['children'] = [];
  const described = new Set<string>();
  const ruleCount = new Set(data.findings.map((f) => f.ruleId)).size;
  let html = `<p>${plural(data.findings.length, 'finding')} from ${plural(ruleCount, 'rule')}, most severe first. Each shows where it is, what shows it and the lines around it; a rule's rationale, remediation and references come once, where the rule first appears.</p>`;
  for (const severity of SEVERITIES) {
    const inSeverity = sortFindings(data.findings.filter((f) => f.severity === severity));
    if (!inSeverity.length) continue;
    const byRule = new Map<string, ReportFinding[]>();
    for (const f of inSeverity) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)!).push(f);
    const groups = [...byRule.values()].sort((a, b) => b.length - a.length || a[0].ruleId.localeCompare(b[0].ruleId));
    const id = `findings-${severity}`;
    const open = inSeverity.filter((f) => f.status === 'open').length;
    children.push({ id, title: `${severity[0].toUpperCase()}${severity.slice(1)} (${inSeverity.length})` });
    html += `<h3 id="${id}" class="group">${severityBadge(severity)} ${plural(inSeverity.length, 'finding')}${open !== inSeverity.length ? ` (${open} open)` : ''} from ${plural(groups.length, 'rule')}</h3>`;
    html += groups.map((list) => {
      const first = !described.has(list[0].ruleId);
      described.add(list[0].ruleId);
      return ruleBlock(data, list, first, severity);
    }).join('\n');
  }
  return { id: 'findings', title: 'Findings', children, html };
}

function ruleBlock(data: ReportData, findings: ReportFinding[], first: boolean, severity: string): string {
  const rule = ruleFor(data, findings[0]);
  const total = data.findings.filter((f) => f.ruleId === rule.id).length;
  const stride = rule.stride ?? (findings[0].stride as StrideLetter | undefined);
  const meta = [
    code(rule.id), x(CATEGORY_LABELS[rule.category] ?? rule.category), `default ${x(rule.severity)}`,
    stride ? `STRIDE <span class="stride">${x(stride)}</span> ${x(STRIDE_NAMES[stride as StrideLetter] ?? '')}` : '',
    cweLink(rule.cwe ?? findings[0].cwe), rule.owaspApi ? `OWASP ${x(rule.owaspApi)}` : '',
    total === findings.length ? plural(total, 'finding') : `${findings.length} of its ${total} findings here`,
  ].filter(Boolean).join(' · ');
  let text = '';
  if (first) {
    text = rule.rationale || rule.remediation
      ? `<div class="rule-text"><div><div class="lbl">Why it matters</div><p>${richText(rule.rationale || 'Not stated by the rule.')}</p></div><div><div class="lbl">Remediation</div><p>${richText(rule.remediation || 'Not stated by the rule.')}</p></div></div>`
      : '';
    text += rule.references.length ? `<div class="refs"><div class="lbl">References</div><ul>${rule.references.map((r) => `<li>${externalLink(r)}</li>`).join('')}</ul></div>` : '';
  } else {
    text = `<p class="small muted">Rationale, remediation and references: <a href="#${ruleAnchor(rule.id)}">where this rule first appears</a>.</p>`;
  }
  const id = first ? ruleAnchor(rule.id) : `${ruleAnchor(rule.id)}-${severity}`;
  // The rule's heading and text stay on the page of its first finding (print never leaves a heading alone).
  const [firstCard, ...rest] = findings.map((f) => findingCard(data, f));
  return `<div class="rule" id="${id}"><div class="rule-lead"><div class="rule-head"><h3>${x(rule.title)}</h3></div><div class="rule-meta">${meta}</div>${text}
${firstCard}</div>${rest.join('\n')}</div>`;
}

function findingCard(data: ReportData, finding: ReportFinding): string {
  const facts: Array<[string, string]> = [
    ['Location', `${locationCode(finding.location)}${finding.location.pointer ? ` <span class="small muted wrap">${x(finding.location.pointer)}</span>` : ''}`],
    ['Element', `${code(finding.element)}`],
  ];
  if (finding.evidence) facts.push(['Evidence', x(finding.evidence)]);
  if (finding.related?.length) {
    facts.push(['Related', finding.related.map((r) => `<div>${locationCode(r)}${r.message ? ` ${x(r.message)}` : ''}</div>`).join('')]);
  }
  facts.push(['Fingerprint', `${code(finding.fingerprint)}`]);
  const tracked = finding.status !== 'open' ? ' tracked' : '';
  return `<article class="finding ${x(finding.severity)}${tracked}" id="${findingAnchor(finding)}">
<p class="msg">${severityBadge(finding.severity)} ${richText(finding.message)} ${findingTags(finding)}</p>
<dl class="facts">${facts.map(([k, v]) => `<dt>${x(k)}</dt><dd>${v}</dd>`).join('')}</dl>
${excerptHtml(data.source(finding.location))}${finding.tracking ? `<div class="decision">${decisionText(finding.tracking)}</div>` : ''}${finding.expiredTracking ? `<div class="decision">${tag('expired', 'expired')} ${decisionText(finding.expiredTracking)}</div>` : ''}</article>`;
}

function decisionText(tracking: Tracking): string {
  const who = [tracking.by ? `by ${x(tracking.by)}` : '', tracking.date ? `on ${x(tracking.date)}` : '', tracking.expires ? `until ${x(tracking.expires)}` : 'no expiry'].filter(Boolean).join(', ');
  return `<strong>${x(tracking.status)}</strong> ${who}${tracking.justification ? `: ${x(tracking.justification)}` : ' <span class="muted">(no justification given)</span>'}`
    + (tracking.source ? ` <span class="muted small">(${locationCode(tracking.source)})</span>` : '');
}

/** The risk-tracking decisions: tracked findings, expired decisions, and decisions that match no finding any more. */
export function decisionsSection(data: ReportData): HtmlSection {
  const tracked = sortFindings(data.findings.filter((f) => f.tracking && f.status !== 'open'));
  const expired = sortFindings(data.findings.filter((f) => f.expiredTracking));
  const matched = new Set(data.findings.flatMap((f) => [f.fingerprint, `${f.ruleId}\u0000${f.element}`]));
  const stale = (data.model.risks ?? []).filter((r) => !(r.fingerprint && matched.has(r.fingerprint)) && !(r.rule && r.element && matched.has(`${r.rule}\u0000${r.element}`)));
  const row = (f: ReportFinding, t: Tracking) => [
    `${severityBadge(f.severity)} ${findingLink(f, f.title)}<div class="small">${code(f.element)}</div>`, tag(t.status, 'status'),
    t.justification ? x(t.justification) : '<span class="muted">none given</span>', x(t.by ?? ''), `<span class="nowrap">${x(t.date ?? '')}</span>`, `<span class="nowrap">${x(t.expires ?? 'no expiry')}</span>`,
  ];
  const html = `<p>Decisions live in archbench.yaml (<code>risks</code>), versioned with the project; each is also in the store's audit log with who made it and when.</p>
<h3 id="decisions-tracked">Tracked findings (${tracked.length})</h3>
${tracked.length ? htmlTable(['Finding', 'Status', 'Justification', 'By', 'Date', 'Expires'], tracked.map((f) => row(f, f.tracking!))) : '<p class="muted">No finding is accepted, mitigated, marked a false positive or in progress.</p>'}
${expired.length ? `<h3 id="decisions-expired">Expired decisions (${expired.length})</h3><p class="small">These findings are open again: their decision passed its expiry date.</p>${htmlTable(['Finding', 'Status', 'Justification', 'By', 'Date', 'Expired'], expired.map((f) => row(f, f.expiredTracking!)))}` : ''}
${stale.length ? `<h3 id="decisions-stale">Decisions that match no current finding (${stale.length})</h3><p class="small">The finding is fixed, or its rule or element was renamed; remove or update these entries.</p>${htmlTable(['Rule', 'Element', 'Status', 'Justification', 'Source'], stale.map((r) => [
    `${code(r.rule ?? r.fingerprint ?? '')}`, `${code(r.element ?? '')}`, tag(r.status, 'status'), x(r.justification ?? ''), locationCode(r.source),
  ]))}` : ''}`;
  return { id: 'decisions', title: 'Risk decisions', html, children: [] };
}
