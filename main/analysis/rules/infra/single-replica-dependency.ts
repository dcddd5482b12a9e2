/**
 * A single-replica datastore, cache or queue that replicated services depend on: the replicas of
 * the callers buy no availability when what they all call is one pod with no disruption budget.
 */
import type { Component } from '../../../../shared/model/model.js';
import { failoverOf } from '../../../threat/reliability-core.js';
import { asNumber, asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { listOf, oncePerElement } from './hits.js';
import { budgetsSelecting, infraIndex, minimumReplicas, type InfraIndex } from './manifests.js';

const STATEFUL = new Set(['datastore', 'cache', 'queue']);

export const singleReplicaDependency: Rule = {
  id: 'infra.single-replica-dependency',
  title: 'Replicated services depend on a single-replica datastore',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 410,
  rationale: 'Running callers with several replicas is meant to survive the loss of a pod or node. When they all call a datastore, cache '
    + 'or queue that runs one replica with no PodDisruptionBudget, that one pod is the single point of failure of all of them: a node '
    + 'drain, eviction or crash takes every caller down together, whatever their replica count.',
  remediation: 'Run the dependency highly available (a replicated StatefulSet or operator-managed cluster, or a managed service), give it '
    + 'a PodDisruptionBudget, and make the callers degrade gracefully (timeouts, a fallback, a circuit breaker) while it is unavailable.',
  references: [DOCS.disruptions, DOCS.configurePdb, DOCS.statefulSet],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.model.components.filter((component) => STATEFUL.has(component.kind)).map((component): RuleHit | undefined => {
      const own = replicasOf(index, component);
      // One pod here, but failover declared (a managed service with a standby in production, a clustered image): not one point of failure.
      if (!own || own.replicas !== 1 || own.budget || failoverOf(component)) return undefined;
      const dependents = new Map<string, { replicas: number; flows: RuleHit['location'][] }>();
      for (const flow of index.model.flows) {
        if (flow.to !== component.id) continue;
        const caller = index.componentById(flow.from);
        const replicas = caller ? replicasOf(index, caller)?.replicas ?? caller.replicas ?? 1 : 1;
        if (replicas < 2) continue;
        const entry = dependents.get(flow.from) ?? { replicas, flows: [] };
        entry.flows.push(flow.source);
        dependents.set(flow.from, entry);
      }
      if (!dependents.size) return undefined;
      const callers = [...dependents].map(([id, entry]) => `${id} (${entry.replicas} replicas)`);
      return {
        message: `${component.kind === 'datastore' ? 'Datastore' : component.kind === 'cache' ? 'Cache' : 'Queue'} ${component.id} runs a single replica`
          + `${own.kubernetes ? ' with no PodDisruptionBudget' : ''}, and ${listOf(callers)} depend on it: one pod is the single point of failure of all of them.`,
        location: own.location,
        element: component.id,
        related: [...dependents].flatMap(([id, entry]) => entry.flows.map((location) => ({ ...location, message: `${id} calls ${component.id}` }))),
      };
    }));
  },
};

interface Replication { replicas: number; budget: boolean; kubernetes: boolean; location: RuleHit['location'] }

/** Fewest replicas a component runs, from its first Kubernetes workload or compose service. */
function replicasOf(index: InfraIndex, component: Component): Replication | undefined {
  const workload = index.workloads.find((candidate) => candidate.component === component);
  if (workload) {
    const replicas = minimumReplicas(index, workload);
    if (replicas === undefined) return undefined; // DaemonSets, Jobs
    const declared = asRecord(workload.value.spec)?.replicas !== undefined;
    return { replicas, budget: budgetsSelecting(index, workload).length > 0, kubernetes: true, location: declared ? workload.at(['spec', 'replicas']) : workload.location };
  }
  const service = index.composeServices.find((candidate) => candidate.component === component);
  if (!service) return undefined;
  const deploy = asRecord(service.value.deploy);
  if (deploy?.mode === 'global') return undefined;
  const replicas = asNumber(deploy?.replicas) ?? asNumber(service.value.scale) ?? 1;
  return { replicas, budget: false, kubernetes: false, location: deploy?.replicas !== undefined ? service.at(['deploy', 'replicas']) : service.location };
}
