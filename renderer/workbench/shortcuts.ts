/** macOS shows ⌘ and the like; everyone else reads "Ctrl+". */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** Display form of a binding written with "Mod" for Ctrl / Cmd: `shortcutLabel('Mod+Shift+P')`. */
export function shortcutLabel(binding: string): string {
  if (!isMac) return binding.replace(/Mod/g, 'Ctrl');
  return binding.replace(/Mod\+?/g, '⌘').replace(/Shift\+?/g, '⇧').replace(/Alt\+?/g, '⌥').replace(/Ctrl\+?/g, '⌃');
}
