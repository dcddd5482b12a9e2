/**
 * Threats a threat model already lists: Threat Dragon's per-cell `threats` and the Open Threat Model's
 * component / dataflow references to its `threats` and `mitigations`. The importers keep the raw entries
 * (the Threat Dragon export writes them back unchanged) and add these normalised ones, with the location
 * of each entry, in `properties.declaredThreats`; the threat model lists them beside the generated ones.
 */
import type { Severity } from '../../shared/model/finding.js';
import type { SourceLocation } from '../../shared/model/model.js';
import type { StrideLetter, Threat } from '../../shared/model/system-analysis.js';
import { asArray, asNumber, asRecord, asString, strings } from './elements.js';

export interface DeclaredThreat {
  /** The tool's own id for the threat (Threat Dragon v2, OTM), else its title. */
  key: string;
  title: string;
  description?: string;
  /** The category as the model writes it (`Information disclosure`, `Linkability`, `Confidentiality`). */
  category: string;
  stride: StrideLetter;
  severity: Severity;
  status: Threat['status'];
  mitigations: string[];
  cwe?: number;
  origin: 'threat-dragon' | 'otm';
  source: SourceLocation;
}

/** STRIDE letters of the categories Threat Dragon and OTM use: STRIDE itself, LINDDUN, CIA, DIE. */
const CATEGORY_LETTERS: Array<[RegExp, StrideLetter]> = [
  [/^spoof/i, 'S'],
  [/^tamper|^integrity|^distributed|^immutable/i, 'T'],
  [/^repudiation|^non-?repudiation/i, 'R'],
  [/denial|^availability/i, 'D'],
  [/elevation|privilege/i, 'E'],
  // Information disclosure, confidentiality and LINDDUN's privacy threats (linkability, identifiability, detectability, ...).
  [/./, 'I'],
];

export function strideOfCategory(category: string): StrideLetter {
  return CATEGORY_LETTERS.find(([pattern]) => pattern.test(category.replace(/^stride\s*:\s*/i, '').trim()))![1];
}

function severityOfWord(word: string | undefined): Severity {
  const value = (word ?? '').trim().toLowerCase();
  if (value === 'critical') return 'critical';
  if (value === 'high') return 'high';
  if (value === 'low') return 'low';
  if (value === 'info' || value === 'tbd') return 'info';
  return 'medium';
}

function statusOfWord(word: string | undefined): Threat['status'] {
  const value = (word ?? '').replace(/[\s_-]/g, '').toLowerCase();
  if (value === 'mitigated' || value === 'implemented') return 'mitigated';
  if (value === 'notapplicable') return 'false-positive';
  return 'open';
}

/** Threat Dragon's threats of one cell; `at(i)` locates the i-th entry. */
export function threatDragonThreats(raw: unknown, at: (index: number) => SourceLocation): DeclaredThreat[] {
  return asArray(raw).flatMap((entry, index) => {
    const threat = asRecord(entry);
    const title = asString(threat?.title)?.trim();
    if (!threat || !title) return [];
    const category = asString(threat.type)?.trim() || 'Unclassified';
    const mitigation = asString(threat.mitigation)?.trim();
    return [{
      key: asString(threat.id) ?? title, title, description: asString(threat.description)?.trim() || undefined, category,
      stride: strideOfCategory(category), severity: severityOfWord(asString(threat.severity)), status: statusOfWord(asString(threat.status)),
      mitigations: mitigation ? [mitigation] : [], origin: 'threat-dragon' as const, source: at(index),
    }];
  });
}

/** OTM's top-level threats and mitigations, by id. */
export interface OtmCatalog {
  threats: Map<string, Record<string, unknown>>;
  mitigations: Map<string, Record<string, unknown>>;
}

export function otmCatalog(root: Record<string, unknown>): OtmCatalog {
  const byId = (list: unknown) => new Map(asArray(list).map((entry) => asRecord(entry)).filter((entry) => !!entry && !!asString(entry.id)).map((entry) => [asString(entry!.id)!, entry!]));
  return { threats: byId(root.threats), mitigations: byId(root.mitigations) };
}

/** OTM's 0-100 likelihood and impact as a severity (both high: high; either high or both middling: medium). */
function severityOfRisk(risk: Record<string, unknown> | undefined): Severity {
  const likelihood = asNumber(risk?.likelihood);
  const impact = asNumber(risk?.impact);
  if (likelihood === undefined || impact === undefined) return 'medium';
  const score = (likelihood / 100) * (impact / 100);
  return score >= 0.75 ? 'critical' : score >= 0.45 ? 'high' : score >= 0.15 ? 'medium' : 'low';
}

/** The threats an OTM component or dataflow references (`threats: [{ threat, state, mitigations }]`). */
export function otmThreats(raw: unknown, catalog: OtmCatalog, at: (index: number) => SourceLocation): DeclaredThreat[] {
  return asArray(raw).flatMap((entry, index) => {
    const reference = asRecord(entry);
    const id = asString(reference?.threat);
    const threat = id ? catalog.threats.get(id) : undefined;
    if (!reference || !id || !threat) return [];
    const categories = strings(threat.categories);
    const category = categories[0] ?? 'Unclassified';
    const cwe = strings(threat.cwes).map((text) => Number(/(\d+)/.exec(text)?.[1])).find((n) => Number.isInteger(n) && n > 0);
    const mitigations = asArray(reference.mitigations).flatMap((item) => {
      const applied = asRecord(item);
      const mitigation = catalog.mitigations.get(asString(applied?.mitigation) ?? '');
      const name = asString(mitigation?.name) ?? asString(applied?.mitigation);
      return name ? [`${name}${asString(applied?.state) ? ` (${asString(applied?.state)})` : ''}`] : [];
    });
    return [{
      key: id, title: asString(threat.name) ?? id, description: asString(threat.description)?.trim() || undefined,
      category: categories.join(', ') || category, stride: strideOfCategory(category), severity: severityOfRisk(asRecord(threat.risk)),
      status: statusOfWord(asString(reference.state)), mitigations, ...(cwe ? { cwe } : {}), origin: 'otm' as const, source: at(index),
    }];
  });
}

/** The declared threats an importer put on a component or flow. */
export function declaredThreatsOf(properties: Record<string, unknown> | undefined): DeclaredThreat[] {
  return Array.isArray(properties?.declaredThreats) ? properties.declaredThreats as DeclaredThreat[] : [];
}
