// The database rules on the two Supabase projects of the corpus (read in place). Every finding
// asserted here was checked against the SQL by hand; the counts pin the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRules } from '../../../../main/analysis/engine.js';
import { DB_RULES } from '../../../../main/analysis/rules/db/index.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import type { Finding } from '../../../../shared/model/finding.js';
import { corpus } from '../../../support/paths.js';
import { at, countByRule, readFolder, replay, startEngine, type Replayed } from './support.js';

const PAYMENTS_FILE = 'supabase/migrations/20230530034630_init.sql';
const BASEJUMP = {
  setup: 'supabase/migrations/20240414161707_basejump-setup.sql',
  accounts: 'supabase/migrations/20240414161947_basejump-accounts.sql',
  invitations: 'supabase/migrations/20240414162100_basejump-invitations.sql',
  billing: 'supabase/migrations/20240414162131_basejump-billing.sql',
};

let engine: SchemaEngine;
let payments: Replayed;
let basejump: Replayed;
let paymentsFindings: Finding[];
let basejumpFindings: Finding[];

function analyse(project: Replayed): Finding[] {
  const result = runRules(DB_RULES, project.context);
  expect(result.failures).toEqual([]);
  return result.findings;
}

const of = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

beforeAll(async () => {
  engine = await startEngine();
  payments = await replay(engine, readFolder(corpus('supabase-nextjs-subscription-payments')));
  basejump = await replay(engine, readFolder(corpus('supabase-basejump')));
  paymentsFindings = analyse(payments);
  basejumpFindings = analyse(basejump);
});

afterAll(async () => {
  await engine?.close();
});

describe('supabase-nextjs-subscription-payments', () => {
  it('finds customers, the table with RLS enabled and no policy (it is private by design)', () => {
    expect(of(paymentsFindings, 'db.rls-without-policy').map((f) => [f.element, f.severity, f.location.line])).toEqual([
      ['public.customers', 'info', at(payments, PAYMENTS_FILE, 'alter table customers enable row level security').line],
    ]);
  });

  it('reports no table as RLS-disabled: all five enable it', () => {
    expect(of(paymentsFindings, 'db.rls-disabled-on-exposed-table')).toEqual([]);
    expect(of(paymentsFindings, 'db.policy-without-rls')).toEqual([]);
    expect(of(paymentsFindings, 'db.grant-to-anon-on-table-without-rls')).toEqual([]);
  });

  it('finds the security definer trigger function without a search_path, but not as an RPC (trigger functions cannot be called)', () => {
    expect(of(paymentsFindings, 'db.function-search-path-mutable').map((f) => [f.element, f.location.line])).toEqual([
      ['public.handle_new_user()', at(payments, PAYMENTS_FILE, 'create function public.handle_new_user()').line],
    ]);
    expect(of(paymentsFindings, 'db.secdef-function-executable')).toEqual([]);
  });

  it('finds the profile tables that block deleting an auth user, and the per-row auth.uid() calls', () => {
    expect(of(paymentsFindings, 'db.fk-on-delete-unspecified').map((f) => f.element)).toEqual(['public.users', 'public.customers']);
    expect(of(paymentsFindings, 'db.policy-initplan').map((f) => f.message.match(/"([^"]+)"/)![1]).sort())
      .toEqual(['Can only view own subs data.', 'Can update own user data.', 'Can view own user data.']);
  });

  it('has these counts per rule', () => {
    expect(countByRule(paymentsFindings)).toEqual({
      'db.fk-on-delete-unspecified': 2, 'db.fk-unindexed': 3, 'db.function-search-path-mutable': 1, 'db.policy-always-true': 2, 'db.policy-initplan': 3,
      'db.rls-without-policy': 1, 'mig.lock-timeout-missing': 1,
    });
  });
});

describe('supabase-basejump', () => {
  it('finds the unindexed account_id of account_user (its primary key is user_id, account_id)', () => {
    const finding = of(basejumpFindings, 'db.fk-unindexed').find((f) => f.element === 'basejump.account_user')!;
    expect(finding.location).toMatchObject(at(basejump, BASEJUMP.accounts, 'account_id   uuid references basejump.accounts on delete cascade not null'));
  });

  it('finds the two SELECT policies of accounts and of account_user that are OR-ed for authenticated', () => {
    expect(of(basejumpFindings, 'db.multiple-permissive-policies').map((f) => f.element).sort()).toEqual(['basejump.account_user', 'basejump.accounts']);
  });

  it('finds the explicit grants without a policy: DELETE on accounts, INSERT and UPDATE on account_user, UPDATE on invitations', () => {
    expect(of(basejumpFindings, 'db.policy-command-gap').map((f) => [f.element, f.message.match(/granted ([A-Z, ]+) on/)![1], f.location.line])).toEqual([
      ['basejump.accounts', 'DELETE', at(basejump, BASEJUMP.accounts, 'ON TABLE basejump.accounts TO authenticated').line],
      ['basejump.account_user', 'INSERT, UPDATE', at(basejump, BASEJUMP.accounts, 'ON TABLE basejump.account_user TO authenticated').line],
      ['basejump.invitations', 'UPDATE', at(basejump, BASEJUMP.invitations, 'ON TABLE basejump.invitations TO authenticated').line],
    ]);
  });

  it('stays silent on its well-written parts: RLS everywhere, search_path on every definer function, no definer views', () => {
    for (const rule of ['db.rls-disabled-on-exposed-table', 'db.policy-without-rls', 'db.rls-without-policy', 'db.function-search-path-mutable',
      'db.security-definer-view', 'db.auth-users-exposed', 'db.policy-uses-user-metadata', 'db.migration-disables-rls', 'mig.index-not-concurrent',
      'mig.constraint-without-not-valid', 'mig.transaction-mixes-ddl-dml']) {
      expect(of(basejumpFindings, rule).map((f) => f.message)).toEqual([]);
    }
  });

  it('finds the policy name PostgreSQL truncates to 63 bytes', () => {
    const name = 'Account users can be deleted by owners except primary account owner';
    expect(of(basejumpFindings, 'db.identifier-too-long').map((f) => [f.location, f.message])).toEqual([[
      { ...at(basejump, BASEJUMP.accounts, `create policy "${name}"`), column: 15 },
      `Identifier "${name}" is 67 bytes: PostgreSQL silently truncates it to "${name.slice(0, 63)}", so names that share those first 63 bytes `
        + 'collide and tools comparing the full name miss the object.',
    ]]);
    // The catalog indeed holds the truncated name.
    expect(basejump.result.tables.find((t) => t.name === 'account_user')?.policies?.map((p) => p.name)).toContain(name.slice(0, 63));
  });

  it('reports the definer RPC functions in public as callable by authenticated only (low)', () => {
    expect(of(basejumpFindings, 'db.secdef-function-executable').map((f) => [f.element.replace(/\(.*/, ''), f.severity])).toEqual([
      ['public.update_account_user_role', 'low'], ['public.get_account_members', 'low'], ['public.accept_invitation', 'low'],
      ['public.lookup_invitation', 'low'], ['public.get_account_billing_status', 'low'],
    ]);
  });

  it('has these counts per rule', () => {
    expect(countByRule(basejumpFindings)).toEqual({
      'db.fk-unindexed': 9, 'db.identifier-too-long': 1, 'db.multiple-permissive-policies': 2, 'db.naming-inconsistent': 1, 'db.pk-missing': 1, 'db.policy-always-true': 1,
      'db.policy-command-gap': 3, 'db.policy-initplan': 2, 'db.secdef-function-executable': 5, 'db.table-no-index': 1, 'mig.lock-timeout-missing': 1,
    });
    expect(of(basejumpFindings, 'db.pk-missing')[0].location).toMatchObject(at(basejump, BASEJUMP.setup, 'CREATE TABLE IF NOT EXISTS basejump.config'));
    expect(of(basejumpFindings, 'db.fk-unindexed').filter((f) => f.location.file === BASEJUMP.billing)).toHaveLength(3);
  });
});
