/** Linux capabilities: NET_RAW kept by default, and dangerous capabilities added. Kubernetes and compose alike. */
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeContainer, infraIndex } from './manifests.js';
import { capabilityNames, everyContainer, securityLocation, windowsPod } from './security-context.js';

/** Capabilities that break container isolation or reach host-wide state. */
const DANGEROUS: Record<string, string> = {
  ALL: 'every capability',
  SYS_ADMIN: 'mount filesystems and most of root\'s powers',
  NET_ADMIN: 'reconfigure interfaces, routes and firewall rules',
  SYS_PTRACE: 'trace and inject into other processes',
  SYS_MODULE: 'load kernel modules',
  SYS_RAWIO: 'raw I/O on devices and memory',
  DAC_READ_SEARCH: 'read any file (open_by_handle_at container escape)',
  BPF: 'load eBPF programs',
  PERFMON: 'kernel performance monitoring',
  SYS_BOOT: 'reboot the host',
  SYS_TIME: 'set the host clock',
  MAC_ADMIN: 'change the MAC (AppArmor / SELinux) policy',
  MAC_OVERRIDE: 'bypass the MAC policy',
  SYSLOG: 'read and clear the kernel log',
};

export const netRawNotDropped: Rule = {
  id: 'sec.net-raw-not-dropped',
  title: 'Container keeps the NET_RAW capability',
  category: 'security',
  severity: 'low',
  stride: 'S',
  cwe: 250,
  rationale: 'Container runtimes grant NET_RAW by default. It lets a compromised container craft raw packets: ARP and DNS spoofing of '
    + 'other pods on the node, and it has been the entry point of several container-escape CVEs. Almost no application needs it.',
  remediation: 'Kubernetes: `securityContext.capabilities.drop: ["ALL"]` (then add back only what is needed). Compose: '
    + '`cap_drop: [ALL]` or at least `[NET_RAW]`.',
  references: [DOCS.capabilities, DOCS.dockerCapabilities, DOCS.owaspKubernetes],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.filter((workload) => !windowsPod(workload)).flatMap((workload) => everyContainer(workload).map((container): RuleHit | undefined => {
      if (container.securityContext.privileged === true) return undefined; // reported as privileged
      const dropped = capabilityNames(asRecord(container.securityContext.capabilities)?.drop);
      if (dropped.includes('ALL') || dropped.includes('NET_RAW')) return undefined;
      return {
        message: `${describeContainer(workload, container)} does not drop NET_RAW (or ALL): it can craft raw packets on the node's network.`,
        location: securityLocation(workload, container, 'capabilities'),
        element: workload.element, key: container.name,
      };
    }));
    const compose = index.composeServices.map((service): RuleHit | undefined => {
      if (service.value.privileged === true) return undefined;
      const dropped = capabilityNames(service.value.cap_drop);
      if (dropped.includes('ALL') || dropped.includes('NET_RAW')) return undefined;
      return {
        message: `Compose service ${service.name} does not drop NET_RAW (or ALL): it can craft raw packets on its networks.`,
        location: service.value.cap_drop !== undefined ? service.at(['cap_drop']) : service.location,
        element: service.element,
      };
    });
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const dangerousCapabilityAdded: Rule = {
  id: 'sec.dangerous-capability-added',
  title: 'Container adds a dangerous capability',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 250,
  rationale: 'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or ALL give a container powers over the host kernel: '
    + 'mounting filesystems, loading modules, tracing processes, rewriting network configuration. Each is a well-known container-escape '
    + 'path when the container is compromised.',
  remediation: 'Remove the capability. If one is truly needed, add only that one to a dedicated, minimal container, drop ALL others, and '
    + 'document why.',
  references: [DOCS.capabilities, DOCS.podSecurityStandards, DOCS.composeCapAdd, DOCS.owaspDocker],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => everyContainer(workload).flatMap((container) =>
      asArray(asRecord(container.securityContext.capabilities)?.add).map((raw, position): RuleHit | undefined => {
        const capability = capabilityNames([raw])[0];
        if (!DANGEROUS[capability]) return undefined;
        return {
          message: `${describeContainer(workload, container)} adds ${capability} (${DANGEROUS[capability]}).`,
          location: container.at(['securityContext', 'capabilities', 'add', position]),
          element: workload.element, key: `${container.name}/${capability}`,
        };
      })));
    const compose = index.composeServices.flatMap((service) => asArray(service.value.cap_add).map((raw, position): RuleHit | undefined => {
      const capability = capabilityNames([asString(raw)])[0];
      if (!DANGEROUS[capability]) return undefined;
      return {
        message: `Compose service ${service.name} adds ${capability} (${DANGEROUS[capability]}).`,
        location: service.at(['cap_add', position]),
        element: service.element, key: capability,
      };
    }));
    return oncePerElement([...kubernetes, ...compose]);
  },
};
