import { createStore, useStore } from '../../state/store.js';

export type ReliabilitySection = 'spof' | 'blast' | 'flows' | 'chains' | 'playbook';

export interface ReliabilityViewState {
  /** Sections the user folded. */
  collapsed: ReadonlySet<ReliabilitySection>;
  /** Components whose blast radius is unfolded. */
  expanded: ReadonlySet<string>;
  /** Flows list: only those missing something (default) or all. */
  onlyLacking: boolean;
}

/** The Reliability view's folding (kept while switching views). */
export const reliabilityViewStore = createStore<ReliabilityViewState>({ collapsed: new Set(), expanded: new Set(), onlyLacking: true });

export function useReliabilityView<T>(selector: (state: ReliabilityViewState) => T): T {
  return useStore(reliabilityViewStore, selector);
}

function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

export function toggleSection(section: ReliabilitySection): void {
  reliabilityViewStore.set((s) => ({ collapsed: toggled(s.collapsed, section) }));
}

export function toggleBlastRadius(component: string): void {
  reliabilityViewStore.set((s) => ({ expanded: toggled(s.expanded, component) }));
}
