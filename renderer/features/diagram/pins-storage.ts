import type { PinnedPositions } from '../../../shared/diagram/pins.js';

/**
 * Pinned node positions per project, in localStorage keyed by project root (`archbench.pins.v1:<view>:<root>`).
 * Small (a few numbers per pinned node); a project store table can replace it without changing callers.
 */
const PREFIX = 'archbench.pins.v1:';

export function loadPins(view: 'system' | 'erd', root: string): PinnedPositions {
  try {
    const raw = localStorage.getItem(`${PREFIX}${view}:${root}`);
    const parsed = raw ? (JSON.parse(raw) as unknown) : {};
    if (!parsed || typeof parsed !== 'object') return {};
    const pins: PinnedPositions = {};
    for (const [id, value] of Object.entries(parsed as Record<string, unknown>)) {
      const p = value as { x?: unknown; y?: unknown };
      if (typeof p?.x === 'number' && typeof p?.y === 'number' && Number.isFinite(p.x) && Number.isFinite(p.y)) pins[id] = { x: p.x, y: p.y };
    }
    return pins;
  } catch {
    return {};
  }
}

export function savePins(view: 'system' | 'erd', root: string, pins: PinnedPositions): void {
  try {
    const key = `${PREFIX}${view}:${root}`;
    if (Object.keys(pins).length) localStorage.setItem(key, JSON.stringify(pins));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or disabled: pins last for the session.
  }
}
