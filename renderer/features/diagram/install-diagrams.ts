import { registerCommands, type Command } from '../palette/command-registry.js';
import { workbench } from '../../state/workbench-store.js';
import { analysisStore } from '../analysis/analysis-store.js';

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

/** Register the diagrams' palette commands and lay out new models in the background (the views load on first open). */
export function installDiagrams(): void {
  registerCommands(DIAGRAM_COMMANDS);
  let last: unknown = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  analysisStore.subscribe(() => {
    const model = analysisStore.get().model;
    if (model === last || !model?.components.length || prefetchDisabled()) return;
    last = model;
    clearTimeout(timer);
    // Once things have settled (the analysis usually follows a model change), when the page is idle.
    timer = setTimeout(() => idle(() => void import('./diagram-store.js').then((m) => m.prefetchLayout())), 800);
  });
}

/** `localStorage['archbench.diagram.prefetch'] = 'off'` turns background layout off (benchmarks measure the cold path with it). */
function prefetchDisabled(): boolean {
  try {
    return localStorage.getItem('archbench.diagram.prefetch') === 'off';
  } catch {
    return false;
  }
}

function idle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 0);
}
