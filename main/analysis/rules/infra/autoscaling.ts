/**
 * HorizontalPodAutoscalers: a target that exists, a floor of at least two pods, and workloads that
 * leave their replica count to the autoscaler.
 */
import { asNumber, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { autoscalerOf, describeObject, infraIndex } from './manifests.js';

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export const hpaTargetMissing: Rule = {
  id: 'infra.hpa-target-missing',
  title: 'HorizontalPodAutoscaler targets a workload that does not exist',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 665,
  rationale: 'An autoscaler whose scaleTargetRef names no workload scales nothing. The workload it was meant for (renamed, or of another '
    + 'kind) runs at its static replica count and cannot absorb load.',
  remediation: 'Point `spec.scaleTargetRef` (apiVersion, kind and name) at the workload to scale, in the autoscaler\'s namespace.',
  references: [DOCS.hpa],
  check(context) {
    const index = infraIndex(context);
    const namespaces = new Set(index.workloads.map((workload) => workload.namespace));
    return oncePerElement(index.objects.filter((object) => object.kind === 'HorizontalPodAutoscaler' && namespaces.has(object.namespace))
      .map((autoscaler): RuleHit | undefined => {
        const target = asRecord(asRecord(autoscaler.value.spec)?.scaleTargetRef) ?? {};
        const kind = asString(target.kind) ?? '';
        const name = asString(target.name) ?? '';
        if (!SCALABLE.has(kind)) return undefined; // custom resources (Argo Rollouts, ...) are not in the model
        const found = index.workloads.some((workload) => workload.namespace === autoscaler.namespace && workload.kind === kind && workload.name === name);
        if (found) return undefined;
        const sameName = index.workloads.find((workload) => workload.namespace === autoscaler.namespace && workload.name === name);
        return {
          message: `${describeObject(autoscaler)} scales ${kind} ${name}, which no manifest defines`
            + (sameName ? ` (there is a ${sameName.kind} of that name).` : '.'),
          location: autoscaler.at(['spec', 'scaleTargetRef', 'name']),
          element: autoscaler.element,
        };
      }));
  },
};

export const hpaMinReplicas: Rule = {
  id: 'infra.hpa-min-replicas',
  title: 'HorizontalPodAutoscaler may scale down to one pod',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 410,
  rationale: 'With minReplicas 1 (the default) the autoscaler removes every redundant pod when load is low: the workload is a single point '
    + 'of failure every night, and a PodDisruptionBudget cannot protect it without blocking drains.',
  remediation: 'Set `spec.minReplicas` to at least 2.',
  references: [DOCS.hpa, DOCS.disruptions],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.objects.filter((object) => object.kind === 'HorizontalPodAutoscaler').map((autoscaler): RuleHit | undefined => {
      const spec = asRecord(autoscaler.value.spec) ?? {};
      const minimum = asNumber(spec.minReplicas) ?? 1;
      if (minimum >= 2) return undefined;
      return {
        message: `${describeObject(autoscaler)} has minReplicas ${spec.minReplicas === undefined ? 'unset (1)' : minimum}: it scales ${asString(asRecord(spec.scaleTargetRef)?.name) ?? 'its target'} down to a single pod.`,
        location: spec.minReplicas === undefined ? autoscaler.at(['spec']) : autoscaler.at(['spec', 'minReplicas']),
        element: autoscaler.element,
      };
    }));
  },
};

export const staticReplicasUnderHpa: Rule = {
  id: 'infra.static-replicas-under-hpa',
  title: 'Workload sets replicas while an autoscaler scales it',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 665,
  rationale: 'When a HorizontalPodAutoscaler manages a workload, a `spec.replicas` in the manifest resets the replica count on every apply '
    + '(kubectl apply, GitOps sync): a workload scaled out under load drops back to the static count in the middle of the peak.',
  remediation: 'Remove `spec.replicas` from workloads an autoscaler manages and let `minReplicas` set the floor.',
  references: [DOCS.hpaMigrating],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.map((workload): RuleHit | undefined => {
      const replicas = asRecord(workload.value.spec)?.replicas;
      const autoscaler = replicas === undefined ? undefined : autoscalerOf(index, workload);
      if (!autoscaler) return undefined;
      return {
        message: `${describeObject(workload)} sets replicas: ${replicas} although ${describeObject(autoscaler)} scales it: every apply resets the autoscaler's count.`,
        location: workload.at(['spec', 'replicas']),
        element: workload.element,
        related: [{ ...autoscaler.location, message: `${describeObject(autoscaler)}` }],
      };
    }));
  },
};
