import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../main/bundle/verify.js';
import { openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

describe.skipIf(!!reason)('exporting the report bundle from the workbench (vampi, Chromium)', () => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await openCorpusCopy('vampi');
    await opened.workbench.waitForProject('project');
    await opened.workbench.waitForAnalysisIdle();
  }, 120_000);
  afterAll(async () => opened?.close());

  it('writes the bundle with progress and shows where, what and its hash; the manifest verifies', async () => {
    const page = opened.session.page;
    const out = join(opened.folder, 'review', 'bundle');
    await opened.workbench.runCommand('Export Report Bundle');
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    await expect(dialog.getByRole('heading', { name: 'Export Report Bundle' }).isVisible()).resolves.toBe(true);
    await page.getByTestId('export-folder').fill(out);
    await page.getByTestId('export-zip').check();
    await opened.workbench.screenshot('export-dialog');
    await page.getByTestId('export-submit').click();
    const result = page.getByTestId('export-result');
    await result.waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('export-result-dir').textContent()).resolves.toBe(out);
    const listed = await result.locator('li').allTextContents();
    expect(listed).toEqual(expect.arrayContaining(['report.html', 'findings.sarif', 'findings.json', 'threat-model.md', 'manifest.json']));
    await opened.workbench.screenshot('export-result');
    for (const file of listed) expect(existsSync(join(out, file)), file).toBe(true);
    expect(existsSync(`${out}.zip`)).toBe(true);
    const verified = await verifyBundle(out);
    expect(verified.ok, verified.problems.join('\n')).toBe(true);
    const hash = (await result.locator('.export-hash code').textContent())!.trim();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await page.getByTestId('export-close').click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('refuses a folder that holds something other than a bundle, and says so in the dialog', async () => {
    const page = opened.session.page;
    const precious = join(opened.folder, 'notes');
    mkdirSync(precious, { recursive: true });
    writeFileSync(join(precious, 'todo.txt'), 'keep me');
    await opened.workbench.runCommand('Export Report Bundle');
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-folder').fill(precious);
    await page.getByTestId('export-submit').click();
    const error = page.getByTestId('design-dialog-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/notes is not empty and is not an Archbench bundle/);
    expect(readFileSync(join(precious, 'todo.txt'), 'utf8')).toBe('keep me');
    await page.keyboard.press('Escape');
    expect(opened.pageErrors).toEqual([]);
  });
});
