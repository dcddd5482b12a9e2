/**
 * The reliability playbook: for each critical component (declared critical in archbench.yaml or
 * Threagile; else the components with the largest blast radius and the datastores on critical paths),
 * the ways it fails, what fails with it, how the failure is noticed ("no alert" when nothing would
 * notice) and the recovery steps for how it is deployed (Kubernetes, compose, or neither).
 */
import type { Component } from '../../shared/model/model.js';
import type { ComponentReliability, PlaybookEntry } from '../../shared/model/system-analysis.js';
import { atLeastHigh, isStore } from './classification.js';
import { deploymentUnknown } from '../../shared/model/inferred.js';
import type { ModelIndex } from './model-index.js';
import type { Signals } from './observability.js';
import type { ReliabilityCore } from './reliability-core.js';

type Scenario = PlaybookEntry['scenarios'][number];

/** Playbook entries for the critical components. */
export function buildPlaybook(index: ModelIndex, core: ReliabilityCore, reliability: ComponentReliability[], signals: Map<string, Signals>, limit: number): PlaybookEntry[] {
  const byId = new Map(reliability.map((entry) => [entry.component, entry]));
  const chosen = chooseCritical(index, core, reliability, limit);
  return chosen.map(({ component, why }) => {
    const entry = byId.get(component.id)!;
    const scenarios: Scenario[] = [down(index, core, component, entry, signals.get(component.id))];
    const slow = slowScenario(index, core, component, signals.get(component.id));
    if (slow) scenarios.push(slow);
    const data = dataScenario(index, component, entry);
    if (data) scenarios.push(data);
    return { component: component.id, ...(component.criticality ? { criticality: component.criticality } : {}), why, scenarios };
  });
}

function chooseCritical(index: ModelIndex, core: ReliabilityCore, reliability: ComponentReliability[], limit: number): Array<{ component: Component; why: string }> {
  const declared = index.model.components.filter((component) => atLeastHigh(component.criticality) && component.properties?.synthetic !== true);
  if (declared.length) {
    return declared
      .sort((a, b) => rank(b.criticality) - rank(a.criticality) || core.blastOf(b.id).entryPoints.length - core.blastOf(a.id).entryPoints.length || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((component) => ({ component, why: `criticality: ${component.criticality} (${component.origins?.includes('archbench') ? 'archbench.yaml' : component.origins?.includes('threagile') ? 'Threagile rating' : 'declared'})` }));
  }
  const candidates = reliability
    .map((entry) => ({ entry, component: index.byId.get(entry.component)! }))
    .filter(({ component }) => component && component.kind !== 'client' && component.kind !== 'external' && component.properties?.synthetic !== true && !deploymentUnknown(component));
  const out: Array<{ component: Component; why: string }> = [];
  const byRadius = [...candidates]
    .filter(({ entry }) => entry.blastRadius.entryPoints.length > 0 && (entry.totals?.components ?? entry.blastRadius.components.length) > 0)
    .sort((a, b) => b.entry.blastRadius.entryPoints.length - a.entry.blastRadius.entryPoints.length
      || (b.entry.totals?.components ?? 0) - (a.entry.totals?.components ?? 0) || a.component.id.localeCompare(b.component.id));
  const stores = candidates.filter(({ component }) => isStore(component) && core.criticalPath.has(component.id) && component.kind !== 'queue');
  const half = Math.max(1, Math.ceil(limit / 2));
  for (const { component, entry } of byRadius.slice(0, half)) {
    out.push({ component, why: `largest blast radius: ${entry.blastRadius.entryPoints.length} entry point${entry.blastRadius.entryPoints.length === 1 ? '' : 's'}, ${entry.totals?.components ?? entry.blastRadius.components.length} components` });
  }
  for (const { component } of stores) {
    if (out.length >= limit) break;
    if (!out.some((chosen) => chosen.component === component)) out.push({ component, why: `${component.kind} on a critical path` });
  }
  for (const { component, entry } of byRadius.slice(half)) {
    if (out.length >= limit) break;
    if (!out.some((chosen) => chosen.component === component)) out.push({ component, why: `blast radius: ${entry.blastRadius.entryPoints.length} entry points` });
  }
  return out;
}

function rank(criticality: string | undefined): number {
  return ['low', 'medium', 'high', 'critical'].indexOf(criticality ?? '');
}

function radiusList(entry: ComponentReliability): string[] {
  const list = [
    ...entry.blastRadius.entryPoints.filter((id) => id !== entry.component).map((id) => `entry point ${id}`),
    ...entry.blastRadius.components.filter((id) => !entry.blastRadius.entryPoints.includes(id)),
  ];
  if (entry.blastRadius.entryPoints.includes(entry.component)) list.unshift(`${entry.component} itself is an entry point`);
  return list.length ? list : ['nothing else fails synchronously'];
}

function detectionList(component: Component, entry: ComponentReliability, signals: Signals | undefined, aspect: 'down' | 'slow'): string[] {
  const out: string[] = [];
  if (aspect === 'down') {
    for (const item of entry.detection) if (item.kind === 'probe' || item.kind === 'healthcheck') out.push(item.detail);
  } else if (signals?.tracing) {
    out.push(`tracing (${signals.evidence.filter((item) => item.signal === 'tracing').map((item) => item.detail).slice(0, 2).join(', ')})`);
  }
  for (const item of entry.detection) if (item.kind === 'metrics') out.push(`metrics: ${item.detail}`);
  const alerts = entry.detection.filter((item) => item.kind === 'alert');
  if (alerts.length) for (const item of alerts) out.push(`alert: ${item.detail}`);
  else out.push('no alert');
  if (aspect === 'slow' && !signals?.metrics && !signals?.tracing) out.push('no latency metrics or tracing');
  if (aspect === 'down' && component.kind !== 'external' && !entry.detection.some((item) => item.kind === 'probe' || item.kind === 'healthcheck')) out.push('no probe or healthcheck');
  return out;
}

function platformOf(component: Component): 'kubernetes' | 'compose' | 'other' {
  if (component.properties?.k8sKind) return 'kubernetes';
  if (component.origins?.includes('compose')) return 'compose';
  return 'other';
}

function down(index: ModelIndex, core: ReliabilityCore, component: Component, entry: ComponentReliability, signals: Signals | undefined): Scenario {
  const platform = platformOf(component);
  const recovery: string[] = [];
  if (component.kind === 'external') {
    recovery.push(`Confirm the outage on ${component.name}'s status page; open the circuit (or switch to a fallback) so callers fail fast instead of queueing.`);
    recovery.push('Queue or defer the work that needs it; replay once it is back.');
  } else if (platform === 'kubernetes') {
    const namespace = String(component.properties?.namespace ?? 'default');
    const workload = `${String(component.properties?.k8sKind ?? 'deployment').toLowerCase()}/${component.id}`;
    recovery.push(`\`kubectl -n ${namespace} get pods -l app=${(component.properties?.podLabels as Record<string, string> | undefined)?.app ?? component.id}\` and \`kubectl -n ${namespace} describe\` the failing pod (OOMKilled, CrashLoopBackOff, Pending).`);
    recovery.push(`If a rollout caused it: \`kubectl -n ${namespace} rollout undo ${workload}\`; otherwise \`kubectl -n ${namespace} rollout restart ${workload}\`.`);
    if ((entry.replicas ?? 1) < 2) recovery.push(`Run at least 2 replicas with a PodDisruptionBudget so one pod's loss is not an outage (\`kubectl -n ${namespace} scale ${workload} --replicas=2\`, then make it permanent in the manifest).`);
  } else if (platform === 'compose') {
    recovery.push(`\`docker compose ps ${component.id}\` and \`docker compose logs --tail=200 ${component.id}\` to see why it stopped.`);
    recovery.push(`\`docker compose up -d ${component.id}\` (a \`restart:\` policy restarts it on crashes, not on host loss).`);
  } else {
    recovery.push(`Restart ${component.id} and roll back the last change to it if the failure started with a deployment.`);
  }
  if (isStore(component)) {
    recovery.push(entry.reasons.some((reason) => reason.startsWith('failover:')) ? 'Fail over to the replica and repoint callers if they do not follow automatically.' : 'No failover is declared: restore the instance (or from backup) before callers recover.');
  }
  const callersWithoutTimeout = (index.syncIn.get(component.id) ?? []).filter((flow) => core.resilience.get(flow.id)?.timeoutMs === undefined).map((flow) => flow.from);
  if (callersWithoutTimeout.length) recovery.push(`Callers without a timeout (${[...new Set(callersWithoutTimeout)].slice(0, 6).join(', ')}) may need a restart to release hung connections.`);
  return { failure: `${component.id} is unavailable (crash, OOM kill, node loss${platform === 'kubernetes' ? ', eviction' : ''})`, blastRadius: radiusList(entry), detection: detectionList(component, entry, signals, 'down'), recovery };
}

function slowScenario(index: ModelIndex, core: ReliabilityCore, component: Component, signals: Signals | undefined): Scenario | undefined {
  const callers = index.syncIn.get(component.id) ?? [];
  if (!callers.length) return undefined;
  const hanging = callers.filter((flow) => core.resilience.get(flow.id)?.timeoutMs === undefined);
  const affected = new Set<string>();
  for (const flow of hanging) {
    affected.add(flow.from);
    for (const upstream of core.blastOf(flow.from).components) affected.add(upstream);
  }
  const blastRadius = hanging.length
    ? [`${[...new Set(hanging.map((flow) => flow.from))].join(', ')} wait without a timeout`, ...[...affected].filter((id) => !hanging.some((flow) => flow.from === id)).map((id) => `${id} (upstream, threads and connections held)`)]
    : [`callers time out (${callers.map((flow) => `${flow.from}: ${core.resilience.get(flow.id)?.timeoutMs ?? '?'} ms`).join(', ')}) and fail their requests`];
  const detection: string[] = [];
  if (signals?.tracing) detection.push('tracing shows the slow span');
  if (signals?.metrics) detection.push('latency metrics');
  if (signals?.alerts) detection.push(...signals.evidence.filter((item) => item.signal === 'alerts').map((item) => `alert: ${item.detail}`));
  else detection.push('no alert');
  if (!signals?.metrics && !signals?.tracing) detection.push('no latency metrics or tracing: users notice first');
  return {
    failure: `${component.id} is slow or hangs (saturation, lock contention, a slow dependency of its own)`,
    blastRadius,
    detection,
    recovery: [
      hanging.length ? `Set client timeouts on ${hanging.map((flow) => flow.id).slice(0, 5).join(', ')} (archbench.yaml \`timeoutMs\` documents them) so the slowness stays contained.` : 'Check the callers\' timeouts are below their own callers\' timeouts.',
      'Shed load (rate-limit at the gateway, scale out) and open circuit breakers toward it until latency recovers.',
      `Find the cause in ${component.id}'s saturation (CPU throttling, connection pool, slow queries) before restarting it.`,
    ],
  };
}

function dataScenario(index: ModelIndex, component: Component, entry: ComponentReliability): Scenario | undefined {
  if (component.kind === 'datastore') {
    const volumes = Array.isArray(component.properties?.volumes) ? (component.properties!.volumes as unknown[]).map((volume) => typeof volume === 'string' ? volume.split(':')[0] : String((volume as Record<string, unknown>)?.name ?? (volume as Record<string, unknown>)?.source ?? '')).filter(Boolean) : [];
    const backup = (entry.blockers ?? []).some((blocker) => blocker.startsWith('No backup')) ? 'no backup is declared: there is nothing to restore from' : 'restore from the latest backup and replay the write-ahead log to the point before the corruption';
    return {
      failure: `${component.id} loses or corrupts data (bad migration, operator error, disk failure)`,
      blastRadius: radiusList(entry),
      detection: ['no alert on data loss (only failing queries show it)'],
      recovery: [
        'Stop writers (scale the callers to zero or put them in maintenance) to keep the damage from spreading.',
        `${backup[0].toUpperCase()}${backup.slice(1)}${volumes.length ? ` (data volume: ${volumes.join(', ')})` : ''}.`,
        'Verify the restored data, then restart the callers.',
      ],
    };
  }
  if (component.kind === 'cache') {
    const callers = (index.syncIn.get(component.id) ?? []).map((flow) => flow.from);
    return {
      failure: `${component.id} restarts empty`,
      blastRadius: [...new Set(callers)].map((id) => `${id} falls back to the source of truth (if it can); state kept only in the cache is lost`),
      detection: ['cache hit-rate metrics, if any; no alert declared'],
      recovery: ['Warm the cache gradually (rate-limit the rebuild) so the origin is not stampeded.', 'If it holds state that exists nowhere else (sessions, carts), persist it (AOF / a volume) or move it to a datastore.'],
    };
  }
  if (component.kind === 'queue') {
    const producers = (index.incoming.get(component.id) ?? []).map((flow) => flow.from);
    return {
      failure: `${component.id} is unavailable or its backlog grows`,
      blastRadius: [...new Set(producers)].map((id) => `${id} cannot publish (unless it buffers) and consumers fall behind`),
      detection: ['queue depth and consumer lag metrics, if any; no alert declared'],
      recovery: ['Scale consumers; park poison messages in a dead-letter queue.', 'Producers should retry with backoff and an outbox so nothing is lost while the broker is down.'],
    };
  }
  return undefined;
}
