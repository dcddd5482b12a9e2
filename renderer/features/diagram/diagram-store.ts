import type { DiagramLayout, SubLayout } from '../../../shared/diagram/system-layout.js';
import { layoutSystem, overviewOptions } from '../../../shared/diagram/system-layout.js';
import type { ElkLike } from '../../../shared/diagram/elk-runner.js';
import type { PinnedPositions } from '../../../shared/diagram/pins.js';
import type { Severity } from '../../../shared/model/finding.js';
import type { ComponentKind } from '../../../shared/model/model.js';
import { on } from '../../api/client.js';
import { createStore, useStore } from '../../state/store.js';
import { log, reportError } from '../../state/output.js';
import { analysisStore } from '../analysis/analysis-store.js';
import { lazyElkPool } from './elk-pool.js';
import { followProjectAndModel } from './follow-project.js';
import { persistentCache, type PersistentLayoutCache } from './layout-cache.js';
import { pinActions } from './pins-storage.js';

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
  /** Attack-path mode: the id of the threat model's attack path highlighted on the diagram. */
  attackPath: string | null;
}

const initial: DiagramState = {
  layout: null, status: 'idle', error: null, collapsed: [], hiddenKinds: [], hiddenBoundaries: [], minSeverity: null,
  blast: false, search: '', pins: {}, lastLayout: null, overview: false, attackPath: null,
};

export const diagramStore = createStore<DiagramState>(initial);

export function useDiagram<T>(selector: (state: DiagramState) => T): T {
  return useStore(diagramStore, selector);
}

/** An ELK that is never there: a layout with it succeeds only when every box comes from the cache. */
const CACHE_ONLY: ElkLike = { layout: () => Promise.reject(new Error('not in the cache')) };

let cache: PersistentLayoutCache<SubLayout> | null = null;
let root: string | null = null;
/** The open project's pins, read from the store: the first layout waits for them. */
let pinsLoaded: Promise<void> = Promise.resolve();
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

/** What the layout depends on besides the model: findings (badges), filters, pins, the cache. */
function layoutOptions(state: DiagramState, layoutCache: PersistentLayoutCache<SubLayout>) {
  return {
    findings: analysisStore.get().findings,
    hiddenKinds: state.hiddenKinds,
    hiddenBoundaries: state.hiddenBoundaries,
    minSeverity: state.minSeverity ?? undefined,
    pins: state.pins,
    cache: layoutCache,
  };
}

/**
 * Main stored the diagram's layout after an analysis (`diagram.layoutStored`). A page that is still laying it out
 * itself, or shows the overview meanwhile, draws the stored one at once when every box of it is there.
 */
export async function takeStoredLayout(): Promise<void> {
  const state = diagramStore.get();
  const model = analysisStore.get().model;
  if (!viewers || !cache || !model || (state.layout && !state.overview)) return;
  await cache.reload();
  const layout = await layoutSystem(model, CACHE_ONLY, { ...layoutOptions(diagramStore.get(), cache), collapsed: diagramStore.get().collapsed }).catch(() => null);
  const now = diagramStore.get();
  if (!layout || analysisStore.get().model !== model || (now.layout && !now.overview)) return;
  diagramStore.set({ layout, status: 'ready', error: null, lastLayout: layout.stats, overview: false });
  log(`Diagram drawn from the layout the analysis stored (${layout.graph.nodes.length} nodes)`);
}

async function runLayout(): Promise<void> {
  const model = analysisStore.get().model;
  if (!model || !cache) {
    diagramStore.set({ status: 'waiting-for-model' });
    return;
  }
  running = true;
  again = false;
  if (!diagramStore.get().layout) diagramStore.set({ status: 'laying-out' });
  try {
    await Promise.all([cache.load(), pinsLoaded]);
    const state = diagramStore.get();
    const options = layoutOptions(state, cache);
    const full = { ...options, collapsed: state.collapsed };
    // Every box already laid out (by main after the analysis, or earlier here): no overview, no ELK.
    const quick = overviewOptions(model, state.collapsed);
    const stored = !state.layout && quick ? await layoutSystem(model, CACHE_ONLY, full).catch(() => null) : null;
    if (!stored && !state.layout && viewers) {
      if (quick) {
        // Quick and plain (main lays it out too, after the analysis: then it comes from the store).
        const overview = await layoutSystem(model, lazyElkPool(), { ...options, ...quick });
        if (analysisStore.get().model === model && !diagramStore.get().layout) {
          diagramStore.set({ layout: overview, status: 'ready', overview: true, lastLayout: overview.stats });
          log(`Diagram overview in ${overview.stats.ms} ms (${overview.graph.nodes.length} nodes, boundaries collapsed); laying out all ${model.components.length} components`);
        }
      }
    }
    const layout = stored ?? await layoutSystem(model, lazyElkPool(), full);
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

/** Attack-path mode on the given path of the threat model (null: off); blast-radius mode gives way. */
export function showAttackPath(id: string | null): void {
  ensureFollowing(); // first, so following the project does not reset what is set here
  diagramStore.set({ attackPath: id, blast: false });
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

const systemPins = pinActions('system', diagramStore, requestLayout);

/** Pin a node where the user dropped it (relative to its boundary) and remember it for the project. */
export const pinNode = systemPins.pin;

/** Forget every pin: ELK's positions again. */
export const clearPins = systemPins.clear;

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
    followProjectAndModel((next) => {
      root = next;
      cache = next ? persistentCache<SubLayout>(`system:${next}`) : null;
      diagramStore.set({ ...initial });
      pinsLoaded = next
        ? systemPins.load(next, () => root === next)
        : Promise.resolve();
      requestLayout();
    }, requestLayout);
  }
}

// This module loads with the diagram's tab: from then on, a layout main stores is taken when the page has none yet.
on('diagram.layoutStored', () => void takeStoredLayout().catch((error: unknown) => reportError('Could not read the stored diagram layout', error)));
