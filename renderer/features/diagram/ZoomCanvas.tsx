import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Rect } from '../../../shared/diagram/geometry.js';
import type { SvgElement } from '../../../shared/diagram/svg-element.js';
import { SvgNode } from './svg-react.js';

/** One drawable thing: a prebuilt element (memoised by identity), its box for culling, an optional cheap stand-in. */
export interface CanvasItem {
  key: string;
  box: Rect;
  element: SvgElement;
  /** Drawn instead when zoomed far out (no text: thousands of text nodes are what makes SVG slow). */
  coarse?: SvgElement;
  /** Wrap with an invisible wide stroke so thin lines are easy to hover and click (zoomed in: far out, there is nothing to aim at). */
  hitPath?: string;
  /** Not drawn at all when zoomed far out (protocol labels): fewer elements for the browser to create. */
  detailOnly?: boolean;
}

/** A title kept legible when the world is zoomed too far out to read it (a boundary's name, above its top-left corner). */
export interface ScreenLabel {
  key: string;
  box: Rect;
  text: string;
  /** Small caps before the text (the boundary's kind). */
  prefix?: string;
  /** Font size of the title as the world draws it: the screen label shows once that is smaller than SCREEN_LABEL_MIN_PX. */
  worldFontSize: number;
}

/** Below this on-screen size a world title is replaced by its screen label. */
const SCREEN_LABEL_MIN_PX = 8;

/** Widths of a screen label's text (with its padding) and kind prefix (with its margin), as CSS draws them. */
const labelWidths = new Map<string, { text: number; prefix: number }>();
let measuring: CanvasRenderingContext2D | null | undefined;
function measureLabel(label: ScreenLabel): { text: number; prefix: number } {
  const key = `${label.prefix ?? ''}\u0000${label.text}`;
  let widths = labelWidths.get(key);
  if (!widths) {
    measuring ??= document.createElement('canvas').getContext('2d');
    const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
    const width = (font: string, text: string) => {
      if (!measuring) return text.length * 7.5;
      measuring.font = font;
      return measuring.measureText(text).width;
    };
    // Matches .zoom-screen-label (600 12px, 6px padding each side) and its prefix (10px, 0.6px letter spacing, 5px margin).
    widths = { text: Math.ceil(width(`600 12px ${family}`, label.text)) + 14, prefix: label.prefix ? Math.ceil(width(`400 10px ${family}`, label.prefix) + label.prefix.length * 0.6) + 5 : 0 };
    labelWidths.set(key, widths);
  }
  return widths;
}

export interface CanvasLayer {
  name: string;
  items: CanvasItem[];
}

export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export interface ZoomCanvasHandle {
  fit(): void;
  zoomBy(factor: number): void;
  /** Centre a world rectangle, zooming in to at least `minZoom`. */
  focus(rect: Rect, minZoom?: number): void;
  viewport(): Viewport;
  setViewport(viewport: Viewport): void;
  size(): { width: number; height: number };
}

interface Props {
  world: { width: number; height: number };
  layers: CanvasLayer[];
  /** Extra SVG drawn above everything in world coordinates (drag ghosts, ...). */
  overlay?: ReactNode;
  /** Definitions (markers) placed once in the SVG. */
  defs?: SvgElement;
  background: string;
  onItemClick?(kind: string, id: string, event: React.MouseEvent): void;
  onItemDoubleClick?(kind: string, id: string, event: React.MouseEvent): void;
  onBackgroundClick?(): void;
  /** Nodes that can be dragged: called with the node id and the world offset moved (0 when the drag ends). */
  onDragEnd?(kind: string, id: string, dx: number, dy: number): void;
  draggable?: (kind: string, id: string) => boolean;
  onViewportChange?(viewport: Viewport, size: { width: number; height: number }): void;
  /** When this changes and the user has not moved the view since it was last fitted, fit again. */
  fitKey?: string;
  /** Titles drawn at a legible screen size when zoomed far out (largest first: a smaller one that would overlap it is left out). */
  screenLabels?: ScreenLabel[];
  /** Zoom below which items draw their coarse stand-in (default COARSE_ZOOM; small diagrams can afford detail further out). */
  coarseZoom?: number;
  testId?: string;
  label: string;
}

const MIN_ZOOM = 0.01;
const MAX_ZOOM = 3;
/** Below this zoom, items draw their coarse stand-in and labels are left out. */
export const COARSE_ZOOM = 0.38;

/** Which kind of item (node, edge, group, label, table) an event hit, and its id. */
function hitOf(target: EventTarget | null): { kind: string; id: string; element: Element } | null {
  let el = target instanceof Element ? target : null;
  while (el && el.tagName !== 'svg') {
    for (const kind of ['node', 'group', 'edge', 'table']) {
      const id = el.getAttribute(`data-${kind}`);
      if (id !== null) return { kind, id, element: el };
    }
    el = el.parentElement;
  }
  return null;
}

/**
 * A pannable, zoomable SVG surface. Panning and zooming move one transform (no React render); the set of
 * drawn items is recomputed only when the view leaves the area drawn last time (the visible area plus a
 * screen's margin) or the zoom crosses the detail threshold, so a 1,000-node diagram pans at frame rate.
 */
export const ZoomCanvas = forwardRef<ZoomCanvasHandle, Props>(function ZoomCanvas(props, ref) {
  const { world, layers } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const sceneRef = useRef<SVGGElement>(null);
  const view = useRef<Viewport>({ x: 0, y: 0, k: 1 });
  const sizeRef = useRef({ width: 800, height: 600 });
  const [drawn, setDrawn] = useState<{ rect: Rect; coarse: boolean } | null>(null);
  const drawnRef = useRef(drawn);
  drawnRef.current = drawn;
  const callbacks = useRef(props);
  callbacks.current = props;
  const fitted = useRef(false);
  /** The user moved or zoomed the view since the last fit. */
  const moved = useRef(false);

  const visibleRect = useCallback((): Rect => {
    const { x, y, k } = view.current;
    const { width, height } = sizeRef.current;
    return { x: -x / k, y: -y / k, width: width / k, height: height / k };
  }, []);

  const refreshDrawn = useCallback((force = false) => {
    const visible = visibleRect();
    const coarse = view.current.k < (callbacks.current.coarseZoom ?? COARSE_ZOOM);
    const current = drawnRef.current;
    const inside = current && current.coarse === coarse && visible.x >= current.rect.x && visible.y >= current.rect.y
      && visible.x + visible.width <= current.rect.x + current.rect.width && visible.y + visible.height <= current.rect.y + current.rect.height;
    if (inside && !force) return;
    const next = { rect: { x: visible.x - visible.width, y: visible.y - visible.height, width: visible.width * 3, height: visible.height * 3 }, coarse };
    drawnRef.current = next;
    setDrawn(next);
  }, [visibleRect]);

  const labelsRef = useRef<HTMLDivElement>(null);
  /**
   * Put the screen labels above their boxes (inside when there is no room above), where the boxes are now; hide
   * those the world draws legibly, those too narrow, and those overlapping a larger one. The kind prefix goes first
   * when space is short.
   */
  const placeLabels = useCallback(() => {
    const container = labelsRef.current;
    const labels = callbacks.current.screenLabels ?? [];
    if (!container) return;
    const { x, y, k } = view.current;
    const placed: Rect[] = [];
    const shown: string[] = [];
    labels.forEach((label, index) => {
      const element = container.children[index + 1] as HTMLElement | undefined;
      if (!element) return;
      const left = x + label.box.x * k;
      const boxTop = y + label.box.y * k;
      const top = boxTop >= 22 ? boxTop - 21 : boxTop + 2;
      const boxWidth = label.box.width * k;
      const { text: textWidth, prefix: prefixWidth } = measureLabel(label);
      const withPrefix = prefixWidth > 0 && textWidth + prefixWidth <= boxWidth;
      const wanted = withPrefix ? textWidth + prefixWidth : textWidth;
      const free = (width: number) => !placed.some((other) => left < other.x + other.width && other.x < left + width && top < other.y + other.height && other.y < top + 20);
      // Above the box a name may run past a narrow box's edge (up to a limit) when no other label is there.
      const room = [Math.max(boxWidth, Math.min(wanted, 260)), boxWidth].find((width) => free(Math.min(width, wanted)));
      const show = label.worldFontSize * k < SCREEN_LABEL_MIN_PX && boxWidth >= 40 && room !== undefined;
      if (show) { placed.push({ x: left, y: top, width: Math.min(room, wanted), height: 20 }); shown.push(label.key); }
      element.style.display = show ? '' : 'none';
      if (!show) return;
      element.style.transform = `translate(${left}px, ${top}px)`;
      element.style.maxWidth = `${room!}px`;
      (element.firstElementChild as HTMLElement | null)?.classList.toggle('hidden', !withPrefix);
    });
    // The world's own tiny title of a labelled box would show beside its screen label: hide it.
    const rule = shown.length ? `${shown.map((key) => `[data-group="${CSS.escape(key)}"] > text`).join(', ')} { visibility: hidden; }` : '';
    const style = container.firstElementChild as HTMLStyleElement;
    if (style.textContent !== rule) style.textContent = rule;
  }, []);

  const frame = useRef(0);
  const apply = useCallback(() => {
    const { x, y, k } = view.current;
    sceneRef.current?.setAttribute('transform', `translate(${x},${y}) scale(${k})`);
    placeLabels();
    callbacks.current.onViewportChange?.(view.current, sizeRef.current);
    if (!frame.current) {
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        refreshDrawn();
      });
    }
  }, [refreshDrawn]);

  const setViewport = useCallback((next: Viewport) => {
    view.current = { x: next.x, y: next.y, k: Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, next.k)) };
    apply();
  }, [apply]);

  const zoomAt = useCallback((factor: number, cx: number, cy: number) => {
    moved.current = true;
    const { x, y, k } = view.current;
    const nk = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, k * factor));
    const f = nk / k;
    setViewport({ k: nk, x: cx - (cx - x) * f, y: cy - (cy - y) * f });
  }, [setViewport]);

  const fit = useCallback(() => {
    moved.current = false;
    const { width, height } = sizeRef.current;
    const k = Math.max(MIN_ZOOM, Math.min(1, (width - 40) / Math.max(1, world.width), (height - 40) / Math.max(1, world.height)));
    setViewport({ k, x: (width - world.width * k) / 2, y: (height - world.height * k) / 2 });
  }, [world.width, world.height, setViewport]);

  const focus = useCallback((rect: Rect, minZoom = 0.8) => {
    moved.current = true;
    const { width, height } = sizeRef.current;
    const k = Math.max(view.current.k, minZoom);
    // Centre it; when it does not fit, show its top-left part (a long table's name and first columns).
    const x = rect.width * k > width - 40 ? 20 - rect.x * k : width / 2 - (rect.x + rect.width / 2) * k;
    const y = rect.height * k > height - 40 ? 20 - rect.y * k : height / 2 - (rect.y + rect.height / 2) * k;
    setViewport({ k, x, y });
  }, [setViewport]);

  useImperativeHandle(ref, () => ({
    fit, focus, setViewport,
    zoomBy: (factor) => zoomAt(factor, sizeRef.current.width / 2, sizeRef.current.height / 2),
    viewport: () => view.current,
    size: () => sizeRef.current,
  }), [fit, focus, setViewport, zoomAt]);

  // Track the element's size; fit the first time there is something to show.
  useLayoutEffect(() => {
    const svg = svgRef.current!;
    const observer = new ResizeObserver(() => {
      const box = svg.getBoundingClientRect();
      sizeRef.current = { width: Math.max(1, box.width), height: Math.max(1, box.height) };
      if (!fitted.current && world.width > 0) {
        fitted.current = true;
        fit();
      } else apply();
      refreshDrawn(true);
    });
    observer.observe(svg);
    return () => observer.disconnect();
  }, [fit, apply, refreshDrawn, world.width]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // A new picture of the same thing (the full diagram after its overview): fit it unless the user took over.
  const lastFitKey = useRef(props.fitKey);
  useEffect(() => {
    if (props.fitKey === lastFitKey.current) return;
    lastFitKey.current = props.fitKey;
    if (!moved.current && fitted.current) fit();
  }, [props.fitKey, fit]);

  // Wheel: zoom around the pointer; horizontal wheel (trackpads) pans. Not passive, so the page does not scroll.
  useEffect(() => {
    const svg = svgRef.current!;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = svg.getBoundingClientRect();
      if (!event.ctrlKey && Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        setViewport({ ...view.current, x: view.current.x - event.deltaX, y: view.current.y });
        return;
      }
      const scale = event.deltaMode === 1 ? 30 : 1;
      zoomAt(Math.exp(-event.deltaY * scale * (event.ctrlKey ? 0.01 : 0.0015)), event.clientX - box.left, event.clientY - box.top);
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [setViewport, zoomAt]);

  // Pointer: drag the background to pan, drag a draggable node to move it; a press without movement is a click.
  const gesture = useRef<{ kind: 'pan' | 'drag'; startX: number; startY: number; origin: Viewport; hit?: { kind: string; id: string; element: Element }; moved: boolean } | null>(null);
  const onPointerDown = (event: React.PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    const hit = hitOf(event.target);
    const drag = hit && callbacks.current.draggable?.(hit.kind, hit.id);
    gesture.current = { kind: drag ? 'drag' : 'pan', startX: event.clientX, startY: event.clientY, origin: { ...view.current }, hit: hit ?? undefined, moved: false };
    pressed.current = { x: event.clientX, y: event.clientY, hit };
  };
  const onPointerMove = (event: React.PointerEvent<SVGSVGElement>) => {
    const g = gesture.current;
    if (!g) return;
    const dx = event.clientX - g.startX;
    const dy = event.clientY - g.startY;
    if (!g.moved && Math.hypot(dx, dy) < 4) return;
    // Capture only once it is a drag: a captured press would send its click to the canvas, not the item.
    if (!g.moved) svgRef.current!.setPointerCapture(event.pointerId);
    g.moved = true;
    if (g.kind === 'pan') {
      moved.current = true;
      setViewport({ ...g.origin, x: g.origin.x + dx, y: g.origin.y + dy });
    }
    else g.hit!.element.setAttribute('transform', `translate(${dx / view.current.k},${dy / view.current.k})`);
  };
  const onPointerUp = (event: React.PointerEvent<SVGSVGElement>) => {
    const g = gesture.current;
    gesture.current = null;
    if (!g) return;
    if (g.kind === 'drag' && g.moved) {
      g.hit!.element.removeAttribute('transform');
      callbacks.current.onDragEnd?.(g.hit!.kind, g.hit!.id, (event.clientX - g.startX) / view.current.k, (event.clientY - g.startY) / view.current.k);
    }
  };
  const pressed = useRef<{ x: number; y: number; hit: ReturnType<typeof hitOf> } | null>(null);
  const onClick = (event: React.MouseEvent<SVGSVGElement>) => {
    const press = pressed.current;
    if (press && Math.hypot(event.clientX - press.x, event.clientY - press.y) >= 4) return;
    const hit = press ? press.hit : hitOf(event.target);
    if (hit) callbacks.current.onItemClick?.(hit.kind, hit.id, event);
    else callbacks.current.onBackgroundClick?.();
  };
  const onDoubleClick = (event: React.MouseEvent<SVGSVGElement>) => {
    const hit = pressed.current?.hit ?? hitOf(event.target);
    if (hit) callbacks.current.onItemDoubleClick?.(hit.kind, hit.id, event);
    else fit();
  };
  const onKeyDown = (event: React.KeyboardEvent<SVGSVGElement>) => {
    const step = 60;
    const keys: Record<string, () => void> = {
      '+': () => zoomAt(1.25, sizeRef.current.width / 2, sizeRef.current.height / 2),
      '=': () => zoomAt(1.25, sizeRef.current.width / 2, sizeRef.current.height / 2),
      '-': () => zoomAt(0.8, sizeRef.current.width / 2, sizeRef.current.height / 2),
      '0': fit,
      ArrowLeft: () => setViewport({ ...view.current, x: view.current.x + step }),
      ArrowRight: () => setViewport({ ...view.current, x: view.current.x - step }),
      ArrowUp: () => setViewport({ ...view.current, y: view.current.y + step }),
      ArrowDown: () => setViewport({ ...view.current, y: view.current.y - step }),
    };
    const action = keys[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    action();
  };

  const visible = useMemo(() => {
    if (!drawn) return [];
    const r = drawn.rect;
    return layers.map((layer) => ({
      name: layer.name,
      items: layer.items.filter((item) => !(drawn.coarse && item.detailOnly) && item.box.x < r.x + r.width && item.box.x + item.box.width > r.x && item.box.y < r.y + r.height && item.box.y + item.box.height > r.y),
    }));
  }, [layers, drawn]);

  return (
    <>
      <svg
        ref={svgRef}
        className="zoom-canvas"
        data-testid={props.testId}
        data-zoom={drawn?.coarse ? 'coarse' : 'detail'}
        role="application"
        aria-label={props.label}
        tabIndex={0}
        style={{ background: props.background }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => { gesture.current = null; }}
        onClick={onClick}
        onDoubleClick={onDoubleClick}
        onKeyDown={onKeyDown}
      >
        {props.defs && <SvgNode element={props.defs} />}
        <g ref={sceneRef} transform={`translate(${view.current.x},${view.current.y}) scale(${view.current.k})`}>
          {visible.map((layer) => (
            <g key={layer.name} data-layer={layer.name}>
              {layer.items.map((item) => {
                const element = drawn?.coarse && item.coarse ? item.coarse : item.element;
                if (!item.hitPath || drawn?.coarse) return <SvgNode key={item.key} element={element} />;
                return (
                  <g key={item.key} className="dg-hit-group">
                    <path d={item.hitPath} className="dg-hit" fill="none" stroke="transparent" strokeWidth={10} data-edge={element.attrs['data-edge']} />
                    <SvgNode element={element} />
                  </g>
                );
              })}
            </g>
          ))}
          {props.overlay}
        </g>
      </svg>
      {props.screenLabels?.length ? (
        <div className="zoom-screen-labels" ref={labelsRef} aria-hidden="true" data-testid={props.testId ? `${props.testId}-screen-labels` : undefined}>
          <style />
          {props.screenLabels.map((label) => (
            <div key={label.key} className="zoom-screen-label" style={{ display: 'none' }}>
              <span className="zoom-screen-label-prefix">{label.prefix}</span>{label.text}
            </div>
          ))}
        </div>
      ) : null}
    </>
  );
});
