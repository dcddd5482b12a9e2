// Kubernetes fixtures: Ingress -> Service -> workload, policies, jobs, Helm templates, Lists and JSON.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, importArtifact } from '../../../main/ingest/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { FIXTURES, memoryContext, projectContext, readProject } from './helpers.js';

describe('kubernetes', () => {
  let model: SystemModel;
  const component = (id: string) => model.components.find((candidate) => candidate.id === id)!;
  beforeAll(() => { model = buildModel(readProject(join(FIXTURES, 'k8s-ingress')), projectContext(join(FIXTURES, 'k8s-ingress'))); });

  it('one component per workload, in its namespace boundary', () => {
    expect(model.components.map((candidate) => candidate.id).sort()).toEqual(['internet', 'nightly-report', 'orders-db', 'storefront']);
    expect(component('storefront')).toMatchObject({
      kind: 'service', replicas: 3, image: 'registry.example.com/storefront:5.2', boundaries: ['namespace:shop'],
      source: { file: 'shop.yaml', line: 11, pointer: '[1].metadata.name' },
      probes: { readiness: { kind: 'http', path: '/ready', port: 8080 } },
      properties: { k8sKind: 'Deployment', namespace: 'shop', resources: { limits: { cpu: '500m', memory: '512Mi' } } },
    });
    expect(component('storefront').env).toContainEqual(expect.objectContaining({ name: 'SESSION_SECRET', valueFrom: 'secretKeyRef:storefront/session' }));
    expect(component('orders-db')).toMatchObject({ kind: 'datastore', replicas: 1 });
    expect(component('nightly-report')).toMatchObject({ kind: 'job', kindReason: 'kubernetes:CronJob', properties: { schedule: '0 3 * * *' } });
    expect(model.trustBoundaries.find((boundary) => boundary.id === 'namespace:shop')).toMatchObject({ kind: 'namespace' });
  });

  it('Ingress -> Service -> workload becomes a flow from the internet', () => {
    expect(component('storefront').internetFacing).toBe(true);
    expect(component('storefront').properties?.exposedBy).toEqual(['ingress:public']);
    const flow = model.flows.find((candidate) => candidate.from === 'internet' && candidate.to === 'storefront');
    expect(flow).toMatchObject({ protocol: 'https', encrypted: true, port: 80, inferredFrom: ['ingress:public'], properties: { hosts: ['shop.example.com'] } });
    expect(component('internet')).toMatchObject({ kind: 'external', properties: { synthetic: true } });
    expect(component('orders-db').internetFacing).toBeUndefined();
  });

  it('resolves Service DNS names (short and fully qualified) in env and args to the workload behind the Service', () => {
    expect(model.flows.find((flow) => flow.from === 'storefront' && flow.to === 'orders-db')).toMatchObject({ protocol: 'postgres', inferredFrom: ['env:DATABASE_URL'] });
    expect(model.flows.find((flow) => flow.from === 'nightly-report' && flow.to === 'orders-db')).toMatchObject({ inferredFrom: ['command'] });
  });

  it('attaches HPA, PDB and NetworkPolicy to the workloads they select', () => {
    expect(component('storefront').properties).toMatchObject({
      autoscaler: { name: 'storefront', minReplicas: 3, maxReplicas: 10 },
      podDisruptionBudget: { name: 'storefront', minAvailable: 2 },
      networkPolicies: [expect.objectContaining({ name: 'web-only-from-ingress', policyTypes: ['Ingress'] })],
    });
    expect(component('orders-db').properties?.networkPolicies).toBeUndefined();
  });

  it('reports an unrendered Helm template once, as info, not as a YAML error', () => {
    const root = join(FIXTURES, 'helm-chart');
    const helm = buildModel(readProject(root), projectContext(root));
    expect(helm.components).toEqual([]);
    expect(helm.diagnostics).toEqual([expect.objectContaining({ file: 'templates/deployment.yaml', code: 'helm.template', severity: 'info', line: 4 })]);
  });

  it('skips kustomization.yaml without a diagnostic', () => {
    const text = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - a.yaml\n';
    const contribution = importArtifact({ path: 'kustomization.yaml', kind: 'kubernetes', detail: 'kustomization', text }, memoryContext({}));
    expect(contribution.diagnostics).toEqual([]);
    expect(contribution.components).toEqual([]);
  });

  it('reads List objects and JSON manifests', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'node-agent', namespace: 'ops' }, spec: { template: { metadata: { labels: { app: 'agent' } }, spec: { hostNetwork: true, containers: [{ name: 'a', image: 'agent:1', securityContext: { privileged: true } }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'agent', namespace: 'ops' }, spec: { type: 'NodePort', selector: { app: 'agent' }, ports: [{ port: 9100, nodePort: 30910 }] } },
    ] };
    const listModel = buildModel([{ path: 'list.json', kind: 'kubernetes', detail: 'json', text: JSON.stringify(list, null, 2) }], memoryContext({}));
    expect(listModel.components).toEqual([expect.objectContaining({
      id: 'node-agent', internetFacing: true, boundaries: ['namespace:ops'],
      properties: expect.objectContaining({ k8sKind: 'DaemonSet', hostNetwork: true, security: expect.objectContaining({ privileged: true }) }),
      source: expect.objectContaining({ file: 'list.json', pointer: '[0].items[0].metadata.name' }),
    })]);
    expect(listModel.components[0].replicas).toBeUndefined();
  });
});
