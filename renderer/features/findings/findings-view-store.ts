import { createStore, useStore } from '../../state/store.js';
import { EMPTY_FILTER, type FindingsFilter, type GroupBy } from './findings-filter.js';

export interface FindingsViewState {
  filter: FindingsFilter;
  groupBy: GroupBy;
  /** Group keys the user folded. */
  collapsed: ReadonlySet<string>;
  /** The "fixed since last run" list is unfolded. */
  showFixed: boolean;
}

/** The Findings view's filter, grouping and folding (kept while switching views). */
export const findingsViewStore = createStore<FindingsViewState>({ filter: EMPTY_FILTER, groupBy: 'rule', collapsed: new Set(), showFixed: false });

export function useFindingsView<T>(selector: (state: FindingsViewState) => T): T {
  return useStore(findingsViewStore, selector);
}

export function setFilter(patch: Partial<FindingsFilter>): void {
  findingsViewStore.set((s) => ({ filter: { ...s.filter, ...patch } }));
}
