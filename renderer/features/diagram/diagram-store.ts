import type { DiagramLayout, SubLayout } from '../../../shared/diagram/system-layout.js';
import { layoutSystem } from '../../../shared/diagram/system-layout.js';
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
}

const initial: DiagramState = {
  layout: null, status: 'idle', error: null, collapsed: [], hiddenKinds: [], hiddenBoundaries: [], minSeverity: null,
  blast: false, search: '', pins: {}, lastLayout: null,
};

export const diagramStore = createStore<DiagramState>(initial);

export function useDiagram<T>(selector: (state: DiagramState) => T): T {
  return useStore(diagramStore, selector);
}

let cache: PersistentLayoutCache<SubLayout> | null = null;
let root: string | null = null;
let viewers = 0;
let running = false;
let again = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Lay out now (or right after the layout under way) with the current model, findings, filters and pins. */
export function requestLayout(): void {
  if (!viewers) return;
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
      diagramStore.set({ layout, status: 'ready', error: null, lastLayout: layout.stats });
      if (layout.stats.cached < layout.stats.subLayouts) log(`Diagram laid out in ${layout.stats.ms} ms (${layout.graph.nodes.length} nodes, ${layout.stats.cached}/${layout.stats.subLayouts} boxes from the cache)`);
    } else again = true;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void cache?.save(), 1500);
  } catch (error) {
    diagramStore.set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    log(`Diagram layout failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
  } finally {
    running = false;
    if (again) requestLayout();
  }
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
  viewers++;
  requestLayout();
  return () => {
    viewers--;
  };
}
