/**
 * Reliability detections over the whole system: synchronous calls with no timeout (worse on deep chains
 * and critical paths), retries without backoff or on non-idempotent operations, retry amplification
 * along chains, single points of failure on critical paths, critical components nobody would notice
 * failing, state behind load-balanced replicas, public paths that cannot autoscale, and connection
 * budgets that overflow max_connections.
 */
import type { Component, Flow } from '../../shared/model/model.js';
import { hasIdempotencyKey } from './api-facts.js';
import { connectionBudgets } from './capacity.js';
import { callChains, chainRoots } from './chains.js';
import { impactOfCriticality, isStore } from './classification.js';
import { endpointsServedBy } from './exposure.js';
import { listOf, type SystemIssue } from './issues.js';
import type { ModelIndex } from './model-index.js';
import type { Signals } from './observability.js';
import type { IssueContext } from './security-issues.js';

/** Chains whose retry amplification is above this are reported (3 attempts at two hops = 9). */
export const RETRY_AMPLIFICATION_THRESHOLD = 8;
/** Chains at least this deep make a missing timeout worse. */
export const DEEP_CHAIN = 3;

const CALLERS = new Set(['service', 'gateway', 'job']);
const SCRATCH_VOLUME = /(tmp|temp|scratch|cache|run|socket|config|conf|secret|cert|tls|certs|plugins?|logs?)$/i;

function isCall(index: ModelIndex, flow: Flow): boolean {
  const caller = index.byId.get(flow.from);
  // A flow into a browser or app is the response (or a push) a data-flow diagram draws, not a call the server waits on.
  return !!caller && CALLERS.has(caller.kind) && caller.properties?.synthetic !== true && index.byId.get(flow.to)?.kind !== 'client';
}

/** Depth of the deepest synchronous chain through each flow (hops above it + 1 + hops below it). */
function chainDepths(index: ModelIndex): Map<string, { depth: number; path: string[] }> {
  const below = new Map<string, { depth: number; path: string[] }>();
  const above = new Map<string, { depth: number; path: string[] }>();
  const walk = (id: string, edges: Map<string, Flow[]>, end: 'to' | 'from', memo: Map<string, { depth: number; path: string[] }>, stack: Set<string>): { depth: number; path: string[] } => {
    const known = memo.get(id);
    if (known) return known;
    stack.add(id);
    let best = { depth: 0, path: [id] };
    for (const flow of edges.get(id) ?? []) {
      const next = flow[end];
      if (stack.has(next)) continue;
      const result = walk(next, edges, end, memo, stack);
      if (result.depth + 1 > best.depth) best = { depth: result.depth + 1, path: [id, ...result.path] };
    }
    stack.delete(id);
    memo.set(id, best);
    return best;
  };
  const out = new Map<string, { depth: number; path: string[] }>();
  for (const flow of index.model.flows) {
    if (!index.byId.has(flow.from) || !index.byId.has(flow.to)) continue;
    const up = walk(flow.from, index.syncIn, 'from', above, new Set());
    const down = walk(flow.to, index.syncOut, 'to', below, new Set());
    out.set(flow.id, { depth: up.depth + 1 + down.depth, path: [...[...up.path].reverse(), ...down.path] });
  }
  return out;
}

/** Where a flow's retry policy is declared: the archbench.yaml flow entry, or the caller's env variable; else the flow. */
function retryDeclaration(index: ModelIndex, flow: Flow, evidence: string[]): Flow['source'] {
  if (evidence.some((item) => item.startsWith('archbench.yaml: retries'))) {
    const declared = (flow.sources ?? []).find((source) => /(^|\/)archbench\.ya?ml$/.test(source.file));
    if (declared) return declared;
  }
  const variable = evidence.map((item) => /^env:([A-Za-z0-9_]+)=/.exec(item)?.[1]).find(Boolean);
  const env = variable ? index.byId.get(flow.from)?.env?.find((candidate) => candidate.name === variable) : undefined;
  return env?.source ?? flow.source;
}

/** Synchronous calls with no timeout. */
export function callsWithoutTimeout({ index, core }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  const depths = chainDepths(index);
  for (const flow of index.model.flows) {
    const resilience = core.resilience.get(flow.id);
    if (!resilience?.sync || resilience.timeoutMs !== undefined || !isCall(index, flow)) continue;
    const caller = index.byId.get(flow.from)!;
    const target = index.byId.get(flow.to)!;
    const chain = depths.get(flow.id) ?? { depth: 1, path: [flow.from, flow.to] };
    const critical = core.criticalPath.has(flow.from);
    const inferredOnly = flow.inferredFrom.every((via) => via === 'depends_on' || via === 'links');
    const deep = chain.depth >= DEEP_CHAIN;
    const severity = inferredOnly ? 'low' : deep && critical ? 'high' : deep || critical ? 'medium' : 'low';
    const roots = core.criticalRoots.get(flow.from) ?? [];
    const noRetry = resilience.retries === undefined ? ' and no retry policy' : '';
    const where = [
      critical ? `${flow.from} is on the critical path of ${listOf(roots, 4)}` : '',
      deep ? `the deepest chain through it is ${chain.depth} calls deep (${chain.path.join(' -> ')})` : '',
    ].filter(Boolean).join('; ');
    out.push({
      kind: 'sync-call-without-timeout', stride: 'D', cwe: 1088, elementType: 'flow', element: flow.id,
      title: 'Synchronous call without a timeout',
      message: `${flow.from} -> ${flow.to} (${flow.protocol}) declares no timeout${noRetry}: no *_TIMEOUT* variable for it in ${flow.from}'s environment and no archbench.yaml timeoutMs. When ${flow.to} hangs, ${flow.from} holds threads and connections until it runs out.${where ? ` ${where}.` : ''}${inferredOnly ? ' (The call itself is inferred from depends_on.)' : ''}`,
      location: flow.source, likelihood: 'medium', impact: impactOfCriticality(caller.criticality ?? target.criticality), severity,
      evidence: [{ message: resilience.evidence.length ? resilience.evidence.join('; ') : 'no timeout, retry or circuit-breaker setting found', location: flow.source }],
      mitigations: [`Set a timeout on ${flow.id} below ${flow.from}'s own deadline (and record it in archbench.yaml flows[].timeoutMs).`],
      controls: [], mitigated: false,
    });
  }
  return out;
}

/** Retries configured with no backoff. */
export function retriesWithoutBackoff({ index, core }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const flow of index.model.flows) {
    const resilience = core.resilience.get(flow.id);
    if (!resilience || (resilience.retries ?? 0) <= 0 || resilience.backoff) continue;
    out.push({
      kind: 'retry-without-backoff', stride: 'D', cwe: 400, elementType: 'flow', element: flow.id,
      title: 'Retries without backoff',
      message: `${flow.id} retries ${resilience.retries} time${resilience.retries === 1 ? '' : 's'} (${resilience.evidence.join('; ')}) with no backoff declared: when ${flow.to} struggles, every caller retries at once and keeps it down.`,
      location: retryDeclaration(index, flow, resilience.evidence), likelihood: 'medium', impact: impactOfCriticality(index.byId.get(flow.to)?.criticality),
      evidence: [{ message: resilience.evidence.join('; '), location: flow.source }],
      mitigations: ['Retry with exponential backoff and jitter, and cap the total retry budget.'],
      controls: [], mitigated: false,
    });
  }
  return out;
}

/** Retry policies on flows into services whose POST / PATCH operations take no Idempotency-Key. */
export function retriesOnNonIdempotent({ index, core }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const flow of index.model.flows) {
    const resilience = core.resilience.get(flow.id);
    if (!resilience || (resilience.retries ?? 0) <= 0) continue;
    const unsafe = endpointsServedBy(index, flow.to).filter((endpoint) => endpoint.protocol === 'http' && (endpoint.method === 'POST' || endpoint.method === 'PATCH') && !hasIdempotencyKey(endpoint));
    if (!unsafe.length) continue;
    out.push({
      kind: 'retry-non-idempotent', stride: 'T', cwe: 837, elementType: 'flow', element: flow.id,
      title: 'Retries on non-idempotent operations',
      message: `${flow.id} retries ${resilience.retries} time${resilience.retries === 1 ? '' : 's'}, and ${flow.to} has ${listOf(unsafe.map((endpoint) => endpoint.id), 4)} with no Idempotency-Key: a retry after a timeout can create or charge twice.`,
      location: retryDeclaration(index, flow, resilience.evidence), related: unsafe.slice(0, 5).map((endpoint) => ({ ...endpoint.source, message: endpoint.id })),
      likelihood: 'medium', impact: 'high',
      evidence: unsafe.map((endpoint) => ({ message: `${endpoint.id} without Idempotency-Key`, location: endpoint.source })),
      mitigations: [`Send an Idempotency-Key on retried writes and have ${flow.to} deduplicate on it, or retry only idempotent methods.`],
      controls: [], mitigated: false,
    });
  }
  return out;
}

/** Chains where retries multiply (one request -> many calls at the bottom). */
export function retryAmplification({ index, exposure, core }: IssueContext): SystemIssue[] {
  const chains = callChains(index, chainRoots(index, exposure.entryPoints.keys()), core.resilience, 1000);
  const out: SystemIssue[] = [];
  const flowById = new Map(index.model.flows.map((flow) => [flow.id, flow]));
  for (const chain of chains) {
    if (chain.retryAmplification <= RETRY_AMPLIFICATION_THRESHOLD) continue;
    const retrying = chain.flows.map((id) => flowById.get(id)!).filter((flow) => (core.resilience.get(flow.id)?.retries ?? 0) > 0);
    const factors = chain.flows.map((id) => `${id} x${(core.resilience.get(id)?.retries ?? 0) + 1}`);
    out.push({
      kind: 'retry-amplification', stride: 'D', cwe: 400, elementType: 'flow', element: chain.flows[0], key: chain.flows.join('|'),
      title: 'Retry amplification along a call chain',
      message: `One request into ${chain.root} can become ${chain.retryAmplification} calls to ${chain.components[chain.components.length - 1]}: retries multiply along ${chain.components.join(' -> ')} (${factors.join(', ')}). An outage at the bottom is multiplied into a retry storm.`,
      location: retrying[0] ? retryDeclaration(index, retrying[0], core.resilience.get(retrying[0].id)?.evidence ?? []) : index.byId.get(chain.root)!.source,
      related: retrying.slice(1).map((flow) => ({ ...retryDeclaration(index, flow, core.resilience.get(flow.id)?.evidence ?? []), message: flow.id })),
      likelihood: 'medium', impact: chain.retryAmplification > 3 * RETRY_AMPLIFICATION_THRESHOLD ? 'very-high' : 'high',
      evidence: retrying.map((flow) => ({ message: `${flow.id}: ${core.resilience.get(flow.id)?.evidence.join('; ')}`, location: flow.source })),
      mitigations: ['Retry at one layer only (usually the edge), use retry budgets, and make inner hops fail fast.'],
      controls: [], mitigated: false,
    });
  }
  return out;
}

/** Single-replica components on a critical path. */
export function singlePointsOfFailure({ index, core }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    const judged = core.spof.get(component.id);
    if (!judged?.spof) continue;
    const radius = core.blastOf(component.id);
    const replication = core.replication.get(component.id)!;
    const severity = component.criticality === 'critical' ? 'critical' : radius.entryPoints.length ? 'high' : 'medium';
    const location = component.source;
    out.push({
      kind: 'single-point-of-failure', stride: 'D', cwe: 410, elementType: 'component', element: component.id,
      title: 'Single point of failure on a critical path',
      message: `${component.id} is a single point of failure: ${listOf(judged.reasons.filter((reason) => !reason.startsWith('on ')), 4)}. When it fails, ${radius.components.length ? `${listOf(radius.components, 6)} fail${radius.components.length === 1 ? 's' : ''} with it` : 'its own requests fail'}${radius.entryPoints.length ? ` (entry point${radius.entryPoints.length === 1 ? '' : 's'} ${listOf(radius.entryPoints, 4)})` : ''}.`,
      location, likelihood: 'medium', impact: radius.entryPoints.length ? 'high' : impactOfCriticality(component.criticality), severity,
      evidence: [{ message: replication.why, location }, ...radius.entryPoints.slice(0, 5).map((id) => ({ message: `entry point ${id} depends on it synchronously` }))],
      mitigations: [isStore(component) ? 'Run it replicated with automatic failover (or use a managed service), and keep callers working in degraded mode while it fails over.' : 'Run at least 2 replicas spread over nodes with a PodDisruptionBudget; give callers timeouts and a fallback.'],
      controls: [], mitigated: false,
    });
  }
  return out;
}

/** Critical-path components without metrics or alerts. */
export function unobservedCriticalComponents({ index, core }: IssueContext, signals: (component: Component) => Signals): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    if (!core.criticalPath.has(component.id) || component.kind === 'client' || component.kind === 'external' || component.properties?.synthetic === true) continue;
    const seen = signals(component);
    if (seen.metrics && seen.alerts) continue;
    const missing = [...(seen.metrics ? [] : ['metrics']), ...(seen.alerts ? [] : ['alerts'])];
    const spof = core.spof.get(component.id)?.spof;
    out.push({
      kind: 'critical-path-unobserved', stride: 'R', cwe: 778, elementType: 'component', element: component.id,
      title: 'Critical-path component without metrics or alerts',
      message: `${component.id} is on the critical path of ${listOf(core.criticalRoots.get(component.id) ?? [], 4)} and has no ${missing.join(' and no ')}${seen.metrics ? ` (metrics: ${seen.evidence.filter((item) => item.signal === 'metrics').map((item) => item.detail).join(', ')})` : ''}: its failure is found by users, not by an alert.`,
      location: component.source, likelihood: 'medium', impact: spof ? 'high' : 'medium', severity: spof && !seen.metrics ? 'medium' : 'low',
      evidence: seen.evidence.length ? seen.evidence.map((item) => ({ message: `${item.signal}: ${item.detail}`, location: item.location })) : [{ message: 'no metrics port, Prometheus annotation, ServiceMonitor, OTEL setting or alert rule' }],
      mitigations: ['Expose RED metrics (rate, errors, duration), scrape them, and alert on error rate and latency of the entry points it serves.'],
      controls: [], mitigated: false,
    });
  }
  return out;
}

/** Stateful components replicated behind a Service or load balancer without shared state. */
export function statefulBehindLoadBalancer({ index }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    const replicas = component.replicas ?? 0;
    const kind = String(component.properties?.k8sKind ?? '');
    if (replicas < 2 || kind === 'StatefulSet' || component.kind === 'external') continue;
    const balanced = (Array.isArray(component.properties?.k8sServices) && (component.properties!.k8sServices as unknown[]).length > 0) || component.internetFacing || (index.incoming.get(component.id) ?? []).length > 0;
    if (!balanced) continue;
    const volumes = (Array.isArray(component.properties?.volumes) ? component.properties!.volumes as unknown[] : []).map((volume) => {
      if (typeof volume === 'string') { const [source, target] = volume.split(':'); return { name: target ?? source, type: target ? (/^[./~]/.test(source) ? 'bind' : 'named') : 'anonymous' }; }
      const record = (volume ?? {}) as Record<string, unknown>;
      return { name: String(record.name ?? record.target ?? ''), type: String(record.type ?? 'volume') };
    }).filter((volume) => !['configMap', 'secret', 'projected', 'downwardAPI'].includes(volume.type) && !SCRATCH_VOLUME.test(volume.name));
    const store = isStore(component);
    if (!volumes.length && !store) continue;
    out.push({
      kind: 'stateful-behind-load-balancer', stride: 'D', elementType: 'component', element: component.id,
      title: 'Stateful component load-balanced over replicas',
      message: store
        ? `${component.kind} ${component.id} runs ${replicas} replicas${kind ? ` as a ${kind}` : ''} behind one address: each replica holds its own data, so reads land on a copy that never saw the write.`
        : `${component.id} runs ${replicas} replicas behind a load balancer and keeps local state (${volumes.map((volume) => `${volume.name} ${volume.type}`).join(', ')}): what one replica writes the others do not see.`,
      location: component.source, likelihood: 'high', impact: 'medium',
      evidence: volumes.map((volume) => ({ message: `volume ${volume.name} (${volume.type})` })),
      mitigations: ['Move the state to a shared datastore (or a StatefulSet with replication and a headless Service), or run one replica.'],
      controls: [], mitigated: false,
    });
  }
  return out;
}

/** Kubernetes Deployments on a public path with no HorizontalPodAutoscaler. */
export function publicPathWithoutAutoscaler({ index, exposure, core }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    if (component.properties?.k8sKind !== 'Deployment' || component.properties?.autoscaler || isStore(component) || component.kind === 'client') continue;
    const entries = (core.criticalRoots.get(component.id) ?? []).filter((root) => exposure.entryPoints.has(root));
    if (!entries.length) continue;
    out.push({
      kind: 'public-path-no-autoscaler', stride: 'D', cwe: 400, elementType: 'component', element: component.id,
      title: 'Public-path service without autoscaling',
      message: `${component.id} serves the public path of ${listOf(entries, 4)} with a fixed ${component.replicas ?? 1} replica${(component.replicas ?? 1) === 1 ? '' : 's'} and no HorizontalPodAutoscaler: a traffic spike saturates it and the errors propagate to the entry point.`,
      location: component.source, likelihood: 'medium', impact: 'medium', severity: 'low',
      evidence: [{ message: `replicas: ${component.replicas ?? 'not declared (1)'}`, location: component.source }],
      mitigations: ['Add a HorizontalPodAutoscaler (CPU or request-rate based) with minReplicas >= 2, and set resource requests so it can work.'],
      controls: [], mitigated: false,
    });
  }
  return out;
}

/** Callers' replicas x pool size above max_connections. */
export function connectionBudgetExceeded({ index }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const budget of connectionBudgets(index)) {
    const usable = Math.max(1, budget.maxConnections - 3);
    if (budget.total <= usable) continue;
    const breakdown = budget.callers.map((caller) => `${caller.component} ${caller.replicas} x ${caller.poolSize} (${caller.replicasFrom}; env:${caller.pool.name})`);
    out.push({
      kind: 'connection-budget', stride: 'D', cwe: 770, elementType: 'component', element: budget.datastore,
      title: 'Connection budget exceeded',
      message: `The callers of ${budget.datastore} can open ${budget.total} connections (${breakdown.join(' + ')}) but max_connections is ${budget.maxConnections} (3 reserved for superusers): at peak, new connections are refused${budget.unknownCallers.length ? `; ${listOf(budget.unknownCallers)} ${budget.unknownCallers.length === 1 ? 'is' : 'are'} not counted (pool size not declared)` : ''}.`,
      location: budget.maxConnectionsSource,
      related: budget.callers.map((caller) => ({ ...(caller.pool.source ?? index.byId.get(caller.component)!.source), message: `${caller.component}: ${caller.pool.name}=${caller.pool.value}` })),
      likelihood: 'high', impact: 'high',
      evidence: budget.callers.map((caller) => ({ message: `${caller.component}: ${caller.replicas} x ${caller.poolSize} = ${caller.connections}`, location: caller.pool.source })),
      mitigations: ['Put a pooler (PgBouncer) in front, lower the pool sizes, or raise max_connections with the memory to match.'],
      controls: [], mitigated: false,
    });
  }
  return out;
}
