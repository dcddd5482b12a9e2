/** RBAC objects in the manifests: wildcard grants, cluster-admin bindings and read access to Secrets. */
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { listOf, oncePerElement } from './hits.js';
import { describeObject, infraIndex, type K8sObject } from './manifests.js';

const ROLE_KINDS = new Set(['Role', 'ClusterRole']);
const BINDING_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding']);
const READ_VERBS = new Set(['get', 'list', 'watch', '*']);

export const rbacWildcard: Rule = {
  id: 'sec.rbac-wildcard',
  title: 'Role grants wildcard verbs or resources',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 269,
  rationale: 'A `*` in verbs or resources grants everything the API offers, including resources and verbs added in later releases: '
    + 'escalate, bind and impersonate, Secrets, and pods/exec. A workload holding such a role turns any compromise into control of the '
    + 'namespace or the cluster.',
  remediation: 'List the exact resources and verbs the subject needs; split broad roles into narrow ones.',
  references: [DOCS.rbac, DOCS.rbacGoodPractices, DOCS.cisKubernetes],
  check(context) {
    return oncePerElement(roles(context).flatMap((role) => rulesOf(role).map(({ rule, position }): RuleHit | undefined => {
      const wild = (['verbs', 'resources'] as const).filter((field) => asArray(rule[field]).map(String).includes('*'));
      if (!wild.length) return undefined;
      return {
        message: `${describeObject(role)} grants * in ${listOf(wild)} (rule ${position + 1}: ${describeRule(rule)}).`,
        location: role.at(['rules', position, wild[0]]), element: role.element, key: String(position),
      };
    })));
  },
};

export const clusterAdminBinding: Rule = {
  id: 'sec.rbac-cluster-admin-binding',
  title: 'Binding grants cluster-admin',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 250,
  rationale: 'cluster-admin is superuser over the whole cluster. Bound to a workload\'s service account (or a broad group), any compromise '
    + 'of that workload owns every namespace, Secret and node.',
  remediation: 'Bind a Role or ClusterRole with only the permissions the subject needs, scoped to its namespace with a RoleBinding where '
    + 'possible.',
  references: [DOCS.rbac, DOCS.rbacGoodPractices, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles'],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.objects.filter((object) => BINDING_KINDS.has(object.kind)).map((binding): RuleHit | undefined => {
      const roleRef = asRecord(binding.value.roleRef) ?? {};
      if (asString(roleRef.name) !== 'cluster-admin' || asString(roleRef.kind) !== 'ClusterRole') return undefined;
      const subjects = asArray(binding.value.subjects).map((subject) => {
        const record = asRecord(subject) ?? {};
        return `${asString(record.kind) ?? 'subject'} ${asString(record.namespace) ? `${asString(record.namespace)}/` : ''}${asString(record.name) ?? '?'}`;
      });
      return {
        message: `${describeObject(binding)} grants cluster-admin to ${subjects.length ? listOf(subjects) : 'its subjects'}${binding.kind === 'RoleBinding' ? ` in namespace ${binding.namespace}` : ' across the cluster'}.`,
        location: binding.at(['roleRef', 'name']), element: binding.element,
      };
    }));
  },
};

export const rbacSecretsAccess: Rule = {
  id: 'sec.rbac-secrets-access',
  title: 'Role can read Secrets',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 522,
  rationale: 'get, list or watch on Secrets reads every credential in scope (namespace for a Role, cluster for a ClusterRole): database '
    + 'passwords, API keys, TLS keys and other service accounts\' tokens. `list` and `watch` return the values too, not only names.',
  remediation: 'Grant access to the named Secrets the subject needs (`resourceNames`), or mount them into the pod instead of reading them '
    + 'through the API.',
  references: [DOCS.rbacGoodPractices, DOCS.secretsGoodPractices],
  check(context) {
    return oncePerElement(roles(context).flatMap((role) => rulesOf(role).map(({ rule, position }): RuleHit | undefined => {
      const resources = asArray(rule.resources).map(String);
      const groups = asArray(rule.apiGroups).map(String);
      const verbs = asArray(rule.verbs).map(String).filter((verb) => READ_VERBS.has(verb));
      if (!resources.includes('secrets') || !(groups.includes('') || groups.includes('*')) || !verbs.length || asArray(rule.resourceNames).length) return undefined;
      return {
        message: `${describeObject(role)} may ${listOf(verbs)} every Secret ${role.kind === 'ClusterRole' ? 'in the cluster (where bound cluster-wide)' : `in namespace ${role.namespace}`}.`,
        location: role.at(['rules', position, 'resources']), element: role.element, key: String(position),
      };
    })));
  },
};

function roles(context: Parameters<Rule['check']>[0]): K8sObject[] {
  return infraIndex(context).objects.filter((object) => ROLE_KINDS.has(object.kind));
}

function rulesOf(role: K8sObject): Array<{ rule: Record<string, unknown>; position: number }> {
  return asArray(role.value.rules).map((rule, position) => ({ rule: asRecord(rule) ?? {}, position }));
}

function describeRule(rule: Record<string, unknown>): string {
  const list = (field: string) => asArray(rule[field]).map(String).join(',') || '-';
  return `verbs ${list('verbs')} on ${list('resources')}`;
}
