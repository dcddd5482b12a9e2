import { applyMonacoTheme } from '../features/editor/monaco.js';
import { saveTheme } from '../state/persistence.js';
import { activeTab, workbench, type PanelTab, type SideView, type Theme } from '../state/workbench-store.js';

export function setTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  applyMonacoTheme(theme);
  saveTheme(theme);
  workbench.set({ theme });
}

export function toggleTheme(): void {
  setTheme(workbench.get().theme === 'dark' ? 'light' : 'dark');
}

export function togglePanel(): void {
  workbench.set((s) => ({ panelVisible: !s.panelVisible }));
}

/** Show the panel on one of its tabs (toggles it closed when that tab is already showing). */
export function showPanel(tab: PanelTab, toggle = false): void {
  workbench.set((s) => ({ panelVisible: toggle && s.panelVisible && s.panelTab === tab ? false : true, panelTab: tab }));
}

export function toggleSidebar(): void {
  workbench.set((s) => ({ sidebarVisible: !s.sidebarVisible }));
}

/** Show a view in the side bar. */
export function showSideView(view: SideView): void {
  workbench.set({ sideView: view, sidebarVisible: true });
}

/** The activity bar's click: show the view, or hide the side bar when that view is already showing (VS Code). */
export function toggleSideView(view: SideView): void {
  workbench.set((s) => (s.sidebarVisible && s.sideView === view ? { sidebarVisible: false } : { sideView: view, sidebarVisible: true }));
}

/** Select a file in the Explorer, unfolding its folders and scrolling it into view. */
export function revealInExplorer(path?: string): void {
  const target = path ?? (() => {
    const tab = activeTab();
    return tab?.type === 'file' ? tab.path : undefined;
  })();
  if (!target) return;
  workbench.set((s) => {
    const expanded = new Set(s.expandedFolders);
    const parts = target.split('/');
    for (let i = 1; i < parts.length; i++) expanded.add(parts.slice(0, i).join('/'));
    return { selectedPath: target, expandedFolders: expanded, sidebarVisible: true, sideView: 'explorer' };
  });
  requestAnimationFrame(() => {
    const item = document.querySelector<HTMLElement>(`[data-testid="tree-item"][data-path="${CSS.escape(target)}"]`);
    item?.scrollIntoView({ block: 'nearest' });
    item?.focus();
  });
}

/** Open (or focus) a view tab such as About / diagnostics. */
export function openAbout(): void {
  workbench.set((s) => (s.tabs.some((t) => t.id === 'view:about')
    ? { activeTabId: 'view:about' }
    : { tabs: [...s.tabs, { type: 'view', id: 'view:about', view: 'about', title: 'About Archbench' }], activeTabId: 'view:about' }));
}
