// System-level security rules: one positive, one negative case and the location of each.
import { describe, expect, it } from 'vitest';
import {
  identityNotPropagated, missingAuthOnConfidentialFlow, missingNetworkSegmentation, plaintextAcrossBoundary, secretsWithoutVault, ssrfProneCall,
  unguardedDatastoreAccess, unguardedInternetAccess,
} from '../../../../main/analysis/rules/system/security.js';
import { at, edit, none, on, only } from './support.js';

const COMPOSE = `services:
  gateway:
    image: nginx:1.27
    ports:
      - "443:8443"
    depends_on: [api]
  api:
    image: shop/api:1.0
    environment:
      PAYMENTS_URL: http://payments:8080
      REDIS_URL: redis://cache:6379/0
  payments:
    image: shop/payments:1.0
  cache:
    image: redis:7
`;

const ARCHBENCH = `components:
  api:
    dataClassification: confidential
`;

describe('sys.unguarded-internet-access', () => {
  it('reports a service whose port is published directly, at the port', () => {
    const files = { 'docker-compose.yml': edit(COMPOSE, '    image: shop/payments:1.0\n', '    image: shop/payments:1.0\n    ports:\n      - "8080:8080"\n') };
    const finding = only(unguardedInternetAccess, files);
    expect(finding).toMatchObject({ element: 'payments', location: at(files, 'docker-compose.yml', '"8080:8080"') });
    expect(finding.message).toContain('reachable from the internet directly (published port 8080)');
  });

  it('is silent for the gateway itself, loopback ports and Ingress exposure', () => {
    none(unguardedInternetAccess, { 'docker-compose.yml': COMPOSE });
    none(unguardedInternetAccess, { 'docker-compose.yml': edit(COMPOSE, '    image: shop/payments:1.0\n', '    image: shop/payments:1.0\n    ports:\n      - "127.0.0.1:8080:8080"\n') });
    none(unguardedInternetAccess, { 'k8s.yaml': k8sWeb({ ingress: true }) });
  });

  it('reports a LoadBalancer Service but not the same workload behind an Ingress', () => {
    const finding = only(unguardedInternetAccess, { 'k8s.yaml': k8sWeb({ loadBalancer: true }) });
    expect(finding.message).toContain('LoadBalancer Service web-external');
  });
});

function k8sWeb(options: { loadBalancer?: boolean; ingress?: boolean; tls?: boolean }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: shop/web:1.0
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: { app: web }
  ports:
    - port: 80
      targetPort: 8080
${options.loadBalancer ? `---
apiVersion: v1
kind: Service
metadata:
  name: web-external
  namespace: shop
spec:
  type: LoadBalancer
  selector: { app: web }
  ports:
    - port: 80
      targetPort: 8080
` : ''}${options.ingress ? `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
${options.tls ? '  tls:\n    - hosts: [shop.example.com]\n      secretName: web-tls\n' : ''}  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
` : ''}`;
}

const CROSS_NAMESPACE = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: shop/api:1.0
          env:
            - name: DATABASE_URL
              value: postgres://db.${namespace}.svc.cluster.local:5432/orders
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: ${namespace}
spec:
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: postgres
          image: postgres:16
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: ${namespace}
spec:
  selector: { app: db }
  ports:
    - port: 5432
`;

describe('sys.unguarded-datastore-access', () => {
  it('reports a datastore called from another namespace, at the variable that names it', () => {
    const files = { 'k8s.yaml': CROSS_NAMESPACE('data') };
    const finding = only(unguardedDatastoreAccess, files);
    expect(finding).toMatchObject({ element: 'api->db', location: at(files, 'k8s.yaml', '- name: DATABASE_URL') });
    expect(finding.message).toContain('across a trust boundary (shop -> data)');
  });

  it('is silent when the datastore is in its caller\'s namespace', () => {
    none(unguardedDatastoreAccess, { 'k8s.yaml': CROSS_NAMESPACE('shop') });
  });
});

describe('sys.missing-auth-confidential-flow', () => {
  it('reports an unauthenticated flow from a confidential service to its cache, at the URL', () => {
    const files = { 'docker-compose.yml': COMPOSE, 'archbench.yaml': ARCHBENCH };
    const finding = on(missingAuthOnConfidentialFlow, files, 'api->cache');
    expect(finding.location).toMatchObject(at(files, 'docker-compose.yml', 'REDIS_URL'));
    expect(finding.message).toContain('no authentication declared or visible');
  });

  it('is silent when the URL carries credentials, or nothing is classified', () => {
    none(missingAuthOnConfidentialFlow, { 'docker-compose.yml': edit(COMPOSE, 'redis://cache:6379/0', 'redis://:s3cret@cache:6379/0'), 'archbench.yaml': ARCHBENCH }, 'api->cache');
    none(missingAuthOnConfidentialFlow, { 'docker-compose.yml': COMPOSE });
  });
});

describe('sys.plaintext-across-boundary', () => {
  it('reports an Ingress without TLS (internet -> web), at the Ingress', () => {
    const files = { 'k8s.yaml': k8sWeb({ ingress: true }) };
    const finding = only(plaintextAcrossBoundary, files);
    expect(finding).toMatchObject({ element: 'internet->web', location: at(files, 'k8s.yaml', '  name: web', 3) });
    expect(files['k8s.yaml'].split('\n')[finding.location.line - 2]).toBe('metadata:');
    expect(files['k8s.yaml'].split('\n')[finding.location.line - 3]).toBe('kind: Ingress');
    expect(finding.message).toContain('over the internet without TLS');
  });

  it('is silent when the Ingress terminates TLS', () => {
    none(plaintextAcrossBoundary, { 'k8s.yaml': k8sWeb({ ingress: true, tls: true }) });
  });
});

const FLAT = `services:
  web:
    image: shop/web:1.0
    ports:
      - "80:8080"
    environment:
      API_URL: http://api:8080
  api:
    image: shop/api:1.0
    environment:
      DATABASE_URL: postgres://db:5432/shop
  db:
    image: postgres:16
`;
const DB_CONFIDENTIAL = 'components:\n  db:\n    dataClassification: confidential\n';

describe('sys.missing-network-segmentation', () => {
  it('reports a confidential datastore sharing the default network with an internet-facing service, at the datastore', () => {
    const files = { 'docker-compose.yml': FLAT, 'archbench.yaml': DB_CONFIDENTIAL };
    const finding = only(missingNetworkSegmentation, files);
    expect(finding).toMatchObject({ element: 'db', location: at(files, 'docker-compose.yml', '  db:') });
    expect(finding.message).toContain('shares network default with web (internet-facing)');
  });

  it('is silent when the datastore has a network of its own with its callers', () => {
    const segmented = `${edit(edit(FLAT, '    image: postgres:16\n', '    image: postgres:16\n    networks: [data]\n'), '      DATABASE_URL: postgres://db:5432/shop\n', '      DATABASE_URL: postgres://db:5432/shop\n    networks: [default, data]\n')}networks:\n  data: {}\n`;
    none(missingNetworkSegmentation, { 'docker-compose.yml': segmented, 'archbench.yaml': DB_CONFIDENTIAL });
  });
});

describe('sys.secrets-without-vault', () => {
  it('reports a literal secret when the system has no secret manager, at the variable', () => {
    const files = { 'docker-compose.yml': edit(COMPOSE, '    image: shop/payments:1.0\n', '    image: shop/payments:1.0\n    environment:\n      PSP_API_KEY: sk_live_123\n') };
    const finding = only(secretsWithoutVault, files);
    expect(finding).toMatchObject({ element: 'payments', location: at(files, 'docker-compose.yml', 'PSP_API_KEY') });
    expect(finding.message).toContain('no vault or secret manager');
  });

  it('is silent when a vault is part of the system, or the value is interpolated', () => {
    const literal = edit(COMPOSE, '    image: shop/payments:1.0\n', '    image: shop/payments:1.0\n    environment:\n      PSP_API_KEY: sk_live_123\n');
    none(secretsWithoutVault, { 'docker-compose.yml': `${literal}  vault:\n    image: hashicorp/vault:1.17\n` });
    none(secretsWithoutVault, { 'docker-compose.yml': edit(COMPOSE, '    image: shop/payments:1.0\n', '    image: shop/payments:1.0\n    environment:\n      PSP_API_KEY: ${PSP_API_KEY}\n') });
  });
});

const API_SPEC = `openapi: 3.0.3
info: { title: Shop API, version: '1' }
x-archbench-component: api
security:
  - bearerAuth: []
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
paths:
  /orders:
    get:
      responses:
        '200': { description: ok }
`;

describe('sys.identity-not-propagated', () => {
  it('reports a downstream call with no credentials from a service that authenticates users, at the URL', () => {
    const files = { 'docker-compose.yml': COMPOSE, 'openapi.yaml': API_SPEC };
    const finding = only(identityNotPropagated, files);
    expect(finding).toMatchObject({ element: 'api->payments', location: at(files, 'docker-compose.yml', 'PAYMENTS_URL') });
    expect(finding.message).toContain('authenticates end users (bearerAuth on GET /orders)');
  });

  it('is silent when archbench.yaml says the user token is forwarded', () => {
    none(identityNotPropagated, {
      'docker-compose.yml': COMPOSE, 'openapi.yaml': API_SPEC,
      'archbench.yaml': 'flows:\n  - from: api\n    to: payments\n    authentication: jwt-forwarded\n',
    });
  });
});

const WEBHOOK_SPEC = `openapi: 3.0.3
info: { title: Hooks, version: '1' }
x-archbench-component: api
paths:
  /webhooks:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                callback_url: { type: string, format: uri }
      responses:
        '201': { description: created }
`;

describe('sys.ssrf-prone-call', () => {
  it('reports a service that takes URLs and calls out over HTTP, at the operation', () => {
    const files = { 'docker-compose.yml': COMPOSE, 'openapi.yaml': WEBHOOK_SPEC };
    const finding = only(ssrfProneCall, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'openapi.yaml', '    post:') });
    expect(finding.message).toContain('body callback_url on POST /webhooks');
    expect(finding.message).toContain('payments');
  });

  it('is silent when its API takes no URL', () => {
    none(ssrfProneCall, { 'docker-compose.yml': COMPOSE, 'openapi.yaml': edit(WEBHOOK_SPEC, 'callback_url: { type: string, format: uri }', 'name: { type: string }') });
  });
});
