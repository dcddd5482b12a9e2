/**
 * System-level reasoning over the whole model: the STRIDE threat model with attack paths, the
 * reliability report with its playbook, and their Markdown renderings for the report bundle.
 */
import type { SystemModel } from '../../shared/model/model.js';
import type { ReliabilityReport, ThreatModel } from '../../shared/model/system-analysis.js';
import { analyseReliability as analyse, type ReliabilityOptions } from './reliability.js';
import { buildThreatModel as build, type ThreatModelOptions } from './threats.js';

export { renderThreatModelMarkdown } from './render-threat-model.js';
export { renderPlaybookMarkdown } from './render-playbook.js';
export { generateSystem } from './generate.js';
export type { ReliabilityOptions } from './reliability.js';
export type { ThreatModelOptions } from './threats.js';

/** STRIDE threats per element and flow, entry points, crown jewels and attack paths of a system. */
export function buildThreatModel(model: SystemModel, options?: ThreatModelOptions): ThreatModel {
  return build(model, options);
}

/** Blast radius, single points of failure, flow resilience, call chains and the playbook of a system. */
export function analyseReliability(model: SystemModel, options?: ReliabilityOptions): ReliabilityReport {
  return analyse(model, options);
}
