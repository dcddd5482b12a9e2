import { closeTab, compareWithDisk, keepMine, reloadFile, saveFile } from '../features/editor/editor-actions.js';
import { registerCommands, type Command } from '../features/palette/command-registry.js';
import { activeTab, workbench, type FileTab } from '../state/workbench-store.js';
import { closeFolder, openFolder, openSample, refreshTree } from './project-actions.js';
import { openAbout, revealInExplorer, showPanel, toggleSidebar, togglePanel, toggleTheme } from './layout-actions.js';
import { shortcutLabel } from './shortcuts.js';

const activeFile = (): FileTab | undefined => {
  const tab = activeTab();
  return tab?.type === 'file' ? tab : undefined;
};
const hasProject = () => workbench.get().project !== null;

/** Every action of the workbench, for the palette, the keybindings and the menus. */
export const WORKBENCH_COMMANDS: Command[] = [
  { id: 'workbench.showCommands', category: 'View', title: 'Show All Commands', keybinding: shortcutLabel('Mod+Shift+P'), run: () => workbench.set({ palette: '>' }) },
  { id: 'workbench.quickOpen', category: 'Go', title: 'Go to File…', keybinding: shortcutLabel('Mod+P'), enabled: hasProject, run: () => workbench.set({ palette: '' }) },
  { id: 'project.openFolder', category: 'File', title: 'Open Folder…', keybinding: shortcutLabel('Mod+O'), run: openFolder },
  { id: 'project.openSample', category: 'File', title: 'Open the Sample Project', run: openSample },
  { id: 'project.close', category: 'File', title: 'Close Folder', enabled: hasProject, run: closeFolder },
  { id: 'project.refresh', category: 'File', title: 'Refresh the File List', enabled: hasProject, run: refreshTree },
  { id: 'file.save', category: 'File', title: 'Save', keybinding: shortcutLabel('Mod+S'), enabled: () => !!activeFile(), run: () => { const tab = activeFile(); return tab && saveFile(tab.path); } },
  {
    id: 'file.saveAll', category: 'File', title: 'Save All', enabled: () => workbench.get().tabs.some((t) => t.type === 'file' && t.dirty),
    run: async () => { for (const tab of workbench.get().tabs) if (tab.type === 'file' && tab.dirty) await saveFile(tab.path); },
  },
  { id: 'editor.closeTab', category: 'View', title: 'Close Tab', keybinding: shortcutLabel('Mod+W'), enabled: () => !!activeTab(), run: () => { const tab = activeTab(); return tab && closeTab(tab.id); } },
  {
    id: 'editor.closeAll', category: 'View', title: 'Close All Tabs', enabled: () => workbench.get().tabs.length > 0,
    run: async () => { for (const tab of [...workbench.get().tabs]) if (!(await closeTab(tab.id))) return; },
  },
  { id: 'file.revert', category: 'File', title: 'Revert File (Reload from Disk)', enabled: () => !!activeFile() && !activeFile()!.deleted, run: () => { const tab = activeFile(); return tab && reloadFile(tab.path); } },
  { id: 'file.compareWithDisk', category: 'File', title: 'Compare with the Version on Disk', enabled: () => !!activeFile() && !activeFile()!.deleted, run: () => { const tab = activeFile(); return tab && compareWithDisk(tab.path); } },
  { id: 'file.keepMine', category: 'File', title: 'Keep My Version (Resolve Conflict)', enabled: () => !!activeFile()?.conflict, run: () => { const tab = activeFile(); if (tab) keepMine(tab.path); } },
  { id: 'explorer.reveal', category: 'File', title: 'Reveal in Explorer', enabled: () => !!activeFile(), run: () => revealInExplorer() },
  { id: 'explorer.byKind', category: 'View', title: 'Explorer: Group by Artifact Kind', enabled: hasProject, run: () => workbench.set({ explorerMode: 'kinds', sidebarVisible: true, sideView: 'explorer' }) },
  { id: 'explorer.byFolder', category: 'View', title: 'Explorer: Show Folder Tree', enabled: hasProject, run: () => workbench.set({ explorerMode: 'folders', sidebarVisible: true, sideView: 'explorer' }) },
  { id: 'view.toggleTheme', category: 'View', title: 'Toggle Theme (Light / Dark)', run: toggleTheme },
  { id: 'view.togglePanel', category: 'View', title: 'Toggle Panel', keybinding: shortcutLabel('Mod+J'), run: togglePanel },
  { id: 'view.toggleSidebar', category: 'View', title: 'Toggle Side Bar', keybinding: shortcutLabel('Mod+B'), run: toggleSidebar },
  { id: 'view.problems', category: 'View', title: 'Show Problems', keybinding: shortcutLabel('Mod+Shift+M'), run: () => showPanel('problems') },
  { id: 'view.output', category: 'View', title: 'Show Output', keybinding: shortcutLabel('Mod+Shift+U'), run: () => showPanel('output') },
  { id: 'help.about', category: 'Help', title: 'About / Diagnostics', run: openAbout },
];

export function registerWorkbenchCommands(): void {
  registerCommands(WORKBENCH_COMMANDS);
}
