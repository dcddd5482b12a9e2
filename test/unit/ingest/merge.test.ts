// The merge: pure (contributions are cached by the store), order-independent, deduplicating.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importArtifact, mergeContributions, type FileContribution } from '../../../main/ingest/index.js';
import { CORPUS, FIXTURES, memoryContext, projectContext, readProject } from './helpers.js';

const contributionsOf = (root: string): FileContribution[] => readProject(root).map((file) => importArtifact(file, projectContext(root)));

describe('merge', () => {
  it('never mutates its input, survives a JSON round trip, and gives the same model whatever the order', () => {
    for (const root of [join(CORPUS, 'microservices-demo'), join(CORPUS, 'deathstarbench'), join(FIXTURES, 'archbench-overlay'), join(FIXTURES, 'k8s-ingress')]) {
      const contributions = contributionsOf(root);
      const before = JSON.stringify(contributions);
      const first = JSON.stringify(mergeContributions(contributions));
      expect(JSON.stringify(contributions)).toBe(before);
      expect(JSON.stringify(mergeContributions([...contributions].reverse()))).toBe(first);
      expect(JSON.stringify(mergeContributions(contributions))).toBe(first);
      // The store caches contributions as JSON: a round trip must not change the model.
      expect(JSON.stringify(mergeContributions(JSON.parse(before)))).toBe(first);
    }
  });

  it('re-merging after re-importing one edited file changes only what that file says', () => {
    const root = join(FIXTURES, 'compose-connections');
    const [file] = readProject(root);
    const contribution = importArtifact(file, projectContext(root));
    const edited = importArtifact({ ...file, text: file.text.replace('image: mongo:7', 'image: postgres:16') }, projectContext(root));
    const before = mergeContributions([contribution]);
    const after = mergeContributions([edited]);
    expect(before.components.find((component) => component.id === 'catalog-db')!.kindReason).toBe('image:mongo');
    expect(after.components.find((component) => component.id === 'catalog-db')!.kindReason).toBe('image:postgres');
    expect(after.components.map((component) => component.id)).toEqual(before.components.map((component) => component.id));
  });

  it('folds a flow of unknown protocol into the known one of the same pair; several protocols get suffixed ids', () => {
    const compose = [
      'services:',
      '  api:',
      '    image: a',
      '    environment:',
      '      CACHE_URL: redis://cache:6379',
      '      CACHE_METRICS: http://cache:9121/metrics',
      '    depends_on: [cache, db]',
      '  cache:',
      '    image: redis',
      '  db:',
      '    image: example/db',
    ].join('\n');
    const overlay = 'flows:\n  - from: api\n    to: db\n    timeoutMs: 500\n  - from: api\n    to: ghost\n';
    const model = mergeContributions([
      importArtifact({ path: 'docker-compose.yml', kind: 'compose', text: compose }, memoryContext({})),
      importArtifact({ path: 'archbench.yaml', kind: 'archbench', text: overlay }, memoryContext({})),
    ]);
    expect(model.flows.map((flow) => `${flow.id} ${flow.protocol} ${flow.inferredFrom.join('+')}`)).toEqual([
      'api->cache:http http env:CACHE_METRICS',
      'api->cache:redis redis env:CACHE_URL',
      'api->db unknown depends_on+archbench.yaml',
    ]);
    expect(model.flows.find((flow) => flow.id === 'api->db')!.timeoutMs).toBe(500);
    expect(model.diagnostics).toEqual([expect.objectContaining({ code: 'model.dangling-flow', file: 'archbench.yaml', line: 5 })]);
  });
});

describe('sources', () => {
  it('every element of every corpus and fixture model says where it comes from: file, line, column, pointer', () => {
    const roots = ['microservices-demo', 'deathstarbench', 'threagile', 'threat-dragon', 'vampi', 'swapi-graphql'].map((folder) => join(CORPUS, folder))
      .concat(['archbench-overlay', 'compose-anchors', 'compose-connections', 'compose-env', 'compose-extends', 'k8s-ingress', 'openapi-multifile', 'swagger2'].map((name) => join(FIXTURES, name)));
    for (const root of roots) {
      const model = mergeContributions(contributionsOf(root));
      const located = [
        ...model.components.flatMap((component) => component.sources.map((source) => ['component', component.id, source] as const)),
        ...model.components.map((component) => ['component', component.id, component.source] as const),
        ...model.flows.map((flow) => ['flow', flow.id, flow.source] as const),
        ...model.trustBoundaries.map((boundary) => ['boundary', boundary.id, boundary.source] as const),
        ...model.endpoints.map((endpoint) => ['endpoint', endpoint.id, endpoint.source] as const),
        ...model.dataAssets.map((asset) => ['data asset', asset.id, asset.source] as const),
      ];
      for (const [kind, id, source] of located) {
        const label = `${root}: ${kind} ${id}`;
        expect(source, label).toBeDefined();
        expect(source!.file, label).toMatch(/^[^/].*[^/]$/);
        expect(source!.line, label).toBeGreaterThanOrEqual(1);
        expect(source!.column, label).toBeGreaterThanOrEqual(1);
        expect(typeof source!.pointer, label).toBe('string');
      }
    }
  });
});
