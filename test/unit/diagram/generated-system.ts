/**
 * Generated architectures for diagram tests and benchmarks: `n` components in namespaces of about twenty
 * (grouped five to a cluster from 200 components up), clients and external systems outside, 1.5 flows per
 * component, four in five of them inside a namespace, directed from clients through gateways and services
 * to datastores, caches and queues. Seeded, so every run lays out the same graph.
 */
import type { Component, ComponentKind, Flow, SystemModel, TrustBoundary } from '../../../shared/model/model.js';
import { emptyModel } from '../../../shared/model/model.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIER: Record<ComponentKind, number> = { client: 0, gateway: 1, service: 2, job: 2, queue: 3, cache: 3, datastore: 3, external: 4 };
const PROTOCOL: Record<ComponentKind, string[]> = {
  client: ['https'], gateway: ['http', 'https'], service: ['grpc', 'http'], job: ['grpc'], queue: ['kafka', 'amqp'],
  cache: ['redis'], datastore: ['postgres', 'mongodb'], external: ['https'],
};
const NAMES: Record<ComponentKind, string[]> = {
  service: ['orders', 'billing', 'catalog', 'search', 'accounts', 'shipping', 'pricing', 'reviews', 'inventory', 'notifications', 'profile', 'ledger'],
  datastore: ['orders-db', 'billing-db', 'catalog-db', 'accounts-db', 'events-store'], cache: ['session-cache', 'price-cache', 'redis'],
  queue: ['events', 'jobs-queue', 'outbox'], gateway: ['api-gateway', 'edge', 'ingress'], external: ['stripe', 'sendgrid', 'maps-api', 'sso'],
  client: ['web-app', 'mobile-app', 'partner'], job: ['nightly-export', 'reindex', 'cleanup'],
};

/** A seeded architecture of `n` components (see the file comment). */
export function generateSystem(n: number, seed = 7): SystemModel {
  const r = random(seed);
  const model = emptyModel();
  const namespaces = Math.max(1, Math.round(n / 20));
  const clusters = n >= 200 ? Math.ceil(namespaces / 5) : 0;
  const members: Component[][] = Array.from({ length: namespaces }, () => []);
  const source = (line: number) => ({ file: 'archbench.yaml', line });
  for (let i = 0; i < n; i++) {
    const x = r();
    const kind: ComponentKind = x < 0.03 ? 'client' : x < 0.08 ? 'gateway' : x < 0.64 ? 'service' : x < 0.78 ? 'datastore' : x < 0.86 ? 'cache' : x < 0.92 ? 'queue' : x < 0.97 ? 'external' : 'job';
    const names = NAMES[kind];
    const id = `${names[Math.floor(r() * names.length)]}-${i}`;
    const outside = kind === 'external' || kind === 'client';
    const ns = outside ? -1 : Math.floor(r() * namespaces);
    const component: Component = {
      id, name: id, kind, source: source(i + 1), sources: [source(i + 1)],
      ...(r() < 0.5 ? { replicas: 1 + Math.floor(r() * 4) } : {}),
      ...(ns >= 0 ? { boundaries: clusters ? [`cluster-${Math.floor(ns / 5)}`, `ns-${ns}`] : [`ns-${ns}`] } : {}),
    };
    model.components.push(component);
    if (ns >= 0) members[ns].push(component);
  }
  for (let c = 0; c < clusters; c++) {
    const children = Array.from({ length: 5 }, (_, k) => c * 5 + k).filter((k) => k < namespaces).map((k) => `ns-${k}`);
    model.trustBoundaries.push({ id: `cluster-${c}`, name: `cluster-${c}`, kind: 'declared', components: [], children, source: source(1) } as TrustBoundary);
  }
  members.forEach((list, k) => {
    if (list.length) model.trustBoundaries.push({ id: `ns-${k}`, name: `ns-${k}`, kind: 'namespace', components: list.map((c) => c.id), source: source(1) });
  });

  const wanted = Math.round(n * 1.5);
  const seen = new Set<string>();
  const home = new Map(model.components.map((c, i) => [c.id, c.boundaries ? members.findIndex((m) => m.includes(model.components[i])) : -1]));
  for (let guard = 0; model.flows.length < wanted && guard < wanted * 30; guard++) {
    const a = model.components[Math.floor(r() * n)];
    const ns = home.get(a.id)!;
    const pool = ns >= 0 && r() < 0.8 ? members[ns] : model.components;
    let from = a;
    let to = pool[Math.floor(r() * pool.length)];
    if (!to || to === from) continue;
    if (TIER[from.kind] > TIER[to.kind]) [from, to] = [to, from];
    if (from.kind === 'datastore' || from.kind === 'cache' || (from.kind === 'queue' && to.kind !== 'service')) continue;
    const id = `${from.id}->${to.id}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const protocols = PROTOCOL[to.kind];
    const flow: Flow = { id, from: from.id, to: to.id, protocol: protocols[Math.floor(r() * protocols.length)], inferredFrom: ['generated'], source: source(1) };
    if (r() < 0.3) flow.timeoutMs = 1000;
    if (r() < 0.3) flow.authentication = 'mtls';
    if (r() < 0.3) flow.encrypted = true;
    model.flows.push(flow);
  }
  return model;
}

/** The same system as an archbench.yaml a project folder can hold (for end-to-end tests through the real ingest). */
export function toArchbenchYaml(model: SystemModel): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = ['version: 1', 'project:', '  name: Generated', 'components:'];
  for (const c of model.components) lines.push(`  ${q(c.id)}: { kind: ${c.kind}${c.replicas !== undefined ? `, replicas: ${c.replicas}` : ''} }`);
  lines.push('trustBoundaries:');
  const byId = new Map(model.trustBoundaries.map((b) => [b.id, b]));
  const nested = new Set(model.trustBoundaries.flatMap((b) => b.children ?? []));
  const write = (b: TrustBoundary, indent: string) => {
    lines.push(`${indent}- id: ${q(b.id)}`, `${indent}  name: ${q(b.name)}`, `${indent}  kind: ${b.kind}`, `${indent}  components: [${b.components.map(q).join(', ')}]`);
    if (b.children?.length) {
      lines.push(`${indent}  children:`);
      for (const child of b.children) write(byId.get(child)!, `${indent}    `);
    }
  };
  for (const b of model.trustBoundaries) if (!nested.has(b.id)) write(b, '  ');
  lines.push('flows:');
  for (const f of model.flows) {
    const extra = [f.timeoutMs !== undefined ? `timeoutMs: ${f.timeoutMs}` : '', f.authentication ? `authentication: ${f.authentication}` : '', f.encrypted ? 'encrypted: true' : ''].filter(Boolean);
    lines.push(`  - { from: ${q(f.from)}, to: ${q(f.to)}, protocol: ${f.protocol}${extra.length ? `, ${extra.join(', ')}` : ''} }`);
  }
  return lines.join('\n') + '\n';
}
