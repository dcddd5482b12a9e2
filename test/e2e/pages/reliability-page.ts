import type { Locator, Page } from 'playwright-core';

/** The Reliability side bar: SPOFs, blast radius, flow resilience, call chains, playbook. */
export class ReliabilityPage {
  constructor(readonly page: Page) {}

  get view(): Locator { return this.page.getByTestId('reliability-view'); }
  get spofs(): Locator { return this.page.getByTestId('spof-item'); }
  get flows(): Locator { return this.page.getByTestId('flow-item'); }
  get chains(): Locator { return this.page.getByTestId('chain-item'); }
  get playbook(): Locator { return this.page.getByTestId('playbook-item'); }

  /** Show the Reliability view (from the activity bar) and wait for its first section. */
  async show(): Promise<void> {
    if ((await this.page.getByTestId('activity-reliability').getAttribute('aria-pressed')) !== 'true') await this.page.getByTestId('activity-reliability').click();
    await this.page.getByTestId('reliability-spof').waitFor();
  }

  /** Component ids listed as single points of failure, in order. */
  async spofIds(): Promise<string[]> {
    return Promise.all((await this.spofs.all()).map(async (item) => (await item.getAttribute('data-component'))!));
  }

  blastItem(component: string): Locator {
    return this.page.locator(`[data-testid="blast-item"][data-component="${component}"]`);
  }

  /** Unfold a component's blast radius and return the names it lists per group. */
  async expandBlastRadius(component: string): Promise<{ components: string[]; entryPoints: string[]; endpoints: string[] }> {
    const item = this.blastItem(component);
    if ((await item.getAttribute('data-expanded')) !== 'true') await item.getByTestId('blast-toggle').click();
    await item.getByTestId('blast-detail').waitFor();
    const names = async (testId: string) => Promise.all((await item.getByTestId(testId).all()).map(async (l) => (await l.getAttribute('data-name'))!));
    return { components: await names('blast-component'), entryPoints: await names('blast-entry-point'), endpoints: await names('blast-endpoint') };
  }

  flow(from: string, to: string): Locator {
    return this.page.locator(`[data-testid="flow-item"][data-from="${from}"][data-to="${to}"]`);
  }
}
