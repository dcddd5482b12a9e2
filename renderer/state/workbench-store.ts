import type { ProjectInfo, RecentProject } from '../../shared/contract/index.js';
import type { Artifact, ArtifactKind } from '../../shared/model/artifact.js';
import type { ConnectionState } from '../api/client.js';
import { createStore, useStore } from './store.js';

export type Theme = 'dark' | 'light';
export type ExplorerMode = 'folders' | 'kinds';
export type PanelTab = 'problems' | 'output';
/** The view the side bar shows (the activity bar switches between them). */
export type SideView = 'explorer' | 'model' | 'findings' | 'schema' | 'threats' | 'reliability';

/** What the inspector on the right shows: one finding (by fingerprint), one model component or flow (flows are picked on the diagram in design mode). */
export type Selection = { type: 'finding'; fingerprint: string } | { type: 'component'; id: string }
  | { type: 'flow'; id: string } | { type: 'boundary'; id: string } | { type: 'threat'; id: string } | { type: 'attack-path'; id: string };

/** Why a tab's text and the disk disagree: an outside change, or a save refused with `conflict`. */
export interface DiskConflict {
  /** Hash of the file on disk now; null when it was deleted. */
  diskHash: string | null;
  cause: 'changed-on-disk' | 'save-refused';
}

/** An editor tab on a project file. The text itself lives in the Monaco model (features/editor/documents.ts). */
export interface FileTab {
  type: 'file';
  id: string;
  path: string;
  kind: ArtifactKind;
  language: string;
  /** Hash of the disk bytes the editor's text is based on; null for a file deleted on disk. */
  baseHash: string | null;
  dirty: boolean;
  deleted: boolean;
  saving: boolean;
  conflict: DiskConflict | null;
  /** Showing the diff editor (disk version vs mine) instead of the editor. */
  comparing: boolean;
}

/** A tab holding a view rather than a file (About / diagnostics now; diagram, ERD, reports later). */
export interface ViewTab {
  type: 'view';
  id: string;
  view: 'about' | 'sql-console' | 'diagram' | 'erd';
  title: string;
}

export type Tab = FileTab | ViewTab;

export interface OutputEntry {
  id: number;
  time: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface Toast {
  id: number;
  level: 'info' | 'error';
  message: string;
}

export interface WorkbenchState {
  connection: ConnectionState;
  /** True until the first `project.current` answer, so the start page does not flash. */
  booting: boolean;
  project: ProjectInfo | null;
  opening: string | null;
  tree: Artifact[];
  recent: RecentProject[];
  storeNotice: string | null;
  tabs: Tab[];
  activeTabId: string | null;
  selectedPath: string | null;
  expandedFolders: ReadonlySet<string>;
  explorerMode: ExplorerMode;
  theme: Theme;
  sideView: SideView;
  sidebarVisible: boolean;
  sidebarWidth: number;
  /** The selected finding or component, shown in the inspector; null hides the inspector. */
  selection: Selection | null;
  inspectorWidth: number;
  panelVisible: boolean;
  panelHeight: number;
  panelTab: PanelTab;
  /** The palette's initial query while it is open (">" lists commands, anything else files); null when closed. */
  palette: string | null;
  output: OutputEntry[];
  toasts: Toast[];
}

export const workbench = createStore<WorkbenchState>({
  connection: 'connecting',
  booting: true,
  project: null,
  opening: null,
  tree: [],
  recent: [],
  storeNotice: null,
  tabs: [],
  activeTabId: null,
  selectedPath: null,
  expandedFolders: new Set(),
  explorerMode: 'folders',
  theme: 'dark',
  sideView: 'explorer',
  sidebarVisible: true,
  sidebarWidth: 280,
  selection: null,
  inspectorWidth: 380,
  panelVisible: true,
  panelHeight: 200,
  panelTab: 'output',
  palette: null,
  output: [],
  toasts: [],
});

/** Subscribe a component to a slice of the workbench state. */
export function useWorkbench<T>(selector: (state: WorkbenchState) => T): T {
  return useStore(workbench, selector);
}

export function fileTabId(path: string): string {
  return `file:${path}`;
}

export function findFileTab(path: string): FileTab | undefined {
  const tab = workbench.get().tabs.find((t) => t.id === fileTabId(path));
  return tab?.type === 'file' ? tab : undefined;
}

export function activeTab(state: WorkbenchState = workbench.get()): Tab | undefined {
  return state.tabs.find((t) => t.id === state.activeTabId);
}

/** Replace fields of one file tab (no-op when it has been closed meanwhile). */
export function updateFileTab(path: string, patch: Partial<FileTab>): void {
  const id = fileTabId(path);
  workbench.set((s) => ({ tabs: s.tabs.map((t) => (t.id === id && t.type === 'file' ? { ...t, ...patch } : t)) }));
}
