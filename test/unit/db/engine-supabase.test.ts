import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaEngine, type ReplayResult, type SchemaEngine } from '../../../main/db/engine.js';
import { corpusDir, loadSqlFiles, sharedCacheDir } from './helpers.js';

let engine: SchemaEngine;
let basejump: ReplayResult;
let payments: ReplayResult;

beforeAll(async () => {
  engine = await createSchemaEngine({ cacheDir: sharedCacheDir });
  basejump = await engine.replay({ files: loadSqlFiles(join(corpusDir, 'supabase-basejump')) });
  payments = await engine.replay({ files: loadSqlFiles(join(corpusDir, 'supabase-nextjs-subscription-payments')) });
});

afterAll(async () => {
  await engine?.close();
});

const table = (result: ReplayResult, schema: string, name: string) => {
  const found = result.tables.find((t) => t.schema === schema && t.name === name);
  if (!found) throw new Error(`no table ${schema}.${name}`);
  return found;
};

describe('supabase-basejump', () => {
  it('replays its four migrations in order without a single error or warning', () => {
    expect(basejump.plan.scheme).toBe('supabase');
    expect(basejump.plan.migrations.map((m) => m.path.split('/').pop())).toEqual([
      '20240414161707_basejump-setup.sql', '20240414161947_basejump-accounts.sql', '20240414162100_basejump-invitations.sql', '20240414162131_basejump-billing.sql',
    ]);
    expect(basejump.supabase.supabase).toBe(true);
    expect(basejump.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(basejump.statements.every((s) => s.status === 'applied')).toBe(true);
  });

  it('has the six basejump tables, all with RLS enabled, and the named policies', () => {
    const own = basejump.tables.filter((t) => !t.system).map((t) => `${t.schema}.${t.name}`);
    expect(own).toEqual([
      'basejump.account_user', 'basejump.accounts', 'basejump.billing_customers', 'basejump.billing_subscriptions', 'basejump.config', 'basejump.invitations',
    ]);
    for (const name of own) expect(basejump.tables.find((t) => `${t.schema}.${t.name}` === name)?.rlsEnabled).toBe(true);

    const accounts = table(basejump, 'basejump', 'accounts');
    expect(accounts.policies?.map((p) => [p.name, p.command, p.roles])).toEqual([
      ['Accounts are viewable by members', 'SELECT', ['authenticated']],
      ['Accounts are viewable by primary owner', 'SELECT', ['authenticated']],
      ['Accounts can be edited by owners', 'UPDATE', ['authenticated']],
      ['Team accounts can be created by any user', 'INSERT', ['authenticated']],
    ]);
    const insert = accounts.policies?.find((p) => p.command === 'INSERT');
    expect(insert?.withCheck).toMatch(/basejump\.is_set\('enable_team_accounts'::text\) = true/);
    expect(insert?.source).toMatchObject({ file: 'supabase/migrations/20240414161947_basejump-accounts.sql', line: 343 });
    expect(accounts.source).toMatchObject({ file: 'supabase/migrations/20240414161947_basejump-accounts.sql', line: 46 });
    expect(accounts.lastChanged?.line).toBe(129); // alter table ... enable row level security
    // 13 CREATE POLICY statements in the four files.
    expect(basejump.tables.reduce((n, t) => n + (t.policies?.length ?? 0), 0)).toBe(13);
  });

  it('reads columns, constraints, foreign keys and grants from the catalog', () => {
    const accounts = table(basejump, 'basejump', 'accounts');
    expect(accounts.primaryKey).toEqual(['id']);
    const owner = accounts.columns.find((c) => c.name === 'primary_owner_user_id');
    expect(owner).toMatchObject({ type: 'uuid', nullable: false, default: 'auth.uid()' });
    expect(accounts.columns.find((c) => c.name === 'id')?.default).toBe('extensions.uuid_generate_v4()');
    expect(accounts.checkConstraints?.map((c) => c.name)).toEqual(['basejump_accounts_slug_null_if_personal_account_true']);
    expect(accounts.checkConstraints?.[0].source?.line).toBe(68);
    // `id uuid unique ... PRIMARY KEY (id)`: PostgreSQL drops the UNIQUE that duplicates the primary key.
    expect(accounts.uniqueConstraints?.map((c) => c.columns)).toEqual([['slug']]);
    const fk = accounts.foreignKeys.find((f) => f.columns[0] === 'primary_owner_user_id');
    expect(fk).toMatchObject({ referencedSchema: 'auth', referencedTable: 'users', referencedColumns: ['id'], onDelete: 'NO ACTION' });
    const accountUser = table(basejump, 'basejump', 'account_user');
    expect(accountUser.foreignKeys.map((f) => [f.referencedTable, f.onDelete])).toEqual([['accounts', 'CASCADE'], ['users', 'CASCADE']]);
    expect(accounts.grants?.authenticated).toEqual(['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
    expect(accounts.grants?.anon).toBeUndefined();
    expect(table(basejump, 'basejump', 'billing_customers').grants?.authenticated).toEqual(['SELECT']);
  });

  it('reads functions with SECURITY DEFINER, search_path and who may execute them', () => {
    const fn = (name: string) => basejump.schema.functions.find((f) => f.name === name)!;
    expect(fn('has_role_on_account')).toMatchObject({ schema: 'basejump', securityDefiner: true, searchPath: 'public', language: 'sql' });
    expect(fn('get_account_members').searchPath).toBe('basejump');
    expect(fn('has_role_on_account').executableBy).toEqual(['authenticated']);
    // ALTER DEFAULT PRIVILEGES ... REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC / anon, authenticated in the first migration.
    expect(fn('service_role_upsert_customer_subscription').executableBy).toEqual(['service_role']);
    expect(fn('get_config').source).toMatchObject({ file: 'supabase/migrations/20240414161707_basejump-setup.sql', line: 99 });
    const revoke = basejump.schema.defaultPrivileges.find((d) => d.objectType === 'functions' && !d.schema);
    expect(revoke?.grants.PUBLIC).toBeUndefined();
    expect(basejump.schema.triggers.filter((t) => t.table === 'accounts').map((t) => t.name)).toContain('basejump_protect_account_fields');
    expect(basejump.schema.triggers.find((t) => t.schema === 'auth' && t.table === 'users')).toMatchObject({ name: 'on_auth_user_created', timing: 'AFTER', events: ['INSERT'], level: 'ROW' });
    expect(basejump.schema.enums.map((e) => `${e.schema}.${e.name}`)).toEqual(['basejump.account_role', 'basejump.invitation_type', 'basejump.subscription_status']);
    expect(basejump.schema.enums[0].source?.file).toBe('supabase/migrations/20240414161947_basejump-accounts.sql');
  });

  it('marks the Supabase environment as system and gives it the API roles', () => {
    expect(table(basejump, 'auth', 'users')).toMatchObject({ system: true, rlsEnabled: true });
    expect(table(basejump, 'auth', 'users').source.file).toBe('<supabase-prelude>');
    expect(basejump.schema.roles.find((r) => r.name === 'service_role')).toMatchObject({ bypassRls: true, system: true });
    expect(basejump.schema.schemas.find((s) => s.name === 'basejump')?.grants.authenticated).toEqual(['USAGE']);
  });
});

describe('supabase-nextjs-subscription-payments', () => {
  it('replays without errors and finds its five tables with RLS on', () => {
    expect(payments.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const own = payments.tables.filter((t) => !t.system);
    expect(own.map((t) => t.name)).toEqual(['customers', 'prices', 'products', 'subscriptions', 'users']);
    expect(own.every((t) => t.rlsEnabled)).toBe(true);
  });

  it('finds customers as the table with RLS enabled and no policy (the SQL says: a private table)', () => {
    const lonely = payments.tables.filter((t) => !t.system && t.rlsEnabled && (t.policies?.length ?? 0) === 0);
    expect(lonely.map((t) => t.name)).toEqual(['customers']);
    expect(table(payments, 'public', 'users').policies?.map((p) => p.name)).toEqual(['Can update own user data.', 'Can view own user data.']);
    expect(table(payments, 'public', 'products').policies?.[0]).toMatchObject({ command: 'SELECT', roles: ['PUBLIC'], using: 'true' });
  });

  it('applies Supabase default privileges: anon and authenticated get every table in public', () => {
    expect(table(payments, 'public', 'customers').grants?.anon).toEqual(expect.arrayContaining(['SELECT', 'INSERT', 'UPDATE', 'DELETE']));
    const fn = payments.schema.functions.find((f) => f.name === 'handle_new_user');
    expect(fn).toMatchObject({ securityDefiner: true, executableBy: ['PUBLIC', 'anon', 'authenticated', 'service_role'] });
    expect(fn?.searchPath).toBeUndefined();
  });

  it('keeps file:line for tables, columns and enums', () => {
    const subscriptions = table(payments, 'public', 'subscriptions');
    expect(subscriptions.source).toMatchObject({ file: 'supabase/migrations/20230530034630_init.sql', line: 106 });
    expect(subscriptions.columns.find((c) => c.name === 'user_id')?.source?.line).toBe(109);
    expect(subscriptions.lastChanged?.line).toBe(137);
    expect(payments.schema.enums.map((e) => [e.name, e.source?.line])).toEqual([['pricing_plan_interval', 73], ['pricing_type', 72], ['subscription_status', 105]]);
  });
});
