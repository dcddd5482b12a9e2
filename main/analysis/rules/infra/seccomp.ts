/** Seccomp: explicitly disabled (Kubernetes and compose), or never set on Kubernetes pods (compose gets Docker's default profile). */
import type { SourceLocation } from '../../../../shared/model/model.js';
import { asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { listOf, oncePerElement } from './hits.js';
import { describeContainer, describeObject, infraIndex, type Container, type Workload } from './manifests.js';
import { securityOptions, windowsPod } from './security-context.js';

export const seccompUnconfined: Rule = {
  id: 'sec.seccomp-unconfined',
  title: 'Seccomp is disabled for a container',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 693,
  rationale: 'Seccomp filters the system calls a container may make; the runtime default profile blocks dozens that are only useful for '
    + 'escaping containers or attacking the kernel (keyctl, unshare, mount, bpf, ...). `Unconfined` removes that layer explicitly.',
  remediation: 'Kubernetes: use `seccompProfile.type: RuntimeDefault` (or a Localhost profile that allows what the application needs). '
    + 'Compose: remove `seccomp:unconfined` from `security_opt`, or point it at a custom profile file.',
  references: [DOCS.seccomp, DOCS.dockerSeccomp, DOCS.podSecurityStandards, DOCS.composeSecurityOpt],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => [...workload.containers, ...workload.initContainers].map((container): RuleHit | undefined => {
      const profile = profileOf(workload, container);
      if (profile?.type !== 'unconfined') return undefined;
      return {
        message: `${describeContainer(workload, container)} runs with seccomp Unconfined: every system call reaches the kernel.`,
        location: profile.location, element: workload.element, key: container.name,
      };
    }));
    const compose = index.composeServices.flatMap((service) => securityOptions(service)
      .filter((entry) => entry.option === 'seccomp' && entry.value.toLowerCase() === 'unconfined').map((entry): RuleHit => ({
        message: `Compose service ${service.name} disables seccomp (security_opt seccomp:unconfined).`,
        location: service.at(['security_opt', entry.index]), element: service.element,
      })));
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const seccompProfileUnset: Rule = {
  id: 'sec.seccomp-profile-unset',
  title: 'Pod sets no seccomp profile',
  category: 'security',
  severity: 'low',
  stride: 'E',
  cwe: 693,
  rationale: 'Kubernetes runs containers Unconfined unless a seccomp profile is set (or the kubelet\'s SeccompDefault feature is on), '
    + 'unlike Docker, which applies its default profile. The Restricted Pod Security Standard requires RuntimeDefault or Localhost.',
  remediation: 'Set `securityContext.seccompProfile.type: RuntimeDefault` at pod level.',
  references: [DOCS.seccomp, DOCS.podSecurityStandards],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => !windowsPod(workload)).map((workload): RuleHit | undefined => {
      const unset = [...workload.containers, ...workload.initContainers].filter((container) => !profileOf(workload, container));
      if (!unset.length) return undefined;
      const podContext = workload.podSpec.securityContext !== undefined;
      return {
        message: `${describeObject(workload)} sets no seccomp profile for ${unset.length === workload.containers.length + workload.initContainers.length
          ? 'its pods' : `container${unset.length > 1 ? 's' : ''} ${listOf(unset.map((container) => container.name))}`}: they run Unconfined unless the node defaults to RuntimeDefault.`,
        location: podContext ? workload.atPod(['securityContext']) : workload.atPod([]),
        element: workload.element,
      };
    }));
  },
};

/** The seccomp profile in effect for a container: container field, pod field, then the legacy annotations. */
function profileOf(workload: Workload, container: Container): { type: string; location: SourceLocation } | undefined {
  const own = asString(asRecord(container.securityContext.seccompProfile)?.type);
  if (own) return { type: own.toLowerCase(), location: container.at(['securityContext', 'seccompProfile', 'type']) };
  const pod = asString(asRecord(asRecord(workload.podSpec.securityContext)?.seccompProfile)?.type);
  if (pod) return { type: pod.toLowerCase(), location: workload.atPod(['securityContext', 'seccompProfile', 'type']) };
  for (const key of [`container.seccomp.security.alpha.kubernetes.io/${container.name}`, 'seccomp.security.alpha.kubernetes.io/pod']) {
    const annotation = workload.podAnnotations[key];
    if (annotation) return { type: annotation.toLowerCase() === 'unconfined' ? 'unconfined' : 'annotation', location: workload.atTemplate(['metadata', 'annotations', key]) };
  }
  return undefined;
}
