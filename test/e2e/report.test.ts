import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeFolder } from '../../main/bundle/analyze.js';
import { renderPdf } from '../../main/bundle/pdf.js';
import { corpus } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import { HOSTILE, HOSTILE_FILE, hostileProject } from '../unit/bundle/hostile-project.js';
import { CHROMIUM, CHROMIUM_ARGS } from './harness.js';
import { SHOTS_DIR } from './pages/workbench-page.js';

const SHOTS = SHOTS_DIR;
const reason = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM}`;

/** report.html opened from disk with every other request refused and recorded: what a reviewer's browser would do. */
class ReportPage {
  readonly blocked: string[] = [];
  readonly dialogs: string[] = [];
  readonly cspViolations: string[] = [];
  private constructor(readonly page: Page, readonly url: string) {}

  static async open(browser: Browser, file: string, viewport = { width: 1280, height: 900 }): Promise<ReportPage> {
    const page = await browser.newPage({ viewport });
    const report = new ReportPage(page, pathToFileURL(file).href);
    page.on('dialog', (dialog) => { report.dialogs.push(dialog.message()); void dialog.dismiss(); });
    page.on('console', (message) => { if (/Content Security Policy|Refused to/i.test(message.text())) report.cspViolations.push(message.text()); });
    await page.route('**/*', (route) => {
      if (route.request().url() === report.url) return route.continue();
      report.blocked.push(route.request().url());
      return route.abort();
    });
    await page.goto(report.url, { waitUntil: 'load' });
    return report;
  }

  heading(name: string) {
    return this.page.getByRole('heading', { name, exact: false }).first();
  }

  /** Script elements, elements with on* attributes, javascript: links and images anywhere in the DOM. */
  activeContent(): Promise<{ scripts: number; handlers: string[]; jsLinks: number; images: number; iframes: number }> {
    return this.page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      return {
        scripts: document.querySelectorAll('script').length,
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
        jsLinks: [...document.querySelectorAll('[href]')].filter((el) => !/^(#|https?:)/i.test(el.getAttribute('href') ?? '')).length,
        images: document.querySelectorAll('img, image').length,
        iframes: document.querySelectorAll('iframe, object, embed').length,
      };
    });
  }
}

describe.skipIf(!!reason)('report.html in Chromium', () => {
  const home = tempDir('archbench-report-e2e-');
  let browser: Browser;
  const bundle = (name: string) => join(home.path, name);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    home.cleanup();
  });

  for (const name of ['vampi', 'microservices-demo']) {
    it(`${name}: renders offline, loads nothing, runs nothing; full-page and first-print-page screenshots`, async () => {
      await analyzeFolder({ root: corpus(name), outDir: bundle(name), failOn: 'high', dataDir: join(home.path, 'data') });
      const report = await ReportPage.open(browser, join(bundle(name), 'report.html'));
      try {
        for (const heading of ['Executive summary', 'Architecture', 'Threat model', 'Reliability', 'Data model', 'API', 'Findings', 'Risk decisions', 'Appendix']) {
          await expect.poll(() => report.heading(heading).isVisible(), { message: heading }).toBe(true);
        }
        await expect.poll(() => report.page.locator('h1').textContent()).toBe(name);
        expect(await report.page.locator('article.finding').count()).toBeGreaterThan(10);
        expect(await report.page.locator('figure svg').count()).toBeGreaterThan(0);
        // The contents link into the document.
        await report.page.locator('nav.toc a[href="#findings"]').click();
        await expect.poll(() => report.page.evaluate(() => location.hash)).toBe('#findings');
        expect(report.blocked).toEqual([]);
        expect(report.dialogs).toEqual([]);
        expect(report.cspViolations).toEqual([]);
        expect(await report.activeContent()).toEqual({ scripts: 0, handlers: [], jsLinks: 0, images: 0, iframes: 0 });
        await report.page.screenshot({ path: join(SHOTS, `report-${name}.png`), fullPage: true });
        // The first page as print lays it out: A4 less the 14 mm / 16-18 mm margins at 96 dpi, as report.pdf's first page.
        await report.page.setViewportSize({ width: 688, height: 994 });
        await report.page.emulateMedia({ media: 'print' });
        await report.page.evaluate(() => window.scrollTo(0, 0));
        await report.page.screenshot({ path: join(SHOTS, `report-${name}-print-page1.png`) });
      } finally {
        await report.page.close();
      }
    });
  }

  it('hostile strings in specs, compose, archbench.yaml, file names and custom rules show as text and never run', async () => {
    const project = hostileProject();
    try {
      await analyzeFolder({ root: project.path, outDir: bundle('hostile'), failOn: 'none', dataDir: join(home.path, 'data') });
    } finally {
      project.cleanup();
    }
    const html = readFileSync(join(bundle('hostile'), 'report.html'), 'utf8');
    expect(html).not.toContain('hunter2hunter2');
    expect(html).not.toContain('sk_live_0123456789abcdefghij');
    const report = await ReportPage.open(browser, join(bundle('hostile'), 'report.html'));
    try {
      await expect.poll(() => report.page.locator('h1').textContent()).toBe(`Hostile ${HOSTILE.script}`);
      expect(report.dialogs).toEqual([]);
      expect(report.blocked).toEqual([]);
      expect(report.cspViolations).toEqual([]);
      expect(await report.activeContent()).toEqual({ scripts: 0, handlers: [], jsLinks: 0, images: 0, iframes: 0 });
      const text = await report.page.locator('body').innerText();
      expect(text).toContain(HOSTILE.img);
      expect(text).toContain(`Component web${HOSTILE.img} ${HOSTILE.script}`);
      expect(text).toContain(HOSTILE_FILE);
      expect(text).toContain(`Because ${HOSTILE.script} ${HOSTILE.img}`);
      expect(text).toContain(HOSTILE.js);
      // The custom rule's javascript: reference is text, its https one a link with the query escaped.
      expect(await report.page.locator('a[href^="https://example.com/ok"]').getAttribute('href')).toBe('https://example.com/ok?q=%22%3E%3Cscript%3Ealert(3)%3C/script%3E');
      await report.page.screenshot({ path: join(SHOTS, 'report-hostile.png'), fullPage: false });
      // Clicking links inside the document still runs nothing.
      for (const link of (await report.page.locator('a[href^="#"]').all()).slice(0, 20)) await link.click();
      expect(report.dialogs).toEqual([]);
    } finally {
      await report.page.close();
    }
  });

  it('prints report.pdf through Chromium without a network request', async () => {
    const html = readFileSync(join(bundle('vampi'), 'report.html'), 'utf8');
    const pdf = await renderPdf(html, 'vampi');
    expect('bytes' in pdf).toBe(true);
    if ('bytes' in pdf) {
      expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(pdf.bytes.length).toBeGreaterThan(50_000);
    }
  });
});
