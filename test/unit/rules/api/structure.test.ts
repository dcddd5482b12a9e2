// Structure and references: each rule with a positive case, a negative case and the line it points at.
import { describe, expect, it } from 'vitest';
import { pathsAmbiguous, pathsIdentical } from '../../../../main/analysis/rules/api/path-collisions.js';
import {
  pathEmptyTemplate, pathParamUndefined, pathParamUnused, pathQueryInKey, pathTrailingSlash,
} from '../../../../main/analysis/rules/api/path-templates.js';
import { operationIdMissing, operationIdUnique, operationIdUrlSafe, paramsUnique } from '../../../../main/analysis/rules/api/operation-ids.js';
import { refUnresolved, unusedComponent } from '../../../../main/analysis/rules/api/references.js';
import { arrayItemsMissing, enumDuplicate, enumTypeMismatch, requiredPropertyUndefined } from '../../../../main/analysis/rules/api/schema-validity.js';
import { scopesUndefined, securitySchemeUndefined, securitySchemeUnused } from '../../../../main/analysis/rules/api/security-definitions.js';
import { serversMissing, serverVariables } from '../../../../main/analysis/rules/api/servers.js';
import { DEFAULT_COMPONENTS, dedent, expectHit, expectNone, oas, run, SPEC } from './helpers.js';

const OK = `responses: { '200': { description: ok } }`;

describe('references', () => {
  const withRef = (ref: string) => oas(`
    /users:
      get:
        responses:
          '200':
            description: ok
            content:
              application/json:
                schema:
                  $ref: '${ref}'
  `, { components: `${DEFAULT_COMPONENTS}\nschemas:\n  User: { type: object }` });

  it('api.ref-unresolved: a local pointer to nothing, at the $ref line', () => {
    const finding = expectHit(refUnresolved, withRef('#/components/schemas/Usr'), "$ref: '#/components/schemas/Usr'");
    expect(finding.message).toContain('has nothing at #/components/schemas/Usr');
    expectNone(refUnresolved, withRef('#/components/schemas/User'));
  });

  it('api.ref-unresolved: a file that does not exist, and a pointer missing from another file', () => {
    expectHit(refUnresolved, withRef('schemas/missing.yaml#/User'), 'schemas/missing.yaml');
    const files = { [SPEC]: withRef('schemas/user.yaml#/User'), 'api/schemas/user.yaml': 'Person:\n  type: object\n' };
    expectHit(refUnresolved, files, 'schemas/user.yaml#/User');
    expectNone(refUnresolved, { [SPEC]: withRef('schemas/user.yaml#/User'), 'api/schemas/user.yaml': 'User:\n  type: object\n' });
  });

  it('api.unused-component: reports the unused schema at its key', () => {
    const text = oas(`
      /users:
        get:
          responses:
            '200':
              description: ok
              content: { application/json: { schema: { $ref: '#/components/schemas/User' } } }
    `, { components: `${DEFAULT_COMPONENTS}\nschemas:\n  User: { type: object }\n  Orphan: { type: object }` });
    const finding = expectHit(unusedComponent, text, 'Orphan:');
    expect(finding.element).toBe('api/openapi.yaml#/components/schemas/Orphan');
    expect(run(unusedComponent, text)).toHaveLength(1);
  });

  it('api.unused-component: a component referenced only from a split-out path file is used (multi-file)', () => {
    const root = oas(`
      /people:
        $ref: paths/people.yaml
    `, { components: `${DEFAULT_COMPONENTS}\nschemas:\n  Person: { type: object }` });
    const people = dedent(`
      get:
        responses:
          '200':
            description: ok
            content: { application/json: { schema: { $ref: '../openapi.yaml#/components/schemas/Person' } } }
    `);
    expectNone(unusedComponent, { [SPEC]: root, 'api/paths/people.yaml': people });
    // Without that reference the same component is unused.
    expectHit(unusedComponent, { [SPEC]: root, 'api/paths/people.yaml': people.replace(/content:.*/, '') }, 'Person:');
  });

  it('api.unused-component: a discriminator mapping counts as a use', () => {
    const text = oas(`
      /pets:
        get:
          responses:
            '200':
              description: ok
              content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } }
    `, { components: `${DEFAULT_COMPONENTS}\nschemas:\n  Pet:\n    type: object\n    discriminator: { propertyName: kind, mapping: { dog: '#/components/schemas/Dog' } }\n  Dog: { type: object }` });
    expectNone(unusedComponent, text);
  });
});

describe('path templates', () => {
  it('api.path-param-undefined: {id} with no path parameter, at the operation', () => {
    const text = oas(`
      /users/{id}:
        get:
          ${OK}
    `);
    expectHit(pathParamUndefined, text, 'get:', { message: /uses \{id\} in its path but declares no path parameter named "id"/ });
    expectNone(pathParamUndefined, oas(`
      /users/{id}:
        parameters:
          - { name: id, in: path, required: true, schema: { type: string } }
        get:
          ${OK}
    `));
  });

  it('api.path-param-unused: a path parameter the template does not have, at the parameter', () => {
    const text = oas(`
      /users/{id}:
        get:
          parameters:
            - { name: id, in: path, required: true, schema: { type: string } }
            - { name: userId, in: path, required: true, schema: { type: string } }
          ${OK}
    `);
    expectHit(pathParamUnused, text, 'name: userId');
    expectNone(pathParamUnused, text.replace(/\s+- \{ name: userId.*\n/, '\n'));
  });

  it('api.path-empty-template, api.path-query-in-key and api.path-trailing-slash point at the path key', () => {
    expectHit(pathEmptyTemplate, oas(`/users/{}:\n  get:\n    ${OK}`), '/users/{}:');
    expectNone(pathEmptyTemplate, oas(`/users/{id}:\n  get:\n    ${OK}`));
    expectHit(pathQueryInKey, oas(`/users?active=true:\n  get:\n    ${OK}`), '/users?active=true:');
    expectNone(pathQueryInKey, oas(`/users:\n  get:\n    ${OK}`));
    expectHit(pathTrailingSlash, oas(`/users/:\n  get:\n    ${OK}`), '/users/:');
    expectNone(pathTrailingSlash, oas(`/:\n  get:\n    ${OK}\n/users:\n  get:\n    ${OK}`));
  });

  it('api.paths-identical: the same template under another variable name, at the later path', () => {
    const text = oas(`
      /users/{id}:
        get:
          ${OK}
      /users/{userId}:
        delete:
          ${OK}
    `);
    const finding = expectHit(pathsIdentical, text, '/users/{userId}:');
    expect(finding.related?.[0].line).toBe(text.split('\n').findIndex((line) => line.includes('/users/{id}:')) + 1);
    expectNone(pathsIdentical, oas(`/users/{id}:\n  get:\n    ${OK}\n/users/me:\n  get:\n    ${OK}`));
  });

  it('api.paths-ambiguous: each path has a literal where the other has a variable', () => {
    const text = oas(`
      /{org}/users:
        get:
          ${OK}
      /acme/{resource}:
        get:
          ${OK}
    `);
    expectHit(pathsAmbiguous, text, '/acme/{resource}:');
    // One more specific than the other is not ambiguous.
    expectNone(pathsAmbiguous, oas(`/users/{id}:\n  get:\n    ${OK}\n/users/me:\n  get:\n    ${OK}`));
  });
});

describe('operation ids and parameters', () => {
  it('api.operationId-missing: at the operation', () => {
    expectHit(operationIdMissing, oas(`/users:\n  get:\n    ${OK}`), 'get:');
    expectNone(operationIdMissing, oas(`/users:\n  get:\n    operationId: listUsers\n    ${OK}`));
  });

  it('api.operationId-unique: the second use, at its operationId', () => {
    const text = oas(`
      /users:
        get:
          operationId: listUsers
          ${OK}
      /people:
        get:
          operationId: listUsers
          ${OK}
    `);
    expectHit(operationIdUnique, text, 'operationId: listUsers', { occurrence: 2, message: /reuses operationId "listUsers" of GET \/users/ });
    expectNone(operationIdUnique, oas(`/users:\n  get:\n    operationId: listUsers\n    ${OK}\n/people:\n  get:\n    operationId: listPeople\n    ${OK}`));
  });

  it('api.operationId-url-safe: spaces are not URL-safe; dots and underscores are', () => {
    expectHit(operationIdUrlSafe, oas(`/users:\n  get:\n    operationId: list all users\n    ${OK}`), 'operationId: list all users');
    expectNone(operationIdUrlSafe, oas(`/users:\n  get:\n    operationId: api_views.users.list\n    ${OK}`));
  });

  it('api.params-unique: the duplicate declaration, not an operation-level override', () => {
    const text = oas(`
      /users:
        get:
          parameters:
            - { name: limit, in: query, schema: { type: integer } }
            - { name: limit, in: query, schema: { type: string } }
          ${OK}
    `);
    expectHit(paramsUnique, text, 'name: limit', { occurrence: 2 });
    expectNone(paramsUnique, oas(`
      /users:
        parameters:
          - { name: limit, in: query, schema: { type: integer } }
        get:
          parameters:
            - { name: limit, in: query, schema: { type: integer, maximum: 50 } }
          ${OK}
    `));
  });
});

describe('security definitions', () => {
  it('api.security-scheme-undefined: at the requirement that names it', () => {
    const text = oas(`
      /users:
        get:
          security:
            - oauth: []
          ${OK}
    `);
    expectHit(securitySchemeUndefined, text, '- oauth: []', { message: /requires security scheme "oauth"/ });
    expectNone(securitySchemeUndefined, oas(`/users:\n  get:\n    security:\n      - bearer: []\n    ${OK}`));
  });

  it('api.scopes-undefined: a scope the OAuth flows do not declare, at the scope', () => {
    const components = dedent(`
      securitySchemes:
        oauth:
          type: oauth2
          flows:
            clientCredentials:
              tokenUrl: https://auth.example.com/token
              scopes: { users:read: read users }
    `);
    const text = (scope: string) => oas(`
      /users:
        get:
          security:
            - oauth:
                - ${scope}
          ${OK}
    `, { components });
    expectHit(scopesUndefined, text('users:write'), '- users:write');
    expectNone(scopesUndefined, text('users:read'));
  });

  it('api.security-scheme-unused: a scheme nothing requires, at its definition', () => {
    const components = `${DEFAULT_COMPONENTS}\n  apiKey: { type: apiKey, in: header, name: X-API-Key }`;
    expectHit(securitySchemeUnused, oas(`/users:\n  get:\n    ${OK}`, { components }), 'apiKey:');
    expectNone(securitySchemeUnused, oas(`/users:\n  get:\n    ${OK}`));
  });
});

describe('servers', () => {
  const head = (servers: string) => `info: { title: T, version: '1' }\n${servers}`;

  it('api.servers-missing: at the openapi key', () => {
    expectHit(serversMissing, oas(`/users:\n  get:\n    ${OK}`, { head: head('') }), 'openapi: 3.0.3');
    expectNone(serversMissing, oas(`/users:\n  get:\n    ${OK}`));
    // Servers on every operation are servers too.
    expectNone(serversMissing, oas(`/users:\n  servers: [{ url: 'https://users.example.com' }]\n  get:\n    ${OK}`, { head: head('') }));
  });

  it('api.server-variables: undefined variable, default outside its enum', () => {
    const text = oas(`/users:\n  get:\n    ${OK}`, { head: head(dedent(`
      servers:
        - url: https://{region}.example.com/{basePath}
          variables:
            region: { default: eu, enum: [us, ap] }
    `)) });
    const findings = run(serverVariables, text);
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining('defines no variable "basePath"'),
      expect.stringContaining('defaults to "eu", which is not one of its enum values'),
    ]);
    expectHit(serverVariables, text, 'default: eu');
    expectHit(serverVariables, text, '- url: https://{region}');
    expectNone(serverVariables, oas(`/users:\n  get:\n    ${OK}`, { head: head('servers:\n  - url: https://{region}.example.com\n    variables:\n      region: { default: eu, enum: [eu, us] }') }));
  });
});

describe('schema validity', () => {
  const schema = (body: string) => oas(`
    /users:
      get:
        responses:
          '200':
            description: ok
            content: { application/json: { schema: { $ref: '#/components/schemas/User' } } }
  `, { components: `${DEFAULT_COMPONENTS}\nschemas:\n  User:\n${dedent(body).split('\n').map((line) => `    ${line}`).join('\n')}` });

  it('api.enum-duplicate: at the repeated value', () => {
    const text = schema(`
      type: string
      enum:
        - active
        - closed
        - active
    `);
    expectHit(enumDuplicate, text, '- active', { occurrence: 2 });
    expectNone(enumDuplicate, text.replace(/- active\n(\s*)$/m, '- paused\n$1'));
  });

  it('api.enum-type-mismatch: a number in a string enum (unquoted YAML), at the value', () => {
    const text = schema(`
      type: string
      enum:
        - '1'
        - 2
    `);
    expectHit(enumTypeMismatch, text, '- 2', { message: /Enum value 2 is not of type string/ });
    expectNone(enumTypeMismatch, schema(`type: string\nnullable: true\nenum: ['1', '2', null]`));
  });

  it('api.array-items-missing: at the array schema', () => {
    const text = schema(`
      type: object
      properties:
        tags:
          type: array
    `);
    expectHit(arrayItemsMissing, text, 'tags:');
    expectNone(arrayItemsMissing, schema(`type: object\nproperties:\n  tags:\n    type: array\n    items: { type: string }`));
  });

  it('api.required-property-undefined: at the required name; allOf siblings count', () => {
    const text = schema(`
      type: object
      required: [name, emial]
      properties:
        name: { type: string }
        email: { type: string }
    `);
    expectHit(requiredPropertyUndefined, text, 'required: [name, emial]', { message: /"emial" is required/ });
    expectNone(requiredPropertyUndefined, schema(`
      allOf:
        - type: object
          properties:
            name: { type: string }
        - type: object
          required: [name, email]
          properties:
            email: { type: string }
    `));
  });
});
