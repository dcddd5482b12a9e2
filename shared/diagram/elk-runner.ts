/**
 * What the diagrams need from ELK, so main can pass `new ELK()` (elkjs/lib/elk.bundled.js) and the renderer
 * a worker-backed instance (or a pool of them). Only types are imported from elkjs: shared/ stays plain TS.
 */
import type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPort } from 'elkjs';

export type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPort };

/** The one method the layouts call. elkjs's `ELK` satisfies it. */
export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
  /** How many layouts it runs at once (a pool of workers); independent boxes are split into that many calls. */
  parallelism?: number;
}

/** A cache of sub-layouts by the hash of their input (memory in main, memory + IndexedDB in the renderer). */
export interface LayoutCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

/** A bounded in-memory cache (least recently used entries go first). */
export function memoryCache<T>(limit = 2000): LayoutCache<T> & { size(): number; clear(): void } {
  const entries = new Map<string, T>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > limit) entries.delete(entries.keys().next().value as string);
    },
    size: () => entries.size,
    clear: () => entries.clear(),
  };
}
