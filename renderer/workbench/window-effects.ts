import { hostKind } from '../api/client.js';
import { workbench } from '../state/workbench-store.js';

/** Keep the window title current and, in the browser, warn before a reload or close drops unsaved edits. */
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

  // Electron's window closes through main (it owns the prompt there); the browser can only ask its generic question.
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (workbench.get().tabs.some((t) => t.type === 'file' && t.dirty)) event.preventDefault();
  };
  if (hostKind === 'browser') window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    unsubscribe();
    window.removeEventListener('beforeunload', onBeforeUnload);
  };
}
