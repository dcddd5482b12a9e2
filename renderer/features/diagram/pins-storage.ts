import type { DiagramKind, DiagramPin } from '../../../shared/contract/diagram.js';
import type { PinnedPositions } from '../../../shared/diagram/pins.js';
import { invoke } from '../../api/client.js';
import { reportError } from '../../state/output.js';
import type { Store } from '../../state/store.js';

/** Where earlier builds kept pins (per project root); moved into the project store on first load. */
const LEGACY_PREFIX = 'archbench.pins.v1:';

const toRecord = (pins: DiagramPin[]): PinnedPositions => Object.fromEntries(pins.map((p) => [p.id, { x: p.x, y: p.y }]));

/** The diagram's pinned positions from the project store (after moving any left in localStorage there). */
export async function loadPins(diagram: DiagramKind, root: string): Promise<PinnedPositions> {
  const legacy = readLegacyPins(diagram, root);
  if (legacy.length) {
    const { pins } = await invoke('diagram.pins.set', { diagram, pins: legacy });
    try { localStorage.removeItem(`${LEGACY_PREFIX}${diagram}:${root}`); } catch { /* storage disabled */ }
    return toRecord(pins);
  }
  return toRecord((await invoke('diagram.pins.get', { diagram })).pins);
}

/** Pin one node where the user dropped it. */
export async function savePin(diagram: DiagramKind, id: string, position: { x: number; y: number }): Promise<void> {
  await invoke('diagram.pins.set', { diagram, pins: [{ id, ...position }] });
}

/** Forget every pin of the diagram. */
export async function clearStoredPins(diagram: DiagramKind): Promise<void> {
  await invoke('diagram.pins.clear', { diagram });
}

function readLegacyPins(diagram: DiagramKind, root: string): DiagramPin[] {
  try {
    const raw = localStorage.getItem(`${LEGACY_PREFIX}${diagram}:${root}`);
    const parsed = raw ? (JSON.parse(raw) as unknown) : null;
    if (!parsed || typeof parsed !== 'object') return [];
    return Object.entries(parsed as Record<string, { x?: unknown; y?: unknown }>).flatMap(([id, p]) =>
      typeof p?.x === 'number' && typeof p?.y === 'number' && Number.isFinite(p.x) && Number.isFinite(p.y) ? [{ id, x: p.x, y: p.y }] : []);
  } catch {
    return [];
  }
}

/** Load, pin and unpin for a diagram whose store holds its pins: the store first (the next layout uses it), then the project store. */
export function pinActions<S extends { pins: PinnedPositions }>(diagram: DiagramKind, store: Store<S>, relayout: () => void): {
  /** Read a project's pins into the store (unless another project was opened meanwhile). */
  load(root: string, stillOpen: () => boolean): Promise<void>;
  pin(id: string, position: { x: number; y: number }): void;
  clear(): void;
} {
  return {
    load(root, stillOpen) {
      return loadPins(diagram, root).then(
        (pins) => { if (stillOpen()) store.set({ pins } as Partial<S>); },
        (error: unknown) => { reportError('Could not read the pinned positions', error); },
      );
    },
    pin(id, position) {
      const pins = { ...store.get().pins, [id]: { x: Math.round(position.x), y: Math.round(position.y) } };
      store.set({ pins } as Partial<S>);
      savePin(diagram, id, pins[id]).catch((error: unknown) => reportError('Could not keep the pinned position', error));
      relayout();
    },
    clear() {
      store.set({ pins: {} } as Partial<S>);
      clearStoredPins(diagram).catch((error: unknown) => reportError('Could not forget the pinned positions', error));
      relayout();
    },
  };
}
