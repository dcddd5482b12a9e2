import { registerCommands, type Command } from '../palette/command-registry.js';
import { workbench } from '../../state/workbench-store.js';
import { showSideView } from '../../workbench/layout-actions.js';
import { refreshSystem, startSystemSync } from './system-sync.js';
import { threatsViewStore } from './threats-view-store.js';

const hasProject = () => workbench.get().project !== null;

/** Show the Threats view with its attack paths unfolded and scrolled into view. */
function showAttackPaths(): void {
  threatsViewStore.set({ pathsCollapsed: false });
  showSideView('threats');
  requestAnimationFrame(() => document.getElementById('attack-paths')?.scrollIntoView({ block: 'start' }));
}

/** The Threats and Reliability views' palette commands. */
export const SYSTEM_COMMANDS: Command[] = [
  { id: 'view.threats', category: 'View', title: 'Show Threats', run: () => showSideView('threats') },
  { id: 'view.attackPaths', category: 'View', title: 'Show Attack Paths', run: showAttackPaths },
  { id: 'view.reliability', category: 'View', title: 'Show Reliability', run: () => showSideView('reliability') },
  { id: 'system.refresh', category: 'Analysis', title: 'Reload the Threat Model and Reliability Report', enabled: hasProject, run: refreshSystem },
];

/** Register the commands and follow the open project's threat model and reliability report. */
export function installThreatsView(): void {
  registerCommands(SYSTEM_COMMANDS);
  startSystemSync();
}
