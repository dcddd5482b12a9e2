import type { Locator, Page } from 'playwright-core';

/** The first replay starts an embedded PostgreSQL: on a loaded machine that takes a while. */
export const SCHEMA_TIMEOUT = 60_000;

/** The Schema side bar: migration order, replay problems, schemas with their tables and what hangs off them. */
export class SchemaPage {
  constructor(readonly page: Page) {}

  get view(): Locator { return this.page.getByTestId('schema-view'); }
  get tree(): Locator { return this.page.getByTestId('schema-tree'); }
  get filter(): Locator { return this.page.getByTestId('schema-filter'); }
  get summary(): Locator { return this.page.getByTestId('schema-summary'); }
  get migrations(): Locator { return this.page.getByTestId('schema-migration'); }
  get scheme(): Locator { return this.page.getByTestId('migration-scheme'); }
  get tables(): Locator { return this.page.getByTestId('schema-table'); }
  get policies(): Locator { return this.page.getByTestId('schema-policy'); }
  get problems(): Locator { return this.page.getByTestId('schema-problem'); }

  /** Show the Schema view (from the activity bar) and wait until the replayed schema is listed. */
  async show(): Promise<void> {
    if ((await this.page.getByTestId('activity-schema').getAttribute('aria-pressed')) !== 'true') await this.page.getByTestId('activity-schema').click();
    await this.view.waitFor();
    await this.tree.waitFor({ timeout: SCHEMA_TIMEOUT });
  }

  /** The migration files in the order shown (file names). */
  async migrationNames(): Promise<string[]> {
    return this.migrations.evaluateAll((rows) => rows.map((r) => (r.getAttribute('data-path') ?? '').split('/').pop() ?? ''));
  }

  table(name: string, schema = 'public'): Locator {
    return this.page.locator(`[data-testid="schema-table"][data-schema="${schema}"][data-name="${name}"]`);
  }

  async tableNames(): Promise<string[]> {
    return this.tables.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  }

  /** A row under a table (column, index, policy...) by its test id and name. */
  child(table: string, type: 'column' | 'index' | 'foreign-key' | 'policy' | 'trigger', name: string, schema = 'public'): Locator {
    return this.page.locator(`[data-testid="schema-${type}"][data-row-id^="table:${schema}.${table}:"][data-name="${name}"]`);
  }

  children(table: string, type: 'column' | 'index' | 'foreign-key' | 'policy' | 'grant', schema = 'public'): Locator {
    return this.page.locator(`[data-testid="schema-${type}"][data-row-id^="table:${schema}.${table}:"]`);
  }

  /** Unfold a row with its twistie and wait until it says so. */
  async expand(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.tree-list-twistie').click();
    await row.and(this.page.locator('[aria-expanded="true"]')).waitFor();
  }
}
