// OpenAPI fixtures: Swagger 2.0, multi-file $ref with cycles, malformed and remote references.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, importArtifact } from '../../../main/ingest/index.js';
import { FIXTURES, memoryContext, projectContext, readProject } from './helpers.js';

describe('openapi', () => {
  it('reads Swagger 2.0 JSON: security definitions, body parameters, basePath, deprecated', () => {
    const root = join(FIXTURES, 'swagger2');
    const [file] = readProject(root);
    expect(file).toMatchObject({ kind: 'openapi', detail: 'swagger-2.0' });
    const { endpoints, diagnostics } = importArtifact(file, projectContext(root));
    expect(diagnostics).toEqual([]);
    expect(endpoints.map((endpoint) => endpoint.id)).toEqual(['GET /pets', 'POST /pets', 'GET /pets/{petId}', 'DELETE /pets/{petId}', 'GET /health']);
    const byId = (id: string) => endpoints.find((endpoint) => endpoint.id === id)!;
    expect(byId('GET /pets')).toMatchObject({ security: [{ api_key: [] }], source: { file: 'petstore.json', line: 16, pointer: '/paths/~1pets/get' } });
    expect(byId('GET /pets').securityUndeclared).toBeUndefined();
    expect(byId('POST /pets')).toMatchObject({
      security: [{ oauth: ['pets:write'] }],
      properties: {
        securitySchemes: { oauth: { type: 'oauth2', flow: 'implicit' } },
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, 'x-ref': '#/definitions/Pet' } } } },
        servers: ['https://petstore.example.com/v1'], basePath: '/v1',
      },
    });
    expect(byId('GET /pets').properties).toMatchObject({
      parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } }],
      responses: { 200: { headers: ['X-Next'], content: { 'application/json': { schema: { type: 'array' } } } } },
    });
    expect(byId('GET /pets/{petId}').properties?.parameters).toEqual([expect.objectContaining({ name: 'petId', in: 'path', required: true })]);
    expect(byId('DELETE /pets/{petId}')).toMatchObject({ deprecated: true, security: [] });
    expect(byId('GET /health').security).toEqual([]);
  });

  it('follows $ref across files, survives $ref cycles, and attaches x-archbench-component', () => {
    const root = join(FIXTURES, 'openapi-multifile');
    const model = buildModel(readProject(root), projectContext(root));
    expect(model.diagnostics).toEqual([]);
    expect(model.endpoints.map((endpoint) => endpoint.id).sort()).toEqual(['GET /people', 'GET /people/{id}', 'POST /people']);
    expect(model.endpoints.every((endpoint) => endpoint.component === 'people')).toBe(true);
    const list = model.endpoints.find((endpoint) => endpoint.id === 'GET /people')!;
    // The operation lives in the path-item file: its source says so.
    expect(list.source).toMatchObject({ file: 'paths/people.yaml', line: 2, pointer: '/get' });
    expect(list.securityUndeclared).toBe(true);
    const person = (list.properties?.responses as any)['200'].content['application/json'].schema.items;
    expect(person['x-ref']).toBe('../schemas/person.yaml#/Person');
    expect(person.properties.manager).toEqual({ $ref: '#/Person', 'x-circular': true });
    expect(person.properties.team.properties.lead).toEqual({ $ref: 'person.yaml#/Person', 'x-circular': true });
    const one = model.endpoints.find((endpoint) => endpoint.id === 'GET /people/{id}')!;
    expect(one.properties).toMatchObject({
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { 404: { headers: ['X-Request-Id'] } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    });
    expect(JSON.stringify(model).length).toBeLessThan(100_000);
  });

  it('attaches a spec to the component its title or server host names, when exactly one matches', () => {
    const compose = 'services:\n  orders:\n    image: o\n  payments:\n    image: p\n  payments-db:\n    image: postgres\n';
    const byTitle = 'openapi: 3.0.3\ninfo: {title: Orders API, version: "1"}\npaths:\n  /orders:\n    get: {responses: {"200": {description: ok}}}\n';
    const byHost = 'openapi: 3.0.3\ninfo: {title: Billing, version: "1"}\nservers: [{url: "http://payments:8080/v1"}]\npaths:\n  /charges:\n    post: {responses: {"201": {description: ok}}}\n';
    const neither = 'openapi: 3.0.3\ninfo: {title: Catalog, version: "1"}\npaths:\n  /items:\n    get: {responses: {"200": {description: ok}}}\n';
    const model = buildModel([
      { path: 'docker-compose.yml', kind: 'compose', text: compose },
      { path: 'api/orders.yaml', kind: 'openapi', text: byTitle },
      { path: 'api/billing.yaml', kind: 'openapi', text: byHost },
      { path: 'api/catalog.yaml', kind: 'openapi', text: neither },
    ], memoryContext({}));
    const component = (id: string) => model.endpoints.find((endpoint) => endpoint.id === id)?.component;
    expect(component('GET /orders')).toBe('orders');
    expect(component('POST /charges')).toBe('payments');
    expect(component('GET /items')).toBeUndefined();
  });

  it('reports unresolved, remote, outside and looping references at their line', () => {
    const text = [
      'openapi: 3.0.3',
      'info: { title: Refs, version: "1" }',
      'paths:',
      '  /a:',
      '    $ref: "#/components/pathItems/missing"',
      '  /b:',
      '    get:',
      '      responses:',
      '        "200":',
      '          $ref: "https://example.com/responses.yaml#/ok"',
      '  /c:',
      '    $ref: "#/x-loop/one"',
      '  /d:',
      '    $ref: "../../../etc/passwd"',
      'x-loop:',
      '  one: { $ref: "#/x-loop/two" }',
      '  two: { $ref: "#/x-loop/one" }',
    ].join('\n');
    const contribution = importArtifact({ path: 'refs.yaml', kind: 'openapi', text }, memoryContext({}));
    expect(contribution.endpoints.map((endpoint) => endpoint.id)).toEqual(['GET /b']);
    const codes = contribution.diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.line}`).sort();
    expect(codes).toEqual(['openapi.ref-cycle@17', 'openapi.ref-outside@14', 'openapi.ref-remote@10', 'openapi.ref-unresolved@5']);
  });

  it('survives a malformed spec: wrong types everywhere, no exception, diagnostics instead', () => {
    const text = JSON.stringify({
      openapi: '3.0.0', info: 'not an object', security: 'everyone',
      paths: { '/x': 'not a path item', '/y': { get: 'not an operation', post: { parameters: 'nope', responses: [], requestBody: 42, security: [null, 'x'] } }, '/z': null },
      components: { securitySchemes: [] },
    });
    const contribution = importArtifact({ path: 'broken.json', kind: 'openapi', text }, memoryContext({}));
    expect(contribution.endpoints.map((endpoint) => endpoint.id)).toEqual(['POST /y']);
    expect(contribution.endpoints[0].security).toEqual([{}, {}]);
    const notMapping = importArtifact({ path: 'list.yaml', kind: 'openapi', text: '- 1\n- 2\n' }, memoryContext({}));
    expect(notMapping.diagnostics).toEqual([expect.objectContaining({ code: 'openapi.structure', severity: 'error' })]);
    const noPaths = importArtifact({ path: 'nopaths.yaml', kind: 'openapi', text: 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: [1]\n' }, memoryContext({}));
    expect(noPaths.diagnostics).toEqual([expect.objectContaining({ code: 'openapi.structure', line: 3 })]);
    const json = importArtifact({ path: 'bad.json', kind: 'openapi', text: '{"openapi": "3.0.0", "paths": {"/a": {"get": {}},}' }, memoryContext({}));
    expect(json.diagnostics[0]).toMatchObject({ code: 'json.parse', line: 1 });
  });
});
