/**
 * ELK layered options. `TUNED` is what Archbench lays out with: left-to-right flow, orthogonal edges, fixed
 * port sides, inline protocol labels. Model-order constraints are left off: measured on a top level with
 * hundreds of flows they cost more than the rest of the layout, and stability comes from the sub-layout cache.
 * Speed comes from laying out each trust boundary on its own (see system-layout.ts), not from cutting corners
 * in the phases: every sub-layout keeps ELK's full crossing minimisation.
 */
export type LayoutOptions = Record<string, string>;

/** What "default elkjs layered" means in the benchmarks: the algorithm and nothing else. */
export const DEFAULT_ELK_OPTIONS: LayoutOptions = { 'elk.algorithm': 'layered' };

/** Options of every sub-layout (a boundary's contents, or the top level). */
export const TUNED_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.unnecessaryBendpoints': 'false',
  'elk.layered.spacing.nodeNodeBetweenLayers': '64',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.spacing.nodeNode': '26',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '3',
  'elk.spacing.componentComponent': '40',
  'elk.edgeLabels.inline': 'true',
  'elk.layered.edgeLabels.sideSelection': 'SMART_DOWN',
  'elk.randomSeed': '1',
};

/**
 * Added for large diagrams: two layer-sweep passes instead of ELK's default thoroughness of seven (measured: the
 * restarts are the largest single cost of a boundary's layout), greedy switch still on for small boxes.
 */
export const LARGE_OPTIONS: LayoutOptions = {
  'elk.layered.thoroughness': '2',
};

/** Inside a boundary box: room at the top for its title. */
export const GROUP_PADDING = { top: 40, left: 18, bottom: 18, right: 18 };

export function paddingOption(p: { top: number; left: number; bottom: number; right: number }): string {
  return `[top=${p.top},left=${p.left},bottom=${p.bottom},right=${p.right}]`;
}

/** Bumped whenever options or graph construction change, so cached layouts from older builds are not reused. */
export const LAYOUT_VERSION = 'v2';
