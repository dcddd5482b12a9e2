/**
 * The few facts about a component's API that system-level reasoning needs, read from what the OpenAPI
 * ingest records on each endpoint: inputs that take URLs (server-side request forgery), an
 * Idempotency-Key on writes (safe retries), and credential flows that are public by design.
 */
import type { Endpoint } from '../../shared/model/model.js';

const URL_NAME = /(^|_)(url|uri|urls|uris|href|link|callback|callback_url|webhook|webhook_url|redirect|redirect_uri|redirect_url|return_url|image_url|avatar_url|feed_url|fetch_url|proxy_url|target|endpoint|source_url|remote)$/;
const URL_FORMATS = new Set(['uri', 'url', 'iri', 'uri-reference', 'iri-reference', 'uri-template']);
const AUTH_WORDS = /(^|\/)(login|signin|sign-in|logon|register|registration|signup|sign-up|token|tokens|oauth2?|authorize|password|forgot|reset|verify|otp|refresh)(\/|$|\.)/i;

type Schema = Record<string, unknown>;

function record(value: unknown): Schema | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value as Schema : undefined;
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s.]+/g, '_').toLowerCase();
}

function takesUrl(name: string, schema: Schema | undefined): boolean {
  const type = schema?.type;
  if (type !== undefined && type !== 'string' && !(Array.isArray(type) && type.includes('string'))) return false;
  if (schema?.enum !== undefined || schema?.const !== undefined) return false;
  return URL_NAME.test(snake(name)) || (typeof schema?.format === 'string' && URL_FORMATS.has(schema.format));
}

/** Inputs of an endpoint that take a URL: parameters and request-body properties (nested, bounded). */
export function urlInputs(endpoint: Endpoint): string[] {
  const out: string[] = [];
  const parameters = Array.isArray(endpoint.properties?.parameters) ? endpoint.properties!.parameters as unknown[] : [];
  for (const raw of parameters) {
    const parameter = record(raw);
    const name = typeof parameter?.name === 'string' ? parameter.name : undefined;
    if (name && takesUrl(name, record(parameter?.schema))) out.push(`${parameter?.in ?? 'query'} ${name}`);
  }
  const content = record(record(endpoint.properties?.requestBody)?.content) ?? {};
  for (const media of Object.values(content)) walk(record(record(media)?.schema), '', out, 0);
  return [...new Set(out)];
}

function walk(schema: Schema | undefined, prefix: string, out: string[], depth: number): void {
  if (!schema || depth > 5) return;
  for (const [name, child] of Object.entries(record(schema.properties) ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (takesUrl(name, record(child))) out.push(`body ${path}`);
    walk(record(child), path, out, depth + 1);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) if (Array.isArray(schema[key])) for (const member of schema[key] as unknown[]) walk(record(member), prefix, out, depth + 1);
  if (record(schema.items)) walk(record(schema.items), `${prefix}[]`, out, depth + 1);
}

/** True when the operation declares an Idempotency-Key (header or body property). */
export function hasIdempotencyKey(endpoint: Endpoint): boolean {
  const parameters = Array.isArray(endpoint.properties?.parameters) ? endpoint.properties!.parameters as unknown[] : [];
  if (parameters.some((raw) => /^(idempotency[-_]?key|x-idempotency-key|x-request-id-idempotent)$/i.test(String(record(raw)?.name ?? '')))) return true;
  const content = record(record(endpoint.properties?.requestBody)?.content) ?? {};
  return Object.values(content).some((media) => Object.keys(record(record(record(media)?.schema)?.properties) ?? {}).some((name) => /^idempotency[_-]?key$/i.test(name)));
}

/** Login, registration, token and password-reset operations: public by design. */
export function isCredentialFlow(endpoint: Endpoint): boolean {
  return AUTH_WORDS.test(endpoint.path) || /^(login|signin|register|signup|token|refresh|authorize)/i.test(endpoint.operationId ?? '');
}

/** HTTP writes. */
export function isWrite(endpoint: Endpoint): boolean {
  return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(endpoint.method.toUpperCase()) || endpoint.method === 'Mutation';
}

/** The element id findings use for an endpoint (the same as the API rules): `file#METHOD /path`. */
export function endpointElement(endpoint: Endpoint): string {
  return `${endpoint.source.file}#${endpoint.id}`;
}
