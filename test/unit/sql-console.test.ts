import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../main/core/workbench.js';
import type { Events, SqlRunResult } from '../../shared/contract/index.js';
import type { SystemModel } from '../../shared/model/model.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempCopy, tempDir } from '../support/temp.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function nextDone(wb: Workbench): Promise<Events['analysis.done']> {
  return new Promise((resolve) => {
    const off = wb.on('analysis.done', (e) => { off(); resolve(e); });
  });
}

describe('SQL console in the workbench', () => {
  it('queries and explains the replayed schema on a scratch copy, leaving files and model alone', async () => {
    const data = tempDir('archbench-data-');
    const copy = tempCopy(join(REPO_ROOT, 'resources', 'sample-project'));
    const wb = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'test' });
    cleanups.push(data.cleanup, copy.cleanup, () => wb.close());
    const done = nextDone(wb);
    await wb.invoke('project.open', { path: copy.path });
    expect((await done).status).toBe('done');
    const model = await wb.invoke('model.get', {}) as SystemModel;
    expect(model.tables.map((t) => t.name).sort()).toEqual(['customers', 'order_lines', 'orders', 'payments']);

    const select = await wb.invoke('sql.run', { sql: "INSERT INTO customers (email) VALUES ('a@example.com');\nSELECT email FROM customers;" }) as SqlRunResult;
    expect(select.error).toBeUndefined();
    expect(select.results[1].rows).toEqual([{ email: 'a@example.com' }]);

    const plan = await wb.invoke('sql.run', { sql: 'SELECT * FROM payments WHERE order_id = 7', explain: 'plan' }) as SqlRunResult;
    expect(plan.results[0].plan).toMatch(/Scan/);

    const failed = await wb.invoke('sql.run', { sql: 'SELECT 1;\nSELECT missing_column FROM orders;' }) as SqlRunResult;
    expect(failed.error).toMatchObject({ line: 2, message: expect.stringMatching(/missing_column/) });

    const before = readFileSync(join(copy.path, 'db/migrations/V1__orders.sql'), 'utf8');
    await wb.invoke('sql.run', { sql: 'DROP TABLE order_lines' });
    expect(readFileSync(join(copy.path, 'db/migrations/V1__orders.sql'), 'utf8')).toBe(before);
    await wb.invoke('sql.reset', {});
    const again = await wb.invoke('sql.run', { sql: 'SELECT count(*)::int AS n FROM order_lines' }) as SqlRunResult;
    expect(again.results[0].rows).toEqual([{ n: 0 }]);
  });
});
