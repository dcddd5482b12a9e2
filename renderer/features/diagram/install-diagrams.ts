import { registerCommands, type Command } from '../palette/command-registry.js';
import { workbench } from '../../state/workbench-store.js';

const hasProject = () => workbench.get().project !== null;

/** Open (or focus) the system diagram's centre tab. */
export function openDiagram(): void {
  openViewTab('view:diagram', 'diagram', 'Diagram');
}

/** Open (or focus) the ERD's centre tab. */
export function openErd(): void {
  openViewTab('view:erd', 'erd', 'ERD');
}

function openViewTab(id: string, view: 'diagram' | 'erd', title: string): void {
  workbench.set((s) => (s.tabs.some((t) => t.id === id)
    ? { activeTabId: id }
    : { tabs: [...s.tabs, { type: 'view', id, view, title }], activeTabId: id }));
}

export const DIAGRAM_COMMANDS: Command[] = [
  { id: 'diagram.open', category: 'View', title: 'Open the System Diagram', enabled: hasProject, run: openDiagram },
  { id: 'erd.open', category: 'View', title: 'Open the ERD (Database Diagram)', enabled: hasProject, run: openErd },
  {
    id: 'diagram.blastRadius', category: 'Diagram', title: 'Toggle Blast Radius', enabled: hasProject,
    run: async () => {
      openDiagram();
      // The diagram's code loads with its tab, not at start-up.
      const { diagramStore } = await import('./diagram-store.js');
      diagramStore.set({ blast: !diagramStore.get().blast });
    },
  },
];

/** Register the diagrams' palette commands (the views themselves load on first open). */
export function installDiagrams(): void {
  registerCommands(DIAGRAM_COMMANDS);
}
