import { workbench } from '../state/workbench-store.js';

/** Keep the window title current and warn before a reload or close drops unsaved edits. */
export function installWindowEffects(): () => void {
  const updateTitle = () => {
    const state = workbench.get();
    const tab = state.tabs.find((t) => t.id === state.activeTabId);
    const name = tab ? (tab.type === 'file' ? `${tab.dirty ? '● ' : ''}${tab.path.slice(tab.path.lastIndexOf('/') + 1)}` : tab.title) : null;
    const title = [name, state.project?.name, 'Archbench'].filter(Boolean).join(' — ');
    if (document.title !== title) document.title = title;
  };
  const unsubscribe = workbench.subscribe(updateTitle);
  updateTitle();

  // Unsaved edits hold the window: the browser asks its generic question; in the desktop app main sees the
  // refusal ('will-prevent-unload') and asks its own (main/electron/main.ts).
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!workbench.get().tabs.some((t) => t.type === 'file' && t.dirty)) return;
    event.preventDefault();
    event.returnValue = true; // what Electron's and older Chromium's beforeunload read
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    unsubscribe();
    window.removeEventListener('beforeunload', onBeforeUnload);
  };
}
