/**
 * The reliability facts the report, the playbook and the system rules share, computed once per model:
 * which components sit on a critical path (synchronously reachable from an entry point or a component
 * declared critical), each component's blast radius (everything that calls it synchronously, directly or
 * through others), replicas as deployed, single points of failure and per-flow resilience.
 */
import type { Component } from '../../shared/model/model.js';
import type { FlowResilience } from '../../shared/model/system-analysis.js';
import { atLeastHigh, isStore } from './classification.js';
import { exposureOf } from './exposure.js';
import { deploymentUnknown, undeployedFlow } from '../../shared/model/inferred.js';
import type { ModelIndex } from './model-index.js';
import { flowResilience } from './resilience.js';

export interface Replication {
  /** Replicas that run at least (declared, or the autoscaler's minimum); undefined when not applicable (external, DaemonSet, job). */
  count?: number;
  /** How the count is known: `replicas: 3`, `HorizontalPodAutoscaler web minReplicas 2`, `replicas not declared (1)`. */
  why: string;
  assumed: boolean;
  /** Kubernetes workloads only: a PodDisruptionBudget selects its pods. */
  disruptionBudget?: string;
  autoscaler?: { name?: string; minReplicas?: number; maxReplicas?: number };
  /** Datastores: replication or failover the files declare. */
  failover?: string;
}

export interface BlastRadius {
  components: string[];
  entryPoints: string[];
}

export interface ReliabilityCore {
  /** Components on a critical path (including the roots). */
  criticalPath: Set<string>;
  /** Why the component is on a critical path: the entry points or critical components that reach it. */
  criticalRoots: Map<string, string[]>;
  /** The blast radius of a component (computed on first use from the reachability bitsets). */
  blastOf(id: string): BlastRadius;
  replication: Map<string, Replication>;
  spof: Map<string, { spof: boolean; reasons: string[] }>;
  resilience: Map<string, FlowResilience>;
}

const cache = new WeakMap<ModelIndex, ReliabilityCore>();
const NOT_OURS = new Set(['client', 'external']);
const CLUSTERED_IMAGE = /(patroni|cockroach|galera|cluster|sentinel|spilo|stolon|vitess|yugabyte|crunchy|zalando|percona-xtradb|cassandra|scylla|etcd)/i;
const REPLICATION_ENV = /(REPLICATION_MODE|REPLICA_OF|REPLICAOF|MASTER_HOST|PRIMARY_HOST|SENTINEL|CLUSTER_ENABLED|REPLICATION_USER)/i;

/** The reliability facts of a model (cached per index). */
export function reliabilityCore(index: ModelIndex): ReliabilityCore {
  let core = cache.get(index);
  if (!core) {
    core = computeCore(index);
    cache.set(index, core);
  }
  return core;
}

function computeCore(index: ModelIndex): ReliabilityCore {
  const exposure = exposureOf(index);
  const entryPoints = new Set(exposure.entryPoints.keys());
  const roots = index.model.components.filter((component) => entryPoints.has(component.id) || (atLeastHigh(component.criticality) && !NOT_OURS.has(component.kind)));
  const criticalRoots = new Map<string, string[]>();
  for (const root of roots) {
    const queue = [root.id];
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i];
      const list = criticalRoots.get(id);
      if (list) list.push(root.id);
      else criticalRoots.set(id, [root.id]);
      for (const flow of index.syncOut.get(id) ?? []) if (!seen.has(flow.to)) { seen.add(flow.to); queue.push(flow.to); }
    }
  }
  const criticalPath = new Set(criticalRoots.keys());
  const callers = callerSets(index);
  const blastCache = new Map<string, BlastRadius>();
  const blastOf = (id: string): BlastRadius => {
    let radius = blastCache.get(id);
    if (!radius) {
      const components = callers(id).filter((caller) => index.byId.get(caller)?.properties?.synthetic !== true);
      radius = { components, entryPoints: [id, ...components].filter((candidate) => entryPoints.has(candidate)) };
      blastCache.set(id, radius);
    }
    return radius;
  };
  const replication = new Map<string, Replication>();
  const spof = new Map<string, { spof: boolean; reasons: string[] }>();
  for (const component of index.model.components) {
    const replicas = replicationOf(component);
    replication.set(component.id, replicas);
    const onPath = criticalPath.has(component.id);
    // Only components that can be single points of failure need their blast radius now.
    const radius = onPath && replicas.count !== undefined && replicas.count < 2 ? blastOf(component.id) : { components: [], entryPoints: [] };
    spof.set(component.id, judgeSpof(component, replicas, onPath, radius));
  }
  const resilience = new Map<string, FlowResilience>();
  for (const flow of index.model.flows) {
    if (index.byId.has(flow.from) && index.byId.has(flow.to) && !undeployedFlow(flow, (id) => index.byId.get(id))) resilience.set(flow.id, flowResilience(index, flow));
  }
  return { criticalPath, criticalRoots, blastOf, replication, spof, resilience };
}

/**
 * Everything that calls each component synchronously, directly or through others: strongly connected
 * components (iterative Tarjan) condensed to a DAG, then one bitset of callers per component built in
 * topological order. Members of a cycle call each other.
 */
function callerSets(index: ModelIndex): (id: string) => string[] {
  const ids = index.model.components.map((component) => component.id);
  const position = new Map(ids.map((id, i) => [id, i]));
  const successors: number[][] = ids.map((id) => (index.syncOut.get(id) ?? []).map((flow) => position.get(flow.to)!).filter((target) => target !== undefined));
  const count = ids.length;
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const scc = new Int32Array(count).fill(-1);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const sccs: number[][] = [];
  let counter = 0;
  for (let root = 0; root < count; root++) {
    if (order[root] !== -1) continue;
    const work: Array<[number, number]> = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root); onStack[root] = 1;
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, edge] = frame;
      if (edge < successors[node].length) {
        frame[1]++;
        const next = successors[node][edge];
        if (order[next] === -1) {
          order[next] = low[next] = counter++;
          stack.push(next); onStack[next] = 1;
          work.push([next, 0]);
        } else if (onStack[next]) low[node] = Math.min(low[node], order[next]);
        continue;
      }
      work.pop();
      if (work.length) low[work[work.length - 1][0]] = Math.min(low[work[work.length - 1][0]], low[node]);
      if (low[node] === order[node]) {
        const members: number[] = [];
        let member: number;
        do { member = stack.pop()!; onStack[member] = 0; scc[member] = sccs.length; members.push(member); } while (member !== node);
        sccs.push(members);
      }
    }
  }
  // Tarjan emits components sinks first; callers come before callees in the reverse order.
  const words = Math.ceil(count / 32) || 1;
  const ancestors = sccs.map(() => new Uint32Array(words));
  const predecessors: Array<Set<number>> = sccs.map(() => new Set<number>());
  for (let node = 0; node < count; node++) for (const next of successors[node]) if (scc[node] !== scc[next]) predecessors[scc[next]].add(scc[node]);
  for (let component = sccs.length - 1; component >= 0; component--) {
    const bits = ancestors[component];
    for (const predecessor of predecessors[component]) {
      const above = ancestors[predecessor];
      for (let word = 0; word < words; word++) bits[word] |= above[word];
      for (const member of sccs[predecessor]) bits[member >>> 5] |= 1 << (member & 31);
    }
  }
  return (id) => {
    const node = position.get(id);
    if (node === undefined) return [];
    const bits = ancestors[scc[node]];
    const out: string[] = [];
    for (let word = 0; word < words; word++) {
      let value = bits[word];
      while (value) {
        const bit = 31 - Math.clz32(value & -value);
        value &= value - 1;
        out.push(ids[(word << 5) + bit]);
      }
    }
    for (const member of sccs[scc[node]]) if (member !== node) out.push(ids[member]);
    return out;
  };
}

/** Replicas of a component as its files deploy it. */
export function replicationOf(component: Component): Replication {
  const properties = component.properties ?? {};
  const kind = String(properties.k8sKind ?? '');
  const budget = properties.podDisruptionBudget as { name?: string } | undefined;
  const autoscaler = properties.autoscaler as { name?: string; minReplicas?: unknown; maxReplicas?: unknown } | undefined;
  const deploy = properties.deploy as { mode?: string } | undefined;
  const failover = failoverOf(component);
  const base = {
    ...(budget ? { disruptionBudget: budget.name ?? 'PodDisruptionBudget' } : {}),
    ...(autoscaler ? { autoscaler: { name: autoscaler.name, minReplicas: num(autoscaler.minReplicas), maxReplicas: num(autoscaler.maxReplicas) } } : {}),
    ...(failover ? { failover } : {}),
  };
  if (NOT_OURS.has(component.kind) || properties.synthetic === true) return { why: `${component.kind}: not deployed by this project`, assumed: false, ...base };
  if (deploymentUnknown(component)) return { why: 'deployment not described: known only from its API description or migrations', assumed: false, ...base };
  if (kind === 'DaemonSet') return { why: 'DaemonSet: one pod per node', assumed: false, ...base };
  if (kind === 'Job' || kind === 'CronJob' || component.kind === 'job') return { why: 'job: runs to completion', assumed: false, ...base };
  if (deploy?.mode === 'global') return { why: 'compose deploy.mode global: one task per node', assumed: false, ...base };
  const minimum = num(autoscaler?.minReplicas);
  if (minimum !== undefined && minimum > (component.replicas ?? 0)) return { count: minimum, why: `HorizontalPodAutoscaler ${autoscaler?.name ?? ''} minReplicas ${minimum}`.replace('  ', ' '), assumed: false, ...base };
  if (component.replicas !== undefined) return { count: component.replicas, why: `replicas: ${component.replicas}`, assumed: false, ...base };
  if (properties.redundant === true) return { count: 2, why: 'Threagile `redundant: true`', assumed: true, ...base };
  return { count: 1, why: 'replicas not declared (Kubernetes and compose run 1)', assumed: true, ...base };
}

/** How a datastore survives losing its instance, when the files say: archbench.yaml `failover`, Threagile `redundant`, a clustered image, replication env. */
export function failoverOf(component: Component): string | undefined {
  const properties = component.properties ?? {};
  if (properties.failover === true || typeof properties.failover === 'string') return `archbench.yaml failover${typeof properties.failover === 'string' ? `: ${properties.failover}` : ''}`;
  if (properties.redundant === true) return 'Threagile `redundant: true`';
  if (component.image && CLUSTERED_IMAGE.test(component.image)) return `clustered image ${component.image}`;
  const variable = (component.env ?? []).find((candidate) => REPLICATION_ENV.test(candidate.name));
  if (variable) return `env:${variable.name}`;
  return undefined;
}

function judgeSpof(component: Component, replicas: Replication, onCriticalPath: boolean, radius: BlastRadius): { spof: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (replicas.count === undefined) return { spof: false, reasons: [replicas.why] };
  const single = replicas.count < 2 && !replicas.failover;
  reasons.push(replicas.count < 2 ? (replicas.assumed ? `1 replica (${replicas.why})` : `${replicas.count} replica (${replicas.why})`) : `${replicas.count} replicas (${replicas.why})`);
  if (String(component.properties?.k8sKind ?? '').match(/^(Deployment|StatefulSet)$/) && !replicas.disruptionBudget) reasons.push('no PodDisruptionBudget');
  if (isStore(component)) reasons.push(replicas.failover ? `failover: ${replicas.failover}` : 'no failover or replication declared');
  if (onCriticalPath) reasons.push(radius.entryPoints.length ? `on the critical path of ${radius.entryPoints.length} entry point${radius.entryPoints.length === 1 ? '' : 's'} (${radius.entryPoints.slice(0, 5).join(', ')})` : 'on a critical path');
  else reasons.push('not on the path of an entry point or critical component');
  return { spof: single && onCriticalPath, reasons };
}

function num(value: unknown): number | undefined {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
  return parsed !== undefined && Number.isFinite(parsed) ? parsed : undefined;
}
