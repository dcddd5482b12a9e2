// A project of API descriptions alone (an OpenAPI file, a GraphQL schema): each spec is served by a service the
// model infers, so the diagram, the entry points and the threat model are not empty; its deployment is unknown,
// so nothing is judged on replicas, gateways or monitoring.
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { importArtifact, mergeContributions } from '../../../main/ingest/index.js';
import { classifyArtifact } from '../../../main/project/classify.js';
import { analyseReliability, buildThreatModel } from '../../../main/threat/index.js';
import { layoutSystem } from '../../../shared/diagram/system-layout.js';
import { renderDiagramSvg } from '../../../shared/diagram/system-svg.js';
import { CORPUS, memoryContext, projectContext, readProject } from './helpers.js';

const modelOf = (root: string) => mergeContributions(readProject(root).map((file) => importArtifact(file, projectContext(root))));

function memoryModel(files: Record<string, string>) {
  const context = memoryContext(files);
  return mergeContributions(Object.entries(files).map(([path, text]) => importArtifact({ path, text, ...classifyArtifact(path, text) }, context)));
}

const spec = (title: string, server: string) => [
  'openapi: 3.0.3',
  'info:',
  `  title: ${title}`,
  '  version: "1"',
  'servers:',
  `  - url: ${server}`,
  'paths:',
  '  /orders:',
  '    get:',
  '      responses:',
  '        "200":',
  '          description: ok',
].join('\n');

describe('API-only projects', () => {
  it('Twilio: the spec is one internet-facing service at its info, serving every operation', () => {
    const root = join(CORPUS, 'twilio-openapi');
    const model = modelOf(root);
    expect(model.components.map((component) => component.id)).toEqual(['twilio-api']);
    const [api] = model.components;
    expect(api).toMatchObject({ name: 'Twilio - Api', kind: 'service', internetFacing: true, origins: ['openapi'] });
    expect(api.source).toMatchObject({ file: 'spec/yaml/twilio_api_v2010.yaml', pointer: '/info' });
    const text = readProject(root).find((file) => file.path === api.source.file)!.text;
    expect(text.split('\n')[api.source.line - 1]).toBe('info:');
    expect(model.endpoints.length).toBeGreaterThan(190);
    expect(model.endpoints.filter((endpoint) => endpoint.component !== 'twilio-api')).toEqual([]);
  });

  it('Twilio: an entry point, but no threat or single point of failure judged on the deployment the spec does not describe', () => {
    const model = modelOf(join(CORPUS, 'twilio-openapi'));
    const threats = buildThreatModel(model, { today: new Date('2026-11-27') });
    expect(threats.entryPoints).toEqual(['twilio-api']);
    const open = threats.threats.filter((threat) => threat.status === 'open');
    expect(open.map((threat) => threat.kind)).toEqual([]);
    // The operations' own security is still judged: each is mitigated by Twilio's basic auth.
    expect(threats.threats.filter((threat) => threat.kind === 'unauthenticated-endpoint' && threat.status === 'mitigated').length).toBeGreaterThan(190);
    const reliability = analyseReliability(model);
    expect(reliability.singlePointsOfFailure).toEqual([]);
    expect(reliability.components[0]).toMatchObject({ component: 'twilio-api', singlePointOfFailure: false });
    expect(reliability.components[0].reasons[0]).toMatch(/deployment not described/);
  });

  it('draws the inferred service with a dotted outline, says why in its tooltip, and adds "inferred" to the legend', async () => {
    const layout = await layoutSystem(modelOf(join(CORPUS, 'twilio-openapi')), new ELK());
    expect(layout.graph.nodes.map((node) => [node.id, node.inferred])).toEqual([['twilio-api', true]]);
    const svg = renderDiagramSvg(null, layout);
    expect(svg).toMatch(/<g data-node="twilio-api"[^>]*><path [^>]*stroke-dasharray="2 3"/);
    expect(svg).toContain('inferred: no file deploys it');
    expect(svg).toMatch(/>inferred<\/text>/);
    // A deployed service keeps its plain outline and the legend has no "inferred" entry.
    const deployed = renderDiagramSvg(null, await layoutSystem(modelOf(join(CORPUS, 'vampi')), new ELK()));
    expect(deployed).not.toContain('stroke-dasharray="2 3"');
    expect(deployed).not.toMatch(/>inferred<\/text>/);
  });

  it('SWAPI: a GraphQL schema alone is one service, not internet-facing (no server URL says so)', () => {
    const model = modelOf(join(CORPUS, 'swapi-graphql'));
    expect(model.components).toHaveLength(1);
    expect(model.components[0]).toMatchObject({ id: 'graphql-api', name: 'GraphQL API (schema.graphql)', origins: ['graphql'] });
    expect(model.components[0].internetFacing).toBeUndefined();
    expect(model.endpoints.every((endpoint) => endpoint.component === 'graphql-api')).toBe(true);
  });

  it('one service per spec with distinct ids; a private or local server is not an entry point', () => {
    const model = memoryModel({
      'orders.yaml': spec('Orders API', 'http://10.0.0.5:8080'),
      'billing.yaml': spec('Orders API', 'https://billing.example.com/v1'),
      'local.yaml': spec('Local', 'http://localhost:3000'),
    });
    expect(model.components.map((component) => [component.id, component.source.file, component.internetFacing ?? false])).toEqual([
      ['local', 'local.yaml', false],
      ['orders-api', 'billing.yaml', true],
      ['orders-api-2', 'orders.yaml', false],
    ]);
    expect(model.endpoints.map((endpoint) => `${endpoint.source.file} -> ${endpoint.component}`).sort()).toEqual([
      'billing.yaml -> orders-api', 'local.yaml -> local', 'orders.yaml -> orders-api-2',
    ]);
  });

  it('archbench.yaml annotating the inferred service (as Design mode writes it) adds to it: still internet-facing, at its spec, not judged on deployment', () => {
    const files = { 'orders.yaml': spec('Orders API', 'https://orders.example.com'), 'archbench.yaml': 'components:\n  orders-api: { criticality: high, owner: team-orders }\n' };
    const model = memoryModel(files);
    expect(model.components).toHaveLength(1);
    expect(model.components[0]).toMatchObject({ id: 'orders-api', criticality: 'high', internetFacing: true, origins: ['openapi', 'archbench'], source: { file: 'orders.yaml', pointer: '/info' } });
    expect(model.components[0].properties).toMatchObject({ owner: 'team-orders', inferredFrom: 'the OpenAPI description (no file deploys it)' });
    expect(model.endpoints.every((endpoint) => endpoint.component === 'orders-api')).toBe(true);
    const threats = buildThreatModel(model, { today: new Date('2026-11-27') });
    expect(threats.threats.filter((threat) => threat.status === 'open' && threat.element === 'orders-api')).toEqual([]);
    // A component the user designed (a kind given) is the design: no inferred service next to it, the spec unserved.
    const designed = memoryModel({ ...files, 'archbench.yaml': 'components:\n  web: { kind: service }\n' });
    expect(designed.components.map((component) => component.id)).toEqual(['web']);
    // Declaring replicas describes a deployment: then it is judged like any other service.
    const deployed = memoryModel({ ...files, 'archbench.yaml': 'components:\n  orders-api: { criticality: high, replicas: 1 }\n' });
    expect(analyseReliability(deployed).singlePointsOfFailure).toEqual(['orders-api']);
  });

  it('a project that deploys anything keeps its components: no service is made up next to them', () => {
    const model = memoryModel({
      'orders.yaml': spec('Orders API', 'https://orders.example.com'),
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n',
    });
    expect(model.components.map((component) => component.id)).toEqual(['web']);
    expect(model.endpoints[0].component).toBeUndefined();
  });

  it('names a spec no component serves in the threat model\'s notes, with the archbench.yaml line that places it', () => {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n  worker:\n    image: example/worker:1\n';
    const unserved = buildThreatModel(memoryModel({ 'api/orders.yaml': spec('Orders API', 'https://orders.example.com'), 'compose.yaml': compose }));
    expect((unserved.notes ?? []).filter((note) => note.includes('api/orders.yaml'))).toEqual([
      expect.stringMatching(/^1 operation of api\/orders\.yaml is served by no component .*`- spec: api\/orders\.yaml` with `component: <id>`/),
    ]);
    const overlay = 'apis:\n  - spec: api/orders.yaml\n    component: web\n';
    const placed = buildThreatModel(memoryModel({ 'api/orders.yaml': spec('Orders API', 'https://orders.example.com'), 'compose.yaml': compose, 'archbench.yaml': overlay }));
    expect((placed.notes ?? []).filter((note) => note.includes('api/orders.yaml'))).toEqual([]);
  });
});
