import type { DesignState } from '../../../shared/contract/index.js';
import { createStore, useStore } from '../../state/store.js';

/** A dialog of the design feature (one at a time). */
export type DesignDialog =
  | { type: 'add-component' }
  | { type: 'add-flow'; from?: string; to?: string }
  | { type: 'add-boundary' }
  | { type: 'rename'; id: string }
  | { type: 'new-project' }
  | { type: 'new-api-spec' }
  | { type: 'new-migration' };

export interface DesignStoreState {
  /** Design mode: the diagram is an editor (its toolbar row, selectable flows, the properties panel). */
  enabled: boolean;
  /** Undo / redo availability and labels, as main reports them. */
  history: DesignState;
  /** An edit is on its way to main. */
  busy: boolean;
  /** Picking a new flow's ends on the diagram; `from` is null until the source is clicked. */
  picking: { from: string | null } | null;
  dialog: DesignDialog | null;
  /** Why the last edit was refused (main's message), until the next edit. */
  error: string | null;
  /** Where that edit was made, so the message shows there once: the design bar or the properties panel. */
  errorAt: 'bar' | 'props';
}

export const NO_HISTORY: DesignState = { canUndo: false, canRedo: false };

export const designStore = createStore<DesignStoreState>({
  enabled: false,
  history: NO_HISTORY,
  busy: false,
  picking: null,
  dialog: null,
  error: null,
  errorAt: 'bar',
});

/** Subscribe a component to a slice of the design state. */
export function useDesign<T>(selector: (state: DesignStoreState) => T): T {
  return useStore(designStore, selector);
}

export function openDesignDialog(dialog: DesignDialog): void {
  designStore.set({ dialog, picking: null });
}

export function closeDesignDialog(): void {
  designStore.set({ dialog: null });
}
