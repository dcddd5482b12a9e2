import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../main/core/workbench.js';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

export const CHROMIUM = process.env.ARCHBENCH_CHROMIUM ?? '/usr/bin/chromium';

/** Flags from this machine's notes: without the networking ones Chromium floods the closed network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Why browser tests cannot run here, or undefined when they can. */
export function e2eUnavailableReason(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!existsSync(join(REPO_ROOT, 'dist', 'renderer', 'index.html'))) return 'the renderer is not built (npm run build)';
  return undefined;
}

export interface Session {
  workbench: Workbench;
  host: BrowserHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  close(): Promise<void>;
}

/** Start a workbench (own data folder), the browser host on a free port, and Chromium on the workbench page. */
export async function startSession(options: { folder?: string } = {}): Promise<Session> {
  const data = tempDir('archbench-data-');
  const workbench = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'browser', version: 'test' });
  if (options.folder) await workbench.invoke('project.open', { path: options.folder });
  const host = await startBrowserHost({ workbench, rendererDir: join(REPO_ROOT, 'dist', 'renderer') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[page error]', error.message));
  await page.goto(host.url);
  return {
    workbench, host, browser, context, page, dataDir: data.path,
    async close() {
      await browser.close();
      await host.close();
      await workbench.close();
      data.cleanup();
    },
  };
}
