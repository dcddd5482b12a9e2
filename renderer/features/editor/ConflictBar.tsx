import type { FileTab } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { closeCompare, closeTab, compareWithDisk, keepMine, reloadFile, saveFile } from './editor-actions.js';

/** The bar above an editor whose text and the disk disagree: changed on disk, save refused, deleted, or comparing. */
export function ConflictBar({ tab }: { tab: FileTab }) {
  const { path, conflict, comparing, deleted } = tab;
  if (!conflict && !deleted) return null;

  if (deleted && (!conflict || conflict.diskHash === null)) {
    return (
      <Bar testId="deleted-bar" icon="warning" message="This file was deleted on disk. Save to write it again, or close the tab.">
        <button type="button" className="button small primary" onClick={() => void saveFile(path)}>Save</button>
        <button type="button" className="button small" onClick={() => void closeTab(tab.id)}>Close Tab</button>
      </Bar>
    );
  }
  if (!conflict) return null;

  const reload = <button type="button" className="button small" data-testid="conflict-reload" title="Discard your edits and load the version on disk" onClick={() => void reloadFile(path)}>Reload</button>;
  const keep = <button type="button" className="button small" data-testid="conflict-keep" title="Keep your edits; saving will overwrite the version on disk" onClick={() => keepMine(path)}>Keep Mine</button>;

  if (comparing) {
    return (
      <Bar testId="conflict-bar" icon="git-compare" message="Comparing the version on disk (left) with yours (right). Edit on the right, then choose which one to keep.">
        {reload}
        {keep}
        <button type="button" className="button small" data-testid="compare-close" onClick={() => closeCompare(path)}>Close Compare</button>
      </Bar>
    );
  }
  const message = conflict.cause === 'save-refused'
    ? 'This file changed on disk since you opened it, so saving was stopped to protect that version.'
    : 'This file changed on disk and you have unsaved edits.';
  return (
    <Bar testId="conflict-bar" icon="warning" message={message}>
      {reload}
      {keep}
      <button type="button" className="button small primary" data-testid="conflict-compare" title="Show the disk version and yours side by side" onClick={() => void compareWithDisk(path)}>Compare</button>
    </Bar>
  );
}

function Bar({ testId, icon, message, children }: { testId: string; icon: 'warning' | 'git-compare'; message: string; children: React.ReactNode }) {
  return (
    <div className="conflict-bar" role="status" aria-live="polite" data-testid={testId}>
      <Icon name={icon} className="conflict-icon" />
      <span className="conflict-message">{message}</span>
      <span className="conflict-actions">{children}</span>
    </div>
  );
}
