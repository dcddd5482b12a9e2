// A Supabase project of migrations alone (basejump) in the workbench: it opens on its ERD, the system it implies
// (the Data API in front of the database) is on the diagram and in the threat model, and the Reliability view says
// the deployment is not judged instead of reporting that all is well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemAnalysis } from '../../shared/contract/index.js';
import type { SystemModel } from '../../shared/model/model.js';
import { DiagramPage } from './pages/diagram-page.js';
import { ReliabilityPage } from './pages/reliability-page.js';
import { ThreatsPage } from './pages/threats-page.js';
import { call, closeExpectingNoPageErrors, openAnalysedCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

describe.skipIf(!!reason)('a Supabase project of migrations alone', () => {
  let opened: Opened;
  let model: SystemModel;
  let system: SystemAnalysis;

  beforeAll(async () => {
    opened = await openAnalysedCorpusCopy('supabase-basejump');
    model = await call(opened.session, 'model.get', {});
    system = (await call(opened.session, 'system.get', {}))!;
  }, 180_000);
  afterAll(() => closeExpectingNoPageErrors(opened));

  it('opens on the ERD, and draws the Data API in front of the database on the diagram', async () => {
    const { page } = opened.workbench;
    const erd = page.locator('[data-testid="editor-tab"][data-tab-id="view:erd"]');
    await erd.waitFor();
    expect(await erd.getAttribute('aria-selected')).toBe('true');
    expect(model.components.map((c) => c.id)).toEqual(['supabase-data-api', 'database']);
    await page.getByTestId('activity-diagram').click();
    const diagram = new DiagramPage(page);
    await diagram.node('database').waitFor();
    await diagram.clickNode('supabase-data-api');
    const details = page.locator('[data-testid="component-details"][data-id="supabase-data-api"]');
    await details.waitFor();
    expect(await details.getByTestId('component-inferred').textContent()).toContain('PostgREST');
    await opened.workbench.screenshot('inferred-supabase-diagram');
  });

  it('lists the attack path from the Data API to the database, and the always-true policy on basejump.config as open', async () => {
    const threats = new ThreatsPage(opened.session.page);
    await threats.show();
    const path = opened.session.page.locator('[data-testid="attack-path"][data-entry="supabase-data-api"][data-target="database"]');
    await path.waitFor();
    const config = system.threats.threats.find((t) => t.element === 'basejump.config' && t.status === 'open');
    expect(config?.description).toContain('any signed-up user');
    await threats.item(config!.id).first().waitFor();
  });

  it('says the deployment is not judged, instead of "no single point of failure" and "every flow has a timeout"', async () => {
    const reliability = new ReliabilityPage(opened.session.page);
    await reliability.show();
    for (const id of ['spof-empty', 'flows-empty']) {
      expect(await opened.session.page.getByTestId(id).textContent()).toContain('The files describe no deployment');
    }
  });
});
