import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReliabilityPage } from './pages/reliability-page.js';
import type { SystemModel } from '../../shared/model/model.js';
import { call, openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

describe.skipIf(!!reason)('reliability view', () => {
  let opened: Opened;
  let reliability: ReliabilityPage;
  let model: SystemModel;

  beforeAll(async () => {
    opened = await openCorpusCopy('microservices-demo');
    await opened.workbench.waitForProject('project');
    await opened.session.workbench.session()!.analysis.whenIdle();
    reliability = new ReliabilityPage(opened.session.page);
    model = await call(opened.session, 'model.get', {});
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('lists redis-cart and cartservice as single points of failure', async () => {
    await reliability.show();
    await reliability.spofs.first().waitFor();
    const spofs = await reliability.spofIds();
    expect(spofs).toEqual(expect.arrayContaining(['redis-cart', 'cartservice']));
    // The frontend is the entry point: all of its requests fail with it, so it leads the list and says so.
    expect(spofs[0]).toBe('frontend');
    await expect.poll(() => reliability.spofs.first().getByTestId('spof-entry-point').textContent()).toContain('every request it serves fails');
  });

  it('unfolds redis-cart’s blast radius: cartservice, checkoutservice and frontend fail with it', async () => {
    const radius = await reliability.expandBlastRadius('redis-cart');
    expect(radius.components).toEqual(expect.arrayContaining(['cartservice', 'checkoutservice', 'frontend']));
    expect(radius.entryPoints).toContain('frontend');
    await opened.workbench.screenshot('reliability-view');
  });

  it('shows the gRPC flow checkoutservice → paymentservice lacking a timeout', async () => {
    const modelFlow = model.flows.find((f) => f.from === 'checkoutservice' && f.to === 'paymentservice');
    expect(modelFlow?.protocol).toMatch(/grpc/i);
    const flow = reliability.flow('checkoutservice', 'paymentservice');
    await flow.scrollIntoViewIfNeeded();
    expect((await flow.getAttribute('data-missing'))!.split(' ')).toContain('timeout');
    await flow.locator('[data-testid="flow-missing"][data-missing="timeout"]').waitFor();
    await opened.workbench.screenshot('reliability-flows');
  });

  it('unfolds a playbook entry: failure, detection and recovery', async () => {
    const entry = reliability.playbook.first();
    await entry.scrollIntoViewIfNeeded();
    await entry.locator('summary').click({ position: { x: 4, y: 8 } });
    await entry.getByTestId('playbook-scenario').first().waitFor();
    await entry.scrollIntoViewIfNeeded();
    await opened.workbench.screenshot('reliability-playbook');
  });

  it('jumps from a single point of failure to the line that defines the component', async () => {
    const { workbench } = opened;
    const source = model.components.find((c) => c.id === 'redis-cart')!.source;
    await reliability.spofs.and(workbench.page.locator('[data-component="redis-cart"]')).click();
    await workbench.page.locator('[data-testid="component-details"][data-id="redis-cart"]').waitFor();
    await workbench.editor.tab(source.file).and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(source.line);
  });

  it('is reachable from the palette: Show Reliability', async () => {
    await opened.workbench.page.getByTestId('activity-explorer').click();
    await opened.workbench.runCommand('Show Reliability');
    await reliability.view.waitFor();
  });
});
