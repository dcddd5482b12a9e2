// archbench.yaml: the overlay wins over inference, carries its source, and is validated against its schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, importArtifact } from '../../../main/ingest/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { FIXTURES, memoryContext, projectContext, readProject } from './helpers.js';

const SCHEMA = fileURLToPath(new URL('../../../resources/schema/archbench.schema.json', import.meta.url));

describe('archbench.yaml overlay', () => {
  let model: SystemModel;
  const component = (id: string) => model.components.find((candidate) => candidate.id === id)!;
  beforeAll(() => {
    const root = join(FIXTURES, 'archbench-overlay');
    model = buildModel(readProject(root), projectContext(root));
  });

  it('is valid against its own schema and reports nothing', () => {
    expect(model.diagnostics).toEqual([]);
  });

  it('overrides and adds components, carrying the archbench.yaml source', () => {
    expect(component('orders-db')).toMatchObject({ kind: 'datastore', criticality: 'critical', dataClassification: 'restricted' });
    expect(component('orders-db').sources.map((source) => source.file)).toEqual(['docker-compose.yml', 'archbench.yaml']);
    expect(component('orders')).toMatchObject({ kind: 'service', kindReason: 'archbench.yaml', criticality: 'high', properties: { owner: 'team-orders' } });
    expect(component('stripe')).toMatchObject({ kind: 'external', origins: ['archbench'], source: { file: 'archbench.yaml', line: 13, pointer: 'components.stripe' } });
    expect(model.project?.name).toBe('Shop');
  });

  it('declares nested trust boundaries', () => {
    expect(model.trustBoundaries.find((boundary) => boundary.id === 'dmz')).toMatchObject({ name: 'DMZ', kind: 'declared', components: ['web'], children: ['core'] });
    expect(component('orders').boundaries).toEqual(['network:default', 'dmz', 'core']);
  });

  it('annotates inferred flows and adds new ones', () => {
    const web = model.flows.find((flow) => flow.from === 'web' && flow.to === 'orders')!;
    expect(web).toMatchObject({ protocol: 'http', timeoutMs: 2000, retries: 3, circuitBreaker: true, inferredFrom: ['env:ORDERS_URL', 'archbench.yaml'] });
    expect(web.properties?.retryPolicy).toEqual({ count: 3, backoff: 'exponential', jitter: true });
    expect(web.sources?.map((source) => source.file)).toEqual(['docker-compose.yml', 'archbench.yaml']);
    expect(model.flows.find((flow) => flow.from === 'orders' && flow.to === 'stripe')).toMatchObject({
      protocol: 'https', authentication: 'api-key', encrypted: true, inferredFrom: ['archbench.yaml'], source: { file: 'archbench.yaml', line: 30 },
    });
  });

  it('maps specs to components, and keeps data assets, migrations and risks', () => {
    expect(model.endpoints).toEqual([expect.objectContaining({ id: 'GET /orders', component: 'orders' })]);
    expect(model.dataAssets).toEqual([expect.objectContaining({ id: 'card-tokens', classification: 'restricted', storedIn: ['orders-db'] })]);
    expect(model.migrations).toMatchObject({ directories: ['db/migrations'], convention: 'flyway' });
    expect(model.risks).toEqual([expect.objectContaining({ rule: 'compose.privileged', element: 'orders', status: 'accepted', date: '2025-11-01', expires: '2026-06-30', by: 'jane' })]);
  });

  it('reports schema violations at their line', () => {
    const text = [
      'version: 1',
      'components:',
      '  db:',
      '    kind: database',
      'flows:',
      '  - from: a',
      '    timeoutMs: soon',
      'risks:',
      '  - status: ignored',
      'colour: blue',
    ].join('\n');
    const contribution = importArtifact({ path: 'archbench.yaml', kind: 'archbench', text }, memoryContext({}));
    const found = contribution.diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.line}: ${diagnostic.message}`);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^archbench\.schema@4: components\.db\.kind must be one of "service"/),
      expect.stringMatching(/^archbench\.schema@6: flows\.0 is missing "to"/),
      expect.stringMatching(/^archbench\.schema@7: flows\.0\.timeoutMs must be integer/),
      expect.stringMatching(/^archbench\.schema@9: risks\.0\.status must be one of/),
      expect.stringMatching(/^archbench\.schema@10: colour is not allowed here/),
    ]));
    // The invalid kind is dropped; the rest of the overlay is still read.
    expect(contribution.overlay?.components).toEqual([{ id: 'db', source: expect.objectContaining({ line: 3 }) }]);
  });

  it('publishes a JSON Schema with a description on every property', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    for (const key of ['components', 'trustBoundaries', 'flows', 'dataAssets', 'apis', 'migrations', 'risks']) expect(schema.properties[key].description).toBeTruthy();
    expect(Object.keys(schema.definitions.risk.properties)).toEqual(['fingerprint', 'rule', 'element', 'status', 'justification', 'by', 'date', 'expires', 'ticket']);
  });
});
