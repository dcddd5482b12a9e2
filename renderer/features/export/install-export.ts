import { registerCommands } from '../palette/command-registry.js';
import { workbench } from '../../state/workbench-store.js';
import { analysisStore } from '../analysis/analysis-store.js';
import { closeExportDialog, openExportDialog } from './export-store.js';

/** "Export Report Bundle…" in the palette; the dialog closes when the project does. */
export function installExport(): void {
  registerCommands([
    { id: 'report.export', category: 'File', title: 'Export Report Bundle…', enabled: () => workbench.get().project !== null && analysisStore.get().result?.run != null, run: openExportDialog },
  ]);
  let root = workbench.get().project?.root ?? null;
  workbench.subscribe(() => {
    const next = workbench.get().project?.root ?? null;
    if (next !== root) closeExportDialog();
    root = next;
  });
}
