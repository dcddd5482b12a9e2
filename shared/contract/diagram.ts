/**
 * The diagrams' project state in the store: positions the user pinned by dragging nodes, and laid-out
 * boxes (sub-layouts keyed by the hash of their input, which includes the layout-options version) so a
 * reopened project draws its diagram without running ELK again.
 */
import * as z from 'zod';

/** Which diagram: the system diagram or the ERD. */
export type DiagramKind = 'system' | 'erd';

/** A node's pinned top-left (relative to its boundary on the system diagram, absolute on the ERD). */
export interface DiagramPin {
  id: string;
  x: number;
  y: number;
}

const diagram = z.enum(['system', 'erd']);
const coordinate = z.number().finite().min(-1e7).max(1e7);
const pin = z.object({ id: z.string().min(1).max(1000), x: coordinate, y: coordinate }).strict();
/** A cache key: `<layout version>:<hash of the box's input>`. */
const layoutKey = z.string().min(1).max(200);

export const diagramSchemas = {
  'diagram.pins.get': z.object({ diagram }).strict(),
  'diagram.pins.set': z.object({ diagram, pins: z.array(pin).max(50_000) }).strict(),
  'diagram.pins.clear': z.object({ diagram, ids: z.array(z.string().min(1).max(1000)).max(50_000).optional() }).strict(),
  'diagram.layout.get': z.object({ diagram }).strict(),
  'diagram.layout.put': z.object({ diagram, entries: z.record(layoutKey, z.unknown()) }).strict(),
};

export interface DiagramHandlers {
  /** Every pinned position of the diagram. */
  'diagram.pins.get': (args: { diagram: DiagramKind }) => { pins: DiagramPin[] };
  /** Pin nodes (a node pinned before moves to its new position; other pins stay). */
  'diagram.pins.set': (args: { diagram: DiagramKind; pins: DiagramPin[] }) => { pins: DiagramPin[] };
  /** Unpin the given nodes, or every node of the diagram. */
  'diagram.pins.clear': (args: { diagram: DiagramKind; ids?: string[] }) => { pins: DiagramPin[] };
  /** The laid-out boxes the store holds for the diagram (computed in main after each analysis, or saved by the renderer). */
  'diagram.layout.get': (args: { diagram: DiagramKind }) => { entries: Record<string, unknown> };
  /** Keep boxes the renderer laid out; the oldest are dropped past a bound. */
  'diagram.layout.put': (args: { diagram: DiagramKind; entries: Record<string, unknown> }) => { stored: number };
}
