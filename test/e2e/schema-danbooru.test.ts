import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../shared/contract/index.js';
import { SCHEMA_TIMEOUT, SchemaPage } from './pages/schema-page.js';
import { call, openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

describe.skipIf(!!reason)('schema view: a large structure.sql (danbooru)', () => {
  let opened: Opened;
  let schema: SchemaPage;
  let info: SchemaInfo;

  beforeAll(async () => {
    opened = await openCorpusCopy('danbooru');
    schema = new SchemaPage(opened.session.page);
    await opened.workbench.waitForProject('project');
    await opened.session.workbench.session()!.analysis.whenIdle();
    info = (await call(opened.session, 'schema.get', {}))!;
  }, 180_000);
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('lists every table, folded, without rendering their columns', async () => {
    const tables = info.schema.tables.filter((t) => !t.system);
    expect(tables.length).toBeGreaterThanOrEqual(60);
    await schema.show();
    await schema.tables.nth(tables.length - 1).waitFor({ timeout: SCHEMA_TIMEOUT });
    expect(await schema.tables.count()).toBe(tables.length);
    expect(await schema.summary.getAttribute('data-tables')).toBe(String(tables.length));
    // Folded tables render no children: the tree stays small however big the schema is.
    expect(await schema.page.getByTestId('schema-column').count()).toBe(0);
    expect(await schema.page.locator('[data-testid="schema-tree"] [role="treeitem"]').count()).toBeLessThan(tables.length + 80);
    await opened.workbench.screenshot('schema-view-danbooru');
    // PGlite lacks pgstattuple: said once, as a warning at its CREATE EXTENSION (not an error beside it), and what
    // needed it is a warning too.
    const missing = info.missing.find((m) => m.kind === 'extension' && m.name === 'pgstattuple');
    expect(missing).toBeDefined();
    const atExtension = schema.problems.and(schema.page.locator(`[data-line="${missing!.line}"]`));
    expect(await atExtension.count()).toBe(1);
    expect(await atExtension.getAttribute('data-severity')).toBe('warning');
    expect(await schema.page.locator('[data-testid="schema-problem"][data-severity="error"]').count()).toBe(0);
  });

  it('finds a column across all tables with the filter', async () => {
    const withColumn = info.schema.tables.filter((t) => !t.system && t.columns.some((c) => c.name === 'uploader_id'));
    expect(withColumn.length).toBeGreaterThan(0);
    await schema.filter.fill('uploader_id');
    await schema.child(withColumn[0].name, 'column', 'uploader_id').waitFor();
    expect((await schema.tableNames()).sort()).toEqual(withColumn.map((t) => t.name).sort());
    await schema.filter.fill('');
    await schema.page.getByTestId('schema-column').first().waitFor({ state: 'detached' });
  });
});
