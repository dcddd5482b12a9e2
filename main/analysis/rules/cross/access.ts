/**
 * Access control across the API and the database: operations open to anyone in front of tables that
 * row-level security does not guard, tables granted to `anon` behind unauthenticated operations, and
 * writes whose table has no policy for them (they fail at runtime) or a policy that checks nothing.
 */
import { isOperationalPath } from '../../../threat/exposure.js';
import type { Rule, RuleHit } from '../../rule.js';
import { ALWAYS_TRUE, describeMapping, elementOfEndpoint, isSecured, mappedOperations, responseProperties, SENSITIVE_COLUMN, tableName } from './support.js';
import { CROSS_REFERENCES as REF } from './references.js';

const PRIVILEGE_OF: Record<string, string> = { GET: 'SELECT', HEAD: 'SELECT', POST: 'INSERT', PUT: 'UPDATE', PATCH: 'UPDATE', DELETE: 'DELETE' };

export const endpointTableWithoutRls: Rule = {
  id: 'x.endpoint-table-without-rls',
  title: 'Unauthenticated operation on a table without row-level security',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 862,
  owaspApi: 'API1:2023',
  rationale: 'The operation requires no authentication and its table has row-level security disabled, or a policy that is always true: nothing on either '
    + 'side limits which rows a caller reads or changes. The spec linters only see the missing security, the database linters only the missing RLS; '
    + 'together they are an open table.',
  remediation: 'Require authentication on the operation, and enable RLS on the table with policies that scope rows to the caller (`using (owner_id = auth.uid())`).',
  references: [REF.rls, REF.supabaseRls, REF.api1],
  check(context) {
    const hits: RuleHit[] = [];
    for (const operation of mappedOperations(context)) {
      const { endpoint, table } = operation;
      // GraphQL SDL cannot declare authentication, so "no security" there says nothing.
      if (endpoint.protocol !== 'http' || isSecured(endpoint) || isOperationalPath(endpoint.path)) continue;
      const alwaysTrue = (table.policies ?? []).filter((policy) => ALWAYS_TRUE.test(policy.using ?? '') || ALWAYS_TRUE.test(policy.withCheck ?? ''));
      if (table.rlsEnabled && !alwaysTrue.length) continue;
      const problem = table.rlsEnabled ? `policy ${alwaysTrue.map((policy) => policy.name).join(', ')} is always true` : 'row-level security is disabled';
      const write = endpoint.method !== 'GET' && endpoint.method !== 'HEAD';
      const sensitive = table.columns.filter((column) => SENSITIVE_COLUMN.test(column.name)).map((column) => column.name);
      const returned = responseProperties(context, endpoint).filter((property) => sensitive.includes(property.name)).map((property) => property.name);
      hits.push({
        message: `${endpoint.id} requires no authentication and ${tableName(table)} ${problem}: anyone can ${write ? 'change' : 'read'} every row${returned.length ? ` (including ${returned.join(', ')})` : ''}. ${describeMapping(operation)}.`,
        location: endpoint.source,
        element: elementOfEndpoint(endpoint),
        key: tableName(table),
        related: [{ ...(alwaysTrue[0]?.source ?? table.lastChanged ?? table.source), message: `${tableName(table)}: ${problem}` }],
        severity: write || returned.length ? 'critical' : 'high',
        evidence: `security: ${JSON.stringify(endpoint.security)}; rlsEnabled: ${table.rlsEnabled}`,
      });
    }
    return hits;
  },
};

export const unauthenticatedAnonGrant: Rule = {
  id: 'x.unauthenticated-anon-grant',
  title: 'Unauthenticated operation on a table granted to anon',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 284,
  owaspApi: 'API5:2023',
  rationale: 'The operation requires no authentication and the role unauthenticated requests run as (`anon` in Supabase / PostgREST, or PUBLIC) holds the '
    + 'privilege the operation needs on its table. Only row-level security, if any, stands between an anonymous caller and the data.',
  remediation: 'Revoke the privilege from anon (and PUBLIC) unless the table is meant to be public, require authentication on the operation, and keep RLS '
    + 'policies scoped per caller.',
  references: [REF.supabaseApiKeys, REF.grant, REF.api5],
  check(context) {
    const hits: RuleHit[] = [];
    for (const operation of mappedOperations(context)) {
      const { endpoint, table } = operation;
      if (endpoint.protocol !== 'http' || isSecured(endpoint) || isOperationalPath(endpoint.path)) continue;
      const privilege = PRIVILEGE_OF[endpoint.method.toUpperCase()];
      if (!privilege) continue;
      const role = ['anon', 'PUBLIC', 'public'].find((candidate) => (table.grants?.[candidate] ?? []).some((granted) => granted.toUpperCase() === privilege || granted.toUpperCase() === 'ALL'));
      if (!role) continue;
      hits.push({
        message: `${endpoint.id} requires no authentication and ${role} holds ${privilege} on ${tableName(table)}${table.rlsEnabled ? ' (row-level security is enabled: its policies are all that limit anonymous callers)' : ' and row-level security is disabled'}. ${describeMapping(operation)}.`,
        location: endpoint.source,
        element: elementOfEndpoint(endpoint),
        key: `${tableName(table)}:${role}:${privilege}`,
        related: [{ ...(table.lastChanged ?? table.source), message: `GRANT ${privilege} ON ${tableName(table)} TO ${role}` }],
        severity: table.rlsEnabled ? 'medium' : 'high',
      });
    }
    return hits;
  },
};

export const writeEndpointWithoutPolicy: Rule = {
  id: 'x.write-endpoint-without-policy',
  title: 'Write operation with no matching row-level security policy',
  category: 'data',
  severity: 'medium',
  stride: 'T',
  cwe: 284,
  rationale: 'With row-level security enabled, an UPDATE or DELETE that no policy permits matches no row: the PUT, PATCH or DELETE operation silently changes '
    + 'nothing (or returns 404) at runtime. A policy whose WITH CHECK is `true` lets a caller write rows they could not read, moving data to other owners.',
  remediation: 'Add an UPDATE (for PUT / PATCH) or DELETE policy scoped to the caller, with a WITH CHECK that keeps the row the caller\'s; or remove the operation.',
  references: [REF.rls, REF.createPolicy],
  check(context) {
    const hits: RuleHit[] = [];
    for (const operation of mappedOperations(context)) {
      const { endpoint, table } = operation;
      const method = endpoint.method.toUpperCase();
      if (!['PUT', 'PATCH', 'DELETE'].includes(method) || !table.rlsEnabled) continue;
      const command = method === 'DELETE' ? 'DELETE' : 'UPDATE';
      const policies = (table.policies ?? []).filter((policy) => policy.command === command || policy.command === 'ALL');
      if (!policies.length) {
        hits.push({
          message: `${endpoint.id} ${method === 'DELETE' ? 'deletes' : 'updates'} rows of ${tableName(table)}, which has row-level security enabled but no ${command} (or ALL) policy: every ${command} matches no row, so the operation fails at runtime. ${describeMapping(operation)}.`,
          location: endpoint.source, element: elementOfEndpoint(endpoint), key: `${tableName(table)}:${command}`,
          related: [{ ...(table.lastChanged ?? table.source), message: `${tableName(table)} policies: ${(table.policies ?? []).map((policy) => `${policy.name} (${policy.command})`).join(', ') || 'none'}` }],
        });
        continue;
      }
      const open = policies.filter((policy) => policy.permissive && (ALWAYS_TRUE.test(policy.withCheck ?? '') || (command === 'DELETE' && ALWAYS_TRUE.test(policy.using ?? ''))));
      if (open.length) {
        hits.push({
          message: `${endpoint.id} ${method === 'DELETE' ? 'deletes' : 'updates'} rows of ${tableName(table)} under policy ${open.map((policy) => policy.name).join(', ')}, whose ${command === 'DELETE' ? 'USING' : 'WITH CHECK'} is \`true\`: callers can ${command === 'DELETE' ? 'delete any row' : 'write rows they do not own'}. ${describeMapping(operation)}.`,
          location: endpoint.source, element: elementOfEndpoint(endpoint), key: `${tableName(table)}:${command}:always-true`,
          related: open.map((policy) => ({ ...(policy.source ?? table.source), message: `policy ${policy.name}` })),
          severity: 'high',
        });
      }
    }
    return hits;
  },
};

export const ACCESS_RULES = [endpointTableWithoutRls, unauthenticatedAnonGrant, writeEndpointWithoutPolicy];
