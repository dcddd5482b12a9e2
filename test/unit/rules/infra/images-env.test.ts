// Image references, duplicate environment variables, and single-replica datastores that replicated services depend on.
import { describe, expect, it } from 'vitest';
import { duplicateEnv } from '../../../../main/analysis/rules/infra/env.js';
import { imageLatestTag, imageNotPinned } from '../../../../main/analysis/rules/infra/images.js';
import { singleReplicaDependency } from '../../../../main/analysis/rules/infra/single-replica-dependency.js';
import { at, edit, GOOD_COMPOSE, GOOD_K8S, none, only } from './support.js';

const API_IMAGE = /registry\.example\.com\/shop\/api:1\.4\.2@sha256:[0-9a-f]+/;

describe('infra.image-latest-tag', () => {
  it('reports an untagged image at the image line', () => {
    const files = { 'k8s/shop.yaml': GOOD_K8S.replace(API_IMAGE, 'registry.example.com/shop/api') };
    const finding = only(imageLatestTag, files);
    expect(finding.location).toMatchObject(at(files, 'k8s/shop.yaml', 'image: registry.example.com/shop/api'));
    expect(finding.message).toContain('uses image registry.example.com/shop/api with no tag (so :latest)');
  });

  it('reports :latest in compose', () => {
    const files = { 'docker-compose.yml': GOOD_COMPOSE.replace(API_IMAGE, 'registry.example.com/shop/api:latest') };
    expect(only(imageLatestTag, files).location).toMatchObject(at(files, 'docker-compose.yml', 'image: registry.example.com/shop/api:latest'));
  });

  it('is silent for versioned images, images a kustomization tags, and compose services that build their image', () => {
    none(imageLatestTag, { 'k8s/shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
    none(imageLatestTag, {
      'k8s/shop.yaml': GOOD_K8S.replace(API_IMAGE, 'api'),
      'k8s/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - shop.yaml\nimages:\n  - name: api\n    newTag: 1.4.2\n',
    });
    none(imageLatestTag, { 'docker-compose.yml': 'services:\n  api:\n    build: .\n    image: shop/api:latest\n' });
  });
});

describe('infra.image-not-pinned-by-digest', () => {
  it('reports a tag without digest at the image line', () => {
    const files = { 'k8s/shop.yaml': GOOD_K8S.replace(API_IMAGE, 'registry.example.com/shop/api:1.4.2') };
    expect(only(imageNotPinned, files)).toMatchObject({ severity: 'low', location: at(files, 'k8s/shop.yaml', 'image: registry.example.com/shop/api:1.4.2') });
  });

  it('is silent for digests and for untagged images (reported as latest instead)', () => {
    none(imageNotPinned, { 'k8s/shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
    none(imageNotPinned, { 'k8s/shop.yaml': GOOD_K8S.replace(API_IMAGE, 'registry.example.com/shop/api') });
  });
});

describe('infra.duplicate-env', () => {
  it('reports the second declaration of a Kubernetes variable, with the first as related', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '            - name: DB_PASSWORD_FILE', '            - name: LOG_LEVEL\n              value: debug\n            - name: DB_PASSWORD_FILE') };
    const finding = only(duplicateEnv, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '- name: LOG_LEVEL', 2));
    expect(finding.related?.[0]).toMatchObject(at(files, 'shop.yaml', '- name: LOG_LEVEL', 1));
  });

  it('reports duplicates in a compose environment list', () => {
    const files = { 'docker-compose.yml': 'services:\n  api:\n    image: app:1\n    environment:\n      - MODE=a\n      - MODE=b\n' };
    expect(only(duplicateEnv, files).location).toMatchObject(at(files, 'docker-compose.yml', '- MODE=b'));
  });

  it('is silent without duplicates', () => {
    none(duplicateEnv, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('infra.single-replica-dependency', () => {
  const database = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-db
  namespace: shop
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: orders-db
  template:
    metadata:
      labels:
        app: orders-db
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          ports:
            - containerPort: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: orders-db
  namespace: shop
spec:
  selector:
    app: orders-db
  ports:
    - port: 5432
`;
  const caller = edit(GOOD_K8S, '            - name: LOG_LEVEL', '            - name: DATABASE_URL\n              value: postgres://orders-db:5432/orders\n            - name: LOG_LEVEL');

  it('reports a single-replica datastore three-replica callers use, at its replicas, with the calls as related', () => {
    const files = { 'shop.yaml': caller, 'db.yaml': database(1) };
    const finding = only(singleReplicaDependency, files);
    expect(finding).toMatchObject({ element: 'orders-db', severity: 'high', location: at(files, 'db.yaml', 'replicas: 1') });
    expect(finding.message).toContain('Datastore orders-db runs a single replica with no PodDisruptionBudget, and api (3 replicas) depend on it');
    expect(finding.related).toEqual([expect.objectContaining({ ...at(files, 'shop.yaml', '- name: DATABASE_URL'), message: 'api calls orders-db' })]);
  });

  it('is silent for a replicated datastore, and when no caller is replicated', () => {
    none(singleReplicaDependency, { 'shop.yaml': caller, 'db.yaml': database(2) });
    none(singleReplicaDependency, { 'shop.yaml': caller.replace('replicas: 3', 'replicas: 1'), 'db.yaml': database(1) });
  });

  it('is silent when archbench.yaml declares the datastore\'s failover (one pod locally, a standby in production)', () => {
    none(singleReplicaDependency, {
      'shop.yaml': caller, 'db.yaml': database(1),
      'archbench.yaml': 'components:\n  orders-db:\n    properties:\n      failover: managed PostgreSQL with a synchronous standby\n',
    });
  });
});
