/**
 * Attack paths: from every internet entry point to every crown jewel (datastores and caches holding
 * confidential or restricted data; services that keep their data in-process when no datastore is in
 * the model), the shortest path along flows (breadth-first), with the controls missing on it: a hop
 * without authentication, plaintext across a boundary, a segment with no NetworkPolicy, tables
 * without row-level security, public operations without security at the entry.
 */
import type { Component, DataClassification, Flow, Table } from '../../shared/model/model.js';
import type { Severity } from '../../shared/model/finding.js';
import type { AttackPath } from '../../shared/model/system-analysis.js';
import { isCredentialFlow, isWrite } from './api-facts.js';
import { atLeastConfidential, sensitivityOf, type Sensitivity } from './classification.js';
import { endpointsServedBy, isGateway, isOperationalPath, isSecured, type Exposure } from './exposure.js';
import { flowAuthentication, flowEncryption } from './flow-facts.js';
import { deploymentUnknown } from '../../shared/model/inferred.js';
import { crossesBoundary, type ModelIndex } from './model-index.js';
import { tableMappings } from './tables.js';

export interface CrownJewel {
  component: string;
  sensitivity: Sensitivity;
  /** Why it is a target: `datastore`, `keeps its data in-process (no datastore in the model; ...)`. */
  why: string;
}

const SEVERITY_RANK: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** The targets of attack paths. */
export function crownJewels(index: ModelIndex, exposure: Exposure): CrownJewel[] {
  const out: CrownJewel[] = [];
  for (const component of index.model.components) {
    if (exposure.internetSources.has(component.id) || component.kind === 'client' || component.kind === 'external') continue;
    const sensitivity = sensitivityOf(index, component);
    if ((component.kind === 'datastore' || component.kind === 'cache' || component.kind === 'queue') && atLeastConfidential(sensitivity.classification)) {
      out.push({ component: component.id, sensitivity, why: component.kind });
      continue;
    }
    // Where a service described only by its API keeps its data is unknown: not assumed to be in-process.
    if (component.kind !== 'service' || deploymentUnknown(component)) continue;
    const reachesStore = reachesAStore(index, component.id);
    const writes = endpointsServedBy(index, component.id).filter((endpoint) => endpoint.protocol === 'http' && isWrite(endpoint) && !/(login|signin|logon|token|refresh|logout)/i.test(endpoint.path));
    if (reachesStore || !writes.length) continue;
    const classification: DataClassification = sensitivity.classification ?? 'confidential';
    out.push({
      component: component.id,
      sensitivity: sensitivity.classification ? sensitivity : { classification, source: 'assumed: it stores what its API writes', assumed: true },
      why: `keeps its data in-process: the model shows no datastore it calls, yet its API writes (${writes.slice(0, 3).map((endpoint) => endpoint.id).join(', ')}), so it holds the data itself (an embedded database or local files)`,
    });
  }
  return out;
}

function reachesAStore(index: ModelIndex, id: string): boolean {
  const queue = [id];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    for (const flow of index.outgoing.get(queue[i]) ?? []) {
      const target = index.byId.get(flow.to);
      if (target && (target.kind === 'datastore' || target.kind === 'cache')) return true;
      if (target && target.kind === 'service' && !seen.has(flow.to)) { seen.add(flow.to); queue.push(flow.to); }
    }
  }
  return false;
}

/** Shortest attack paths from each entry point to each crown jewel (at most `limit`, most severe first). */
export function attackPaths(index: ModelIndex, exposure: Exposure, jewels: CrownJewel[], limit = 500): { paths: AttackPath[]; truncated: number } {
  const jewelById = new Map(jewels.map((jewel) => [jewel.component, jewel]));
  const paths: AttackPath[] = [];
  const tablesOf = new Map<string, Table[]>();
  for (const [endpoint, mapping] of tableMappings(index.model)) {
    if (!endpoint.component) continue;
    const list = tablesOf.get(endpoint.component) ?? [];
    if (!list.includes(mapping.table)) list.push(mapping.table);
    tablesOf.set(endpoint.component, list);
  }
  for (const entry of exposure.entryPoints.values()) {
    const previous = new Map<string, Flow | null>([[entry.component, null]]);
    const queue = [entry.component];
    for (let i = 0; i < queue.length; i++) {
      for (const flow of index.outgoing.get(queue[i]) ?? []) {
        if (previous.has(flow.to) || exposure.internetSources.has(flow.to)) continue;
        previous.set(flow.to, flow);
        queue.push(flow.to);
      }
    }
    for (const reached of queue) {
      const jewel = jewelById.get(reached);
      if (!jewel) continue;
      const flows: Flow[] = [];
      for (let at = previous.get(reached); at; at = previous.get(at.from)) flows.unshift(at);
      paths.push(buildPath(index, exposure, entry.component, jewel, flows, tablesOf));
    }
  }
  paths.sort((a, b) => SEVERITY_RANK.indexOf(b.severity) - SEVERITY_RANK.indexOf(a.severity) || a.components.length - b.components.length || a.id.localeCompare(b.id));
  return { paths: paths.slice(0, limit), truncated: Math.max(0, paths.length - limit) };
}

function buildPath(index: ModelIndex, exposure: Exposure, entry: string, jewel: CrownJewel, flows: Flow[], tablesOf: Map<string, Table[]>): AttackPath {
  const components = [entry, ...flows.map((flow) => flow.to)];
  const missing: AttackPath['missingControls'] = [];
  const entryPoint = exposure.entryPoints.get(entry)!;
  const entryEndpoints = endpointsServedBy(index, entry).filter((endpoint) => endpoint.protocol !== 'grpc' && !isOperationalPath(endpoint.path));
  const open = entryEndpoints.filter((endpoint) => !isSecured(endpoint) && !isCredentialFlow(endpoint));
  if (entryPoint.direct.length && !isGateway(index.byId.get(entry))) missing.push({ component: entry, control: 'gateway', message: `${entry} is exposed directly (${entryPoint.direct.join(', ')}) with no gateway in front` });
  if (open.length) missing.push({ component: entry, control: 'authentication', message: `${open.length} public operation${open.length === 1 ? '' : 's'} of ${entry} require${open.length === 1 ? 's' : ''} no authentication (${open.slice(0, 4).map((endpoint) => endpoint.id).join(', ')}${open.length > 4 ? ', ...' : ''})` });
  for (const flow of flows) {
    const auth = flowAuthentication(index, flow);
    if (auth.state !== 'present') missing.push({ flow: flow.id, control: 'authentication', message: `no auth on ${flow.from}->${flow.to} (${auth.evidence})` });
    const encryption = flowEncryption(index, flow);
    if (encryption.state !== 'present' && crossesBoundary(index, flow)) missing.push({ flow: flow.id, control: 'encryption', message: `plaintext ${flow.protocol} across a trust boundary on ${flow.from}->${flow.to}` });
  }
  for (const id of components.slice(1)) {
    const component = index.byId.get(id)!;
    if (component.properties?.k8sKind && !(Array.isArray(component.properties.networkPolicies) && component.properties.networkPolicies.length)) {
      missing.push({ component: id, control: 'network-policy', message: `no NetworkPolicy restricts who reaches ${id}` });
    }
  }
  const target = index.byId.get(jewel.component)!;
  for (const table of tablesBehind(index, target, components, tablesOf)) {
    const alwaysTrue = (table.policies ?? []).some((policy) => /^\s*\(?\s*true\s*\)?\s*$/i.test(policy.using ?? '') || /^\s*\(?\s*true\s*\)?\s*$/i.test(policy.withCheck ?? ''));
    if (!table.rlsEnabled) missing.push({ component: jewel.component, control: 'row-level-security', message: `table ${table.schema}.${table.name} without RLS` });
    else if (alwaysTrue) missing.push({ component: jewel.component, control: 'row-level-security', message: `table ${table.schema}.${table.name} has an always-true policy` });
  }
  const severity = pathSeverity(jewel.sensitivity.classification, missing.length, flows.length, open.length > 0, entryPoint.direct.length > 0);
  const notes: string[] = [];
  if (jewel.sensitivity.assumed) notes.push(`${jewel.component} counts as ${jewel.sensitivity.classification}: ${jewel.sensitivity.source}.`);
  if (jewel.why.startsWith('keeps')) notes.push(`${jewel.component} ${jewel.why}.`);
  const inferred = [...new Set(entryEndpoints.map((endpoint) => exposure.servedBy.get(endpoint)).filter((served) => served && served.how !== 'attached by the ingest').map((served) => served!.how))];
  if (inferred.length) notes.push(`Operations attributed to ${entry} because ${inferred.join('; ')}.`);
  return {
    id: `${entry}=>${jewel.component}`,
    entry, target: jewel.component, components, flows: flows.map((flow) => flow.id), missingControls: missing, severity,
    ...(open.length ? { endpoints: open.map((endpoint) => endpoint.id) } : {}),
    targetClassification: { ...(jewel.sensitivity.classification ? { classification: jewel.sensitivity.classification } : {}), source: jewel.sensitivity.source, assumed: jewel.sensitivity.assumed },
    ...(notes.length ? { notes } : {}),
  };
}

/** Tables a datastore on the path holds: the tables the path's components' operations map to, or every table when there is one relational store. */
function tablesBehind(index: ModelIndex, target: Component, components: string[], tablesOf: Map<string, Table[]>): Table[] {
  if (!index.model.tables.length) return [];
  const relational = relationalStores(index);
  if (target.kind === 'datastore' && !relational.includes(target)) return [];
  const mapped = [...new Set(components.flatMap((id) => tablesOf.get(id) ?? []))];
  if (mapped.length) return mapped;
  if (target.kind === 'datastore' && relational.length === 1) return index.model.tables.filter((table) => !table.system);
  return [];
}

const relationalCache = new WeakMap<ModelIndex, Component[]>();

function relationalStores(index: ModelIndex): Component[] {
  let found = relationalCache.get(index);
  if (!found) {
    found = index.model.components.filter((component) => component.kind === 'datastore' && /postgres|supabase|cockroach|timescale|postgis/i.test(`${component.image ?? ''} ${component.kindReason ?? ''} ${component.properties?.technology ?? ''} ${component.id}`));
    relationalCache.set(index, found);
  }
  return found;
}

/**
 * Severity of a path: the target's classification (restricted 3, confidential 2, other 1), raised when the
 * target itself is exposed directly, when public operations open it within one hop, and when three or more
 * controls are missing; a path with no missing control is low.
 */
function pathSeverity(classification: DataClassification | undefined, missing: number, hops: number, openEntry: boolean, directEntry: boolean): Severity {
  if (missing === 0) return 'low';
  let score = classification === 'restricted' ? 3 : classification === 'confidential' ? 2 : 1;
  if (hops === 0 && directEntry) score += 1;
  if (openEntry && hops <= 1) score += 1;
  if (missing >= 3) score += 1;
  return score >= 4 ? 'critical' : score === 3 ? 'high' : score === 2 ? 'medium' : 'low';
}
