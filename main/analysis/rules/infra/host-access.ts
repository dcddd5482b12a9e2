/**
 * What a container reaches on its host: host namespaces, the container runtime socket, sensitive
 * host paths and node ports bound directly. Kubernetes and compose alike.
 */
import type { SourceLocation } from '../../../../shared/model/model.js';
import { asArray, asNumber, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeContainer, describeObject, infraIndex, type ComposeService, type Workload } from './manifests.js';

const HOST_NAMESPACES: Record<string, string> = {
  hostNetwork: 'the node\'s network stack (every interface, localhost services, no NetworkPolicy)',
  hostPID: 'every process on the node',
  hostIPC: 'the node\'s shared memory and IPC',
};
const COMPOSE_NAMESPACES: Record<string, string> = {
  network_mode: 'the host\'s network stack (every interface and localhost service)',
  pid: 'every process on the host',
  ipc: 'the host\'s shared memory and IPC',
  uts: 'the host\'s hostname and domain name',
};

const RUNTIME_SOCKET = /^\/(var\/)?run\/(docker|containerd\/containerd|crio\/crio|podman\/podman|k3s\/containerd\/containerd|cri-dockerd)\.sock$/;
const SENSITIVE_PATHS = ['/', '/etc', '/proc', '/sys', '/boot', '/dev', '/root', '/run', '/var/run', '/var/lib/docker', '/var/lib/kubelet',
  '/var/lib/containerd', '/lib', '/usr', '/bin', '/sbin'];
/** Paths under a sensitive directory that are commonly mounted and harmless. */
const HARMLESS_PATHS = new Set(['/etc/localtime', '/etc/timezone', '/dev/shm', '/usr/share/zoneinfo']);

export const hostNamespace: Rule = {
  id: 'sec.host-namespace',
  title: 'Container shares a host namespace',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 653,
  rationale: 'Sharing the host\'s network, PID or IPC namespace removes the isolation between the container and the host: it can reach '
    + 'services bound to the host\'s localhost, sniff or bind host ports, signal or inspect every process, and read shared memory. With '
    + 'the host network, NetworkPolicies do not apply to it.',
  remediation: 'Kubernetes: remove `hostNetwork`, `hostPID` and `hostIPC` (publish ports through a Service). Compose: remove '
    + '`network_mode: host`, `pid: host`, `ipc: host` and `uts: host`; publish the ports the service needs.',
  references: [DOCS.podSecurityStandards, DOCS.composeNetworkMode, DOCS.composePid, DOCS.owaspDocker, DOCS.cisDocker],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => Object.keys(HOST_NAMESPACES).map((field): RuleHit | undefined =>
      workload.podSpec[field] !== true ? undefined : {
        message: `${describeObject(workload)} sets ${field}: its pods share ${HOST_NAMESPACES[field]}.`,
        location: workload.atPod([field]), element: workload.element, key: field,
      }));
    const compose = index.composeServices.flatMap((service) => Object.keys(COMPOSE_NAMESPACES).map((field): RuleHit | undefined =>
      asString(service.value[field]) !== 'host' ? undefined : {
        message: `Compose service ${service.name} sets ${field}: host, sharing ${COMPOSE_NAMESPACES[field]}.`,
        location: service.at([field]), element: service.element, key: field,
      }));
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const dockerSocketMounted: Rule = {
  id: 'sec.docker-socket-mounted',
  title: 'Container runtime socket mounted into a container',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 250,
  rationale: 'The Docker (or containerd, CRI-O, Podman) socket is an unauthenticated root API: whoever can write to it starts a privileged '
    + 'container with the host\'s filesystem mounted. Mounting it into a container makes any compromise of that container a compromise '
    + 'of the host, even read-only.',
  remediation: 'Do not mount the runtime socket. Use a socket proxy that allows only the API calls needed (read-only events, for '
    + 'instance), or a purpose-built integration (the Kubernetes API with narrow RBAC, rootless builders).',
  references: [DOCS.dockerDaemonAttackSurface, DOCS.hostPath, DOCS.owaspDocker, DOCS.cisDocker],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement([
      ...index.workloads.flatMap((workload) => hostPathVolumes(workload).filter((volume) => RUNTIME_SOCKET.test(volume.path)).map((volume): RuleHit => ({
        message: `${describeObject(workload)} mounts the container runtime socket ${volume.path} (volume ${volume.name}): a compromise of the pod is root on the node.`,
        location: volume.location, element: workload.element, key: volume.path,
      }))),
      ...index.composeServices.flatMap((service) => bindMounts(service).filter((mount) => RUNTIME_SOCKET.test(mount.source)).map((mount): RuleHit => ({
        message: `Compose service ${service.name} mounts the container runtime socket ${mount.source}: a compromise of it is root on the Docker host.`,
        location: mount.location, element: service.element, key: mount.source,
      }))),
    ]);
  },
};

export const sensitiveHostPath: Rule = {
  id: 'sec.sensitive-host-path',
  title: 'Sensitive host path mounted into a container',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 668,
  rationale: 'Mounting host system directories (/, /etc, /proc, /sys, /dev, /root, /var/run, /var/lib/kubelet, ...) gives the container '
    + 'the host\'s credentials, configuration, devices and other containers\' data; written to, they are a direct path to host compromise. '
    + 'Read-only mounts still leak secrets and are reported at medium severity.',
  remediation: 'Mount only the specific file or directory the workload needs, read-only, or replace the mount with a ConfigMap, Secret, '
    + 'volume or API. Agents that need host access (log shippers, node exporters) belong in a dedicated, reviewed namespace.',
  references: [DOCS.hostPath, DOCS.podSecurityStandards, DOCS.composeVolumes, DOCS.owaspDocker],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement([
      ...index.workloads.flatMap((workload) => hostPathVolumes(workload).filter((volume) => sensitive(volume.path)).map((volume): RuleHit => ({
        message: `${describeObject(workload)} mounts host path ${volume.path} (volume ${volume.name}${volume.readOnly ? ', read-only' : ''}).`,
        location: volume.location, element: workload.element, key: volume.path, severity: volume.readOnly ? 'medium' : undefined,
      }))),
      ...index.composeServices.flatMap((service) => bindMounts(service).filter((mount) => sensitive(mount.source)).map((mount): RuleHit => ({
        message: `Compose service ${service.name} mounts host path ${mount.source}${mount.readOnly ? ' read-only' : ''}.`,
        location: mount.location, element: service.element, key: mount.source, severity: mount.readOnly ? 'medium' : undefined,
      }))),
    ]);
  },
};

export const hostPort: Rule = {
  id: 'sec.host-port',
  title: 'Container binds a port on the node',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 668,
  rationale: 'A hostPort opens the port on the node\'s own interfaces, bypassing the Service and, with most network plugins, '
    + 'NetworkPolicies; it also limits scheduling to one such pod per node.',
  remediation: 'Remove `hostPort` and expose the container through a Service (ClusterIP behind an Ingress, or a LoadBalancer).',
  references: [DOCS.configBestPractices, DOCS.podSecurityStandards],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.flatMap((workload) => workload.containers.flatMap((container) =>
      asArray(container.value.ports).map((raw, position): RuleHit | undefined => {
        const port = asNumber(asRecord(raw)?.hostPort);
        if (port === undefined || port === 0) return undefined;
        return {
          message: `${describeContainer(workload, container)} binds hostPort ${port} on its node.`,
          location: container.at(['ports', position]), element: workload.element, key: `${container.name}/${port}`,
        };
      }))));
  },
};

interface HostMount { name: string; path: string; readOnly: boolean; location: SourceLocation }

/** hostPath volumes of a pod, read-only when every container mounts them read-only. */
function hostPathVolumes(workload: Workload): HostMount[] {
  const mounts = [...workload.containers, ...workload.initContainers].flatMap((container) => asArray(container.value.volumeMounts).map((mount) => asRecord(mount) ?? {}));
  return asArray(workload.podSpec.volumes).flatMap((raw, position) => {
    const volume = asRecord(raw) ?? {};
    const path = asString(asRecord(volume.hostPath)?.path);
    if (!path) return [];
    const name = asString(volume.name) ?? `#${position}`;
    const using = mounts.filter((mount) => mount.name === name);
    return [{ name, path: normalize(path), readOnly: using.length > 0 && using.every((mount) => mount.readOnly === true), location: workload.atPod(['volumes', position]) }];
  });
}

/** Bind mounts of a compose service with an absolute host path (short `src:dst[:mode]` and long syntax). */
export function bindMounts(service: ComposeService): Array<{ source: string; readOnly: boolean; location: SourceLocation }> {
  return asArray(service.value.volumes).flatMap((entry, position) => {
    const location = service.at(['volumes', position]);
    const text = asString(entry);
    if (text !== undefined) {
      const [source, , mode] = text.split(':');
      return source.startsWith('/') ? [{ source: normalize(source), readOnly: /(^|,)ro(,|$)/.test(mode ?? ''), location }] : [];
    }
    const record = asRecord(entry) ?? {};
    const source = asString(record.source);
    if (!source?.startsWith('/') || (record.type !== undefined && record.type !== 'bind')) return [];
    return [{ source: normalize(source), readOnly: record.read_only === true, location }];
  });
}

function sensitive(path: string): boolean {
  if (HARMLESS_PATHS.has(path) || RUNTIME_SOCKET.test(path)) return false;
  return SENSITIVE_PATHS.some((root) => path === root || (root !== '/' && path.startsWith(`${root}/`)));
}

function normalize(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.replace(/\/{2,}/g, '/');
}

