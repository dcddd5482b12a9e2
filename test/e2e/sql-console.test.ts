import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';
import { tempCopy, tempDir } from '../support/temp.js';
import { startSession } from './harness.js';
import { SchemaPage } from './pages/schema-page.js';
import { SqlConsolePage } from './pages/sql-console-page.js';
import { WorkbenchPage } from './pages/workbench-page.js';
import { skipReason, watchPageErrors, type Opened } from './session.js';

const reason = skipReason();

/** SHA-256 of every migration file, to prove the console never writes them. */
function migrationHashes(folder: string): Record<string, string> {
  const dir = join(folder, 'db', 'migrations');
  return Object.fromEntries(readdirSync(dir).map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]));
}

async function openFolder(path: string, cleanup: () => void): Promise<Opened> {
  const session = await startSession({ folder: path });
  const pageErrors = watchPageErrors(session);
  return { session, workbench: new WorkbenchPage(session.page), folder: path, pageErrors, async close() { await session.close(); cleanup(); } };
}

describe.skipIf(!!reason)('SQL console on the sample project', () => {
  let opened: Opened;
  let sql: SqlConsolePage;
  let before: Record<string, string>;

  beforeAll(async () => {
    const copy = tempCopy(join(REPO_ROOT, 'resources', 'sample-project'));
    before = migrationHashes(copy.path);
    opened = await openFolder(copy.path, copy.cleanup);
    sql = new SqlConsolePage(opened.session.page);
    await opened.workbench.waitForProject('project');
    // The console runs on the replayed database: wait for the Schema view to have it.
    await new SchemaPage(opened.session.page).show();
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('opens from the palette with the scratch-copy banner', async () => {
    await opened.workbench.runCommand('Open SQL Console');
    await sql.root.waitFor();
    expect(await sql.tab.getAttribute('aria-selected')).toBe('true');
    expect(await sql.banner.textContent()).toContain('Scratch copy of the replayed database: your files never change');
  });

  it('runs a query and shows its rows in a grid with typed headers', async () => {
    await sql.setText('SELECT count(*) FROM orders');
    await sql.click('run');
    await sql.grid.waitFor();
    expect(await sql.column('count')).toEqual(['0']);
    expect(await sql.grid.locator('[data-testid="result-column"][data-name="count"]').textContent()).toContain('int8');
    expect(await sql.result.getByTestId('sql-row-count').textContent()).toBe('1 row');
  });

  it('keeps what an INSERT wrote for the next statement', async () => {
    await sql.setText([
      "INSERT INTO customers (email) VALUES ('ada@example.com');",
      'INSERT INTO orders (customer_id, total_cents) SELECT id, 1200 FROM customers;',
      'SELECT id, status, total_cents FROM orders;',
    ].join('\n'));
    await sql.click('run');
    expect(await sql.page.getByTestId('sql-result-tab').count()).toBe(3);
    expect(await sql.result.getAttribute('data-command')).toBe('SELECT');
    expect(await sql.column('status')).toEqual(['pending']);
    expect(await sql.column('total_cents')).toEqual(['1200']);
    await opened.workbench.screenshot('sql-console-results');
  });

  it('runs only the selection with Ctrl+Enter', async () => {
    await sql.setText('SELECT 1 AS first;\nSELECT 2 AS second;\nSELECT 3 AS third;');
    await sql.selectLines(2, 2);
    await sql.runWithKeyboard();
    expect(await sql.page.getByTestId('sql-result-tab').count()).toBe(1);
    expect(await sql.column('second')).toEqual(['2']);
  });

  it('explains the statement at the cursor', async () => {
    await sql.setText('SELECT * FROM orders WHERE id = 1;');
    await sql.click('explain');
    await sql.plan.waitFor();
    expect(await sql.plan.textContent()).toMatch(/Scan/);
    await sql.click('explain-analyze');
    expect(await sql.plan.textContent()).toMatch(/actual time=/);
    await opened.workbench.setTheme('light');
    await opened.workbench.screenshot('sql-console-explain-light');
    await opened.workbench.setTheme('dark');
  });

  it('puts an error at its line in the editor and in the results', async () => {
    await sql.setText('SELECT 1;\n\nSELECT nope\n  FROM orders;');
    await sql.click('run');
    await sql.error.waitFor();
    expect(await sql.error.getByTestId('sql-error-message').textContent()).toBe('column "nope" does not exist');
    expect(await sql.error.getAttribute('data-line')).toBe('3');
    expect(await sql.error.getAttribute('data-column')).toBe('8');
    await sql.editor.locator('.squiggly-error').first().waitFor();
    expect(await sql.errorMarkerLines()).toEqual([3]);
    // The statement that ran before the error still shows its result.
    expect(await sql.page.getByTestId('sql-result-tab').count()).toBe(1);
    await opened.workbench.screenshot('sql-console-error');
    // The next good run clears the marker.
    await sql.setText('SELECT 1 AS ok');
    await sql.click('run');
    await sql.editor.locator('.squiggly-error').first().waitFor({ state: 'detached' });
  });

  it('resets the scratch database and never touches the migration files', async () => {
    await sql.setText('SELECT count(*) FROM orders');
    await sql.click('run');
    expect(await sql.column('count')).toEqual(['1']);
    await sql.click('reset');
    await sql.page.getByTestId('sql-reset-done').waitFor();
    await sql.click('run');
    expect(await sql.column('count')).toEqual(['0']);
    expect(migrationHashes(opened.folder)).toEqual(before);
  });

  it('offers Run SQL, Explain SQL and Reset Scratch Database in the palette', async () => {
    await sql.setText('SELECT 42 AS answer');
    let seq = await sql.results.getAttribute('data-run');
    await opened.workbench.runCommand('Run SQL');
    await sql.page.locator(`[data-testid="sql-results"]:not([data-busy]):not([data-run="${seq}"])`).waitFor();
    expect(await sql.column('answer')).toEqual(['42']);
    seq = await sql.results.getAttribute('data-run');
    await opened.workbench.runCommand('Explain SQL');
    await sql.page.locator(`[data-testid="sql-results"]:not([data-busy]):not([data-run="${seq}"])`).waitFor();
    await sql.plan.waitFor();
    seq = await sql.results.getAttribute('data-run');
    await opened.workbench.runCommand('Reset Scratch Database');
    await sql.page.locator(`[data-testid="sql-results"]:not([data-busy]):not([data-run="${seq}"])`).waitFor();
    await sql.page.getByTestId('sql-reset-done').waitFor();
  });

  it('runs an open .sql file in the console, where its CREATE TABLE meets the existing table', async () => {
    const { workbench } = opened;
    await workbench.runCommand('Open SQL Console');
    const seq = await sql.results.getAttribute('data-run');
    await workbench.page.locator('[data-testid="schema-migration"][data-path="db/migrations/V2__payments.sql"]').click();
    await workbench.editor.waitForEditor('db/migrations/V2__payments.sql');
    await workbench.runCommand('Run the SQL File');
    await sql.page.locator(`[data-testid="sql-results"]:not([data-busy]):not([data-run="${seq}"])`).waitFor();
    expect(await sql.tab.getAttribute('aria-selected')).toBe('true');
    expect(await sql.error.getByTestId('sql-error-message').textContent()).toBe('relation "payments" already exists');
    await sql.editor.locator('.squiggly-error').first().waitFor();
    expect(migrationHashes(opened.folder)).toEqual(before);
  });
});

describe.skipIf(!!reason)('SQL console without SQL migrations', () => {
  let opened: Opened;

  beforeAll(async () => {
    const dir = tempDir('archbench-project-');
    writeFileSync(join(dir.path, 'docker-compose.yml'), 'services:\n  api:\n    image: nginx:1.27\n');
    opened = await openFolder(dir.path, dir.cleanup);
    await opened.workbench.page.getByTestId('status-project').waitFor();
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('says so instead of offering an editor', async () => {
    const sql = new SqlConsolePage(opened.session.page);
    await opened.workbench.runCommand('Open SQL Console');
    await sql.empty.waitFor();
    expect(await sql.empty.textContent()).toContain('No SQL migrations');
    await opened.workbench.runCommand('Show Schema');
    await opened.session.page.getByTestId('schema-empty').waitFor();
  });
});
