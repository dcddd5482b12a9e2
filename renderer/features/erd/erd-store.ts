import type { ErdLayout } from '../../../shared/diagram/erd-layout.js';
import { layoutErd } from '../../../shared/diagram/erd-layout.js';
import { applyErdPins } from '../../../shared/diagram/erd-pins.js';
import type { PinnedPositions } from '../../../shared/diagram/pins.js';
import { on } from '../../api/client.js';
import { createStore, useStore } from '../../state/store.js';
import { log } from '../../state/output.js';
import { workbench } from '../../state/workbench-store.js';
import { analysisStore } from '../analysis/analysis-store.js';
import { refreshModel } from '../analysis/analysis-sync.js';
import { elkPool } from '../diagram/elk-pool.js';
import { persistentCache, type PersistentLayoutCache } from '../diagram/layout-cache.js';
import { followProjectAndModel } from '../diagram/follow-project.js';
import { pinActions } from '../diagram/pins-storage.js';

export interface ErdState {
  layout: ErdLayout | null;
  status: 'idle' | 'waiting-for-model' | 'laying-out' | 'ready' | 'error';
  error: string | null;
  /** The selected table (`schema.name`). */
  selected: string | null;
  search: string;
  showSystem: boolean;
  /** Tables the user dragged, top-left relative to their schema box (kept in the project store). */
  pins: PinnedPositions;
}

const initial: ErdState = { layout: null, status: 'idle', error: null, selected: null, search: '', showSystem: false, pins: {} };

export const erdStore = createStore<ErdState>(initial);

export function useErd<T>(selector: (state: ErdState) => T): T {
  return useStore(erdStore, selector);
}

let cache: PersistentLayoutCache<ErdLayout> | null = null;
/** The open project's pins, read from the store: the first layout waits for them. */
let pinsLoaded: Promise<void> = Promise.resolve();
let viewers = 0;
let running = false;
let again = false;

export function requestErdLayout(): void {
  if (!viewers) return;
  if (running) {
    again = true;
    return;
  }
  void run();
}

async function run(): Promise<void> {
  const model = analysisStore.get().model;
  if (!model || !cache) {
    erdStore.set({ status: 'waiting-for-model' });
    return;
  }
  running = true;
  again = false;
  if (!erdStore.get().layout) erdStore.set({ status: 'laying-out' });
  try {
    await Promise.all([cache.load(), pinsLoaded]);
    const laidOut = await layoutErd(model.tables, elkPool(), { findings: analysisStore.get().findings, includeSystem: erdStore.get().showSystem, cache });
    const layout = applyErdPins(laidOut, erdStore.get().pins);
    if (analysisStore.get().model === model) {
      erdStore.set({ layout, status: 'ready', error: null });
      if (!layout.stats.cached) log(`ERD laid out in ${layout.stats.ms} ms (${layout.tables.length} tables, ${layout.edges.length} foreign keys)`);
      void cache.save();
    } else again = true;
  } catch (error) {
    erdStore.set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
  } finally {
    running = false;
    if (again) requestErdLayout();
  }
}

const erdPins = pinActions('erd', erdStore, requestErdLayout);

/** Pin a table where the user dropped it (relative to its schema box) and remember it for the project. */
export const pinTable = erdPins.pin;

/** Forget every pinned table: ELK's positions again. */
export const clearErdPins = erdPins.clear;

let started = false;

/** Follow the project's tables while an ERD view is open; returns the view's release. */
export function attachErdView(): () => void {
  if (!started) {
    started = true;
    followProjectAndModel((next) => {
      cache = next ? persistentCache<ErdLayout>(`erd:${next}`) : null;
      erdStore.set({ ...initial });
      const current = cache;
      pinsLoaded = next
        ? erdPins.load(next, () => cache === current)
        : Promise.resolve();
      requestErdLayout();
    }, requestErdLayout);
    // Tables come from replaying the migrations during the analysis: read the model again when a run ends.
    on('analysis.done', (event) => { if (event.status === 'done' && viewers) void refreshModel(); });
  }
  viewers++;
  // The model read at project open may predate the tables of the first analysis.
  if (viewers === 1 && workbench.get().project) void refreshModel();
  requestErdLayout();
  return () => {
    viewers--;
  };
}
