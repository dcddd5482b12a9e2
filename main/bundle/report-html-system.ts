import type { Severity } from '../../shared/model/finding.js';
import { rankedSinglePoints, STRIDE_NAMES, type StrideLetter, type Threat } from '../../shared/model/system-analysis.js';
import { escapeHtml as x } from './html.js';
import { ruleSummary } from './report-html-model.js';
import { code, htmlTable, limited, locationCode, richText, severityBadge, tag, type HtmlSection } from './report-html-parts.js';
import { plural, severityRank, type ReportData } from './report-data.js';
import { foldMitigated } from '../threat/fold-mitigated.js';

const LETTERS: StrideLetter[] = ['S', 'T', 'R', 'I', 'D', 'E'];

/** STRIDE per element and flow, attack paths; from the threat engine, or from the findings' STRIDE letters without it. */
export function threatModelSection(data: ReportData): HtmlSection {
  const tm = data.system?.threatModel;
  if (!tm) return strideFromFindings(data);
  const elements = new Map<string, Threat[]>();
  for (const t of tm.threats) (elements.get(t.element) ?? elements.set(t.element, []).get(t.element)!).push(t);
  const ordered = [...elements].sort(([, a], [, b]) => worst(a) - worst(b) || b.length - a.length);
  // A large API has hundreds of operations whose only threat the files already mitigate: they are summed up, not listed.
  const openOf = (threats: Threat[]) => threats.filter((t) => t.status === 'open').length;
  const quiet = ordered.filter(([, threats]) => openOf(threats) === 0);
  const listed = ordered.filter(([, threats]) => openOf(threats) > 0).concat(quiet.slice(0, QUIET_ROWS));
  const matrix = listed.map(([element, threats]) => [
    `${code(element)} <span class="small muted">${x(threats[0].elementType)}</span>`,
    ...LETTERS.map((letter) => strideCell(threats.filter((t) => t.stride === letter))),
    String(openOf(threats)),
  ]);
  if (quiet.length > QUIET_ROWS) {
    const rest = quiet.slice(QUIET_ROWS).flatMap(([, threats]) => threats);
    matrix.push([`<span class="muted">${plural(quiet.length - QUIET_ROWS, 'more element')} with no open threat</span>`, ...LETTERS.map((letter) => strideCell(rest.filter((t) => t.stride === letter))), '0']);
  }
  const threatRows = foldMitigated(ordered.flatMap(([, threats]) => [...threats].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)))).map(({ threat: t, elements }) => [
    `<span class="stride" title="${x(STRIDE_NAMES[t.stride] ?? t.stride)}">${x(t.stride)}</span>`,
    `<strong>${x(t.title)}</strong><div class="small">${x(t.description)}${elements.length > 1 ? ` (the same on ${elements.length} elements)` : ''}</div>${t.evidence.length ? `<ul class="small">${limited(t.evidence, 4, (e) => `<li>${x(e.message)}${e.location ? ` ${locationCode(e.location)}` : ''}</li>`)}</ul>` : ''}`,
    elements.length > 3 ? `${elements.slice(0, 3).map((element) => code(element)).join(', ')} <span class="small muted">and ${elements.length - 3} more</span>` : elements.map((element) => code(element)).join(', '),
    `${severityBadge(t.severity)}<div class="small muted">likelihood ${x(t.likelihood)}, impact ${x(t.impact)}</div>`,
    (t.status === 'open' ? 'open' : tag(t.status, 'status')) + (t.tracking ? `<div class="small">${x([t.tracking.by ? `by ${t.tracking.by}` : '', t.tracking.expires ? `until ${t.tracking.expires}` : '', t.tracking.justification ?? ''].filter(Boolean).join(', '))}</div>` : ''),
    `<span class="small">${x([...t.controls.map((c) => `has: ${c}`), ...t.mitigations].join('; '))}</span>`,
  ]);
  const paths = [...tm.attackPaths].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const pathHtml = paths.length ? paths.map((p) => `<div class="finding ${x(p.severity)}"><p class="msg">${severityBadge(p.severity)} ${x(p.entry)} → ${x(p.target)}${p.targetClassification
    ? ` <span class="small muted">target ${x(p.targetClassification.classification ?? 'unclassified')}${p.targetClassification.assumed ? ' (assumed)' : ''}, from ${x(p.targetClassification.source)}</span>` : ''}</p>
<p class="small">${p.components.map((c) => code(c)).join(' → ')}</p>
${p.notes?.length ? `<p class="small muted">${x(p.notes.join(' '))}</p>` : ''}
${p.endpoints?.length ? `<p class="small">Opened by ${p.endpoints.slice(0, 8).map((e) => `${code(e)}`).join(', ')}${p.endpoints.length > 8 ? ` and ${p.endpoints.length - 8} more` : ''}</p>` : ''}
${p.missingControls.length ? `<ul class="small">${p.missingControls.map((m) => `<li><strong>${x(m.control)}</strong>: ${x(m.message)}</li>`).join('')}</ul>` : '<p class="small muted">No missing control found along the path.</p>'}</div>`).join('')
    : '<p class="muted">No path from an internet entry point to a datastore with confidential data.</p>';
  const summary = LETTERS.map((l) => `${STRIDE_NAMES[l]}: ${tm.summary[l] ?? 0}`).join(' · ');
  const html = `<p>${plural(tm.threats.length, 'threat')} (${tm.threats.filter((t) => t.status === 'open').length} open) on ${plural(elements.size, 'element')}; ${plural(tm.attackPaths.length, 'attack path')}.
Entry points: ${tm.entryPoints.map((e) => `${code(e)}`).join(', ') || '<span class="muted">none</span>'}.
Crown jewels: ${tm.crownJewels.map((e) => `${code(e)}`).join(', ') || '<span class="muted">none</span>'}.</p>
<p class="small muted">${x(summary)}</p>${notesCallout(tm.notes)}
<h3 id="threat-matrix">STRIDE per element</h3>${matrix.length ? htmlTable(['Element', ...LETTERS, 'Open'], matrix, { className: 'matrix', numeric: [7] }) : '<p class="muted">No threats.</p>'}
<h3 id="threat-paths">Attack paths (${paths.length})</h3>${pathHtml}
<h3 id="threat-list">Threats (${tm.threats.length})</h3>${threatRows.length ? htmlTable(['', 'Threat and evidence', 'Element', 'Severity', 'Status', 'Controls and mitigations'], threatRows) : '<p class="muted">None.</p>'}`;
  return { id: 'threat-model', title: 'Threat model', html, children: [{ id: 'threat-matrix', title: 'STRIDE per element' }, { id: 'threat-paths', title: 'Attack paths' }, { id: 'threat-list', title: 'Threats' }] };
}

function strideFromFindings(data: ReportData): HtmlSection {
  const withStride = data.findings.filter((f) => f.stride && LETTERS.includes(f.stride as StrideLetter));
  const elements = new Map<string, typeof withStride>();
  for (const f of withStride) (elements.get(f.element) ?? elements.set(f.element, []).get(f.element)!).push(f);
  const rows = [...elements].sort(([, a], [, b]) => worst(a) - worst(b) || b.length - a.length).map(([element, list]) => [
    `${code(element)}`, ...LETTERS.map((l) => strideCell(list.filter((f) => f.stride === l))), String(list.filter((f) => f.status === 'open').length),
  ]);
  const html = `<p class="note">The STRIDE threat engine produced no threat model for this run (see the notes of the export): this chapter classifies the findings by their STRIDE category per element. Attack paths need the threat engine.</p>
<h3 id="threat-matrix">STRIDE per element (from findings)</h3>
${rows.length ? htmlTable(['Element', ...LETTERS, 'Open'], rows, { className: 'matrix', numeric: [7] }) : '<p class="muted">No finding carries a STRIDE category.</p>'}
<p class="small muted">${LETTERS.map((l) => `${l}: ${STRIDE_NAMES[l]}`).join(' · ')}. Each cell counts findings; the colour is the highest severity.</p>`;
  return { id: 'threat-model', title: 'Threat model', html, children: [{ id: 'threat-matrix', title: 'STRIDE per element' }] };
}

/** Blast radius, single points of failure, flows lacking timeouts, call chains, with a model-only fallback. */
export function reliabilitySection(data: ReportData): HtmlSection {
  const report = data.system?.reliability;
  const reliabilityFindings = data.findings.filter((f) => f.category === 'reliability');
  if (!report) return reliabilityFromModel(data, reliabilityFindings);
  const spofs = rankedSinglePoints(report);
  const spofRows = spofs.map((c) => [
    `<strong>${x(c.component)}</strong>`, c.replicas !== undefined ? String(c.replicas) : '<span class="muted">n/a</span>', x(c.reasons.join('; ')),
    blastText(c.blastRadius, c.totals), x(c.detection.map((d) => d.detail || d.kind).join('; ')),
  ]);
  const radius = [...report.components].filter((c) => c.blastRadius.components.length || c.blastRadius.entryPoints.length)
    .sort((a, b) => b.blastRadius.components.length - a.blastRadius.components.length).slice(0, 25)
    .map((c) => [`<strong>${x(c.component)}</strong>`, String(c.totals?.components ?? c.blastRadius.components.length), String(c.totals?.entryPoints ?? c.blastRadius.entryPoints.length), String(c.totals?.endpoints ?? c.blastRadius.endpoints.length),
      `<span class="small">${x(c.blastRadius.components.slice(0, 12).join(', '))}${c.blastRadius.components.length > 12 ? ' …' : ''}</span>`]);
  const weakFlows = report.flows.filter((f) => f.missing.length).sort((a, b) => Number(b.sync) - Number(a.sync) || a.flow.localeCompare(b.flow));
  const flowRows = weakFlows.map((f) => [`${code(f.from)} → ${code(f.to)}`, f.sync ? 'sync' : 'async',
    f.missing.map((m) => tag(m)).join(''), f.timeoutMs !== undefined ? `${f.timeoutMs} ms` : '', `<span class="small">${x(f.evidence.join(', '))}</span>`]);
  const budgets = (report.connectionBudgets ?? []).map((b) => [
    `<strong>${x(b.datastore)}</strong>`, String(b.maxConnections), `${b.total > b.maxConnections ? tag('over budget', 'expired') : ''} ${b.total}`,
    `<span class="small">${x(b.callers.map((c) => `${c.component}: ${c.replicas} × ${c.poolSize}`).join('; '))}${b.unknownCallers.length ? `; pool size unknown: ${x(b.unknownCallers.join(', '))}` : ''}</span>`,
  ]);
  const chains = [...report.chains].sort((a, b) => b.depth - a.depth || b.retryAmplification - a.retryAmplification).slice(0, 15)
    .map((c) => [`<span class="small">${c.components.map((n) => `${code(n)}`).join(' → ')}</span>`, String(c.depth), `×${c.retryAmplification}`, String(c.missingTimeouts)]);
  const html = `<p>${plural(spofs.length, 'single point of failure', 'single points of failure')} · ${plural(weakFlows.filter((f) => f.missing.includes('timeout')).length, 'flow')} without a timeout · ${plural(report.playbook.length, 'playbook entry', 'playbook entries')} in reliability-playbook.md.</p>${notesCallout(report.notes)}
<h3 id="rel-spof">Single points of failure (${spofs.length})</h3>${spofRows.length ? htmlTable(['Component', 'Replicas', 'Why', 'Blast radius', 'Detection'], spofRows, { numeric: [1] }) : '<p class="muted">None.</p>'}
<h3 id="rel-blast">Blast radius</h3>${radius.length ? htmlTable(['Component', 'Components affected', 'Entry points', 'Endpoints', 'Affected'], radius, { numeric: [1, 2, 3] }) : '<p class="muted">No component takes others down with it.</p>'}
<h3 id="rel-flows">Flows lacking timeouts and other resilience (${weakFlows.length})</h3>${flowRows.length ? htmlTable(['Flow', 'Call', 'Missing', 'Timeout', 'Evidence'], flowRows) : '<p class="muted">Every flow declares its resilience.</p>'}
<h3 id="rel-chains">Synchronous call chains</h3>${chains.length ? htmlTable(['Chain', 'Depth', 'Retry amplification', 'Hops without timeout'], chains, { numeric: [1, 2, 3] }) : '<p class="muted">No synchronous chains.</p>'}
${budgets.length ? `<h3 id="rel-connections">Connection budgets</h3>${htmlTable(['Datastore', 'max_connections', 'Connections at full scale', 'Callers'], budgets, { numeric: [1, 2] })}` : ''}
<h3 id="rel-findings">Reliability findings (${reliabilityFindings.length})</h3>${ruleSummary(data, reliabilityFindings)}`;
  return {
    id: 'reliability', title: 'Reliability', html,
    children: [{ id: 'rel-spof', title: 'Single points of failure' }, { id: 'rel-blast', title: 'Blast radius' }, { id: 'rel-flows', title: 'Flows lacking timeouts' }, { id: 'rel-chains', title: 'Call chains' }, { id: 'rel-findings', title: 'Reliability findings' }],
  };
}

function reliabilityFromModel(data: ReportData, findings: ReportData['findings']): HtmlSection {
  const { model } = data;
  const callers = new Map<string, Set<string>>();
  for (const f of model.flows) if (f.sync !== false) (callers.get(f.to) ?? callers.set(f.to, new Set()).get(f.to)!).add(f.from);
  const single = model.components.filter((c) => c.kind !== 'external' && c.kind !== 'client' && (c.replicas === undefined || c.replicas <= 1))
    .map((c) => ({ c, dependents: [...(callers.get(c.id) ?? [])] }))
    .sort((a, b) => b.dependents.length - a.dependents.length || a.c.id.localeCompare(b.c.id));
  const noTimeout = model.flows.filter((f) => f.sync !== false && f.timeoutMs === undefined).sort((a, b) => a.id.localeCompare(b.id));
  const html = `<p class="note">The reliability engine (blast radius through call chains, playbooks) produced no report for this run: this chapter shows what the model states directly.</p>
<h3 id="rel-spof">Components with one replica (${single.length})</h3>
${single.length ? htmlTable(['Component', 'Kind', 'Replicas', 'Direct synchronous callers'], single.map(({ c, dependents }) => [
    `<strong>${x(c.name)}</strong>`, x(c.kind), c.replicas !== undefined ? String(c.replicas) : '<span class="muted">not declared (1)</span>', dependents.length ? dependents.map((d) => `${code(d)}`).join(' ') : '<span class="muted">none</span>',
  ])) : '<p class="muted">None.</p>'}
<h3 id="rel-flows">Synchronous flows without a timeout (${noTimeout.length})</h3>
${noTimeout.length ? htmlTable(['Flow', 'Protocol', 'Retries', 'Source'], noTimeout.map((f) => [`${code(f.from)} → ${code(f.to)}`, x(f.protocol), f.retries !== undefined ? String(f.retries) : '', locationCode(f.source)])) : '<p class="muted">None.</p>'}
<h3 id="rel-findings">Reliability findings (${findings.length})</h3>${ruleSummary(data, findings)}`;
  return { id: 'reliability', title: 'Reliability', html, children: [{ id: 'rel-spof', title: 'Single replicas' }, { id: 'rel-flows', title: 'Flows lacking timeouts' }, { id: 'rel-findings', title: 'Reliability findings' }] };
}

/** The engine's assumptions and limits, shown where a reader judges the chapter. */
function notesCallout(notes: string[] | undefined): string {
  return notes?.length ? `<div class="callout small"><div class="ct">Assumptions and limits</div><ul>${notes.map((n) => `<li>${richText(n)}</li>`).join('')}</ul></div>` : '';
}

function blastText(radius: { components: string[]; entryPoints: string[]; endpoints: string[] }, totals?: { components: number; entryPoints: number; endpoints: number }): string {
  const n = totals ?? { components: radius.components.length, entryPoints: radius.entryPoints.length, endpoints: radius.endpoints.length };
  return `${plural(n.components, 'component')}, ${plural(n.entryPoints, 'entry point')}, ${plural(n.endpoints, 'endpoint')}`
    + (radius.entryPoints.length ? `<div class="small muted">${x(radius.entryPoints.slice(0, 6).join(', '))}</div>` : '');
}

/** Elements listed one by one in the STRIDE matrix although nothing on them is open; the rest make one row. */
const QUIET_ROWS = 10;

function strideCell(items: Array<{ severity: Severity }>): string {
  if (!items.length) return '<span class="hit0">·</span>';
  const top = items.reduce((a, b) => (severityRank(b.severity) < severityRank(a.severity) ? b : a));
  return `<span class="sev cnt ${x(top.severity)}" title="${items.length} × highest ${x(top.severity)}">${items.length}</span>`;
}

function worst(items: Array<{ severity: Severity }>): number {
  return Math.min(...items.map((i) => severityRank(i.severity)));
}
