import type { DiagramKind } from '../../../shared/contract/diagram.js';
import { memoryCache, type LayoutCache } from '../../../shared/diagram/elk-runner.js';
import { invoke } from '../../api/client.js';

/**
 * Sub-layouts by the hash of their input: in memory for the session, and in the project store (main lays
 * the system diagram out there after each analysis), so a reopened project shows its diagram without
 * running ELK in the page. What the page lays out itself is sent back to the store.
 */
export interface PersistentLayoutCache<T> extends LayoutCache<T> {
  /** Read the store's entries for the diagram (once; later calls return at once). */
  load(): Promise<void>;
  /** Read the store's entries again (main stored a new layout). */
  reload(): Promise<void>;
  /** Send the boxes laid out here since the last save to the store (debounced by the caller). */
  save(): Promise<void>;
}

/** A cache for the open project's diagram (`scope`: `system:<root>` or `erd:<root>`). */
export function persistentCache<T>(scope: string): PersistentLayoutCache<T> {
  const diagram: DiagramKind = scope.startsWith('erd:') ? 'erd' : 'system';
  const memory = memoryCache<T>(5000);
  const fresh = new Map<string, T>();
  let loaded: Promise<void> | null = null;
  const read = () => invoke('diagram.layout.get', { diagram }).then(
    ({ entries }) => { for (const [key, value] of Object.entries(entries)) if (memory.get(key) === undefined) memory.set(key, value as T); },
    () => undefined, // no project or disconnected: memory only
  );
  return {
    get: (key) => memory.get(key),
    set(key, value) {
      memory.set(key, value);
      fresh.set(key, value);
    },
    load() {
      loaded ??= read();
      return loaded;
    },
    reload() {
      loaded = read();
      return loaded;
    },
    async save() {
      if (!fresh.size) return;
      const entries = Object.fromEntries(fresh);
      fresh.clear();
      await invoke('diagram.layout.put', { diagram, entries }).catch(() => undefined);
    },
  };
}
