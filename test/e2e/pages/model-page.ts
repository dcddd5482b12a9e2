import type { Locator, Page } from 'playwright-core';

/** The Model side bar: components by kind, flows, trust boundaries, endpoints. */
export class ModelPage {
  constructor(readonly page: Page) {}

  get view(): Locator { return this.page.getByTestId('model-view'); }
  get tree(): Locator { return this.page.getByTestId('model-tree'); }
  get filter(): Locator { return this.page.getByTestId('model-filter'); }
  get components(): Locator { return this.page.getByTestId('model-component'); }

  /** Show the Model view (from the activity bar) and wait for its tree. */
  async show(): Promise<void> {
    if ((await this.page.getByTestId('activity-model').getAttribute('aria-pressed')) !== 'true') await this.page.getByTestId('activity-model').click();
    await this.tree.waitFor();
  }

  component(id: string): Locator {
    return this.page.locator(`[data-testid="model-component"][data-id="${id}"]`);
  }

  flow(from: string, to: string): Locator {
    return this.page.locator(`[data-testid="model-flow"][data-from="${from}"][data-to="${to}"]`);
  }

  section(name: 'components' | 'flows' | 'boundaries' | 'endpoints'): Locator {
    return this.page.locator(`[data-testid="model-section"][data-section="${name}"]`);
  }

  /** The source rows under a component (unfold it with its twistie first). */
  sources(componentId: string): Locator {
    return this.page.locator(`[data-testid="model-source"][data-row-id^="component:${componentId}:source:"]`);
  }

  async expand(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.tree-list-twistie').click();
    await row.and(this.page.locator('[aria-expanded="true"]')).waitFor();
  }

  async ids(): Promise<string[]> {
    return this.components.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
  }
}
