import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemModel } from '../../shared/model/model.js';
import { DiagramPage } from './pages/diagram-page.js';
import { call, closeExpectingNoPageErrors, openAnalysedCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

const WORKLOADS = [
  'adservice', 'cartservice', 'checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'loadgenerator',
  'paymentservice', 'productcatalogservice', 'recommendationservice', 'redis-cart', 'shippingservice',
];

describe.skipIf(!!reason)('system diagram on microservices-demo', () => {
  let opened: Opened;
  let model: SystemModel;
  let diagram: DiagramPage;

  beforeAll(async () => {
    opened = await openAnalysedCorpusCopy('microservices-demo');
    model = await call(opened.session, 'model.get', {});
    diagram = new DiagramPage(opened.session.page);
  });
  afterAll(() => closeExpectingNoPageErrors(opened));

  it('draws the twelve workloads and their flows, laid out without overlaps', async () => {
    await diagram.open();
    await diagram.fit();
    expect((await diagram.nodeIds()).sort()).toEqual(WORKLOADS);
    const pairs = new Set(model.flows.map((f) => `${f.from}->${f.to}`));
    expect((await diagram.edgeIds()).length).toBe(pairs.size);
    expect(await diagram.view.getAttribute('data-edges')).toBe(String(pairs.size));
    // Nodes on screen do not overlap.
    const boxes = await diagram.canvas.locator('g[data-node] > path:last-of-type').evaluateAll((els) => els.map((e) => (e as SVGGraphicsElement).getBoundingClientRect().toJSON() as DOMRect));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        expect(overlap, `nodes ${i} and ${j} overlap`).toBe(false);
      }
    }
    await opened.workbench.setTheme('dark');
    await opened.workbench.screenshot('diagram-microservices-demo-dark');
    await opened.workbench.setTheme('light');
    await opened.workbench.screenshot('diagram-microservices-demo-light');
  });

  it('shows a clicked component with its findings, and opens its manifest at the line that defines it', async () => {
    const checkout = model.components.find((c) => c.id === 'checkoutservice')!;
    await diagram.clickNode('checkoutservice');
    await opened.session.page.locator('[data-testid="component-details"][data-id="checkoutservice"]').waitFor();
    await expect.poll(() => diagram.node('checkoutservice').getAttribute('data-selected')).toBe('true');
    const findings = (await call(opened.session, 'analysis.findings', {})).findings.filter((f) => f.element === 'checkoutservice');
    expect(findings.length).toBeGreaterThan(0);
    await opened.session.page.locator('[data-testid="component-details"]').getByText(`Findings (${findings.length})`).waitFor();
    // The node's badge counts its open findings.
    const open = findings.filter((f) => f.status === 'open').length;
    expect(await diagram.node('checkoutservice').locator('[data-severity] text').textContent()).toBe(String(open));
    await opened.workbench.screenshot('diagram-selected-checkoutservice');
    // With the Explorer and the Inspector open the canvas is narrow: the toolbar stays on one row, its tools keep their names.
    const toolbar = opened.session.page.getByRole('toolbar', { name: 'Diagram' });
    expect((await toolbar.boundingBox())!.height).toBeLessThan(40);
    await expect.poll(() => toolbar.getByRole('button', { name: /^Blast radius/ }).isVisible()).toBe(true);

    await diagram.doubleClickNode('checkoutservice');
    await opened.workbench.editor.tab(checkout.source.file).and(opened.session.page.locator('[aria-selected="true"]')).waitFor();
    await opened.workbench.waitForCursorLine(checkout.source.line);
  });

  it('selects a flow with the keyboard from the Inspector, highlights its edge, and leads back to its ends', async () => {
    const page = opened.session.page;
    const flow = model.flows.find((f) => f.from === 'checkoutservice' && f.to === 'paymentservice')!;
    await diagram.open();
    await diagram.fit();
    await diagram.clickNode('checkoutservice');
    const link = page.locator(`[data-testid="component-flow"][data-flow="${flow.id}"]`);
    await link.focus();
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="flow-details"][data-id="${flow.id}"]`).waitFor();
    // On the diagram: the flow's edge in the accent colour, the rest dimmed.
    const edge = diagram.canvas.locator(`[data-testid="diagram-edge"][data-tone="accent"]`);
    await expect.poll(() => edge.count()).toBe(1);
    expect(await diagram.canvas.locator('[data-testid="diagram-edge"][data-tone="dim"]').count()).toBeGreaterThan(0);
    await opened.workbench.screenshot('diagram-selected-flow');
    // Its ends lead back to the components.
    await page.getByTestId('flow-to').click();
    await page.locator('[data-testid="component-details"][data-id="paymentservice"]').waitFor();
  });

  it('highlights the blast radius of redis-cart: cartservice, checkoutservice and frontend fail with it', async () => {
    await diagram.open();
    await diagram.fit();
    await diagram.clickNode('redis-cart');
    await diagram.toggleBlastRadius();
    await expect.poll(async () => (await diagram.nodesWithTone('danger')).sort()).toEqual(expect.arrayContaining(['cartservice', 'checkoutservice', 'frontend', 'redis-cart']));
    const danger = await diagram.nodesWithTone('danger');
    // Services redis-cart does not serve stay out of it.
    expect(danger).not.toContain('adservice');
    expect(danger).not.toContain('paymentservice');
    expect(await diagram.node('adservice').getAttribute('data-tone')).toBe('dim');
    await opened.workbench.screenshot('diagram-blast-radius-redis-cart');
    await diagram.toggleBlastRadius();
    await expect.poll(() => diagram.nodesWithTone('danger')).toEqual([]);
  });

  it('finds a component by name and focuses it', async () => {
    await diagram.search('shipping');
    await opened.session.page.locator('[data-testid="component-details"][data-id="shippingservice"]').waitFor();
    expect(await diagram.nodesWithTone('accent')).toEqual(['shippingservice']);
    await opened.session.page.getByTestId('diagram-search').fill('');
  });

  it('folds the overview map away, remembers it, and brings it back', async () => {
    const page = opened.session.page;
    await diagram.fit();
    // Zoomed in, part of the diagram is out of view: the map shows where the view is.
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom in (+)' }).click();
    const map = page.getByTestId('diagram-minimap');
    await expect.poll(() => map.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
    await opened.workbench.screenshot('diagram-minimap');
    await page.getByTestId('diagram-minimap-hide').click();
    await opened.workbench.screenshot('diagram-minimap-folded');
    await map.waitFor({ state: 'detached' });
    // Folded stays folded when the diagram opens again.
    await page.reload();
    await diagram.open();
    await page.getByTestId('diagram-minimap-show').waitFor();
    expect(await map.count()).toBe(0);
    await page.getByTestId('diagram-minimap-show').click();
    // Back, and hidden again while the whole diagram is in view (fitted after the reload); zoomed in it shows.
    await map.waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Zoom in (+)' }).click();
    await page.getByRole('button', { name: 'Zoom in (+)' }).click();
    await expect.poll(() => map.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
    await diagram.fit();
  });

  it('keeps a dragged node where it was dropped, across re-layout and reopening', async () => {
    const before = (await diagram.node('emailservice').locator('text').first().boundingBox())!;
    await diagram.dragNode('emailservice', 0, 140);
    await opened.session.page.getByTestId('diagram-status').filter({ hasText: '1 pinned' }).waitFor();
    const after = (await diagram.node('emailservice').locator('text').first().boundingBox())!;
    expect(after.y - before.y).toBeGreaterThan(60);
    // Reload the window: the pin is remembered for this project.
    await opened.session.page.reload();
    await opened.workbench.waitForProject('project');
    await diagram.open();
    await opened.session.page.getByTestId('diagram-status').filter({ hasText: '1 pinned' }).waitFor();
    await opened.session.page.getByTestId('diagram-unpin').click();
    await expect.poll(() => opened.session.page.getByTestId('diagram-status').textContent()).not.toContain('pinned');
  });

  it('exports the diagram as a standalone SVG drawn like the screen', async () => {
    const download = opened.session.page.waitForEvent('download');
    await opened.session.page.getByTestId('diagram-export-svg').click();
    const file = await (await download).path();
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const id of WORKLOADS) expect(svg).toContain(`data-node="${id}"`);
    expect(svg).not.toContain('<script');
  });
});
