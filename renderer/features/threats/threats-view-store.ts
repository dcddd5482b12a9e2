import type { StrideLetter } from '../../../shared/model/system-analysis.js';
import { createStore, useStore } from '../../state/store.js';

export type ThreatGroupBy = 'element' | 'stride' | 'status';

export interface ThreatsViewState {
  /** STRIDE letters to show; empty shows all. */
  stride: ReadonlySet<StrideLetter>;
  groupBy: ThreatGroupBy;
  /** Group keys the user folded. */
  collapsed: ReadonlySet<string>;
  /** The attack paths section is folded. */
  pathsCollapsed: boolean;
  /** Only open threats are listed (mitigated, accepted and false-positive ones hidden). */
  openOnly: boolean;
}

/** The Threats view's filter, grouping and folding (kept while switching views). */
export const threatsViewStore = createStore<ThreatsViewState>({ stride: new Set(), groupBy: 'stride', collapsed: new Set(), pathsCollapsed: false, openOnly: false });

export function useThreatsView<T>(selector: (state: ThreatsViewState) => T): T {
  return useStore(threatsViewStore, selector);
}

/** Show only this STRIDE letter (a second click on it shows all again). */
export function toggleStride(letter: StrideLetter): void {
  threatsViewStore.set((s) => ({ stride: s.stride.size === 1 && s.stride.has(letter) ? new Set() : new Set([letter]) }));
}

export function toggleGroup(key: string): void {
  threatsViewStore.set((s) => {
    const next = new Set(s.collapsed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return { collapsed: next };
  });
}
