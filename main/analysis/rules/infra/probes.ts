/**
 * Kubernetes probes: readiness and liveness probes present on long-running containers, not
 * identical to each other, and aimed at a port the container declares.
 */
import { asArray, asNumber, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { listOf, oncePerElement } from './hits.js';
import { describeContainer, infraIndex, servicesSelecting, type Container } from './manifests.js';

export const readinessProbeMissing: Rule = {
  id: 'infra.readiness-probe-missing',
  title: 'Container that serves traffic has no readiness probe',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 754,
  rationale: 'Without a readiness probe a pod counts as ready as soon as its containers start: Services send it requests before the application '
    + 'can answer them, rollouts drop traffic, and a pod that is overloaded or has lost a dependency keeps receiving requests.',
  remediation: 'Add a readinessProbe (httpGet, grpc or tcpSocket) to each container that serves traffic, checking that the application can '
    + 'answer requests. Keep it cheap and independent of downstream services.',
  references: [DOCS.probes, DOCS.configureProbes],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => workload.longRunning).flatMap((workload) => {
      const services = servicesSelecting(index, workload).map((service) => service.name);
      const withPorts = workload.containers.filter((container) => asArray(container.value.ports).length > 0);
      // The containers that serve: those declaring ports; when none does and a Service selects the pod, the main (first) one.
      const serving = withPorts.length ? withPorts : services.length ? workload.containers.slice(0, 1) : [];
      return serving
        .filter((container) => !asRecord(container.value.readinessProbe))
        .map((container): RuleHit => ({
          message: `${describeContainer(workload, container)} has no readiness probe; `
            + (services.length ? `Service ${listOf(services)} sends it traffic as soon as it starts.` : 'it declares ports, so it serves traffic from the moment it starts.'),
          location: container.at([]),
          element: workload.element,
          key: container.name,
        }));
    }));
  },
};

export const livenessProbeMissing: Rule = {
  id: 'infra.liveness-probe-missing',
  title: 'Long-running container has no liveness probe',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 754,
  rationale: 'Without a liveness probe Kubernetes restarts a container only when its process exits. A deadlocked or wedged process that '
    + 'stays up keeps its pod in place, failing every request it gets, until someone notices.',
  remediation: 'Add a livenessProbe that fails only when the process cannot recover by itself (a deadlock, an exhausted worker pool). '
    + 'Give it a higher failureThreshold than the readiness probe so a slow dependency does not trigger restarts.',
  references: [DOCS.probes, DOCS.configureProbes],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => workload.longRunning).flatMap((workload) => workload.containers
      .filter((container) => !asRecord(container.value.livenessProbe))
      .map((container): RuleHit => ({
        message: `${describeContainer(workload, container)} has no liveness probe: a hung process is never restarted.`,
        location: container.at([]),
        element: workload.element,
        key: container.name,
      }))));
  },
};

export const probesIdentical: Rule = {
  id: 'infra.probes-identical',
  title: 'Liveness probe is the same check as the readiness probe',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 754,
  rationale: 'Readiness takes a pod out of the Service; liveness restarts it. When both run the same check with the same tolerance, a pod '
    + 'that is only overloaded or waiting on a dependency is restarted instead of being given time, and restarts under load cascade '
    + 'across replicas.',
  remediation: 'Give the liveness probe a different, cheaper check (process alive, not dependencies), or keep the same endpoint but a '
    + 'clearly higher failureThreshold or periodSeconds than the readiness probe.',
  references: [DOCS.probes, DOCS.configureProbes],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.flatMap((workload) => workload.containers.map((container): RuleHit | undefined => {
      const liveness = asRecord(container.value.livenessProbe);
      const readiness = asRecord(container.value.readinessProbe);
      if (!liveness || !readiness) return undefined;
      const handler = handlerOf(liveness);
      if (!handler || handler !== handlerOf(readiness) || tolerance(liveness) > tolerance(readiness)) return undefined;
      return {
        message: `${describeContainer(workload, container)} runs the same check (${handler}) for liveness and readiness, with no more tolerance `
          + `(${tolerance(liveness)} s of failures before restart): an overloaded pod is restarted instead of taken out of rotation.`,
        location: container.at(['livenessProbe']),
        element: workload.element,
        key: container.name,
        related: [{ ...container.at(['readinessProbe']), message: 'readiness probe' }],
      };
    })));
  },
};

export const probePortNotExposed: Rule = {
  id: 'infra.probe-port-not-exposed',
  title: 'Probe checks a port the container does not declare',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 754,
  rationale: 'A probe aimed at a named port the container does not declare always fails, so the pod never becomes ready (readiness) or is '
    + 'restarted forever (liveness). A numeric port missing from the container\'s ports is usually a typo or a port changed in one place only.',
  remediation: 'Point the probe at a port listed in the container\'s `ports` (by number or by name), or declare the port the application '
    + 'really listens on.',
  references: [DOCS.configureProbes, 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports'],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.flatMap((workload) => workload.containers.flatMap((container) => {
      const hits: RuleHit[] = [];
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const found = probePort(container, probe);
        if (!found) continue;
        const declared = asArray(container.value.ports).map((port) => asRecord(port) ?? {});
        const named = typeof found.port === 'string' && asNumber(found.port) === undefined;
        const exposed = named
          ? declared.some((port) => port.name === found.port)
          : declared.length === 0 || declared.some((port) => asNumber(port.containerPort) === asNumber(found.port));
        if (exposed) continue;
        const ports = declared.map((port) => String(port.name ?? port.containerPort)).join(', ');
        hits.push({
          message: named
            ? `The ${probe} of ${describeContainer(workload, container)} uses port "${found.port}", which the container does not name${ports ? ` (it declares ${ports})` : ''}: the probe always fails.`
            : `The ${probe} of ${describeContainer(workload, container)} checks port ${found.port}, which the container does not declare (it declares ${ports}).`,
          location: container.at([probe, found.handler, 'port']),
          element: workload.element,
          key: `${container.name}/${probe}`,
          severity: named ? 'high' : undefined,
        });
      }
      return hits;
    })));
  },
};

/** The check a probe runs, as comparable text (headers and timings left out). */
function handlerOf(probe: Record<string, unknown>): string | undefined {
  const http = asRecord(probe.httpGet);
  if (http) return `${asString(http.scheme) ?? 'HTTP'} GET ${asString(http.path) ?? '/'} on port ${asString(http.port)}`;
  const tcp = asRecord(probe.tcpSocket);
  if (tcp) return `TCP connect on port ${asString(tcp.port)}`;
  const grpc = asRecord(probe.grpc);
  if (grpc) return `gRPC health${grpc.service ? ` of ${asString(grpc.service)}` : ''} on port ${asString(grpc.port)}`;
  const exec = asRecord(probe.exec);
  if (exec) return `exec ${asArray(exec.command).map(String).join(' ')}`;
  return undefined;
}

/** Seconds of consecutive failures before the probe acts (failureThreshold x periodSeconds, with Kubernetes' defaults). */
function tolerance(probe: Record<string, unknown>): number {
  return (asNumber(probe.failureThreshold) ?? 3) * (asNumber(probe.periodSeconds) ?? 10);
}

function probePort(container: Container, probe: string): { handler: string; port: number | string } | undefined {
  const record = asRecord(container.value[probe]);
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = asRecord(record?.[handler])?.port;
    if (typeof port === 'number' || typeof port === 'string') return { handler, port };
  }
  return undefined;
}
