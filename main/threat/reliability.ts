/**
 * The reliability report: per component its blast radius, whether it is a single point of failure and
 * why, how its failure is detected, its observability signals, probe facts and scalability blockers;
 * per flow its timeout / retries / backoff / circuit breaker; the deepest and most retry-amplifying
 * synchronous chains; connection budgets; and the playbook for the critical components.
 */
import { nothingDeployed } from '../../shared/model/inferred.js';
import type { Component, Probe, SystemModel } from '../../shared/model/model.js';
import type { ComponentReliability, ReliabilityReport } from '../../shared/model/system-analysis.js';
import { connectionBudgets } from './capacity.js';
import { callChains, chainRoots } from './chains.js';
import { isStore } from './classification.js';
import { exposureOf } from './exposure.js';
import { indexModel, unconnectedNote, type ModelIndex } from './model-index.js';
import { readMonitoringObjects, signalsOf, type Signals } from './observability.js';
import { buildPlaybook } from './playbook.js';
import { reliabilityCore } from './reliability-core.js';

export interface ReliabilityOptions {
  /** Reads project files, to find ServiceMonitors, PrometheusRules and pod annotations the model does not record. */
  readText?: (path: string) => string | undefined;
  /** Most chains reported (default 25). */
  maxChains?: number;
  /** Most playbook entries (default 12). */
  maxPlaybook?: number;
}

const ENDPOINT_LIST_CAP = 200;
const SCRATCH_VOLUME = /(tmp|temp|scratch|cache|run|socket|config|conf|secret|cert|tls|certs|plugins?|logs?)$/i;
const NON_STATE_VOLUME_TYPES = new Set(['configMap', 'secret', 'projected', 'downwardAPI', 'serviceAccountToken']);
const BACKUP = /(backup|pgbackrest|wal-g|walg|barman|velero|restic|pg_dump|mysqldump|snapshot)/i;

/** Reliability of the whole system. Pure apart from reading files through `options.readText`. */
export function analyseReliability(model: SystemModel, options: ReliabilityOptions = {}): ReliabilityReport {
  const index = indexModel(model);
  const core = reliabilityCore(index);
  const exposure = exposureOf(index);
  const monitoring = options.readText ? readMonitoringObjects(index, options.readText) : undefined;
  const backupDeclared = model.components.some((component) => BACKUP.test(`${component.id} ${component.image ?? ''}`));
  const components: ComponentReliability[] = [];
  const signalsById = new Map<string, Signals>();
  for (const component of model.components) {
    if (component.properties?.synthetic === true) continue;
    const radius = core.blastOf(component.id);
    // Endpoints are listed up to a cap (the blast radius of a hub in a large system holds thousands); totals counts them all.
    const listed = new Set<string>();
    let endpointCount = 0;
    for (const id of [component.id, ...radius.components]) {
      const served = exposure.endpointsOf.get(id);
      if (!served) continue;
      endpointCount += served.length;
      for (const endpoint of served) if (listed.size < ENDPOINT_LIST_CAP) listed.add(endpoint.id);
    }
    const signals = signalsOf(index, component, monitoring);
    signalsById.set(component.id, signals);
    const judged = core.spof.get(component.id)!;
    const replicas = core.replication.get(component.id)!;
    const health = healthNotes(index, component);
    const blockers = scalabilityBlockers(component, replicas.count, core.criticalPath.has(component.id), exposure.entryPoints.size > 0, backupDeclared);
    components.push({
      component: component.id,
      ...(replicas.count !== undefined ? { replicas: replicas.count } : {}),
      blastRadius: { components: radius.components, entryPoints: radius.entryPoints, endpoints: [...listed] },
      singlePointOfFailure: judged.spof,
      reasons: judged.reasons,
      detection: detectionOf(component, signals),
      signals: { metrics: signals.metrics, tracing: signals.tracing, logs: signals.logs, alerts: signals.alerts },
      criticalPath: core.criticalPath.has(component.id),
      totals: { components: radius.components.length, entryPoints: radius.entryPoints.length, endpoints: endpointCount },
      ...(health.length ? { health } : {}),
      ...(blockers.length ? { blockers } : {}),
    });
  }
  const flows = [...core.resilience.values()];
  const chains = callChains(index, chainRoots(index, exposure.entryPoints.keys()), core.resilience, options.maxChains ?? 25)
    .map((chain) => ({ components: chain.components, depth: chain.depth, retryAmplification: chain.retryAmplification, missingTimeouts: chain.missingTimeouts, flows: chain.flows, root: chain.root }));
  // Most entry points affected first; on a tie an entry point itself (all of its requests fail, not the part that
  // needs one callee), then the most components failing with it.
  const isEntry = (entry: ComponentReliability) => (entry.blastRadius.entryPoints.includes(entry.component) ? 1 : 0);
  const spofs = components.filter((entry) => entry.singlePointOfFailure)
    .sort((a, b) => b.blastRadius.entryPoints.length - a.blastRadius.entryPoints.length || isEntry(b) - isEntry(a)
      || (b.totals?.components ?? 0) - (a.totals?.components ?? 0) || a.component.localeCompare(b.component))
    .map((entry) => entry.component);
  const budgets = connectionBudgets(index).map((budget) => ({
    datastore: budget.datastore, maxConnections: budget.maxConnections, total: budget.total, unknownCallers: budget.unknownCallers,
    callers: budget.callers.map((caller) => ({ component: caller.component, replicas: caller.replicas, poolSize: caller.poolSize, connections: caller.connections })),
  }));
  const notes = [
    'Service-mesh policies (Istio VirtualService timeouts and retries, DestinationRule outlier detection) and ingress annotations are not in the model: timeouts, retries and circuit breakers come from archbench.yaml and the callers\' environment only.',
    'Blast radius follows synchronous flows only: a failure behind a queue or stream delays work but does not fail the caller.',
  ];
  if (nothingDeployed(model.components)) {
    notes.unshift('The files describe no deployment (only API descriptions or SQL migrations): replicas, fallbacks and client timeouts are not judged, so no single point of failure or flow without a timeout is reported.');
  }
  const alone = unconnectedNote(index, (one) => (one ? 'nothing fails with it and it fails with nothing' : 'nothing fails with them and they fail with nothing'));
  if (alone) notes.push(alone);
  if (!options.readText) notes.push('Kubernetes monitoring objects (ServiceMonitor, PrometheusRule) and pod annotations were not read (no file access): metrics and alerts come from what the model records.');
  const playbook = buildPlaybook(index, core, components, signalsById, options.maxPlaybook ?? 12);
  return { components, flows, chains, playbook, singlePointsOfFailure: spofs, ...(budgets.length ? { connectionBudgets: budgets } : {}), notes };
}

function describeProbe(name: string, probe: Probe): string {
  if (probe.kind === 'http') return `${name} probe: HTTP GET ${probe.path ?? '/'}${probe.port !== undefined ? ` on ${probe.port}` : ''}`;
  if (probe.kind === 'tcp') return `${name} probe: TCP connect${probe.port !== undefined ? ` to ${probe.port}` : ''}`;
  if (probe.kind === 'grpc') return `${name} probe: gRPC health check${probe.port !== undefined ? ` on ${probe.port}` : ''}`;
  if (probe.kind === 'exec') return `${name} probe: exec ${probe.command ?? ''}`;
  return `${name}: ${probe.command ?? ''}`;
}

function detectionOf(component: Component, signals: Signals): ComponentReliability['detection'] {
  const detection: ComponentReliability['detection'] = [];
  const probes = component.probes ?? {};
  for (const [name, probe] of Object.entries(probes) as Array<[string, Probe | undefined]>) {
    if (!probe) continue;
    detection.push({ kind: name === 'healthcheck' ? 'healthcheck' : 'probe', detail: describeProbe(name === 'healthcheck' ? 'compose healthcheck' : name, probe), ...(probe.source ? { location: probe.source } : {}) });
  }
  for (const item of signals.evidence) {
    if (item.signal === 'alerts') detection.push({ kind: 'alert', detail: item.detail, ...(item.location ? { location: item.location } : {}) });
    else if (item.signal === 'metrics') detection.push({ kind: 'metrics', detail: item.detail, ...(item.location ? { location: item.location } : {}) });
  }
  if (component.kind === 'external' || component.kind === 'client') return detection;
  if (!detection.length) detection.push({ kind: 'none', detail: 'no probe, healthcheck, metrics or alert' });
  else if (!signals.alerts) detection.push({ kind: 'none', detail: 'no alert' });
  return detection;
}

function sameProbe(a: Probe | undefined, b: Probe | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.path === b.path && String(a.port) === String(b.port) && a.command === b.command;
}

/** Probe facts that change how a failure plays out; only stated where the files show them. */
function healthNotes(index: ModelIndex, component: Component): string[] {
  const notes: string[] = [];
  const { liveness, readiness } = component.probes ?? {};
  if (sameProbe(liveness, readiness)) {
    notes.push('Liveness and readiness run the same check: when it fails under load both fire, so a slow pod is restarted instead of only being taken out of rotation, adding cold starts to an overload.');
  }
  const hardDependencies = (index.syncOut.get(component.id) ?? []).map((flow) => flow.to).filter((id) => isStore(index.byId.get(id)));
  if (readiness && (readiness.kind === 'tcp' || readiness.kind === 'grpc') && hardDependencies.length) {
    notes.push(`Readiness is a ${readiness.kind === 'tcp' ? 'TCP connect' : 'gRPC health check'}: it stays ready while ${[...new Set(hardDependencies)].join(', ')} ${hardDependencies.length > 1 ? 'are' : 'is'} unreachable, so requests keep arriving and must be failed fast by timeouts (keeping shared dependencies out of readiness is usually right: otherwise their outage empties every replica at once).`);
  }
  if (liveness && hardDependencies.length && liveness.kind === 'http' && /(deep|full|deps|dependencies|db|database)/i.test(liveness.path ?? '')) {
    notes.push(`The liveness probe ${liveness.path} looks like a dependency check: a ${hardDependencies.join(', ')} outage would restart every pod.`);
  }
  return notes;
}

function volumesOf(component: Component): Array<{ name: string; type: string }> {
  const volumes = component.properties?.volumes;
  if (!Array.isArray(volumes)) return [];
  return volumes.flatMap((volume) => {
    if (typeof volume === 'string') {
      const [source, target] = volume.split(':');
      if (!target) return [{ name: source, type: 'anonymous' }];
      return [{ name: target, type: /^[./~]/.test(source) ? 'bind' : 'named' }];
    }
    if (volume && typeof volume === 'object') {
      const record = volume as Record<string, unknown>;
      const name = String(record.name ?? record.target ?? record.source ?? '');
      return [{ name, type: String(record.type ?? 'volume') }];
    }
    return [];
  });
}

/** State, autoscaling and durability facts that limit scaling out or surviving a restart. */
function scalabilityBlockers(component: Component, replicas: number | undefined, criticalPath: boolean, hasEntryPoints: boolean, backupDeclared: boolean): string[] {
  const blockers: string[] = [];
  const volumes = volumesOf(component).filter((volume) => !NON_STATE_VOLUME_TYPES.has(volume.type) && !SCRATCH_VOLUME.test(volume.name));
  const kind = String(component.properties?.k8sKind ?? '');
  if ((replicas ?? 1) > 1 && kind !== 'StatefulSet' && volumes.length && component.kind !== 'external') {
    blockers.push(`Local state (${volumes.map((volume) => `${volume.name} ${volume.type}`).join(', ')}) behind ${replicas} replicas: each replica keeps its own copy, so requests see different data depending on where they land.`);
  }
  if (isStore(component) && (replicas ?? 1) > 1 && kind === 'Deployment') {
    blockers.push(`${component.kind} run as a Deployment with ${replicas} replicas: the replicas do not share or replicate data.`);
  }
  if (criticalPath && hasEntryPoints && kind === 'Deployment' && !component.properties?.autoscaler && !isStore(component) && component.kind !== 'client') {
    blockers.push('On a public path with no HorizontalPodAutoscaler: capacity is fixed at the declared replicas.');
  }
  if (component.kind === 'cache' && /redis|valkey|keydb|dragonfly/i.test(`${component.image ?? ''} ${component.kindReason ?? ''}`)) {
    const command = `${JSON.stringify(component.properties?.command ?? '')} ${(component.env ?? []).map((variable) => `${variable.name}=${variable.value ?? ''}`).join(' ')}`;
    if (!/maxmemory/i.test(command)) blockers.push('No eviction settings (maxmemory / maxmemory-policy) in its command or environment: memory grows until the container is OOM-killed.');
    const stateVolumes = volumesOf(component).filter((volume) => volume.type !== 'emptyDir' && volume.type !== 'tmpfs');
    if (!stateVolumes.length && !/appendonly\s+yes|--appendonly|--save/i.test(command)) {
      const emptyDir = volumesOf(component).find((volume) => volume.type === 'emptyDir');
      blockers.push(`No persistence: ${emptyDir ? `its data lives in emptyDir ${emptyDir.name}` : 'no volume'}, so every restart empties it.`);
    }
  }
  if (component.kind === 'datastore') {
    const replication = (replicas ?? 1) > 1 || component.properties?.failover || component.properties?.redundant === true;
    if (!replication) blockers.push('No replica or failover declared: one instance holds the data.');
    if (!backupDeclared && component.properties?.backup === undefined) blockers.push('No backup declared (no backup job or tool in the system, no archbench.yaml `properties.backup`).');
  }
  return blockers;
}
