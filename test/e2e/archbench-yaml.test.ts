import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

const ARCHBENCH = 'archbench.yaml';
const CART = 'kubernetes-manifests/cartservice.yaml';
const OVERLAY = `# Architecture overlay of the demo shop
version: 1
project:
  name: Online Boutique
`;

describe.skipIf(!!reason)('archbench.yaml in the editor', () => {
  let opened: Opened;
  /** Console messages about the CSP or workers that could not start: the schema support must run offline under the CSP. */
  const blocked: string[] = [];

  beforeAll(async () => {
    opened = await openCorpusCopy('microservices-demo', (folder) => writeFileSync(join(folder, ARCHBENCH), OVERLAY));
    opened.session.page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|Refused to|Could not create web worker|Failed to load worker/i.test(text)) blocked.push(text);
    });
    await opened.workbench.waitForProject('project');
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('offers the schema\'s keys as completions', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    await page.keyboard.press('Control+P');
    await page.getByTestId('palette-input').fill(ARCHBENCH);
    await page.keyboard.press('Enter');
    const editor = await workbench.editor.waitForEditor(ARCHBENCH);
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('comp');
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'components' });
    await suggestion.first().waitFor();
    const labels = await page.locator('.suggest-widget .monaco-list-row .label-name').allTextContents();
    expect(labels).toContain('components');
    await page.keyboard.press('Escape');
    // Only keys the schema knows: trustBoundaries, flows... are there when the prefix is cleared.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget.visible .monaco-list-row').filter({ hasText: 'flows' }).first().waitFor();
    await workbench.screenshot('archbench-yaml-completion');
    await page.keyboard.press('Escape');
  });

  it('validates values against the schema and explains keys on hover', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    const editor = workbench.editor.editor(ARCHBENCH);
    // version: 1 is the only version there is.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('7');
    await workbench.showPanel('problems');
    const problem = page.locator('[data-testid="problem-item"][data-kind="marker"][data-line="2"]');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/Valid values: 1|not accepted/i);
    await editor.locator('.squiggly-error, .squiggly-warning').first().waitFor({ state: 'attached' });
    // Hover on a key: the schema's description.
    const key = editor.locator('.view-line span', { hasText: /^project$/ }).first();
    await key.hover();
    await page.locator('.monaco-hover').filter({ hasText: 'The project as reports name it' }).waitFor();
    await workbench.screenshot('archbench-yaml-hover');
    await page.mouse.move(5, 400);
  });

  it('leaves other YAML files to plain YAML (no schema validation there)', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    await workbench.explorer.open(CART);
    await workbench.editor.typeAtStart(CART, 'version: 7\nnot valid: [\n');
    // Make the archbench.yaml validation run again after the edit above; once its marker is back, the other file's would be too.
    await workbench.editor.tab(ARCHBENCH).click();
    await workbench.editor.typeAtStart(ARCHBENCH, '# touched\n');
    await page.locator('[data-testid="problem-item"][data-kind="marker"][data-line="3"]').waitFor();
    await workbench.editor.tab(CART).click();
    await page.locator(`[data-testid="problems-file"][data-path="${CART}"]`).waitFor();
    expect(await page.locator('[data-testid="problem-item"][data-kind="marker"]').count()).toBe(0);
  });
});
