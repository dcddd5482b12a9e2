import { workbench, type ExplorerMode, type SideView, type Theme, type WorkbenchState } from './workbench-store.js';

const THEME_KEY = 'archbench.theme';
const LAYOUT_PREFIX = 'archbench.layout.v1:';

/** What is remembered per project: open tabs and the layout around them. */
export interface ProjectLayout {
  tabs: string[];
  active: string | null;
  /** Diagram tabs left open (the system diagram, the ERD), and which one was in front. */
  views?: RememberedView[];
  activeView?: RememberedView | null;
  sideView: SideView;
  sidebarVisible: boolean;
  sidebarWidth: number;
  inspectorWidth: number;
  panelVisible: boolean;
  panelHeight: number;
  explorerMode: ExplorerMode;
  expanded: string[];
}

function read<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined; // storage disabled or a value from an older build
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the layout is a convenience, never a reason to fail.
  }
}

/** The remembered theme, else the system's preference. */
export function loadTheme(): Theme {
  const saved = read<Theme>(THEME_KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function saveTheme(theme: Theme): void {
  write(THEME_KEY, theme);
}

export function loadProjectLayout(root: string): Partial<ProjectLayout> | undefined {
  return read<Partial<ProjectLayout>>(LAYOUT_PREFIX + root);
}

/** View tabs that come back with the project. */
export type RememberedView = 'diagram' | 'erd';
const REMEMBERED_VIEWS: ReadonlySet<string> = new Set<RememberedView>(['diagram', 'erd']);

function layoutOf(state: WorkbenchState): ProjectLayout {
  const active = state.tabs.find((t) => t.id === state.activeTabId);
  return {
    tabs: state.tabs.flatMap((t) => (t.type === 'file' ? [t.path] : [])),
    active: active?.type === 'file' ? active.path : null,
    views: state.tabs.flatMap((t) => (t.type === 'view' && REMEMBERED_VIEWS.has(t.view) ? [t.view as RememberedView] : [])),
    activeView: active?.type === 'view' && REMEMBERED_VIEWS.has(active.view) ? active.view as RememberedView : null,
    sideView: state.sideView,
    sidebarVisible: state.sidebarVisible,
    sidebarWidth: state.sidebarWidth,
    inspectorWidth: state.inspectorWidth,
    panelVisible: state.panelVisible,
    panelHeight: state.panelHeight,
    explorerMode: state.explorerMode,
    expanded: [...state.expandedFolders],
  };
}

/** Keep the open project's layout in localStorage as it changes (debounced). Returns the stop function. */
export function persistLayoutChanges(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  const flush = () => {
    const state = workbench.get();
    if (!state.project || state.opening) return;
    const json = JSON.stringify(layoutOf(state));
    if (json === last) return;
    last = json;
    write(LAYOUT_PREFIX + state.project.root, layoutOf(state));
  };
  const unsubscribe = workbench.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(flush, 300);
  });
  window.addEventListener('beforeunload', flush);
  return () => {
    unsubscribe();
    window.removeEventListener('beforeunload', flush);
  };
}

const NOTICE_PREFIX = 'archbench.noticeDismissed:';

/** A store notice the user dismissed stays dismissed for that project until a different notice comes. */
export function isNoticeDismissed(root: string, notice: string): boolean {
  return read<string>(NOTICE_PREFIX + root) === notice;
}

export function dismissNotice(root: string, notice: string): void {
  write(NOTICE_PREFIX + root, notice);
}
