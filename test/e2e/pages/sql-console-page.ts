import type { Locator, Page } from 'playwright-core';
import { SCHEMA_TIMEOUT } from './schema-page.js';

/** The SQL console tab: its editor, toolbar and results pane. */
export class SqlConsolePage {
  constructor(readonly page: Page) {}

  get root(): Locator { return this.page.getByTestId('sql-console'); }
  get banner(): Locator { return this.page.getByTestId('sql-banner'); }
  get editor(): Locator { return this.page.getByTestId('sql-console-editor'); }
  get results(): Locator { return this.page.getByTestId('sql-results'); }
  get result(): Locator { return this.page.getByTestId('sql-result'); }
  get grid(): Locator { return this.page.getByTestId('result-grid'); }
  get plan(): Locator { return this.page.getByTestId('result-plan'); }
  get error(): Locator { return this.page.getByTestId('sql-error'); }
  get empty(): Locator { return this.page.getByTestId('sql-console-empty'); }
  get tab(): Locator { return this.page.locator('[data-testid="editor-tab"][data-tab-id="view:sql-console"]'); }

  /** Wait until the console's editor is ready to type in. */
  async waitForEditor(): Promise<void> {
    await this.editor.locator('.view-line').first().waitFor();
  }

  /** Replace the console's text (pasted at once, so no auto-closing or suggestions get in the way). */
  async setText(text: string): Promise<void> {
    await this.waitForEditor();
    await this.editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  /** Select lines `from`..`to` (1-based, whole lines) with the keyboard. */
  async selectLines(from: number, to: number): Promise<void> {
    await this.editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+Home');
    for (let i = 1; i < from; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Home');
    for (let i = from; i <= to; i++) await this.page.keyboard.press(i === to ? 'Shift+End' : 'Shift+ArrowDown');
  }

  /** Click a toolbar button and wait for the run it starts to finish. */
  async click(button: 'run' | 'explain' | 'explain-analyze' | 'reset'): Promise<void> {
    const before = await this.results.getAttribute('data-run');
    await this.page.getByTestId(`sql-${button}`).click();
    await this.waitForRunAfter(before);
  }

  /** Run with the keyboard (Ctrl+Enter in the editor) and wait for the result. */
  async runWithKeyboard(): Promise<void> {
    const before = await this.results.getAttribute('data-run');
    await this.page.keyboard.press('Control+Enter');
    await this.waitForRunAfter(before);
  }

  private async waitForRunAfter(before: string | null): Promise<void> {
    await this.page.waitForFunction((previous) => {
      const results = document.querySelector('[data-testid="sql-results"]');
      return !!results && !results.hasAttribute('data-busy') && results.getAttribute('data-run') !== previous;
    }, before, { timeout: SCHEMA_TIMEOUT });
  }

  /** The values of one column of the shown grid, as text. */
  async column(name: string): Promise<string[]> {
    return this.grid.locator(`td[data-column="${name}"]`).allTextContents();
  }

  /** The line numbers Monaco draws an error squiggle on, read from the rendered editor. */
  async errorMarkerLines(): Promise<number[]> {
    return this.editor.evaluate((root) => {
      const numbers = [...root.querySelectorAll('.line-numbers')] as HTMLElement[];
      return [...root.querySelectorAll('.squiggly-error')].map((squiggle) => {
        const top = squiggle.getBoundingClientRect().top;
        const number = numbers.find((n) => Math.abs(n.getBoundingClientRect().top - top) < 6);
        return Number(number?.textContent ?? NaN);
      });
    });
  }
}
