import type { SchemaInfo } from '../../../shared/contract/index.js';
import { createStore, useStore } from '../../state/store.js';

export interface SchemaState {
  /** The replayed database of the open project; null before the first replay or when it has no SQL migrations. */
  info: SchemaInfo | null;
  /** True once the first `schema.get` answer for the open project arrived. */
  loaded: boolean;
  /** Why the last fetch failed, if it did. */
  error: string | null;
}

const initial: SchemaState = { info: null, loaded: false, error: null };

export const schemaStore = createStore<SchemaState>(initial);

/** Forget the previous project's schema. */
export function resetSchema(): void {
  schemaStore.set(initial);
}

/** Subscribe a component to a slice of the schema state. */
export function useSchema<T>(selector: (state: SchemaState) => T): T {
  return useStore(schemaStore, selector);
}
