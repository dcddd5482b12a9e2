import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { exportReport } from '../../../main/bundle/export.js';
import { sha256Hex } from '../../../main/bundle/manifest.js';
import { verifyBundle } from '../../../main/bundle/verify.js';
import { createWorkbench, type Workbench } from '../../../main/core/workbench.js';
import type { Events } from '../../../shared/contract/index.js';
import { reportSchemas, type ReportProgress } from '../../../shared/contract/report.js';
import { corpus, REPO_ROOT } from '../../support/paths.js';
import { tempCopy, tempDir } from '../../support/temp.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A workbench on a writable copy of a corpus folder, after its first analysis. */
async function analysed(name: string): Promise<{ wb: Workbench; root: string }> {
  const data = tempDir('archbench-data-');
  const copy = tempCopy(corpus(name));
  const wb = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'test' });
  cleanups.push(data.cleanup, copy.cleanup, () => wb.close());
  const done = new Promise<Events['analysis.done']>((resolve) => { const off = wb.on('analysis.done', (e) => { off(); resolve(e); }); });
  await wb.invoke('project.open', { path: copy.path });
  expect((await done).status).toBe('done');
  return { wb, root: copy.path };
}

describe('report.export', () => {
  it('validates its arguments', () => {
    const schema = reportSchemas['report.export'];
    expect(schema.safeParse({}).success).toBe(true);
    expect(schema.safeParse({ outDir: join(tmpdir(), 'archbench-bundle'), formats: ['html', 'sarif'], zip: true, pdf: false, by: 'ana' }).success).toBe(true);
    expect(schema.safeParse({ formats: ['docx'] }).success).toBe(false);
    expect(schema.safeParse({ formats: [] }).success).toBe(false);
    expect(schema.safeParse({ outDir: 'a\0b' }).success).toBe(false);
    expect(schema.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('writes the latest run as a bundle and a zip, reports progress, and records the export with its hash', async () => {
    const { wb, root } = await analysed('vampi');
    const session = wb.session()!;
    const progress: ReportProgress[] = [];
    const result = await exportReport(session, { zip: true, by: 'ana' }, { version: '1.2.3', onProgress: (p) => progress.push(p), now: () => new Date('2026-03-01T10:00:00Z') });

    expect(result.dir).toBe(join(root, '.archbench', 'reports', 'project-2026-03-01T10-00-00-000Z'));
    expect(result.zip).toBe(`${result.dir}.zip`);
    expect(result.files).toContain('report.html');
    expect(result.files.at(-1)).toBe('manifest.json');
    expect(result.bundleHash).toBe(sha256Hex(readFileSync(join(result.dir, 'manifest.json'))));
    expect(await verifyBundle(result.dir)).toMatchObject({ ok: true });
    expect(await verifyBundle(result.zip!)).toMatchObject({ ok: true });
    expect(progress[0].phase).toBe('collect');
    expect(progress.at(-1)).toMatchObject({ phase: 'done' });
    expect(progress.some((p) => p.phase === 'render' && p.file === 'report.html')).toBe(true);

    const audit = session.store.db.prepare("SELECT actor, subject, details FROM audit_log WHERE action = 'report.exported'").all() as Array<{ actor: string; subject: string; details: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'ana', subject: result.dir });
    expect(JSON.parse(audit[0].details)).toMatchObject({ bundleSha256: result.bundleHash, runId: result.runId, zip: result.zip });
  });

  it('reports what changed since the last export', async () => {
    const { wb } = await analysed('vampi');
    const session = wb.session()!;
    const first = await exportReport(session, { formats: ['json'] }, { version: 't' });
    // A later run with the same findings: nothing new, nothing fixed, compared with the exported run.
    const done = new Promise((resolve) => { const off = wb.on('analysis.done', (e) => { off(); resolve(e); }); });
    await wb.invoke('analysis.run', {});
    await done;
    const second = await exportReport(session, { formats: ['json', 'html'] }, { version: 't' });
    expect(second.runId).toBeGreaterThan(first.runId);
    const summary = JSON.parse(readFileSync(join(second.dir, 'findings.json'), 'utf8')).summary;
    expect(summary.comparedWith).toMatchObject({ kind: 'export', runId: first.runId });
    expect(summary).toMatchObject({ newSinceLastExport: 0, fixedSinceLastExport: 0 });
    expect(readFileSync(join(second.dir, 'report.html'), 'utf8')).toContain(`the last exported run (#${first.runId}`);
  });

  it('refuses a relative folder and a folder that is not a bundle', async () => {
    const { wb, root } = await analysed('vampi');
    const session = wb.session()!;
    await expect(exportReport(session, { outDir: 'relative/dir' }, { version: 't' })).rejects.toMatchObject({ code: 'invalid-args' });
    await expect(exportReport(session, { outDir: root }, { version: 't' })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringMatching(/not an Archbench bundle/) });
    expect(existsSync(join(root, 'openapi_specs', 'openapi3.yml'))).toBe(true);
  });
});
