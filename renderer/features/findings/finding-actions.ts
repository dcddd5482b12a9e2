import { log } from '../../state/output.js';
import { workbench } from '../../state/workbench-store.js';
import { analysisStore, type AnalysedFinding } from '../analysis/analysis-store.js';
import { codeEditor, codeEditorPath, openFileAt } from '../editor/reveal.js';

/** Show a finding in the inspector and, unless told otherwise, jump to its line. */
export function selectFinding(finding: AnalysedFinding, options: { reveal?: boolean } = {}): void {
  workbench.set({ selection: { type: 'finding', fingerprint: finding.fingerprint } });
  if (options.reveal !== false) void openFileAt(finding.location.file, finding.location.line, finding.location.column);
}

/** The selected finding, if the selection is one. */
export function selectedFinding(): AnalysedFinding | undefined {
  const selection = workbench.get().selection;
  if (selection?.type !== 'finding') return undefined;
  return analysisStore.get().findings.find((f) => f.fingerprint === selection.fingerprint);
}

/**
 * Go to the next (1) or previous (-1) open finding of the file in the editor, from the cursor (or from the
 * selected finding, so several findings on one line are stepped through); wraps around the file.
 */
export function gotoFindingInFile(direction: 1 | -1): boolean {
  const path = codeEditorPath();
  const position = codeEditor()?.getPosition();
  if (!path || !position) return false;
  const inFile = analysisStore.get().findings.filter((f) => f.location.file === path);
  const open = inFile.filter((f) => f.status === 'open');
  const candidates = (open.length ? open : inFile).sort((a, b) => a.location.line - b.location.line || (a.location.column ?? 0) - (b.location.column ?? 0) || a.ruleId.localeCompare(b.ruleId));
  if (!candidates.length) {
    log(`No findings in ${path}`);
    return false;
  }
  const selected = selectedFinding();
  const current = selected && selected.location.file === path && selected.location.line === position.lineNumber ? candidates.indexOf(selected) : -1;
  let index: number;
  if (current >= 0) index = current + direction;
  else if (direction === 1) index = candidates.findIndex((f) => f.location.line > position.lineNumber);
  else index = candidates.map((f) => f.location.line < position.lineNumber).lastIndexOf(true);
  if (index < 0 || index >= candidates.length) index = direction === 1 ? 0 : candidates.length - 1;
  selectFinding(candidates[index]);
  return true;
}

/** Jump to a location related to a finding. */
export function openLocation(location: { file: string; line: number; column?: number }): void {
  void openFileAt(location.file, location.line, location.column);
}
