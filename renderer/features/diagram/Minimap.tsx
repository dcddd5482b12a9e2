import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Icon } from '../../workbench/Icon.js';
import type { Rect } from '../../../shared/diagram/geometry.js';
import type { Viewport } from './ZoomCanvas.js';

export interface MinimapHandle {
  /** Move the viewport frame (called on every pan and zoom; draws nothing else). */
  update(viewport: Viewport, size: { width: number; height: number }): void;
}

interface Props {
  world: { width: number; height: number };
  groups: Rect[];
  nodes: Array<Rect & { colour: string }>;
  colours: { background: string; group: string; frame: string };
  /** Centre the main view on a world point. */
  onNavigate(x: number, y: number): void;
}

const WIDTH = 200;
const HEIGHT = 140;

/** An overview of the whole diagram (boxes only) with the visible area framed; click or drag to move there. */
/** Whether the user folded the map away (kept across views and sessions). */
const FOLDED_KEY = 'archbench.minimap.folded';
function readFolded(): boolean {
  try { return localStorage.getItem(FOLDED_KEY) === '1'; } catch { return false; }
}

/** The map, or the small button it folds into (it sits over the diagram's corner: the user may want that corner back). */
export const Minimap = forwardRef<MinimapHandle, Props>(function Minimap(props, ref) {
  const [folded, setFolded] = useState(readFolded);
  // The latest viewport, so the map frames it as soon as it is unfolded (not only after the next pan).
  const last = useRef<Parameters<MinimapHandle['update']> | null>(null);
  const inner = useRef<MinimapHandle>(null);
  useImperativeHandle(ref, () => ({
    update(viewport, size) {
      last.current = [viewport, size];
      inner.current?.update(viewport, size);
    },
  }), []);
  useEffect(() => {
    if (!folded && last.current) inner.current?.update(...last.current);
  }, [folded]);
  const fold = (next: boolean) => {
    setFolded(next);
    try { localStorage.setItem(FOLDED_KEY, next ? '1' : '0'); } catch { /* private mode: for this page only */ }
  };
  if (folded) {
    return (
      <button type="button" className="minimap-unfold" data-testid="diagram-minimap-show" title="Show the overview map" aria-label="Show the overview map" onClick={() => fold(false)}>
        <Icon name="layout-panel" /> Map
      </button>
    );
  }
  return <MinimapCanvas ref={inner} {...props} onFold={() => fold(true)} />;
});

const MinimapCanvas = forwardRef<MinimapHandle, Props & { onFold(): void }>(function MinimapCanvas({ world, groups, nodes, colours, onNavigate, onFold }, ref) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const scale = Math.min(WIDTH / Math.max(1, world.width), HEIGHT / Math.max(1, world.height));
  const offset = { x: (WIDTH - world.width * scale) / 2, y: (HEIGHT - world.height * scale) / 2 };

  useEffect(() => {
    const canvas = canvasRef.current!;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = colours.background;
    context.fillRect(0, 0, WIDTH, HEIGHT);
    context.strokeStyle = colours.group;
    context.lineWidth = 1;
    for (const g of groups) context.strokeRect(offset.x + g.x * scale, offset.y + g.y * scale, g.width * scale, g.height * scale);
    for (const n of nodes) {
      context.fillStyle = n.colour;
      context.fillRect(offset.x + n.x * scale, offset.y + n.y * scale, Math.max(1, n.width * scale), Math.max(1, n.height * scale));
    }
  }, [groups, nodes, colours, scale, offset.x, offset.y]);

  useImperativeHandle(ref, () => ({
    update(viewport, size) {
      const frame = frameRef.current;
      if (!frame) return;
      const x = offset.x + (-viewport.x / viewport.k) * scale;
      const y = offset.y + (-viewport.y / viewport.k) * scale;
      const w = (size.width / viewport.k) * scale;
      const h = (size.height / viewport.k) * scale;
      const left = Math.max(0, x);
      const top = Math.max(0, y);
      frame.style.left = `${left}px`;
      frame.style.top = `${top}px`;
      frame.style.width = `${Math.max(4, Math.min(WIDTH, x + w) - left)}px`;
      frame.style.height = `${Math.max(4, Math.min(HEIGHT, y + h) - top)}px`;
      // Nothing to navigate to when the whole diagram is in view.
      const all = x <= offset.x + 1 && y <= offset.y + 1 && x + w >= WIDTH - offset.x - 1 && y + h >= HEIGHT - offset.y - 1;
      if (frame.parentElement) frame.parentElement.style.visibility = all ? 'hidden' : 'visible';
    },
  }), [scale, offset.x, offset.y]);

  const navigate = (event: React.PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    onNavigate((event.clientX - box.left - offset.x) / scale, (event.clientY - box.top - offset.y) / scale);
  };

  return (
    <div
      className="minimap"
      data-testid="diagram-minimap"
      aria-label="Overview: click to move there"
      style={{ width: WIDTH, height: HEIGHT }}
      onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); navigate(e); }}
      onPointerMove={(e) => { if (e.buttons === 1) navigate(e); }}
    >
      <canvas ref={canvasRef} style={{ width: WIDTH, height: HEIGHT }} />
      <div ref={frameRef} className="minimap-frame" style={{ borderColor: colours.frame }} />
      <button type="button" className="minimap-fold icon-button" data-testid="diagram-minimap-hide" title="Hide the overview map" aria-label="Hide the overview map"
        onPointerDown={(e) => e.stopPropagation()} onClick={onFold}>
        <Icon name="close" />
      </button>
    </div>
  );
});
