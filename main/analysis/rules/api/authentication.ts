/** Who may call an operation: writes and reads without authentication, privileged operations without distinct security. */
import type { Endpoint } from '../../../../shared/model/model.js';
import { asArray, asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints, isAuthFlow, isSecured, responsesOf, WRITE_METHODS, type Schema } from './support/endpoint-facts.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

/** How an unsecured operation came to be unsecured, in words. */
function whyOpen(endpoint: Endpoint, workspace: SpecWorkspace): { explicit: boolean; reason: string } {
  const own = asRecord(workspace.operationOf(endpoint)?.value)?.security;
  if (Array.isArray(own)) {
    return own.length === 0
      ? { explicit: true, reason: 'declares `security: []` (public on purpose?)' }
      : { explicit: true, reason: 'makes authentication optional (an empty `{}` alternative in its security)' };
  }
  if (endpoint.securityUndeclared) return { explicit: false, reason: 'has no security requirement (neither the operation nor the spec root declares one)' };
  return endpoint.security.length === 0
    ? { explicit: false, reason: 'inherits `security: []` from the spec root' }
    : { explicit: false, reason: 'inherits optional authentication (an empty `{}` alternative) from the spec root' };
}

export const unauthenticatedWrite: Rule = {
  id: 'api.op-unauthenticated-write',
  title: 'Write operation without authentication',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 306,
  owaspApi: 'API2:2023',
  rationale: 'An operation that creates, changes or deletes data and requires no credentials lets anyone on the network change the system. Operations that must be public (login, registration, password reset) are left to the rate-limiting rules instead.',
  remediation: 'Add a security requirement to the operation (or the spec root). If it really is public, keep `security: []` on the operation, rate-limit it and record the decision in archbench.yaml.',
  references: [REF.api2, REF.owaspRuleset],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      if (!WRITE_METHODS.has(endpoint.method) || isSecured(endpoint) || isAuthFlow(endpoint)) continue;
      const { explicit, reason } = whyOpen(endpoint, workspace);
      hits.push(endpointHit(endpoint, `${endpoint.id} ${reason}: anyone can call this write operation.`, explicit ? { severity: 'medium' } : {}));
    }
    return hits;
  },
};

const PUBLIC_READ = /^(health[a-z]*|healthz|livez|readyz|ready|readiness|live|liveness|ping|status|version|info|favicon\.ico|robots\.txt|openapi(\.(json|ya?ml))?|swagger(\.json|-ui)?|docs|api-docs)$/i;
const PREFIX = /^(api|rest|public|actuator|management|v\d+(\.\d+)*|\d{4}-\d{2}-\d{2})$/i;

/** Paths that are public by nature: health and readiness probes, discovery documents, the API root (`/`, `/api/v1`). */
export function isPublicByNature(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  if (segments[0] === '.well-known') return true;
  if (segments.every((segment) => PREFIX.test(segment))) return true;
  const last = segments[segments.length - 1];
  return segments.slice(0, -1).every((segment) => PREFIX.test(segment)) && PUBLIC_READ.test(last);
}

export const unauthenticatedRead: Rule = {
  id: 'api.op-unauthenticated-read',
  title: 'Read operation without authentication',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 306,
  owaspApi: 'API2:2023',
  rationale: 'A read without credentials exposes its data to anyone who can reach the API, and cannot be attributed or throttled per client. Health, readiness and discovery endpoints and the API root are public by nature and not reported; neither is an operation that says `security: []` itself, which records the decision to be public.',
  remediation: 'Require a security scheme, or declare `security: []` on the operation to record that it is deliberately public.',
  references: [REF.api2, REF.owaspRuleset],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      if ((endpoint.method !== 'GET' && endpoint.method !== 'HEAD') || isSecured(endpoint) || isPublicByNature(endpoint.path)) continue;
      const { explicit, reason } = whyOpen(endpoint, workspace);
      if (explicit) continue;
      hits.push(endpointHit(endpoint, `${endpoint.id} ${reason}: anyone can read what it returns.`));
    }
    return hits;
  },
};

const PRIVILEGED_SEGMENT = /^_*(debug|admin|administrator|admins|internal|management|manage|actuator|console|private|sys|system|ops|superuser|backoffice|back-office|staff|maintenance|diagnostics?)$/i;
const ADMIN_WORDS = /\b(admins? only|only admins?|administrators? only|only administrators?|admin-only|superusers? only)\b/i;
const ROLE_EXTENSIONS = ['x-roles', 'x-role', 'x-required-roles', 'x-required-role', 'x-permissions', 'x-required-permissions', 'x-admin', 'x-authorization'];
const SENSITIVE_PROPERTY = /^(password|passwd|pwd|password_hash|passwordhash|hashed_password|secret|client_secret|private_key|api_key|apikey|ssn|credit_card|card_number|cvv|pin)$/i;

/** Why an operation is privileged, or undefined when it is not. */
function privilege(endpoint: Endpoint): string | undefined {
  if (isPublicByNature(endpoint.path)) return undefined;
  const segment = endpoint.path.split('/').find((part) => PRIVILEGED_SEGMENT.test(part));
  if (segment) return `a ${segment.replace(/^_+/, '').toLowerCase()} endpoint`;
  const summary = String(endpoint.properties?.summary ?? '');
  if (ADMIN_WORDS.test(summary)) return 'described as admin-only';
  return undefined;
}

/** Names of sensitive properties anywhere in the response schemas (as inlined by the ingest). */
export function sensitiveResponseFields(endpoint: Endpoint): string[] {
  const found = new Set<string>();
  const walk = (schema: unknown, depth: number) => {
    const record = asRecord(schema);
    if (!record || depth > 6) return;
    for (const [name, child] of Object.entries(asRecord(record.properties) ?? {})) {
      if (SENSITIVE_PROPERTY.test(name)) found.add(name);
      walk(child, depth + 1);
    }
    walk(record.items, depth + 1);
    for (const member of [...asArray(record.allOf), ...asArray(record.oneOf), ...asArray(record.anyOf)]) walk(member, depth + 1);
  };
  for (const [status, response] of Object.entries(responsesOf(endpoint))) {
    if (!status.startsWith('2')) continue;
    for (const media of Object.values(response.content)) walk(media.schema as Schema | undefined, 0);
  }
  return [...found];
}

function requirementKey(endpoint: Endpoint): string {
  return JSON.stringify(endpoint.security.map((requirement) => Object.entries(requirement).map(([name, scopes]) => [name, [...scopes].sort()]).sort()).sort());
}

export const adminSecurityDistinct: Rule = {
  id: 'api.admin-security-distinct',
  title: 'Privileged operation without distinct security',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 285,
  owaspApi: 'API5:2023',
  rationale: 'Admin, debug, internal and management operations are the first thing attackers probe (OWASP API5). Unauthenticated, they are open to anyone; protected by exactly the same requirement as ordinary operations, nothing in the contract keeps an ordinary user out of them.',
  remediation: 'Remove debug and internal operations from the public API. Otherwise require a distinct scheme or scope (`admin:write`), or document the role check with an extension such as `x-roles`, and test that ordinary users get 403.',
  references: [REF.api5, REF.owaspRuleset],
  check(context) {
    const endpoints = httpEndpoints(context.model);
    const hits: RuleHit[] = [];
    for (const endpoint of endpoints) {
      const why = privilege(endpoint);
      if (!why) continue;
      const extensions = asRecord(endpoint.properties?.extensions) ?? {};
      if (ROLE_EXTENSIONS.some((name) => extensions[name] !== undefined)) continue;
      if (!isSecured(endpoint)) {
        const sensitive = sensitiveResponseFields(endpoint);
        const exposure = sensitive.length ? `; its response includes ${sensitive.join(', ')}` : '';
        hits.push(endpointHit(endpoint, `${endpoint.id} is ${why} and requires no authentication: anyone can call it${exposure}.`, { severity: 'critical' }));
        continue;
      }
      const key = requirementKey(endpoint);
      const ordinary = endpoints.find((other) => other !== endpoint && other.source.file === endpoint.source.file && !privilege(other) && isSecured(other) && requirementKey(other) === key);
      if (!ordinary) continue;
      const schemes = endpoint.security.map((requirement) => Object.entries(requirement).map(([name, scopes]) => scopes.length ? `${name} [${scopes.join(', ')}]` : name).join(' + ')).join(' or ');
      hits.push(endpointHit(endpoint, `${endpoint.id} is ${why} but requires the same security (${schemes}) as ordinary operations such as ${ordinary.id}: nothing in the contract restricts it to privileged callers.`, {
        severity: 'medium',
        related: [{ ...ordinary.source, message: ordinary.id }],
      }));
    }
    return hits;
  },
};
