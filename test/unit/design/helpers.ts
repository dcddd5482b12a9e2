// A real workbench over a temporary project folder, for the design-mode tests.
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../../main/core/workbench.js';
import type { Events } from '../../../shared/contract/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { REPO_ROOT } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

export interface Opened {
  wb: Workbench;
  root: string;
  /** Resolves with the next `analysis.done`. */
  nextAnalysis(): Promise<Events['analysis.done']>;
  model(): Promise<SystemModel>;
}

/** A workbench (own data folder) that will be closed by `cleanups`. */
export function workbench(cleanups: Array<() => unknown>, autoAnalyse = true): Workbench {
  const data = tempDir('archbench-data-');
  const wb = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'test', watch: false, autoAnalyse });
  cleanups.push(data.cleanup, () => wb.close());
  return wb;
}

export function nextDone(wb: Workbench): Promise<Events['analysis.done']> {
  return new Promise((resolve) => {
    const off = wb.on('analysis.done', (event) => { off(); resolve(event); });
  });
}

/** Open `root` in a fresh workbench and wait for the first analysis (with `analyse: false`, no analysis at all). */
export async function openProject(root: string, cleanups: Array<() => unknown>, { analyse = true } = {}): Promise<Opened> {
  const wb = workbench(cleanups, analyse);
  const first = analyse ? nextDone(wb) : undefined;
  await wb.invoke('project.open', { path: root });
  await first;
  return {
    wb,
    root,
    nextAnalysis: () => nextDone(wb),
    model: async () => await wb.invoke('model.get', {}) as SystemModel,
  };
}
