import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { EditorPage } from './editor-page.js';
import { ExplorerPage } from './explorer-page.js';
import { FindingsPage } from './findings-page.js';
import { ModelPage } from './model-page.js';

/** Where the suite leaves its screenshots (override with ARCHBENCH_SHOTS). */
/** Where e2e screenshots go, for people to look at (ARCHBENCH_SHOTS overrides). */
export const SHOTS_DIR = process.env.ARCHBENCH_SHOTS ?? join(tmpdir(), 'archbench-shots');

/** The whole workbench window: start page, status bar, palette, panel, theme. */
export class WorkbenchPage {
  readonly explorer: ExplorerPage;
  readonly editor: EditorPage;
  readonly model: ModelPage;
  readonly findings: FindingsPage;

  constructor(readonly page: Page) {
    this.explorer = new ExplorerPage(page);
    this.editor = new EditorPage(page);
    this.model = new ModelPage(page);
    this.findings = new FindingsPage(page);
  }

  get root(): Locator { return this.page.getByTestId('workbench'); }
  get startPage(): Locator { return this.page.getByTestId('start-page'); }
  get statusBar(): Locator { return this.page.getByTestId('status-bar'); }
  get palette(): Locator { return this.page.getByTestId('command-palette'); }
  get output(): Locator { return this.page.getByTestId('output-log'); }
  get analysisStatus(): Locator { return this.page.getByTestId('status-analysis'); }
  get findingCounts(): Locator { return this.page.getByTestId('status-findings'); }

  /** Wait until the workbench shows an open project with its files listed. */
  async waitForProject(name: string): Promise<void> {
    await this.page.getByTestId('status-project').filter({ hasText: name }).waitFor();
    await this.explorer.tree.waitFor();
  }

  async waitForStartPage(): Promise<void> {
    await this.startPage.waitFor();
  }

  async theme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }

  async setTheme(theme: 'dark' | 'light'): Promise<void> {
    if ((await this.theme()) !== theme) await this.page.getByTestId('toggle-theme').click();
    await this.page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
  }

  /** Open the command palette with the keyboard, in command mode. */
  async openPalette(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    await this.palette.waitFor();
  }

  /** Run a command through the palette by typing (part of) its title and pressing Enter. */
  async runCommand(query: string): Promise<void> {
    await this.openPalette();
    await this.page.getByTestId('palette-input').fill(`>${query}`);
    await this.page.keyboard.press('Enter');
    await this.palette.waitFor({ state: 'detached' });
  }

  paletteItems(): Locator {
    return this.page.getByTestId('palette-item');
  }

  /** Wait for a line in the Output panel. */
  async waitForOutput(text: string | RegExp): Promise<void> {
    await this.output.locator('.output-line', { hasText: text }).first().waitFor();
  }

  /** Wait until the status bar shows the cursor on `line` (Monaco's cursor, as the user sees it). */
  async waitForCursorLine(line: number): Promise<void> {
    await this.page.getByTestId('status-cursor').filter({ hasText: new RegExp(`^Ln ${line},`) }).waitFor();
  }

  /** Wait until no analysis runs and the last one finished (the status bar says when). */
  async waitForAnalysisIdle(): Promise<void> {
    await this.page.locator('[data-testid="status-analysis"][data-state="idle"]').waitFor();
  }

  async showPanel(tab: 'problems' | 'output'): Promise<void> {
    if (!(await this.page.getByTestId('bottom-panel').isVisible())) await this.page.keyboard.press('Control+J');
    await this.page.getByTestId(`panel-tab-${tab}`).click();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SHOTS_DIR, { recursive: true });
    const path = join(SHOTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
