/**
 * What a container may do as a process: privileged mode, the user it runs as, privilege escalation
 * through setuid binaries, and a writable root filesystem. Kubernetes and compose alike.
 */
import { asNumber, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeContainer, infraIndex } from './manifests.js';
import { effective, everyContainer, securityLocation, securityOptions, windowsPod } from './security-context.js';

export const privilegedContainer: Rule = {
  id: 'sec.privileged-container',
  title: 'Container runs privileged',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 250,
  rationale: 'A privileged container has every capability, sees every host device and runs without seccomp or AppArmor confinement: '
    + 'whoever gets code execution in it (a vulnerable dependency, an injected command) is root on the node or Docker host.',
  remediation: 'Remove `privileged: true`. Grant only the specific capability or device the workload needs (`capabilities.add`, '
    + '`devices`), and isolate the few workloads that truly need privilege (CNI, storage drivers) in their own namespace and nodes.',
  references: [DOCS.securityContext, DOCS.podSecurityStandards, DOCS.composePrivileged, DOCS.owaspDocker, DOCS.cisKubernetes],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => everyContainer(workload).map((container): RuleHit | undefined =>
      container.securityContext.privileged !== true ? undefined : {
        message: `${describeContainer(workload, container)} runs privileged: a compromise of it is root on the node.`,
        location: container.at(['securityContext', 'privileged']),
        element: workload.element,
        key: container.name,
      }));
    const compose = index.composeServices.map((service): RuleHit | undefined => service.value.privileged !== true ? undefined : {
      message: `Compose service ${service.name} runs privileged: a compromise of it is root on the Docker host.`,
      location: service.at(['privileged']),
      element: service.element,
    });
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const runAsRoot: Rule = {
  id: 'sec.run-as-root',
  title: 'Container may run as root',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 250,
  rationale: 'A process running as UID 0 in the container is root on the host as far as the kernel is concerned (without user '
    + 'namespaces): a container escape, a writable host mount or a kernel bug turns into full host compromise. Without `runAsNonRoot` '
    + 'or a `user`, the image\'s USER decides, and most images default to root. (Some official database images start as root and '
    + 'step down to their own user themselves; setting the user explicitly still makes that visible and enforced.)',
  remediation: 'Kubernetes: set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` (pod or container level). Compose: set '
    + '`user: "<uid>:<gid>"`. Build images with a non-root USER.',
  references: [DOCS.securityContext, DOCS.podSecurityStandards, DOCS.composeUser, DOCS.owaspDocker, DOCS.cisDocker],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.filter((workload) => !windowsPod(workload)).flatMap((workload) => everyContainer(workload).map((container): RuleHit | undefined => {
      const user = asNumber(effective(workload, container, 'runAsUser'));
      if (user === 0) {
        return {
          message: `${describeContainer(workload, container)} runs as UID 0 (root).`,
          location: securityLocation(workload, container, 'runAsUser'),
          element: workload.element, key: container.name, severity: 'high',
        };
      }
      if (effective(workload, container, 'runAsNonRoot') === true || user !== undefined) return undefined;
      return {
        message: `${describeContainer(workload, container)} sets neither runAsNonRoot: true nor a runAsUser: it runs as whatever user its image names, root for most images.`,
        location: securityLocation(workload, container, 'runAsNonRoot'),
        element: workload.element, key: container.name,
      };
    }));
    const compose = index.composeServices.map((service): RuleHit | undefined => {
      const user = asString(service.value.user);
      if (user === undefined) {
        return {
          message: `Compose service ${service.name} sets no user: it runs as its image's default user, root for most images.`,
          location: service.location, element: service.element, severity: 'low',
        };
      }
      if (!/^(root|0)(:.*)?$/.test(user.trim())) return undefined;
      return {
        message: `Compose service ${service.name} runs as root (user: ${user}).`,
        location: service.at(['user']), element: service.element,
      };
    });
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const privilegeEscalationAllowed: Rule = {
  id: 'sec.privilege-escalation-allowed',
  title: 'Container allows privilege escalation',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 269,
  rationale: 'Unless `no_new_privs` is set, a process in the container can gain privileges through setuid or setcap binaries (sudo, su, '
    + 'ping in some images) or file capabilities: an attacker with a foothold as a non-root user becomes root in the container.',
  remediation: 'Kubernetes: set `securityContext.allowPrivilegeEscalation: false` on every container. Compose: add '
    + '`security_opt: ["no-new-privileges:true"]`.',
  references: [DOCS.securityContext, DOCS.podSecurityStandards, DOCS.composeSecurityOpt, DOCS.owaspDocker],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.filter((workload) => !windowsPod(workload)).flatMap((workload) => everyContainer(workload).map((container): RuleHit | undefined =>
      container.securityContext.allowPrivilegeEscalation === false ? undefined : {
        message: `${describeContainer(workload, container)} does not set allowPrivilegeEscalation: false: setuid binaries can make it root.`,
        location: securityLocation(workload, container, 'allowPrivilegeEscalation'),
        element: workload.element, key: container.name,
      }));
    const compose = index.composeServices.map((service): RuleHit | undefined => {
      const option = securityOptions(service).find((entry) => entry.option === 'no-new-privileges');
      if (option && option.value !== 'false') return undefined;
      return {
        message: `Compose service ${service.name} does not set no-new-privileges: setuid binaries can make it root.`,
        location: option ? service.at(['security_opt', option.index]) : service.value.security_opt !== undefined ? service.at(['security_opt']) : service.location,
        element: service.element, severity: 'low',
      };
    });
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const writableRootFilesystem: Rule = {
  id: 'sec.writable-root-filesystem',
  title: 'Container root filesystem is writable',
  category: 'security',
  severity: 'low',
  stride: 'T',
  cwe: 732,
  rationale: 'A writable root filesystem lets an attacker who gets code execution drop tools, modify binaries and configuration, and '
    + 'persist across process restarts within the container; a read-only one also makes the container\'s real writable paths explicit.',
  remediation: 'Kubernetes: set `securityContext.readOnlyRootFilesystem: true` and mount emptyDir volumes where the application writes '
    + '(/tmp, caches). Compose: set `read_only: true` with `tmpfs` for scratch paths.',
  references: [DOCS.securityContext, DOCS.composeReadOnly, DOCS.owaspDocker, DOCS.cisDocker],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.filter((workload) => !windowsPod(workload)).flatMap((workload) => everyContainer(workload).map((container): RuleHit | undefined =>
      container.securityContext.readOnlyRootFilesystem === true ? undefined : {
        message: `${describeContainer(workload, container)} has a writable root filesystem (readOnlyRootFilesystem is not true).`,
        location: securityLocation(workload, container, 'readOnlyRootFilesystem'),
        element: workload.element, key: container.name,
      }));
    const compose = index.composeServices.map((service): RuleHit | undefined => service.value.read_only === true ? undefined : {
      message: `Compose service ${service.name} has a writable root filesystem (read_only is not true).`,
      location: service.value.read_only !== undefined ? service.at(['read_only']) : service.location,
      element: service.element,
    });
    return oncePerElement([...kubernetes, ...compose]);
  },
};
