/** Namespaces and service accounts: workloads in `default`, on the default service account, with an API token they may not need. */
import { asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeObject, infraIndex, type InfraIndex, type Workload } from './manifests.js';

export const defaultNamespace: Rule = {
  id: 'sec.default-namespace',
  title: 'Workload in the default namespace',
  category: 'security',
  severity: 'low',
  stride: 'E',
  cwe: 653,
  rationale: 'Namespaces are the unit of RBAC, NetworkPolicy, quotas and Pod Security admission. Workloads in `default` share it with '
    + 'whatever else lands there and usually get none of those controls. A manifest with no namespace at all goes wherever the current '
    + 'kubectl context points (reported as info: Kustomize or `-n` may set it).',
  remediation: 'Put each application in its own namespace (`metadata.namespace`, or Kustomize `namespace:`) with its own policies and '
    + 'quotas.',
  references: [DOCS.namespaces, 'https://kubernetes.io/docs/concepts/security/pod-security-admission/', DOCS.cisKubernetes],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => workload.namespace === 'default').map((workload): RuleHit => ({
      message: workload.namespaceDeclared
        ? `${describeObject(workload)} is in the default namespace.`
        : `${describeObject(workload)} names no namespace: it is created in whatever namespace the kubectl context points at (default unless set).`,
      location: workload.namespaceDeclared ? workload.at(['metadata', 'namespace']) : workload.location,
      element: workload.element,
      severity: workload.namespaceDeclared ? undefined : 'info',
    })));
  },
};

export const defaultServiceAccount: Rule = {
  id: 'sec.default-service-account',
  title: 'Pods use the default service account',
  category: 'security',
  severity: 'low',
  stride: 'E',
  cwe: 1188,
  rationale: 'Every pod without `serviceAccountName` runs as the namespace\'s `default` service account, shared by all of them: any '
    + 'permission granted to it for one workload is granted to all, and RBAC audit cannot tell them apart.',
  remediation: 'Create one ServiceAccount per workload, set `serviceAccountName`, and grant it only what that workload needs (often '
    + 'nothing, with `automountServiceAccountToken: false`).',
  references: [DOCS.serviceAccounts, DOCS.rbacGoodPractices, DOCS.cisKubernetes],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.map((workload): RuleHit | undefined => {
      const name = serviceAccountOf(workload);
      if (name !== 'default') return undefined;
      const written = workload.podSpec.serviceAccountName !== undefined ? 'serviceAccountName' : workload.podSpec.serviceAccount !== undefined ? 'serviceAccount' : undefined;
      return {
        message: `${describeObject(workload)} runs as the default service account${written ? '' : ' (no serviceAccountName)'}, shared with every other pod of namespace ${workload.namespace}.`,
        location: written ? workload.atPod([written]) : workload.atPod([]),
        element: workload.element,
      };
    }));
  },
};

export const serviceAccountTokenAutomount: Rule = {
  id: 'sec.service-account-token-automount',
  title: 'Service account token mounted into pods that may not need it',
  category: 'security',
  severity: 'low',
  stride: 'E',
  cwe: 1188,
  rationale: 'Kubernetes mounts an API token into every pod unless told not to. Most application pods never call the Kubernetes API; for '
    + 'them the token only serves an attacker who gets code execution, who can use it against the API server with whatever the '
    + 'service account may do.',
  remediation: 'Set `automountServiceAccountToken: false` on the pod spec (or on its ServiceAccount), and mount a projected token only in '
    + 'pods that talk to the API.',
  references: [DOCS.automountToken, DOCS.serviceAccounts, DOCS.cisKubernetes],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.map((workload): RuleHit | undefined => {
      const own = workload.podSpec.automountServiceAccountToken;
      if (own === false) return undefined;
      const account = serviceAccountOf(workload);
      if (own === undefined && accountDisablesAutomount(index, workload, account)) return undefined;
      return {
        message: `${describeObject(workload)} mounts the API token of service account ${account}${own === true ? ' (automountServiceAccountToken: true)' : ''}; `
          + 'set automountServiceAccountToken: false unless it calls the Kubernetes API.',
        location: own === true ? workload.atPod(['automountServiceAccountToken']) : workload.atPod([]),
        element: workload.element,
      };
    }));
  },
};

function serviceAccountOf(workload: Workload): string {
  return asString(workload.podSpec.serviceAccountName) ?? asString(workload.podSpec.serviceAccount) ?? 'default';
}

function accountDisablesAutomount(index: InfraIndex, workload: Workload, account: string): boolean {
  return index.unique('ServiceAccount').some((candidate) => candidate.namespace === workload.namespace && candidate.name === account
    && candidate.value.automountServiceAccountToken === false);
}

