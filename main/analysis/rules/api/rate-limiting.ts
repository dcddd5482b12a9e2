/** Rate limiting in the contract: 429 declared (above all on login-like operations) and Retry-After on 429 and 503. */
import type { Endpoint } from '../../../../shared/model/model.js';
import { asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { authFlowOf, declaresStatus, endpointHit, httpEndpoints, isAuthFlow, isSecured, responsesOf, responseHasHeader } from './support/endpoint-facts.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const RATE_LIMIT_EXTENSIONS = ['x-ratelimit', 'x-rate-limit', 'x-ratelimit-limit', 'x-throttling-tier', 'x-rate-limits'];

function declaresRateLimit(endpoint: Endpoint): boolean {
  if (declaresStatus(endpoint, 429)) return true;
  const extensions = asRecord(endpoint.properties?.extensions) ?? {};
  return RATE_LIMIT_EXTENSIONS.some((name) => extensions[name] !== undefined);
}

export const rateLimit429Declared: Rule = {
  id: 'api.429-declared',
  title: 'Rate limiting not declared',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 770,
  owaspApi: 'API4:2023',
  rationale: 'A 429 response is how an API tells clients they are being throttled. Without it in the contract, clients do not back off, and reviewers cannot see whether limits exist. Login, token, registration and password operations without limits are open to credential stuffing and brute force (reported as high when anonymous callers can reach them, medium otherwise); for the rest one finding per spec says the API declares no rate limiting at all.',
  remediation: 'Enforce rate limits (per client and, for login-like operations, per account and per source address) and declare 429 with Retry-After on the operations they cover.',
  references: [REF.api4, REF.api2, REF.status429, REF.rateLimitHeaders],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    const endpoints = httpEndpoints(context.model);
    for (const endpoint of endpoints) {
      const flow = authFlowOf(endpoint);
      if (!flow || declaresRateLimit(endpoint)) continue;
      const open = !isSecured(endpoint);
      hits.push(endpointHit(endpoint, `${endpoint.id} is a ${flow} operation${open ? ' open to anonymous callers' : ''} and declares no 429: nothing in the contract limits ${flow === 'registration' ? 'mass account creation' : 'guessing or credential stuffing'}.`, {
        severity: open ? 'high' : 'medium', location: workspace.locationIn(endpoint, 'responses'),
      }));
    }
    for (const spec of workspace.specs) {
      const own = workspace.operations.filter((operation) => operation.spec === spec && operation.endpoint).map((operation) => operation.endpoint!);
      const limited = own.filter(declaresRateLimit);
      if (!limited.length) {
        if (!own.some((endpoint) => !isAuthFlow(endpoint))) continue;
        const at = workspace.at(spec, ['paths']);
        hits.push({ element: spec.file, location: workspace.location(at), message: `No operation in ${spec.file} declares 429 (Too Many Requests): the API describes no rate limiting.` });
        continue;
      }
      for (const endpoint of own) {
        if (isAuthFlow(endpoint) || declaresRateLimit(endpoint)) continue;
        hits.push(endpointHit(endpoint, `${endpoint.id} declares no 429 although other operations of the API do (${limited[0].id}).`, { location: workspace.locationIn(endpoint, 'responses') }));
      }
    }
    return hits;
  },
};

/** Hits on responses of `status` that carry none of `headers`. */
function missingHeader(context: RuleContext, status: string, headers: string[], describe: (endpoint: Endpoint) => string): RuleHit[] {
  const workspace = SpecWorkspace.of(context);
  const hits: RuleHit[] = [];
  for (const endpoint of httpEndpoints(context.model)) {
    const response = responsesOf(endpoint)[status];
    if (!response || headers.some((header) => responseHasHeader(response, header))) continue;
    hits.push(endpointHit(endpoint, describe(endpoint), { location: workspace.locationIn(endpoint, 'responses', status), key: status }));
  }
  return hits;
}

export const retryAfterOn429: Rule = {
  id: 'api.retry-after-on-429',
  title: '429 response without Retry-After',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  owaspApi: 'API4:2023',
  rationale: 'A 429 that does not say when to come back makes every client guess: they retry immediately (prolonging the overload) or give up too early.',
  remediation: 'Declare the Retry-After header (or the RateLimit / RateLimit-Reset headers) on 429 responses and send it.',
  references: [REF.status429, REF.retryAfter, REF.rateLimitHeaders],
  check: (context) => missingHeader(context, '429', ['retry-after', 'ratelimit', 'ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset'],
    (endpoint) => `${endpoint.id} declares 429 without a Retry-After (or RateLimit-Reset) header: clients cannot tell when to retry.`),
};

export const retryAfterOn503: Rule = {
  id: 'api.retry-after-on-503',
  title: '503 response without Retry-After',
  category: 'reliability',
  severity: 'low',
  rationale: 'A 503 is a promise that the condition is temporary; Retry-After tells clients when to come back so that a recovering service is not hit by every client retrying at once.',
  remediation: 'Declare and send Retry-After on 503 responses (clients should add jitter).',
  references: [REF.retryAfter, REF.http],
  check: (context) => missingHeader(context, '503', ['retry-after'],
    (endpoint) => `${endpoint.id} declares 503 without a Retry-After header: clients retry blindly while the service recovers.`),
};
