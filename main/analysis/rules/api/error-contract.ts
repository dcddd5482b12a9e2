/**
 * The error contract of each operation. A spec that documents no errors at all gets one finding per
 * operation (api.op-4xx-response), not one per missing status; the narrower rules (validation, 401,
 * 500) speak only once an operation has started to document its errors.
 */
import type { Endpoint } from '../../../../shared/model/model.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import {
  declaresStatus, declaresStatusIn, endpointHit, hasResponses, httpEndpoints, isSecured, parametersOf, requestBodyOf, statusesOf,
} from './support/endpoint-facts.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const hasDefault = (endpoint: Endpoint) => statusesOf(endpoint).includes('DEFAULT');
const declaresAny4xx = (endpoint: Endpoint) => declaresStatusIn(endpoint, 400, 499);

function each(context: RuleContext, test: (endpoint: Endpoint) => string | undefined): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const endpoint of httpEndpoints(context.model)) {
    const message = test(endpoint);
    if (message) hits.push(endpointHit(endpoint, message, { location: SpecWorkspace.of(context).locationIn(endpoint, 'responses') }));
  }
  return hits;
}

export const opSuccessResponse: Rule = {
  id: 'api.op-success-response',
  title: 'Operation without a success response',
  category: 'api',
  severity: 'medium',
  rationale: 'Without a 2xx (or 3xx) response, clients do not know what success looks like: generated clients return nothing or treat every answer as an error, and contract tests cannot check the happy path.',
  remediation: 'Declare the success status the operation returns (200, 201, 202 or 204) with its body schema.',
  references: [REF.oasResponses],
  check: (context) => each(context, (endpoint) => {
    if (!hasResponses(endpoint)) return `${endpoint.id} declares no responses at all.`;
    if (declaresStatusIn(endpoint, 200, 399) || statusesOf(endpoint).includes('101')) return undefined;
    return `${endpoint.id} declares no success (2xx or 3xx) response.`;
  }),
};

export const op4xxResponse: Rule = {
  id: 'api.op-4xx-response',
  title: 'Operation documents no client errors',
  category: 'reliability',
  severity: 'low',
  owaspApi: 'API8:2023',
  rationale: 'Every operation can fail: invalid input, missing credentials, missing objects. If the contract documents no error response, clients cannot tell failures apart, retry what must not be retried, and error bodies drift (sometimes leaking stack traces) because nothing describes them.',
  remediation: 'Declare the 4xx responses the operation returns (400/422, 401, 403, 404, 409, 429) and a 5xx or `default` response, with one shared error schema (RFC 9457 problem details).',
  references: [REF.oasResponses, REF.problemDetails, REF.api8],
  check: (context) => each(context, (endpoint) => {
    if (!hasResponses(endpoint) || declaresAny4xx(endpoint) || hasDefault(endpoint)) return undefined;
    const noServerError = !declaresStatusIn(endpoint, 500, 599);
    return `${endpoint.id} declares no 4xx response${noServerError ? ' (and no 5xx or default either): its error contract is undocumented' : ''}.`;
  }),
};

export const validationErrorResponse: Rule = {
  id: 'api.validation-error-response',
  title: 'Operation with inputs but no 400/422 response',
  category: 'reliability',
  severity: 'low',
  owaspApi: 'API8:2023',
  rationale: 'An operation that takes a body or query, header or cookie parameters will reject some of them (path parameters alone usually fail as 404). If its documented errors include neither 400 nor 422, clients cannot tell a validation failure from other errors and show users nothing useful.',
  remediation: 'Declare 400 (malformed request) and/or 422 (well-formed but invalid) with an error schema that names the offending fields.',
  references: [REF.oasResponses, REF.problemDetails],
  check: (context) => each(context, (endpoint) => {
    if (!hasResponses(endpoint) || !declaresAny4xx(endpoint) || hasDefault(endpoint)) return undefined;
    const inputs = requestBodyOf(endpoint) ? 'a request body' : parametersOf(endpoint).some((parameter) => parameter.in !== 'path') ? 'parameters' : undefined;
    if (!inputs || declaresStatus(endpoint, 400) || declaresStatus(endpoint, 422)) return undefined;
    return `${endpoint.id} takes ${inputs} but declares neither 400 nor 422 for invalid input.`;
  }),
};

export const unauthorizedDeclared: Rule = {
  id: 'api.401-declared',
  title: 'Secured operation without a 401 response',
  category: 'reliability',
  severity: 'low',
  owaspApi: 'API8:2023',
  rationale: 'A secured operation answers 401 when credentials are missing or expired. If the contract does not say so, clients cannot tell "log in again" from other failures, and token refresh logic has nothing to key on.',
  remediation: 'Declare 401 (with WWW-Authenticate) on secured operations, and 403 where authorization can fail.',
  references: [REF.oasResponses, REF.api8],
  check: (context) => each(context, (endpoint) => {
    if (!isSecured(endpoint) || !hasResponses(endpoint) || !declaresAny4xx(endpoint) || hasDefault(endpoint) || declaresStatus(endpoint, 401)) return undefined;
    return `${endpoint.id} requires authentication but does not declare 401.`;
  }),
};

export const serverErrorDeclared: Rule = {
  id: 'api.500-declared',
  title: 'Operation without a 5xx or default response',
  category: 'reliability',
  severity: 'low',
  owaspApi: 'API8:2023',
  rationale: 'Server errors happen; when their shape is not in the contract, implementations return framework defaults (HTML pages, stack traces) and clients cannot parse them.',
  remediation: 'Declare 500 (or 5XX, or a `default` response) with the shared error schema, and make sure the server never includes internals in it.',
  references: [REF.oasResponses, REF.problemDetails, REF.api8],
  check: (context) => each(context, (endpoint) => {
    if (!hasResponses(endpoint) || !declaresAny4xx(endpoint) || hasDefault(endpoint) || declaresStatusIn(endpoint, 500, 599)) return undefined;
    return `${endpoint.id} documents client errors but no 5xx or default response.`;
  }),
};
