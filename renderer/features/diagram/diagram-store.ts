import type { DiagramLayout, SubLayout } from '../../../shared/diagram/system-layout.js';
import { layoutSystem } from '../../../shared/diagram/system-layout.js';
import { LARGE_OPTIONS } from '../../../shared/diagram/layout-options.js';
import type { PinnedPositions } from '../../../shared/diagram/pins.js';
import type { Severity } from '../../../shared/model/finding.js';
import type { ComponentKind } from '../../../shared/model/model.js';
import { createStore, useStore } from '../../state/store.js';
import { log } from '../../state/output.js';
import { workbench } from '../../state/workbench-store.js';
import { analysisStore } from '../analysis/analysis-store.js';
import { elkPool } from './elk-pool.js';
import { persistentCache, type PersistentLayoutCache } from './layout-cache.js';
import { loadPins, savePins } from './pins-storage.js';

export interface DiagramState {
  layout: DiagramLayout | null;
  status: 'idle' | 'waiting-for-model' | 'laying-out' | 'ready' | 'error';
  error: string | null;
  collapsed: string[];
  hiddenKinds: ComponentKind[];
  hiddenBoundaries: string[];
  minSeverity: Severity | null;
  /** Blast-radius mode: the selected component and everything that fails with it are highlighted. */
  blast: boolean;
  search: string;
  pins: PinnedPositions;
  /** Wall time of the last layout and how many of its boxes came from the cache. */
  lastLayout: { ms: number; subLayouts: number; cached: number } | null;
  /** The layout shown is the quick overview (boundaries collapsed) while the full one is computed. */
  overview: boolean;
}

const initial: DiagramState = {
  layout: null, status: 'idle', error: null, collapsed: [], hiddenKinds: [], hiddenBoundaries: [], minSeverity: null,
  blast: false, search: '', pins: {}, lastLayout: null, overview: false,
};

/**
 * From this many components on, a diagram that has nothing to show yet first draws an overview with the
 * boundaries collapsed (a few hundred ms), then the full diagram when its layout is done: the picture is
 * there and can be explored at once, instead of after the full layout of every boundary.
 */
export const OVERVIEW_FROM = 300;

export const diagramStore = createStore<DiagramState>(initial);

export function useDiagram<T>(selector: (state: DiagramState) => T): T {
  return useStore(diagramStore, selector);
}

let cache: PersistentLayoutCache<SubLayout> | null = null;
let root: string | null = null;
let viewers = 0;
/** A layout asked for before any view is open (see `prefetchLayout`). */
let prefetching = false;
let running = false;
let again = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Lay out now (or right after the layout under way) with the current model, findings, filters and pins. */
export function requestLayout(): void {
  if (!viewers && !prefetching) return;
  if (running) {
    again = true;
    return;
  }
  void runLayout();
}

async function runLayout(): Promise<void> {
  const model = analysisStore.get().model;
  if (!model || !cache) {
    diagramStore.set({ status: 'waiting-for-model' });
    return;
  }
  running = true;
  again = false;
  const state = diagramStore.get();
  if (!state.layout) diagramStore.set({ status: 'laying-out' });
  try {
    await cache.load();
    const options = {
      findings: analysisStore.get().findings,
      hiddenKinds: state.hiddenKinds,
      hiddenBoundaries: state.hiddenBoundaries,
      minSeverity: state.minSeverity ?? undefined,
      pins: state.pins,
      cache,
    };
    if (!state.layout && viewers && model.components.length >= OVERVIEW_FROM) {
      // Boundaries that hold components directly become single nodes.
      const leaves = model.trustBoundaries.filter((b) => b.components.length > 0).map((b) => b.id);
      if (leaves.length) {
        // Quick and plain: no protocol labels, two crossing-minimisation passes.
        const overview = await layoutSystem(model, elkPool(), { ...options, collapsed: [...state.collapsed, ...leaves], labelPlacement: 'none', elkOptions: LARGE_OPTIONS });
        if (analysisStore.get().model === model && !diagramStore.get().layout) {
          diagramStore.set({ layout: overview, status: 'ready', overview: true, lastLayout: overview.stats });
          log(`Diagram overview in ${overview.stats.ms} ms (${overview.graph.nodes.length} nodes, boundaries collapsed); laying out all ${model.components.length} components`);
        }
      }
    }
    const layout = await layoutSystem(model, elkPool(), {
      findings: analysisStore.get().findings,
      collapsed: state.collapsed,
      hiddenKinds: state.hiddenKinds,
      hiddenBoundaries: state.hiddenBoundaries,
      minSeverity: state.minSeverity ?? undefined,
      pins: state.pins,
      cache,
    });
    if (analysisStore.get().model === model) {
      diagramStore.set({ layout, status: 'ready', error: null, lastLayout: layout.stats, overview: false });
      if (layout.stats.cached < layout.stats.subLayouts) log(`Diagram laid out in ${layout.stats.ms} ms (${layout.graph.nodes.length} nodes, ${layout.stats.cached}/${layout.stats.subLayouts} boxes from the cache)`);
    } else again = true;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void cache?.save(), 1500);
  } catch (error) {
    diagramStore.set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    log(`Diagram layout failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
  } finally {
    running = false;
    prefetching = false;
    if (again) requestLayout();
  }
}

/**
 * Lay out the current model in the background before the diagram is opened, so opening it shows the
 * picture at once. Called when the browser is idle after a model arrives; the layout runs in the workers.
 */
export function prefetchLayout(): void {
  ensureFollowing();
  if (diagramStore.get().status === 'ready' && diagramStore.get().layout && !running) return;
  prefetching = true;
  requestLayout();
}

/** Change view options and lay out again (boxes that did not change come from the cache). */
export function setDiagramOptions(patch: Partial<Pick<DiagramState, 'collapsed' | 'hiddenKinds' | 'hiddenBoundaries' | 'minSeverity'>>): void {
  diagramStore.set(patch);
  requestLayout();
}

export function toggleCollapsed(boundary: string): void {
  const collapsed = diagramStore.get().collapsed;
  setDiagramOptions({ collapsed: collapsed.includes(boundary) ? collapsed.filter((id) => id !== boundary) : [...collapsed, boundary] });
}

/** Pin a node where the user dropped it (relative to its boundary) and remember it for the project. */
export function pinNode(id: string, position: { x: number; y: number }): void {
  const pins = { ...diagramStore.get().pins, [id]: { x: Math.round(position.x), y: Math.round(position.y) } };
  diagramStore.set({ pins });
  if (root) savePins('system', root, pins);
  requestLayout();
}

/** Forget every pin: ELK's positions again. */
export function clearPins(): void {
  diagramStore.set({ pins: {} });
  if (root) savePins('system', root, {});
  requestLayout();
}

let started = false;

/** Follow the project and its model while at least one diagram view is open; returns the view's release. */
export function attachDiagramView(): () => void {
  ensureFollowing();
  viewers++;
  requestLayout();
  return () => {
    viewers--;
  };
}

function ensureFollowing(): void {
  if (!started) {
    started = true;
    const follow = () => {
      const next = workbench.get().project?.root ?? null;
      if (next === root) return;
      root = next;
      cache = next ? persistentCache<SubLayout>(`system:${next}`) : null;
      diagramStore.set({ ...initial, pins: next ? loadPins('system', next) : {} });
      requestLayout();
    };
    workbench.subscribe(follow);
    follow();
    let lastModel = analysisStore.get().model;
    let lastFindings = analysisStore.get().findings;
    analysisStore.subscribe(() => {
      const { model, findings } = analysisStore.get();
      if (model === lastModel && findings === lastFindings) return;
      lastModel = model;
      lastFindings = findings;
      requestLayout();
    });
  }
}
