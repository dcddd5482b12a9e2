// Namespace, service account and RBAC rules.
import { describe, expect, it } from 'vitest';
import { clusterAdminBinding, rbacSecretsAccess, rbacWildcard } from '../../../../main/analysis/rules/infra/rbac.js';
import { defaultNamespace, defaultServiceAccount, serviceAccountTokenAutomount } from '../../../../main/analysis/rules/infra/service-accounts.js';
import { at, edit, GOOD_JOBS, GOOD_K8S, none, only } from './support.js';

const role = (rules: string) => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: api
  namespace: shop
rules:
${rules}`;

describe('sec.default-namespace', () => {
  it('reports namespace: default at that line', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'kind: Deployment\nmetadata:\n  name: api\n  namespace: shop', 'kind: Deployment\nmetadata:\n  name: api\n  namespace: default') };
    expect(only(defaultNamespace, files)).toMatchObject({ severity: 'low', location: at(files, 'shop.yaml', 'namespace: default') });
  });

  it('reports a missing namespace as info, at the workload name', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'kind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n', 'kind: Deployment\nmetadata:\n  name: api\n') };
    expect(only(defaultNamespace, files)).toMatchObject({ severity: 'info', location: at(files, 'shop.yaml', '  name: api', 1) });
  });

  it('is silent for workloads in their own namespace', () => {
    none(defaultNamespace, { 'shop.yaml': GOOD_K8S, 'jobs.yaml': GOOD_JOBS });
  });
});

describe('sec.default-service-account', () => {
  it('reports a pod spec without serviceAccountName, at the pod spec', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '      serviceAccountName: api\n', '') };
    expect(only(defaultServiceAccount, files).location).toMatchObject(at(files, 'shop.yaml', '    spec:'));
  });

  it('reports serviceAccountName: default at that line', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'serviceAccountName: api', 'serviceAccountName: default') };
    expect(only(defaultServiceAccount, files).location).toMatchObject(at(files, 'shop.yaml', 'serviceAccountName: default'));
  });

  it('is silent with a dedicated account', () => {
    none(defaultServiceAccount, { 'shop.yaml': GOOD_K8S, 'jobs.yaml': GOOD_JOBS });
  });
});

describe('sec.service-account-token-automount', () => {
  it('reports a pod that mounts the token of an account that does not opt out, at the pod spec', () => {
    const files = { 'shop.yaml': edit(edit(GOOD_K8S, '      automountServiceAccountToken: false\n', ''), '  namespace: shop\nautomountServiceAccountToken: false\n', '  namespace: shop\n') };
    const finding = only(serviceAccountTokenAutomount, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '    spec:'));
    expect(finding.message).toContain('mounts the API token of service account api');
  });

  it('is silent when the pod or its ServiceAccount opts out', () => {
    none(serviceAccountTokenAutomount, { 'shop.yaml': GOOD_K8S });
    none(serviceAccountTokenAutomount, { 'shop.yaml': edit(GOOD_K8S, '      automountServiceAccountToken: false\n', '') });
  });
});

describe('sec.rbac-wildcard', () => {
  it('reports * verbs at the verbs of the rule', () => {
    const files = { 'shop.yaml': GOOD_K8S + role('  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: ["*"]\n') };
    const finding = only(rbacWildcard, files);
    expect(finding).toMatchObject({ element: 'shop.yaml#Role/shop/api', location: at(files, 'shop.yaml', 'verbs: ["*"]') });
  });

  it('finds RBAC in a file of its own that the kustomization lists', () => {
    const rbac = role('  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: [get]\n').slice(4);
    const files = { 'k8s/shop.yaml': GOOD_K8S, 'k8s/rbac.yaml': rbac, 'k8s/kustomization.yaml': 'resources:\n  - shop.yaml\n  - rbac.yaml\n' };
    expect(only(rbacWildcard, files).location).toMatchObject(at(files, 'k8s/rbac.yaml', 'resources: ["*"]'));
  });

  it('is silent for explicit grants', () => {
    none(rbacWildcard, { 'shop.yaml': GOOD_K8S + role('  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get, list]\n') });
  });
});

describe('sec.rbac-cluster-admin-binding', () => {
  const binding = (roleName: string) => `${GOOD_K8S}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: api-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${roleName}
subjects:
  - kind: ServiceAccount
    name: api
    namespace: shop
`;

  it('reports a binding to cluster-admin at roleRef.name', () => {
    const files = { 'shop.yaml': binding('cluster-admin') };
    const finding = only(clusterAdminBinding, files);
    expect(finding).toMatchObject({ element: 'shop.yaml#ClusterRoleBinding/api-admin', location: at(files, 'shop.yaml', 'name: cluster-admin') });
    expect(finding.message).toBe('ClusterRoleBinding api-admin grants cluster-admin to ServiceAccount shop/api across the cluster.');
  });

  it('is silent for other roles', () => {
    none(clusterAdminBinding, { 'shop.yaml': binding('view') });
  });
});

describe('sec.rbac-secrets-access', () => {
  it('reports read access to every Secret at the rule resources', () => {
    const files = { 'shop.yaml': GOOD_K8S + role('  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get, list]\n') };
    const finding = only(rbacSecretsAccess, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'resources: [secrets]'));
    expect(finding.message).toBe('Role shop/api may get and list every Secret in namespace shop.');
  });

  it('is silent when access is limited to named Secrets', () => {
    none(rbacSecretsAccess, { 'shop.yaml': GOOD_K8S + role('  - apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [api-db]\n    verbs: [get]\n') });
  });
});
