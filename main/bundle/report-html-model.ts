import type { Finding } from '../../shared/model/finding.js';
import type { Endpoint } from '../../shared/model/model.js';
import { inlineSvg } from './diagrams.js';
import { erdTables } from './fallback-erd.js';
import { escapeHtml as x } from './html.js';
import { breakable, code, htmlTable, locationCode, ruleAnchor, severityBadge, tag, type HtmlSection } from './report-html-parts.js';
import { plural, ruleFor, severityRank, sortFindings, type ReportData } from './report-data.js';

/** Components, boundaries, flows and the dependency diagram. */
export function architectureSection(data: ReportData): HtmlSection {
  const { model } = data;
  const figure = figureHtml(data.diagrams.diagram, 'dg', `Dependency diagram: ${plural(model.components.length, 'component')} and ${plural(model.flows.length, 'flow')}; arrows point from caller to callee. Also in the bundle as diagram.svg.`);
  const components = [...model.components].sort((a, b) => a.id.localeCompare(b.id)).map((c) => [
    `<strong>${breakable(c.name)}</strong>${c.name !== c.id ? `<div class="small muted wrap">${x(c.id)}</div>` : ''}`,
    x(c.kind),
    c.replicas !== undefined ? String(c.replicas) : '<span class="muted">n/a</span>',
    [c.internetFacing ? tag('internet-facing') : '', c.criticality ? tag(`criticality ${c.criticality}`) : '', c.dataClassification ? tag(c.dataClassification) : ''].join(''),
    (c.boundaries ?? []).map((b) => `${code(b)}`).join(' '),
    locationCode(c.source),
  ]);
  const boundaries = model.trustBoundaries.map((b) => [
    `<strong>${breakable(b.name)}</strong>`, x(b.kind), b.components.map((c) => `${code(c)}`).join(' ') || '<span class="muted">none</span>', b.source ? locationCode(b.source) : '',
  ]);
  const flows = [...model.flows].sort((a, b) => a.id.localeCompare(b.id)).map((f) => [
    `${code(f.from)} → ${code(f.to)}`,
    x(f.protocol) + (f.port ? `<span class="muted">:${f.port}</span>` : ''),
    f.sync === false ? 'async' : 'sync',
    f.timeoutMs !== undefined ? `${f.timeoutMs} ms` : '<span class="muted">none</span>',
    f.retries !== undefined ? String(f.retries) : '<span class="muted">n/a</span>',
    [f.encrypted ? tag('encrypted') : '', f.authentication ? tag(`auth ${f.authentication}`) : '', f.circuitBreaker ? tag('circuit breaker') : ''].join(''),
    `<span class="small">${x(f.inferredFrom.join(', '))}</span>`,
  ]);
  const assets = model.dataAssets.map((a) => [`<strong>${x(a.name)}</strong>`, x(a.classification ?? ''), x((a.storedIn ?? []).join(', ')), x((a.processedBy ?? []).join(', '))]);
  const html = `${figure}
<h3 id="arch-components">Components (${model.components.length})</h3>
${components.length ? htmlTable(['Component', 'Kind', 'Replicas', 'Exposure and data', 'Trust boundaries', 'Source'], components, { numeric: [2] }) : '<p class="muted">No components: the project has no compose, Kubernetes, archbench.yaml or threat-model files.</p>'}
<h3 id="arch-boundaries">Trust boundaries (${model.trustBoundaries.length})</h3>
${boundaries.length ? htmlTable(['Boundary', 'Kind', 'Components', 'Source'], boundaries) : '<p class="muted">No trust boundaries declared or found.</p>'}
<h3 id="arch-flows">Data flows (${model.flows.length})</h3>
${flows.length ? htmlTable(['Flow', 'Protocol', 'Call', 'Timeout', 'Retries', 'Controls', 'Found from'], flows) : '<p class="muted">No data flows.</p>'}
${assets.length ? `<h3 id="arch-assets">Data assets (${assets.length})</h3>${htmlTable(['Asset', 'Classification', 'Stored in', 'Processed by'], assets)}` : ''}`;
  return {
    id: 'architecture', title: 'Architecture', html,
    children: [{ id: 'arch-components', title: 'Components' }, { id: 'arch-boundaries', title: 'Trust boundaries' }, { id: 'arch-flows', title: 'Data flows' }, ...(assets.length ? [{ id: 'arch-assets', title: 'Data assets' }] : [])],
  };
}

/** Tables, the ERD and the schema findings. */
export function dataModelSection(data: ReportData): HtmlSection {
  const tables = erdTables(data.model);
  const figure = data.diagrams.erd ? figureHtml(data.diagrams.erd, 'erd', `Entity-relationship diagram of ${plural(tables.length, 'table')}. Also in the bundle as erd.svg.`) : '';
  const rows = tables.map((t) => {
    const pk = t.primaryKey ?? t.indexes.filter((i) => i.primary).flatMap((i) => i.columns);
    const rls = t.rlsEnabled ? `${tag(t.rlsForced ? 'RLS forced' : 'RLS on')}${t.policies?.length ? ` ${plural(t.policies.length, 'policy', 'policies')}` : ' <span class="muted">no policies</span>'}` : '<span class="muted">off</span>';
    return [
      `<strong>${breakable(`${t.schema}.${t.name}`)}</strong>`, String(t.columns.length),
      pk.length ? `${code(pk.join(', '))}` : '<span class="muted">none</span>',
      t.foreignKeys.map((fk) => `<div>${code(fk.columns.join(', '))} → ${code(`${fk.referencedTable}(${fk.referencedColumns.join(', ')})`)}</div>`).join(''),
      String(t.indexes.length), rls, locationCode(t.source),
    ];
  });
  // Schema findings: the data category and every database or migration rule (RLS is security, lock-taking migrations reliability).
  const schemaFindings = data.findings.filter((f) => f.category === 'data' || /^(db|mig|sql)\./.test(f.ruleId));
  const html = tables.length
    ? `${figure}<h3 id="data-tables">Tables (${tables.length})</h3>${htmlTable(['Table', 'Columns', 'Primary key', 'Foreign keys', 'Indexes', 'Row-level security', 'Source'], rows, { numeric: [1, 4] })}
<h3 id="data-findings">Schema findings (${schemaFindings.length})</h3>${ruleSummary(data, schemaFindings)}`
    : `<p class="muted">The project has no SQL schema (migrations, dumps) the database engine could read.</p>${schemaFindings.length ? `<h3 id="data-findings">Schema findings (${schemaFindings.length})</h3>${ruleSummary(data, schemaFindings)}` : ''}`;
  return { id: 'data-model', title: 'Data model', html, children: tables.length ? [{ id: 'data-tables', title: 'Tables' }, { id: 'data-findings', title: 'Schema findings' }] : [] };
}

/** Endpoint inventory per API description, unauthenticated endpoints and API findings. */
export function apiSection(data: ReportData): HtmlSection {
  const { endpoints } = data.model;
  const bySpec = new Map<string, Endpoint[]>();
  for (const e of endpoints) (bySpec.get(e.source.file) ?? bySpec.set(e.source.file, []).get(e.source.file)!).push(e);
  const open = (e: Endpoint) => e.securityUndeclared || e.security.length === 0 || e.security.some((alt) => Object.keys(alt).length === 0);
  const inventory = [...bySpec].sort(([a], [b]) => a.localeCompare(b)).map(([file, list]) => [
    `${code(file)}`, x([...new Set(list.map((e) => e.protocol))].join(', ')), x([...new Set(list.map((e) => e.component).filter(Boolean))].join(', ')),
    String(list.length), String(list.filter(open).length), String(list.filter((e) => e.deprecated).length),
  ]);
  const unauthenticated = endpoints.filter(open).sort((a, b) => a.id.localeCompare(b.id));
  const apiFindings = data.findings.filter((f) => f.category === 'api' || f.ruleId.startsWith('api.'));
  const html = endpoints.length
    ? `<h3 id="api-inventory">Endpoint inventory (${endpoints.length})</h3>${htmlTable(['API description', 'Protocol', 'Component', 'Endpoints', 'Open to anonymous callers', 'Deprecated'], inventory, { numeric: [3, 4, 5] })}
<h3 id="api-open">Endpoints open to anonymous callers (${unauthenticated.length})</h3>
${unauthenticated.length ? htmlTable(['Endpoint', 'Operation', 'Why', 'Source'], unauthenticated.slice(0, 300).map((e) => [
    code(`${e.method.toUpperCase()} ${e.path}`), x(e.operationId ?? ''), e.securityUndeclared ? 'no security declared anywhere' : 'security explicitly empty or optional', locationCode(e.source),
  ])) + (unauthenticated.length > 300 ? `<p class="muted small">and ${unauthenticated.length - 300} more.</p>` : '') : '<p class="muted">None: every endpoint declares security.</p>'}
<h3 id="api-findings">API findings (${apiFindings.length})</h3>${ruleSummary(data, apiFindings)}`
    : `<p class="muted">The project has no OpenAPI, GraphQL or protobuf descriptions.</p>${apiFindings.length ? ruleSummary(data, apiFindings) : ''}`;
  return { id: 'api', title: 'API', html, children: endpoints.length ? [{ id: 'api-inventory', title: 'Endpoint inventory' }, { id: 'api-open', title: 'Open endpoints' }, { id: 'api-findings', title: 'API findings' }] : [] };
}

/** Findings of one area counted per rule, linked to the rule's details in the Findings chapter. */
export function ruleSummary(data: ReportData, findings: Finding[]): string {
  if (!findings.length) return '<p class="muted">None.</p>';
  const byRule = new Map<string, Finding[]>();
  for (const f of sortFindings(findings)) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)!).push(f);
  const rows = [...byRule.values()]
    .sort((a, b) => severityRank(a[0].severity) - severityRank(b[0].severity) || b.length - a.length)
    .map((list) => {
      const rule = ruleFor(data, list[0]);
      const open = list.filter((f) => f.status === 'open').length;
      return [severityBadge(list[0].severity), `<a href="#${ruleAnchor(rule.id)}">${x(rule.title)}</a><div class="small muted">${code(rule.id)}</div>`, String(list.length), String(open)];
    });
  return htmlTable(['Highest', 'Rule', 'Findings', 'Open'], rows, { numeric: [2, 3], className: 'rules' });
}

/** A diagram as an inline figure; an SVG that fails the safety check is left out with a note. */
export function figureHtml(svg: string | undefined, prefix: string, caption: string): string {
  if (!svg) return '';
  const inline = inlineSvg(svg, prefix);
  return `<figure>${inline ?? '<p class="note">The diagram was left out of this page because its SVG held active content; see the SVG file in the bundle.</p>'}<figcaption>${x(caption)}</figcaption></figure>`;
}
