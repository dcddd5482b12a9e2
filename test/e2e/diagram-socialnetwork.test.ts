import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemModel } from '../../shared/model/model.js';
import { DiagramPage } from './pages/diagram-page.js';
import { call, closeExpectingNoPageErrors, openAnalysedCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

describe.skipIf(!!reason)('system diagram of deathstarbench socialNetwork (compose, about thirty services)', () => {
  let opened: Opened;
  let model: SystemModel;
  let diagram: DiagramPage;

  beforeAll(async () => {
    opened = await openAnalysedCorpusCopy('deathstarbench/socialNetwork');
    model = await call(opened.session, 'model.get', {});
    diagram = new DiagramPage(opened.session.page);
  });
  afterAll(() => closeExpectingNoPageErrors(opened));

  it('draws every service in its network, with the tracing hub fed by one bundle per side', async () => {
    await diagram.openFromPalette();
    await diagram.fit();
    expect((await diagram.nodeIds()).sort()).toEqual(model.components.map((c) => c.id).sort());
    expect(await diagram.canvas.locator('g[data-group]').count()).toBe(model.trustBoundaries.length);
    await opened.workbench.screenshot('diagram-socialnetwork-fit');
    await diagram.search('jaeger-agent');
    await opened.workbench.screenshot('diagram-socialnetwork-jaeger');
  });

  it('collapses the network into one node and opens it again', async () => {
    await opened.session.page.getByTestId('diagram-search').fill('');
    await diagram.fit();
    const group = await diagram.canvas.locator('g[data-group]').first().getAttribute('data-group');
    // On the boundary's title band (at fit zoom its text is a few pixels high: aim at the band, as a user does).
    await diagram.canvas.locator('g[data-group]').first().dblclick({ position: { x: 40, y: 4 } });
    await diagram.waitForNodeCount(1);
    expect(await diagram.nodeIds()).toEqual([group]);
    await diagram.fit();
    await diagram.node(group!).locator('text').first().dblclick();
    await diagram.waitForNodeCount(model.components.length);
  });
});
