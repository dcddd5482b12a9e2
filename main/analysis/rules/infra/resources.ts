/**
 * Resource requests and limits: Kubernetes containers (unless a LimitRange gives defaults) and
 * compose services, plus node-local scratch space that nothing bounds.
 */
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Severity } from '../../registry.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { listOf, oncePerElement } from './hits.js';
import { composeLongRunning, describeContainer, infraIndex, type ComposeService, type Container, type InfraIndex, type Workload } from './manifests.js';

export const resourceRequestsUnset: Rule = {
  id: 'infra.resource-requests-unset',
  title: 'Container has no CPU or memory request',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 770,
  rationale: 'Requests are what the scheduler reserves. A container without them is scheduled onto nodes that have no room for it, gets '
    + 'the BestEffort or Burstable class and is the first to be evicted or OOM-killed under node pressure; autoscalers that work from '
    + 'utilisation of requests cannot scale it.',
  remediation: 'Set `resources.requests.cpu` and `resources.requests.memory` on every container from observed usage, or give the namespace '
    + 'a LimitRange with `defaultRequest`.',
  references: [DOCS.resources, 'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/'],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.flatMap((workload) => workload.containers.map((container) => {
      const missing = ['cpu', 'memory'].filter((resource) => !has(container, 'requests', resource) && !defaulted(index, workload, 'defaultRequest', resource));
      return missing.length ? containerHit(workload, container, `no ${listOf(missing.map((resource) => `${resource === 'cpu' ? 'CPU' : 'memory'} request`))}`
        + ': the scheduler reserves nothing for it and it is evicted first under node pressure.') : undefined;
    })));
  },
};

export const memoryLimitUnset: Rule = {
  id: 'infra.memory-limit-unset',
  title: 'Container or compose service has no memory limit',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 770,
  rationale: 'A process without a memory limit can take all of its node\'s (or Docker host\'s) memory: a leak or a burst in one service gets '
    + 'its neighbours OOM-killed, or the whole host, instead of only itself.',
  remediation: 'Kubernetes: set `resources.limits.memory` (equal to the request for predictable behaviour), or a LimitRange `default`. '
    + 'Compose: set `deploy.resources.limits.memory` (or `mem_limit`).',
  references: [DOCS.resources, DOCS.composeDeployResources, DOCS.cisDocker],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => workload.containers.map((container) =>
      !has(container, 'limits', 'memory') && !defaulted(index, workload, 'default', 'memory')
        ? containerHit(workload, container, 'no memory limit: a leak takes memory from every other pod on its node.') : undefined));
    const compose = index.composeServices.filter(composeLongRunning).map((service) =>
      composeLimit(service, 'memory') === undefined ? composeHit(service, 'no memory limit (deploy.resources.limits.memory or mem_limit): a leak can exhaust the Docker host.', 'low') : undefined);
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const cpuLimitUnset: Rule = {
  id: 'infra.cpu-limit-unset',
  title: 'Container or compose service has no CPU limit',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 770,
  rationale: 'Without a CPU limit a busy process can use every core it is allowed to see and starve its neighbours. CPU limits also cause '
    + 'throttling, so many teams rely on requests alone; this is reported at low severity for that reason.',
  remediation: 'Kubernetes: set `resources.limits.cpu`, or a LimitRange `default`, where noisy neighbours matter; at least set the CPU '
    + 'request. Compose: set `deploy.resources.limits.cpus` (or `cpus`).',
  references: [DOCS.resources, DOCS.composeDeployResources],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => workload.containers.map((container) =>
      !has(container, 'limits', 'cpu') && !defaulted(index, workload, 'default', 'cpu')
        ? containerHit(workload, container, 'no CPU limit: a busy loop can starve the other pods on its node.') : undefined));
    const compose = index.composeServices.filter(composeLongRunning).map((service) =>
      composeLimit(service, 'cpus') === undefined ? composeHit(service, 'no CPU limit (deploy.resources.limits.cpus or cpus).', 'info') : undefined);
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const ephemeralStorageUnbounded: Rule = {
  id: 'infra.ephemeral-storage-unbounded',
  title: 'emptyDir volume with no size limit',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 770,
  rationale: 'An emptyDir volume lives on the node\'s disk. Without `sizeLimit` or an ephemeral-storage limit on the containers, one pod '
    + 'writing logs, caches or data to it can fill the node\'s disk and get every pod on the node evicted.',
  remediation: 'Set `sizeLimit` on the emptyDir, or `resources.limits.ephemeral-storage` on the containers that write to it; use a '
    + 'PersistentVolume for data that must survive.',
  references: [DOCS.ephemeralStorage, DOCS.emptyDir],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.flatMap((workload) => {
      const bounded = workload.containers.length > 0 && workload.containers.every((container) => has(container, 'limits', 'ephemeral-storage'));
      if (bounded || defaulted(index, workload, 'default', 'ephemeral-storage')) return [];
      return asArray(workload.podSpec.volumes).map((raw, position): RuleHit | undefined => {
        const volume = asRecord(raw) ?? {};
        const emptyDir = asRecord(volume.emptyDir) ?? (volume.emptyDir === null ? {} : undefined);
        if (!emptyDir || emptyDir.sizeLimit !== undefined || emptyDir.medium === 'Memory') return undefined;
        const name = asString(volume.name) ?? `#${position}`;
        return {
          message: `emptyDir volume ${name} of ${workload.kind} ${workload.name} has no sizeLimit and its containers have no ephemeral-storage limit: it can fill the node's disk.`,
          location: workload.atPod(['volumes', position]),
          element: workload.element,
          key: name,
        };
      });
    }));
  },
};

function has(container: Container, group: 'requests' | 'limits', resource: string): boolean {
  return asRecord(asRecord(container.value.resources)?.[group])?.[resource] !== undefined;
}

/** A LimitRange in the workload's namespace gives containers this default. */
function defaulted(index: InfraIndex, workload: Workload, field: 'default' | 'defaultRequest', resource: string): boolean {
  return index.unique('LimitRange').some((range) => range.namespace === workload.namespace && asArray(asRecord(range.value.spec)?.limits)
    .some((limit) => asRecord(limit)?.type === 'Container' && asRecord(asRecord(limit)?.[field])?.[resource] !== undefined));
}

function containerHit(workload: Workload, container: Container, problem: string): RuleHit {
  return {
    message: `${describeContainer(workload, container)} has ${problem}`,
    location: container.value.resources !== undefined ? container.at(['resources']) : container.at([]),
    element: workload.element,
    key: container.name,
  };
}

function composeHit(service: ComposeService, problem: string, severity: Severity): RuleHit {
  return {
    message: `Compose service ${service.name} has ${problem}`,
    location: asRecord(asRecord(service.value.deploy)?.resources) ? service.at(['deploy', 'resources']) : service.location,
    element: service.element,
    severity,
  };
}

/** deploy.resources.limits.<resource>, or the legacy mem_limit / cpus keys. */
function composeLimit(service: ComposeService, resource: 'memory' | 'cpus'): unknown {
  const limits = asRecord(asRecord(asRecord(service.value.deploy)?.resources)?.limits);
  return limits?.[resource] ?? (resource === 'memory' ? service.value.mem_limit : service.value.cpus);
}
