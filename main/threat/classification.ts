/**
 * How sensitive and how critical each element is, from what the user declared (archbench.yaml,
 * Threagile ratings, data assets) and, when nothing is declared, from safe defaults that say so.
 * Also the likelihood x impact -> severity scale every threat and system finding uses.
 */
import type { Component, Criticality, DataClassification, Flow } from '../../shared/model/model.js';
import type { Severity } from '../../shared/model/finding.js';
import type { Level } from '../../shared/model/system-analysis.js';
import type { ModelIndex } from './model-index.js';

export const LEVELS: readonly Level[] = ['low', 'medium', 'high', 'very-high'];
const CLASSIFICATION_ORDER: readonly DataClassification[] = ['public', 'internal', 'confidential', 'restricted'];
const STORES = new Set(['datastore', 'cache', 'queue']);

export interface Sensitivity {
  classification?: DataClassification;
  /** Where it comes from: `archbench.yaml`, `data asset customer-accounts`, `default for datastores`. */
  source: string;
  /** True when nothing was declared and the classification is an assumption. */
  assumed: boolean;
}

/** Level of a data classification as an impact. */
export function impactOfClassification(classification: DataClassification | undefined): Level {
  switch (classification) {
    case 'restricted': return 'very-high';
    case 'confidential': return 'high';
    case 'internal': return 'medium';
    case 'public': return 'low';
    default: return 'medium';
  }
}

/** Level of a criticality as an availability impact. */
export function impactOfCriticality(criticality: Criticality | undefined): Level {
  switch (criticality) {
    case 'critical': return 'very-high';
    case 'high': return 'high';
    case 'medium': return 'medium';
    case 'low': return 'low';
    default: return 'medium';
  }
}

/** likelihood x impact (1..4 each) -> severity. */
export function severityOf(likelihood: Level, impact: Level): Severity {
  const score = (LEVELS.indexOf(likelihood) + 1) * (LEVELS.indexOf(impact) + 1);
  if (score >= 12) return 'critical';
  if (score >= 8) return 'high';
  if (score >= 4) return 'medium';
  if (score >= 2) return 'low';
  return 'info';
}

/** One level up or down, clamped. */
export function shift(level: Level, by: number): Level {
  return LEVELS[Math.max(0, Math.min(LEVELS.length - 1, LEVELS.indexOf(level) + by))];
}

export function maxClassification(a: DataClassification | undefined, b: DataClassification | undefined): DataClassification | undefined {
  if (!a) return b;
  if (!b) return a;
  return CLASSIFICATION_ORDER.indexOf(a) >= CLASSIFICATION_ORDER.indexOf(b) ? a : b;
}

export function atLeastConfidential(classification: DataClassification | undefined): boolean {
  return classification === 'confidential' || classification === 'restricted';
}

export function atLeastHigh(criticality: Criticality | undefined): boolean {
  return criticality === 'high' || criticality === 'critical';
}

/** True when anything in the model declares a data classification (components, flows, data assets). */
export function classificationDeclared(index: ModelIndex): boolean {
  const model = index.model;
  return model.components.some((component) => component.dataClassification !== undefined)
    || model.flows.some((flow) => flow.dataClassification !== undefined)
    || model.dataAssets.some((asset) => asset.classification !== undefined);
}

const sensitivityCache = new WeakMap<ModelIndex, Map<string, Sensitivity>>();

/**
 * The classification of the data a component holds or processes: its own declaration, raised by the
 * data assets stored in or processed by it. Datastores and caches with nothing declared anywhere in the
 * model are assumed confidential (and say so); other components stay unclassified.
 */
export function sensitivityOf(index: ModelIndex, component: Component): Sensitivity {
  let byComponent = sensitivityCache.get(index);
  if (!byComponent) {
    byComponent = computeSensitivities(index);
    sensitivityCache.set(index, byComponent);
  }
  return byComponent.get(component.id) ?? { source: 'not declared', assumed: false };
}

function computeSensitivities(index: ModelIndex): Map<string, Sensitivity> {
  const out = new Map<string, Sensitivity>();
  const fromAssets = new Map<string, { classification: DataClassification; asset: string }>();
  for (const asset of index.model.dataAssets) {
    if (!asset.classification) continue;
    for (const id of [...(asset.storedIn ?? []), ...(asset.processedBy ?? [])]) {
      const known = fromAssets.get(id);
      if (!known || maxClassification(known.classification, asset.classification) !== known.classification) {
        fromAssets.set(id, { classification: asset.classification, asset: asset.id });
      }
    }
  }
  const declared = classificationDeclared(index);
  for (const component of index.model.components) {
    const own = component.dataClassification;
    const asset = fromAssets.get(component.id);
    const best = maxClassification(own, asset?.classification);
    if (best) {
      const source = own && best === own ? sourceOfDeclaration(component) : `data asset ${asset!.asset}`;
      out.set(component.id, { classification: best, source, assumed: false });
    } else if (!declared && (component.kind === 'datastore' || component.kind === 'cache')) {
      out.set(component.id, { classification: 'confidential', source: 'assumed: no data classification is declared, datastores and caches count as confidential', assumed: true });
    } else {
      out.set(component.id, { source: 'not declared', assumed: false });
    }
  }
  return out;
}

function sourceOfDeclaration(component: Component): string {
  if (component.origins?.includes('archbench')) return 'archbench.yaml';
  if (component.origins?.includes('threagile')) return 'Threagile confidentiality';
  return component.origins?.[0] ?? 'declared';
}

/**
 * The classification of what a flow carries: declared on the flow, else the most sensitive data asset it
 * sends or receives, else what the store at either end holds (a store receives what its callers write).
 */
export function flowSensitivity(index: ModelIndex, flow: Flow): Sensitivity {
  if (flow.dataClassification) return { classification: flow.dataClassification, source: 'declared on the flow', assumed: false };
  const assets = [...strings(flow.properties?.dataAssetsSent), ...strings(flow.properties?.dataAssetsReceived)];
  let best: DataClassification | undefined;
  let bestAsset = '';
  for (const id of assets) {
    const asset = index.model.dataAssets.find((candidate) => candidate.id === id);
    if (asset?.classification && maxClassification(best, asset.classification) !== best) { best = asset.classification; bestAsset = id; }
  }
  if (best) return { classification: best, source: `data asset ${bestAsset}`, assumed: false };
  const from = index.byId.get(flow.from);
  const to = index.byId.get(flow.to);
  if (to && STORES.has(to.kind)) {
    const target = sensitivityOf(index, to);
    const source = from ? sensitivityOf(index, from) : undefined;
    const classification = maxClassification(target.classification, source?.classification);
    if (classification) {
      const fromSource = source?.classification === classification && target.classification !== classification;
      return { classification, source: fromSource ? `${flow.from} (${source!.source})` : `${flow.to} (${target.source})`, assumed: fromSource ? source!.assumed : target.assumed };
    }
  }
  if (to) {
    const target = sensitivityOf(index, to);
    if (target.classification) return { classification: target.classification, source: `${flow.to} (${target.source})`, assumed: target.assumed };
  }
  return { source: 'not declared', assumed: false };
}

export function isStore(component: Component | undefined): boolean {
  return !!component && STORES.has(component.kind);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
