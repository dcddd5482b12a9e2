import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseProject } from '../../main/analysis/pipeline.js';
import { rulesFor } from '../../main/analysis/rules/index.js';
import { collectReport } from '../../main/bundle/collect.js';
import type { BundleModel } from '../../main/bundle/report-data.js';
import { writeBundle } from '../../main/bundle/write-bundle.js';
import { createWorkbench, schemaCacheDir } from '../../main/core/workbench.js';
import { createSchemaEngine, type SchemaEngine } from '../../main/db/engine.js';
import { CORPUS, REPO_ROOT } from '../support/paths.js';
import { median, type BenchRow } from './table.js';

/**
 * Bundle export per corpus folder, beyond the analysis itself: threat model, reliability, diagrams (ELK), every
 * renderer, SHA-256 manifest, atomic folder swap and zip. The analysis runs once first and is not timed; the PDF is
 * timed apart (it starts a browser).
 */
export async function benchBundle(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'archbench-bench-bundle-'));
  const workbench = createWorkbench({ dataDir: join(scratch, 'data'), resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'bench', watch: false, autoAnalyse: false,
    analysisWorker: join(REPO_ROOT, 'dist', 'main', 'analysis-worker.js') });
  let engine: Promise<SchemaEngine> | undefined;
  try {
    for (const name of readdirSync(CORPUS).sort()) {
      const info = await workbench.invoke('project.open', { path: join(CORPUS, name) }) as { name: string };
      const session = workbench.session()!;
      const runId = session.runs.begin();
      const result = await analyseProject(session.project.root, session.store.db, { schemaEngine: () => (engine ??= createSchemaEngine({ cacheDir: schemaCacheDir(join(scratch, 'data')) })) });
      session.runs.finish(runId, result.findings, { modelHash: result.modelHash, ms: 0, ruleFailures: result.failures });
      const model: BundleModel = { ...result.model, artifacts: session.project.artifacts.all() };
      const rules = rulesFor(session.project.root, session.store.db).rules.map(({ check: _check, ...meta }) => meta);
      const out = join(scratch, name);
      const exportOnce = async (pdf = false) => {
        const data = await collectReport({ project: info.name, root: session.project.root, model, findings: result.findings, toolVersion: 'bench', db: session.store.db, runId, rules });
        return writeBundle(data, { outDir: out, zip: `${out}.zip`, ...(pdf ? { formats: ['pdf'] as const } : {}) });
      };
      let files: string[] = [];
      const ms = await median(async () => { files = (await exportOnce()).files; }, 3);
      const bytes = files.reduce((sum, file) => sum + statSync(join(out, file)).size, 0);
      rows.push({
        name: `bundle ${name}`, ms, aim: '< 1000 ms', met: ms < 1000,
        note: `${result.findings.length} findings, ${model.components.length} components, ${model.tables.length} tables: ${files.length} files, ${(bytes / 1048576).toFixed(1)} MiB + zip`,
      });
      if (name === 'vampi' || name === 'microservices-demo') {
        let skipped = '';
        const pdfMs = await median(async () => { skipped = (await exportOnce(true)).skipped.map((s) => s.reason).join('; '); }, 1, false);
        rows.push({ name: `report.pdf ${name}`, ms: pdfMs, note: skipped ? `skipped: ${skipped}` : 'Chromium print of report.html' });
      }
    }
  } finally {
    if (engine) await (await engine).close();
    await workbench.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
}
