/** The ERD as SVG: builders per table, foreign key and schema (used on screen too) and the standalone document. */
import { PALETTES, edgePath, MONO_FONT, UI_FONT, type DiagramTheme, type Palette } from './diagram-style.js';
import { erdNeighbours, ERD_FONT_SIZE, ERD_HEADER, ERD_ROW, rowCentre, typeLabel, type ErdEdge, type ErdLayout, type ErdTable } from './erd-layout.js';
import type { Rect } from './geometry.js';
import { el, serialize, type SvgElement } from './svg-element.js';
import { markerDefs, type ElementState } from './system-svg.js';
import { truncateText } from './text-metrics.js';

const NORMAL: ElementState = { tone: 'normal' };

/** Lock (RLS on) and open lock (RLS off), 0..12 box. */
const LOCK = 'M3,5.5 V4 A3,3 0 0 1 9,4 V5.5 M2,5.5 H10 V11 H2 Z';
const OPEN_LOCK = 'M3,5.5 V4 A3,3 0 0 1 8.6,2.6 M2,5.5 H10 V11 H2 Z';
/** A key for primary-key columns, 0..12 box. */
const KEY = 'M4,4 A2.6,2.6 0 1 1 3.99,4 Z M6.2,5.6 L11,10.4 M9,8.4 L10.4,7 M10.2,9.6 L11.4,8.4';

export function erdColours(palette: Palette): { header: string; rls: string; noRls: string; pk: string; fk: string } {
  return { header: palette.groupFill === 'rgba(255,255,255,0.025)' ? '#2b2e35' : '#eef2f8', rls: palette === PALETTES.dark ? '#63c17f' : '#2c8a4a', noRls: palette.danger, pk: palette.marker, fk: palette.accent };
}

/** The colour that marks a table's RLS state from far out (coarse zoom, minimap): neutral where RLS is not in play. */
export function rlsTone(table: Pick<ErdTable, 'rlsEnabled' | 'rlsInPlay'>, palette: Palette): string {
  if (!table.rlsInPlay) return palette.nodeStroke;
  return table.rlsEnabled ? palette.kinds.gateway : palette.danger;
}

/** A table: header with name, RLS state and worst-finding badge; one row per column (key, name, type). */
export function tableElement(table: ErdTable, rect: Rect, palette: Palette, state: ElementState = NORMAL): SvgElement {
  const colours = erdColours(palette);
  const stroke = state.selected ? palette.accent : state.tone === 'accent' ? palette.accent : palette.nodeStroke;
  const children: SvgElement[] = [
    el('rect', { x: rect.x, y: rect.y, width: rect.width, height: rect.height, rx: 5, fill: palette.nodeFill, stroke, 'stroke-width': state.selected || state.tone === 'accent' ? 2.2 : 1.1 }),
    el('path', { d: `M${rect.x + 1},${rect.y + ERD_HEADER} V${rect.y + 5} Q${rect.x + 1},${rect.y + 1} ${rect.x + 5},${rect.y + 1} H${rect.x + rect.width - 5} Q${rect.x + rect.width - 1},${rect.y + 1} ${rect.x + rect.width - 1},${rect.y + 5} V${rect.y + ERD_HEADER} Z`, fill: colours.header }),
    el('line', { x1: rect.x, x2: rect.x + rect.width, y1: rect.y + ERD_HEADER, y2: rect.y + ERD_HEADER, stroke: palette.nodeStroke, 'stroke-width': 0.8 }),
  ];
  const rlsText = table.rlsEnabled ? (table.rlsForced ? 'RLS forced' : 'RLS') : 'no RLS';
  const rlsWidth = table.rlsInPlay ? rlsText.length * 6 + 22 : 0;
  const badgeWidth = table.severity ? 10 + String(table.openFindings).length * 6.5 : 0;
  children.push(el('text', { x: rect.x + 10, y: rect.y + 20, 'font-family': UI_FONT, 'font-size': 13, 'font-weight': 700, fill: palette.text }, truncateText(table.name, 13, rect.width - rlsWidth - badgeWidth - 24)));
  const rlsX = rect.x + rect.width - rlsWidth - (badgeWidth ? badgeWidth + 4 : 0) - 6;
  const rlsColour = table.rlsEnabled ? colours.rls : colours.noRls;
  if (table.rlsInPlay) children.push(el('g', { 'data-rls': table.rlsEnabled ? 'on' : 'off' }, [
    el('path', { d: table.rlsEnabled ? LOCK : OPEN_LOCK, transform: `translate(${rlsX + 3},${rect.y + 9})`, fill: 'none', stroke: rlsColour, 'stroke-width': 1.2 }),
    el('text', { x: rlsX + 18, y: rect.y + 19.5, 'font-family': UI_FONT, 'font-size': 10.5, 'font-weight': 600, fill: rlsColour }, rlsText),
    el('title', {}, table.rlsEnabled ? `Row-level security enabled${table.rlsForced ? ' and forced' : ''}; ${table.policies} ${table.policies === 1 ? 'policy' : 'policies'}` : 'Row-level security is off'),
  ]));
  if (table.severity) {
    const x = rect.x + rect.width - badgeWidth - 6;
    children.push(el('g', { 'data-severity': table.severity }, [
      el('rect', { x, y: rect.y + 7, width: badgeWidth, height: 16, rx: 8, fill: palette.severity[table.severity] }),
      el('text', { x: x + badgeWidth / 2, y: rect.y + 19, 'text-anchor': 'middle', 'font-family': UI_FONT, 'font-size': 10.5, 'font-weight': 700, fill: '#ffffff' }, String(table.openFindings)),
      el('title', {}, `${table.openFindings} open findings, worst ${table.severity}`),
    ]));
  }
  table.columns.forEach((column, index) => {
    const y = rect.y + rowCentre(index);
    const row: SvgElement[] = [];
    if (index % 2 === 1) row.push(el('rect', { x: rect.x + 1, y: y - ERD_ROW / 2, width: rect.width - 2, height: ERD_ROW, fill: palette.groupFill }));
    if (column.primaryKey) row.push(el('path', { d: KEY, transform: `translate(${rect.x + 8},${y - 6})`, fill: 'none', stroke: colours.pk, 'stroke-width': 1.2 }));
    else if (column.foreignKey) row.push(el('text', { x: rect.x + 7, y: y + 3.5, 'font-family': UI_FONT, 'font-size': 8.5, 'font-weight': 700, fill: colours.fk }, 'FK'));
    // A reference into a hub table is written where the type would be.
    const typeText = column.stub && column.references ? `→ ${column.references.replace(/^public\./, '')}` : typeLabel(column);
    const typeWidth = Math.min(rect.width * 0.45, typeText.length * (ERD_FONT_SIZE - 1) * 0.62);
    row.push(el('text', { x: rect.x + 26, y: y + 4, 'font-family': UI_FONT, 'font-size': ERD_FONT_SIZE, 'font-weight': column.primaryKey ? 600 : undefined, fill: palette.text }, truncateText(column.name, ERD_FONT_SIZE, rect.width - 26 - typeWidth - 16)));
    row.push(el('text', { x: rect.x + rect.width - 8, y: y + 4, 'text-anchor': 'end', 'font-family': column.stub ? UI_FONT : MONO_FONT, 'font-size': ERD_FONT_SIZE - 1, fill: column.stub ? colours.fk : palette.textMuted, 'data-references': column.stub ? column.references : undefined }, truncateText(typeText, ERD_FONT_SIZE - 1, rect.width * 0.45, !column.stub)));
    if (column.stub) row.push(el('title', {}, `${column.name} ${typeLabel(column)} references ${column.references}`));
    if (column.foreignKey && column.primaryKey) row.push(el('text', { x: rect.x + 19, y: y + 8, 'font-family': UI_FONT, 'font-size': 7, 'font-weight': 700, fill: colours.fk }, 'FK'));
    children.push(el('g', { 'data-column': column.name }, row));
  });
  if (table.hiddenColumns) {
    children.push(el('text', { x: rect.x + 26, y: rect.y + rowCentre(table.columns.length) + 4, 'font-family': UI_FONT, 'font-size': 11, 'font-style': 'italic', fill: palette.textMuted }, `… ${table.hiddenColumns} more columns`));
  }
  children.push(el('title', {}, `${table.schema}.${table.name}: ${table.columns.length + table.hiddenColumns} columns${!table.rlsInPlay ? '' : table.rlsEnabled ? ', RLS on' : ', RLS off'}`));
  return el('g', { 'data-table': table.id, 'data-tone': state.tone, 'data-selected': state.selected ? 'true' : undefined, opacity: state.tone === 'dim' ? 0.3 : undefined }, children);
}

/** A foreign key: orthogonal line from the referencing column to the referenced one, arrow at the referenced end. */
export function foreignKeyElement(edge: ErdEdge, palette: Palette, idPrefix: string, state: ElementState = NORMAL): SvgElement {
  const tone = state.tone === 'accent' ? 'accent' : 'normal';
  return el('path', {
    d: edgePath(edge.points), fill: 'none', stroke: tone === 'accent' ? palette.accent : palette.edge, 'stroke-width': tone === 'accent' ? 2 : 1.2,
    'marker-end': `url(#${idPrefix}-arrow-${tone})`, opacity: state.tone === 'dim' ? 0.25 : undefined, 'data-edge': edge.id, 'data-tone': state.tone,
  }, [el('title', {}, `${edge.from}.${edge.fromColumn} → ${edge.to}.${edge.toColumn} (${edge.name})`)]);
}

/**
 * A foreign key seen from far out (the overview of a large schema, zoomed below the detail level): a line thick enough
 * to stay visible at a quarter scale, without arrowheads (they would be blobs there).
 */
export function coarseForeignKeyElement(edge: ErdEdge, palette: Palette, state: ElementState = NORMAL): SvgElement {
  return el('path', {
    d: edgePath(edge.points), fill: 'none', stroke: state.tone === 'accent' ? palette.accent : palette.edge, 'stroke-width': 4,
    opacity: state.tone === 'dim' ? 0.25 : undefined, 'data-edge': edge.id, 'data-tone': state.tone,
  });
}

export function schemaElement(schema: string, rect: Rect, palette: Palette): SvgElement {
  return el('g', { 'data-schema': schema }, [
    el('rect', { x: rect.x, y: rect.y, width: rect.width, height: rect.height, rx: 8, fill: palette.groupFill, stroke: palette.groupStroke, 'stroke-width': 1.2, 'stroke-dasharray': '7 4' }),
    el('text', { x: rect.x + 12, y: rect.y + 24, 'font-family': UI_FONT, 'font-size': 12, fill: palette.groupText }, [
      el('tspan', { 'font-size': 10, 'letter-spacing': 0.6 }, 'SCHEMA'),
      el('tspan', { dx: 6, 'font-weight': 600 }, schema),
    ]),
  ]);
}

export interface ErdSvgOptions {
  theme?: DiagramTheme;
  selected?: string;
  idPrefix?: string;
  title?: string;
}

/** The ERD as a standalone SVG document (inline colours, escaped text), as drawn on screen. */
export function renderErdSvg(layout: ErdLayout, options: ErdSvgOptions = {}): string {
  const palette = PALETTES[options.theme ?? 'light'];
  const idPrefix = (options.idPrefix ?? 'erd').replace(/[^A-Za-z0-9_-]/g, '');
  const related = options.selected ? erdNeighbours(layout, options.selected) : null;
  const state = (id: string): ElementState => ({ tone: !related ? 'normal' : related.has(id) ? 'accent' : 'dim', selected: id === options.selected });
  const title = options.title ?? 'Database schema';
  const body: SvgElement[] = [
    el('title', {}, title),
    markerDefs(palette, idPrefix),
    el('rect', { x: 0, y: 0, width: layout.width, height: layout.height, fill: palette.background }),
    ...Object.entries(layout.schemas).map(([schema, rect]) => schemaElement(schema, rect, palette)),
    el('g', { 'data-layer': 'edges' }, layout.edges.map((e) => foreignKeyElement(e, palette, idPrefix, state(e.id)))),
    el('g', { 'data-layer': 'tables' }, layout.tables.filter((t) => layout.rects[t.id]).map((t) => tableElement(t, layout.rects[t.id], palette, state(t.id)))),
  ];
  return serialize(el('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`, width: Math.ceil(layout.width), height: Math.ceil(layout.height), role: 'img', 'aria-label': title }, body));
}

export { ERD_ROW };
