import type { FindingStatus } from '../../../shared/model/finding.js';
import { registerCommands, type Command } from '../palette/command-registry.js';
import { workbench } from '../../state/workbench-store.js';
import { showSideView } from '../../workbench/layout-actions.js';
import { shortcutLabel } from '../../workbench/shortcuts.js';
import { analysisStore } from '../analysis/analysis-store.js';
import { cancelAnalysis, refreshModel, runAnalysis } from '../analysis/analysis-sync.js';
import { codeEditorPath } from '../editor/reveal.js';
import { gotoFindingInFile, selectedFinding } from './finding-actions.js';
import { DECISION_LABELS, openTrackDialog } from './risk-tracking.js';

const hasProject = () => workbench.get().project !== null;
const running = () => analysisStore.get().running !== null;
const findingsInEditor = () => {
  const path = codeEditorPath();
  return path !== null && analysisStore.get().findings.some((f) => f.location.file === path);
};

function trackCommand(status: FindingStatus, title: string): Command {
  return {
    id: `findings.track.${status}`,
    category: 'Findings',
    title,
    enabled: () => {
      const finding = selectedFinding();
      return !!finding && (status === 'open' ? finding.status !== 'open' : finding.status !== status);
    },
    run: () => {
      const finding = selectedFinding();
      if (finding) openTrackDialog(finding, status);
    },
  };
}

/** Analysis, Model and Findings actions for the palette and the keybindings. */
export const FINDINGS_COMMANDS: Command[] = [
  { id: 'analysis.run', category: 'Analysis', title: 'Run Analysis', keybinding: shortcutLabel('Mod+Alt+R'), enabled: () => hasProject() && !running(), run: runAnalysis },
  { id: 'analysis.cancel', category: 'Analysis', title: 'Cancel Analysis', enabled: running, run: cancelAnalysis },
  { id: 'view.findings', category: 'View', title: 'Show Findings', keybinding: shortcutLabel('Mod+Shift+F'), run: () => showSideView('findings') },
  { id: 'view.model', category: 'View', title: 'Show Model', run: () => showSideView('model') },
  { id: 'view.explorer', category: 'View', title: 'Show Explorer', keybinding: shortcutLabel('Mod+Shift+E'), run: () => showSideView('explorer') },
  { id: 'model.refresh', category: 'Model', title: 'Reload the Model', enabled: hasProject, run: refreshModel },
  { id: 'findings.next', category: 'Findings', title: 'Next Finding in File', keybinding: shortcutLabel('Alt+F8'), enabled: findingsInEditor, run: () => { gotoFindingInFile(1); } },
  { id: 'findings.previous', category: 'Findings', title: 'Previous Finding in File', keybinding: shortcutLabel('Alt+Shift+F8'), enabled: findingsInEditor, run: () => { gotoFindingInFile(-1); } },
  trackCommand('accepted', `${DECISION_LABELS.accepted} the Selected Finding…`),
  trackCommand('mitigated', 'Mark the Selected Finding Mitigated…'),
  trackCommand('false-positive', 'Mark the Selected Finding a False Positive…'),
  trackCommand('in-progress', 'Mark the Selected Finding In Progress…'),
  trackCommand('open', 'Reopen the Selected Finding…'),
  { id: 'inspector.close', category: 'View', title: 'Close the Inspector', enabled: () => workbench.get().selection !== null, run: () => workbench.set({ selection: null }) },
];

export function registerFindingsCommands(): void {
  registerCommands(FINDINGS_COMMANDS);
}
