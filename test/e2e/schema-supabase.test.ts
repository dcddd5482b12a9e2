import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaPage } from './pages/schema-page.js';
import { SqlConsolePage } from './pages/sql-console-page.js';
import { openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

describe.skipIf(!!reason)('schema view: a Supabase project', () => {
  let opened: Opened;
  let schema: SchemaPage;
  let policiesInSql: number;

  beforeAll(async () => {
    opened = await openCorpusCopy('supabase-nextjs-subscription-payments');
    schema = new SchemaPage(opened.session.page);
    await opened.workbench.waitForProject('project');
    const folder = join(opened.folder, 'supabase', 'migrations');
    policiesInSql = readdirSync(folder).filter((f) => f.endsWith('.sql'))
      .reduce((n, f) => n + (readFileSync(join(folder, f), 'utf8').match(/^\s*create policy\b/gim) ?? []).length, 0);
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('orders the Supabase migrations and marks RLS on every public table', async () => {
    await schema.show();
    expect(await schema.scheme.getAttribute('data-scheme')).toBe('supabase');
    await schema.table('customers').waitFor();
    expect((await schema.tableNames()).sort()).toEqual(['customers', 'prices', 'products', 'subscriptions', 'users']);
    expect(await schema.table('customers').getAttribute('data-rls')).toBe('enabled');
    // customers has RLS and no policy at all: only the service role reaches it.
    expect(await schema.table('customers').getAttribute('data-policies')).toBe('0');
    expect(await schema.table('customers').getByTestId('policy-count').textContent()).toBe('0');
  });

  it('shows every policy the migrations create, with command, roles and USING', async () => {
    expect(policiesInSql).toBe(5);
    for (const name of await schema.tableNames()) await schema.expand(schema.table(name));
    await schema.policies.nth(policiesInSql - 1).waitFor();
    expect(await schema.policies.count()).toBe(policiesInSql);
    const own = schema.child('users', 'policy', 'Can view own user data.');
    expect(await own.getAttribute('data-command')).toBe('SELECT');
    expect(await own.textContent()).toContain('USING (');
    expect(await own.textContent()).toContain('auth.uid()');
    await schema.page.locator('[data-testid="schema-note"][data-row-id="table:public.customers:policies:none"]').waitFor();
    await opened.workbench.screenshot('schema-view-supabase');
  });

  it('badges the SECURITY DEFINER trigger function and hides the prelude until asked', async () => {
    const fn = schema.page.locator('[data-testid="schema-function"][data-name="handle_new_user"]');
    await fn.waitFor();
    expect(await fn.getAttribute('data-definer')).toBe('true');
    await fn.getByTestId('security-definer').waitFor();
    expect(await schema.table('users', 'auth').count()).toBe(0);
    await schema.page.getByTestId('schema-show-system').click();
    await schema.page.locator('[data-testid="schema-schema"][data-name="auth"]').waitFor();
    await schema.expand(schema.page.locator('[data-testid="schema-schema"][data-name="auth"]'));
    await schema.table('users', 'auth').waitFor();
    await schema.page.getByTestId('schema-show-system').click();
    await schema.table('users', 'auth').waitFor({ state: 'detached' });
  });

  it('opens the SQL console from the Schema view, on the replayed Supabase database', async () => {
    const sql = new SqlConsolePage(schema.page);
    await schema.page.getByTestId('schema-open-console').click();
    await sql.root.waitFor();
    await sql.setText("SELECT count(*) AS users FROM auth.users;\nSELECT relrowsecurity FROM pg_class WHERE relname = 'customers';");
    await sql.click('run');
    expect(await sql.column('relrowsecurity')).toEqual(['true']);
    await schema.page.getByTestId('sql-result-tab').first().click();
    expect(await sql.column('users')).toEqual(['0']);
  });
});
