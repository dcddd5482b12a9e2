import { memoryCache, type LayoutCache } from '../../../shared/diagram/elk-runner.js';

/**
 * Sub-layouts by the hash of their input: in memory for the session, and per project in IndexedDB so a
 * reopened project shows its diagram without running ELK again. The store keeps what the last layouts
 * used (entries no layout asked for in a session are dropped on save), so it does not grow without end.
 */
export interface PersistentLayoutCache<T> extends LayoutCache<T> {
  /** Read the project's saved entries (once; later calls return at once). */
  load(): Promise<void>;
  /** Save the entries used since the last load (debounced by the caller). */
  save(): Promise<void>;
}

const DB_NAME = 'archbench-diagram';
const STORE = 'layouts';

function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  return new Promise((resolve) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null); // private mode or disabled: memory only
  });
}

/** A cache for one project (`scope`, e.g. `system:<root>` or `erd:<root>`). */
export function persistentCache<T>(scope: string): PersistentLayoutCache<T> {
  const memory = memoryCache<T>(5000);
  const used = new Map<string, T>();
  let loaded: Promise<void> | null = null;
  return {
    get(key) {
      const value = memory.get(key);
      if (value !== undefined) used.set(key, value);
      return value;
    },
    set(key, value) {
      memory.set(key, value);
      used.set(key, value);
    },
    load() {
      loaded ??= (async () => {
        const db = await openDb();
        if (!db) return;
        const entries = await new Promise<Record<string, T> | undefined>((resolve) => {
          const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(scope);
          request.onsuccess = () => resolve(request.result as Record<string, T> | undefined);
          request.onerror = () => resolve(undefined);
        });
        for (const [key, value] of Object.entries(entries ?? {})) memory.set(key, value);
        db.close();
      })();
      return loaded;
    },
    async save() {
      const db = await openDb();
      if (!db) return;
      const entries = Object.fromEntries(used);
      await new Promise<void>((resolve) => {
        const transaction = db.transaction(STORE, 'readwrite');
        transaction.objectStore(STORE).put(entries, scope);
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => resolve();
        transaction.onabort = () => resolve();
      });
      db.close();
    },
  };
}
