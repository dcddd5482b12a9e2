import { ClientError, invoke } from '../../api/client.js';
import { log, reportError } from '../../state/output.js';
import { fileTabId, findFileTab, updateFileTab, workbench, type FileTab } from '../../state/workbench-store.js';
import { ask } from '../../workbench/dialog.js';
import { createDocument, disposeDocument, getDocument, isDirty, markSaved, replaceWithDiskContent, setDiskContent, setDocumentLanguage } from './documents.js';
import { languageFor } from './language.js';

/** Disk events that arrived while a save of the same file was in flight; looked at once the save settles. */
const deferredDiskEvents = new Map<string, string | null>();

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function formatSize(chars: number): string {
  return chars < 1024 ? `${chars} B` : `${(chars / 1024).toFixed(1)} KB`;
}

/** Open a project file in a tab (or switch to its tab). */
export async function openFile(path: string, options: { activate?: boolean } = {}): Promise<boolean> {
  const activate = options.activate ?? true;
  if (findFileTab(path)) {
    if (activate) workbench.set({ activeTabId: fileTabId(path), selectedPath: path });
    return true;
  }
  const started = performance.now();
  let file;
  try {
    file = await invoke('file.read', { path });
  } catch (error) {
    reportError(`Could not open ${path}`, error);
    return false;
  }
  if (findFileTab(path)) return true; // opened twice in a row: the first one won
  const kind = workbench.get().tree.find((a) => a.path === path)?.kind ?? 'other';
  const language = languageFor(path, kind);
  createDocument(path, file.content, language, (dirty) => updateFileTab(path, { dirty }));
  const tab: FileTab = {
    type: 'file', id: fileTabId(path), path, kind, language, baseHash: file.hash,
    dirty: false, deleted: false, saving: false, conflict: null, comparing: false,
  };
  workbench.set((s) => ({
    tabs: [...s.tabs, tab],
    ...(activate ? { activeTabId: tab.id, selectedPath: path } : {}),
  }));
  log(`Read ${path} (${formatSize(file.content.length)}, ${Math.round(performance.now() - started)} ms)`);
  return true;
}

/** Save a tab through `file.save`, based on the hash its text came from; a `conflict` reply shows the conflict bar. */
export async function saveFile(path: string): Promise<boolean> {
  const tab = findFileTab(path);
  const document = getDocument(path);
  if (!tab || !document || tab.saving) return false;
  const content = document.model.getValue();
  const version = document.model.getAlternativeVersionId();
  updateFileTab(path, { saving: true });
  try {
    const result = await invoke('file.save', { path, content, ...(tab.baseHash ? { expectedHash: tab.baseHash } : {}) });
    markSaved(document, version);
    updateFileTab(path, { saving: false, baseHash: result.hash, deleted: false, conflict: null, comparing: false });
    log(`Saved ${path} (${formatSize(content.length)})${tab.deleted ? ', recreating the deleted file' : ''}`);
    return true;
  } catch (error) {
    updateFileTab(path, { saving: false });
    if (error instanceof ClientError && error.code === 'conflict') {
      const diskHash = typeof error.details?.diskHash === 'string' ? error.details.diskHash : null;
      updateFileTab(path, { conflict: { diskHash, cause: 'save-refused' } });
      log(`Save of ${path} refused: ${error.message}`, 'warn');
    } else {
      reportError(`Could not save ${path}`, error);
    }
    return false;
  } finally {
    const deferred = deferredDiskEvents.get(path);
    if (deferred !== undefined) {
      deferredDiskEvents.delete(path);
      void handleDiskChange(path, deferred);
    }
  }
}

/** React to `file.changedOnDisk`: reload a clean tab silently, offer choices for one with unsaved edits. */
export async function handleDiskChange(path: string, hash: string | null): Promise<void> {
  const tab = findFileTab(path);
  if (!tab) return;
  if (tab.saving) {
    deferredDiskEvents.set(path, hash);
    return;
  }
  if (hash === null) {
    updateFileTab(path, { deleted: true, baseHash: null, conflict: null, comparing: false });
    log(`${path} was deleted on disk; the tab keeps its text (save to recreate the file)`, 'warn');
    return;
  }
  if (hash === tab.baseHash) return; // our own save, or a touch that did not change the bytes
  if (!tab.dirty) {
    await reloadFile(path, { quiet: true });
    return;
  }
  updateFileTab(path, { conflict: { diskHash: hash, cause: 'changed-on-disk' }, deleted: false });
  log(`${path} changed on disk while it has unsaved edits`, 'warn');
  if (tab.comparing) await compareWithDisk(path); // keep the left side of the diff current
}

/** Take the disk version. `quiet` is the silent reload of a clean tab: it backs off if the user started typing. */
export async function reloadFile(path: string, options: { quiet?: boolean } = {}): Promise<void> {
  const document = getDocument(path);
  if (!document) return;
  let file;
  try {
    file = await invoke('file.read', { path });
  } catch (error) {
    if (error instanceof ClientError && error.code === 'not-found') return handleDiskChange(path, null);
    reportError(`Could not reload ${path}`, error);
    return;
  }
  const tab = findFileTab(path);
  if (!tab || getDocument(path) !== document) return;
  if (options.quiet && isDirty(document)) {
    updateFileTab(path, { conflict: { diskHash: file.hash, cause: 'changed-on-disk' } });
    return;
  }
  replaceWithDiskContent(document, file.content);
  updateFileTab(path, { baseHash: file.hash, dirty: false, deleted: false, conflict: null, comparing: false });
  log(options.quiet ? `Reloaded ${path}: it changed on disk` : `Reloaded ${path} from disk, discarding unsaved edits`);
}

/** Keep the editor's text: the next save overwrites the disk version on purpose (based on the disk's hash now). */
export function keepMine(path: string): void {
  const tab = findFileTab(path);
  if (!tab?.conflict) return;
  const { diskHash } = tab.conflict;
  updateFileTab(path, { baseHash: diskHash, deleted: diskHash === null, conflict: null, comparing: false });
  log(`Keeping your version of ${path}; saving will overwrite the version on disk`);
}

/** Open the diff editor: the disk version (left) against the editor's text (right). */
export async function compareWithDisk(path: string): Promise<void> {
  const document = getDocument(path);
  if (!document) return;
  let file;
  try {
    file = await invoke('file.read', { path });
  } catch (error) {
    if (error instanceof ClientError && error.code === 'not-found') return handleDiskChange(path, null);
    reportError(`Could not read ${path} to compare`, error);
    return;
  }
  setDiskContent(document, file.content);
  const tab = findFileTab(path);
  updateFileTab(path, {
    comparing: true,
    // The disk may have moved on again since the bar appeared: what the user compares is what "Keep mine" is based on.
    conflict: tab?.conflict ? { ...tab.conflict, diskHash: file.hash } : { diskHash: file.hash, cause: 'changed-on-disk' },
  });
  log(`Comparing ${path} with the version on disk`);
}

export function closeCompare(path: string): void {
  updateFileTab(path, { comparing: false });
}

/** Close a tab; a file with unsaved edits asks first. Returns false when the user cancelled. */
export async function closeTab(id: string): Promise<boolean> {
  const tab = workbench.get().tabs.find((t) => t.id === id);
  if (!tab) return true;
  if (tab.type === 'file' && tab.dirty) {
    const answer = await ask({
      title: `Save changes to ${basename(tab.path)}?`,
      message: 'Your changes will be lost if you close the tab without saving.',
      buttons: [{ id: 'save', label: 'Save', primary: true }, { id: 'discard', label: "Don't Save" }, { id: 'cancel', label: 'Cancel' }],
    });
    if (answer.button === 'cancel') return false;
    if (answer.button === 'save' && !(await saveFile(tab.path))) return false;
  }
  workbench.set((s) => {
    const index = s.tabs.findIndex((t) => t.id === id);
    const tabs = s.tabs.filter((t) => t.id !== id);
    const activeTabId = s.activeTabId === id ? (tabs[Math.min(index, tabs.length - 1)]?.id ?? null) : s.activeTabId;
    return { tabs, activeTabId };
  });
  if (tab.type === 'file') {
    disposeDocumentAfterRender(tab.path);
    deferredDiskEvents.delete(tab.path);
  }
  return true;
}

/**
 * Dispose a closed tab's models once React has unmounted the editors showing them (Monaco's diff editor
 * throws when a model it holds is disposed under it). A document reopened meanwhile is left alone.
 */
function disposeDocumentAfterRender(path: string): void {
  const document = getDocument(path);
  if (!document) return;
  setTimeout(() => {
    if (getDocument(path) === document) disposeDocument(path);
  }, 0);
}

/** Close every tab without asking (switching projects after the user agreed to drop unsaved edits). */
export function closeAllTabsNow(): void {
  const paths = workbench.get().tabs.flatMap((t) => (t.type === 'file' ? [t.path] : []));
  deferredDiskEvents.clear();
  workbench.set({ tabs: [], activeTabId: null });
  for (const path of paths) disposeDocumentAfterRender(path);
}

/** Follow a re-classification: a file that became (say) OpenAPI gets that kind's language. */
export function syncTabKinds(): void {
  const byPath = new Map(workbench.get().tree.map((a) => [a.path, a.kind]));
  for (const tab of workbench.get().tabs) {
    if (tab.type !== 'file') continue;
    const kind = byPath.get(tab.path);
    if (!kind || kind === tab.kind) continue;
    const language = languageFor(tab.path, kind);
    const document = getDocument(tab.path);
    if (document) setDocumentLanguage(document, language);
    updateFileTab(tab.path, { kind, language });
  }
}
