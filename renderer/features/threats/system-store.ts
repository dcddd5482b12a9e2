import type { SystemAnalysis } from '../../../shared/contract/index.js';
import { createStore, useStore } from '../../state/store.js';

export interface SystemState {
  /** Threats and reliability of the latest analysis; null before the first one. */
  analysis: SystemAnalysis | null;
  /** True once the first `system.get` answer for the open project arrived. */
  loaded: boolean;
  /** Why the last fetch failed, if it did. */
  error: string | null;
}

const initial: SystemState = { analysis: null, loaded: false, error: null };

/** The system-level analysis (threat model, reliability report) shared by the Threats and Reliability views. */
export const systemStore = createStore<SystemState>(initial);

/** Forget the previous project's analysis. */
export function resetSystem(): void {
  systemStore.set(initial);
}

/** Subscribe a component to a slice of the system analysis. */
export function useSystem<T>(selector: (state: SystemState) => T): T {
  return useStore(systemStore, selector);
}
