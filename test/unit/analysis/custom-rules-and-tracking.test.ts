import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../../main/core/workbench.js';
import type { Events, FindingsResult } from '../../../shared/contract/index.js';
import { corpus, REPO_ROOT } from '../../support/paths.js';
import { tempCopy, tempDir } from '../../support/temp.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const RULE = `-- id: no-single-replica-datastore
-- title: Datastores need more than one replica
-- category: reliability
-- severity: high
-- rationale: A datastore with one replica takes every caller down with it.
-- remediation: Run a replica set or a managed service with failover.
SELECT id AS element, 'Datastore ' || name || ' runs a single replica' AS message, file, line
FROM components WHERE kind IN ('datastore', 'cache') AND COALESCE(replicas, 1) < 2
`;

function nextDone(wb: Workbench): Promise<Events['analysis.done']> {
  return new Promise((resolve) => {
    const off = wb.on('analysis.done', (e) => { off(); resolve(e); });
  });
}

async function openWithRules(rules: Record<string, string>, overlay?: string) {
  const data = tempDir('archbench-data-');
  const copy = tempCopy(corpus('microservices-demo'));
  mkdirSync(join(copy.path, '.archbench', 'rules'), { recursive: true });
  for (const [name, text] of Object.entries(rules)) writeFileSync(join(copy.path, '.archbench', 'rules', name), text);
  if (overlay !== undefined) writeFileSync(join(copy.path, 'archbench.yaml'), overlay);
  const wb = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'test' });
  cleanups.push(data.cleanup, copy.cleanup, () => wb.close());
  const done = nextDone(wb);
  await wb.invoke('project.open', { path: copy.path });
  await done;
  return { wb, root: copy.path, findings: await wb.invoke('analysis.findings', {}) as FindingsResult };
}

describe('custom SQL rules', () => {
  it('run over the model tables and point at the component source', async () => {
    const { findings } = await openWithRules({ 'replicas.sql': RULE });
    const redis = findings.findings.find((f) => f.ruleId === 'custom.no-single-replica-datastore' && f.element === 'redis-cart');
    expect(redis).toMatchObject({ severity: 'high', category: 'reliability', message: 'Datastore redis-cart runs a single replica' });
    expect(redis!.location.file).toMatch(/redis\.yaml$|kubernetes-manifests/);
    expect(redis!.location.line).toBeGreaterThan(0);
  });

  it('show errors in a custom rule instead of swallowing them', async () => {
    const { findings } = await openWithRules({
      'a-no-header.sql': 'SELECT 1',
      'b-syntax.sql': '-- id: broken\n-- title: Broken\n-- category: data\n-- severity: low\nSELEC id FROM components',
      'c-writes.sql': "-- id: writer\n-- title: Writer\n-- category: data\n-- severity: low\nDELETE FROM components",
      'd-columns.sql': '-- id: cols\n-- title: Cols\n-- category: data\n-- severity: low\nSELECT id FROM components',
    });
    const messages = findings.run!.ruleFailures.map((f) => f.message);
    expect(messages.find((m) => m.includes('a-no-header.sql'))).toMatch(/header field "id"/);
    expect(messages.find((m) => m.includes('b-syntax.sql'))).toMatch(/line 5: .*syntax error/);
    expect(messages.find((m) => m.includes('c-writes.sql'))).toMatch(/may only read/);
    expect(messages.find((m) => m.includes('d-columns.sql'))).toMatch(/missing element, message, file, line/);
  });
});

describe('risk tracking from the workbench', () => {
  it('writes the decision to archbench.yaml keeping comments, logs it, and marks the finding', async () => {
    const overlay = '# Our architecture notes: keep this comment.\ncomponents:\n  frontend:\n    criticality: critical # the shop\n';
    const { wb, root, findings } = await openWithRules({ 'replicas.sql': RULE }, overlay);
    const redis = findings.findings.find((f) => f.ruleId === 'custom.no-single-replica-datastore' && f.element === 'redis-cart')!;
    await expect(wb.invoke('findings.track', { fingerprint: redis.fingerprint, status: 'accepted' })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringMatching(/justification/) });
    await wb.invoke('findings.track', { fingerprint: redis.fingerprint, status: 'accepted', justification: 'cart contents are disposable', by: 'maria', expires: '2099-01-01' });
    const text = readFileSync(join(root, 'archbench.yaml'), 'utf8');
    expect(text).toContain('# Our architecture notes: keep this comment.');
    expect(text).toContain('criticality: critical # the shop');
    expect(text).toMatch(/risks:\n\s*- fingerprint: [0-9a-f]{32}\n\s*rule: custom.no-single-replica-datastore\n\s*element: redis-cart\n\s*status: accepted\n\s*justification: cart contents are disposable/);
    // Re-analysis follows the write (and the watcher may queue one more run): wait for a run that sees it.
    let after = await wb.invoke('analysis.findings', {}) as FindingsResult;
    await expect.poll(async () => {
      after = await wb.invoke('analysis.findings', {}) as FindingsResult;
      return after.findings.find((f) => f.fingerprint === redis.fingerprint)?.status;
    }, { timeout: 30_000, interval: 100 }).toBe('accepted');
    const tracked = after.findings.find((f) => f.fingerprint === redis.fingerprint)!;
    expect(tracked.status).toBe('accepted');
    expect(tracked.tracking).toMatchObject({ justification: 'cart contents are disposable', by: 'maria', expires: '2099-01-01' });
    const audit = wb.session()!.store.db.prepare("SELECT action, actor, subject FROM audit_log WHERE action LIKE 'risk.%'").all();
    expect(audit).toEqual([{ action: 'risk.accepted', actor: 'maria', subject: redis.fingerprint }]);
  });
});
