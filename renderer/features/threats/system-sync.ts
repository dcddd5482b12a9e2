import { projectDataSync } from '../../state/project-data-sync.js';
import { resetSystem, systemStore } from './system-store.js';

/** The threat model and the reliability report of the open project's latest analysis. */
const sync = projectDataSync({
  method: 'system.get',
  args: {},
  refreshOn: ['analysis.done'],
  apply: (analysis) => systemStore.set({ analysis, loaded: true, error: null }),
  fail: (error) => systemStore.set({ loaded: true, error }),
  reset: resetSystem,
  errorTitle: 'Could not read the threat model',
});

/** Fetch the threat model and the reliability report of the latest analysis. */
export const refreshSystem = sync.refresh;

/** Follow the open project's threats and reliability: fetch on open, after every analysis, and after a reconnect. */
export const startSystemSync = sync.start;
