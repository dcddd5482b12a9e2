import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startBrowserHost } from '../../main/host/browser-host.js';
import { REPO_ROOT } from '../support/paths.js';
import { openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();
const CART = 'kubernetes-manifests/cartservice.yaml';
const PROTO = 'protos/demo.proto';

describe.skipIf(!!reason)('workbench', () => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await openCorpusCopy('microservices-demo');
    await opened.session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await opened.workbench.waitForProject('project');
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('shows the system diagram in the centre the first time a project opens', async () => {
    const { page } = opened.workbench;
    const diagram = page.locator('[data-testid="editor-tab"][data-tab-id="view:diagram"]');
    await diagram.waitFor();
    expect(await diagram.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[data-testid="editor-tab"]').count()).toBe(1);
  });

  it('shows project, artifact count, connection and host in the status bar', async () => {
    const page = opened.workbench.page;
    expect(await page.getByTestId('status-project').textContent()).toContain('project');
    expect(await page.getByTestId('status-artifacts').textContent()).toMatch(/^\d+ artifacts$/);
    await page.locator('[data-testid="status-connection"][data-state="connected"]').waitFor();
    expect(await page.getByTestId('status-host').textContent()).toContain('Browser');
  });

  it('renders a YAML file in the dark and the light theme', async () => {
    const { workbench } = opened;
    await workbench.explorer.open(CART);
    await workbench.editor.waitForText(CART, 'kind: Deployment');
    await workbench.setTheme('dark');
    await workbench.page.locator('.monaco-editor.vs-dark').first().waitFor();
    await workbench.screenshot('tree-yaml-dark');
    await workbench.setTheme('light');
    await workbench.page.locator('.monaco-editor.vs').first().waitFor();
    await workbench.screenshot('tree-yaml-light');
  });

  it('lists every action in the command palette, with fuzzy filter and keyboard navigation', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    await workbench.openPalette();
    const titles = await workbench.paletteItems().allTextContents();
    for (const title of ['Open Folder', 'Open the Sample Project', 'Save', 'Close Tab', 'Toggle Theme', 'Toggle Panel', 'About / Diagnostics', 'Reveal in Explorer']) {
      expect(titles.some((t) => t.includes(title)), title).toBe(true);
    }
    await page.getByTestId('palette-input').fill('>tgthm');
    expect(await workbench.paletteItems().first().getAttribute('data-command')).toBe('view.toggleTheme');
    await page.getByTestId('palette-input').fill('>toggle');
    await page.keyboard.press('ArrowDown');
    expect(await workbench.paletteItems().nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Escape');
    await workbench.palette.waitFor({ state: 'detached' });

    await workbench.runCommand('toggle theme');
    expect(await workbench.theme()).toBe('dark');
    await workbench.runCommand('toggle panel');
    await page.getByTestId('bottom-panel').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+J');
    await page.getByTestId('bottom-panel').waitFor();
  });

  it('goes to a file from the palette and reveals it in the Explorer', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    await page.keyboard.press('Control+P');
    await page.getByTestId('palette-input').fill('demo.pro');
    await page.keyboard.press('Enter');
    await workbench.editor.waitForEditor(PROTO);
    await workbench.explorer.folder('protos').click(); // fold it away
    await workbench.runCommand('Reveal in Explorer');
    await page.locator(`[data-testid="tree-item"][data-path="${PROTO}"][aria-selected="true"]`).waitFor();
  });

  it('shows About / diagnostics and copies them for a bug report', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    await workbench.runCommand('About');
    const about = page.getByTestId('about-details');
    await about.waitFor();
    const text = await about.textContent();
    expect(text).toContain('Node');
    expect(text).toContain(opened.session.dataDir);
    expect(text).toContain('store.db');
    await page.getByTestId('copy-diagnostics').click();
    await page.getByTestId('copy-diagnostics').filter({ hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Archbench test (browser host');
    expect(copied).toContain(`Data folder: ${opened.session.dataDir}`);
    expect(copied).toContain('Last errors');
  });

  it('remembers the theme and the open tabs of the project across a reload', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    await page.getByTestId('activity-erd').click();
    await workbench.editor.tab(CART).click();
    // The layout is written shortly after it changes; wait until it holds the tabs before reloading.
    await page.waitForFunction((cart) => Object.keys(localStorage).some((k) => k.startsWith('archbench.layout') && localStorage.getItem(k)!.includes(`"active":"${cart}"`) && localStorage.getItem(k)!.includes('"erd"')), CART);
    await page.reload();
    await workbench.waitForProject('project');
    await workbench.editor.tab(CART).waitFor();
    await workbench.editor.tab(PROTO).waitFor();
    expect(await workbench.editor.tab(CART).getAttribute('aria-selected')).toBe('true');
    // The diagram tabs come back too, behind the file that was in front.
    await page.locator('[data-testid="editor-tab"][data-tab-id="view:erd"]').waitFor();
    await page.locator('[data-testid="editor-tab"][data-tab-id="view:diagram"]').waitFor();
    expect(await workbench.theme()).toBe('dark');
  });

  it('shows the connection dropping and coming back, and catches up after the reconnect', async () => {
    const { session, workbench } = opened;
    const page = workbench.page;
    const { port, token } = session.host;
    await session.host.close();
    await page.locator('[data-testid="status-connection"][data-state="disconnected"]').waitFor();
    const again = await startBrowserHost({ workbench: session.workbench, rendererDir: join(REPO_ROOT, 'dist', 'renderer'), port, token });
    try {
      await page.locator('[data-testid="status-connection"][data-state="connected"]').waitFor({ timeout: 15_000 });
      await workbench.waitForOutput('Reconnected to the Archbench host');
    } finally {
      await again.close();
    }
  });
});
