/**
 * The ERD: tables with their columns, one edge per foreign key from the referencing column to the referenced
 * one, grouped by schema, laid out by ELK layered (referencing tables left of the tables they point at).
 * Every column row has a port on each side, so edges meet the row they are about.
 */
import type { Finding, Severity } from '../model/finding.js';
import type { Column, SourceLocation, Table } from '../model/model.js';
import type { ElkExtendedEdge, ElkLike, ElkNode, ElkPort } from './elk-runner.js';
import { simplifyPolyline, type Point, type Rect } from './geometry.js';
import { hashString } from './hash.js';
import { LAYOUT_VERSION, paddingOption } from './layout-options.js';
import { textWidth } from './text-metrics.js';

export interface ErdColumn {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  foreignKey: boolean;
  /** The table this column references (`schema.name`), when it is a foreign key. */
  references?: string;
  /** The reference is written on the row (`→ users`) instead of drawn as a line: its table is a hub. */
  stub?: boolean;
  source?: SourceLocation;
}

export interface ErdTable {
  /** `schema.name`, as findings name tables. */
  id: string;
  schema: string;
  name: string;
  rlsEnabled: boolean;
  rlsForced: boolean;
  policies: number;
  /**
   * The project uses row-level security (a table has it or a policy, or the API roles anon / authenticated hold
   * grants): only then is a table without it marked. A Rails or Django schema never enables it, by design.
   */
  rlsInPlay: boolean;
  columns: ErdColumn[];
  /** Columns not drawn (very wide tables are cut, the rest is counted). */
  hiddenColumns: number;
  severity?: Severity;
  openFindings: number;
  source: SourceLocation;
  width: number;
  height: number;
}

export interface ErdEdge {
  id: string;
  from: string;
  to: string;
  fromColumn: string;
  toColumn: string;
  name: string;
  points: Point[];
}

export interface ErdLayout {
  tables: ErdTable[];
  /** Every foreign key between drawn tables, drawn as a line or written on its row. */
  foreignKeys: number;
  rects: Record<string, Rect>;
  /** Schema boxes (only when there are several schemas). */
  schemas: Record<string, Rect>;
  edges: ErdEdge[];
  width: number;
  height: number;
  key: string;
  stats: { ms: number; cached: boolean };
  /** Tables the user dragged (erd-pins.ts), and the schema boxes as ELK placed them before pins grew them. */
  pinned?: string[];
  schemaOrigins?: Record<string, Rect>;
}

export const ERD_HEADER = 30;
export const ERD_ROW = 20;
export const ERD_FONT_SIZE = 12;
const MAX_ROWS = 40;
const MIN_WIDTH = 170;
const MAX_WIDTH = 360;

export interface ErdOptions {
  findings?: ReadonlyArray<Pick<Finding, 'element' | 'severity' | 'status'>>;
  /** Tables the environment created (the Supabase prelude); hidden unless asked for. */
  includeSystem?: boolean;
  cache?: { get(key: string): ErdLayout | undefined; set(key: string, value: ErdLayout): void };
}

const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The roles PostgREST and Supabase run API requests as. */
const API_ROLES = new Set(['anon', 'authenticated']);

/**
 * A table referenced by more tables than this is a hub (users, accounts, posts): lines to it would stack
 * every referencing table into one tall layer and cross everything. Its references are written on the
 * referencing rows instead (`→ users`) and selecting it highlights them.
 */
export const HUB_REFERENCES = 6;

/** The ERD's tables (sizes measured, findings attached), in a stable order. */
export function erdTables(tables: readonly Table[], options: Pick<ErdOptions, 'findings' | 'includeSystem'> = {}): ErdTable[] {
  const worst = new Map<string, { severity: Severity; open: number }>();
  for (const finding of options.findings ?? []) {
    if (finding.status !== 'open') continue;
    const entry = worst.get(finding.element);
    if (!entry) worst.set(finding.element, { severity: finding.severity, open: 1 });
    else {
      entry.open++;
      if (SEVERITY_ORDER.indexOf(finding.severity) < SEVERITY_ORDER.indexOf(entry.severity)) entry.severity = finding.severity;
    }
  }
  const rlsInPlay = tables.some((t) => t.rlsEnabled || !!t.policies?.length || Object.keys(t.grants ?? {}).some((role) => API_ROLES.has(role)));
  return tables
    .filter((t) => options.includeSystem || !t.system)
    .map((table) => {
      const pk = new Set(table.primaryKey ?? table.indexes.find((i) => i.primary)?.columns ?? []);
      const fk = new Map(table.foreignKeys.flatMap((f) => f.columns.map((c) => [c, `${f.referencedSchema}.${f.referencedTable}`] as const)));
      const columns = table.columns.slice(0, MAX_ROWS).map((c: Column): ErdColumn => ({
        name: c.name, type: c.type, nullable: c.nullable, primaryKey: pk.has(c.name), foreignKey: fk.has(c.name),
        ...(fk.has(c.name) ? { references: fk.get(c.name) } : {}), ...(c.source ? { source: c.source } : {}),
      }));
      const id = `${table.schema}.${table.name}`;
      const hiddenColumns = Math.max(0, table.columns.length - MAX_ROWS);
      const rows = columns.length + (hiddenColumns ? 1 : 0);
      const header = textWidth(table.name, 13) + 100;
      const body = Math.max(0, ...columns.map((c) => textWidth(c.name, ERD_FONT_SIZE) + Math.max(textWidth(typeLabel(c), ERD_FONT_SIZE - 1, true), c.references ? textWidth(`→ ${c.references}`, ERD_FONT_SIZE - 1) : 0) + 62));
      const findings = worst.get(id);
      return {
        id, schema: table.schema, name: table.name, rlsEnabled: table.rlsEnabled, rlsForced: !!table.rlsForced, policies: table.policies?.length ?? 0, rlsInPlay,
        columns, hiddenColumns, severity: findings?.severity, openFindings: findings?.open ?? 0, source: table.source,
        width: Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, header, body))),
        height: ERD_HEADER + Math.max(1, rows) * ERD_ROW + 6,
      };
    })
    .sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
}

/** A table's neighbourhood: the foreign keys drawn to and from it, and the tables on their other ends (written references included). */
export function erdNeighbours(layout: Pick<ErdLayout, 'edges' | 'tables'>, id: string): Set<string> {
  const related = new Set<string>([id]);
  for (const edge of layout.edges) if (edge.from === id || edge.to === id) for (const x of [edge.id, edge.from, edge.to]) related.add(x);
  for (const table of layout.tables) {
    for (const column of table.columns) {
      if (!column.stub || !column.references) continue;
      if (column.references === id) related.add(table.id);
      if (table.id === id) related.add(column.references);
    }
  }
  return related;
}

/** The type as drawn: `varchar(255)?` (a trailing `?` for nullable columns). */
export function typeLabel(column: Pick<ErdColumn, 'type' | 'nullable'>): string {
  return `${column.type}${column.nullable ? '?' : ''}`;
}

/** Vertical centre of a column's row, relative to its table's top. */
export function rowCentre(index: number): number {
  return ERD_HEADER + index * ERD_ROW + ERD_ROW / 2;
}

const ERD_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeEdge': '9',
  'elk.spacing.edgeNode': '18',
  'elk.spacing.componentComponent': '60',
  // Unconnected groups of tables are packed into a roughly 16:10 block rather than one long row.
  'elk.aspectRatio': '1.6',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.randomSeed': '1',
};

/** Lay out the ERD of a model's tables. */
export async function layoutErd(tables: readonly Table[], elk: ElkLike, options: ErdOptions = {}): Promise<ErdLayout> {
  const started = Date.now();
  const drawn = erdTables(tables, options);
  const byId = new Map(drawn.map((t) => [t.id, t]));
  const edges: Array<Omit<ErdEdge, 'points'>> = [];
  for (const table of tables) {
    const from = `${table.schema}.${table.name}`;
    if (!byId.has(from)) continue;
    for (const fk of table.foreignKeys) {
      const to = `${fk.referencedSchema}.${fk.referencedTable}`;
      if (!byId.has(to)) continue;
      edges.push({ id: `${from}:${fk.name}`, from, to, fromColumn: fk.columns[0] ?? '', toColumn: fk.referencedColumns[0] ?? '', name: fk.name });
    }
  }
  // References into hubs are written on their rows, not drawn (self-references stay lines).
  const referencedBy = new Map<string, Set<string>>();
  for (const edge of edges) if (edge.from !== edge.to) referencedBy.set(edge.to, (referencedBy.get(edge.to) ?? new Set()).add(edge.from));
  const hubs = new Set([...referencedBy].filter(([, from]) => from.size > HUB_REFERENCES).map(([id]) => id));
  const foreignKeys = edges.length;
  const stubbed = new Set(edges.filter((e) => hubs.has(e.to) && e.from !== e.to).map((e) => `${e.from}\u0000${e.fromColumn}`));
  for (const table of drawn) for (const column of table.columns) if (stubbed.has(`${table.id}\u0000${column.name}`)) column.stub = true;
  edges.splice(0, edges.length, ...edges.filter((e) => !hubs.has(e.to) || e.from === e.to));
  const schemas = [...new Set(drawn.map((t) => t.schema))];
  const grouped = schemas.length > 1;
  const signature = JSON.stringify([LAYOUT_VERSION, HUB_REFERENCES, drawn.map((t) => [t.id, t.width, t.height, t.columns.map((c) => c.name)]), edges.map((e) => [e.from, e.to, e.fromColumn, e.toColumn])]);
  const key = `erd:${hashString(signature)}`;
  const cached = options.cache?.get(key);
  if (cached) return { ...cached, tables: drawn, foreignKeys, stats: { ms: Date.now() - started, cached: true } };

  // ELK ids are short indices; ports sit on both sides of every drawn column row.
  const elkId = new Map(drawn.map((t, i) => [t.id, `t${i}`]));
  const columnIndex = (table: ErdTable, column: string) => Math.max(0, table.columns.findIndex((c) => c.name === column));
  const node = (table: ErdTable): ElkNode => {
    const id = elkId.get(table.id)!;
    const ports: ElkPort[] = [];
    table.columns.forEach((_, i) => {
      ports.push({ id: `${id}.${i}.w`, x: -1, y: rowCentre(i) - 0.5, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } });
      ports.push({ id: `${id}.${i}.e`, x: table.width, y: rowCentre(i) - 0.5, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } });
    });
    return { id, width: table.width, height: table.height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } };
  };
  const elkEdges: ElkExtendedEdge[] = edges.map((edge, i) => {
    const from = byId.get(edge.from)!;
    const to = byId.get(edge.to)!;
    return { id: `f${i}`, sources: [`${elkId.get(edge.from)}.${columnIndex(from, edge.fromColumn)}.e`], targets: [`${elkId.get(edge.to)}.${columnIndex(to, edge.toColumn)}.w`] };
  });
  const graph: ElkNode = grouped
    ? {
      id: 'root',
      layoutOptions: { ...ERD_OPTIONS, 'elk.hierarchyHandling': 'INCLUDE_CHILDREN', 'elk.json.edgeCoords': 'ROOT', 'elk.padding': paddingOption({ top: 16, left: 16, bottom: 16, right: 16 }) },
      children: schemas.map((schema, i) => ({ id: `s${i}`, layoutOptions: { 'elk.padding': paddingOption({ top: 40, left: 20, bottom: 20, right: 20 }) }, children: drawn.filter((t) => t.schema === schema).map(node) })),
      edges: elkEdges,
    }
    : { id: 'root', layoutOptions: { ...ERD_OPTIONS, 'elk.padding': paddingOption({ top: 16, left: 16, bottom: 16, right: 16 }) }, children: drawn.map(node), edges: elkEdges };
  const result = await elk.layout(graph);

  const rects: Record<string, Rect> = {};
  const schemaRects: Record<string, Rect> = {};
  const tableOf = new Map([...elkId].map(([id, elk]) => [elk, id]));
  const readChildren = (parent: ElkNode, dx: number, dy: number) => {
    for (const child of parent.children ?? []) {
      const x = dx + (child.x ?? 0);
      const y = dy + (child.y ?? 0);
      const table = tableOf.get(child.id);
      if (table) rects[table] = { x, y, width: child.width ?? 0, height: child.height ?? 0 };
      else {
        schemaRects[schemas[Number(child.id.slice(1))]] = { x, y, width: child.width ?? 0, height: child.height ?? 0 };
        readChildren(child, x, y);
      }
    }
  };
  readChildren(result, 0, 0);
  // Edge coordinates are relative to the root (elk.json.edgeCoords), even for edges inside a schema box.
  const laidEdges: ErdEdge[] = [];
  for (const edge of result.edges ?? []) {
    const section = edge.sections?.[0];
    const index = Number(edge.id.slice(1));
    if (!section || !edges[index]) continue;
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y }));
    laidEdges.push({ ...edges[index], points: simplifyPolyline(points) });
  }
  const layout: ErdLayout = {
    tables: drawn, foreignKeys, rects, schemas: grouped ? schemaRects : {}, edges: laidEdges,
    width: result.width ?? 0, height: result.height ?? 0, key, stats: { ms: Date.now() - started, cached: false },
  };
  options.cache?.set(key, layout);
  return layout;
}
