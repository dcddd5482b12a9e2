import type { Locator, Page } from 'playwright-core';

/** The editor area: tabs, the Monaco editor, the conflict bar and the diff editor. */
export class EditorPage {
  constructor(readonly page: Page) {}

  tab(path: string): Locator {
    return this.page.locator(`[data-testid="editor-tab"][data-path="${path}"]`);
  }

  get tabs(): Locator { return this.page.getByTestId('editor-tab'); }

  /** The visible code editor showing `path`. */
  editor(path: string): Locator {
    return this.page.locator(`[data-testid="code-editor"][data-path="${path}"]`);
  }

  get conflictBar(): Locator { return this.page.getByTestId('conflict-bar'); }
  get deletedBar(): Locator { return this.page.getByTestId('deleted-bar'); }
  get diffEditor(): Locator { return this.page.getByTestId('diff-editor'); }

  /** Wait until Monaco renders `path`'s lines. */
  async waitForEditor(path: string): Promise<Locator> {
    const editor = this.editor(path);
    await editor.locator('.view-line').first().waitFor();
    return editor;
  }

  async language(path: string): Promise<string | null> {
    return this.editor(path).getAttribute('data-language');
  }

  /** The text of the rendered (visible) lines of the first editor under `selector`; Monaco renders spaces as U+00A0. */
  async visibleText(selector: string): Promise<string> {
    return this.page.locator(selector).first().evaluate(readVisibleLines);
  }

  /** Wait until the editor of `path` (or the editor under `selector`) shows `text` in its visible lines. */
  async waitForText(path: string, text: string, selector = `[data-testid="code-editor"][data-path="${path}"]`): Promise<void> {
    await this.page.waitForFunction(({ selector, text }) => {
      const root = document.querySelector(selector);
      if (!root) return false;
      const lines = [...root.querySelectorAll('.view-lines .view-line')] as HTMLElement[];
      return lines.map((line) => line.textContent ?? '').join('\n').replace(/\u00a0/g, ' ').includes(text);
    }, { selector, text });
  }

  /** Type at the very start of the document. */
  async typeAtStart(path: string, text: string): Promise<void> {
    const editor = await this.waitForEditor(path);
    await editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.type(text);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  async waitForDirty(path: string, dirty: boolean): Promise<void> {
    await this.page.locator(`[data-testid="editor-tab"][data-path="${path}"][data-dirty="${dirty}"]`).waitFor();
  }
}

/** Runs in the page: the visible lines of a Monaco editor, top to bottom, with real spaces. */
function readVisibleLines(root: Element): string {
  const lines = [...root.querySelectorAll('.view-lines .view-line')] as HTMLElement[];
  return lines
    .map((line) => ({ top: parseFloat(line.style.top || '0'), text: line.textContent ?? '' }))
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text)
    .join('\n')
    .replace(/\u00a0/g, ' ');
}
