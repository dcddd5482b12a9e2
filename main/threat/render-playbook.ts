/**
 * reliability-playbook.md: single points of failure, the synchronous chains (depth, retry
 * amplification, missing timeouts), flows without resilience settings, connection budgets, and per
 * critical component its failure scenarios with blast radius, detection and recovery.
 */
import type { SystemModel } from '../../shared/model/model.js';
import type { ReliabilityReport } from '../../shared/model/system-analysis.js';
import { code, md, mdKeepCode, table } from './markdown.js';

/** The reliability playbook as Markdown. */
export function renderPlaybookMarkdown(project: string, model: SystemModel, reliability: ReliabilityReport): string {
  const lines: string[] = [`# Reliability playbook: ${md(project)}`, ''];
  const spofs = reliability.singlePointsOfFailure ?? reliability.components.filter((entry) => entry.singlePointOfFailure).map((entry) => entry.component);
  const syncFlows = reliability.flows.filter((flow) => flow.sync);
  const noTimeout = syncFlows.filter((flow) => flow.missing.includes('timeout'));
  lines.push(`${model.components.length} components, ${syncFlows.length} synchronous flows (${noTimeout.length} without a timeout), ${spofs.length} single point${spofs.length === 1 ? '' : 's'} of failure.`, '');

  lines.push('## Single points of failure', '');
  if (!spofs.length) lines.push('None on a critical path.', '');
  const byId = new Map(reliability.components.map((entry) => [entry.component, entry]));
  lines.push(...table(['Component', 'Why', 'Fails with it', 'Entry points affected'], spofs.slice(0, 50).map((id) => {
    const entry = byId.get(id)!;
    return [code(id), md(entry.reasons.join('; ')), md(short(entry.blastRadius.components)), md(short(entry.blastRadius.entryPoints))];
  })), '');
  if (spofs.length > 50) lines.push(`And ${spofs.length - 50} more.`, '');

  lines.push('## Call chains', '');
  if (!reliability.chains.length) lines.push('No synchronous call chain.', '');
  lines.push(...table(['Chain', 'Depth', 'Retry amplification', 'Hops without timeout'], reliability.chains.map((chain) => [
    chain.components.map(code).join(' -> '), String(chain.depth), `x${chain.retryAmplification}`, String(chain.missingTimeouts),
  ])), '');

  lines.push('## Flow resilience', '');
  const interesting = syncFlows.filter((flow) => flow.missing.length || flow.evidence.length);
  lines.push(...table(['Flow', 'Timeout', 'Retries', 'Backoff', 'Circuit breaker', 'From'], interesting.slice(0, 200).map((flow) => [
    code(flow.flow), flow.timeoutMs !== undefined ? `${flow.timeoutMs} ms` : '**none**', flow.retries !== undefined ? String(flow.retries) : 'not declared',
    md(flow.backoff ?? ((flow.retries ?? 0) > 0 ? '**none**' : '-')), flow.circuitBreaker ? 'yes' : 'no', md(flow.evidence.join('; ') || 'nothing declared'),
  ])), '');
  if (interesting.length > 200) lines.push(`And ${interesting.length - 200} more flows.`, '');

  if (reliability.connectionBudgets?.length) {
    lines.push('## Connection budgets', '');
    lines.push(...table(['Datastore', 'max_connections', 'Callers (replicas x pool)', 'Total'], reliability.connectionBudgets.map((budget) => [
      code(budget.datastore), String(budget.maxConnections), md(budget.callers.map((caller) => `${caller.component} ${caller.replicas} x ${caller.poolSize}`).join(', ')),
      `${budget.total}${budget.total > budget.maxConnections - 3 ? ' (**over budget**)' : ''}`,
    ])), '');
  }

  lines.push('## Playbook', '');
  if (!reliability.playbook.length) lines.push('No critical component: declare `criticality` in archbench.yaml to get one.', '');
  for (const entry of reliability.playbook) {
    const component = byId.get(entry.component);
    lines.push(`### ${md(entry.component)}`, '');
    const facts = [entry.criticality && !entry.why?.startsWith('criticality') ? `criticality ${md(entry.criticality)}` : '', entry.why ? md(entry.why) : '', component?.replicas !== undefined ? `${component.replicas} replica${component.replicas === 1 ? '' : 's'}` : '', component?.singlePointOfFailure ? '**single point of failure**' : ''].filter(Boolean);
    if (facts.length) lines.push(facts.join('; ') + '.', '');
    for (const scenario of entry.scenarios) {
      lines.push(`#### ${md(scenario.failure)}`, '');
      lines.push(`- Blast radius: ${scenario.blastRadius.length ? scenario.blastRadius.slice(0, 20).map(md).join('; ') : 'nothing else'}${scenario.blastRadius.length > 20 ? `; and ${scenario.blastRadius.length - 20} more` : ''}`);
      lines.push(`- Detection: ${scenario.detection.map(mdKeepCode).join('; ')}`);
      lines.push('- Recovery:');
      scenario.recovery.forEach((step, index) => lines.push(`  ${index + 1}. ${mdKeepCode(step)}`));
      lines.push('');
    }
    for (const note of component?.health ?? []) lines.push(`> ${md(note)}`, '');
    if (component?.blockers?.length) lines.push('Scalability and durability:', '', ...component.blockers.map((blocker) => `- ${mdKeepCode(blocker)}`), '');
  }
  if (reliability.notes?.length) lines.push('## Assumptions and limits', '', ...reliability.notes.map((note) => `- ${mdKeepCode(note)}`), '');
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function short(items: string[]): string {
  if (!items.length) return '-';
  return items.length > 8 ? `${items.slice(0, 8).join(', ')} and ${items.length - 8} more` : items.join(', ');
}

