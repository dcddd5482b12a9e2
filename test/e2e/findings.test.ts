import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsResult } from '../../shared/contract/index.js';
import { call, openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

const RULE_ID = 'custom.single-replica-datastore';
/** A custom SQL rule over the store's model tables: deterministic findings whatever the built-in rules say. */
const SINGLE_REPLICA_RULE = `-- id: single-replica-datastore
-- title: Datastore with fewer than two replicas
-- category: reliability
-- severity: high
-- rationale: One replica is one node failure away from losing the data path.
-- remediation: Run at least two replicas.
SELECT id AS element, name || ' runs ' || coalesce(replicas, 1) || ' replica' AS message, file, line
FROM components WHERE kind IN ('datastore', 'cache') AND coalesce(replicas, 1) < 2
`;
/** A second rule, added later: its finding is new in the next run, and fixed once the rule is gone. */
const INTERNET_RULE = `-- id: internet-facing
-- title: Reachable from the internet
-- category: security
-- severity: medium
SELECT id AS element, name || ' is reachable from the internet' AS message, file, line FROM components WHERE internet_facing = 1
`;
/** A rule whose SQL is wrong: its failure must be shown, not swallowed. */
const BROKEN_RULE = `-- id: broken
-- title: Broken on purpose
-- category: data
-- severity: low
SELECT nope AS element, 'x' AS message, file, line FROM components
`;
/** A rule slow enough (a few seconds of SQLite work) to cancel its run deterministically. */
const SLOW_RULE = `-- id: slow
-- title: Slow on purpose
-- category: data
-- severity: low
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 50000000)
SELECT 'x' AS element, 'never' AS message, 'f' AS file, 1 AS line FROM c WHERE n < 0
`;

describe.skipIf(!!reason)('findings', () => {
  let opened: Opened;
  let finding: FindingsResult['findings'][number];
  const rulesDir = () => join(opened.folder, '.archbench', 'rules');
  const archbenchYaml = () => (existsSync(join(opened.folder, 'archbench.yaml')) ? readFileSync(join(opened.folder, 'archbench.yaml'), 'utf8') : '');

  beforeAll(async () => {
    opened = await openCorpusCopy('microservices-demo', (folder) => {
      mkdirSync(join(folder, '.archbench', 'rules'), { recursive: true });
      writeFileSync(join(folder, '.archbench', 'rules', 'single-replica.sql'), SINGLE_REPLICA_RULE);
    });
    await opened.workbench.waitForProject('project');
    await opened.session.workbench.session()!.analysis.whenIdle();
    const result = await call(opened.session, 'analysis.findings', {});
    finding = result.findings.find((f) => f.ruleId === RULE_ID)!;
    expect(finding?.element).toBe('redis-cart');
  });
  afterAll(async () => {
    const errors = opened?.pageErrors ?? [];
    await opened?.close();
    expect(errors).toEqual([]);
  });

  it('lists the finding with its severity and location, and counts it in the status bar', async () => {
    const { workbench } = opened;
    await workbench.findings.show();
    const item = workbench.findings.item(RULE_ID);
    await item.waitFor();
    expect(await item.getAttribute('data-severity')).toBe('high');
    expect(await item.getAttribute('data-file')).toBe(finding.location.file);
    expect(await item.getAttribute('data-line')).toBe(String(finding.location.line));
    expect(await item.getByTestId('finding-location').textContent()).toBe(`${finding.location.file.split('/').pop()}:${finding.location.line}`);
    expect(await item.getAttribute('title')).toContain(`${finding.location.file}:${finding.location.line}`);
    expect(await item.textContent()).toContain('redis-cart');
    await workbench.waitForAnalysisIdle();
    expect(Number(await workbench.findingCounts.getAttribute('data-high'))).toBeGreaterThanOrEqual(1);
  });

  it('jumps to the line and shows the details in the inspector', async () => {
    const { workbench } = opened;
    await workbench.findings.item(RULE_ID).click();
    await workbench.editor.tab(finding.location.file).and(workbench.page.locator('[aria-selected="true"]')).waitFor();
    await workbench.waitForCursorLine(finding.location.line);
    const details = workbench.findings.details;
    await details.waitFor();
    expect(await details.getByTestId('details-rule').textContent()).toBe(RULE_ID);
    expect(await details.getByTestId('details-message').textContent()).toBe(finding.message.replaceAll('`', ''));
    expect(await details.getAttribute('data-status')).toBe('open');
    await workbench.screenshot('findings-details');
  });

  it('marks the line in the editor and lists the finding under Problems', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    await workbench.showPanel('problems');
    const problem = page.locator(`[data-testid="problem-item"][data-fingerprint="${finding.fingerprint}"]`);
    await problem.waitFor();
    expect(await problem.getAttribute('data-line')).toBe(String(finding.location.line));
    // Most severe first, then by line (as VS Code's Problems panel).
    const rows = await page.locator('[data-testid="problem-item"][data-kind="finding"]').evaluateAll((items) => items.map((item) => [item.getAttribute('data-severity'), Number(item.getAttribute('data-line'))] as const));
    const rank = (severity: string | null) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(severity ?? '');
    expect(rows.length).toBeGreaterThan(1);
    for (let i = 1; i < rows.length; i++) expect(rank(rows[i - 1][0]) * 1e6 + rows[i - 1][1]).toBeLessThanOrEqual(rank(rows[i][0]) * 1e6 + rows[i][1]);
    // The squiggle sits on the cursor's line (the jump put the cursor on the finding's line).
    const editor = workbench.editor.editor(finding.location.file);
    await editor.locator('.view-overlays > div:has(.current-line) .squiggly-error').waitFor({ state: 'attached' });
    // Hovering it shows the rule's title, message and id.
    const squiggle = editor.locator('.view-overlays > div:has(.current-line) .squiggly-error').first();
    const box = (await squiggle.boundingBox())!;
    await page.mouse.move(box.x + Math.min(30, box.width / 2), box.y + box.height / 2);
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Datastore with fewer than two replicas' });
    await hover.waitFor();
    expect(await hover.textContent()).toContain(RULE_ID);
    expect(await hover.textContent()).toContain(finding.message);
    await workbench.screenshot('marker-hover');
    await page.mouse.move(5, 400);
  });

  it('shows a built-in rule\'s rationale and remediation in the details', async () => {
    const { workbench } = opened;
    const rules = await call(opened.session, 'rules.list', {});
    const result = await call(opened.session, 'analysis.findings', {});
    // Prefer advice with `code` in it: it is set as code, not shown with its backquotes.
    const advised = result.findings.filter((f) => rules.some((r) => r.id === f.ruleId && r.remediation));
    const withAdvice = advised.find((f) => rules.find((r) => r.id === f.ruleId)!.remediation.includes('`')) ?? advised[0];
    expect(withAdvice).toBeDefined();
    const rule = rules.find((r) => r.id === withAdvice.ruleId)!;
    await workbench.findings.setStatusFilter('all');
    await workbench.findings.item(withAdvice.ruleId, withAdvice.fingerprint).click();
    await workbench.page.locator(`[data-testid="finding-details"][data-fingerprint="${withAdvice.fingerprint}"]`).waitFor();
    expect(await workbench.findings.details.getByTestId('details-remediation').textContent()).toBe(rule.remediation.replaceAll('`', ''));
    expect(await workbench.findings.details.getByTestId('details-remediation').locator('code').count()).toBe(rule.remediation.split('`').length >> 1);
    await workbench.findings.setStatusFilter('open');
  });

  it('accepts the risk with a justification, written to archbench.yaml, and shows it as accepted after re-analysis', async () => {
    const { workbench } = opened;
    await workbench.findings.item(RULE_ID).click();
    await workbench.findings.details.getByTestId('track-accepted').click();
    await workbench.findings.dialog.waitFor();
    // The justification is required: the button waits for one.
    expect(await workbench.findings.dialog.getByTestId('track-submit').isDisabled()).toBe(true);
    await workbench.screenshot('track-dialog');
    await workbench.page.keyboard.press('Escape');
    await workbench.findings.dialog.waitFor({ state: 'detached' });

    await workbench.findings.decide('accepted', 'Cart data is a cache; losing it empties carts, which we accept.', '2099-12-31');
    const yaml = archbenchYaml();
    expect(yaml).toContain(finding.fingerprint);
    expect(yaml).toContain('accepted');
    expect(yaml).toContain('losing it empties carts');
    expect(yaml).toContain('2099-12-31');
    await workbench.findings.waitForStatus(finding.fingerprint, 'accepted');
    expect(await workbench.findings.details.getByTestId('details-tracking').textContent()).toContain('losing it empties carts');
    // Open findings only by default: the accepted one is hidden, and shown with the tracked ones.
    await workbench.findings.item(RULE_ID).waitFor({ state: 'detached' });
    await workbench.findings.setStatusFilter('tracked');
    expect(await workbench.findings.item(RULE_ID).getAttribute('data-status')).toBe('accepted');
  });

  it('reopens it: the decision leaves archbench.yaml', async () => {
    const { workbench } = opened;
    await workbench.findings.decide('open');
    expect(archbenchYaml()).not.toContain(finding.fingerprint);
    await workbench.findings.waitForStatus(finding.fingerprint, 'open');
    await workbench.findings.setStatusFilter('open');
    await workbench.findings.item(RULE_ID).waitFor();
  });

  it('shows progress while an analysis runs, then the counts and the run in Output', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    await workbench.waitForAnalysisIdle();
    // Record every state the status bar item goes through (runs can be quicker than a screenshot).
    await page.evaluate(() => {
      const item = document.querySelector('[data-testid="status-analysis"]')!;
      const seen: string[] = [];
      (window as unknown as { analysisStates: string[] }).analysisStates = seen;
      new MutationObserver(() => seen.push(item.getAttribute('data-state') ?? '')).observe(item, { attributes: true, attributeFilter: ['data-state'] });
    });
    await workbench.showPanel('output');
    const before = await workbench.output.locator('.output-line', { hasText: /Analysis #\d+ done/ }).count();
    await workbench.runCommand('Run Analysis');
    await workbench.output.locator('.output-line', { hasText: /Analysis #\d+ done/ }).nth(before).waitFor();
    await workbench.waitForAnalysisIdle();
    const states = await page.evaluate(() => (window as unknown as { analysisStates: string[] }).analysisStates);
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('idle');
    expect(Number(await workbench.findingCounts.getAttribute('data-high'))).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('status-last-run').textContent()).toMatch(/^Analysed \d\d:\d\d$/);
    const line = await workbench.output.locator('.output-line', { hasText: /Analysis #\d+ done/ }).nth(before).textContent();
    expect(line).toMatch(/done in \d+ ms: \d+ findings?, \d+ open .*; \d+ new, \d+ fixed/);
  });

  it('cancels a run from the Findings view', async () => {
    const { workbench } = opened;
    writeFileSync(join(rulesDir(), 'slow.sql'), SLOW_RULE);
    try {
      await workbench.runCommand('Run Analysis');
      await workbench.findings.progress.waitFor();
      await workbench.page.locator('[data-testid="status-analysis"][data-state="running"]').waitFor();
      await workbench.screenshot('findings-progress');
      await workbench.page.getByTestId('findings-cancel').click();
      await workbench.page.locator('[data-testid="status-analysis"][data-state="cancelled"]').waitFor();
      await workbench.waitForOutput(/Analysis #\d+ cancelled/);
      await workbench.findings.progress.waitFor({ state: 'detached' });
    } finally {
      rmSync(join(rulesDir(), 'slow.sql'));
    }
  });

  it('shows a failing custom rule at the top with its message', async () => {
    const { workbench } = opened;
    writeFileSync(join(rulesDir(), 'broken.sql'), BROKEN_RULE);
    try {
      await workbench.runCommand('Run Analysis');
      const failure = workbench.findings.ruleFailures.first();
      await failure.waitFor();
      expect(await failure.textContent()).toContain('broken.sql');
      expect(await failure.textContent()).toContain('nope');
      await workbench.waitForOutput(/Rule custom:broken\.sql failed/);
    } finally {
      rmSync(join(rulesDir(), 'broken.sql'));
    }
  });

  it('marks findings new since the last run, and lists the fixed ones', async () => {
    const { workbench } = opened;
    const page = workbench.page;
    writeFileSync(join(rulesDir(), 'internet.sql'), INTERNET_RULE);
    await workbench.runCommand('Run Analysis');
    const added = workbench.findings.item('custom.internet-facing');
    await added.first().waitFor();
    expect(await added.first().getAttribute('data-new')).toBe('true');
    await added.first().getByTestId('finding-new').waitFor();
    expect(await page.getByTestId('findings-new-count').textContent()).toMatch(/^[1-9]\d* new$/);
    await workbench.findings.setStatusFilter('new');
    expect(await workbench.findings.items.evaluateAll((rows) => rows.every((r) => r.getAttribute('data-new') === 'true'))).toBe(true);
    await workbench.screenshot('findings-new');
    await workbench.findings.setStatusFilter('open');

    rmSync(join(rulesDir(), 'internet.sql'));
    await workbench.runCommand('Run Analysis');
    await added.first().waitFor({ state: 'detached' });
    await page.getByTestId('findings-fixed-toggle').filter({ hasText: /^[1-9]\d* fixed$/ }).click();
    await page.getByTestId('fixed-item').filter({ hasText: 'Reachable from the internet' }).first().waitFor();
    await page.getByTestId('findings-fixed-toggle').click();
  });

  it('reads well in the dark theme too', async () => {
    const { workbench } = opened;
    const before = await workbench.theme();
    await workbench.setTheme('dark');
    await workbench.findings.item(RULE_ID).click();
    await workbench.findings.details.waitFor();
    await workbench.showPanel('problems');
    await workbench.screenshot('findings-dark');
    await workbench.setTheme(before === 'dark' ? 'dark' : 'light');
  });

  it('steps through the findings of the open file from the palette', async () => {
    const { workbench } = opened;
    await workbench.runCommand('Run Analysis');
    await workbench.findings.ruleFailures.first().waitFor({ state: 'detached' });
    await workbench.editor.tab(finding.location.file).click();
    await workbench.editor.editor(finding.location.file).locator('.view-lines').click();
    await workbench.page.keyboard.press('Control+Home');
    await workbench.waitForCursorLine(1);
    await workbench.runCommand('Next Finding in File');
    const line = Number((await workbench.page.getByTestId('status-cursor').textContent())!.match(/^Ln (\d+)/)![1]);
    const result = await call(opened.session, 'analysis.findings', {});
    const lines = result.findings.filter((f) => f.location.file === finding.location.file && f.status === 'open').map((f) => f.location.line);
    expect(line).toBe(Math.min(...lines.filter((l) => l > 1)));
    await workbench.page.locator('[data-testid="finding-details"]').waitFor();
  });
});
