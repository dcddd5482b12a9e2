// Bad input is normal input: every API rule runs over malformed specs, schemas and SDL without throwing.
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../../main/analysis/engine.js';
import { API_RULES } from '../../../../main/analysis/rules/api/index.js';
import { contextFromFiles, type ProjectFiles } from '../../../support/rule-harness.js';
import { dedent } from './helpers.js';

const MALFORMED: Record<string, ProjectFiles> = {
  'wrong types everywhere': {
    'openapi.yaml': dedent(`
      openapi: 3.1.0
      info: just a string
      servers: not-a-list
      security: [ 42, { bearer: not-a-list } ]
      tags: { a: b }
      paths:
        /a/{id}:
          parameters: nope
          get: a string
          post:
            parameters: [ null, 3, { $ref: '#/nowhere' }, { name: id } ]
            requestBody: { content: { application/json: { schema: [1, 2] } } }
            responses: [ ]
            security: { x: y }
            tags: 7
          put:
            requestBody: { $ref: '#/components/requestBodies/Missing' }
            responses:
              '200': { $ref: '#/components/responses/Loop' }
        /b:
          $ref: '#/paths/~1b'
        /c: null
      components:
        schemas:
          A: { type: [string, 'null'], enum: { not: list }, required: yes, properties: [], items: 5 }
          B: { allOf: [ { $ref: '#/components/schemas/B' } ], required: [x] }
          C: { $ref: '#/components/schemas/C' }
        responses:
          Loop: { $ref: '#/components/responses/Loop' }
        securitySchemes:
          bearer: [ not, an, object ]
          oauth: { type: oauth2, flows: [ implicit ] }
    `),
  },
  'swagger with missing pieces': {
    'swagger.json': JSON.stringify({
      swagger: '2.0', host: 5, schemes: 'http', basePath: null,
      securityDefinitions: { key: { type: 'apiKey' }, o: { type: 'oauth2' } },
      paths: { '/x/{y}': { get: { parameters: [{ in: 'body' }, { name: 'y', in: 'path', type: 'array' }], responses: { default: null } } } },
      definitions: { D: { type: 'array' } },
    }),
  },
  'refs to files that are not specs': {
    'api/openapi.yaml': "openapi: 3.0.0\ninfo: { title: T, version: '1' }\npaths:\n  /p:\n    $ref: '../README.md'\n  /q:\n    get:\n      responses:\n        '200': { $ref: 'common.yaml#/responses/Ok' }\n",
    'api/common.yaml': 'responses: [ 1 ]\n',
    'README.md': '# not yaml: [',
  },
  'graphql and proto that barely parse': {
    'schema.graphql': 'type Query { a: [A], b(first: Int): [[A!]!] }\nextend type Query { c: [Unknown] }\nunion A = X | Y\ntype X { x: Int }\ntype Y { y: Int }\n',
    'svc.proto': 'syntax = "proto3";\nservice S { rpc ListThings(Req) returns (stream Res); rpc Get(.Req) returns (Res); }\nmessage Req {}\nmessage Res { repeated Res children = 1; map<string, Res> byName = 2; }\nenum E { option allow_alias = true; A = 0; B = 0; }\n',
  },
};

describe('API rules on malformed input', () => {
  it.each(Object.entries(MALFORMED))('%s: no rule fails', (_name, files) => {
    const result = runRules(API_RULES, contextFromFiles(files));
    expect(result.failures).toEqual([]);
    expect(result.findings.length).toBeGreaterThan(0); // the rules did run over something
    for (const finding of result.findings) {
      expect(finding.location.line).toBeGreaterThanOrEqual(1);
      expect(finding.location.file).toBeTruthy();
    }
  });
});
