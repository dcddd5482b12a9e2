import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemAnalysis } from '../../shared/contract/index.js';
import type { AttackPath } from '../../shared/model/system-analysis.js';
import { DiagramPage } from './pages/diagram-page.js';
import { ThreatsPage } from './pages/threats-page.js';
import { call, openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

/** Diagram edge ids are `from->to` of the nodes they join (one edge per connected pair). */
const edgeIdOf = (flowId: string, path: AttackPath) => {
  const index = path.flows.indexOf(flowId);
  return `${path.components[index]}->${path.components[index + 1]}`;
};

describe.skipIf(!!reason)('attack-path mode of the system diagram on microservices-demo', () => {
  let opened: Opened;
  let system: SystemAnalysis;
  let diagram: DiagramPage;

  beforeAll(async () => {
    opened = await openCorpusCopy('microservices-demo');
    await opened.workbench.waitForProject('project');
    await opened.session.workbench.session()!.analysis.whenIdle();
    system = (await call(opened.session, 'system.get', {}))!;
    diagram = new DiagramPage(opened.session.page);
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('opens from an attack path in the Threats view: the path highlighted, hops lacking controls marked in red', async () => {
    const path = system.threats.attackPaths.find((p) => p.entry === 'frontend' && p.missingControls.some((m) => m.flow))!;
    expect(path).toBeDefined();
    const threats = new ThreatsPage(opened.session.page);
    await threats.show();
    const row = threats.page.locator(`[data-testid="attack-path"][data-entry="${path.entry}"][data-target="${path.target}"]`).first();
    await row.scrollIntoViewIfNeeded();
    await row.click();
    await threats.attackPathDetails.getByTestId('attack-path-show-diagram').click();
    await diagram.waitReady();
    await opened.session.page.getByTestId('diagram-attack-hint').filter({ hasText: `${path.entry} → ${path.target}` }).waitFor();
    expect(await opened.session.page.getByTestId('diagram-attack-path').inputValue()).toBe(path.id);

    await expect.poll(async () => (await diagram.nodesWithTone('danger')).sort()).toEqual([...new Set(path.components)].sort());
    // Everything off the path is dimmed.
    const off = (await diagram.nodeIds()).filter((id) => !path.components.includes(id));
    expect(off.length).toBeGreaterThan(0);
    for (const id of off) expect(await diagram.node(id).getAttribute('data-tone')).toBe('dim');
    // Every hop whose flow lacks a control is marked with what it lacks.
    const expected: Record<string, string[]> = {};
    for (const m of path.missingControls) {
      if (!m.flow || !path.flows.includes(m.flow)) continue;
      const controls = (expected[edgeIdOf(m.flow, path)] ??= []);
      if (!controls.includes(m.control)) controls.push(m.control);
    }
    const hops = await diagram.attackHops();
    expect(Object.keys(hops).sort()).toEqual(Object.keys(expected).sort());
    for (const [edge, controls] of Object.entries(expected)) expect(hops[edge].sort()).toEqual(controls.sort());
    await opened.workbench.setTheme('dark');
    await opened.workbench.screenshot('diagram-attack-path-dark');
    await opened.workbench.setTheme('light');
    await opened.workbench.screenshot('diagram-attack-path-light');
    // Close up, the missing controls are readable.
    await opened.session.page.getByRole('button', { name: 'Zoom in (+)' }).click();
    await opened.session.page.getByRole('button', { name: 'Zoom in (+)' }).click();
    await opened.workbench.screenshot('diagram-attack-path-zoomed');
  });

  it('picks another path from the toolbar, exports it, and leaves the mode', async () => {
    const shown = await opened.session.page.getByTestId('diagram-attack-path').inputValue();
    const other = system.threats.attackPaths.find((p) => p.id !== shown) ?? system.threats.attackPaths[0];
    await diagram.pickAttackPath('');
    await expect.poll(() => diagram.nodesWithTone('danger')).toEqual([]);
    await diagram.pickAttackPath(other.id);
    await expect.poll(async () => (await diagram.nodesWithTone('danger')).sort()).toEqual([...new Set(other.components)].sort());

    const download = opened.session.page.waitForEvent('download');
    await opened.session.page.getByTestId('diagram-export-svg').click();
    const svg = readFileSync(await (await download).path(), 'utf8');
    if (other.missingControls.some((m) => m.flow && other.flows.includes(m.flow))) expect(svg).toContain('data-attack-hop=');
    for (const id of other.components) expect(svg).toMatch(new RegExp(`data-node="${id}"[^>]*data-tone="danger"`));

    await opened.session.page.getByTestId('diagram-attack-clear').click();
    await expect.poll(() => diagram.nodesWithTone('danger')).toEqual([]);
    expect(await diagram.attackHops()).toEqual({});
  });
});
