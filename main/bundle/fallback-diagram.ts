import type { Component, SystemModel } from '../../shared/model/model.js';
import { escapeHtml as x } from './html.js';

/** Fill and stroke per component kind: calm tints, readable in print. */
const KIND_STYLE: Record<string, { fill: string; stroke: string; dash?: string }> = {
  service: { fill: '#f1f5f9', stroke: '#475569' },
  gateway: { fill: '#e0f2fe', stroke: '#0369a1' },
  datastore: { fill: '#fef3c7', stroke: '#92400e' },
  cache: { fill: '#fff7ed', stroke: '#c2410c' },
  queue: { fill: '#ede9fe', stroke: '#6d28d9' },
  external: { fill: '#ffffff', stroke: '#6b7280', dash: '5 3' },
  client: { fill: '#ecfccb', stroke: '#3f6212' },
  job: { fill: '#f1f5f9', stroke: '#64748b', dash: '2 2' },
};

const NODE_HEIGHT = 44;
const ROW_GAP = 64;
const NODE_GAP = 22;
const MAX_PER_ROW = 7;
const MARGIN = 20;
const CHAR_WIDTH = 6.9;

interface Placed { component: Component; x: number; y: number; width: number }

/**
 * diagram.svg without a layout engine: components in layers (callers above callees, longest path), wide layers
 * wrapped, order by barycentre; flows as arrows (dashed when asynchronous or pointing upwards). The ELK diagram
 * replaces it when available (see diagrams.ts).
 */
export function renderFallbackDiagram(model: SystemModel, title = 'Dependency diagram'): string {
  const components = [...model.components].sort((a, b) => a.id.localeCompare(b.id));
  if (!components.length) return emptySvg(title, 'No components in the model.');
  const ids = new Set(components.map((c) => c.id));
  const pairs = new Map<string, { from: string; to: string; sync: boolean }>();
  for (const flow of model.flows) {
    if (!ids.has(flow.from) || !ids.has(flow.to) || flow.from === flow.to) continue;
    const key = `${flow.from}\u0000${flow.to}`;
    const previous = pairs.get(key);
    pairs.set(key, { from: flow.from, to: flow.to, sync: (previous?.sync ?? false) || flow.sync !== false });
  }
  const edges = [...pairs.values()];
  const rows = layerRows(components, edges);

  const placed = new Map<string, Placed>();
  let y = MARGIN + 18;
  const rowWidths: number[] = [];
  for (const row of rows) {
    const widths = row.map(nodeWidth);
    rowWidths.push(widths.reduce((a, b) => a + b, 0) + NODE_GAP * (row.length - 1));
  }
  const width = Math.max(360, ...rowWidths) + MARGIN * 2;
  rows.forEach((row, index) => {
    let xPos = (width - rowWidths[index]) / 2;
    for (const component of row) {
      const w = nodeWidth(component);
      placed.set(component.id, { component, x: xPos, y, width: w });
      xPos += w + NODE_GAP;
    }
    y += NODE_HEIGHT + ROW_GAP;
  });
  const height = y - ROW_GAP + MARGIN;

  const edgeSvg = edges.map((edge) => {
    const from = placed.get(edge.from)!;
    const to = placed.get(edge.to)!;
    const down = to.y > from.y;
    const sx = from.x + from.width / 2;
    const tx = to.x + to.width / 2;
    const sy = down ? from.y + NODE_HEIGHT : from.y;
    const ty = down ? to.y : to.y + NODE_HEIGHT;
    const bend = Math.max(24, Math.abs(ty - sy) / 2) * (down ? 1 : -1);
    const dash = !edge.sync || !down ? ' stroke-dasharray="4 3"' : '';
    return `<path d="M${r(sx)},${r(sy)} C${r(sx)},${r(sy + bend)} ${r(tx)},${r(ty - bend)} ${r(tx)},${r(ty)}" fill="none" stroke="#64748b" stroke-width="1.2"${dash} marker-end="url(#arrow)"><title>${x(edge.from)} → ${x(edge.to)}</title></path>`;
  }).join('');

  const nodeSvg = [...placed.values()].map(({ component, x: nx, y: ny, width: w }) => {
    const style = KIND_STYLE[component.kind] ?? KIND_STYLE.service;
    const detail = [component.kind, component.replicas !== undefined ? `×${component.replicas}` : '', component.internetFacing ? 'internet-facing' : ''].filter(Boolean).join(' · ');
    return `<g><title>${x(component.name)} (${x(component.kind)})</title>`
      + `<rect x="${r(nx)}" y="${r(ny)}" width="${r(w)}" height="${NODE_HEIGHT}" rx="6" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${component.internetFacing ? 2 : 1.2}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`
      + `<text x="${r(nx + w / 2)}" y="${r(ny + 19)}" text-anchor="middle" font-size="12" font-weight="600" fill="#0f172a">${x(clip(component.name, 30))}</text>`
      + `<text x="${r(nx + w / 2)}" y="${r(ny + 34)}" text-anchor="middle" font-size="10" fill="#475569">${x(detail)}</text></g>`;
  }).join('');

  const caption = `${model.components.length} components, ${model.flows.length} flows`;
  return svgDocument(width, height, title, `<text x="${MARGIN}" y="${MARGIN}" font-size="11" fill="#64748b">${x(caption)} · solid: synchronous call · dashed: asynchronous or upward</text>${edgeSvg}${nodeSvg}`);
}

/** Rows of components: longest-path layers over the flow graph (cycles broken by DFS), wide layers wrapped. */
function layerRows(components: Component[], edges: Array<{ from: string; to: string }>): Component[][] {
  const out = new Map<string, string[]>();
  for (const c of components) out.set(c.id, []);
  for (const e of edges) out.get(e.from)!.push(e.to);
  // Drop back edges (DFS) so the graph is acyclic, then rank by longest path from the sources.
  const state = new Map<string, 1 | 2>();
  const forward = new Map<string, string[]>();
  const visit = (id: string) => {
    state.set(id, 1);
    const keep: string[] = [];
    for (const next of out.get(id)!) {
      if (state.get(next) === 1) continue;
      keep.push(next);
      if (!state.has(next)) visit(next);
    }
    forward.set(id, keep);
    state.set(id, 2);
  };
  const incoming = new Set(edges.map((e) => e.to));
  for (const c of components) if (!incoming.has(c.id) && !state.has(c.id)) visit(c.id);
  for (const c of components) if (!state.has(c.id)) visit(c.id);
  const rank = new Map<string, number>();
  const order: string[] = [];
  const seen = new Set<string>();
  const topo = (id: string) => {
    seen.add(id);
    for (const next of forward.get(id)!) if (!seen.has(next)) topo(next);
    order.push(id);
  };
  for (const c of components) if (!seen.has(c.id)) topo(c.id);
  for (const id of order.reverse()) {
    const mine = rank.get(id) ?? 0;
    rank.set(id, mine);
    for (const next of forward.get(id)!) rank.set(next, Math.max(rank.get(next) ?? 0, mine + 1));
  }
  const connected = new Set(edges.flatMap((e) => [e.from, e.to]));
  const layers: Component[][] = [];
  const isolated: Component[] = [];
  for (const c of components) {
    if (!connected.has(c.id)) { isolated.push(c); continue; }
    const layer = rank.get(c.id) ?? 0;
    (layers[layer] ??= []).push(c);
  }
  const rows: Component[][] = [];
  const position = new Map<string, number>();
  const parents = new Map<string, string[]>();
  for (const e of edges) (parents.get(e.to) ?? parents.set(e.to, []).get(e.to)!).push(e.from);
  for (const layer of layers.filter(Boolean)) {
    // Barycentre of the callers already placed keeps related nodes close.
    const centre = (c: Component) => {
      const xs = (parents.get(c.id) ?? []).map((p) => position.get(p)).filter((v): v is number => v !== undefined);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.MAX_SAFE_INTEGER;
    };
    const sorted = [...layer].sort((a, b) => centre(a) - centre(b) || a.id.localeCompare(b.id));
    for (let i = 0; i < sorted.length; i += MAX_PER_ROW) {
      const row = sorted.slice(i, i + MAX_PER_ROW);
      row.forEach((c, index) => position.set(c.id, index - row.length / 2));
      rows.push(row);
    }
  }
  for (let i = 0; i < isolated.length; i += MAX_PER_ROW) rows.push(isolated.slice(i, i + MAX_PER_ROW));
  return rows;
}

function nodeWidth(component: Component): number {
  const detail = `${component.kind} · ×${component.replicas ?? ''} · internet-facing`;
  const chars = Math.max(clip(component.name, 30).length * 1.08, component.internetFacing ? detail.length * 0.85 : component.kind.length + 4);
  return Math.max(110, Math.min(240, Math.round(chars * CHAR_WIDTH + 28)));
}

/** A whole SVG document (standalone file and inline figure alike), with an arrow marker and a title. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${r(width)} ${r(height)}" width="${r(width)}" height="${r(height)}" role="img" aria-label="${x(title)}" font-family="Segoe UI, Helvetica Neue, Arial, Liberation Sans, sans-serif">`
    + `<title>${x(title)}</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker></defs>`
    + `<rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>\n`;
}

export function emptySvg(title: string, message: string): string {
  return svgDocument(360, 60, title, `<text x="20" y="35" font-size="12" fill="#64748b">${x(message)}</text>`);
}

/** Shorten a label for a box; the full text stays in the element's <title>. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function r(value: number): string {
  return String(Math.round(value * 10) / 10);
}
