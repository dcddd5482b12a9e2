// project.templates / project.create: every template becomes a project that ingests and replays cleanly.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FindingsResult, ProjectInfo, ProjectTemplate } from '../../../shared/contract/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { tempDir } from '../../support/temp.js';
import { nextDone, workbench } from './helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('project templates', () => {
  it('lists blank, web-api and event-driven, in order, with titles', async () => {
    const wb = workbench(cleanups);
    const templates = await wb.invoke('project.templates', {}) as ProjectTemplate[];
    expect(templates.map((t) => t.id)).toEqual(['blank', 'web-api', 'event-driven']);
    for (const template of templates) expect(template.title && template.description).toBeTruthy();
  });

  for (const template of ['blank', 'web-api', 'event-driven']) {
    it(`creates a project from "${template}" that analyses without error diagnostics`, async () => {
      const parent = tempDir();
      cleanups.push(parent.cleanup);
      const wb = workbench(cleanups);
      const done = nextDone(wb);
      const info = await wb.invoke('project.create', { parent: parent.path, name: 'Acme Shop', template }) as ProjectInfo;
      expect(info.root).toBe(join(parent.path, 'Acme Shop'));
      expect((await done).status).toBe('done');
      expect(readFileSync(join(info.root, 'archbench.yaml'), 'utf8')).toContain('name: "Acme Shop"');
      const model = await wb.invoke('model.get', {}) as SystemModel;
      expect(model.project?.name).toBe('Acme Shop');
      expect(model.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const { findings } = await wb.invoke('analysis.findings', {}) as FindingsResult;
      const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
      if (template === 'web-api') {
        // The example of good practice: its tables replay, and nothing critical or high is left.
        expect(model.tables.map((t) => t.name)).toEqual(['orders']);
        expect(model.tables[0]).toMatchObject({ rlsEnabled: true, primaryKey: ['id'] });
        expect(model.endpoints.every((e) => e.component === 'api')).toBe(true);
        expect({ critical: count('critical'), high: count('high') }).toEqual({ critical: 0, high: 0 });
        expect(count('medium')).toBeLessThanOrEqual(2);
      }
    });
  }

  it('refuses to create into a non-empty folder and leaves it alone', async () => {
    const parent = tempDir();
    cleanups.push(parent.cleanup);
    mkdirSync(join(parent.path, 'taken'));
    writeFileSync(join(parent.path, 'taken', 'notes.txt'), 'mine');
    const wb = workbench(cleanups);
    await expect(wb.invoke('project.create', { parent: parent.path, name: 'taken', template: 'blank' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('not empty') });
    expect(readFileSync(join(parent.path, 'taken', 'notes.txt'), 'utf8')).toBe('mine');
    expect(await wb.invoke('project.current', {})).toBeNull();
  });
});
