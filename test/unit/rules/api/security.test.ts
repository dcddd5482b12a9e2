// Security rules (OWASP API Top 10): each with a positive case, a negative case and the line it points at.
import { describe, expect, it } from 'vitest';
import { adminSecurityDistinct, unauthenticatedRead, unauthenticatedWrite } from '../../../../main/analysis/rules/api/authentication.js';
import { apiKeyInQuery, authBasic, authInsecureScheme, oauthImplicitOrPasswordFlow } from '../../../../main/analysis/rules/api/auth-schemes.js';
import { corsOriginDeclared, markdownUnsafe } from '../../../../main/analysis/rules/api/browser-safety.js';
import { numericIds } from '../../../../main/analysis/rules/api/identifiers.js';
import { unboundedArray, unboundedInteger, unboundedString } from '../../../../main/analysis/rules/api/input-bounds.js';
import { inventoryVersions } from '../../../../main/analysis/rules/api/inventory.js';
import { massAssignment } from '../../../../main/analysis/rules/api/mass-assignment.js';
import { safeMethodSideEffect } from '../../../../main/analysis/rules/api/safe-methods.js';
import { credentialsInUrl, responseSensitiveField } from '../../../../main/analysis/rules/api/sensitive-data.js';
import { httpServer, inventoryEnvironment } from '../../../../main/analysis/rules/api/servers.js';
import { ssrfUrlParam } from '../../../../main/analysis/rules/api/ssrf.js';
import { dedent, expectHit, expectNone, oas, run } from './helpers.js';

const OK = `responses: { '200': { description: ok } }`;
/** A head with no root security requirement. */
const OPEN_HEAD = `info: { title: T, version: '1' }\nservers: [{ url: 'https://api.example.com' }]`;

describe('authentication', () => {
  it('api.op-unauthenticated-write: a POST with no security anywhere is high, at the operation', () => {
    const text = oas(`/orders:\n  post:\n    ${OK}`, { head: OPEN_HEAD });
    const finding = expectHit(unauthenticatedWrite, text, 'post:', { message: /POST \/orders has no security requirement/ });
    expect(finding).toMatchObject({ severity: 'high', element: 'api/openapi.yaml#POST /orders', owaspApi: 'API2:2023', cwe: 306 });
    expectNone(unauthenticatedWrite, oas(`/orders:\n  post:\n    ${OK}`));
  });

  it('api.op-unauthenticated-write: explicit `security: []` is medium; login is left to the rate-limit rule', () => {
    const text = oas(`/orders:\n  post:\n    security: []\n    ${OK}`);
    expect(expectHit(unauthenticatedWrite, text, 'post:').severity).toBe('medium');
    expectNone(unauthenticatedWrite, oas(`/auth/login:\n  post:\n    security: []\n    ${OK}`));
  });

  it('api.op-unauthenticated-read: an open GET, but not health probes or an explicit `security: []`', () => {
    expectHit(unauthenticatedRead, oas(`/orders:\n  get:\n    ${OK}`, { head: OPEN_HEAD }), 'get:');
    expectNone(unauthenticatedRead, oas(`/healthz:\n  get:\n    ${OK}\n/api/v1/status:\n  get:\n    ${OK}\n/:\n  get:\n    ${OK}`, { head: OPEN_HEAD }));
    expectNone(unauthenticatedRead, oas(`/catalog:\n  get:\n    security: []\n    ${OK}`));
    expectNone(unauthenticatedRead, oas(`/orders:\n  get:\n    ${OK}`));
  });

  it('api.admin-security-distinct: an unauthenticated debug endpoint is critical and names exposed secrets', () => {
    const text = oas(`
      /users/_debug:
        get:
          security: []
          responses:
            '200':
              description: everything
              content:
                application/json:
                  schema:
                    type: array
                    items: { type: object, properties: { username: { type: string }, password: { type: string } } }
    `);
    const finding = expectHit(adminSecurityDistinct, text, 'get:');
    expect(finding.severity).toBe('critical');
    expect(finding.message).toBe('GET /users/_debug is a debug endpoint and requires no authentication: anyone can call it; its response includes password.');
  });

  it('api.admin-security-distinct: an admin path with the same requirement as ordinary operations is medium', () => {
    const text = oas(`
      /orders:
        get:
          ${OK}
      /admin/orders:
        delete:
          ${OK}
    `);
    const finding = expectHit(adminSecurityDistinct, text, 'delete:', { message: /same security \(bearer\) as ordinary operations such as GET \/orders/ });
    expect(finding.severity).toBe('medium');
    const scoped = oas(`
      /orders:
        get:
          security: [{ oauth: [orders:read] }]
          ${OK}
      /admin/orders:
        delete:
          security: [{ oauth: [admin] }]
          ${OK}
      /internal/jobs:
        get:
          x-roles: [operator]
          ${OK}
    `);
    expectNone(adminSecurityDistinct, scoped);
  });

  it('api.safe-method-side-effect: a GET named for a state change', () => {
    expectHit(safeMethodSideEffect, oas(`/createdb:\n  get:\n    operationId: api.populate_db\n    ${OK}`), 'get:', { message: /"populate"/ });
    expectNone(safeMethodSideEffect, oas(`/settings:\n  get:\n    operationId: getSettings\n    summary: Returns settings\n    ${OK}`));
  });
});

describe('security schemes', () => {
  const withScheme = (scheme: string, name = 'auth') => oas(`/orders:\n  get:\n    security: [{ ${name}: [] }]\n    ${OK}`, { components: `securitySchemes:\n  ${name}: ${scheme}` });

  it('api.auth-basic: at the scheme, counting the operations that use it', () => {
    expectHit(authBasic, withScheme('{ type: http, scheme: basic }'), '  auth: {', { message: /is HTTP Basic.*\(1 operation uses it\)/ });
    expectNone(authBasic, withScheme('{ type: http, scheme: bearer }'));
  });

  it('api.auth-insecure-scheme: Digest', () => {
    expectHit(authInsecureScheme, withScheme('{ type: http, scheme: digest }'), '  auth: {');
    expectNone(authInsecureScheme, withScheme('{ type: http, scheme: bearer }'));
  });

  it('api.apikey-in-query: at the scheme', () => {
    expectHit(apiKeyInQuery, withScheme('{ type: apiKey, in: query, name: api_key }'), '  auth: {', { message: /query parameter "api_key"/ });
    expectNone(apiKeyInQuery, withScheme('{ type: apiKey, in: header, name: X-API-Key }'));
  });

  it('api.oauth-implicit-or-password-flow: at the flow; password is high, implicit medium', () => {
    const flows = (flow: string) => oas(`/orders:\n  get:\n    security: [{ oauth: [] }]\n    ${OK}`, { components: dedent(`
      securitySchemes:
        oauth:
          type: oauth2
          flows:
            ${flow}:
              tokenUrl: https://auth.example.com/token
              authorizationUrl: https://auth.example.com/authorize
              scopes: {}
    `) });
    expect(expectHit(oauthImplicitOrPasswordFlow, flows('password'), 'password:').severity).toBe('high');
    expect(expectHit(oauthImplicitOrPasswordFlow, flows('implicit'), 'implicit:').severity).toBe('medium');
    expectNone(oauthImplicitOrPasswordFlow, flows('authorizationCode'));
  });

  it('api.credentials-in-url: a token in the query string, at the parameter', () => {
    const text = oas(`
      /reports:
        get:
          parameters:
            - { name: access_token, in: query, schema: { type: string } }
            - { name: PageToken, in: query, schema: { type: string } }
          ${OK}
    `);
    expectHit(credentialsInUrl, text, 'name: access_token');
    expect(run(credentialsInUrl, text)).toHaveLength(1); // a page token is not a credential
    expectNone(credentialsInUrl, oas(`/reports:\n  get:\n    parameters:\n      - { name: X-API-Key, in: header, schema: { type: string } }\n    ${OK}`));
  });
});

describe('object and property level', () => {
  it('api.numeric-ids: an integer {id} in the path, at the parameter', () => {
    const text = (schema: string) => oas(`
      /orders/{orderId}:
        get:
          parameters:
            - name: orderId
              in: path
              required: true
              schema: ${schema}
          ${OK}
    `);
    expectHit(numericIds, text('{ type: integer, format: int64 }'), '- name: orderId', { message: /integer \{orderId\}/ });
    expectNone(numericIds, text('{ type: string, format: uuid }'));
  });

  it('api.ssrf-url-param: a callback URL in the body, at the property', () => {
    const text = oas(`
      /webhooks:
        post:
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    name: { type: string }
                    callback_url: { type: string }
          ${OK}
    `);
    expectHit(ssrfUrlParam, text, 'callback_url:', { message: /URLs the server may fetch \(callback_url\)/ });
    expectNone(ssrfUrlParam, text.replace('callback_url', 'label'));
  });

  const massAssignmentSpec = (closed: string) => oas(`
    /users:
      post:
        requestBody:
          content:
            application/json:
              schema:
                type: object${closed}
                properties:
                  username: { type: string }
                  email: { type: string }
        ${OK}
    /users/{id}:
      get:
        parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
        responses:
          '200':
            description: a user
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    username: { type: string }
                    email: { type: string }
                    is_admin: { type: boolean }
  `);

  it('api.mass-assignment: an open body whose entity has an admin flag is high, at the body schema', () => {
    const finding = expectHit(massAssignment, massAssignmentSpec(''), 'schema:');
    expect(finding.severity).toBe('high');
    expect(finding.message).toBe('POST /users accepts properties not declared in its schema (no `additionalProperties: false`): clients can set fields such as is_admin (returned by GET /users/{id}).');
    expectNone(massAssignment, massAssignmentSpec('\n                additionalProperties: false'));
  });

  it('api.mass-assignment: without a visible privileged field the finding is low', () => {
    const text = oas(`/notes:\n  post:\n    requestBody:\n      content:\n        application/json:\n          schema: { type: object, properties: { text: { type: string } } }\n    ${OK}`);
    expect(expectHit(massAssignment, text, 'schema:').severity).toBe('low');
  });

  it('api.response-sensitive-field: a password in a response is high, at the property', () => {
    const text = (field: string) => oas(`
      /users/{id}:
        get:
          parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
          responses:
            '200':
              description: a user
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      name: { type: string }
                      ${field}: { type: string }
    `);
    const finding = expectHit(responseSensitiveField, text('password_hash'), 'password_hash:');
    expect(finding).toMatchObject({ severity: 'high', owaspApi: 'API3:2023' });
    expectNone(responseSensitiveField, text('nickname'));
  });
});

describe('resource consumption', () => {
  const inputs = oas(`
    /search:
      post:
        parameters:
          - { name: limit, in: query, schema: { type: integer } }
          - { name: ids, in: query, schema: { type: array, items: { type: string, format: uuid } } }
          - { name: id, in: path, required: true, schema: { type: string } }
        requestBody:
          content:
            application/json:
              schema:
                type: object
                properties:
                  query: { type: string }
                  sid: { type: string, pattern: '^AC[0-9a-f]{32}$' }
                  when: { type: string, format: date-time }
        ${OK}
  `);

  it('api.unbounded-string: body and query strings without maxLength (not bounded formats or patterns), at the first', () => {
    const finding = expectHit(unboundedString, inputs, 'query: { type: string }');
    expect(finding.message).toBe('POST /search accepts a string without maxLength: query.');
    expectNone(unboundedString, inputs.replace('query: { type: string }', 'query: { type: string, maxLength: 200 }'));
  });

  it('api.unbounded-array: at the array parameter', () => {
    expectHit(unboundedArray, inputs, 'name: ids', { message: /an array without maxItems: ids/ });
    expectNone(unboundedArray, inputs.replace('type: array,', 'type: array, maxItems: 50,'));
  });

  it('api.unbounded-integer: at the integer parameter, noting the missing format', () => {
    expectHit(unboundedInteger, inputs, 'name: limit', { message: /an integer without maximum: limit; none declares a format either/ });
    expectNone(unboundedInteger, inputs.replace('{ type: integer }', '{ type: integer, format: int32, maximum: 100 }'));
  });
});

describe('transport, browsers, inventory', () => {
  const withServers = (servers: string, paths = `/orders:\n  get:\n    ${OK}`) => oas(paths, { head: `info: { title: T, version: '1' }\nsecurity: [{ bearer: [] }]\nservers:\n${servers}` });

  it('api.http-server: plain HTTP is high when operations carry credentials, low on localhost', () => {
    const remote = withServers('  - url: http://api.example.com');
    expect(expectHit(httpServer, remote, '- url: http://api.example.com').severity).toBe('high');
    const local = withServers('  - url: http://localhost:5000');
    expect(expectHit(httpServer, local, '- url: http://localhost:5000').severity).toBe('low');
    expectNone(httpServer, withServers('  - url: https://api.example.com'));
  });

  it('api.inventory-environment: a staging server listed with production, at the staging entry', () => {
    expectHit(inventoryEnvironment, withServers('  - url: https://api.example.com\n  - url: https://staging-api.example.com'), 'staging-api');
    expectNone(inventoryEnvironment, withServers('  - url: https://api.example.com'));
    expectNone(inventoryEnvironment, withServers('  - url: http://localhost:8080')); // a development-only description
  });

  it('api.cors-origin-declared: one note per spec at the openapi key; a declared header silences it', () => {
    expectHit(corsOriginDeclared, oas(`/orders:\n  get:\n    ${OK}`), 'openapi: 3.0.3');
    expectNone(corsOriginDeclared, oas(`/orders:\n  get:\n    responses:\n      '200':\n        description: ok\n        headers:\n          Access-Control-Allow-Origin: { schema: { type: string } }`));
  });

  it('api.markdown-unsafe: script in a description, at the key', () => {
    const text = oas(`/orders:\n  get:\n    description: 'Lists orders <script>alert(1)</script>'\n    ${OK}`);
    expectHit(markdownUnsafe, text, "description: 'Lists orders <script>", { message: /contains <script>/ });
    expectNone(markdownUnsafe, oas(`/orders:\n  get:\n    description: 'Lists **orders**, see [docs](https://example.com)'\n    ${OK}`));
  });

  it('api.inventory-versions: /v1 still alive next to /v2, reported on the old operation', () => {
    const text = oas(`
      /v1/users/{id}:
        get:
          ${OK}
      /v2/users/{userId}:
        get:
          ${OK}
    `);
    const finding = expectHit(inventoryVersions, text, 'get:', { message: /GET \/v1\/users\/\{id\} \(v1\) is still described alongside GET \/v2\/users\/\{userId\} \(v2\)/ });
    expect(finding.owaspApi).toBe('API9:2023');
    expectNone(inventoryVersions, text.replace(/get:\n(\s+)responses/, 'get:\n$1deprecated: true\n$1responses'));
  });

  it('api.inventory-versions: two server versions of the same API, reported on the older server', () => {
    expectHit(inventoryVersions, withServers('  - url: https://api.example.com/v1\n  - url: https://api.example.com/v2'), '- url: https://api.example.com/v1');
    expectNone(inventoryVersions, withServers('  - url: https://api.example.com/v2'));
  });
});


describe('Swagger 2.0', () => {
  const swagger = (extra: { schemes?: string; host?: boolean; definitions?: string } = {}) => dedent(`
    swagger: '2.0'
    info: { title: Pets, version: '1' }
    ${extra.host === false ? '' : 'host: pets.example.com'}
    schemes: [${extra.schemes ?? 'https'}]
    securityDefinitions:
      basic: { type: basic }
      key: { type: apiKey, in: query, name: key }
    security:
      - basic: []
    paths:
      /pets:
        post:
          security: [{ key: [] }]
          parameters:
            - name: pet
              in: body
              schema: { $ref: '#/definitions/Pet' }
          responses: { '201': { description: created } }
    definitions:
      Pet:
        type: object${extra.definitions ?? ''}
        properties:
          name: { type: string, maxLength: 50 }
          owner_id: { type: string, maxLength: 50 }
  `);

  it('reads security definitions, host and schemes, and body parameters', () => {
    expectHit(authBasic, swagger(), 'basic: { type: basic }');
    expectHit(apiKeyInQuery, swagger(), 'key: { type: apiKey');
    expectHit(httpServer, swagger({ schemes: 'http, https' }), 'schemes: [http, https]', { message: /http:\/\/pets.example.com/ });
    expectNone(httpServer, swagger());
    expectHit(massAssignment, swagger(), 'Pet:');
    expectNone(massAssignment, swagger({ definitions: '\n        additionalProperties: false' }));
  });
});
