import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { REPO_ROOT, corpus } from '../support/paths.js';
import { tempCopy, tempDir } from '../support/temp.js';

/** The Electron binary's path, or the reason there is none on this machine. */
function electronBinary(): { path?: string; reason?: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: 'the electron package has no binary' };
  } catch (error) {
    return { reason: `no Electron binary (${(error as Error).message.split('\n')[0]}); the electron package downloads it at install time and this network cannot` };
  }
}

const binary = electronBinary();
if (binary.reason) console.warn(`[skip] Electron end-to-end tests: ${binary.reason}.`);

describe.skipIf(!binary.path)('desktop app (Electron)', () => {
  it('opens a project in a hardened window whose bridge exposes only invoke and on', async () => {
    const project = tempCopy(corpus('vampi'));
    const home = tempDir('archbench-electron-home-');
    const app = await electron.launch({
      executablePath: binary.path,
      args: [REPO_ROOT, project.path, '--no-sandbox'],
      env: { ...process.env, ARCHBENCH_HOME: home.path, ELECTRON_ENABLE_LOGGING: '1' },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toMatch(/^app:\/\/archbench\//);
      const bridge = await page.evaluate(() => ({
        keys: Object.keys((window as unknown as { archbench: object }).archbench).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(bridge).toEqual({ keys: ['invoke', 'on'], require: 'undefined', process: 'undefined' });
      await page.getByRole('treeitem', { name: /openapi3\.yml/ }).first().waitFor();
      const opened = await page.evaluate(() => window.open('https://example.com'));
      expect(opened).toBeNull();
      expect(existsSync(join(project.path, '.archbench', 'store.db'))).toBe(true);
    } finally {
      await app.close();
      project.cleanup();
      home.cleanup();
    }
  });
});
