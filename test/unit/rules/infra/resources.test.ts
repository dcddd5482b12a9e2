// Resource rules: requests, memory and CPU limits (Kubernetes and compose), unbounded emptyDir volumes.
import { describe, expect, it } from 'vitest';
import { cpuLimitUnset, ephemeralStorageUnbounded, memoryLimitUnset, resourceRequestsUnset } from '../../../../main/analysis/rules/infra/resources.js';
import { at, edit, GOOD_COMPOSE, GOOD_K8S, none, only } from './support.js';

const REQUESTS = `            requests:
              cpu: 100m
              memory: 128Mi
`;
const LIMIT_RANGE = `---
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: shop
spec:
  limits:
    - type: Container
      default:
        cpu: 500m
        memory: 256Mi
      defaultRequest:
        cpu: 100m
        memory: 128Mi
`;

describe('infra.resource-requests-unset', () => {
  it('reports a container without requests, at its resources', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, REQUESTS, '') };
    const finding = only(resourceRequestsUnset, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '          resources:'));
    expect(finding.message).toContain('container web of Deployment shop/api has no CPU request and memory request');
  });

  it('is silent with requests, or with a LimitRange that defaults them', () => {
    none(resourceRequestsUnset, { 'shop.yaml': GOOD_K8S });
    none(resourceRequestsUnset, { 'shop.yaml': edit(GOOD_K8S, REQUESTS, '') + LIMIT_RANGE });
  });
});

describe('infra.memory-limit-unset', () => {
  it('reports a Kubernetes container without a memory limit, at its resources', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '              memory: 256Mi\n', '') };
    expect(only(memoryLimitUnset, files)).toMatchObject({ severity: 'medium', location: at(files, 'shop.yaml', '          resources:') });
  });

  it('reports a compose service without one at low severity, at deploy.resources', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, '          memory: 256M\n', '') };
    const finding = only(memoryLimitUnset, files);
    expect(finding).toMatchObject({ severity: 'low', element: 'api', location: at(files, 'docker-compose.yml', '      resources:', 1) });
  });

  it('is silent with limits, mem_limit or a LimitRange default', () => {
    none(memoryLimitUnset, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
    none(memoryLimitUnset, { 'docker-compose.yml': 'services:\n  api:\n    image: app:1\n    mem_limit: 512m\n' });
    none(memoryLimitUnset, { 'shop.yaml': edit(GOOD_K8S, '              memory: 256Mi\n', '') + LIMIT_RANGE });
  });
});

describe('infra.cpu-limit-unset', () => {
  it('reports a Kubernetes container without a CPU limit, at its resources', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '              cpu: 500m\n', '') };
    expect(only(cpuLimitUnset, files)).toMatchObject({ severity: 'low', location: at(files, 'shop.yaml', '          resources:') });
  });

  it('reports a compose service without one as info', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, '          cpus: "1"\n', '') };
    expect(only(cpuLimitUnset, files)).toMatchObject({ severity: 'info', location: at(files, 'docker-compose.yml', '      resources:', 1) });
  });

  it('is silent with CPU limits', () => {
    none(cpuLimitUnset, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('infra.ephemeral-storage-unbounded', () => {
  const withScratch = (emptyDir: string) => edit(GOOD_K8S, `      volumes:
`, `      volumes:
        - name: scratch
          emptyDir: ${emptyDir}
`);

  it('reports an emptyDir without sizeLimit, at the volume', () => {
    const files = { 'shop.yaml': withScratch('{}') };
    const finding = only(ephemeralStorageUnbounded, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '- name: scratch'));
    expect(finding.message).toContain('emptyDir volume scratch of Deployment api has no sizeLimit');
  });

  it('is silent with a sizeLimit, for memory-backed emptyDirs, and without emptyDirs', () => {
    none(ephemeralStorageUnbounded, { 'shop.yaml': withScratch('{ sizeLimit: 1Gi }') });
    none(ephemeralStorageUnbounded, { 'shop.yaml': withScratch('{ medium: Memory }') });
    none(ephemeralStorageUnbounded, { 'shop.yaml': GOOD_K8S });
  });
});
