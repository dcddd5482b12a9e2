import type { SystemModel, Table } from '../../shared/model/model.js';
import { clip, svgDocument } from './fallback-diagram.js';
import { escapeHtml as x } from './html.js';

const BOX_WIDTH = 250;
const HEADER = 26;
const ROW = 17;
const MAX_COLUMNS = 14;
const GAP_X = 70;
const GAP_Y = 46;
const MARGIN = 20;

/** The tables an ERD shows: the project's own, not the ones the environment provides (Supabase's auth schema). */
export function erdTables(model: SystemModel): Table[] {
  return model.tables.filter((t) => !t.system).sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`));
}

/**
 * erd.svg without a layout engine: tables in a grid (columns with type, PK / FK / NOT NULL marks, RLS state in the
 * header) and foreign keys as arrows from the referencing column to the referenced table.
 */
export function renderFallbackErd(model: SystemModel, title = 'Entity-relationship diagram'): string | undefined {
  const tables = erdTables(model);
  if (!tables.length) return undefined;
  const perRow = Math.min(4, Math.max(1, Math.ceil(Math.sqrt(tables.length))));
  const boxes = new Map<string, { table: Table; x: number; y: number; height: number; rows: string[] }>();
  let y = MARGIN + 16;
  for (let i = 0; i < tables.length; i += perRow) {
    const row = tables.slice(i, i + perRow);
    const heights = row.map((t) => HEADER + Math.min(t.columns.length, MAX_COLUMNS + 1) * ROW + 8);
    row.forEach((table, index) => {
      boxes.set(key(table.schema, table.name), { table, x: MARGIN + index * (BOX_WIDTH + GAP_X), y, height: heights[index], rows: table.columns.map((c) => c.name) });
    });
    y += Math.max(...heights) + GAP_Y;
  }
  const width = MARGIN * 2 + perRow * BOX_WIDTH + (perRow - 1) * GAP_X;
  const height = y - GAP_Y + MARGIN;

  const links: string[] = [];
  for (const box of boxes.values()) {
    for (const fk of box.table.foreignKeys) {
      const target = boxes.get(key(fk.referencedSchema, fk.referencedTable));
      if (!target) continue;
      const rowIndex = Math.min(box.rows.indexOf(fk.columns[0] ?? ''), MAX_COLUMNS);
      const sy = box.y + HEADER + (rowIndex >= 0 ? rowIndex : 0) * ROW + ROW / 2 + 2;
      const ty = target.y + HEADER / 2;
      const self = target === box;
      const sameColumn = !self && target.x === box.x;
      const rightward = target.x > box.x;
      // Same box: loop on the right. Same column: bow out on the left. Otherwise: leave and enter facing sides.
      const sx = self || rightward ? box.x + BOX_WIDTH : box.x;
      const tx = self ? box.x + BOX_WIDTH : sameColumn || rightward ? target.x : target.x + BOX_WIDTH;
      const pull = self || sameColumn ? 40 : Math.max(30, Math.abs(tx - sx) / 2);
      const c1 = sx + (self || rightward ? pull : -pull);
      const c2 = tx + (self ? pull : sameColumn || rightward ? -pull : pull);
      const label = `${box.table.name}(${fk.columns.join(', ')}) → ${fk.referencedTable}(${fk.referencedColumns.join(', ')})`;
      links.push(`<path d="M${sx},${sy} C${c1},${sy} ${c2},${ty} ${tx},${ty}" fill="none" stroke="#64748b" stroke-width="1.1" marker-end="url(#arrow)"><title>${x(label)}</title></path>`);
    }
  }

  const boxSvg = [...boxes.values()].map(({ table, x: bx, y: by, height: bh }) => {
    const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
    const pk = new Set(table.primaryKey ?? table.indexes.filter((i) => i.primary).flatMap((i) => i.columns));
    const shown = table.columns.slice(0, MAX_COLUMNS);
    const rows = shown.map((column, index) => {
      const rowY = by + HEADER + index * ROW + 13;
      const marks = [pk.has(column.name) ? 'PK' : '', fkColumns.has(column.name) ? 'FK' : ''].filter(Boolean).join(' ');
      return `<text x="${bx + 8}" y="${rowY}" font-size="11" fill="#0f172a"${pk.has(column.name) ? ' font-weight="600"' : ''}>${x(clip(column.name, 22))}${column.nullable ? '' : '<tspan fill="#b45309"> *</tspan>'}</text>`
        + `<text x="${bx + BOX_WIDTH - (marks.length > 2 ? 42 : marks ? 26 : 8)}" y="${rowY}" font-size="10" fill="#475569" text-anchor="end">${x(clip(column.type, marks.length > 2 ? 16 : 20))}</text>`
        + (marks ? `<text x="${bx + BOX_WIDTH - 8}" y="${rowY}" font-size="9" font-weight="700" fill="#1d4ed8" text-anchor="end">${x(marks)}</text>` : '');
    }).join('');
    const more = table.columns.length > MAX_COLUMNS
      ? `<text x="${bx + 8}" y="${by + HEADER + MAX_COLUMNS * ROW + 13}" font-size="10" fill="#64748b">+ ${table.columns.length - MAX_COLUMNS} more columns</text>` : '';
    const rls = table.rlsEnabled ? 'RLS' : 'no RLS';
    return `<g><title>${x(`${table.schema}.${table.name}`)}</title>`
      + `<rect x="${bx}" y="${by}" width="${BOX_WIDTH}" height="${bh}" rx="5" fill="#ffffff" stroke="#94a3b8"/>`
      + `<path d="M${bx},${by + 5} a5,5 0 0 1 5,-5 h${BOX_WIDTH - 10} a5,5 0 0 1 5,5 v${HEADER - 5} h-${BOX_WIDTH} z" fill="#e2e8f0"/>`
      + `<text x="${bx + 8}" y="${by + 17}" font-size="12" font-weight="700" fill="#0f172a">${x(clip(`${table.schema}.${table.name}`, 28))}</text>`
      + `<text x="${bx + BOX_WIDTH - 8}" y="${by + 17}" font-size="9" font-weight="700" fill="${table.rlsEnabled ? '#166534' : '#b91c1c'}" text-anchor="end">${rls}</text>`
      + rows + more + '</g>';
  }).join('');
  const caption = `${tables.length} tables · PK primary key · FK foreign key · * NOT NULL · arrows point at the referenced table`;
  return svgDocument(width, height, title, `<text x="${MARGIN}" y="${MARGIN}" font-size="11" fill="#64748b">${x(caption)}</text>${links.join('')}${boxSvg}`);
}

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}
