import { on } from '../../api/client.js';
import { workbench } from '../../state/workbench-store.js';
import { openDiagram } from '../diagram/install-diagrams.js';
import { registerCommands, type Command } from '../palette/command-registry.js';
import { redoDesign, refreshDesignHistory, setDesignMode, startFlowPick, undoDesign } from './design-actions.js';
import { designStore, NO_HISTORY, openDesignDialog, type DesignDialog } from './design-store.js';

const hasProject = () => workbench.get().project !== null;

/** Open the diagram in design mode (and a dialog of it). */
function design(dialog?: DesignDialog): void {
  openDiagram();
  if (!designStore.get().enabled) setDesignMode(true);
  if (dialog) openDesignDialog(dialog);
}

export const DESIGN_COMMANDS: Command[] = [
  { id: 'project.new', category: 'File', title: 'New Project…', run: () => openDesignDialog({ type: 'new-project' }) },
  { id: 'design.newApiSpec', category: 'File', title: 'New API Spec…', enabled: hasProject, run: () => openDesignDialog({ type: 'new-api-spec' }) },
  { id: 'design.newMigration', category: 'File', title: 'New Migration…', enabled: hasProject, run: () => openDesignDialog({ type: 'new-migration' }) },
  { id: 'design.toggle', category: 'Design', title: 'Toggle Design Mode (the Diagram as an Editor)', enabled: hasProject, run: () => { openDiagram(); setDesignMode(!designStore.get().enabled); } },
  { id: 'design.addComponent', category: 'Design', title: 'Add Component…', enabled: hasProject, run: () => design({ type: 'add-component' }) },
  { id: 'design.addFlow', category: 'Design', title: 'Add Flow…', enabled: hasProject, run: () => design({ type: 'add-flow' }) },
  { id: 'design.pickFlow', category: 'Design', title: 'Add Flow by Clicking Source and Target', enabled: hasProject, run: () => { design(); startFlowPick(); } },
  { id: 'design.addBoundary', category: 'Design', title: 'Add Trust Boundary…', enabled: hasProject, run: () => design({ type: 'add-boundary' }) },
  { id: 'design.undo', category: 'Design', title: 'Undo the Last Design Edit', enabled: () => designStore.get().history.canUndo, run: undoDesign },
  { id: 'design.redo', category: 'Design', title: 'Redo the Design Edit', enabled: () => designStore.get().history.canRedo, run: redoDesign },
];

/** Register the design commands and follow the open project (its undo history, dialogs that belong to it). */
export function installDesign(): void {
  registerCommands(DESIGN_COMMANDS);
  let root: string | null = workbench.get().project?.root ?? null;
  workbench.subscribe(() => {
    const next = workbench.get().project?.root ?? null;
    if (next === root) return;
    root = next;
    const dialog = designStore.get().dialog;
    // Another project opens in view mode; one just made from a template stays in design mode.
    const creating = dialog?.type === 'new-project';
    designStore.set({ history: NO_HISTORY, picking: null, error: null, dialog: creating ? dialog : null, enabled: creating && designStore.get().enabled });
    if (next) void refreshDesignHistory();
  });
  // archbench.yaml edited by hand (or another client): what undo would do may have changed.
  on('file.changedOnDisk', ({ path }) => {
    if (path === 'archbench.yaml' && designStore.get().enabled && !designStore.get().busy) void refreshDesignHistory();
  });
}
