// System-level reliability rules: one positive, one negative case and the location of each.
import { describe, expect, it } from 'vitest';
import {
  connectionBudget, criticalPathUnobserved, publicPathWithoutAutoscaler, retryAmplification, retryOnNonIdempotent, retryWithoutBackoff,
  spofOnCriticalPath, statefulBehindLoadBalancer, syncCallWithoutTimeout,
} from '../../../../main/analysis/rules/system/reliability.js';
import { at, edit, none, on, only } from './support.js';

const COMPOSE = `services:
  gateway:
    image: nginx:1.27
    ports:
      - "443:8443"
    environment:
      API_URL: http://api:8080
      API_TIMEOUT_MS: "3000"
  api:
    image: shop/api:1.0
    environment:
      PAYMENTS_URL: http://payments:8080
  payments:
    image: shop/payments:1.0
    environment:
      PSP_URL: http://psp:8080
      PSP_TIMEOUT: 5s
  psp:
    image: shop/psp-stub:1.0
`;

describe('sys.sync-call-without-timeout', () => {
  it('reports a call with no timeout on the critical path, at the variable that names the callee', () => {
    const files = { 'docker-compose.yml': COMPOSE };
    const finding = only(syncCallWithoutTimeout, files);
    expect(finding).toMatchObject({ element: 'api->payments', severity: 'high', location: at(files, 'docker-compose.yml', 'PAYMENTS_URL') });
    expect(finding.message).toContain('declares no timeout and no retry policy');
    expect(finding.message).toContain('3 calls deep (gateway -> api -> payments -> psp)');
  });

  it('does not count a flow into a browser as a call (a data-flow diagram draws the response that way)', () => {
    const files = { 'archbench.yaml': `components:
  web:
    kind: service
  browser:
    kind: client
  db:
    kind: datastore
flows:
  - { from: browser, to: web, protocol: https }
  - { from: web, to: browser, protocol: https }
  - { from: web, to: db, protocol: postgres }
` };
    on(syncCallWithoutTimeout, files, 'web->db');
    none(syncCallWithoutTimeout, files, 'web->browser');
  });

  it('is silent once the caller declares a timeout for it (env or archbench.yaml)', () => {
    none(syncCallWithoutTimeout, { 'docker-compose.yml': edit(COMPOSE, '      PAYMENTS_URL: http://payments:8080\n', '      PAYMENTS_URL: http://payments:8080\n      PAYMENTS_TIMEOUT_MS: "2000"\n') });
    none(syncCallWithoutTimeout, { 'docker-compose.yml': COMPOSE, 'archbench.yaml': 'flows:\n  - from: api\n    to: payments\n    timeoutMs: 2000\n' });
  });
});

const RETRIES = (retries: string) => `flows:
  - from: api
    to: payments
    timeoutMs: 2000
    retries: ${retries}
`;

describe('sys.retry-without-backoff', () => {
  it('reports retries with no backoff, at the archbench.yaml flow that declares them', () => {
    const files = { 'docker-compose.yml': COMPOSE, 'archbench.yaml': RETRIES('{ count: 3 }') };
    const finding = only(retryWithoutBackoff, files);
    expect(finding).toMatchObject({ element: 'api->payments', location: at(files, 'archbench.yaml', '- from: api') });
  });

  it('is silent with exponential backoff', () => {
    none(retryWithoutBackoff, { 'docker-compose.yml': COMPOSE, 'archbench.yaml': RETRIES('{ count: 3, backoff: exponential, jitter: true }') });
  });
});

const PAYMENTS_SPEC = (idempotency: boolean) => `openapi: 3.0.3
info: { title: Payments, version: '1' }
x-archbench-component: payments
paths:
  /charges:
    post:
${idempotency ? `      parameters:
        - name: Idempotency-Key
          in: header
          required: true
          schema: { type: string }
` : ''}      responses:
        '201': { description: charged }
`;

describe('sys.retry-non-idempotent', () => {
  it('reports retries into a POST without Idempotency-Key, at the retry declaration', () => {
    const files = { 'docker-compose.yml': COMPOSE, 'archbench.yaml': RETRIES('{ count: 2, backoff: exponential }'), 'payments.openapi.yaml': PAYMENTS_SPEC(false) };
    const finding = only(retryOnNonIdempotent, files);
    expect(finding).toMatchObject({ element: 'api->payments', location: at(files, 'archbench.yaml', '- from: api') });
    expect(finding.message).toContain('POST /charges with no Idempotency-Key');
  });

  it('is silent when the POST takes an Idempotency-Key', () => {
    none(retryOnNonIdempotent, { 'docker-compose.yml': COMPOSE, 'archbench.yaml': RETRIES('{ count: 2, backoff: exponential }'), 'payments.openapi.yaml': PAYMENTS_SPEC(true) });
  });
});

const CHAIN = (count: number) => `flows:
  - from: gateway
    to: api
    retries: { count: ${count}, backoff: exponential }
  - from: api
    to: payments
    retries: { count: ${count}, backoff: exponential }
  - from: payments
    to: psp
    retries: { count: ${count}, backoff: exponential }
`;

describe('sys.retry-amplification', () => {
  it('reports a chain whose retries multiply above 8, at the first retrying hop', () => {
    const files = { 'docker-compose.yml': COMPOSE, 'archbench.yaml': CHAIN(3) };
    const finding = only(retryAmplification, files);
    expect(finding).toMatchObject({ element: 'gateway->api', location: at(files, 'archbench.yaml', '- from: gateway') });
    expect(finding.message).toContain('can become 64 calls to psp');
  });

  it('is silent at 2 x 2 x 2 = 8', () => {
    none(retryAmplification, { 'docker-compose.yml': COMPOSE, 'archbench.yaml': CHAIN(1) });
  });
});

const DATASTORE = `services:
  web:
    image: shop/web:1.0
    ports:
      - "80:8080"
    environment:
      DATABASE_URL: postgres://db:5432/shop
  db:
    image: postgres:16
`;

describe('sys.spof-critical-path', () => {
  it('reports the single-replica datastore behind the entry point, with its blast radius', () => {
    const files = { 'docker-compose.yml': DATASTORE };
    const finding = on(spofOnCriticalPath, files, 'db');
    expect(finding.location).toMatchObject(at(files, 'docker-compose.yml', '  db:'));
    expect(finding.message).toContain('When it fails, web fails with it (entry point web)');
    expect(finding.message).toContain('no failover or replication declared');
  });

  it('is silent for replicated components and datastores with failover', () => {
    none(spofOnCriticalPath, {
      'docker-compose.yml': edit(edit(DATASTORE, '    image: shop/web:1.0\n', '    image: shop/web:1.0\n    deploy:\n      replicas: 2\n'), '    image: postgres:16\n', '    image: postgres:16\n    deploy:\n      replicas: 2\n'),
    });
    none(spofOnCriticalPath, { 'docker-compose.yml': DATASTORE, 'archbench.yaml': 'components:\n  db:\n    properties: { failover: patroni }\n' }, 'db');
  });
});

const OBSERVED = (monitored: boolean) => `apiVersion: apps/v1
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
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: LoadBalancer
  selector: { app: web }
  ports:
    - port: 80
      targetPort: 8080
${monitored ? `---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  endpoints:
    - port: http
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: web-alerts
  namespace: shop
spec:
  groups:
    - name: web
      rules:
        - alert: WebErrorRate
          expr: sum(rate(http_requests_total{app="web",code=~"5.."}[5m])) > 1
` : ''}`;

describe('sys.critical-path-unobserved', () => {
  it('reports an entry point with no metrics or alerts, at the workload', () => {
    const files = { 'k8s.yaml': OBSERVED(false) };
    const finding = only(criticalPathUnobserved, files);
    expect(finding).toMatchObject({ element: 'web', location: at(files, 'k8s.yaml', '  name: web', 1) });
    expect(finding.message).toContain('has no metrics and no alerts');
  });

  it('is silent with a ServiceMonitor and a PrometheusRule that names it', () => {
    none(criticalPathUnobserved, { 'k8s.yaml': OBSERVED(true) });
  });
});

const REDIS = (kind: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: sessions
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: { app: sessions }
  template:
    metadata:
      labels: { app: sessions }
    spec:
      containers:
        - name: redis
          image: redis:7
---
apiVersion: v1
kind: Service
metadata:
  name: sessions
  namespace: shop
spec:
  selector: { app: sessions }
  ports:
    - port: 6379
`;

describe('sys.stateful-behind-load-balancer', () => {
  it('reports a cache run as a 3-replica Deployment behind one Service, at the workload', () => {
    const files = { 'k8s.yaml': REDIS('Deployment') };
    const finding = only(statefulBehindLoadBalancer, files);
    expect(finding).toMatchObject({ element: 'sessions', location: at(files, 'k8s.yaml', '  name: sessions', 1) });
    expect(finding.message).toContain('each replica holds its own data');
  });

  it('is silent for a StatefulSet', () => {
    none(statefulBehindLoadBalancer, { 'k8s.yaml': REDIS('StatefulSet') });
  });
});

describe('sys.public-path-no-autoscaler', () => {
  const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 10
`;
  it('reports a public Deployment without a HorizontalPodAutoscaler, at the workload', () => {
    const files = { 'k8s.yaml': OBSERVED(false) };
    const finding = only(publicPathWithoutAutoscaler, files);
    expect(finding).toMatchObject({ element: 'web', location: at(files, 'k8s.yaml', '  name: web', 1) });
  });

  it('is silent with an autoscaler', () => {
    none(publicPathWithoutAutoscaler, { 'k8s.yaml': OBSERVED(false) + hpa });
  });
});

const BUDGET = (pool: number) => `services:
  api:
    image: shop/api:1.0
    deploy:
      replicas: 4
    environment:
      DATABASE_URL: postgres://db:5432/shop
      DB_POOL_SIZE: "${pool}"
  db:
    image: postgres:16
    command: postgres -c max_connections=50
`;

describe('sys.connection-budget', () => {
  it('reports replicas x pool above max_connections, at the datastore', () => {
    const files = { 'docker-compose.yml': BUDGET(20) };
    const finding = only(connectionBudget, files);
    expect(finding).toMatchObject({ element: 'db', location: at(files, 'docker-compose.yml', '  db:') });
    expect(finding.message).toContain('can open 80 connections (api 4 x 20');
    expect(finding.message).toContain('max_connections is 50');
    expect(finding.related?.[0]).toMatchObject(at(files, 'docker-compose.yml', 'DB_POOL_SIZE'));
  });

  it('is silent within budget', () => {
    none(connectionBudget, { 'docker-compose.yml': BUDGET(10) });
  });
});
