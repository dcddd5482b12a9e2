import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSession, type Session } from './harness.js';
import { DesignPage } from './pages/design-page.js';
import { WorkbenchPage } from './pages/workbench-page.js';
import { call, skipReason, watchPageErrors } from './session.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempCopy, tempDir } from '../support/temp.js';

const reason = skipReason();
const SAMPLE = join(REPO_ROOT, 'resources', 'sample-project');
const FIRST_COMMENT = '# Archbench overlay: what the files cannot say. Versioned with the project.';

interface Overlay {
  components?: Record<string, { kind?: string }>;
  flows?: Array<{ from: string; to: string; protocol?: string; timeoutMs?: number }>;
}

describe.skipIf(!!reason)('design mode: the diagram as an editor of archbench.yaml', () => {
  let copy: { path: string; cleanup(): void };
  let parent: { path: string; cleanup(): void };
  let session: Session;
  let workbench: WorkbenchPage;
  let design: DesignPage;
  let pageErrors: string[];
  const overlayPath = () => join(copy.path, 'archbench.yaml');
  const overlay = () => parse(readFileSync(overlayPath(), 'utf8')) as Overlay;
  const newFlow = () => overlay().flows?.find((f) => f.from === 'orders-api' && f.to === 'fraud-check');

  beforeAll(async () => {
    copy = tempCopy(SAMPLE);
    parent = tempDir('archbench-new-project-');
    session = await startSession({ folder: copy.path });
    pageErrors = watchPageErrors(session);
    workbench = new WorkbenchPage(session.page);
    design = new DesignPage(session.page);
    const info = await call(session, 'project.current', {});
    await workbench.waitForProject(info!.name);
    await session.workbench.session()!.analysis.whenIdle();
  });
  afterAll(async () => {
    await session?.close();
    copy?.cleanup();
    parent?.cleanup();
    expect(pageErrors ?? []).toEqual([]);
  });

  it('adds a component and a flow to it, sets the timeout, then undoes and redoes each edit in archbench.yaml', async () => {
    const original = readFileSync(overlayPath());
    await design.diagram.open();
    await design.diagram.fit();
    await design.enable();
    const viewport = await design.scene.getAttribute('transform');

    await design.addComponent('fraud-check', 'service');
    await design.waitForNode('fraud-check');
    // The diagram follows the edit where the user was: no re-fit.
    expect(await design.scene.getAttribute('transform')).toBe(viewport);
    expect(overlay().components?.['fraud-check']?.kind).toBe('service');
    await design.componentProps.waitFor();

    await design.addFlowByPicking('orders-api', 'fraud-check', 'https', () => workbench.screenshot('design-picking-target'));
    await design.edge('orders-api->fraud-check').waitFor();
    expect(newFlow()?.protocol).toBe('https');

    // The new flow is selected: its properties are in the inspector.
    await design.flowDetails.and(session.page.locator('[data-id="orders-api->fraud-check"]')).waitFor();
    await design.setProperty('prop-timeout', '2000');
    await design.waitForUndoLabel('Set timeout of orders-api → fraud-check to 2000 ms');
    await expect.poll(() => newFlow()?.timeoutMs).toBe(2000);
    const edited = readFileSync(overlayPath(), 'utf8');
    expect(edited.startsWith(FIRST_COMMENT)).toBe(true);
    expect(edited).toContain('# Archbench overlay');
    await session.page.locator('[data-testid="prop-timeout"]').and(session.page.locator('[value="2000"]')).waitFor();
    await workbench.screenshot('design-flow-properties');

    // Kept where it was, the new node may sit outside the view: fit to reach it.
    await design.diagram.fit();
    await design.diagram.clickNode('fraud-check');
    await design.componentProps.waitFor();
    await workbench.screenshot('design-component-properties');
    await workbench.setTheme('dark');
    await workbench.screenshot('design-component-properties-dark');
    await workbench.setTheme('light');

    // Undo with the button, then with Ctrl+Z on the diagram.
    await design.undoButton.click();
    await design.waitForUndoLabel('Add flow orders-api → fraud-check');
    await expect.poll(() => newFlow()?.timeoutMs).toBeUndefined();
    await design.diagram.canvas.focus();
    // Two presses at once: the second waits for the first to be written instead of being lost.
    await design.diagram.canvas.evaluate((canvas) => {
      for (let i = 0; i < 2; i++) canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', code: 'KeyZ', ctrlKey: true, bubbles: true }));
    });
    await session.page.locator('[data-testid="design-undo"][disabled]').waitFor();
    await expect.poll(() => readFileSync(overlayPath()).equals(original)).toBe(true);
    await design.waitForNoNode('fraud-check');

    // Redo: Ctrl+Shift+Z, then Ctrl+Y.
    await design.diagram.canvas.focus();
    await session.page.keyboard.press('Control+Shift+z');
    await design.waitForNode('fraud-check');
    await session.page.keyboard.press('Control+y');
    await design.waitForUndoLabel('Add flow orders-api → fraud-check');
    await session.page.keyboard.press('Control+y');
    await design.waitForUndoLabel('Set timeout of orders-api → fraud-check');
    await expect.poll(() => readFileSync(overlayPath(), 'utf8')).toBe(edited);
    await design.edge('orders-api->fraud-check').waitFor();
  });

  it('refuses to delete a component defined in docker-compose.yml and says where it is defined', async () => {
    await design.diagram.clickNode('worker');
    await session.page.keyboard.press('Delete');
    await design.error.waitFor();
    expect(await design.error.textContent()).toContain('docker-compose.yml');
    await design.diagram.node('worker').waitFor();
    await workbench.screenshot('design-delete-refused');
  });

  it('renames and removes a trust boundary declared in archbench.yaml, and undoes the removal', async () => {
    const model = await call(session, 'model.get', {});
    const internet = model.trustBoundaries.find((b) => b.name === 'internet')!;
    await design.diagram.fit();
    // A click on the boundary's title band selects it.
    await design.diagram.canvas.locator(`g[data-group="${internet.id}"]`).click({ position: { x: 40, y: 4 } });
    const props = session.page.getByTestId('design-boundary-props');
    await props.waitFor();
    await design.setProperty('prop-boundary-name', 'partners');
    await design.waitForUndoLabel('Rename boundary internet to partners');
    const boundaries = () => (parse(readFileSync(overlayPath(), 'utf8')) as { trustBoundaries?: Array<{ name: string; components?: string[] }> }).trustBoundaries ?? [];
    expect(boundaries().map((b) => b.name)).toContain('partners');
    expect(boundaries().map((b) => b.name)).not.toContain('internet');
    expect(readFileSync(overlayPath(), 'utf8')).toContain(FIRST_COMMENT);
    await session.page.getByTestId('diagram-canvas').getByText('partners').first().waitFor();
    await workbench.screenshot('design-boundary-properties');

    await session.page.getByTestId('boundary-remove').click();
    await design.waitForUndoLabel('Remove boundary partners');
    expect(boundaries().map((b) => b.name)).not.toContain('partners');
    await design.diagram.node('psp').waitFor(); // its component stays
    await design.undoButton.click();
    await design.waitForUndoLabel('Rename boundary internet to partners');
    expect(boundaries().find((b) => b.name === 'partners')?.components).toEqual(['psp']);
  });

  it('shows where a compose network is defined instead of editing it', async () => {
    const model = await call(session, 'model.get', {});
    const network = model.trustBoundaries.find((b) => b.kind === 'network');
    expect(network).toBeDefined();
    await design.diagram.fit();
    await design.diagram.canvas.locator(`g[data-group="${network!.id}"]`).click({ position: { x: 40, y: 4 } });
    const details = session.page.getByTestId('boundary-details');
    await details.waitFor();
    expect(await details.textContent()).toMatch(/Defined by docker-compose\.yml: rename or remove it there/);
    expect(await session.page.getByTestId('design-boundary-props').count()).toBe(0);
  });

  it('creates the next Flyway migration and opens it in the editor', async () => {
    const dialog = await design.runDialogCommand('New Migration', 'new-migration-dialog');
    await session.page.getByTestId('new-migration-name').fill('add refunds');
    await dialog.getByTestId('design-dialog-submit').click();
    const path = 'db/migrations/V3__add_refunds.sql';
    await workbench.editor.tab(path).waitFor();
    await workbench.editor.waitForEditor(path);
    expect(existsSync(join(copy.path, path))).toBe(true);
  });

  it('adds an API spec linked to a component: opened in the editor, its endpoints in the model', async () => {
    const dialog = await design.runDialogCommand('New API Spec', 'new-api-spec-dialog');
    await session.page.getByTestId('new-api-spec-name').fill('refunds');
    await session.page.getByTestId('new-api-spec-component').selectOption('payments-api');
    await dialog.getByTestId('design-dialog-submit').click();
    const path = 'api/refunds.yaml';
    await workbench.editor.tab(path).waitFor();
    await workbench.editor.waitForEditor(path);
    const spec = parse(readFileSync(join(copy.path, path), 'utf8')) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\.1\./);
    const linked = (parse(readFileSync(overlayPath(), 'utf8')) as { apis?: Array<{ spec: string; component: string }> }).apis ?? [];
    expect(linked).toContainEqual({ spec: path, component: 'payments-api' });
    // The new spec's operations become endpoints of payments-api.
    await expect.poll(async () => (await call(session, 'model.get', {})).endpoints.filter((e) => e.source.file === path && e.component === 'payments-api').length, { timeout: 30_000 })
      .toBe(Object.values(spec.paths).flatMap((item) => Object.keys(item as object).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k))).length);
  });

  it('creates a project from the web-api template and shows its components on the diagram', async () => {
    const dialog = await design.runDialogCommand('New Project', 'new-project-dialog');
    await session.page.getByTestId('new-project-parent').fill(parent.path);
    await session.page.getByTestId('new-project-name').fill('orders-service');
    await session.page.getByTestId('new-project-template').selectOption('web-api');
    await workbench.screenshot('design-new-project-dialog');
    await dialog.getByTestId('design-dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await workbench.waitForProject('orders-service');
    expect((await call(session, 'project.current', {}))?.root).toBe(join(parent.path, 'orders-service'));

    await expect.poll(async () => (await call(session, 'model.get', {})).components.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await session.workbench.session()!.analysis.whenIdle();
    const model = await call(session, 'model.get', {});
    await design.diagram.open();
    await design.diagram.fit();
    await expect.poll(async () => (await design.diagram.nodeIds()).sort()).toEqual(model.components.map((c) => c.id).sort());
    await workbench.screenshot('design-new-project-diagram');
  });
});
