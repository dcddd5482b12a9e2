import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemAnalysis } from '../../shared/contract/index.js';
import type { Threat } from '../../shared/model/system-analysis.js';
import { ThreatsPage } from './pages/threats-page.js';
import { call, closeExpectingNoPageErrors, openAnalysedCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

describe.skipIf(!!reason)('threats view', () => {
  let opened: Opened;
  let threats: ThreatsPage;
  let system: SystemAnalysis;

  beforeAll(async () => {
    opened = await openAnalysedCorpusCopy('microservices-demo');
    system = (await call(opened.session, 'system.get', {}))!;
    expect(system).not.toBeNull();
    threats = new ThreatsPage(opened.session.page);
  });
  afterAll(() => closeExpectingNoPageErrors(opened));

  it('counts the threats per STRIDE letter, and a chip filters the list to its letter', async () => {
    await threats.show();
    await threats.items.first().waitFor();
    const expected: Record<string, number> = { S: 0, T: 0, R: 0, I: 0, D: 0, E: 0 };
    for (const threat of system.threats.threats) expected[threat.stride]++;
    expect(await threats.strideCounts()).toEqual(expected);
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await threats.items.count()).toBe(system.threats.threats.length);

    await threats.chip('D').click();
    await threats.page.locator('[data-testid="threat-item"]:not([data-stride="D"])').first().waitFor({ state: 'detached' });
    expect(await threats.items.count()).toBe(expected.D);
    await threats.chip('D').click();
    await threats.items.nth(system.threats.threats.length - 1).waitFor();
  });

  it('says under the list what the threat model assumed (no data classification declared)', async () => {
    await threats.show();
    const notes = threats.page.getByTestId('threats-note');
    await notes.first().waitFor();
    expect(await notes.allTextContents()).toEqual((system.threats.notes ?? []).map((note) => note.replaceAll('`', '')));
    expect((system.threats.notes ?? []).some((note) => note.startsWith('No data classification is declared'))).toBe(true);
  });

  it('shows a threat in the inspector, with evidence that opens its file at the line', async () => {
    const { workbench } = opened;
    // Evidence elsewhere than where the threat is raised, so the jump is the link's doing (selecting already opens the threat's line).
    const elsewhere = (t: Threat) => t.evidence.find((e) => e.location && (e.location.file !== t.location.file || e.location.line !== t.location.line))?.location;
    const threat = system.threats.threats.find((t) => elsewhere(t))!;
    expect(threat).toBeDefined();
    const evidence = elsewhere(threat)!;
    await threats.item(threat.id).first().click();
    await threats.details.and(threats.page.locator(`[data-id="${threat.id}"]`)).waitFor();
    await expect(threats.details.getByTestId('threat-risk').textContent()).resolves.toContain('likelihood');
    await workbench.editor.tab(threat.location.file).and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(threat.location.line);
    const link = threats.details.locator(`[data-testid="threat-evidence-location"][data-file="${evidence.file}"][data-line="${evidence.line}"]`).first();
    await expect(link.textContent()).resolves.toBe(`${evidence.file}:${evidence.line}`);
    await link.click();
    await workbench.editor.tab(evidence.file).and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(evidence.line);
    await workbench.screenshot('threats-inspector');
  });

  it('lists an attack path from frontend, hop by hop with the missing controls', async () => {
    const path = system.threats.attackPaths.find((p) => p.entry === 'frontend')!;
    expect(path).toBeDefined();
    const row = threats.page.locator(`[data-testid="attack-path"][data-entry="frontend"][data-target="${path.target}"]`);
    await row.scrollIntoViewIfNeeded();
    const chips = row.getByTestId('path-chip');
    expect(await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-component')))).toEqual(path.components);
    await row.click();
    await threats.attackPathDetails.waitFor();
    expect(await threats.attackPathDetails.getByTestId('path-step').count()).toBe(path.components.length);
    expect(await threats.attackPathDetails.getByTestId('path-missing').locator('li').count()).toBe(path.missingControls.length);
    await opened.workbench.screenshot('threats-attack-path');
  });

  it('is reachable from the palette: Show Attack Paths', async () => {
    await opened.workbench.page.getByTestId('activity-explorer').click();
    await opened.workbench.runCommand('Show Attack Paths');
    await threats.attackPaths.first().waitFor();
  });

  it('accepts a threat with a justification: written to archbench.yaml, accepted after re-analysis', async () => {
    const findings = await call(opened.session, 'analysis.findings', {});
    const tracked = new Set(findings.findings.map((f) => f.fingerprint));
    const threat: Threat = system.threats.threats.find((t) => t.status === 'open' && tracked.has(t.fingerprint) && t.element === 'redis-cart')
      ?? system.threats.threats.find((t) => t.status === 'open' && tracked.has(t.fingerprint))!;
    expect(threat).toBeDefined();
    await threats.show();
    await threats.item(threat.id).first().click();
    await threats.details.and(threats.page.locator(`[data-id="${threat.id}"]`)).waitFor();
    await threats.decide('accepted', 'Cart data is disposable; accepted for the demo.');
    const yaml = join(opened.folder, 'archbench.yaml');
    expect(existsSync(yaml)).toBe(true);
    const text = readFileSync(yaml, 'utf8');
    expect(text).toContain(threat.fingerprint);
    expect(text).toContain('Cart data is disposable');
    await threats.waitForStatus(threat.id, 'accepted', 90_000);
    await threats.details.getByTestId('threat-tracking').waitFor();
    await threats.item(threat.id).and(threats.page.locator('[data-status="accepted"]')).first().waitFor();
  });
});

describe.skipIf(!!reason)('threats view: the threats a Threat Dragon model declares', () => {
  let opened: Opened;
  let threats: ThreatsPage;
  let system: SystemAnalysis;

  beforeAll(async () => {
    opened = await openAnalysedCorpusCopy('threat-dragon');
    system = (await call(opened.session, 'system.get', {}))!;
    threats = new ThreatsPage(opened.session.page);
  });
  afterAll(() => closeExpectingNoPageErrors(opened));

  it('lists them beside the generated ones, with their status and mitigation, at their entry in the model', async () => {
    const declared = system.threats.threats.filter((t) => t.kind === 'declared');
    expect(declared.length).toBeGreaterThan(10);
    const credentials = declared.find((t) => t.title === 'Accessing DB credentials')!;
    expect(credentials).toMatchObject({ status: 'open', severity: 'high', stride: 'I' });
    await threats.show();
    await threats.items.nth(system.threats.threats.length - 1).waitFor();
    await threats.item(credentials.id).first().click();
    await threats.details.and(threats.page.locator(`[data-id="${credentials.id}"]`)).waitFor();
    await expect(threats.details.getByTestId('threat-mitigations').textContent()).resolves.toContain('Encrypt the DB credentials');
    await expect(threats.details.getByTestId('threat-untrackable').textContent()).resolves.toContain('imported threat model');
    // Selecting it opens the model at the threat's own entry.
    await opened.workbench.editor.tab(credentials.location.file).and(opened.workbench.page.locator('[aria-selected="true"]')).waitFor();
    await opened.workbench.waitForCursorLine(credentials.location.line);
    const line = readFileSync(join(opened.folder, credentials.location.file), 'utf8').split('\n')[credentials.location.line - 1];
    expect(line.trim()).toBe('{');
    await opened.workbench.screenshot('threats-declared');
  });

  it('says under the list which element no flow reaches, with the archbench.yaml key as code', async () => {
    await threats.show();
    const note = threats.page.getByTestId('threats-note').filter({ hasText: 'no flow in or out' });
    await expect.poll(() => note.textContent()).toContain('1 component has no flow in or out (class-customerdatabase): the files do not show who calls it');
    expect(await note.textContent()).toContain('no attack path passes through it.');
    expect(await note.locator('code').allTextContents()).toContain('flows');
  });

  it('hides what is not open on request: only the open threats stay listed', async () => {
    const open = system.threats.threats.filter((t) => t.status === 'open').length;
    expect(open).toBeLessThan(system.threats.threats.length);
    await threats.show();
    await threats.page.getByTestId('threats-open-only').check();
    await expect.poll(() => threats.items.count()).toBe(open);
    expect(await threats.page.locator('[data-testid="threat-item"]:not([data-status="open"])').count()).toBe(0);
    await threats.page.getByTestId('threats-open-only').uncheck();
    await expect.poll(() => threats.items.count()).toBe(system.threats.threats.length);
  });
});
