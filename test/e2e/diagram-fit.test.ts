import { describe, expect, it } from 'vitest';
import { DiagramPage } from './pages/diagram-page.js';
import { closeExpectingNoPageErrors, openAnalysedCorpusCopy, skipReason } from './session.js';

const reason = skipReason();

/** How tall the component names are drawn now, in screen pixels (their font size times the canvas zoom). */
function namePixels(diagram: DiagramPage): Promise<number[]> {
  return diagram.canvas.locator('g[data-node] > text:first-of-type').evaluateAll((els) => els.map((e) => Number(e.getAttribute('font-size')) * (e as SVGGraphicsElement).getScreenCTM()!.a));
}

describe.skipIf(!!reason)('system diagram fitted to the window', () => {
  it('draws the names on threagile (a long chain of networks) large enough to read without zooming in', async () => {
    const opened = await openAnalysedCorpusCopy('threagile');
    try {
      const diagram = new DiagramPage(opened.session.page);
      await diagram.open();
      await diagram.fit();
      // In one row (4.4 times wider than tall) they were under 5 px.
      await expect.poll(async () => Math.min(...await namePixels(diagram))).toBeGreaterThanOrEqual(7);
      expect((await diagram.nodeIds()).length).toBe(16);
      await opened.workbench.screenshot('diagram-threagile-fitted');
    } finally {
      await closeExpectingNoPageErrors(opened);
    }
  });

  it('keeps the boundary names of a large system (deathstarbench, 93 components) legible at Fit, and hands them back to the diagram zoomed in', async () => {
    const opened = await openAnalysedCorpusCopy('deathstarbench');
    try {
      const diagram = new DiagramPage(opened.session.page);
      await diagram.open();
      await diagram.fit();
      // Three compose projects, each with its `default` network: named apart, drawn at 12 px over a diagram drawn at a fifth of its size.
      await expect.poll(async () => (await diagram.screenLabels()).map((label) => label.text.replace(/^NETWORK/, '')).sort())
        .toEqual(['hotelReservation/default', 'mediaMicroservices/default', 'socialNetwork/default']);
      for (const label of await diagram.screenLabels()) expect(label.fontPx).toBe(12);
      // The world's own titles of those boxes are hidden, not drawn again beneath.
      const titles = diagram.canvas.locator('g[data-group] > text');
      expect(await titles.evaluateAll((els) => els.map((e) => getComputedStyle(e).visibility))).toEqual(['hidden', 'hidden', 'hidden']);
      await opened.workbench.screenshot('diagram-deathstarbench-fitted');
      // Zoomed in until the diagram's own titles are legible, the screen labels go.
      await diagram.canvas.focus();
      for (let i = 0; i < 8; i++) await opened.session.page.keyboard.press('+');
      await expect.poll(async () => (await diagram.screenLabels()).length).toBe(0);
      expect(await titles.evaluateAll((els) => els.map((e) => getComputedStyle(e).visibility)).then((v) => v.every((x) => x === 'visible'))).toBe(true);
    } finally {
      await closeExpectingNoPageErrors(opened);
    }
  });

  it('draws a request and its response on threat-dragon as one line between the two components', async () => {
    const opened = await openAnalysedCorpusCopy('threat-dragon');
    try {
      const diagram = new DiagramPage(opened.session.page);
      await diagram.open();
      await diagram.fit();
      const box = (selector: string) => diagram.canvas.locator(selector).first().evaluate((e) => {
        const { x, y, width, height } = (e as SVGGraphicsElement).getBBox();
        return { x, y, width, height };
      });
      for (const [a, b] of [['browser', 'web-application'], ['web-application', 'database'], ['background-worker-process', 'database']]) {
        const there = await box(`path[data-edge="${a}->${b}"]:not(.dg-hit)`);
        const back = await box(`path[data-edge="${b}->${a}"]:not(.dg-hit)`);
        expect(back, `${b}->${a} is drawn on ${a}->${b}`).toEqual(there);
        // Not a loop round the diagram: the line stays beside its two components.
        const [from, to] = [await box(`g[data-node="${a}"]`), await box(`g[data-node="${b}"]`)];
        const margin = 24;
        expect(there.x).toBeGreaterThanOrEqual(Math.min(from.x, to.x) - margin);
        expect(there.y).toBeGreaterThanOrEqual(Math.min(from.y, to.y) - margin);
        expect(there.x + there.width).toBeLessThanOrEqual(Math.max(from.x + from.width, to.x + to.width) + margin);
        expect(there.y + there.height).toBeLessThanOrEqual(Math.max(from.y + from.height, to.y + to.height) + margin);
      }
      await opened.workbench.screenshot('diagram-threat-dragon-pairs');
      // A click on the line selects one of the two flows; the Inspector names the other and leads to it.
      const page = opened.session.page;
      const drawn = await diagram.canvas.locator('path.dg-hit[data-edge="web-application->database"], path.dg-hit[data-edge="database->web-application"]').first().getAttribute('data-edge');
      await diagram.clickEdge(drawn!);
      const details = page.getByTestId('flow-details');
      await details.waitFor();
      const first = await details.getAttribute('data-id');
      expect(['web-application->database', 'database->web-application']).toContain(first);
      const other = first === 'web-application->database' ? 'database->web-application' : 'web-application->database';
      await opened.workbench.screenshot('diagram-threat-dragon-pair-selected');
      await page.getByTestId('flow-reverse-link').and(page.getByText(other, { exact: true })).click();
      await page.locator(`[data-testid="flow-details"][data-id="${other}"]`).waitFor();
    } finally {
      await closeExpectingNoPageErrors(opened);
    }
  });
});
