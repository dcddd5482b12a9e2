import ELK from 'elkjs/lib/elk.bundled.js';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../../main/core/workbench.js';
import { layoutSystemIntoStore } from '../../../main/diagram/store-layout.js';
import { readLayoutEntries } from '../../../main/store/diagram-tables.js';
import { openStore } from '../../../main/store/store.js';
import type { DiagramPin } from '../../../shared/contract/diagram.js';
import { memoryCache } from '../../../shared/diagram/elk-runner.js';
import { layoutSystem, type SubLayout } from '../../../shared/diagram/system-layout.js';
import { REPO_ROOT } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';
import { generateSystem, toArchbenchYaml } from './generated-system.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A workbench over a fresh data folder (no analysis: these tests are about the store). */
function workbench(): Workbench {
  const data = tempDir('archbench-data-');
  const wb = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'test', watch: false, autoAnalyse: false });
  cleanups.push(data.cleanup, () => wb.close());
  return wb;
}

function project(): string {
  const dir = tempDir('archbench-pins-');
  cleanups.push(dir.cleanup);
  writeFileSync(join(dir.path, 'archbench.yaml'), toArchbenchYaml(generateSystem(20, 3)));
  return dir.path;
}

describe('diagram state in the project store', () => {
  it('keeps pinned positions per diagram across reopening the project', async () => {
    const root = project();
    const first = workbench();
    await first.invoke('project.open', { path: root });
    expect(await first.invoke('diagram.pins.get', { diagram: 'system' })).toEqual({ pins: [] });
    await first.invoke('diagram.pins.set', { diagram: 'system', pins: [{ id: 'orders', x: 12, y: 340 }, { id: 'users', x: -4, y: 8.5 }] });
    // A second drag of the same node moves its pin; other pins stay.
    const { pins } = await first.invoke('diagram.pins.set', { diagram: 'system', pins: [{ id: 'orders', x: 20, y: 300 }] }) as { pins: DiagramPin[] };
    expect(pins).toEqual([{ id: 'orders', x: 20, y: 300 }, { id: 'users', x: -4, y: 8.5 }]);
    await first.invoke('diagram.pins.set', { diagram: 'erd', pins: [{ id: 'public.orders', x: 1, y: 2 }] });
    await first.close();

    const second = workbench();
    await second.invoke('project.open', { path: root });
    expect(await second.invoke('diagram.pins.get', { diagram: 'system' })).toEqual({ pins: [{ id: 'orders', x: 20, y: 300 }, { id: 'users', x: -4, y: 8.5 }] });
    expect(await second.invoke('diagram.pins.clear', { diagram: 'system', ids: ['users'] })).toEqual({ pins: [{ id: 'orders', x: 20, y: 300 }] });
    expect(await second.invoke('diagram.pins.clear', { diagram: 'system' })).toEqual({ pins: [] });
    // The ERD's pins are its own.
    expect(await second.invoke('diagram.pins.get', { diagram: 'erd' })).toEqual({ pins: [{ id: 'public.orders', x: 1, y: 2 }] });
  });

  it('rejects pins that are not finite numbers or of an unknown diagram', async () => {
    const wb = workbench();
    await wb.invoke('project.open', { path: project() });
    await expect(wb.invoke('diagram.pins.set', { diagram: 'system', pins: [{ id: 'a', x: Number.NaN, y: 0 }] })).rejects.toMatchObject({ code: 'invalid-args' });
    await expect(wb.invoke('diagram.pins.get', { diagram: 'sequence' })).rejects.toMatchObject({ code: 'invalid-args' });
  });

  it('keeps the system diagram laid out in main, so the page lays it out from the store alone', async () => {
    const dir = tempDir('archbench-layout-store-');
    cleanups.push(dir.cleanup);
    const path = join(dir.path, 'store.db');
    const model = generateSystem(80, 5);
    const { db } = openStore(path);
    const first = await layoutSystemIntoStore(db, model, 'hash-1');
    expect(first?.laidOut).toBe(first?.boxes);
    // Again: every box comes from the store.
    const again = await layoutSystemIntoStore(db, model, 'hash-1');
    expect(again?.laidOut).toBe(0);
    db.close();

    // Reopened, as the renderer reads it: the layout needs no ELK call and matches a fresh layout.
    const reopened = openStore(path);
    const cache = memoryCache<SubLayout>();
    for (const [key, value] of Object.entries(readLayoutEntries(reopened.db, 'system'))) cache.set(key, value as SubLayout);
    reopened.db.close();
    const noElk = { layout: () => Promise.reject(new Error('ELK should not run')) };
    const fromStore = await layoutSystem(model, noElk, { cache });
    expect(fromStore.stats.cached).toBe(fromStore.stats.subLayouts);
    const fresh = await layoutSystem(model, new ELK());
    expect(fromStore.nodes).toEqual(fresh.nodes);
  });

  it('stops a layout a newer analysis made pointless, keeping the boxes it finished', async () => {
    const dir = tempDir('archbench-layout-stale-');
    cleanups.push(dir.cleanup);
    const { db } = openStore(join(dir.path, 'store.db'));
    let calls = 0;
    const result = await layoutSystemIntoStore(db, generateSystem(200, 7), 'hash-2', () => ++calls > 4); // the boxes of the deepest level, then stop
    expect(result).toBeNull();
    expect(Object.keys(readLayoutEntries(db, 'system')).length).toBeGreaterThan(0);
    db.close();
  });

  it('announces the layout the analysis worker stored, so an open diagram can draw it', async () => {
    const data = tempDir('archbench-data-');
    const wb = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'test', watch: false });
    cleanups.push(data.cleanup, () => wb.close());
    const stored = new Promise<{ modelHash: string; boxes: number }>((resolve) => {
      const off = wb.on('diagram.layoutStored', (event) => { off(); resolve(event); });
    });
    await wb.invoke('project.open', { path: project() });
    const event = await stored;
    expect(event.modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(event.boxes).toBeGreaterThan(0);
    const { entries } = await wb.invoke('diagram.layout.get', { diagram: 'system' }) as { entries: Record<string, unknown> };
    expect(Object.keys(entries).length).toBeGreaterThanOrEqual(event.boxes);
  }, 60_000);
});
