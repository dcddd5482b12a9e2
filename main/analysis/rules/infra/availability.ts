/**
 * Kubernetes availability: enough replicas, a PodDisruptionBudget that protects them without
 * blocking node drains, replicas spread over nodes, and rollouts that keep pods serving.
 */
import { asNumber, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { listOf, oncePerElement } from './hits.js';
import {
  autoscalerOf, budgetsSelecting, declaredReplicas, describeObject, emptySelector, infraIndex, minimumReplicas, selects, type Workload,
} from './manifests.js';

const REPLICATED = new Set(['Deployment', 'StatefulSet']);

export const singleReplica: Rule = {
  id: 'infra.single-replica',
  title: 'Workload runs a single replica',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 410,
  rationale: 'A Deployment or StatefulSet with one replica is down whenever its pod is: during every node drain, node failure, eviction, '
    + 'OOM kill or crash loop. A PodDisruptionBudget cannot help a single pod without blocking maintenance.',
  remediation: 'Run at least 2 replicas (3 for anything on the critical path), spread them over nodes, and add a PodDisruptionBudget. For '
    + 'singletons that cannot be replicated (a primary database), document the accepted downtime.',
  references: [DOCS.deployment, DOCS.disruptions],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.map((workload): RuleHit | undefined => {
      const replicas = declaredReplicas(workload);
      if (replicas === undefined || replicas === 0 || replicas >= 2 || autoscalerOf(index, workload)) return undefined;
      if (workload.component?.kind === 'client') return undefined; // load generators and test clients
      const declared = asRecord(workload.value.spec)?.replicas !== undefined;
      return {
        message: `${describeObject(workload)} runs a single replica${declared ? '' : ' (replicas not set, so 1)'}: it is unavailable during every node drain, crash or rollout failure.`,
        location: declared ? workload.at(['spec', 'replicas']) : workload.location,
        element: workload.element,
      };
    }));
  },
};

export const pdbMissing: Rule = {
  id: 'infra.pdb-missing',
  title: 'Replicated workload has no PodDisruptionBudget',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 410,
  rationale: 'Without a PodDisruptionBudget a node drain, cluster upgrade or autoscaler scale-down may evict every replica of a workload at '
    + 'once; the replicas protect only against unplanned failures.',
  remediation: 'Add a PodDisruptionBudget selecting the pods with `maxUnavailable: 1` (or `minAvailable` below the replica count).',
  references: [DOCS.configurePdb, DOCS.disruptions],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => REPLICATED.has(workload.kind)).map((workload): RuleHit | undefined => {
      const replicas = minimumReplicas(index, workload) ?? 0;
      if (replicas < 2 || budgetsSelecting(index, workload).length) return undefined;
      return {
        message: `${describeObject(workload)} runs ${replicas} replicas but no PodDisruptionBudget selects its pods: a node drain may evict all of them at once.`,
        location: workload.location,
        element: workload.element,
      };
    }));
  },
};

export const pdbBlocksEviction: Rule = {
  id: 'infra.pdb-blocks-eviction',
  title: 'PodDisruptionBudget allows no voluntary disruption',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 410,
  rationale: 'A budget with `maxUnavailable: 0`, `minAvailable: 100%` or a minAvailable at least the replica count never lets a pod be '
    + 'evicted: node drains and cluster upgrades hang until someone deletes the budget by hand, which then protects nothing.',
  remediation: 'Allow at least one pod to be disrupted: `maxUnavailable: 1`, or `minAvailable` below the replica count (and run enough '
    + 'replicas for that).',
  references: [DOCS.configurePdb, DOCS.disruptions],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.objects.filter((object) => object.kind === 'PodDisruptionBudget').map((budget): RuleHit | undefined => {
      const spec = asRecord(budget.value.spec) ?? {};
      const selected = index.workloads.filter((workload) => workload.namespace === budget.namespace && REPLICATED.has(workload.kind)
        && !emptySelector(spec.selector) && selects(spec.selector, workload.podLabels));
      const unique = [...new Map(selected.map((workload) => [workload.identity, workload])).values()];
      const replicas = Math.min(...unique.map((workload) => minimumReplicas(index, workload) ?? Infinity));
      let problem: string | undefined;
      let field = 'maxUnavailable';
      if (spec.maxUnavailable !== undefined) {
        if (asNumber(spec.maxUnavailable) === 0 || /^0+%$/.test(asString(spec.maxUnavailable) ?? '')) problem = `maxUnavailable is ${spec.maxUnavailable}`;
      } else if (spec.minAvailable !== undefined) {
        field = 'minAvailable';
        const minimum = spec.minAvailable;
        if (asString(minimum) === '100%') problem = 'minAvailable is 100%';
        else if (asNumber(minimum) !== undefined && Number.isFinite(replicas) && asNumber(minimum)! >= replicas) {
          problem = `minAvailable is ${minimum} and ${listOf(unique.map((workload) => workload.name))} ${unique.length > 1 ? 'run' : 'runs'} ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}`;
        }
      }
      if (!problem) return undefined;
      return {
        message: `${describeObject(budget)} allows no pod to be evicted (${problem}): node drains and upgrades block on it.`,
        location: budget.at(['spec', field]),
        element: budget.element,
      };
    }));
  },
};

export const antiAffinityMissing: Rule = {
  id: 'infra.anti-affinity-missing',
  title: 'Replicas are not spread across nodes',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 410,
  rationale: 'Without pod anti-affinity or topology spread constraints the scheduler may place every replica on the same node or zone; one '
    + 'node failure then takes all of them down and the replica count gives no availability.',
  remediation: 'Add `topologySpreadConstraints` over `kubernetes.io/hostname` (and `topology.kubernetes.io/zone`), or a preferred '
    + '`podAntiAffinity` on the pod labels.',
  references: [DOCS.topologySpread, DOCS.interPodAffinity],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => REPLICATED.has(workload.kind)).map((workload): RuleHit | undefined => {
      const replicas = minimumReplicas(index, workload) ?? 0;
      if (replicas < 2 || spreads(workload)) return undefined;
      return {
        message: `${describeObject(workload)} runs ${replicas} replicas with no pod anti-affinity or topology spread constraint: they may all land on one node.`,
        location: workload.atPod([]),
        element: workload.element,
      };
    }));
  },
};

export const rollingUpdateUnsafe: Rule = {
  id: 'infra.rolling-update-unsafe',
  title: 'Deployment strategy takes every pod down during a rollout',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 410,
  rationale: 'The `Recreate` strategy, or a rolling update whose maxUnavailable covers every replica, stops all old pods before new ones '
    + 'are ready: every deployment is an outage, and a bad image leaves nothing running. (When the strategy is not set, Kubernetes rolls '
    + 'with 25% maxUnavailable and 25% maxSurge, which is safe, so that is not reported.)',
  remediation: 'Use `strategy.type: RollingUpdate` with `maxUnavailable` below the replica count (0 or 1 for small Deployments) and a '
    + 'readiness probe. Keep `Recreate` only where two versions must never run together (a ReadWriteOnce volume), and accept the downtime.',
  references: [DOCS.deploymentStrategy],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => workload.kind === 'Deployment').map((workload): RuleHit | undefined => {
      const strategy = asRecord(asRecord(workload.value.spec)?.strategy) ?? {};
      const replicas = minimumReplicas(index, workload) ?? 1;
      if (replicas === 0) return undefined;
      if (strategy.type === 'Recreate') {
        return {
          message: `${describeObject(workload)} uses the Recreate strategy: every rollout stops all ${replicas === 1 ? 'its pods' : `${replicas} replicas`} before the new ones are ready.`,
          location: workload.at(['spec', 'strategy', 'type']),
          element: workload.element,
        };
      }
      const maxUnavailable = asRecord(strategy.rollingUpdate)?.maxUnavailable;
      const unavailable = unavailableCount(maxUnavailable, replicas);
      if (unavailable === undefined || unavailable < replicas) return undefined;
      return {
        message: `${describeObject(workload)} allows maxUnavailable ${maxUnavailable} with ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}: a rollout may take every pod down at once.`,
        location: workload.at(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']),
        element: workload.element,
      };
    }));
  },
};

export const policySelectsNothing: Rule = {
  id: 'infra.policy-selects-nothing',
  title: 'PodDisruptionBudget or NetworkPolicy selects no pods',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 665,
  rationale: 'A PodDisruptionBudget or NetworkPolicy whose selector matches no workload protects nothing: usually a label was renamed on '
    + 'the workload and not on the policy, so the protection everyone believes in is gone.',
  remediation: 'Make the selector match the pod template labels of the workload it is meant for, or delete the stale object.',
  references: [DOCS.configurePdb, DOCS.networkPolicies],
  check(context) {
    const index = infraIndex(context);
    const namespaces = new Set(index.workloads.map((workload) => workload.namespace));
    return oncePerElement(index.objects.filter((object) => (object.kind === 'PodDisruptionBudget' || object.kind === 'NetworkPolicy')
      && namespaces.has(object.namespace)).map((policy): RuleHit | undefined => {
      const field = policy.kind === 'NetworkPolicy' ? 'podSelector' : 'selector';
      const selector = asRecord(policy.value.spec)?.[field];
      if (emptySelector(selector)) return undefined; // selects every pod (NetworkPolicy) or is a different mistake (PDB)
      if (index.workloads.some((workload) => workload.namespace === policy.namespace && selects(selector, workload.podLabels))) return undefined;
      return {
        message: `${describeObject(policy)} selects no pods: no workload in namespace ${policy.namespace} has the labels it asks for.`,
        location: policy.at(['spec', field]),
        element: policy.element,
      };
    }));
  },
};

function spreads(workload: Workload): boolean {
  const affinity = asRecord(workload.podSpec.affinity);
  return asRecord(affinity?.podAntiAffinity) !== undefined || Array.isArray(workload.podSpec.topologySpreadConstraints)
    && workload.podSpec.topologySpreadConstraints.length > 0;
}

/** maxUnavailable (an int or a percent of `replicas`) as a pod count, rounded down as Kubernetes does. */
function unavailableCount(value: unknown, replicas: number): number | undefined {
  const number = asNumber(value);
  if (number !== undefined) return number;
  const percent = /^(\d+)%$/.exec(asString(value) ?? '');
  return percent ? Math.floor((Number(percent[1]) * replicas) / 100) : undefined;
}
