import type { Component } from '../../shared/model/model.js';
import { STRIDE_NAMES, type StrideLetter } from '../../shared/model/system-analysis.js';
import { escapeMarkdown as m, markdownCode } from './html.js';
import { locationText, sortFindings, type ReportData } from './report-data.js';

const LETTERS = Object.keys(STRIDE_NAMES) as StrideLetter[];

/** STRIDE-per-element: which threat categories apply to each kind of element (Microsoft's DFD mapping). */
function applicable(kind: string): StrideLetter[] {
  if (kind === 'external' || kind === 'client') return ['S', 'R'];
  if (kind === 'datastore' || kind === 'cache' || kind === 'queue') return ['T', 'R', 'I', 'D'];
  return LETTERS;
}

/**
 * threat-model.md when the threat engine is not available: STRIDE per element and flow (the categories that apply to
 * each, Microsoft's STRIDE-per-element mapping) with the findings that show a threat in each category.
 */
export function fallbackThreatModelMarkdown(data: ReportData): string {
  const out = [`# Threat model: ${m(data.project)}`, '',
    '> The STRIDE threat engine produced no threat model for this run: the categories that apply to each element follow STRIDE-per-element, and the threats listed are the findings of this run that carry a STRIDE category.', ''];
  const findingsOf = (element: string) => sortFindings(data.findings.filter((f) => f.element === element && f.stride));
  out.push('## Elements', '', '| Element | Kind | Applicable | Shown by findings |', '| --- | --- | --- | --- |');
  for (const c of [...data.model.components].sort((a, b) => a.id.localeCompare(b.id))) {
    const shown = [...new Set(findingsOf(c.id).map((f) => f.stride))].join(' ');
    out.push(`| ${markdownCode(c.name).replace(/\|/g, '\\|')} | ${c.kind} | ${applicable(c.kind).join(' ')} | ${shown || 'none'} |`);
  }
  out.push('', '## Flows', '', '| Flow | Protocol | Applicable | Crosses a boundary |', '| --- | --- | --- | --- |');
  const boundaryOf = new Map(data.model.components.map((c) => [c.id, (c.boundaries ?? []).join(',')]));
  for (const f of [...data.model.flows].sort((a, b) => a.id.localeCompare(b.id))) {
    out.push(`| ${markdownCode(`${f.from} -> ${f.to}`).replace(/\|/g, '\\|')} | ${m(f.protocol)} | T I D | ${boundaryOf.get(f.from) !== boundaryOf.get(f.to) ? 'yes' : 'no'} |`);
  }
  out.push('', '## Threats shown by findings', '');
  const strided = sortFindings(data.findings.filter((f) => f.stride));
  if (!strided.length) out.push('No finding carries a STRIDE category.');
  for (const letter of LETTERS) {
    const list = strided.filter((f) => f.stride === letter);
    if (!list.length) continue;
    out.push(`### ${letter}: ${STRIDE_NAMES[letter]} (${list.length})`, '');
    for (const f of list) out.push(`- **${f.severity}** ${markdownCode(f.element)}: ${m(f.message)} (${markdownCode(locationText(f.location))})${f.status !== 'open' ? ` _${f.status}_` : ''}`);
    out.push('');
  }
  return out.join('\n') + '\n';
}

/**
 * reliability-playbook.md when the reliability engine is not available: for each critical or single-replica
 * component, the failure scenario, what calls it (directly and transitively, synchronous flows), how a failure is
 * detected (probes and healthchecks in the files) and how it recovers.
 */
export function fallbackPlaybookMarkdown(data: ReportData): string {
  const { model } = data;
  const callers = new Map<string, Set<string>>();
  for (const f of model.flows) if (f.sync !== false) (callers.get(f.to) ?? callers.set(f.to, new Set()).get(f.to)!).add(f.from);
  const upstream = (id: string): string[] => {
    const seen = new Set<string>();
    const queue = [id];
    while (queue.length) for (const caller of callers.get(queue.shift()!) ?? []) if (!seen.has(caller) && caller !== id) { seen.add(caller); queue.push(caller); }
    return [...seen].sort();
  };
  const rank = (c: Component) => ({ critical: 0, high: 1, medium: 2, low: 3 } as Record<string, number>)[c.criticality ?? ''] ?? 4;
  const candidates = model.components.filter((c) => c.kind !== 'external' && c.kind !== 'client' && (c.criticality === 'critical' || c.criticality === 'high' || (c.replicas ?? 1) <= 1))
    .sort((a, b) => rank(a) - rank(b) || upstream(b.id).length - upstream(a.id).length || a.id.localeCompare(b.id));
  const out = [`# Reliability playbook: ${m(model.project?.name ?? data.project)}`, '',
    '> The reliability engine produced no report for this run: one entry per critical or single-replica component, from what the files state.', ''];
  if (!candidates.length) out.push('No component is critical or runs a single replica.');
  for (const c of candidates) {
    const affected = upstream(c.id);
    const probes = Object.entries(c.probes ?? {}).filter(([, p]) => p).map(([name, p]) => `${name} (${p!.kind}${p!.path ? ` ${p!.path}` : ''}${p!.port ? ` port ${p!.port}` : ''})`);
    const restart = typeof c.properties?.restart === 'string' ? c.properties.restart : undefined;
    out.push(`## ${m(c.name)}`, '', `${c.kind}${c.criticality ? `, criticality ${c.criticality}` : ''}, ${c.replicas !== undefined ? `${c.replicas} replica${c.replicas === 1 ? '' : 's'}` : 'replicas not declared'} · ${markdownCode(locationText(c.source))}`, '');
    out.push(`- **Failure:** ${m(c.name)} is unavailable (crash, node loss, failed deploy)${(c.replicas ?? 1) <= 1 ? ' and no other replica takes over' : ''}.`);
    out.push(`- **Blast radius:** ${affected.length ? `${affected.map((a) => markdownCode(a)).join(', ')} call it synchronously (directly or through others)` : 'no component calls it synchronously'}.`);
    out.push(`- **Detection:** ${probes.length ? m(probes.join('; ')) : 'no probe or healthcheck in the files: a hung process is not noticed'}.`);
    out.push(`- **Recovery:** ${restart ? `restart policy ${markdownCode(restart)}` : 'orchestrator restart (no policy declared)'}${(c.replicas ?? 1) <= 1 ? '; run at least two replicas so one failure is not an outage' : ''}.`);
    out.push('');
  }
  return out.join('\n') + '\n';
}
