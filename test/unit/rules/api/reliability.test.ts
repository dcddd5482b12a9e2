// Error contract, rate limiting, idempotency, pagination, async and deprecation, docs hygiene.
import { describe, expect, it } from 'vitest';
import { deprecatedWithoutSunset } from '../../../../main/analysis/rules/api/deprecation.js';
import { infoContact, infoDescription, infoLicense, operationDescription, operationTags } from '../../../../main/analysis/rules/api/docs-hygiene.js';
import {
  op4xxResponse, opSuccessResponse, serverErrorDeclared, unauthorizedDeclared, validationErrorResponse,
} from '../../../../main/analysis/rules/api/error-contract.js';
import { postIdempotencyKey } from '../../../../main/analysis/rules/api/idempotency.js';
import { longRunning202Location } from '../../../../main/analysis/rules/api/long-running.js';
import { listPagination } from '../../../../main/analysis/rules/api/pagination.js';
import { rateLimit429Declared, retryAfterOn429, retryAfterOn503 } from '../../../../main/analysis/rules/api/rate-limiting.js';
import { dedent, expectHit, expectNone, lineOf, oas, run } from './helpers.js';

/** One operation with the given responses (YAML under `responses:`). */
const op = (method: string, path: string, responses: string, extra = '') => oas(`
  ${path}:
    ${method}:
${extra ? dedent(extra).split('\n').map((line) => `      ${line}`).join('\n') + '\n' : ''}      responses:
${dedent(responses).split('\n').map((line) => `        ${line}`).join('\n')}
`);

describe('error contract', () => {
  it('api.op-success-response: no 2xx or 3xx, at `responses`', () => {
    expectHit(opSuccessResponse, op('get', '/orders', `'404': { description: missing }`), 'responses:');
    expectNone(opSuccessResponse, op('get', '/orders', `'200': { description: ok }`));
    expectNone(opSuccessResponse, op('get', '/old', `'301': { description: moved }`));
  });

  it('api.op-4xx-response: no client error at all, one finding that also notes the missing 5xx', () => {
    expectHit(op4xxResponse, op('get', '/orders', `'200': { description: ok }`), 'responses:', { message: /no 4xx response \(and no 5xx or default either\)/ });
    expectNone(op4xxResponse, op('get', '/orders', `'200': { description: ok }\n'404': { description: missing }`));
    expectNone(op4xxResponse, op('get', '/orders', `'200': { description: ok }\ndefault: { description: error }`));
  });

  it('api.validation-error-response: a body but errors other than 400/422', () => {
    const body = `requestBody:\n  content: { application/json: { schema: { type: object } } }`;
    expectHit(validationErrorResponse, op('post', '/orders', `'201': { description: ok }\n'409': { description: conflict }`, body), 'responses:', { message: /takes a request body but declares neither 400 nor 422/ });
    expectNone(validationErrorResponse, op('post', '/orders', `'201': { description: ok }\n'422': { description: invalid }`, body));
    // A path parameter alone fails as 404, not as a validation error.
    expectNone(validationErrorResponse, op('get', '/orders/{id}', `'200': { description: ok }\n'404': { description: missing }`, `parameters: [{ name: id, in: path, required: true, schema: { type: string } }]`));
  });

  it('api.401-declared: secured and documenting errors, but no 401', () => {
    expectHit(unauthorizedDeclared, op('get', '/orders', `'200': { description: ok }\n'404': { description: missing }`), 'responses:');
    expectNone(unauthorizedDeclared, op('get', '/orders', `'200': { description: ok }\n'401': { description: unauthenticated }`));
    expectNone(unauthorizedDeclared, op('get', '/orders', `'200': { description: ok }\n'4XX': { description: client error }`));
  });

  it('api.500-declared: client errors documented, server errors not', () => {
    expectHit(serverErrorDeclared, op('get', '/orders', `'200': { description: ok }\n'401': { description: unauthenticated }`), 'responses:');
    expectNone(serverErrorDeclared, op('get', '/orders', `'200': { description: ok }\n'401': { description: x }\n'5XX': { description: error }`));
  });
});

describe('rate limiting', () => {
  it('api.429-declared: an anonymous login without 429 is high, at its responses', () => {
    const text = op('post', '/auth/login', `'200': { description: ok }\n'401': { description: wrong password }`, 'security: []');
    const finding = expectHit(rateLimit429Declared, text, 'responses:');
    expect(finding).toMatchObject({ severity: 'high', element: 'api/openapi.yaml#POST /auth/login' });
    expectNone(rateLimit429Declared, op('post', '/auth/login', `'200': { description: ok }\n'429': { description: slow down }`, 'security: []'));
  });

  it('api.429-declared: a spec with no 429 anywhere gets one low finding at `paths`', () => {
    const text = op('get', '/orders', `'200': { description: ok }`);
    expect(run(rateLimit429Declared, text)).toEqual([expect.objectContaining({ severity: 'low', element: 'api/openapi.yaml', location: expect.objectContaining({ line: lineOf(text, 'paths:') }) })]);
  });

  it('api.retry-after-on-429 and api.retry-after-on-503: at the response', () => {
    expectHit(retryAfterOn429, op('get', '/orders', `'200': { description: ok }\n'429': { description: slow down }`), "'429'");
    expectNone(retryAfterOn429, op('get', '/orders', `'200': { description: ok }\n'429':\n  description: slow down\n  headers:\n    Retry-After: { schema: { type: integer } }`));
    expectHit(retryAfterOn503, op('get', '/orders', `'200': { description: ok }\n'503': { description: down }`), "'503'");
    expectNone(retryAfterOn503, op('get', '/orders', `'200': { description: ok }\n'503':\n  description: down\n  headers:\n    Retry-After: { schema: { type: integer } }`));
  });
});

describe('idempotency, pagination, async, deprecation', () => {
  it('api.post-idempotency-key: a create without the header, at the operation', () => {
    expectHit(postIdempotencyKey, op('post', '/payments', `'201': { description: created }`), 'post:', { message: /returns 201 Created but accepts no Idempotency-Key header/ });
    expectNone(postIdempotencyKey, op('post', '/payments', `'201': { description: created }`, `parameters:\n  - { name: Idempotency-Key, in: header, required: true, schema: { type: string, maxLength: 64 } }`));
    expectNone(postIdempotencyKey, op('post', '/payments/search', `'200': { description: results }`));
    // Twilio-style: the key is a field of the form body.
    expectNone(postIdempotencyKey, op('post', '/payments', `'201': { description: created }`, `requestBody:\n  content:\n    application/x-www-form-urlencoded:\n      schema: { type: object, properties: { IdempotencyKey: { type: string } } }`));
  });

  it('api.list-pagination: a GET returning an array with no paging, at the operation', () => {
    const list = `'200':\n  description: ok\n  content:\n    application/json:\n      schema:\n        type: object\n        properties:\n          items:\n            type: array\n            items: { type: object, properties: { id: { type: string } } }`;
    expectHit(listPagination, op('get', '/orders', list), 'get:', { message: /returns an array in "items" with no pagination parameters/ });
    expectNone(listPagination, op('get', '/orders', list, `parameters:\n  - { name: page_size, in: query, schema: { type: integer, maximum: 100 } }`));
    expectNone(listPagination, op('get', '/orders', list.replace('type: array', 'type: array\n            maxItems: 100')));
  });

  it('api.long-running-202-location: 202 without Location, at the response', () => {
    expectHit(longRunning202Location, op('post', '/exports', `'202': { description: accepted }`), "'202'");
    expectNone(longRunning202Location, op('post', '/exports', `'202':\n  description: accepted\n  headers:\n    Location: { schema: { type: string } }`));
    expectNone(longRunning202Location, op('post', '/exports', `'202':\n  description: accepted\n  content:\n    application/json:\n      schema: { type: object, properties: { status_url: { type: string } } }`));
  });

  it('api.deprecated-without-sunset: at the `deprecated` key', () => {
    expectHit(deprecatedWithoutSunset, op('get', '/v1/orders', `'200': { description: ok }`, 'deprecated: true'), 'deprecated: true');
    expectNone(deprecatedWithoutSunset, op('get', '/v1/orders', `'200':\n  description: ok\n  headers:\n    Sunset: { schema: { type: string } }`, 'deprecated: true'));
    expectNone(deprecatedWithoutSunset, op('get', '/v1/orders', `'200': { description: ok }`, 'deprecated: true\nx-sunset: 2026-12-31'));
  });
});

describe('docs hygiene', () => {
  const bare = oas(`/orders:\n  get:\n    responses: { '200': { description: ok } }`, { head: `info:\n  title: T\n  version: '1'\nservers: [{ url: 'https://api.example.com' }]` });

  it('api.info-contact, api.info-description, api.info-license: at `info`', () => {
    for (const rule of [infoContact, infoDescription, infoLicense]) {
      expectHit(rule, bare, 'info:');
      expectNone(rule, oas(`/orders:\n  get:\n    responses: { '200': { description: ok } }`));
    }
  });

  it('api.operation-description: neither summary nor description, at the operation', () => {
    expectHit(operationDescription, bare, 'get:');
    expectNone(operationDescription, op('get', '/orders', `'200': { description: ok }`, 'summary: List orders'));
  });

  it('api.operation-tags: untagged, and a tag the top-level list does not declare', () => {
    expectHit(operationTags, bare, 'get:', { message: /has no tags/ });
    const declared = oas(`/orders:\n  get:\n    tags: [orders, billing]\n    responses: { '200': { description: ok } }`, { head: `info: { title: T, version: '1' }\ntags:\n  - name: orders` });
    expectHit(operationTags, declared, 'tags: [orders, billing]', { message: /tag "billing"/ });
    expect(run(operationTags, declared)).toHaveLength(1);
    expectNone(operationTags, op('get', '/orders', `'200': { description: ok }`, 'tags: [orders]'));
  });
});
