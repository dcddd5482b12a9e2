import { runCommand } from '../features/palette/command-registry.js';
import { workbench } from '../state/workbench-store.js';
import { isMac } from './shortcuts.js';

/** Key (lower-case `event.key`, with modifiers) to command id. "Mod" is Cmd on macOS, Ctrl elsewhere. */
const BINDINGS: Record<string, string> = {
  'Mod+Shift+p': 'workbench.showCommands',
  'F1': 'workbench.showCommands',
  'Mod+p': 'workbench.quickOpen',
  'Mod+o': 'project.openFolder',
  'Mod+s': 'file.save',
  'Mod+w': 'editor.closeTab',
  // Browsers keep Ctrl+W for themselves in a normal tab: Alt+W is the browser host's fallback.
  'Alt+w': 'editor.closeTab',
  'Mod+j': 'view.togglePanel',
  'Mod+b': 'view.toggleSidebar',
  'Mod+Shift+m': 'view.problems',
  'Mod+Shift+u': 'view.output',
  'Mod+Shift+e': 'view.explorer',
  'Mod+Shift+f': 'view.findings',
  'Mod+Alt+r': 'analysis.run',
  'Alt+F8': 'findings.next',
  'Alt+Shift+F8': 'findings.previous',
};

function chord(event: KeyboardEvent): string {
  const mod = isMac ? event.metaKey : event.ctrlKey;
  const parts: string[] = [];
  if (mod) parts.push('Mod');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  // With Shift, event.key is upper-case ("P"); Alt on macOS changes it too, so fall back to the physical key.
  const key = event.key.length === 1 ? (event.code.startsWith('Key') ? event.code.slice(3) : event.key).toLowerCase() : event.key;
  parts.push(key);
  return parts.join('+');
}

/**
 * Global shortcuts, in the capture phase so they win over Monaco's own handling of the same keys
 * (Ctrl+S, Ctrl+Shift+P...) while a modal dialog or the palette keeps its keys.
 */
export function installKeybindings(): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    const id = BINDINGS[chord(event)];
    if (!id) return;
    const state = workbench.get();
    if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
    if (state.palette !== null && id !== 'workbench.showCommands' && id !== 'workbench.quickOpen') return;
    event.preventDefault();
    event.stopPropagation();
    runCommand(id);
  };
  window.addEventListener('keydown', onKeyDown, true);
  return () => window.removeEventListener('keydown', onKeyDown, true);
}
