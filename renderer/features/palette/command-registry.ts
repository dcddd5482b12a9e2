/** One action the user can run from the palette, a keybinding, a menu or a button. */
export interface Command {
  id: string;
  title: string;
  /** Shown before the title: "File", "View", "Help", ... */
  category: string;
  /** Display form, e.g. "Ctrl+S"; the binding itself lives in workbench/keybindings.ts. */
  keybinding?: string;
  /** Available now? Unavailable commands are listed dimmed and cannot run. */
  enabled?: () => boolean;
  run: () => void | Promise<unknown>;
}

const commands = new Map<string, Command>();

/** Register commands (once, at start-up); a later registration with the same id replaces the earlier one. */
export function registerCommands(list: Command[]): void {
  for (const command of list) commands.set(command.id, command);
}

export function allCommands(): Command[] {
  return [...commands.values()];
}

export function isEnabled(command: Command): boolean {
  return command.enabled ? command.enabled() : true;
}

/** Run a command by id when it is enabled. */
export function runCommand(id: string): boolean {
  const command = commands.get(id);
  if (!command || !isEnabled(command)) return false;
  void command.run();
  return true;
}
