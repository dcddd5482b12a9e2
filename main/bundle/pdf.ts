import { existsSync } from 'node:fs';
import { escapeHtml } from './html.js';

/** Flags for a headless Chromium on CI boxes and closed networks (no sandbox in containers, no background traffic). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

/** The Chromium to print with: ARCHBENCH_CHROMIUM, or the first one found in the usual places. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.ARCHBENCH_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

export type PdfResult = { bytes: Uint8Array } | { skipped: string };

/**
 * report.pdf: report.html printed by headless Chromium through playwright-core (A4, backgrounds, a footer with the
 * project and page numbers, a PDF outline from the headings). Every request is refused, so printing cannot reach the
 * network. Resolves to `skipped` with the reason when Chromium or playwright-core is not there.
 */
export async function renderPdf(html: string, project: string): Promise<PdfResult> {
  const executablePath = findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (install chromium or set ARCHBENCH_CHROMIUM)' };
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { skipped: 'playwright-core is not installed' };
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const footer = `<div style="font:8px Arial,'Liberation Sans',sans-serif;color:#64748b;width:100%;padding:0 14mm;display:flex;justify-content:space-between">`
      + `<span>${escapeHtml(project)} · Archbench report</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
    const bytes = await page.pdf({
      format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true,
      headerTemplate: '<span></span>', footerTemplate: footer, outline: true, tagged: true,
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
    });
    return { bytes: new Uint8Array(bytes) };
  } finally {
    await browser.close();
  }
}
