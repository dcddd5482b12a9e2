// The reliability report: per-flow resilience from archbench.yaml and env, call chains with retry amplification,
// blast radius and single points of failure, detection and signals, probe notes, blockers, budgets, playbook.
import { describe, expect, it } from 'vitest';
import { analyseReliability, buildThreatModel, renderPlaybookMarkdown } from '../../../main/threat/index.js';
import { parseDurationMs } from '../../../main/threat/resilience.js';
import { contextFromFiles, contextFromFolder } from '../../support/rule-harness.js';
import { REPO_ROOT } from '../../support/paths.js';
import { join } from 'node:path';

describe('reliability of the sample project', () => {
  const context = contextFromFolder(join(REPO_ROOT, 'resources', 'sample-project'));
  const report = analyseReliability(context.model, { readText: context.readText });

  it('reads per-flow timeouts and retries from archbench.yaml and the caller\'s environment', () => {
    const payments = report.flows.find((flow) => flow.flow === 'orders-api->payments-api')!;
    expect(payments).toMatchObject({ sync: true, timeoutMs: 2000, missing: ['retries', 'circuit-breaker'] });
    expect(payments.evidence).toEqual(['archbench.yaml: timeoutMs 2000', 'env:PAYMENTS_TIMEOUT_MS=2000 (agrees)']);
    const psp = report.flows.find((flow) => flow.flow === 'payments-api->psp')!;
    expect(psp).toMatchObject({ timeoutMs: 5000, retries: 2, backoff: 'exponential with jitter', missing: ['circuit-breaker'] });
    expect(report.flows.find((flow) => flow.flow === 'orders-api->queue')).toMatchObject({ sync: false, missing: [] });
  });

  it('finds the deepest chain and its retry amplification', () => {
    expect(report.chains[0]).toMatchObject({ components: ['gateway', 'orders-api', 'payments-api', 'psp'], depth: 3, retryAmplification: 3, missingTimeouts: 1 });
  });

  it('computes the blast radius through synchronous flows only, and the single points of failure', () => {
    const database = report.components.find((entry) => entry.component === 'orders-db')!;
    expect([...database.blastRadius.components].sort()).toEqual(['gateway', 'orders-api', 'worker']);
    expect([...database.blastRadius.entryPoints].sort()).toEqual(['gateway', 'orders-db']);
    expect(database.blastRadius.endpoints).toContain('GET /orders/{id}');
    expect(database).toMatchObject({ singlePointOfFailure: true, replicas: 1, criticalPath: true });
    expect(database.reasons).toContain('no failover or replication declared');
    // The queue is asynchronous: its failure does not fail its producers synchronously.
    expect(report.components.find((entry) => entry.component === 'queue')!.blastRadius.components).toEqual([]);
    expect(report.singlePointsOfFailure).toContain('orders-db');
    expect(report.singlePointsOfFailure).not.toContain('worker');
  });

  it('says how a failure is detected, "no alert" when nothing alerts', () => {
    const database = report.components.find((entry) => entry.component === 'orders-db')!;
    expect(database.detection).toEqual([
      { kind: 'healthcheck', detail: 'compose healthcheck: pg_isready -U orders', location: expect.objectContaining({ file: 'docker-compose.yml' }) },
      { kind: 'none', detail: 'no alert' },
    ]);
    expect(database.signals).toEqual({ metrics: false, tracing: false, logs: false, alerts: false });
    expect(report.components.find((entry) => entry.component === 'payments-api')!.detection).toEqual([{ kind: 'none', detail: 'no probe, healthcheck, metrics or alert' }]);
  });

  it('writes a playbook for the components archbench.yaml declares critical', () => {
    expect(report.playbook.map((entry) => entry.component)).toEqual(['orders-db', 'gateway', 'orders-api']);
    const database = report.playbook.find((entry) => entry.component === 'orders-db')!;
    expect(database.why).toBe('criticality: critical (archbench.yaml)');
    expect(database.scenarios.map((scenario) => scenario.failure)).toEqual([
      'orders-db is unavailable (crash, OOM kill, node loss)',
      'orders-db is slow or hangs (saturation, lock contention, a slow dependency of its own)',
      'orders-db loses or corrupts data (bad migration, operator error, disk failure)',
    ]);
    expect(database.scenarios[0].detection).toEqual(['compose healthcheck: pg_isready -U orders', 'no alert']);
    expect(database.scenarios[0].recovery[0]).toContain('docker compose logs --tail=200 orders-db');
    expect(database.scenarios[2].recovery[1]).toContain('No backup is declared');
    const markdown = renderPlaybookMarkdown('Shop', context.model, report);
    expect(markdown).toContain('### orders-db');
    expect(markdown).toContain('- Detection: compose healthcheck: pg\\_isready -U orders; no alert');
  });
});

describe('resilience settings from the environment', () => {
  const compose = `services:
  api:
    image: shop/api:1
    environment:
      PAYMENT_SERVICE_URL: http://payments:8080
      PAYMENTS_TIMEOUT: 5s
      DATABASE_URL: postgres://u:p@db:5432/x
      DB_STATEMENT_TIMEOUT: "30"
      HTTP_CLIENT_RETRIES: "3"
      HTTP_CLIENT_BACKOFF_MS: "200"
      PAYMENTS_CIRCUIT_BREAKER: enabled
  payments:
    image: shop/payments:1
  db:
    image: postgres:16
`;
  const report = analyseReliability(contextFromFiles({ 'docker-compose.yml': compose }).model);

  it('matches variables to flows by the target\'s name, the flow\'s own variable, or a protocol word', () => {
    expect(report.flows.find((flow) => flow.flow === 'api->payments')).toMatchObject({
      timeoutMs: 5000, retries: 3, backoff: 'env:HTTP_CLIENT_BACKOFF_MS=200', circuitBreaker: true, missing: [],
    });
    const database = report.flows.find((flow) => flow.flow === 'api->db')!;
    expect(database).toMatchObject({ timeoutMs: 30000 });
    expect(database.evidence).toContain('env:DB_STATEMENT_TIMEOUT=30 (unit not given; seconds assumed)');
    expect(database.retries).toBeUndefined();
  });

  it('parses durations with and without units', () => {
    expect(parseDurationMs('X_TIMEOUT_MS', '2000')).toEqual({ ms: 2000 });
    expect(parseDurationMs('X_TIMEOUT', '1m30s')).toEqual({ ms: 90000 });
    expect(parseDurationMs('X_TIMEOUT', '1500')).toEqual({ ms: 1500, assumed: 'unit not given; milliseconds assumed' });
    expect(parseDurationMs('X_TIMEOUT', 'soon')).toBeUndefined();
  });
});

describe('telemetry pipelines are off the request path', () => {
  const compose = `services:
  web:
    image: shop/web:1
    ports: ["443:8443"]
    depends_on: [api, jaeger-agent]
    environment:
      API_URL: http://api:8080
  api:
    image: shop/api:1
    depends_on: [jaeger-agent, otel]
    environment:
      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel:4317
  otel:
    image: otel/opentelemetry-collector-contrib:0.96.0
  jaeger-agent:
    image: jaegertracing/jaeger-agent:1.52
    depends_on: [jaeger-collector]
  jaeger-collector:
    image: jaegertracing/jaeger-collector:1.52
    depends_on: [cassandra]
  cassandra:
    image: cassandra:4
`;
  const files = (overlay?: string) => ({ 'docker-compose.yml': compose, ...(overlay ? { 'archbench.yaml': overlay } : {}) });

  it('marks flows into Jaeger and the OpenTelemetry Collector asynchronous, with the reason', () => {
    const { model } = contextFromFiles(files());
    const flow = (id: string) => model.flows.find((candidate) => candidate.id === id)!;
    expect(flow('api->jaeger-agent')).toMatchObject({ sync: false });
    expect(flow('api->jaeger-agent').properties?.asyncBecause).toContain('image:jaegertracing/jaeger-agent');
    expect(flow('api->otel').properties?.asyncBecause).toContain('image:otel/opentelemetry-collector-contrib');
    expect(flow('jaeger-agent->jaeger-collector').sync).toBe(false);
    // The collector's own write to its store and the web's call to the API stay synchronous.
    expect(flow('jaeger-collector->cassandra').sync).not.toBe(false);
    expect(flow('web->api').sync).not.toBe(false);
  });

  it('keeps the pipeline out of the blast radius and the single points of failure of the services', () => {
    const report = analyseReliability(contextFromFiles(files()).model);
    expect(report.components.find((entry) => entry.component === 'jaeger-agent')!.blastRadius.components).toEqual([]);
    expect(report.components.find((entry) => entry.component === 'cassandra')!.blastRadius.components).toEqual(['jaeger-collector']);
    expect(report.singlePointsOfFailure).toContain('api');
    expect(report.singlePointsOfFailure).not.toContain('jaeger-agent');
    expect(report.singlePointsOfFailure).not.toContain('cassandra');
    expect(report.flows.find((flow) => flow.flow === 'api->jaeger-agent')!.missing).not.toContain('timeout');
  });

  it('ranks an entry point first among single points of failure that reach as many entry points', () => {
    // web and api both take web's requests down; web takes all of them, api the part that needs it.
    const report = analyseReliability(contextFromFiles(files()).model);
    expect(report.singlePointsOfFailure?.slice(0, 2)).toEqual(['web', 'api']);
  });

  it('lets archbench.yaml say a flow into the pipeline is synchronous after all', () => {
    const { model } = contextFromFiles(files('flows:\n  - { from: api, to: jaeger-agent, sync: true }\n'));
    const flow = model.flows.find((candidate) => candidate.id === 'api->jaeger-agent')!;
    expect(flow.sync).toBe(true);
    expect(flow.properties?.asyncBecause).toBeUndefined();
    expect(analyseReliability(model).singlePointsOfFailure).toContain('jaeger-agent');
  });
});

describe('components the files connect to nothing', () => {
  const compose = `services:
  web:
    image: shop/web:1
    ports: ["443:8443"]
    environment: { API_URL: "http://api:8080" }
  api:
    image: shop/api:1
    depends_on:
      migrate: { condition: service_completed_successfully }
  search:
    image: shop/search:1
  recommendations:
    image: shop/recommendations:1
  migrate:
    image: shop/migrate:1
  standalone:
    image: shop/standalone:1
    ports: ["8081:8081"]
`;
  const { model } = contextFromFiles({ 'docker-compose.yml': compose });

  it('are named in the reliability and threat model notes, with the way to declare their calls', () => {
    const reliability = analyseReliability(model).notes?.find((note) => note.includes('no flow in or out'));
    expect(reliability).toContain('2 components have no flow in or out (recommendations, search)');
    expect(reliability).toContain('nothing fails with them');
    expect(reliability).toContain('`flows` in archbench.yaml');
    // An entry point (its callers are on the internet) and a one-shot job are not unconnected.
    expect(reliability).not.toContain('standalone');
    expect(reliability).not.toContain('migrate');
    expect(buildThreatModel(model).notes?.find((note) => note.includes('no flow in or out'))).toContain('no attack path passes through them');
  });

  it('are not noted once archbench.yaml declares their calls', () => {
    const declared = contextFromFiles({ 'docker-compose.yml': compose, 'archbench.yaml': 'flows:\n  - { from: api, to: search }\n  - { from: api, to: recommendations }\n' }).model;
    expect(analyseReliability(declared).notes?.some((note) => note.includes('no flow in or out'))).toBe(false);
  });
});

describe('probe notes, blockers, signals and budgets', () => {
  const k8s = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 2
  selector:
    matchLabels: { app: cart }
  template:
    metadata:
      labels: { app: cart }
    spec:
      containers:
        - name: cart
          image: shop/cart:1
          env:
            - name: REDIS_ADDR
              value: redis-cart:6379
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: http://collector:4317
          ports:
            - name: metrics
              containerPort: 9464
          readinessProbe:
            grpc: { port: 7070 }
          livenessProbe:
            grpc: { port: 7070 }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis-cart
spec:
  selector:
    matchLabels: { app: redis-cart }
  template:
    metadata:
      labels: { app: redis-cart }
    spec:
      containers:
        - name: redis
          image: redis:alpine
      volumes:
        - name: redis-data
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: redis-cart
spec:
  selector: { app: redis-cart }
  ports:
    - port: 6379
`;
  const report = analyseReliability(contextFromFiles({ 'k8s.yaml': k8s }).model);
  const cart = report.components.find((entry) => entry.component === 'cart')!;
  const redis = report.components.find((entry) => entry.component === 'redis-cart')!;

  it('notes identical probes and a readiness check that cannot see the cache', () => {
    expect(cart.health).toHaveLength(2);
    expect(cart.health?.[0]).toContain('Liveness and readiness run the same check');
    expect(cart.health?.[1]).toContain('Readiness is a gRPC health check: it stays ready while redis-cart is unreachable');
  });

  it('flags a cache with no eviction and no persistence', () => {
    expect(redis.blockers).toEqual([
      'No eviction settings (maxmemory / maxmemory-policy) in its command or environment: memory grows until the container is OOM-killed.',
      'No persistence: its data lives in emptyDir redis-data, so every restart empties it.',
    ]);
  });

  it('reads metrics and tracing signals', () => {
    expect(cart.signals).toMatchObject({ metrics: true, tracing: true, alerts: false });
    expect(cart.detection.map((item) => item.detail)).toContain('metrics port metrics');
  });

  it('computes a connection budget where pool size and max_connections are declared', () => {
    const budget = analyseReliability(contextFromFiles({
      'docker-compose.yml': 'services:\n  api:\n    image: a\n    deploy: { replicas: 3 }\n    environment:\n      DATABASE_URL: postgres://db:5432/x\n      DB_POOL_SIZE: "10"\n  db:\n    image: postgres:16\n    command: ["postgres", "-c", "max_connections=25"]\n',
    }).model).connectionBudgets;
    expect(budget).toEqual([{ datastore: 'db', maxConnections: 25, total: 30, unknownCallers: [], callers: [{ component: 'api', replicas: 3, poolSize: 10, connections: 30 }] }]);
  });
});
