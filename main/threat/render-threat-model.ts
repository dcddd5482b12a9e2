/**
 * threat-model.md: entry points, crown jewels, attack paths with the controls missing on them, then
 * STRIDE per element (components, flows, endpoints, tables), open threats first, and the threats the
 * files show to be mitigated, with their controls. Every value from the model is escaped.
 */
import type { SystemModel } from '../../shared/model/model.js';
import { STRIDE_NAMES, type StrideLetter, type Threat, type ThreatModel } from '../../shared/model/system-analysis.js';
import { code, md, mdKeepCode, table, where } from './markdown.js';
import { deploymentUnknown } from '../../shared/model/inferred.js';
import { foldMitigated } from './fold-mitigated.js';

const LETTERS: StrideLetter[] = ['S', 'T', 'R', 'I', 'D', 'E'];
const SECTIONS: Array<[Threat['elementType'], string]> = [['component', 'Components'], ['flow', 'Flows'], ['endpoint', 'Endpoints'], ['table', 'Tables'], ['boundary', 'Trust boundaries']];

/** The threat model as Markdown. */
export function renderThreatModelMarkdown(project: string, model: SystemModel, threatModel: ThreatModel): string {
  const open = threatModel.threats.filter((threat) => threat.status !== 'mitigated' && threat.status !== 'false-positive');
  const mitigated = threatModel.threats.filter((threat) => threat.status === 'mitigated');
  const tracked = threatModel.threats.filter((threat) => threat.tracking);
  const lines: string[] = [`# Threat model: ${md(project)}`, ''];
  lines.push(`${model.components.length} components, ${model.flows.length} flows, ${model.trustBoundaries.length} trust boundaries, ${model.endpoints.length} endpoints, ${model.tables.length} tables.`);
  lines.push(`${open.length} open threats (${countBy(open).join(', ') || 'none'}), ${mitigated.length} mitigated by what the files show${tracked.length ? `, ${tracked.length} with a risk decision in archbench.yaml` : ''}.`, '');

  lines.push('## STRIDE summary', '', 'Elements with at least one open threat, per category.', '');
  lines.push(...table(['Category', 'Elements', 'Open threats'], LETTERS.map((letter) => [
    `${letter} ${md(STRIDE_NAMES[letter])}`, String(threatModel.summary[letter]), String(open.filter((threat) => threat.stride === letter).length),
  ])), '');

  lines.push('## Entry points', '');
  if (!threatModel.entryPoints.length) lines.push('No internet entry point is visible in the files.', '');
  else {
    const details = new Map((threatModel.entryPointDetails ?? []).map((detail) => [detail.component, detail]));
    lines.push(...table(['Component', 'Exposed by', 'In front'], threatModel.entryPoints.map((id) => {
      const detail = details.get(id);
      const unknown = deploymentUnknown(model.components.find((component) => component.id === id));
      return [code(id), md(detail?.reasons.join('; ') ?? ''), md(detail?.guardedBy.length ? detail.guardedBy.join('; ') : unknown ? 'unknown: the project does not describe its deployment' : 'nothing')];
    })), '');
  }
  lines.push('## Crown jewels', '');
  lines.push(threatModel.crownJewels.length ? threatModel.crownJewels.map((id) => `- ${code(id)}`).join('\n') : 'No datastore holding confidential data is visible.', '');

  lines.push('## Attack paths', '');
  if (!threatModel.attackPaths.length) lines.push('None: no entry point reaches a crown jewel along the flows of the model.', '');
  for (const path of threatModel.attackPaths) {
    lines.push(`### ${md(path.entry)} to ${md(path.target)} (${path.severity})`, '');
    lines.push(`Path: ${path.components.map(code).join(' -> ')}${path.flows.length ? ` (${path.flows.length} hop${path.flows.length === 1 ? '' : 's'})` : ' (the entry point holds the data)'}.`);
    if (path.targetClassification) lines.push(`Target: ${md(path.targetClassification.classification ?? 'unclassified')} (${md(path.targetClassification.source)}).`);
    if (path.endpoints?.length) lines.push(`Opened by: ${path.endpoints.slice(0, 12).map(code).join(', ')}${path.endpoints.length > 12 ? ` and ${path.endpoints.length - 12} more` : ''}.`);
    lines.push('');
    if (path.missingControls.length) lines.push('Missing controls:', '', ...path.missingControls.map((missing) => `- ${md(missing.control)}: ${md(missing.message)}`), '');
    else lines.push('No missing control is visible on this path.', '');
    for (const note of path.notes ?? []) lines.push(`> ${mdKeepCode(note)}`, '');
  }

  lines.push('## Threats by element', '');
  for (const [type, title] of SECTIONS) {
    const threats = open.filter((threat) => threat.elementType === type);
    if (!threats.length) continue;
    lines.push(`### ${title}`, '');
    const byElement = new Map<string, Threat[]>();
    for (const threat of threats) byElement.set(threat.element, [...(byElement.get(threat.element) ?? []), threat]);
    for (const [element, list] of [...byElement].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`#### ${md(element)}`, '');
      lines.push(...table(['STRIDE', 'Threat', 'Severity', 'Likelihood / impact', 'Where', 'Controls'], list.map((threat) => [
        `${threat.stride}`, `${md(threat.title)}: ${md(threat.description)}${threat.tracking ? ` (${md(threat.tracking.status)}${threat.tracking.justification ? `: ${md(threat.tracking.justification)}` : ''})` : ''}`,
        threat.severity, `${threat.likelihood} / ${threat.impact}`, where(threat.location), md(threat.controls.join('; ') || 'none'),
      ])), '');
      const mitigations = [...new Set(list.flatMap((threat) => threat.mitigations))];
      if (mitigations.length) lines.push('Mitigations:', '', ...mitigations.map((item) => `- ${md(item)}`), '');
    }
  }

  if (mitigated.length) {
    lines.push('## Mitigated by what the files show', '');
    // One row per threat and controls: a large API has the same threat mitigated the same way on hundreds of operations.
    lines.push(...table(['STRIDE', 'Element', 'Threat', 'Controls'], foldMitigated(mitigated).map(({ threat, elements }) => [
      threat.stride, elementsCell(elements), md(threat.title), md(threat.controls.join('; ')),
    ])), '');
  }
  if (threatModel.notes?.length) lines.push('## Assumptions and limits', '', ...threatModel.notes.map((note) => `- ${mdKeepCode(note)}`), '');
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The elements that share one row: all of them up to 5, else the first 3 and how many more. */
function elementsCell(elements: string[]): string {
  const shown = elements.length <= 5 ? elements : elements.slice(0, 3);
  const rest = elements.length - shown.length;
  return `${shown.map((element) => code(element)).join(', ')}${rest ? ` and ${rest} more` : ''}`;
}

function countBy(threats: Threat[]): string[] {
  return ['critical', 'high', 'medium', 'low', 'info'].map((severity) => [severity, threats.filter((threat) => threat.severity === severity).length] as const)
    .filter(([, count]) => count > 0).map(([severity, count]) => `${count} ${severity}`);
}
