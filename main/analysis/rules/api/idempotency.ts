/** Retried creates must not create twice: POST operations that create resources declare an Idempotency-Key. */
import type { Endpoint } from '../../../../shared/model/model.js';
import { asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { declaresStatus, endpointHit, httpEndpoints, isAuthFlow, isTemplated, parametersOf, pathSegments, requestBodyOf } from './support/endpoint-facts.js';
import { REF } from './support/references.js';

const NOT_A_CREATE = /^(search|query|queries|graphql|validate|validation|verify|check|preview|calculate|estimate|lookup|filter|find|count|test|logout|refresh|introspect|render|batch-get|exists)/i;

/** Why a POST looks like it creates something, or undefined. */
function createsResource(endpoint: Endpoint): string | undefined {
  if (endpoint.method !== 'POST' || isAuthFlow(endpoint)) return undefined;
  if (declaresStatus(endpoint, 201)) return 'returns 201 Created';
  if (declaresStatus(endpoint, 202)) return 'returns 202 Accepted';
  const segments = pathSegments(endpoint.path);
  const last = segments[segments.length - 1] ?? '';
  if (!last || isTemplated(last) || NOT_A_CREATE.test(last)) return undefined;
  return 'posts to a collection';
}

/** An Idempotency-Key header, an idempotency key field in the body (Twilio's `IdempotencyKey`), or an `x-idempotency*` extension. */
function hasIdempotencyKey(endpoint: Endpoint): boolean {
  if (parametersOf(endpoint).some((parameter) => parameter.in === 'header' && /idempoten/i.test(parameter.name))) return true;
  const body = requestBodyOf(endpoint);
  if (body && Object.values(body.content).some((media) => Object.keys(asRecord(media.schema?.properties) ?? {}).some((name) => /idempoten/i.test(name)))) return true;
  const extensions = asRecord(endpoint.properties?.extensions) ?? {};
  return Object.keys(extensions).some((name) => /idempoten/i.test(name));
}

export const postIdempotencyKey: Rule = {
  id: 'api.post-idempotency-key',
  title: 'Create operation without an Idempotency-Key',
  category: 'reliability',
  severity: 'medium',
  rationale: 'POST is not idempotent: when a response is lost (timeout, dropped connection, gateway retry) the client cannot know whether the resource was created, and retrying creates it twice (double payments, duplicate messages, duplicate orders). An Idempotency-Key header lets the server recognise the retry.',
  remediation: 'Accept an `Idempotency-Key` header on create operations, store the key with the result for a retention period, and replay the stored response for a repeated key (409 or 422 if the body differs).',
  references: [REF.idempotencyKey, REF.http],
  check(context) {
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      const why = createsResource(endpoint);
      if (!why || hasIdempotencyKey(endpoint)) continue;
      hits.push(endpointHit(endpoint, `${endpoint.id} ${why} but accepts no Idempotency-Key header: a retried request after a lost response creates the resource twice.`));
    }
    return hits;
  },
};
