import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemModel } from '../../shared/model/model.js';
import { call, closeExpectingNoPageErrors, openAnalysedCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

const WORKLOADS = [
  'adservice', 'cartservice', 'checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'loadgenerator',
  'paymentservice', 'productcatalogservice', 'recommendationservice', 'redis-cart', 'shippingservice',
];

describe.skipIf(!!reason)('model view', () => {
  let opened: Opened;
  let model: SystemModel;

  beforeAll(async () => {
    opened = await openAnalysedCorpusCopy('microservices-demo');
    model = await call(opened.session, 'model.get', {});
  });
  afterAll(() => closeExpectingNoPageErrors(opened));

  it('lists the twelve workloads once each, grouped by kind, with counts', async () => {
    const { model: view } = opened.workbench;
    await view.show();
    await view.component('shippingservice').waitFor();
    expect((await view.ids()).sort()).toEqual(WORKLOADS);
    expect(await view.section('components').getAttribute('data-count')).toBe('12');
    // The kind groups hold them: redis-cart is not a service.
    const redisKind = await view.component('redis-cart').getAttribute('data-kind');
    expect(redisKind).not.toBe('service');
    expect(await opened.workbench.page.locator(`[data-testid="model-kind"][data-kind="${redisKind}"]`).count()).toBe(1);
    await opened.workbench.screenshot('model-view');
  });

  it('opens a component at the line that defines it', async () => {
    const { workbench } = opened;
    const checkout = model.components.find((c) => c.id === 'checkoutservice')!;
    await workbench.model.component('checkoutservice').click();
    await workbench.editor.tab(checkout.source.file).and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(checkout.source.line);
    // Selecting a component shows it in the inspector, with every file that describes it.
    await workbench.page.locator('[data-testid="component-details"][data-id="checkoutservice"]').waitFor();
    expect(await workbench.page.getByTestId('component-source').count()).toBe(checkout.sources.length);
  });

  it('lists every source of a component described by several files, each one a jump target', async () => {
    const { workbench } = opened;
    const checkout = model.components.find((c) => c.id === 'checkoutservice')!;
    expect(checkout.sources.length).toBeGreaterThan(1);
    await workbench.model.expand(workbench.model.component('checkoutservice'));
    const sources = workbench.model.sources('checkoutservice');
    expect(await sources.count()).toBe(checkout.sources.length);
    const other = checkout.sources[1];
    await sources.nth(1).click();
    await workbench.editor.tab(other.file).and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(other.line);
  });

  it('lists the flows with what they were inferred from, and jumps to them', async () => {
    const { workbench } = opened;
    const flow = workbench.model.flow('frontend', 'productcatalogservice');
    await flow.waitFor();
    const expected = model.flows.find((f) => f.from === 'frontend' && f.to === 'productcatalogservice')!;
    expect(await flow.textContent()).toContain(expected.inferredFrom[0]);
    expect(await flow.getAttribute('data-protocol')).toBe(expected.protocol);
    await flow.click();
    await workbench.editor.tab(expected.source.file).and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(expected.source.line);
  });

  it('lists trust boundaries with their members and endpoints by component', async () => {
    const { workbench } = opened;
    const boundary = model.trustBoundaries[0];
    await workbench.page.locator(`[data-testid="model-boundary"][data-id="${boundary.id}"]`).waitFor();
    expect(await workbench.model.section('endpoints').getAttribute('data-count')).toBe(String(model.endpoints.length));
    const cartRpc = model.endpoints.find((e) => e.component === 'cartservice')!;
    await workbench.page.locator(`[data-testid="model-endpoint"][data-path="${cartRpc.path}"]`).first().waitFor();
  });

  it('filters every section by text', async () => {
    const { workbench } = opened;
    await workbench.model.filter.fill('cart');
    await workbench.page.locator('[data-testid="model-section"][data-section="endpoints"]:not([data-count="0"])').waitFor();
    await workbench.page.locator('[data-testid="model-member"][data-id="cartservice"]').first().waitFor();
    await workbench.screenshot('model-view-filtered');
    await workbench.model.filter.fill('redis');
    await workbench.page.locator('[data-testid="model-section"][data-section="components"][data-count="1"]').waitFor();
    expect(await workbench.model.ids()).toEqual(['redis-cart']);
    await workbench.model.flow('cartservice', 'redis-cart').waitFor();
    expect(await workbench.page.getByTestId('model-flow').count()).toBe(model.flows.filter((f) => [f.from, f.to, f.protocol, ...f.inferredFrom].join(' ').toLowerCase().includes('redis')).length);
    await workbench.model.filter.fill('');
    await workbench.page.locator('[data-testid="model-section"][data-section="components"][data-count="12"]').waitFor();
  });
});

describe.skipIf(!!reason)('model view: endpoint security', () => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await openAnalysedCorpusCopy('vampi');
  });
  afterAll(() => closeExpectingNoPageErrors(opened));

  it('marks secured endpoints with a lock, and only those', async () => {
    const { workbench } = opened;
    const model = await call(opened.session, 'model.get', {});
    const secured = (e: SystemModel['endpoints'][number]) => !e.securityUndeclared && e.security.length > 0 && e.security.every((r) => Object.keys(r).length > 0);
    const locked = model.endpoints.find(secured);
    const open = model.endpoints.find((e) => !secured(e));
    expect(locked && open).toBeTruthy();
    await workbench.model.show();
    const row = (e: SystemModel['endpoints'][number]) => workbench.page.locator(`[data-testid="model-endpoint"][data-method="${e.method}"][data-path="${e.path}"]`).first();
    await row(locked!).waitFor();
    expect(await row(locked!).getByTestId('endpoint-secured').count()).toBe(1);
    expect(await row(open!).getByTestId('endpoint-secured').count()).toBe(0);
    await workbench.screenshot('model-endpoints');
  });
});

describe.skipIf(!!reason)('model view of an API-only project', () => {
  let opened: Opened;

  beforeAll(async () => {
    opened = await openAnalysedCorpusCopy('swapi-graphql');
  });
  afterAll(() => closeExpectingNoPageErrors(opened));

  it('shows the service the GraphQL schema describes, says it is known from the schema alone, and opens the schema', async () => {
    const { workbench } = opened;
    const model: SystemModel = await call(opened.session, 'model.get', {});
    expect(model.components.map((c) => c.id)).toEqual(['graphql-api']);
    await workbench.model.show();
    await workbench.model.component('graphql-api').click();
    const details = workbench.page.locator('[data-testid="component-details"][data-id="graphql-api"]');
    await details.waitFor();
    expect(await details.getByTestId('component-inferred').textContent()).toBe('the GraphQL description (no file deploys it)');
    expect(await details.getByText('Replicas').count()).toBe(0);
    expect(await details.textContent()).toContain(`Endpoints${model.endpoints.length}`);
    await workbench.editor.tab('schema.graphql').and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(model.components[0].source.line);
  });
});
