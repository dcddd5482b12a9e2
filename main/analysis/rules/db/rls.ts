/**
 * Row-level security on tables an API can reach: RLS off where anon or authenticated hold
 * privileges, RLS on without a policy, policies on a table whose RLS is off, a later migration
 * that turns RLS off or drops the last policy, explicit grants to anonymous roles on tables
 * without RLS, and grants that no policy lets through.
 */
import type { Policy, Table } from '../../../../shared/model/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { accessOf, type Reach } from './access.js';
import { DOCS } from './docs.js';
import { TABLE_COMMANDS, tableGrants } from './grants.js';
import {
  databaseOf, fileName, listOf, locationOf, projectTables, relationElement, relationLabel, statementLocation, tableFactsOf,
} from './support.js';

function describeReach(reach: Reach[]): string {
  return listOf(reach.map((r) => `${r.role} (${r.privileges.join(', ')})`));
}

export const rlsDisabledOnExposedTable: Rule = {
  id: 'db.rls-disabled-on-exposed-table',
  title: 'Row-level security is off on a table the API roles can reach',
  category: 'security',
  severity: 'critical',
  stride: 'I',
  cwe: 284,
  owaspApi: 'API1:2023',
  rationale: 'PostgREST and Supabase run every request as the anon or authenticated role, straight against the table. When those roles hold '
    + 'privileges on a table (Supabase grants them everything in public by default) and row-level security is off, nothing restricts rows: '
    + 'anyone with the public anon key can read, change and delete every row through /rest/v1.',
  remediation: 'Enable row-level security (`ALTER TABLE t ENABLE ROW LEVEL SECURITY`) and add policies for what each role may see and change; '
    + 'or revoke the API roles\' privileges on the table, or move it to a schema the API does not serve.',
  references: [DOCS.rowSecurity, DOCS.lint('0013_rls_disabled_in_public'), DOCS.supabaseSecuringApi],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      if (table.rlsEnabled || table.partitionOf) continue;
      const reach = access.reach(table);
      if (!reach.length) continue;
      const anonymous = reach.filter((r) => access.isAnonymous(r.role));
      const grants = tableGrants(db).filter((g) => g.covers(table) && g.grantees.some((role) => reach.some((r) => r.role === role || role === 'PUBLIC')));
      const writes = reach.some((r) => r.privileges.some((p) => p !== 'SELECT'));
      const who = access.audience(reach.map((r) => r.role));
      hits.push({
        message: `Table ${relationLabel(table)} has row-level security disabled and ${describeReach(reach)} can reach it (${access.exposedBecause}): `
          + `${who} ${writes ? 'reads and changes' : 'reads'} every row.`,
        location: locationOf(table.source),
        element: relationElement(table),
        ...(anonymous.length ? {} : { severity: 'high' as const }),
        ...(grants.length ? { related: grants.map((g) => ({ ...statementLocation(g.statement), message: `granted to ${listOf(g.grantees)} here` })) } : {}),
      });
    }
    return hits;
  },
};

export const rlsWithoutPolicy: Rule = {
  id: 'db.rls-without-policy',
  title: 'Row-level security is enabled but the table has no policy',
  category: 'security',
  severity: 'info',
  stride: 'D',
  cwe: 1220,
  rationale: 'With RLS enabled and no policy, PostgreSQL denies every row to every role that does not bypass RLS: the API roles see an empty '
    + 'table and their writes fail. That is right for a private table only the service role or the owner uses, and a silent outage for '
    + 'a table the application expects to read.',
  remediation: 'If the table is private, say so in a comment and revoke the API roles\' privileges so the intent is visible; otherwise add '
    + 'policies for the commands each role needs.',
  references: [DOCS.rowSecurity, DOCS.lint('0008_rls_enabled_no_policy')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    return projectTables(db).filter((table) => table.rlsEnabled && !table.policies?.length).map((table): RuleHit => {
      const reach = access.reach(table);
      const enabled = tableFactsOf(db, table.schema, table.name)?.rlsHistory.filter((h) => h.change === 'enable').pop();
      return {
        message: `Table ${relationLabel(table)} has row-level security enabled but no policy: `
          + (reach.length ? `${listOf(reach.map((r) => r.role))} hold privileges on it yet see no rows and cannot write; ` : 'roles without BYPASSRLS see no rows; ')
          + 'only its owner and roles that bypass RLS (service_role) reach it. Right for a private table, an outage for any other.',
        location: locationOf(enabled?.source, table.source),
        element: relationElement(table),
      };
    });
  },
};

export const policyWithoutRls: Rule = {
  id: 'db.policy-without-rls',
  title: 'Policies exist but row-level security is disabled',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 284,
  owaspApi: 'API1:2023',
  rationale: 'Policies are only evaluated when row-level security is enabled on the table. A table with policies and RLS off looks protected '
    + 'to anyone reading the migrations, while every role with table privileges reads and writes every row.',
  remediation: 'Enable row-level security on the table (`ALTER TABLE t ENABLE ROW LEVEL SECURITY`), or drop the policies if the table is '
    + 'meant to be open.',
  references: [DOCS.rowSecurity, DOCS.lint('0007_policy_exists_rls_disabled')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return projectTables(db).filter((table) => !table.rlsEnabled && table.policies?.length).map((table): RuleHit => ({
      message: `Table ${relationLabel(table)} has ${table.policies!.length === 1 ? 'policy' : 'policies'} ${listOf(table.policies!.map((p) => `"${p.name}"`))} `
        + 'but row-level security is disabled, so none of them is applied: every role with privileges on it sees every row.',
      location: locationOf(table.policies![0].source, table.source),
      element: relationElement(table),
    }));
  },
};

export const migrationDisablesRls: Rule = {
  id: 'db.migration-disables-rls',
  title: 'A later migration disables row-level security or drops the last policy',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 284,
  rationale: 'Row-level security is set up once and then taken for granted. A later migration that runs DISABLE ROW LEVEL SECURITY (often to '
    + 'debug or to run a backfill) or drops the last policy of a table silently changes who can see what, and the regression is '
    + 'invisible to anyone who reviews only the newest file.',
  remediation: 'Re-enable RLS in the same migration after the work that needed it off (or run that work as a role with BYPASSRLS instead), '
    + 'and replace a dropped policy in the same migration that drops it.',
  references: [DOCS.rowSecurity, DOCS.createPolicy],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      const facts = tableFactsOf(db, table.schema, table.name);
      if (!facts) continue;
      const enabled = facts.rlsHistory.find((h) => h.change === 'enable');
      if (facts.rlsDisabledLater && !table.rlsEnabled) {
        hits.push({
          message: `${fileName(facts.rlsDisabledLater.file)} disables row-level security on ${relationLabel(table)}, which `
            + `${enabled ? fileName(enabled.source.file) : 'an earlier migration'} enabled: from then on every role with privileges on ${table.name} sees every row.`,
          location: locationOf(facts.rlsDisabledLater),
          element: relationElement(table),
          key: 'disable',
          ...(enabled ? { related: [{ ...locationOf(enabled.source), message: 'RLS enabled here' }] } : {}),
        });
      }
      if (facts.lastPolicyDropped && table.rlsEnabled && !table.policies?.length) {
        const dropped = facts.policyHistory.filter((p) => p.action === 'drop').pop();
        hits.push({
          message: `${fileName(facts.lastPolicyDropped.file)} drops the last policy${dropped ? ` ("${dropped.policy}")` : ''} of ${relationLabel(table)}: with RLS still on, `
            + 'every role without BYPASSRLS now sees no rows and cannot write.',
          location: locationOf(facts.lastPolicyDropped),
          element: relationElement(table),
          key: 'last-policy',
          severity: 'medium',
        });
      }
    }
    return hits;
  },
};

export const grantToAnonWithoutRls: Rule = {
  id: 'db.grant-to-anon-on-table-without-rls',
  title: 'Anonymous role granted privileges on a table without row-level security',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 732,
  owaspApi: 'API1:2023',
  rationale: 'A GRANT to anon (Supabase), web_anon (PostgREST) or PUBLIC on a table whose row-level security is off gives every unauthenticated '
    + 'caller, or every database role, the granted access to all rows. The grant is the line that opened the table: reviewing it is '
    + 'the moment to catch it.',
  remediation: 'Enable row-level security on the table and write policies for the anonymous role, or grant only what anonymous callers '
    + 'need on a view that exposes the public columns and rows.',
  references: [DOCS.privileges, DOCS.defaultPrivileges, DOCS.rowSecurity],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const hits: RuleHit[] = [];
    for (const grant of tableGrants(db)) {
      const anonymous = grant.grantees.filter((role) => access.isAnonymous(role));
      if (!anonymous.length) continue;
      for (const table of projectTables(db)) {
        if (table.rlsEnabled || !grant.covers(table)) continue;
        for (const role of anonymous) {
          const held = grant.privileges.filter((p) => access.privileges(table.grants, role).has(p));
          if (!held.length) continue;
          const writes = held.some((p) => p !== 'SELECT');
          hits.push({
            message: `${grant.kind === 'default' ? 'Default privileges give' : 'GRANT gives'} ${role} ${held.join(', ')} on ${relationLabel(table)}, which has row-level `
              + `security disabled: ${role === 'PUBLIC' ? 'every database role' : 'every unauthenticated caller'} can ${writes ? 'read and change' : 'read'} all of its rows.`,
            location: statementLocation(grant.statement),
            element: relationElement(table),
            key: role,
            ...(writes ? { severity: 'critical' as const } : {}),
            related: [{ ...locationOf(table.source), message: `${table.name} is created here, without RLS` }],
          });
        }
      }
    }
    return hits;
  },
};

function policyApplies(policy: Policy, role: string, command: string): boolean {
  return policy.permissive && (policy.command === 'ALL' || policy.command === command) && (policy.roles.includes(role) || policy.roles.includes('PUBLIC'));
}

export const policyCommandGap: Rule = {
  id: 'db.policy-command-gap',
  title: 'Role is granted a command that no policy allows',
  category: 'security',
  severity: 'low',
  stride: 'E',
  cwe: 732,
  rationale: 'With RLS on, a command runs only on the rows some policy lets through. When a migration grants a role UPDATE or DELETE on a table '
    + 'whose policies cover only SELECT, the grant does nothing today (the command silently affects no rows, which breaks the feature '
    + 'that needed it) and becomes live the moment anyone adds a broad policy for that command.',
  remediation: 'Grant only the commands the role has policies for (`REVOKE UPDATE, DELETE ON t FROM authenticated`), or write the missing '
    + 'policy with the row condition the command needs.',
  references: [DOCS.createPolicy, DOCS.privileges],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const roles = new Map(db.schema.roles.map((role) => [role.name, role]));
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      if (!table.rlsEnabled || !table.policies?.length) continue;
      const gaps = new Map<string, { commands: Set<string>; grant: ReturnType<typeof tableGrants>[number] }>();
      for (const grant of tableGrants(db)) {
        if (grant.kind !== 'grant' || !grant.covers(table)) continue;
        for (const role of grant.grantees) {
          const info = roles.get(role);
          if (role === table.owner || info?.bypassRls || info?.superuser) continue;
          for (const command of grant.privileges) {
            if (!(TABLE_COMMANDS as readonly string[]).includes(command) || !access.privileges(table.grants, role).has(command)) continue;
            if (table.policies.some((policy) => policyApplies(policy, role, command))) continue;
            const gap = gaps.get(role) ?? { commands: new Set<string>(), grant };
            gap.commands.add(command);
            gaps.set(role, gap);
          }
        }
      }
      for (const [role, gap] of gaps) {
        const commands = TABLE_COMMANDS.filter((c) => gap.commands.has(c));
        const covered = TABLE_COMMANDS.filter((c) => table.policies!.some((policy) => policyApplies(policy, role, c)));
        hits.push({
          message: `${role} is granted ${commands.join(', ')} on ${relationLabel(table)} but no policy allows ${commands.length === 1 ? 'it' : 'them'} for ${role}`
            + `${covered.length ? ` (policies cover ${covered.join(', ')})` : ''}: the command silently matches no rows, and a later broad policy would open it.`,
          location: statementLocation(gap.grant.statement),
          element: relationElement(table),
          key: role,
          related: table.policies.filter((p) => p.source).map((p) => ({ ...locationOf(p.source), message: `policy "${p.name}" (${p.command})` })),
        });
      }
    }
    return hits;
  },
};

/** Project tables with policies, for the policy rules. */
export function tablesWithPolicies(tables: Table[]): Array<{ table: Table; policy: Policy }> {
  return tables.flatMap((table) => (table.policies ?? []).map((policy) => ({ table, policy })));
}
