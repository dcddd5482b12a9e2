import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';
import { tempCopy } from '../support/temp.js';
import { startSession } from './harness.js';
import { SchemaPage } from './pages/schema-page.js';
import { WorkbenchPage } from './pages/workbench-page.js';
import { call, skipReason, watchPageErrors, type Opened } from './session.js';

const reason = skipReason();

/** The 1-based line of the first match of `pattern` in a file of the project. */
function lineOf(folder: string, file: string, pattern: RegExp): number {
  return readFileSync(join(folder, file), 'utf8').split('\n').findIndex((line) => pattern.test(line)) + 1;
}

describe.skipIf(!!reason)('schema view: the sample project', () => {
  let opened: Opened;
  let schema: SchemaPage;

  beforeAll(async () => {
    const copy = tempCopy(join(REPO_ROOT, 'resources', 'sample-project'));
    const session = await startSession({ folder: copy.path });
    const pageErrors = watchPageErrors(session);
    opened = {
      session, workbench: new WorkbenchPage(session.page), folder: copy.path, pageErrors,
      async close() { await session.close(); copy.cleanup(); },
    };
    schema = new SchemaPage(session.page);
    await opened.workbench.waitForProject('project');
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('shows the migration order: Flyway, V1 then V2, with how to override it', async () => {
    await schema.show();
    await schema.migrations.nth(1).waitFor();
    expect(await schema.migrationNames()).toEqual(['V1__orders.sql', 'V2__payments.sql']);
    expect(await schema.scheme.getAttribute('data-scheme')).toBe('flyway');
    expect(await schema.scheme.textContent()).toMatch(/V<version>__<name>\.sql/);
    expect(await opened.session.page.getByTestId('schema-override').textContent()).toContain('migrations.order');
    expect(await schema.problems.count()).toBe(0);
  });

  it('lists the four tables, each with its RLS state', async () => {
    await schema.table('payments').waitFor();
    expect((await schema.tableNames()).sort()).toEqual(['customers', 'order_lines', 'orders', 'payments']);
    for (const name of ['customers', 'order_lines', 'orders', 'payments']) {
      expect(await schema.table(name).getAttribute('data-rls')).toBe('off');
      expect(await schema.table(name).getByTestId('rls-badge').textContent()).toMatch(/RLS off$/);
    }
    expect(await schema.summary.getAttribute('data-tables')).toBe('4');
    expect(await schema.summary.getAttribute('data-migrations')).toBe('2');
  });

  it('unfolds payments into its columns, keys and the payments_order index', async () => {
    await schema.expand(schema.table('payments'));
    const columns = await schema.children('payments', 'column').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
    expect(columns).toEqual(['id', 'order_id', 'provider_ref', 'card_token', 'amount_cents', 'created_at']);
    expect(await schema.child('payments', 'column', 'id').getAttribute('data-pk')).toBe('true');
    expect(await schema.child('payments', 'column', 'provider_ref').getAttribute('data-type')).toBe('character varying(64)');
    expect(await schema.child('payments', 'column', 'amount_cents').textContent()).toContain('NOT NULL');
    await schema.child('payments', 'index', 'payments_order').waitFor();
    // orders.customer_id references customers: an FK marker and a foreign key row.
    await schema.expand(schema.table('orders'));
    expect(await schema.child('orders', 'column', 'customer_id').getAttribute('data-fk')).toBe('true');
    expect(await schema.children('orders', 'foreign-key').count()).toBe(1);
    await opened.workbench.screenshot('schema-view');
  });

  it('opens the statement that created a table at its line', async () => {
    const { workbench } = opened;
    const info = await call(opened.session, 'schema.get', {});
    const payments = info!.schema.tables.find((t) => t.name === 'payments')!;
    const createLine = lineOf(opened.folder, 'db/migrations/V2__payments.sql', /CREATE TABLE payments/);
    expect(payments.source).toMatchObject({ file: 'db/migrations/V2__payments.sql', line: createLine });
    await schema.table('payments').click();
    await workbench.editor.tab('db/migrations/V2__payments.sql').and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(createLine);
    // A column added by a later ALTER TABLE leads to that statement.
    await schema.child('orders', 'column', 'paid_at').click();
    await workbench.editor.tab('db/migrations/V2__payments.sql').and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(lineOf(opened.folder, 'db/migrations/V2__payments.sql', /ALTER TABLE orders ADD COLUMN paid_at/));
    // A migration row opens its file.
    await schema.migrations.first().click();
    await workbench.editor.tab('db/migrations/V1__orders.sql').and(workbench.page.locator('[aria-selected="true"]')).waitFor();
  });

  it('filters by table and column names', async () => {
    const { page } = opened.session;
    await schema.filter.fill('provider_ref');
    await schema.child('payments', 'column', 'provider_ref').waitFor();
    expect(await schema.tableNames()).toEqual(['payments']);
    expect(await schema.children('payments', 'column').count()).toBe(1);
    await schema.filter.fill('order');
    await page.locator('[data-testid="schema-table"][data-name="customers"]').waitFor({ state: 'detached' });
    expect((await schema.tableNames()).sort()).toEqual(['order_lines', 'orders', 'payments']);
    await schema.filter.fill('');
    await schema.table('customers').waitFor();
  });

  it('is reachable from the palette', async () => {
    const { workbench } = opened;
    await workbench.page.getByTestId('activity-explorer').click();
    await schema.view.waitFor({ state: 'detached' });
    await workbench.runCommand('Show Schema');
    await schema.table('payments').waitFor();
  });
});
