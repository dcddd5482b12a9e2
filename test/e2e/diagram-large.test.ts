import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSystem, toArchbenchYaml } from '../unit/diagram/generated-system.js';
import { DiagramPage } from './pages/diagram-page.js';
import { WorkbenchPage } from './pages/workbench-page.js';
import { startSession, type Session } from './harness.js';
import { skipReason, watchPageErrors } from './session.js';
import { tempDir } from '../support/temp.js';

const reason = skipReason();

/** Open the diagram of a project and return the milliseconds until its nodes are on screen and it answers input. */
export async function timeToInteractive(session: Session): Promise<number> {
  const diagram = new DiagramPage(session.page);
  const started = Date.now();
  await diagram.open();
  // Interactive: a click on the canvas is handled (the fit button redraws) within the same measurement.
  await diagram.fit();
  await session.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  return Date.now() - started;
}

/** A project folder holding a generated system of `n` components as archbench.yaml. */
export function generatedProject(n: number): { path: string; cleanup(): void } {
  const dir = tempDir('archbench-generated-');
  writeFileSync(join(dir.path, 'archbench.yaml'), toArchbenchYaml(generateSystem(n)));
  return dir;
}

describe.skipIf(!!reason)('system diagram of a generated 1,000-component system', () => {
  let session: Session;
  let project: { path: string; cleanup(): void };
  let errors: string[];

  beforeAll(async () => {
    project = generatedProject(1000);
    session = await startSession({ folder: project.path });
    errors = watchPageErrors(session);
    // The cold path: no layout in the background before the diagram opens (the bench measures both).
    await session.page.evaluate(() => localStorage.setItem('archbench.diagram.prefetch', 'off'));
    await session.page.reload();
    await new WorkbenchPage(session.page).statusBar.waitFor();
    await session.workbench.session()!.analysis.whenIdle();
  }, 300_000);
  afterAll(async () => {
    await session?.close();
    project?.cleanup();
    expect(errors).toEqual([]);
  });

  it('is on screen and interactive quickly, drawing only what is in view', async () => {
    const started = Date.now();
    const ms = await timeToInteractive(session);
    const diagram = new DiagramPage(session.page);
    const phase = await diagram.view.getAttribute('data-phase');
    await session.page.locator('[data-testid="diagram-view"][data-phase="full"][data-nodes="1000"]').waitFor({ timeout: 60_000 });
    console.log(`[diagram] 1,000 components: interactive after ${ms} ms (${phase}), every component drawn after ${Date.now() - started} ms`);
    await diagram.fit();
    // Fitted, it is drawn coarse (no text per node beyond the name) but complete.
    expect(await diagram.canvas.getAttribute('data-zoom')).toBe('coarse');
    await new WorkbenchPage(session.page).screenshot('diagram-generated-1000-fit');
    // Zoomed in, only the nodes near the view are in the DOM.
    await diagram.search('orders');
    await expect.poll(() => diagram.canvas.getAttribute('data-zoom')).toBe('detail');
    const drawn = (await diagram.nodeIds()).length;
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(400);
    await new WorkbenchPage(session.page).screenshot('diagram-generated-1000-zoomed');
  });
});
