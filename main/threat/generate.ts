/**
 * A synthetic system of any size for benchmarks and scale tests: namespaces of services behind
 * gateways, datastores, caches, queues and external systems, mostly layered flows (with a few cycles),
 * resilience settings, probes, autoscalers and budgets on some components, endpoints (some public,
 * some mapped to tables) and a classification on part of the data. Deterministic for a given seed.
 */
import type { Component, ComponentKind, Endpoint, Flow, SystemModel, Table, TrustBoundary } from '../../shared/model/model.js';
import { emptyModel } from '../../shared/model/model.js';

/** mulberry32: small, fast, good enough for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROTOCOL: Record<ComponentKind, string> = {
  service: 'grpc', gateway: 'http', datastore: 'postgres', cache: 'redis', queue: 'amqp', external: 'https', client: 'https', job: 'http',
};

/** A model with `components` components and about `flows` flows (fewer if the graph cannot hold that many distinct pairs). */
export function generateSystem(components: number, flows: number, seed = 1): SystemModel {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const model = emptyModel();
  model.project = { name: `generated-${components}-${flows}-${seed}` };
  const namespaces = Math.max(1, Math.round(components / 25));
  const boundaries: TrustBoundary[] = [];
  for (let n = 0; n < namespaces; n++) {
    boundaries.push({ id: `namespace:ns${n}`, name: `ns${n}`, kind: 'namespace', components: [], source: { file: `gen/ns${n}.yaml`, line: 1 } });
  }
  const byKind = new Map<ComponentKind, Component[]>();
  for (let i = 0; i < components; i++) {
    const roll = next();
    const kind: ComponentKind = i < Math.max(1, Math.round(components * 0.03)) ? 'gateway'
      : roll < 0.6 ? 'service' : roll < 0.75 ? 'datastore' : roll < 0.83 ? 'cache' : roll < 0.88 ? 'queue' : roll < 0.92 ? 'external' : roll < 0.97 ? 'job' : 'client';
    const namespace = kind === 'external' || kind === 'client' ? undefined : i % namespaces;
    const file = namespace === undefined ? 'gen/externals.yaml' : `gen/ns${namespace}.yaml`;
    const id = `${kind}-${i}`;
    const source = { file, line: 1 + (i % 5000) * 20 };
    const replicas = kind === 'external' || kind === 'client' ? undefined : pick([1, 1, 2, 3, undefined]);
    const component: Component = {
      id, name: id, kind, kindReason: 'generated', source, sources: [source], origins: ['kubernetes'],
      ...(replicas !== undefined ? { replicas } : {}),
      ...(namespace !== undefined ? { boundaries: [`namespace:ns${namespace}`] } : {}),
      ...(kind === 'gateway' ? { internetFacing: true } : {}),
      ...(kind === 'datastore' && next() < 0.4 ? { dataClassification: pick(['confidential', 'restricted', 'internal'] as const) } : {}),
      ...(next() < 0.05 ? { criticality: pick(['high', 'critical'] as const) } : {}),
      env: next() < 0.3 ? [{ name: 'UPSTREAM_TIMEOUT_MS', value: String(pick([500, 1000, 2000])), source }, { name: 'HTTP_CLIENT_RETRIES', value: String(pick([0, 1, 2, 3])), source }] : [],
      ...(kind !== 'external' && kind !== 'client' ? { probes: { readiness: { kind: 'http', path: '/healthz', port: 8080, source }, liveness: { kind: 'http', path: '/healthz', port: 8080, source } } } : {}),
      properties: {
        ...(namespace !== undefined ? { k8sKind: kind === 'datastore' ? 'StatefulSet' : kind === 'job' ? 'Job' : 'Deployment', namespace: `ns${namespace}`, podLabels: { app: id } } : {}),
        ...(kind === 'gateway' ? { exposedBy: [pick(['ingress:edge', 'service:lb'])], k8sServices: [{ name: 'lb', type: 'LoadBalancer' }] } : {}),
        ...(next() < 0.2 ? { podDisruptionBudget: { name: `${id}-pdb` } } : {}),
        ...(kind === 'service' && next() < 0.2 ? { autoscaler: { name: `${id}-hpa`, minReplicas: 2, maxReplicas: 10 } } : {}),
        ...(next() < 0.15 ? { networkPolicies: [{ name: `${id}-np` }] } : {}),
      },
    };
    if (namespace !== undefined) boundaries[namespace].components.push(id);
    model.components.push(component);
    byKind.set(kind, [...(byKind.get(kind) ?? []), component]);
  }
  model.trustBoundaries = boundaries;
  const pairs = new Set<string>();
  const callers = model.components.filter((component) => component.kind === 'service' || component.kind === 'gateway' || component.kind === 'job' || component.kind === 'client');
  const maxPairs = callers.length * (model.components.length - 1);
  for (let attempts = 0; model.flows.length < Math.min(flows, maxPairs) && attempts < flows * 20; attempts++) {
    const from = pick(callers);
    const fromIndex = model.components.indexOf(from);
    const layered = next() < 0.95;
    const candidates = layered ? model.components.slice(fromIndex + 1) : model.components;
    if (!candidates.length) continue;
    let to = pick(candidates);
    if (from.kind === 'client' || from.kind === 'external') to = pick(byKind.get('gateway') ?? candidates);
    if (to === from || to.kind === 'client') continue;
    const key = `${from.id}->${to.id}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    const protocol = PROTOCOL[to.kind];
    const flow: Flow = {
      id: key, from: from.id, to: to.id, protocol, inferredFrom: ['generated'], source: { ...from.source, line: from.source.line + 1 + (model.flows.length % 10) },
      sync: to.kind !== 'queue',
      ...(next() < 0.3 ? { timeoutMs: pick([200, 500, 1000, 3000]) } : {}),
      ...(next() < 0.25 ? { retries: pick([1, 2, 3]) } : {}),
      ...(next() < 0.1 ? { circuitBreaker: true } : {}),
      ...(next() < 0.3 ? { encrypted: true } : {}),
      ...(next() < 0.3 ? { authentication: pick(['mtls', 'token', 'credentials']) } : {}),
    };
    model.flows.push(flow);
  }
  const tables: Table[] = [];
  for (let t = 0; t < Math.min(60, Math.ceil(components / 20)); t++) {
    const name = `table_${t}`;
    tables.push({
      schema: 'public', name, rlsEnabled: next() < 0.5, source: { file: 'gen/migrations/V1__init.sql', line: 1 + t * 10 },
      columns: [{ name: 'id', type: 'bigint', nullable: false, identity: true }, { name: 'owner_id', type: 'uuid', nullable: false }, { name: 'status', type: 'text', nullable: true }],
      primaryKey: ['id'], indexes: [{ name: `${name}_pkey`, columns: ['id'], unique: true, primary: true }], foreignKeys: [],
      ...(next() < 0.3 ? { grants: { anon: ['SELECT'] } } : {}),
    });
  }
  model.tables = tables;
  const servers = model.components.filter((component) => component.kind === 'service' || component.kind === 'gateway');
  servers.forEach((component, index) => {
    const count = Math.floor(next() * 4);
    for (let e = 0; e < count; e++) {
      const table = tables.length && next() < 0.3 ? tables[Math.floor(next() * tables.length)].name : `things${index}_${e}`;
      const method = pick(['GET', 'GET', 'POST', 'PUT', 'DELETE']);
      const path = `/${table}${method === 'GET' && next() < 0.5 ? '' : '/{id}'}`;
      const endpoint: Endpoint = {
        id: `${method} ${path}`, component: component.id, protocol: 'http', method, path,
        security: next() < 0.7 ? [{ bearerAuth: [] }] : [], source: { file: `gen/api/${component.id}.yaml`, line: 10 + e * 12, pointer: `/paths/${path}/${method.toLowerCase()}` },
        properties: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }] },
      };
      model.endpoints.push(endpoint);
    }
  });
  model.dataAssets = [{ id: 'customer-data', name: 'Customer data', classification: 'confidential', storedIn: (byKind.get('datastore') ?? []).slice(0, 5).map((component) => component.id) }];
  return model;
}
