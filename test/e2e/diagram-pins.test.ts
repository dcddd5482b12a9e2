import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus } from '../support/paths.js';
import { tempCopy } from '../support/temp.js';
import { startSession, type Session } from './harness.js';
import { DiagramPage } from './pages/diagram-page.js';
import { WorkbenchPage } from './pages/workbench-page.js';
import { call, skipReason, watchPageErrors } from './session.js';

const reason = skipReason();

/** A workbench and browser of their own on the folder (a second one is a reopened project: new process state, empty localStorage). */
async function openProject(folder: string): Promise<{ session: Session; diagram: DiagramPage; errors: string[] }> {
  const session = await startSession({ folder });
  const errors = watchPageErrors(session);
  await new WorkbenchPage(session.page).waitForProject('project');
  await session.workbench.session()!.analysis.whenIdle();
  return { session, diagram: new DiagramPage(session.page), errors };
}

describe.skipIf(!!reason)('pinned diagram positions in the project store', () => {
  let copy: { path: string; cleanup(): void };
  const errors: string[] = [];

  beforeAll(() => {
    copy = tempCopy(corpus('microservices-demo'));
  });
  afterAll(() => {
    copy?.cleanup();
    expect(errors).toEqual([]);
  });

  it('keeps a dragged node where it was dropped across a reload and across reopening the project', async () => {
    const first = await openProject(copy.path);
    let pinned: { x: number; y: number };
    try {
      // Pins an earlier build kept in localStorage move into the store on first load.
      await first.session.page.evaluate((root) => localStorage.setItem(`archbench.pins.v1:system:${root}`, JSON.stringify({ adservice: { x: 30, y: 44 } })), first.session.workbench.project()!.root);
      await first.session.page.reload();
      await first.diagram.open();
      await first.session.page.getByTestId('diagram-status').filter({ hasText: '1 pinned' }).waitFor();
      expect((await call(first.session, 'diagram.pins.get', { diagram: 'system' })).pins.map((p) => p.id)).toEqual(['adservice']);
      expect(await first.session.page.evaluate((root) => localStorage.getItem(`archbench.pins.v1:system:${root}`), first.session.workbench.project()!.root)).toBeNull();

      const before = await first.diagram.nodeBox('emailservice');
      await first.diagram.dragNode('emailservice', 0, 140);
      await first.session.page.getByTestId('diagram-status').filter({ hasText: '2 pinned' }).waitFor();
      const after = await first.diagram.nodeBox('emailservice');
      expect(after.y - before.y).toBeGreaterThan(60);
      await expect.poll(async () => (await call(first.session, 'diagram.pins.get', { diagram: 'system' })).pins.map((p) => p.id)).toEqual(['adservice', 'emailservice']);
      pinned = after;

      // Re-layout (a filter hides a kind and shows it again): the pin holds.
      await first.session.page.getByTestId('diagram-filters').click();
      await first.session.page.getByTestId('diagram-filter-kind-cache').click();
      await first.diagram.waitForNodeCount(11);
      await first.session.page.getByTestId('diagram-filter-kind-cache').click();
      await first.diagram.waitForNodeCount(12);
      expect(await first.diagram.nodeBox('emailservice')).toEqual(pinned);

      await first.session.page.reload();
      await first.diagram.open();
      await first.session.page.getByTestId('diagram-status').filter({ hasText: '2 pinned' }).waitFor();
      expect(await first.diagram.nodeBox('emailservice')).toEqual(pinned);
    } finally {
      errors.push(...first.errors);
      await first.session.close();
    }

    const second = await openProject(copy.path);
    try {
      await second.diagram.open();
      await second.session.page.getByTestId('diagram-status').filter({ hasText: '2 pinned' }).waitFor();
      expect(await second.diagram.nodeBox('emailservice')).toEqual(pinned);
      await second.session.page.getByTestId('diagram-unpin').click();
      await expect.poll(() => second.session.page.getByTestId('diagram-status').textContent()).not.toContain('pinned');
      await expect.poll(async () => (await call(second.session, 'diagram.pins.get', { diagram: 'system' })).pins).toEqual([]);
    } finally {
      errors.push(...second.errors);
      await second.session.close();
    }
  });
});
