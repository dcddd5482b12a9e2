/**
 * What policies say: conditions that are always true, conditions built on metadata the user can
 * edit, auth.uid() evaluated once per row instead of once per query, and several permissive
 * policies for one role and command (OR-ed together, each evaluated for every row).
 */
import type { Policy } from '../../../../shared/model/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { accessOf } from './access.js';
import { DOCS } from './docs.js';
import { TABLE_COMMANDS } from './grants.js';
import { codeOnly } from './naming.js';
import { tablesWithPolicies } from './rls.js';
import { databaseOf, listOf, locationOf, projectTables, relationElement, relationLabel } from './support.js';

const ALWAYS_TRUE = /^\(?\s*(true|1\s*=\s*1)\s*\)?$/i;

/** Whether a policy expression lets every row through (`true`, `1 = 1`). */
export function alwaysTrue(expression: string | undefined): boolean {
  return !!expression && ALWAYS_TRUE.test(expression);
}

function describeRoles(policy: Policy): string {
  return policy.roles.includes('PUBLIC') ? 'everyone (PUBLIC, anon included)' : listOf(policy.roles);
}

export const policyAlwaysTrue: Rule = {
  id: 'db.policy-always-true',
  title: 'Policy condition is always true',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 863,
  owaspApi: 'API1:2023',
  rationale: 'A policy with USING (true) or WITH CHECK (true) lets its roles reach every row: for INSERT, UPDATE, DELETE or ALL, any caller in '
    + 'those roles can change or delete any row, including other users\'. For SELECT it makes the whole table public to those roles, '
    + 'which is right only for catalog data such as products and prices.',
  remediation: 'Write the row condition the command needs (`using ((select auth.uid()) = user_id)`); keep `true` only on SELECT policies of '
    + 'tables whose every row is meant to be public, and say so in a comment.',
  references: [DOCS.createPolicy, DOCS.supabaseRls, DOCS.linter],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const hits: RuleHit[] = [];
    for (const { table, policy } of tablesWithPolicies(projectTables(db))) {
      if (!policy.permissive || !policy.roles.some((role) => access.apiRoles.includes(role))) continue;
      const clauses = [['USING', policy.using], ['WITH CHECK', policy.withCheck]].filter(([, expression]) => alwaysTrue(expression));
      if (!clauses.length) continue;
      const readOnly = policy.command === 'SELECT';
      hits.push({
        message: `Policy "${policy.name}" on ${relationLabel(table)} lets ${describeRoles(policy)} ${policy.command === 'ALL' ? 'do anything' : policy.command} on every row `
          + `(${clauses.map(([clause]) => `${clause} (true)`).join(', ')})`
          + (readOnly ? ': fine for public catalog data, a leak for anything else.' : `: any caller can ${policy.command === 'INSERT' ? 'insert rows for anyone' : 'change or delete other users\' rows'}.`),
        location: locationOf(policy.source, table.source),
        element: relationElement(table),
        key: policy.name,
        ...(readOnly ? { severity: 'low' as const } : {}),
      });
    }
    return hits;
  },
};

const USER_METADATA = /raw_user_meta_data|user_metadata/;

export const policyUsesUserMetadata: Rule = {
  id: 'db.policy-uses-user-metadata',
  title: 'Policy trusts user-editable metadata',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 807,
  owaspApi: 'API1:2023',
  rationale: 'Supabase users can change their own user_metadata (raw_user_meta_data) with supabase.auth.updateUser(), and it is copied into '
    + 'their JWT. A policy that grants access by a role, tenant or flag stored there lets any user grant themselves that access.',
  remediation: 'Keep authorization data where users cannot write it: app_metadata (raw_app_meta_data, set only with the service role), or a '
    + 'table of memberships protected by its own policies.',
  references: [DOCS.lint('0015_rls_references_user_metadata'), DOCS.supabaseRls],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const { table, policy } of tablesWithPolicies(projectTables(db))) {
      const expression = [policy.using, policy.withCheck].find((e) => e && USER_METADATA.test(e));
      if (!expression) continue;
      hits.push({
        message: `Policy "${policy.name}" on ${relationLabel(table)} decides access from user_metadata, which every user can edit for themselves: `
          + 'any user can grant themselves what it protects.',
        location: locationOf(policy.source, table.source),
        element: relationElement(table),
        key: policy.name,
        evidence: expression,
      });
    }
    return hits;
  },
};

const PER_ROW_CALL = /\b(auth\s*\.\s*(uid|jwt|role|email)|current_setting)\s*\(/gi;

/** Calls of auth.uid() / auth.jwt() / current_setting() that are not inside a sub-select, so run once per row. */
export function perRowCalls(expression: string): string[] {
  const code = codeOnly(expression);
  const calls: string[] = [];
  const selects: boolean[] = [];
  let next = 0;
  const matches = [...code.matchAll(PER_ROW_CALL)];
  for (let i = 0; i < code.length; i++) {
    if (next < matches.length && matches[next].index === i) {
      if (!selects.some(Boolean)) calls.push(`${matches[next][1].replace(/\s+/g, '')}()`);
      next++;
    }
    if (code[i] === '(') selects.push(/^\s*select\b/i.test(code.slice(i + 1, i + 12)));
    else if (code[i] === ')') selects.pop();
  }
  return [...new Set(calls)];
}

export const policyInitplan: Rule = {
  id: 'db.policy-initplan',
  title: 'Policy calls auth.uid() or auth.jwt() once per row',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 1050,
  rationale: 'A bare auth.uid(), auth.jwt() or current_setting() in a policy is evaluated for every row the query touches. Wrapped in a '
    + 'sub-select, `(select auth.uid())`, PostgreSQL evaluates it once per query (an InitPlan) and can compare the column against a '
    + 'constant, which on large tables is the difference between milliseconds and seconds.',
  remediation: 'Write `(select auth.uid()) = user_id` instead of `auth.uid() = user_id`, and likewise for auth.jwt(), auth.role() and '
    + 'current_setting().',
  references: [DOCS.supabaseRlsPerformance, DOCS.lint('0003_auth_rls_initplan')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const { table, policy } of tablesWithPolicies(projectTables(db))) {
      const calls = [...new Set([policy.using, policy.withCheck].flatMap((expression) => (expression ? perRowCalls(expression) : [])))];
      if (!calls.length) continue;
      hits.push({
        message: `Policy "${policy.name}" on ${relationLabel(table)} calls ${listOf(calls)} for every row it checks: write (select ${calls[0]}) so it is `
          + 'evaluated once per query.',
        location: locationOf(policy.source, table.source),
        element: relationElement(table),
        key: policy.name,
        evidence: [policy.using, policy.withCheck].filter(Boolean).join(' / '),
      });
    }
    return hits;
  },
};

export const multiplePermissivePolicies: Rule = {
  id: 'db.multiple-permissive-policies',
  title: 'Several permissive policies for the same role and command',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 1050,
  rationale: 'Permissive policies for the same role and command are OR-ed: PostgreSQL evaluates each of them for every row, so query cost grows '
    + 'with every policy added, and the effective rule is the union of all of them, which is easy to widen by accident when one is '
    + 'added for a new feature.',
  remediation: 'Merge them into one policy per role and command (`using (a or b)`), or make the narrowing ones RESTRICTIVE.',
  references: [DOCS.createPolicy, DOCS.lint('0006_multiple_permissive_policies')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      const policies = (table.policies ?? []).filter((policy) => policy.permissive);
      if (policies.length < 2) continue;
      const named = [...new Set(policies.flatMap((policy) => policy.roles))].filter((role) => role !== 'PUBLIC');
      const roles = [...new Set([...access.apiRoles.filter((role) => role !== 'PUBLIC'), ...named])];
      if (!roles.length) roles.push('PUBLIC');
      for (const command of TABLE_COMMANDS) {
        const byPolicies = new Map<string, { policies: Policy[]; roles: string[] }>();
        for (const role of roles) {
          const applying = policies.filter((policy) => (policy.command === 'ALL' || policy.command === command)
            && (policy.roles.includes(role) || policy.roles.includes('PUBLIC')));
          if (applying.length < 2) continue;
          const key = applying.map((policy) => policy.name).join('\u0000');
          const entry = byPolicies.get(key) ?? { policies: applying, roles: [] };
          entry.roles.push(role);
          byPolicies.set(key, entry);
        }
        for (const { policies: applying, roles: affected } of byPolicies.values()) {
          // The finding goes where the policy that made it two (the last one written) is.
          const last = [...applying].sort((a, b) => (a.source?.file ?? '').localeCompare(b.source?.file ?? '') || (a.source?.line ?? 0) - (b.source?.line ?? 0)).pop()!;
          hits.push({
            message: `${applying.length} permissive ${command} policies on ${relationLabel(table)} apply to ${listOf(affected)} (${listOf(applying.map((p) => `"${p.name}"`))}): `
              + 'each is evaluated for every row and their union decides access; merge them into one.',
            location: locationOf(last.source, table.source),
            element: relationElement(table),
            key: `${command}:${affected.join(',')}`,
            related: applying.filter((p) => p !== last && p.source).map((p) => ({ ...locationOf(p.source), message: `policy "${p.name}"` })),
          });
        }
      }
    }
    return hits;
  },
};
