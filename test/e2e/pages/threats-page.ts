import type { Locator, Page } from 'playwright-core';

export type ThreatDecision = 'accepted' | 'mitigated' | 'false-positive' | 'in-progress' | 'open';

/** The Threats side bar (STRIDE chips, threats, attack paths) and the threat / attack path inspectors. */
export class ThreatsPage {
  constructor(readonly page: Page) {}

  get view(): Locator { return this.page.getByTestId('threats-view'); }
  get items(): Locator { return this.page.getByTestId('threat-item'); }
  get details(): Locator { return this.page.getByTestId('threat-details'); }
  get attackPaths(): Locator { return this.page.getByTestId('attack-path'); }
  get attackPathDetails(): Locator { return this.page.getByTestId('attack-path-details'); }
  get dialog(): Locator { return this.page.getByTestId('track-dialog'); }

  /** Show the Threats view (from the activity bar) and wait for its STRIDE summary. */
  async show(): Promise<void> {
    if ((await this.page.getByTestId('activity-threats').getAttribute('aria-pressed')) !== 'true') await this.page.getByTestId('activity-threats').click();
    await this.page.getByTestId('stride-summary').waitFor();
  }

  chip(letter: string): Locator {
    return this.page.locator(`[data-testid="stride-chip"][data-stride="${letter}"]`);
  }

  /** The count each STRIDE chip shows, by letter. */
  async strideCounts(): Promise<Record<string, number>> {
    const chips = await this.page.getByTestId('stride-chip').all();
    const counts: Record<string, number> = {};
    for (const chip of chips) counts[(await chip.getAttribute('data-stride'))!] = Number(await chip.getAttribute('data-count'));
    return counts;
  }

  item(id: string): Locator {
    return this.page.locator(`[data-testid="threat-item"][data-id="${id}"]`);
  }

  async groupBy(mode: 'stride' | 'element' | 'status'): Promise<void> {
    await this.page.getByTestId('threats-group-by').selectOption(mode);
  }

  /** Record a decision on the threat in the inspector through the dialog; waits until main wrote it. */
  async decide(decision: ThreatDecision, justification?: string): Promise<void> {
    await this.details.getByTestId(`threat-track-${decision}`).click();
    await this.dialog.waitFor();
    if (justification !== undefined) await this.dialog.getByTestId('track-justification').fill(justification);
    await this.dialog.getByTestId('track-submit').click();
    await this.dialog.waitFor({ state: 'detached' });
  }

  /** Wait until the inspector shows the threat with this status (after the re-analysis that follows a decision). */
  async waitForStatus(id: string, status: string, timeout = 60_000): Promise<void> {
    await this.page.locator(`[data-testid="threat-details"][data-id="${id}"][data-status="${status}"]`).waitFor({ timeout });
  }
}
