import { workbench, type OutputEntry } from './workbench-store.js';

const MAX_ENTRIES = 500;
let nextId = 1;

/** Append a line to the Output panel: what the UI did, for the user and for bug reports. */
export function log(message: string, level: OutputEntry['level'] = 'info'): void {
  const entry: OutputEntry = { id: nextId++, time: Date.now(), level, message };
  workbench.set((s) => ({ output: [...s.output.slice(-(MAX_ENTRIES - 1)), entry] }));
}

/** Show a short notification (errors stay until dismissed; infos fade after a few seconds). */
export function notify(message: string, level: 'info' | 'error' = 'info'): void {
  const id = nextId++;
  workbench.set((s) => ({ toasts: [...s.toasts.slice(-3), { id, level, message }] }));
  if (level === 'info') setTimeout(() => dismissToast(id), 4000);
}

export function dismissToast(id: number): void {
  workbench.set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** Log an error to Output and show it; returns the message. */
export function reportError(what: string, error: unknown): string {
  const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  log(message, 'error');
  notify(message, 'error');
  return message;
}
