import { useMemo, useRef } from 'react';
import type { DiagramTheme, Palette } from '../../../shared/diagram/diagram-style.js';
import { nodeShapePath, PALETTES, edgePath, UI_FONT } from '../../../shared/diagram/diagram-style.js';
import { truncateText } from '../../../shared/diagram/text-metrics.js';
import { boundsOf, type Rect } from '../../../shared/diagram/geometry.js';
import { el, type SvgElement } from '../../../shared/diagram/svg-element.js';
import type { DiagramLayout } from '../../../shared/diagram/system-layout.js';
import { edgeElement, groupElement, labelElement, nodeElement, type ElementState } from '../../../shared/diagram/system-svg.js';
import type { CanvasLayer } from './ZoomCanvas.js';

export interface Highlight {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
  tone: 'accent' | 'danger';
}

/** Prefix of marker ids on screen (the export uses its own). */
export const SCREEN_PREFIX = 'dg';

const stateKey = (state: ElementState) => `${state.tone}${state.selected ? '*' : ''}`;

/**
 * The canvas layers of a laid-out diagram. Element descriptors are kept per item and rebuilt only when
 * that item's state changes, so selecting a node or hovering re-renders that node, not the graph.
 */
export function useDiagramLayers(layout: DiagramLayout | null, theme: DiagramTheme, highlight: Highlight | null, selected: string | null): CanvasLayer[] {
  const memo = useRef<{ layout: DiagramLayout | null; theme: DiagramTheme; items: Map<string, { key: string; element: SvgElement; coarse?: SvgElement }> }>({ layout: null, theme, items: new Map() });
  return useMemo(() => {
    if (!layout) return [];
    if (memo.current.layout !== layout || memo.current.theme !== theme) memo.current = { layout, theme, items: new Map() };
    const palette = PALETTES[theme];
    const cached = memo.current.items;
    const reuse = (id: string, state: ElementState, build: () => SvgElement, coarse?: () => SvgElement) => {
      const key = stateKey(state);
      const hit = cached.get(id);
      if (hit && hit.key === key) return hit;
      const entry = { key, element: build(), coarse: coarse?.() };
      cached.set(id, entry);
      return entry;
    };
    const nodeState = (id: string): ElementState => ({ tone: !highlight ? 'normal' : highlight.nodes.has(id) ? highlight.tone : 'dim', selected: id === selected });
    const edgeState = (id: string): ElementState => ({ tone: !highlight ? 'normal' : highlight.edges.has(id) ? highlight.tone : 'dim' });

    const groups = layout.graph.groups.filter((g) => layout.groups[g.id]).map((group) => {
      const rect = layout.groups[group.id];
      const state: ElementState = { tone: 'normal', selected: group.id === selected };
      const entry = reuse(`g:${group.id}`, state, () => groupElement(group, rect, palette, state));
      return { key: `g:${group.id}`, box: rect, element: entry.element };
    });
    groups.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
    const edges = layout.graph.edges.filter((e) => layout.edges[e.id]?.length).map((edge) => {
      const points = layout.edges[edge.id];
      const entry = reuse(`e:${edge.id}`, edgeState(edge.id), () => edgeElement(edge, points, palette, SCREEN_PREFIX, edgeState(edge.id)));
      return { key: `e:${edge.id}`, box: pad(boundsOf([], points), 6), element: entry.element, hitPath: edgePath(points) };
    });
    const labels = layout.labels.map((label, index) => {
      const state: ElementState = { tone: !highlight ? 'normal' : label.edges.some((id) => highlight.edges.has(id)) ? highlight.tone : 'dim' };
      const entry = reuse(`l:${index}`, state, () => labelElement(label, palette, state));
      return { key: `l:${index}`, box: label, element: entry.element, detailOnly: true };
    });
    const nodes = layout.graph.nodes.filter((n) => layout.nodes[n.id]).map((node) => {
      const rect = layout.nodes[node.id];
      const state = nodeState(node.id);
      const entry = reuse(`n:${node.id}`, state, () => nodeElement(node, rect, palette, state), () => coarseNode(node.id, node.label, node.kind, rect, palette, state));
      return { key: `n:${node.id}`, box: pad(rect, 10), element: entry.element, coarse: entry.coarse };
    });
    return [
      { name: 'groups', items: groups },
      { name: 'edges', items: edges },
      { name: 'labels', items: labels },
      { name: 'nodes', items: nodes },
    ];
  }, [layout, theme, highlight, selected]);
}

/** A node far out: its shape filled with its kind's colour, no text. */
function coarseNode(id: string, label: string, kind: Parameters<typeof nodeShapePath>[0], rect: Rect, palette: Palette, state: ElementState): SvgElement {
  const colour = state.selected ? palette.accent : state.tone === 'danger' ? palette.danger : state.tone === 'accent' ? palette.accent : palette.kinds[kind];
  return el('g', { 'data-node': id, 'data-tone': state.tone, 'data-selected': state.selected ? 'true' : undefined, opacity: state.tone === 'dim' ? palette.dimmed : undefined }, [
    el('path', { d: nodeShapePath(kind, rect), fill: colour, 'fill-opacity': 0.3, stroke: colour, 'stroke-width': state.selected || state.tone !== 'normal' ? 6 : 2 }),
    // Far out, a large name is all that can be read.
    el('text', { x: rect.x + 8, y: rect.y + rect.height / 2 + 8, 'font-family': UI_FONT, 'font-size': 22, 'font-weight': 700, fill: palette.text }, truncateText(label, 22, rect.width - 14)),
  ]);
}

function pad(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by };
}
