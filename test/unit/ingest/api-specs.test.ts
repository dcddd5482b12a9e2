// VAmPI, Twilio (1.5 MB) and SWAPI: every operation is an endpoint with its effective security.
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildModel, importArtifact } from '../../../main/ingest/index.js';
import { CORPUS, ingestFile, projectContext } from './helpers.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Operations and their effective security, counted straight from the parsed document. */
function expectedOperations(text: string) {
  const spec = parse(text) as { security?: unknown; paths: Record<string, Record<string, { security?: unknown }>> };
  const out = new Map<string, { security: unknown; undeclared: boolean }>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      out.set(`${method.toUpperCase()} ${path}`, { security: operation.security ?? spec.security ?? [], undeclared: operation.security === undefined && spec.security === undefined });
    }
  }
  return out;
}

function checkSpec(folder: string, path: string) {
  const root = join(CORPUS, folder);
  const file = ingestFile(root, path);
  expect(file.kind).toBe('openapi');
  const contribution = importArtifact(file, projectContext(root));
  const expected = expectedOperations(file.text);
  expect(contribution.endpoints).toHaveLength(expected.size);
  for (const endpoint of contribution.endpoints) {
    const operation = expected.get(endpoint.id);
    expect(operation, endpoint.id).toBeDefined();
    expect(endpoint.security, endpoint.id).toEqual(operation!.security);
    expect(endpoint.securityUndeclared === true, endpoint.id).toBe(operation!.undeclared);
    // The source points at the operation's key.
    const line = file.text.split('\n')[endpoint.source.line - 1];
    expect(line.trim(), endpoint.id).toBe(`${endpoint.method.toLowerCase()}:`);
  }
  expect(contribution.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return contribution;
}

describe('API descriptions from the corpus', () => {
  it('VAmPI: every operation with its security', () => {
    const contribution = checkSpec('vampi', 'openapi_specs/openapi3.yml');
    expect(contribution.endpoints).toHaveLength(14);
    const me = contribution.endpoints.find((endpoint) => endpoint.id === 'GET /me')!;
    expect(me.security).toEqual([{ bearerAuth: [] }]);
    expect(me.properties?.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', 'x-bearerInfoFunc': 'models.user_model.User.decode_auth_token' } });
    expect(contribution.endpoints.find((endpoint) => endpoint.id === 'GET /createdb')).toMatchObject({ security: [], securityUndeclared: true, source: { pointer: '/paths/~1createdb/get' } });
    expect(contribution.api?.title).toBe('VAmPI');
    const register = contribution.endpoints.find((endpoint) => endpoint.id === 'POST /users/v1/register')!;
    expect(register.properties?.requestBody).toMatchObject({ content: { 'application/json': { schema: { type: 'object' } } } });
  });

  it('Twilio (1.5 MB): all 197 operations, root security inherited', () => {
    const contribution = checkSpec('twilio-openapi', 'spec/yaml/twilio_api_v2010.yaml');
    expect(contribution.endpoints).toHaveLength(197);
    expect(contribution.endpoints.every((endpoint) => endpoint.security.length === 1 && 'accountSid_authToken' in endpoint.security[0])).toBe(true);
    const create = contribution.endpoints.find((endpoint) => endpoint.operationId === 'CreateMessage')!;
    expect(create.properties?.servers).toEqual(['https://api.twilio.com']);
    expect(create.properties?.securitySchemes).toEqual({ accountSid_authToken: { scheme: 'basic', type: 'http' } });
    expect(Object.keys(create.properties?.responses as object)).toContain('201');
  });

  it('SWAPI GraphQL: every root field becomes an endpoint', () => {
    const root = join(CORPUS, 'swapi-graphql');
    const file = ingestFile(root, 'schema.graphql');
    expect(file.kind).toBe('graphql');
    const schema = buildSchema(file.text);
    const fields = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((name) => `Query.${name}`),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((name) => `Mutation.${name}`),
      ...Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).map((name) => `Subscription.${name}`),
    ];
    const model = buildModel([file], projectContext(root));
    expect(model.endpoints.map((endpoint) => endpoint.id).sort()).toEqual(fields.sort());
    expect(model.endpoints.every((endpoint) => endpoint.protocol === 'graphql' && endpoint.method === 'query' && endpoint.securityUndeclared === true)).toBe(true);
    const films = model.endpoints.find((endpoint) => endpoint.path === 'allFilms')!;
    expect(films.source.line).toBeGreaterThan(1);
    expect(file.text.split('\n')[films.source.line - 1]).toContain('allFilms');
    expect(films.properties).toMatchObject({ typeName: 'Root', returns: 'FilmsConnection' });
  });
});
