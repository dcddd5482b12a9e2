import type { Locator, Page } from 'playwright-core';

/** The Explorer side bar. Items are addressed by project-relative path. */
export class ExplorerPage {
  constructor(readonly page: Page) {}

  get tree(): Locator { return this.page.getByTestId('explorer-tree'); }

  item(path: string): Locator {
    return this.page.locator(`[data-testid="tree-item"][data-path="${path}"]`);
  }

  folder(path: string): Locator {
    return this.page.locator(`[data-testid="tree-folder"][data-path="${path}"]`);
  }

  group(kind: string): Locator {
    return this.page.locator(`[data-testid="tree-group"][data-kind="${kind}"]`);
  }

  badge(path: string): Locator {
    return this.item(path).getByTestId('kind-badge');
  }

  /** Unfold the folders above `path` so its row is rendered (folder view). */
  async reveal(path: string): Promise<Locator> {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = this.folder(parts.slice(0, i).join('/'));
      await folder.waitFor();
      if ((await folder.getAttribute('aria-expanded')) === 'false') await folder.click();
      await this.page.locator(`[data-testid="tree-folder"][data-path="${parts.slice(0, i).join('/')}"][aria-expanded="true"]`).waitFor();
    }
    const item = this.item(path);
    await item.waitFor();
    return item;
  }

  /** Open a file from the tree. */
  async open(path: string): Promise<void> {
    await (await this.reveal(path)).click();
  }

  async setMode(mode: 'folders' | 'kinds'): Promise<void> {
    const toggle = this.page.getByTestId('explorer-mode-kinds');
    const pressed = (await toggle.getAttribute('aria-pressed')) === 'true';
    if (pressed !== (mode === 'kinds')) await toggle.click();
    await this.page.locator(`[data-testid="explorer-mode-kinds"][aria-pressed="${mode === 'kinds'}"]`).waitFor();
  }
}
