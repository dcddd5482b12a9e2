/**
 * Typed views of what the OpenAPI ingest records on an endpoint (`properties`): parameters,
 * request body, responses and servers, plus the few judgements several
 * rules share (is it secured, is it a write, does it look like a login).
 */
import type { Endpoint, SourceLocation, SystemModel } from '../../../../../shared/model/model.js';
import { asArray, asRecord, asString } from '../../../../ingest/elements.js';
import type { RuleHit } from '../../../rule.js';

export type Schema = Record<string, unknown>;

export interface ParameterFact {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

export interface MediaFact {
  schema?: Schema;
}

export interface ResponseFact {
  headers: string[];
  content: Record<string, MediaFact>;
}

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The types a schema allows (`type: string` or `type: [string, 'null']`). */
export function schemaTypes(schema: Schema): string[] {
  return typeof schema.type === 'string' ? [schema.type] : asArray(schema.type).map(String);
}

/** `schemaTypes(schema).includes(type)` without building the list: asked of every schema and field. */
export function allowsType(schema: Schema, type: string): boolean {
  return schema.type === type || (Array.isArray(schema.type) && schema.type.some((item) => String(item) === type));
}

/** HTTP endpoints of the model (OpenAPI operations). */
export function httpEndpoints(model: SystemModel): Endpoint[] {
  return model.endpoints.filter((endpoint) => endpoint.protocol === 'http');
}

/** The element id of an endpoint: its id, prefixed with the file it is defined in so it is unique across specs. */
export function elementOf(endpoint: Endpoint): string {
  return `${endpoint.source.file}#${endpoint.id}`;
}

/** A hit on an endpoint at its own source location unless another is given. */
export function endpointHit(endpoint: Endpoint, message: string, extra: Partial<RuleHit> & { location?: SourceLocation } = {}): RuleHit {
  return { element: elementOf(endpoint), location: endpoint.source, message, ...extra };
}

/** Parameters as recorded by the ingest (path-level merged with operation-level; body and form excluded). */
export function parametersOf(endpoint: Endpoint): ParameterFact[] {
  return asArray(endpoint.properties?.parameters).flatMap((raw) => {
    const record = asRecord(raw);
    const name = asString(record?.name);
    const location = asString(record?.in);
    if (!record || !name || !location) return [];
    return [{ name, in: location, required: record.required === true, schema: asRecord(record.schema) }];
  });
}

/** The request body's media types and schemas, or undefined when the operation takes none. */
export function requestBodyOf(endpoint: Endpoint): { required: boolean; content: Record<string, MediaFact> } | undefined {
  const body = asRecord(endpoint.properties?.requestBody);
  if (!body) return undefined;
  const content: Record<string, MediaFact> = {};
  for (const [type, media] of Object.entries(asRecord(body.content) ?? {})) content[type] = { schema: asRecord(asRecord(media)?.schema) };
  return { required: body.required === true, content };
}

/** The responses of an endpoint as facts, with their statuses upper-cased. */
interface ResponsesFacts {
  byStatus: Record<string, ResponseFact>;
  statuses: string[];
}

/**
 * Response facts by the ingest's `responses` object: a dozen rules ask for them on every endpoint and the
 * answer never changes, so they are built once. Shared and read-only, like the model they come from.
 */
const responsesCache = new WeakMap<object, ResponsesFacts>();

function responsesFacts(endpoint: Endpoint): ResponsesFacts | undefined {
  const responses = asRecord(endpoint.properties?.responses);
  if (!responses) return undefined;
  let facts = responsesCache.get(responses);
  if (!facts) {
    const byStatus: Record<string, ResponseFact> = {};
    for (const [status, raw] of Object.entries(responses)) {
      const response = asRecord(raw) ?? {};
      const content: Record<string, MediaFact> = {};
      for (const [type, media] of Object.entries(asRecord(response.content) ?? {})) content[type] = { schema: asRecord(asRecord(media)?.schema) };
      byStatus[status] = { headers: asArray(response.headers).map(String), content };
    }
    facts = { byStatus, statuses: Object.keys(byStatus).map((status) => status.toUpperCase()) };
    responsesCache.set(responses, facts);
  }
  return facts;
}

/** Responses by status code (`200`, `4XX`, `default`). Read-only: the facts are shared between rules. */
export function responsesOf(endpoint: Endpoint): Readonly<Record<string, ResponseFact>> {
  return responsesFacts(endpoint)?.byStatus ?? {};
}

/** True when the operation declares any response at all (an operation without `responses` is a different problem). */
export function hasResponses(endpoint: Endpoint): boolean {
  return asRecord(endpoint.properties?.responses) !== undefined;
}

/** Statuses declared, upper-cased (`4XX`, `DEFAULT`). Read-only: the list is shared between rules. */
export function statusesOf(endpoint: Endpoint): readonly string[] {
  return responsesFacts(endpoint)?.statuses ?? [];
}

/** True when a status or its range (`4XX`) is declared. */
export function declaresStatus(endpoint: Endpoint, status: number): boolean {
  const statuses = statusesOf(endpoint);
  return statuses.includes(String(status)) || statuses.includes(`${String(status)[0]}XX`);
}

/** True when one of the statuses in [low, high] (or a matching range) is declared. */
export function declaresStatusIn(endpoint: Endpoint, low: number, high: number): boolean {
  return statusesOf(endpoint).some((status) => {
    if (/^\dXX$/.test(status)) return Number(status[0]) * 100 <= high && Number(status[0]) * 100 + 99 >= low;
    const code = Number(status);
    return Number.isFinite(code) && code >= low && code <= high;
  });
}

/** True when a response of `status` declares a header (case-insensitive). */
export function responseHasHeader(response: ResponseFact | undefined, header: string): boolean {
  return !!response?.headers.some((name) => name.toLowerCase() === header.toLowerCase());
}

/**
 * True when every alternative requires at least one scheme. An empty alternative (`- {}`) makes
 * authentication optional, which for access control is the same as none.
 */
export function isSecured(endpoint: Endpoint): boolean {
  return endpoint.security.length > 0 && endpoint.security.every((requirement) => Object.keys(requirement).length > 0);
}

/** Server URLs in effect for the endpoint. */
export function serversOf(endpoint: Endpoint): string[] {
  return asArray(endpoint.properties?.servers).map(String);
}

/** Words of an identifier (`loginUser`, `login_user`, `sign-in.json`), lower-cased, with sign-in / log-in / sign-up joined. */
export function wordsOfName(name: string): string[] {
  return name.replace(/\.(json|xml)$/i, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
    .replace(/\b(sign|log)[\s_-]*(in|on|up)\b/g, '$1$2').split(/[^a-z0-9]+/).filter(Boolean);
}

type AuthFlow = 'login' | 'token' | 'registration' | 'password' | 'verification';

const PATH_AUTH_WORDS: Record<string, AuthFlow> = {
  login: 'login', signin: 'login', logon: 'login', authenticate: 'login', sessions: 'login', session: 'login',
  token: 'token', tokens: 'token', oauth: 'token',
  register: 'registration', registration: 'registration', signup: 'registration',
  password: 'password', passwords: 'password', forgot: 'password',
  otp: 'verification', mfa: 'verification', '2fa': 'verification', verify: 'verification', verification: 'verification',
};
const OPERATION_AUTH_WORDS: Record<string, AuthFlow> = {
  login: 'login', signin: 'login', logon: 'login', authenticate: 'login',
  register: 'registration', signup: 'registration', password: 'password', otp: 'verification', mfa: 'verification',
};

/**
 * What credential flow an operation is (login, token, registration, password, verification), judged from
 * its last path segment and its operationId: the brute-force and credential-stuffing targets.
 */
export function authFlowOf(endpoint: Endpoint): AuthFlow | undefined {
  if (!['POST', 'PUT', 'PATCH'].includes(endpoint.method)) return undefined;
  const literals = endpoint.path.split('/').filter((segment) => segment && !segment.includes('{'));
  for (const word of wordsOfName(literals[literals.length - 1] ?? '')) if (PATH_AUTH_WORDS[word]) return PATH_AUTH_WORDS[word];
  for (const word of wordsOfName((endpoint.operationId ?? '').split('.').pop() ?? '')) if (OPERATION_AUTH_WORDS[word]) return OPERATION_AUTH_WORDS[word];
  return undefined;
}

/** Operations that hand out or reset credentials (login, token, register, password reset). */
export function isAuthFlow(endpoint: Endpoint): boolean {
  return authFlowOf(endpoint) !== undefined;
}

/**
 * snake_cased names: rules compare the property names of every operation, and the same names come back in operation after
 * operation. Emptied when it grows large (a long-lived analysis worker sees many projects).
 */
const snakeNames = new Map<string, string>();

/** Split `accountSid`, `AccountSid`, `account-sid` and `account_sid` into `account_sid`. */
export function snakeName(name: string): string {
  let snaked = snakeNames.get(name);
  if (snaked === undefined) {
    if (snakeNames.size >= 50_000) snakeNames.clear();
    snaked = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s.]+/g, '_').toLowerCase();
    snakeNames.set(name, snaked);
  }
  return snaked;
}

/** Path segments, templates kept as written (`{id}`). */
export function pathSegments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** True when a segment is or contains a template (`{id}`, `{Sid}.json`). */
export function isTemplated(segment: string): boolean {
  return /\{[^}]*\}/.test(segment);
}
