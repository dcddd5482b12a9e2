import { readFileSync } from 'node:fs';
import { buildModel, exportOtm, exportThreatDragon, type IngestFile } from '../ingest/index.js';
import { createWorkbench } from '../core/workbench.js';
import { defaultDataDir } from '../core/app-data.js';
import { packagePaths, VERSION } from '../core/package-paths.js';
import { INGESTED_KINDS } from '../model/model-service.js';
import { resolveInside } from '../fs/safe-path.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';

/** `archbench export`: the folder's model as Threat Dragon v2 or OTM JSON, written atomically. */
export async function exportModel(root: string, format: 'threat-dragon' | 'otm', out: string): Promise<{ components: number; flows: number }> {
  const workbench = createWorkbench({ dataDir: defaultDataDir(), resourcesDir: packagePaths().resourcesDir, host: 'cli', version: VERSION, watch: false, autoAnalyse: false });
  try {
    await workbench.invoke('project.open', { path: root });
    const project = workbench.project()!;
    const read = (path: string) => {
      try {
        return readFileSync(resolveInside(project.root, path), 'utf8');
      } catch {
        return undefined;
      }
    };
    const files: IngestFile[] = project.artifacts.all()
      .filter((a) => a.status === 'ok' && INGESTED_KINDS.has(a.kind))
      .flatMap((a) => {
        const text = read(a.path);
        return text === undefined ? [] : [{ path: a.path, kind: a.kind, detail: a.detail, text }];
      });
    const model = buildModel(files, { readText: read });
    const document = format === 'otm' ? exportOtm(model) : exportThreatDragon(model);
    writeFileAtomicSync(out, JSON.stringify(document, null, 2) + '\n');
    return { components: model.components.length, flows: model.flows.length };
  } finally {
    await workbench.close();
  }
}
