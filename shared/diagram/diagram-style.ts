/**
 * The diagrams' visual language, shared by the on-screen view (React) and the standalone SVG export, so an
 * export looks like the screen: palettes (the workbench theme's colours, inline), node shapes per kind,
 * small kind glyphs, edge paths with rounded corners.
 */
import type { Severity } from '../model/finding.js';
import type { DiagramNodeKind } from './diagram-graph.js';
import type { Point, Rect } from './geometry.js';

export type DiagramTheme = 'dark' | 'light';

export interface Palette {
  background: string;
  nodeFill: string;
  nodeStroke: string;
  text: string;
  textMuted: string;
  groupFill: string;
  groupStroke: string;
  groupText: string;
  edge: string;
  edgeMuted: string;
  labelFill: string;
  labelText: string;
  marker: string;
  accent: string;
  danger: string;
  dimmed: number;
  kinds: Record<DiagramNodeKind, string>;
  severity: Record<Severity, string>;
}

export const PALETTES: Record<DiagramTheme, Palette> = {
  dark: {
    background: '#1e1f23', nodeFill: '#25272c', nodeStroke: '#4a4e57', text: '#eef0f3', textMuted: '#9499a2',
    groupFill: 'rgba(255,255,255,0.025)', groupStroke: '#4b5060', groupText: '#aab0bb',
    edge: '#8a909b', edgeMuted: '#5c616b', labelFill: '#1e1f23', labelText: '#c5c9d0', marker: '#e2b85a',
    accent: '#4c8dff', danger: '#f07171', dimmed: 0.16,
    kinds: { service: '#5b9bff', datastore: '#e5a45c', cache: '#e06c9f', queue: '#c9a5f5', gateway: '#6ccf8e', external: '#8a8f98', client: '#5cb8e5', job: '#7d9cf5', boundary: '#aab0bb' },
    severity: { critical: '#ff5c8d', high: '#f07171', medium: '#e2b85a', low: '#5b9bff', info: '#8d939c' },
  },
  light: {
    background: '#ffffff', nodeFill: '#ffffff', nodeStroke: '#b9bec7', text: '#111418', textMuted: '#5d646e',
    groupFill: 'rgba(32,103,224,0.025)', groupStroke: '#9aa3b2', groupText: '#4a525e',
    edge: '#6b717b', edgeMuted: '#a9aeb6', labelFill: '#ffffff', labelText: '#3a414b', marker: '#a06800',
    accent: '#2067e0', danger: '#c93c3c', dimmed: 0.14,
    kinds: { service: '#2067e0', datastore: '#b0620f', cache: '#b02b6b', queue: '#7a45c4', gateway: '#1d8a4a', external: '#6b717b', client: '#1479ad', job: '#3656c9', boundary: '#4a525e' },
    severity: { critical: '#c2185b', high: '#c93c3c', medium: '#a06800', low: '#2067e0', info: '#6b717b' },
  },
};

export const UI_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
export const MONO_FONT = "ui-monospace, 'SF Mono', 'Cascadia Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

export const KIND_LABELS: Record<DiagramNodeKind, string> = {
  service: 'service', datastore: 'datastore', cache: 'cache', queue: 'queue', gateway: 'gateway', external: 'external', client: 'client', job: 'job', boundary: 'boundary',
};

const f = (n: number) => Math.round(n * 10) / 10;

/** The outline of a node of a kind, as an SVG path: the shape tells the kind before the icon does. */
export function nodeShapePath(kind: DiagramNodeKind, r: Rect): string {
  const { x, y, width: w, height: h } = r;
  switch (kind) {
    case 'datastore': {
      // A cylinder: elliptic top and bottom.
      const e = 6;
      return `M${f(x)},${f(y + e)} A${f(w / 2)},${e} 0 0 1 ${f(x + w)},${f(y + e)} V${f(y + h - e)} A${f(w / 2)},${e} 0 0 1 ${f(x)},${f(y + h - e)} Z M${f(x)},${f(y + e)} A${f(w / 2)},${e} 0 0 0 ${f(x + w)},${f(y + e)}`;
    }
    case 'gateway': {
      const c = 10;
      return `M${f(x + c)},${f(y)} H${f(x + w - c)} L${f(x + w)},${f(y + h / 2)} L${f(x + w - c)},${f(y + h)} H${f(x + c)} L${f(x)},${f(y + h / 2)} Z`;
    }
    case 'client':
      return roundedRect(r, h / 2);
    case 'queue': {
      // A pipe: rounded right end drawn as an ellipse, like a tube seen from the side.
      const e = 7;
      return `M${f(x + 4)},${f(y)} H${f(x + w - e)} A${e},${f(h / 2)} 0 0 1 ${f(x + w - e)},${f(y + h)} H${f(x + 4)} Q${f(x)},${f(y + h)} ${f(x)},${f(y + h - 4)} V${f(y + 4)} Q${f(x)},${f(y)} ${f(x + 4)},${f(y)} Z M${f(x + w - e)},${f(y)} A${e},${f(h / 2)} 0 0 0 ${f(x + w - e)},${f(y + h)}`;
    }
    case 'boundary':
      return roundedRect(r, 3);
    default:
      return roundedRect(r, kind === 'external' ? 2 : 6);
  }
}

export function roundedRect(r: Rect, radius: number): string {
  const { x, y, width: w, height: h } = r;
  const q = Math.min(radius, w / 2, h / 2);
  return `M${f(x + q)},${f(y)} H${f(x + w - q)} A${f(q)},${f(q)} 0 0 1 ${f(x + w)},${f(y + q)} V${f(y + h - q)} A${f(q)},${f(q)} 0 0 1 ${f(x + w - q)},${f(y + h)} H${f(x + q)} A${f(q)},${f(q)} 0 0 1 ${f(x)},${f(y + h - q)} V${f(y + q)} A${f(q)},${f(q)} 0 0 1 ${f(x + q)},${f(y)} Z`;
}

/** Dashed outline for kinds outside the system (external systems). */
export function nodeDash(kind: DiagramNodeKind): string | undefined {
  return kind === 'external' ? '5 3' : undefined;
}

/**
 * A 16×16 glyph for a kind, as stroke-only path data in a 0..16 box (drawn with stroke = kind colour).
 * Simple geometric marks that read at small sizes and need no icon font.
 */
export const KIND_GLYPHS: Record<DiagramNodeKind, string> = {
  service: 'M2,3 H14 V7 H2 Z M2,9 H14 V13 H2 Z M4.5,5 H5 M4.5,11 H5',
  datastore: 'M2.5,3.5 C2.5,1.5 13.5,1.5 13.5,3.5 V12.5 C13.5,14.5 2.5,14.5 2.5,12.5 Z M2.5,3.5 C2.5,5.5 13.5,5.5 13.5,3.5 M2.5,8 C2.5,10 13.5,10 13.5,8',
  cache: 'M9,1.5 L3.5,9 H8 L7,14.5 L12.5,7 H8 Z',
  queue: 'M1.5,4 H14.5 V12 H1.5 Z M5,4 V12 M8,4 V12 M11,4 V12',
  gateway: 'M8,1.5 L14.5,8 L8,14.5 L1.5,8 Z M5,8 H11 M9,6 L11,8 L9,10',
  external: 'M4.5,12.5 A3,3 0 0 1 4,6.6 A4,4 0 0 1 11.6,5.6 A3.4,3.4 0 0 1 12,12.5 Z',
  client: 'M2,3 H14 V11 H2 Z M6,14 H10 M8,11 V14',
  job: 'M8,1.5 V3.5 M8,12.5 V14.5 M1.5,8 H3.5 M12.5,8 H14.5 M3.4,3.4 L4.8,4.8 M11.2,11.2 L12.6,12.6 M3.4,12.6 L4.8,11.2 M11.2,4.8 L12.6,3.4 M8,5 A3,3 0 1 1 7.99,5 Z',
  boundary: 'M1.5,1.5 H14.5 V14.5 H1.5 Z M4,4 H7 V7 H4 Z M9,4 H12 V7 H9 Z M4,9 H7 V12 H4 Z M9,9 H12 V12 H9 Z',
};

/** A globe mark for internet-facing components (0..12 box). */
export const GLOBE_GLYPH = 'M6,0.8 A5.2,5.2 0 1 1 5.99,0.8 Z M0.8,6 H11.2 M6,0.8 C3.4,3.5 3.4,8.5 6,11.2 M6,0.8 C8.6,3.5 8.6,8.5 6,11.2';

/** An orthogonal polyline as an SVG path with small rounded corners (easier to follow than sharp ones). */
export function edgePath(points: readonly Point[], radius = 5): string {
  if (!points.length) return '';
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i];
    const next = points[i + 1];
    if (!next) {
      d += ` L${f(p.x)},${f(p.y)}`;
      break;
    }
    const prev = points[i - 1];
    const inLength = Math.hypot(p.x - prev.x, p.y - prev.y);
    const outLength = Math.hypot(next.x - p.x, next.y - p.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    if (r < 0.5) {
      d += ` L${f(p.x)},${f(p.y)}`;
      continue;
    }
    const a = { x: p.x - ((p.x - prev.x) / inLength) * r, y: p.y - ((p.y - prev.y) / inLength) * r };
    const b = { x: p.x + ((next.x - p.x) / outLength) * r, y: p.y + ((next.y - p.y) / outLength) * r };
    d += ` L${f(a.x)},${f(a.y)} Q${f(p.x)},${f(p.y)} ${f(b.x)},${f(b.y)}`;
  }
  return d;
}

/** Short letters for the missing-control badges on edge labels (T: timeout, A: authentication, E: encryption). */
export const MISSING_LETTERS = { timeout: 'T', auth: 'A', encryption: 'E' } as const;

export const SEVERITY_SHORT: Record<Severity, string> = { critical: 'C', high: 'H', medium: 'M', low: 'L', info: 'I' };
