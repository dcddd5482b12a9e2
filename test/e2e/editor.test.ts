import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

const CART = 'kubernetes-manifests/cartservice.yaml';
const PROTO = 'protos/demo.proto';
const EMAIL = 'kubernetes-manifests/emailservice.yaml';
const FRONTEND = 'kubernetes-manifests/frontend.yaml';

describe.skipIf(!!reason)('editor', () => {
  let opened: Opened;
  const disk = (path: string) => readFileSync(join(opened.folder, path), 'utf8');
  const writeOutside = (path: string, content: string) => writeFileSync(join(opened.folder, path), content);

  beforeAll(async () => {
    opened = await openCorpusCopy('microservices-demo');
    await opened.workbench.waitForProject('project');
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('opens files with the language of their kind', async () => {
    const { explorer, editor } = opened.workbench;
    await explorer.open(CART);
    await editor.waitForEditor(CART);
    expect(await editor.language(CART)).toBe('yaml');
    await editor.waitForText(CART, 'apiVersion: apps/v1');
    expect(await opened.workbench.page.getByTestId('status-language').textContent()).toBe('YAML');
    await explorer.open(PROTO);
    await editor.waitForEditor(PROTO);
    expect(await editor.language(PROTO)).toBe('protobuf');
    expect(await editor.tab(PROTO).getAttribute('aria-selected')).toBe('true');
    // Monaco tokenised it: the keyword "syntax" carries a token class of its own.
    await editor.waitForText(PROTO, 'syntax = "proto3";');
  });

  it('saves with Ctrl+S and clears the dirty marker', async () => {
    const { explorer, editor } = opened.workbench;
    await explorer.open(CART);
    await editor.typeAtStart(CART, '# saved-by-e2e\n');
    await editor.waitForDirty(CART, true);
    await editor.save();
    await editor.waitForDirty(CART, false);
    expect(disk(CART).startsWith('# saved-by-e2e\n# Copyright 2018 Google LLC')).toBe(true);
    await opened.workbench.waitForOutput(`Saved ${CART}`);
  });

  it('reloads a clean editor when its file changes on disk', async () => {
    const { explorer, editor } = opened.workbench;
    await explorer.open(CART);
    writeOutside(CART, `# changed-outside-clean\n${disk(CART)}`);
    await editor.waitForText(CART, '# changed-outside-clean');
    expect(await editor.tab(CART).getAttribute('data-dirty')).toBe('false');
    await opened.workbench.waitForOutput(`Reloaded ${CART}: it changed on disk`);
  });

  it('offers Reload / Keep Mine / Compare when a file with unsaved edits changes on disk', async () => {
    const { explorer, editor } = opened.workbench;
    await explorer.open(EMAIL);
    await editor.typeAtStart(EMAIL, '# my-unsaved-edit\n');
    await editor.waitForDirty(EMAIL, true);
    const original = disk(EMAIL);
    writeOutside(EMAIL, `# their-change-on-disk\n${original}`);
    await editor.conflictBar.waitFor();
    expect(await editor.conflictBar.textContent()).toContain('changed on disk');
    await opened.workbench.screenshot('conflict-bar');

    await opened.workbench.page.getByTestId('conflict-compare').click();
    await editor.diffEditor.waitFor();
    // Left: the disk version; right: mine.
    await editor.waitForText(EMAIL, '# their-change-on-disk', '[data-testid="diff-editor"] .editor.original');
    await editor.waitForText(EMAIL, '# my-unsaved-edit', '[data-testid="diff-editor"] .editor.modified');
    await opened.workbench.screenshot('diff-editor');

    await opened.workbench.page.getByTestId('conflict-reload').click();
    await editor.diffEditor.waitFor({ state: 'detached' });
    await editor.conflictBar.waitFor({ state: 'detached' });
    await editor.waitForText(EMAIL, '# their-change-on-disk');
    await editor.waitForDirty(EMAIL, false);
    expect(disk(EMAIL)).toBe(`# their-change-on-disk\n${original}`);
  });

  it('Keep Mine makes the next save overwrite the disk version on purpose', async () => {
    const { explorer, editor } = opened.workbench;
    await explorer.open(FRONTEND);
    await editor.typeAtStart(FRONTEND, '# mine-wins\n');
    await editor.waitForDirty(FRONTEND, true);
    writeOutside(FRONTEND, '# theirs\n');
    await editor.conflictBar.waitFor();
    await opened.workbench.page.getByTestId('conflict-keep').click();
    await editor.conflictBar.waitFor({ state: 'detached' });
    await editor.save();
    await editor.waitForDirty(FRONTEND, false);
    expect(disk(FRONTEND).startsWith('# mine-wins\n# Copyright')).toBe(true);
  });

  it('shows the conflict bar when a save is refused because the disk changed', async () => {
    const { explorer, editor, page } = { ...opened.workbench, page: opened.workbench.page };
    await explorer.open(PROTO);
    await editor.typeAtStart(PROTO, '// refused-save\n');
    await editor.waitForDirty(PROTO, true);
    // Change the disk and save at once, before the watcher's event can arrive: main refuses with `conflict`.
    writeOutside(PROTO, 'syntax = "proto3";\n');
    await editor.save();
    await editor.conflictBar.waitFor();
    expect(disk(PROTO)).toBe('syntax = "proto3";\n');
    await page.getByTestId('conflict-keep').click();
    await editor.save();
    await editor.waitForDirty(PROTO, false);
    expect(disk(PROTO).startsWith('// refused-save\n')).toBe(true);
  });

  it('marks the tab of a file deleted on disk', async () => {
    const { explorer, editor } = opened.workbench;
    await explorer.open(CART);
    rmSync(join(opened.folder, CART));
    await opened.workbench.page.locator(`[data-testid="editor-tab"][data-path="${CART}"][data-deleted="true"]`).waitFor();
    await editor.deletedBar.waitFor();
    await explorer.item(CART).waitFor({ state: 'detached' });
    // Saving writes it again.
    await editor.save();
    await opened.workbench.page.locator(`[data-testid="editor-tab"][data-path="${CART}"]:not([data-deleted])`).waitFor();
    expect(disk(CART)).toContain('# changed-outside-clean');
  });

  it('asks before closing a tab with unsaved edits', async () => {
    const { explorer, editor, page } = { ...opened.workbench, page: opened.workbench.page };
    await explorer.open(EMAIL);
    const before = disk(EMAIL);
    await editor.typeAtStart(EMAIL, '# thrown-away\n');
    await editor.waitForDirty(EMAIL, true);
    await page.keyboard.press('Control+W');
    await page.getByTestId('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('dialog').waitFor({ state: 'detached' });
    expect(await editor.tab(EMAIL).count()).toBe(1);
    await page.keyboard.press('Control+W');
    await page.getByTestId('dialog-discard').click();
    await editor.tab(EMAIL).waitFor({ state: 'detached' });
    expect(disk(EMAIL)).toBe(before);
  });

  it('holds a reload of the window while a file has unsaved edits', async () => {
    const { explorer, editor, page } = { ...opened.workbench, page: opened.workbench.page };
    const dialogs: string[] = [];
    const answer = (dialog: { type(): string; dismiss(): Promise<void> }) => { dialogs.push(dialog.type()); void dialog.dismiss(); };
    page.on('dialog', answer);
    try {
      await explorer.open(EMAIL);
      await editor.typeAtStart(EMAIL, '# kept-unsaved\n');
      await editor.waitForDirty(EMAIL, true);
      await page.evaluate(() => { location.reload(); });
      await expect.poll(() => dialogs).toEqual(['beforeunload']);
      // Dismissed: the window stays, with the edit.
      await editor.waitForDirty(EMAIL, true);
      await page.keyboard.press('Control+W');
      await page.getByTestId('dialog-discard').click();
      await editor.tab(EMAIL).waitFor({ state: 'detached' });
    } finally {
      page.off('dialog', answer);
    }
  });

  it('closes tabs with Ctrl+W and middle-click', async () => {
    const { editor, page } = { editor: opened.workbench.editor, page: opened.workbench.page };
    const before = await editor.tabs.count();
    await editor.tab(CART).click();
    await page.keyboard.press('Control+W');
    await editor.tab(CART).waitFor({ state: 'detached' });
    await editor.tab(PROTO).click({ button: 'middle' });
    await editor.tab(PROTO).waitFor({ state: 'detached' });
    expect(await editor.tabs.count()).toBe(before - 2);
  });
});
