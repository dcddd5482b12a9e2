// Compose fixtures: anchors and merge keys, extends, .env interpolation, connections, variants.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, importArtifact } from '../../../main/ingest/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { FIXTURES, memoryContext, projectContext, readProject } from './helpers.js';

const fixture = (name: string): SystemModel => buildModel(readProject(join(FIXTURES, name)), projectContext(join(FIXTURES, name)));
const component = (model: SystemModel, id: string) => model.components.find((candidate) => candidate.id === id)!;
const flow = (model: SystemModel, from: string, to: string) => model.flows.find((candidate) => candidate.from === from && candidate.to === to);

describe('compose', () => {
  it('resolves anchors and << merge keys (single and list form)', () => {
    const model = fixture('compose-anchors');
    const api = component(model, 'api');
    expect(api).toMatchObject({ replicas: 2, image: 'example/api:1.4', properties: { restart: 'unless-stopped', read_only: true, resources: { limits: { cpu: '0.5', memory: '256M' } } } });
    expect(api.probes?.healthcheck).toMatchObject({ kind: 'compose-healthcheck', command: 'curl -f http://localhost:8080/health' });
    // The worker overrides one merged key and keeps the rest.
    expect(component(model, 'worker')).toMatchObject({ replicas: 2, properties: { restart: 'on-failure', read_only: true } });
    expect(api.source).toMatchObject({ file: 'docker-compose.yml', line: 17, column: 3, pointer: 'services.api' });
    expect(flow(model, 'api', 'cache')).toMatchObject({ protocol: 'redis', inferredFrom: ['env:CACHE_URL'], source: { line: 22, pointer: 'services.api.environment.CACHE_URL' } });
  });

  it('resolves extends from the same file and from another file', () => {
    const model = fixture('compose-extends');
    expect(component(model, 'web')).toMatchObject({
      image: 'example/base:1', env: [expect.objectContaining({ name: 'LOG_LEVEL', value: 'debug' })],
      properties: { cap_drop: ['ALL'], 'x-archbench-extends': 'base' },
    });
    expect(component(model, 'admin')).toMatchObject({
      image: 'example/admin:2', properties: { user: '1000:1000', read_only: true, security_opt: ['no-new-privileges:true'], 'x-archbench-extends': 'common.yml#hardened' },
    });
    // common.yml has services but is only a base file: it is classified as compose only when it has compose keys.
    expect(model.diagnostics).toEqual([]);
  });

  it('reports extends cycles and missing bases instead of failing', () => {
    const text = 'services:\n  a:\n    extends: b\n    image: x\n  b:\n    extends: a\n  c:\n    extends: { service: nope, file: missing.yml }\n  d:\n    extends: { service: x, file: ../../outside.yml }\n';
    const reads: string[] = [];
    const contribution = importArtifact({ path: 'docker-compose.yml', kind: 'compose', text }, { readText: (path) => { reads.push(path); return undefined; } });
    expect(contribution.components.map((candidate) => candidate.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(contribution.diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual(['compose.extends-cycle', 'compose.extends-cycle', 'compose.extends-file', 'compose.extends-file']);
    expect(reads.sort()).toEqual(['.env', 'missing.yml']);
    expect(contribution.diagnostics.find((diagnostic) => diagnostic.code === 'compose.extends-file')).toMatchObject({ line: 8 });
  });

  it('interpolates ${VAR}, ${VAR:-default} and $$ from the .env beside the file', () => {
    const model = fixture('compose-env');
    const api = component(model, 'api');
    expect(api.image).toBe('example/api:2.1.0');
    expect(api.ports).toEqual([
      expect.objectContaining({ hostIp: '127.0.0.1', publishedPort: 9000, containerPort: 8080 }),
      expect.objectContaining({ publishedPort: 9100, containerPort: 9100 }),
    ]);
    const value = (name: string) => api.env?.find((variable) => variable.name === name)?.value;
    expect(value('DATABASE_URL')).toBe('postgres://shop:s3cret@db:5432/shop');
    expect(value('PRICE_TEMPLATE')).toBe('$amount');
    expect(value('REGION')).toBe('');
    expect(model.diagnostics).toEqual([expect.objectContaining({ code: 'compose.variable', severity: 'info', line: 11, message: expect.stringContaining('REGION') })]);
    expect(flow(model, 'api', 'db')).toMatchObject({ protocol: 'postgres', port: 5432, inferredFrom: ['env:DATABASE_URL'] });
  });

  it('finds flows in URIs, host:port, *_HOST names, commands and depends_on', () => {
    const model = fixture('compose-connections');
    expect(flow(model, 'orders', 'catalog-db')).toMatchObject({ protocol: 'mongodb', inferredFrom: ['env:MONGO_URI'] });
    expect(flow(model, 'orders', 'events')).toMatchObject({ protocol: 'kafka', sync: false, inferredFrom: ['env:KAFKA_BROKERS'] });
    expect(flow(model, 'orders', 'payments')).toMatchObject({ inferredFrom: ['env:PAYMENTS_HOST'] });
    expect(flow(model, 'gateway', 'orders')).toMatchObject({ inferredFrom: ['depends_on'] });
    expect(flow(model, 'migrate', 'catalog-db')).toMatchObject({ protocol: 'mongodb', inferredFrom: ['command'] });
    // depends_on with an env flow for the same pair adds no second flow; waiting for a job is not traffic.
    expect(model.flows.filter((candidate) => candidate.from === 'orders')).toHaveLength(3);
    expect(component(model, 'migrate')).toMatchObject({ kind: 'job' });
    expect(component(model, 'events')).toMatchObject({ kind: 'queue', boundaries: ['network:backend'] });
    expect(component(model, 'gateway')).toMatchObject({ kind: 'gateway', internetFacing: true });
    expect(component(model, 'payments').properties).toMatchObject({ privileged: true, cap_add: ['NET_ADMIN'], profiles: ['full'] });
    expect(component(model, 'orders').properties?.dependsOn).toContainEqual({ service: 'catalog-db', condition: 'service_healthy' });
    expect(component(model, 'orders').properties?.unresolvedHosts).toEqual([expect.objectContaining({ host: 'audit.example.com' })]);
    expect(model.trustBoundaries.find((boundary) => boundary.id === 'network:backend')).toMatchObject({ kind: 'network', properties: { internal: true } });
  });

  it('merges compose variants of one directory; keeps colliding names of different directories apart', () => {
    const base = 'services:\n  api:\n    image: a\n    environment: [DB_HOST=db]\n  db:\n    image: postgres\n';
    const tls = 'services:\n  api:\n    image: a-tls\n  db:\n    image: postgres\n  proxy:\n    image: envoyproxy/envoy\n';
    const other = 'services:\n  api:\n    image: b\n    depends_on: [db]\n  db:\n    image: mysql\n';
    const model = buildModel([
      { path: 'shop/docker-compose.yml', kind: 'compose', text: base },
      { path: 'shop/docker-compose-tls.yml', kind: 'compose', text: tls },
      { path: 'blog/docker-compose.yml', kind: 'compose', text: other },
    ], memoryContext({}));
    expect(model.components.map((candidate) => candidate.id).sort()).toEqual(['blog/api', 'blog/db', 'proxy', 'shop/api', 'shop/db']);
    expect(component(model, 'shop/api').sources.map((source) => source.file).sort()).toEqual(['shop/docker-compose-tls.yml', 'shop/docker-compose.yml']);
    expect(component(model, 'blog/db').kind).toBe('datastore');
    expect(model.flows.map((candidate) => `${candidate.id}:${candidate.protocol}`).sort()).toEqual(['blog/api->blog/db:mysql', 'shop/api->shop/db:postgres']);
    expect(model.trustBoundaries.map((boundary) => `${boundary.id}=${boundary.components.join(',')}`).sort()).toEqual([
      'network:blog/default=blog/api,blog/db', 'network:shop/default=shop/api,shop/db,proxy',
    ]);
  });
});
