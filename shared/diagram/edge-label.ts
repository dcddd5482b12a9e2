import type { DiagramEdge } from './diagram-graph.js';
import { textWidth } from './text-metrics.js';

export const EDGE_LABEL_FONT_SIZE = 11;
export const EDGE_LABEL_HEIGHT = 16;
/** Each missing control is a small lettered badge after the protocol. */
export const MARKER_SIZE = 11;
export const MARKER_GAP = 2;
const LABEL_PADDING = 5;

/** Width of the protocol text part of an edge label. */
export function edgeLabelTextWidth(edge: Pick<DiagramEdge, 'label'>): number {
  return edge.label ? textWidth(edge.label, EDGE_LABEL_FONT_SIZE - 0.5, true) : 0;
}

/** Size ELK reserves for an edge's label: protocol text plus one badge per missing control. */
export function edgeLabelSize(edge: Pick<DiagramEdge, 'label' | 'missing'>): { width: number; height: number } {
  const markers = edge.missing.length ? edge.missing.length * (MARKER_SIZE + MARKER_GAP) + 2 : 0;
  return { width: Math.ceil(edgeLabelTextWidth(edge) + 2 * LABEL_PADDING + markers), height: EDGE_LABEL_HEIGHT };
}

export const EDGE_LABEL_PADDING = LABEL_PADDING;
