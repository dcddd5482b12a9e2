import type { ProjectInfo } from '../../shared/contract/index.js';
import { ClientError, connectionState, hostKind, invoke, on, onConnectionChange } from '../api/client.js';
import { openDiagram, openErd } from '../features/diagram/install-diagrams.js';
import { closeAllTabsNow, handleDiskChange, openFile, saveFile, syncTabKinds } from '../features/editor/editor-actions.js';
import { log, reportError } from '../state/output.js';
import { isNoticeDismissed, loadProjectLayout, type RememberedView } from '../state/persistence.js';
import { workbench } from '../state/workbench-store.js';
import { ask } from './dialog.js';

/** Refetch the artifact list; calls that overlap coalesce into one more fetch. */
let treeFetch: Promise<void> | undefined;
let treeStale = false;
export function refreshTree(): Promise<void> {
  if (treeFetch) {
    treeStale = true;
    return treeFetch;
  }
  treeFetch = (async () => {
    do {
      treeStale = false;
      try {
        const tree = await invoke('project.tree', {});
        if (workbench.get().project) workbench.set({ tree });
      } catch (error) {
        // A change event that raced a Close Folder is not worth a notification.
        if (!(error instanceof ClientError && error.code === 'no-project')) reportError('Could not list the project files', error);
      }
    } while (treeStale);
    treeFetch = undefined;
    syncTabKinds();
  })();
  return treeFetch;
}

async function confirmDiscardUnsaved(action: string): Promise<boolean> {
  const dirty = workbench.get().tabs.filter((t) => t.type === 'file' && t.dirty);
  if (!dirty.length) return true;
  const answer = await ask({
    title: `${action}?`,
    message: `${dirty.length} file${dirty.length > 1 ? 's have' : ' has'} unsaved changes. Save ${dirty.length > 1 ? 'them' : 'it'} first?`,
    buttons: [{ id: 'save', label: 'Save All', primary: true }, { id: 'discard', label: "Don't Save" }, { id: 'cancel', label: 'Cancel' }],
  });
  if (answer.button === 'save') {
    for (const tab of dirty) if (tab.type === 'file' && !(await saveFile(tab.path))) return false;
    return true;
  }
  return answer.button === 'discard';
}

/** First visit: a small project shows all its folders open; a large one its top level, so its shape is visible at once. */
function initiallyExpanded(paths: string[]): Set<string> {
  const all = paths.length <= 80;
  const folders = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length && (all || i === 1); i++) folders.add(parts.slice(0, i).join('/'));
  }
  return folders;
}

/** Show an opened project: its tree, and the tabs and layout remembered for it. */
async function showProject(info: ProjectInfo): Promise<void> {
  closeAllTabsNow();
  const layout = loadProjectLayout(info.root);
  workbench.set((s) => ({
    project: info,
    storeNotice: info.storeNotice && !isNoticeDismissed(info.root, info.storeNotice) ? info.storeNotice : null,
    tree: [],
    selectedPath: null,
    selection: null,
    sideView: layout?.sideView ?? s.sideView,
    sidebarVisible: layout?.sidebarVisible ?? s.sidebarVisible,
    sidebarWidth: layout?.sidebarWidth ?? s.sidebarWidth,
    inspectorWidth: layout?.inspectorWidth ?? s.inspectorWidth,
    panelVisible: layout?.panelVisible ?? s.panelVisible,
    panelHeight: layout?.panelHeight ?? s.panelHeight,
    explorerMode: layout?.explorerMode ?? s.explorerMode,
    expandedFolders: new Set(layout?.expanded ?? []),
  }));
  if (info.storeNotice) log(info.storeNotice, 'warn');
  await refreshTree();
  const tree = workbench.get().tree;
  if (!layout?.expanded) workbench.set({ expandedFolders: initiallyExpanded(tree.map((a) => a.path)) });
  const known = new Set(tree.map((a) => a.path));
  for (const path of layout?.tabs ?? []) if (known.has(path)) await openFile(path, { activate: false });
  // The first time a project opens, the centre shows its system diagram (or its ERD when it only has SQL), not an empty editor.
  const views = layout ? layout.views ?? [] : firstViews(tree);
  for (const view of views) (view === 'diagram' ? openDiagram : openErd)();
  const activeView = layout ? layout.activeView : views[0];
  const active = layout?.active && known.has(layout.active) ? `file:${layout.active}` : activeView ? `view:${activeView}` : workbench.get().tabs[0]?.id ?? null;
  workbench.set({ activeTabId: active, selectedPath: layout?.active ?? null });
}

/** Kinds of files the system diagram draws something from (API descriptions give the services that serve them). */
const DIAGRAM_KINDS: ReadonlySet<string> = new Set(['compose', 'kubernetes', 'archbench', 'threagile', 'threat-dragon', 'openapi', 'graphql', 'proto']);

function firstViews(tree: ReadonlyArray<{ kind: string }>): RememberedView[] {
  if (tree.some((artifact) => DIAGRAM_KINDS.has(artifact.kind))) return ['diagram'];
  return tree.some((artifact) => artifact.kind === 'sql') ? ['erd'] : [];
}

async function open(label: string, run: () => Promise<ProjectInfo>): Promise<boolean> {
  if (!(await confirmDiscardUnsaved('Open another project'))) return false;
  workbench.set({ opening: label });
  try {
    const info = await run();
    log(`Opened ${info.name} in ${info.openedInMs} ms: ${info.artifactCount} artifacts, ${info.filesRead} files read (${info.root})`);
    await showProject(info);
    return true;
  } catch (error) {
    reportError(`Could not open ${label}`, error);
    return false;
  } finally {
    workbench.set({ opening: null });
    void refreshRecent();
  }
}

/**
 * Show a project main opens as part of `create` (New Project from a template). Unlike `open`, errors are
 * thrown to the caller, whose dialog shows main's message; null when the user kept unsaved files.
 */
export async function openCreatedProject(label: string, create: () => Promise<ProjectInfo>): Promise<ProjectInfo | null> {
  if (!(await confirmDiscardUnsaved('Open the new project'))) return null;
  workbench.set({ opening: label });
  try {
    const info = await create();
    log(`Created ${info.name} from a template and opened it (${info.root})`);
    await showProject(info);
    return info;
  } finally {
    workbench.set({ opening: null });
    void refreshRecent();
  }
}

/** Open a folder by path. */
export function openProjectAt(path: string): Promise<boolean> {
  return open(path, () => invoke('project.open', { path }));
}

/** Open the bundled sample project. */
export function openSample(): Promise<boolean> {
  return open('the sample project', () => invoke('project.openSample', {}));
}

/** Open Folder: the native dialog in Electron, a path prompt in the browser host. */
export async function openFolder(): Promise<boolean> {
  const choice = await invoke('app.chooseFolder', {}).catch(() => ({ supported: false, path: null }));
  if (choice.supported) return choice.path ? openProjectAt(choice.path) : false;
  const answer = await ask({
    title: 'Open Folder',
    message: 'The browser cannot show a folder picker for this machine: type the folder path the Archbench host should open.',
    input: { label: 'Folder path', placeholder: 'Absolute path of the project folder', value: workbench.get().project?.root ?? '' },
    buttons: [{ id: 'open', label: 'Open', primary: true }, { id: 'cancel', label: 'Cancel' }],
  });
  return answer.button === 'open' && answer.value.trim() ? openProjectAt(answer.value.trim()) : false;
}

/** Close the folder and go back to the start page. */
export async function closeFolder(): Promise<void> {
  if (!workbench.get().project || !(await confirmDiscardUnsaved('Close the folder'))) return;
  try {
    await invoke('project.close', {});
  } catch (error) {
    reportError('Could not close the project', error);
    return;
  }
  closeAllTabsNow();
  log('Closed the project');
  workbench.set({ project: null, tree: [], storeNotice: null, selectedPath: null, selection: null });
  void refreshRecent();
}

export async function refreshRecent(): Promise<void> {
  try {
    workbench.set({ recent: await invoke('project.recent', {}) });
  } catch {
    // The start page simply shows no recent projects.
  }
}

/** After a reconnect, events may have been missed: compare every open file with the disk again. */
async function recheckOpenFiles(): Promise<void> {
  for (const tab of workbench.get().tabs) {
    if (tab.type !== 'file') continue;
    try {
      const file = await invoke('file.read', { path: tab.path });
      if (file.hash !== tab.baseHash) await handleDiskChange(tab.path, file.hash);
    } catch (error) {
      if (error instanceof ClientError && error.code === 'not-found') await handleDiskChange(tab.path, null);
    }
  }
}

/** Ask main what is open (first load, and after a reconnect when events may have been missed). */
async function syncWithHost(): Promise<void> {
  try {
    const current = await invoke('project.current', {});
    const shown = workbench.get().project;
    if (current && current.root === shown?.root) {
      await refreshTree();
      await recheckOpenFiles();
    }
    else if (current) {
      log(`Project ${current.name} is open: opened in ${current.openedInMs} ms, ${current.artifactCount} artifacts, ${current.filesRead} files read (${current.root})`);
      await showProject(current);
    } else if (shown) {
      closeAllTabsNow();
      workbench.set({ project: null, tree: [] });
    }
  } catch (error) {
    reportError('Could not reach the Archbench host', error);
  } finally {
    workbench.set({ booting: false });
  }
  void refreshRecent();
}

/** Wire push events and the connection state, then load what the host has open. */
export function startProjectSync(): void {
  on('project.treeChanged', (change) => {
    const parts = [
      change.added.length && `${change.added.length} added`,
      change.removed.length && `${change.removed.length} removed`,
      change.changed.length && `${change.changed.length} re-classified`,
    ].filter(Boolean);
    log(`Files changed on disk: ${parts.join(', ')}`);
    void refreshTree();
  });
  on('file.changedOnDisk', ({ path, hash }) => void handleDiskChange(path, hash));
  on('project.opened', ({ root }) => {
    // Our own opens are handled by open(); this is another window or client switching the host's project.
    if (!workbench.get().opening && root !== workbench.get().project?.root) void syncWithHost();
  });
  workbench.set({ connection: connectionState() });
  let wasDisconnected = false;
  onConnectionChange((state) => {
    workbench.set({ connection: state });
    if (state === 'disconnected' && !wasDisconnected) {
      wasDisconnected = true;
      log('Lost the connection to the Archbench host; retrying', 'warn');
    }
    if (state === 'connected' && wasDisconnected) {
      wasDisconnected = false;
      log('Reconnected to the Archbench host');
      void syncWithHost();
    }
  });
  log(`Archbench workbench started (${hostKind} host)`);
  void syncWithHost();
}
