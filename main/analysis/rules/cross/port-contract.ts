/**
 * Ports across artifacts: a Service targetPort that no container of the pods it selects declares (by
 * number or by name), a probe aimed at the Service's port instead of the container's, a compose
 * healthcheck that calls the port published on the host instead of the one inside the container, and
 * compose and Kubernetes describing one component as listening on different ports. A probe on a port
 * its own container does not declare is infra.probe-port-not-exposed; this rule only joins files.
 */
import type { SourceLocation } from '../../../../shared/model/model.js';
import { parsePorts } from '../../../ingest/compose.js';
import { asArray, asNumber, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { oncePerElement } from '../infra/hits.js';
import { describeContainer, describeObject, type ComposeService, type Container } from '../infra/manifests.js';
import { INFRA_REFERENCES as REF, projectObjects, workloadsBehind, type ProjectObjects } from './infra-objects.js';

interface DeclaredPort { number?: number; name?: string; location: SourceLocation }

function containerPorts(container: Container): DeclaredPort[] {
  return asArray(container.value.ports).map((raw, position) => {
    const port = asRecord(raw) ?? {};
    return { number: asNumber(port.containerPort), name: asString(port.name), location: container.at(['ports', position]) };
  });
}

function describePorts(ports: DeclaredPort[]): string {
  return ports.map((port) => (port.name ? `${port.name} (${port.number ?? '?'})` : String(port.number ?? '?'))).join(', ');
}

/** Service targetPorts that no container of a selected workload declares. */
function targetPortHits(objects: ProjectObjects): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const service of objects.ofKind('Service')) {
    const spec = asRecord(service.value.spec) ?? {};
    if (spec.type === 'ExternalName') continue;
    const workloads = workloadsBehind(objects, service);
    asArray(spec.ports).forEach((raw, position) => {
      const port = asRecord(raw) ?? {};
      const target = port.targetPort ?? port.port;
      const named = typeof target === 'string' && asNumber(target) === undefined;
      const number = named ? undefined : asNumber(target);
      if (!named && number === undefined) return;
      for (const workload of workloads) {
        const declared = workload.containers.flatMap(containerPorts);
        const found = named ? declared.some((candidate) => candidate.name === target) : declared.some((candidate) => candidate.number === number);
        // A numeric targetPort reaches a container that lists no ports at all (ports are informational): nothing to compare.
        if (found || (!named && !declared.length)) continue;
        const where = port.targetPort === undefined ? ['spec', 'ports', position] : ['spec', 'ports', position, 'targetPort'];
        const label = `${port.name ? `${String(port.name)} ` : ''}port ${String(port.port ?? target)}`;
        hits.push({
          message: named
            ? `${describeObject(service)} sends its ${label} to targetPort "${String(target)}", and no container of ${describeObject(workload)} has a port of that name`
              + `${declared.length ? ` (they declare ${describePorts(declared)})` : ''}: the pods get no endpoint for this port, so every connection to it fails.`
            : `${describeObject(service)} sends its ${label} to ${port.targetPort === undefined ? 'the same port on the pods (no targetPort)' : `targetPort ${number}`}, `
              + `but the containers of ${describeObject(workload)} declare ${describePorts(declared)}: the Service and the Deployment disagree on the port the application listens on.`,
          location: service.at(where),
          element: service.element,
          key: `${String(port.name ?? port.port ?? position)}:${workload.name}`,
          related: [{ ...(declared[0]?.location ?? workload.containers[0]?.at([]) ?? workload.location), message: `ports of ${describeObject(workload)}` }],
          severity: named ? 'high' : undefined,
        });
      }
    });
  }
  return hits;
}

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];

/** Probes aimed at a selecting Service's `port` when the Service forwards that port to a different targetPort. */
function probeOnServicePortHits(objects: ProjectObjects): RuleHit[] {
  const hits: RuleHit[] = [];
  const services = objects.ofKind('Service');
  for (const workload of objects.index.workloads) {
    const selecting = services.filter((service) => workloadsBehind(objects, service).some((candidate) => candidate.element === workload.element));
    const forwarded = selecting.flatMap((service) => asArray(asRecord(service.value.spec)?.ports).map((raw, position) => {
      const port = asRecord(raw) ?? {};
      return { service, position, port: asNumber(port.port), target: asNumber(port.targetPort) };
    })).filter((entry) => entry.port !== undefined && entry.target !== undefined && entry.port !== entry.target);
    if (!forwarded.length) continue;
    const targets = new Set(forwarded.map((entry) => entry.target));
    for (const container of workload.containers) {
      if (containerPorts(container).length) continue; // infra.probe-port-not-exposed compares with the declared ports
      const configured = containerListenPorts(container);
      for (const probe of PROBES) {
        const record = asRecord(container.value[probe]);
        const handler = ['httpGet', 'tcpSocket', 'grpc'].find((candidate) => asRecord(record?.[candidate])?.port !== undefined);
        const port = handler ? asNumber(asRecord(record![handler])!.port) : undefined;
        if (port === undefined || targets.has(port) || configured.includes(port)) continue; // PORT=80 says the Service is the one that is off
        const entry = forwarded.find((candidate) => candidate.port === port);
        if (!entry) continue;
        hits.push({
          message: `The ${probe} of ${describeContainer(workload, container)} checks port ${port}, which is the port of ${describeObject(entry.service)}; `
            + `the Service forwards it to targetPort ${entry.target} on the pod, so the application listens on ${entry.target} and the probe ${probe === 'livenessProbe' ? 'fails and restarts the container in a loop' : 'never succeeds'}.`,
          location: container.at([probe, handler!, 'port']),
          element: workload.element,
          key: `${container.name}/${probe}`,
          related: [{ ...entry.service.at(['spec', 'ports', entry.position]), message: `${describeObject(entry.service)} port ${port} -> targetPort ${entry.target}` }],
          severity: probe === 'livenessProbe' ? 'high' : undefined,
        });
      }
    }
  }
  return hits;
}

const LOCAL_PORT = /(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):(\d+)/i;
const PORT_VARIABLE = /(^|_)(HTTP_|SERVER_|APP_|LISTEN_)?PORT$/i;

interface ComposePorts { container: number[]; published: Array<{ published: number; target: number; location: SourceLocation }> }

function composePorts(service: ComposeService): ComposePorts {
  const entries = asArray(service.value.ports);
  const bindings = parsePorts(entries, (position) => service.at(['ports', position]));
  const out: ComposePorts = { container: [], published: [] };
  bindings.forEach((binding, position) => {
    if (/\d-\d/.test(String(entries[position] ?? ''))) return; // a port range
    if (binding.containerPort !== undefined) out.container.push(binding.containerPort);
    if (binding.publishedPort !== undefined && binding.containerPort !== undefined) {
      out.published.push({ published: binding.publishedPort, target: binding.containerPort, location: binding.source ?? service.at(['ports']) });
    }
  });
  for (const exposed of asArray(service.value.expose)) {
    const number = asNumber(String(exposed).split('/')[0]);
    if (number !== undefined) out.container.push(number);
  }
  return out;
}

/** Port numbers the service's environment says the application listens on (`PORT=8080`). */
function listenPorts(environment: unknown): number[] {
  const entries = Array.isArray(environment)
    ? environment.map((item) => String(item).split('='))
    : Object.entries(asRecord(environment) ?? {}).map(([name, value]) => [name, String(value)]);
  return entries.filter(([name, value]) => PORT_VARIABLE.test(name) && value !== undefined).map(([, value]) => Number(value)).filter(Number.isFinite);
}

/** Port numbers a Kubernetes container's env says the application listens on. */
function containerListenPorts(container: Container): number[] {
  return listenPorts(Object.fromEntries(asArray(container.value.env).map((raw) => asRecord(raw) ?? {}).map((entry) => [String(entry.name), String(entry.value)])));
}

/** Compose healthchecks that call the host-side (published) port from inside the container. */
function composeHealthcheckHits(objects: ProjectObjects): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const service of objects.index.composeServices) {
    const healthcheck = asRecord(service.value.healthcheck);
    const test = healthcheck?.test;
    const command = Array.isArray(test) ? test.map(String).join(' ') : asString(test);
    const match = command ? LOCAL_PORT.exec(command) : undefined;
    if (!match || service.value.network_mode !== undefined) continue; // host networking: the published mapping does not apply
    const port = Number(match[1]);
    const ports = composePorts(service);
    if (ports.container.includes(port) || listenPorts(service.value.environment).includes(port)) continue;
    const binding = ports.published.find((entry) => entry.published === port && entry.target !== port);
    if (!binding) continue;
    hits.push({
      message: `The healthcheck of ${service.name} calls port ${port}, the port published on the host; the check runs inside the container, where the service `
        + `listens on ${binding.target} (ports "${port}:${binding.target}"): the container is reported unhealthy, and services waiting for it with condition: service_healthy never start.`,
      location: service.at(['healthcheck', 'test']),
      element: service.element,
      key: `healthcheck:${port}`,
      related: [{ ...binding.location, message: `${port} on the host -> ${binding.target} in the container` }],
    });
  }
  return hits;
}

/** Compose and Kubernetes describing the same component as listening on disjoint ports. */
function composeVersusKubernetesHits(objects: ProjectObjects): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = new Set<string>();
  for (const workload of objects.index.workloads) {
    if (seen.has(workload.element) || !workload.component?.origins?.includes('compose')) continue;
    seen.add(workload.element);
    const service = objects.index.composeServices.find((candidate) => candidate.element === workload.element);
    const container = workload.containers[0];
    if (!service || !container) continue;
    const kubernetes = containerPorts(container).filter((port) => port.number !== undefined);
    const compose = composePorts(service).container;
    if (!kubernetes.length || !compose.length || kubernetes.some((port) => compose.includes(port.number!))) continue;
    if (!sameImage(asString(container.value.image), asString(service.value.image))) continue;
    const environment = [...listenPorts(service.value.environment), ...containerListenPorts(container)];
    if (environment.length) continue; // the port is configured per environment
    hits.push({
      message: `${describeContainer(workload, container)} declares port ${describePorts(kubernetes)}, while compose runs ${service.name} listening on ${compose.join(', ')}: `
        + 'one of the two descriptions of the port the application listens on is wrong, and its probes and Services point at a closed port.',
      location: kubernetes[0].location,
      element: workload.element,
      key: 'compose-vs-kubernetes',
      related: [{ ...service.at(['ports']), message: `${service.name} in ${service.file}` }],
    });
  }
  return hits;
}

/** Same repository (registry and tag aside), or one side builds the image. */
function sameImage(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return true;
  const repository = (image: string) => image.split('@')[0].replace(/:[^/:]+$/, '').split('/').pop();
  return repository(a) === repository(b);
}

export const probePortVsServicePort: Rule = {
  id: 'x.probe-port-vs-service-port',
  title: 'Service, probe, container and compose ports disagree',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 1068,
  rationale: 'The port an application listens on is written in several places: the container\'s ports, its probes, the targetPort of each Service '
    + 'that selects it, and compose\'s `ports` and healthcheck. Each file is valid on its own, so per-file linters (kube-linter checks a probe '
    + 'against its own container only) miss the disagreement: a named targetPort no container declares leaves the Service without endpoints, a probe '
    + 'aimed at the Service port instead of the targetPort never passes, and a compose healthcheck that calls the host-side published port fails '
    + 'inside the container.',
  remediation: 'Name the container port (`name: http`) and use that name for the Service targetPort and the probes; in compose, health-check the '
    + 'port the process listens on inside the container (the right-hand side of `ports`), and keep compose and the manifests on the same port.',
  references: [REF.serviceTargetPort, REF.probes, REF.composePorts, REF.composeHealthcheck, REF.cwe(1068)],
  check(context) {
    const objects = projectObjects(context);
    return oncePerElement([
      ...targetPortHits(objects), ...probeOnServicePortHits(objects), ...composeHealthcheckHits(objects), ...composeVersusKubernetesHits(objects),
    ]);
  },
};
