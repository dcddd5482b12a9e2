import type { Locator, Page } from 'playwright-core';

export type Decision = 'accepted' | 'mitigated' | 'false-positive' | 'in-progress' | 'open';

/** The Findings side bar, the inspector's finding details and the risk-decision dialog. */
export class FindingsPage {
  constructor(readonly page: Page) {}

  get view(): Locator { return this.page.getByTestId('findings-view'); }
  get items(): Locator { return this.page.getByTestId('finding-item'); }
  get details(): Locator { return this.page.getByTestId('finding-details'); }
  get dialog(): Locator { return this.page.getByTestId('track-dialog'); }
  get progress(): Locator { return this.page.getByTestId('findings-progress'); }
  get ruleFailures(): Locator { return this.page.getByTestId('rule-failure'); }

  /** Show the Findings view (from the activity bar) and wait for it. */
  async show(): Promise<void> {
    if ((await this.page.getByTestId('activity-findings').getAttribute('aria-pressed')) !== 'true') await this.page.getByTestId('activity-findings').click();
    await this.view.waitFor();
  }

  /** A finding row by rule id (and fingerprint when given). */
  item(ruleId: string, fingerprint?: string): Locator {
    return this.page.locator(`[data-testid="finding-item"][data-rule="${ruleId}"]${fingerprint ? `[data-fingerprint="${fingerprint}"]` : ''}`);
  }

  async setStatusFilter(status: 'open' | 'tracked' | 'new' | 'all'): Promise<void> {
    await this.page.getByTestId('findings-status').selectOption(status);
  }

  /** Record a decision on the finding shown in the inspector, through the dialog; waits until main wrote it. */
  async decide(decision: Decision, justification?: string, expires?: string): Promise<void> {
    await this.details.getByTestId(`track-${decision}`).click();
    await this.dialog.waitFor();
    if (justification !== undefined) await this.dialog.getByTestId('track-justification').fill(justification);
    if (expires !== undefined) await this.dialog.getByTestId('track-expires').fill(expires);
    await this.dialog.getByTestId('track-submit').click();
    await this.dialog.waitFor({ state: 'detached' });
  }

  /** Wait until the inspector shows the finding with this status (after the re-analysis that follows a decision). */
  async waitForStatus(fingerprint: string, status: string): Promise<void> {
    await this.page.locator(`[data-testid="finding-details"][data-fingerprint="${fingerprint}"][data-status="${status}"]`).waitFor();
  }
}
