import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../main/core/workbench.js';
import type { Events, FindingsResult, RunSummary, SystemAnalysis } from '../../shared/contract/index.js';
import type { SystemModel } from '../../shared/model/model.js';
import { corpus, REPO_ROOT } from '../support/paths.js';
import { tempCopy, tempDir } from '../support/temp.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function open(source: string): { wb: Workbench; root: string } {
  const data = tempDir('archbench-data-');
  const copy = tempCopy(source);
  const wb = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'test' });
  cleanups.push(data.cleanup, copy.cleanup, () => wb.close());
  return { wb, root: copy.path };
}

function nextDone(wb: Workbench): Promise<Events['analysis.done']> {
  return new Promise((resolve) => {
    const off = wb.on('analysis.done', (e) => { off(); resolve(e); });
  });
}

describe('analysis in the workbench', () => {
  it('analyses on open in a worker thread and keeps the model in the store', async () => {
    const { wb, root } = open(corpus('microservices-demo'));
    const done = nextDone(wb);
    await wb.invoke('project.open', { path: root });
    expect((await done).status).toBe('done');
    const model = await wb.invoke('model.get', {}) as SystemModel;
    expect(model.components.map((c) => c.id)).toContain('checkoutservice');
    const history = await wb.invoke('analysis.history', {}) as RunSummary[];
    expect(history[0]).toMatchObject({ status: 'done' });
    const findings = await wb.invoke('analysis.findings', {}) as FindingsResult;
    expect(findings.run?.runId).toBe(history[0].runId);
    const system = await wb.invoke('system.get', {}) as SystemAnalysis;
    expect(system.threats.entryPoints).toEqual(['frontend']);
    const redis = system.reliability.components.find((c) => c.component === 'redis-cart')!;
    expect(redis.blastRadius.components).toEqual(expect.arrayContaining(['cartservice', 'checkoutservice', 'frontend']));
  });

  it('re-analyses after an outside edit, re-importing only the edited file', async () => {
    const { wb, root } = open(corpus('microservices-demo'));
    const first = nextDone(wb);
    await wb.invoke('project.open', { path: root });
    await first;
    await wb.project()!.watcherReady;
    const second = nextDone(wb);
    const file = join(root, 'kubernetes-manifests', 'adservice.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: adservice\n', 'name: adservice\n  labels:\n    team: ads\n'));
    expect((await second).status).toBe('done');
    const log = readFileSync(wb.log.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.msg === 'analysis done');
    expect(log.at(-1).reimported).toBe(1);
  });

  it('cancels a run and records it as cancelled', async () => {
    const { wb, root } = open(corpus('twilio-openapi'));
    await wb.invoke('project.open', { path: root });
    const done = nextDone(wb);
    expect(await wb.invoke('analysis.cancel', {})).toEqual({ cancelled: true });
    expect((await done).status).toBe('cancelled');
    const history = await wb.invoke('analysis.history', {}) as RunSummary[];
    expect(history[0].status).toBe('cancelled');
  });
});
