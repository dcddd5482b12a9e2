import { useEffect, useMemo, useRef } from 'react';
import { PALETTES, UI_FONT } from '../../../shared/diagram/diagram-style.js';
import { truncateText } from '../../../shared/diagram/text-metrics.js';
import { boundsOf } from '../../../shared/diagram/geometry.js';
import { erdNeighbours } from '../../../shared/diagram/erd-layout.js';
import { coarseForeignKeyElement, foreignKeyElement, renderErdSvg, rlsTone, schemaElement, tableElement } from '../../../shared/diagram/erd-svg.js';
import { edgePath } from '../../../shared/diagram/diagram-style.js';
import { el } from '../../../shared/diagram/svg-element.js';
import { markerDefs, type ElementState } from '../../../shared/diagram/system-svg.js';
import { notify, reportError } from '../../state/output.js';
import { useWorkbench } from '../../state/workbench-store.js';
import { openFileAt } from '../editor/reveal.js';
import { ToolButton } from '../diagram/DiagramToolbar.js';
import { downloadPng, downloadSvg, fileSafe } from '../diagram/export.js';
import { Minimap, type MinimapHandle } from '../diagram/Minimap.js';
import { ZoomCanvas, type CanvasLayer, type ZoomCanvasHandle } from '../diagram/ZoomCanvas.js';
import { attachErdView, clearErdPins, erdStore, pinTable, requestErdLayout, useErd } from './erd-store.js';
import { TableDetails } from './TableDetails.js';
import '../diagram/diagram.css';
import './erd.css';

const PREFIX = 'erd';

/** The ERD: the project's tables (from replaying its migrations) with their foreign keys, grouped by schema. */
export function ErdView() {
  useEffect(() => attachErdView(), []);
  const layout = useErd((s) => s.layout);
  const status = useErd((s) => s.status);
  const error = useErd((s) => s.error);
  const selected = useErd((s) => s.selected);
  const search = useErd((s) => s.search);
  const showSystem = useErd((s) => s.showSystem);
  const pins = useErd((s) => s.pins);
  const theme = useWorkbench((s) => s.theme);
  const project = useWorkbench((s) => s.project);
  const palette = PALETTES[theme];
  const canvas = useRef<ZoomCanvasHandle>(null);
  const minimap = useRef<MinimapHandle>(null);

  const matches = useMemo(() => {
    const query = search.trim().toLowerCase();
    if (!query || !layout) return null;
    return new Set(layout.tables.filter((t) => t.id.toLowerCase().includes(query) || t.columns.some((c) => c.name.toLowerCase() === query)).map((t) => t.id));
  }, [layout, search]);

  const layers = useMemo<CanvasLayer[]>(() => {
    if (!layout) return [];
    const related = selected ? erdNeighbours(layout, selected) : null;
    const state = (id: string): ElementState => {
      if (related) return { tone: related.has(id) ? 'accent' : 'dim', selected: id === selected };
      if (matches) return { tone: matches.has(id) ? 'accent' : 'dim' };
      return { tone: 'normal' };
    };
    return [
      { name: 'schemas', items: Object.entries(layout.schemas).map(([schema, rect]) => ({ key: `s:${schema}`, box: rect, element: schemaElement(schema, rect, palette) })) },
      { name: 'edges', items: layout.edges.map((edge) => ({ key: `e:${edge.id}`, box: boundsOf([], edge.points), element: foreignKeyElement(edge, palette, PREFIX, state(edge.id)), coarse: coarseForeignKeyElement(edge, palette, state(edge.id)), hitPath: edgePath(edge.points) })) },
      {
        name: 'tables',
        items: layout.tables.filter((t) => layout.rects[t.id]).map((table) => {
          const rect = layout.rects[table.id];
          const s = state(table.id);
          return {
            key: `t:${table.id}`, box: rect, element: tableElement(table, rect, palette, s),
            coarse: el('g', { 'data-table': table.id, 'data-tone': s.tone, opacity: s.tone === 'dim' ? 0.3 : undefined }, [
              el('rect', { x: rect.x, y: rect.y, width: rect.width, height: rect.height, rx: 5, fill: palette.nodeFill, stroke: s.tone === 'accent' || s.selected ? palette.accent : palette.nodeStroke, 'stroke-width': 3 }),
              el('rect', { x: rect.x, y: rect.y, width: rect.width, height: 30, fill: rlsTone(table, palette), opacity: 0.45 }),
              // Far out, the name is what finds a table: large, on its own.
              el('text', { x: rect.x + 8, y: rect.y + 62, 'font-family': UI_FONT, 'font-size': 26, 'font-weight': 700, fill: palette.text }, truncateText(table.name, 26, rect.width - 16)),
            ]),
          };
        }),
      },
    ];
  }, [layout, palette, selected, matches]);

  const defs = useMemo(() => markerDefs(palette, PREFIX), [palette]);
  const world = useMemo(() => ({ width: layout?.width ?? 0, height: layout?.height ?? 0 }), [layout?.width, layout?.height]);
  const minimapNodes = useMemo(() => (layout ? layout.tables.filter((t) => layout.rects[t.id]).map((t) => ({ ...layout.rects[t.id], colour: rlsTone(t, palette) })) : []), [layout, palette]);
  const minimapGroups = useMemo(() => (layout ? Object.values(layout.schemas) : []), [layout]);

  const table = (id: string) => layout?.tables.find((t) => t.id === id);
  const focusSearch = () => {
    const query = search.trim().toLowerCase();
    // An exact table name first (`posts`, not `favorite_posts`), then the first match.
    const first = layout?.tables.find((t) => t.name.toLowerCase() === query || t.id.toLowerCase() === query)?.id ?? (matches ? [...matches][0] : undefined);
    if (!first || !layout) return notify(`No table matches “${search}”.`);
    canvas.current?.focus(layout.rects[first], 0.9);
    erdStore.set({ selected: first });
  };
  const exportAs = async (format: 'svg' | 'png') => {
    if (!layout) return;
    const svg = renderErdSvg(layout, { theme, selected: selected ?? undefined, idPrefix: 'erd' });
    const name = `${fileSafe(project?.name ?? 'archbench')}-erd.${format}`;
    try {
      if (format === 'svg') downloadSvg(svg, name);
      else await downloadPng(svg, { width: layout.width, height: layout.height }, name);
    } catch (e) {
      reportError('Could not export the ERD', e);
    }
  };

  // A dropped table stays there: relative to its schema box as ELK placed it, never above or left of the drawing.
  const onDragEnd = (kind: string, id: string, dx: number, dy: number) => {
    const rect = layout?.rects[id];
    const schema = layout?.tables.find((t) => t.id === id)?.schema;
    if (kind !== 'table' || !layout || !rect || !schema) return;
    const origin = (layout.schemaOrigins ?? layout.schemas)[schema] ?? { x: 0, y: 0 };
    pinTable(id, { x: Math.max(0, rect.x + dx) - origin.x, y: Math.max(0, rect.y + dy) - origin.y });
  };

  const selectedTable = selected ? table(selected) : undefined;
  return (
    <div className="diagram-view erd-view" data-testid="erd-view" data-state={status} data-tables={layout?.tables.length ?? 0} data-foreign-keys={layout?.foreignKeys ?? 0}>
      <div className="diagram-toolbar" role="toolbar" aria-label="ERD">
        <div className="diagram-search">
          <span className="diagram-search-icon icon" aria-hidden="true">{String.fromCodePoint(0xea6d)}</span>
          <input
            type="search" placeholder="Find a table or column…" value={search} aria-label="Find a table" data-testid="erd-search"
            onChange={(e) => erdStore.set({ search: e.target.value })}
            onKeyDown={(e) => { if (e.key === 'Enter') focusSearch(); if (e.key === 'Escape') erdStore.set({ search: '' }); }}
          />
        </div>
        <label className="erd-toggle"><input type="checkbox" checked={showSystem} onChange={(e) => { erdStore.set({ showSystem: e.target.checked }); requestErdLayout(); }} /> Environment tables</label>
        <span className="diagram-toolbar-gap" />
        <ToolButton icon="zoom-out" label="Zoom out (-)" onClick={() => canvas.current?.zoomBy(0.8)} />
        <ToolButton icon="zoom-in" label="Zoom in (+)" onClick={() => canvas.current?.zoomBy(1.25)} />
        <ToolButton icon="screen-full" label="Fit the ERD (0)" testId="erd-fit" onClick={() => canvas.current?.fit()} />
        <ToolButton icon="discard" label="Forget pinned positions" disabled={!Object.keys(pins).length} testId="erd-unpin" onClick={clearErdPins} />
        <ToolButton icon="export" label="Export as SVG" testId="erd-export-svg" onClick={() => void exportAs('svg')}><span className="diagram-tool-text">SVG</span></ToolButton>
        <ToolButton icon="export" label="Export as PNG" testId="erd-export-png" onClick={() => void exportAs('png')}><span className="diagram-tool-text">PNG</span></ToolButton>
      </div>
      <div className="diagram-body">
        {layout && layout.tables.length > 0 && (
          <ZoomCanvas
            ref={canvas}
            world={world}
            layers={layers}
            defs={defs}
            background={palette.background}
            label="Database diagram: click a table for its details, double-click to open its definition"
            testId="erd-canvas"
            coarseZoom={layout.tables.length < 80 ? 0.25 : undefined}
            onItemClick={(kind, id) => { if (kind === 'table') erdStore.set({ selected: id }); }}
            onItemDoubleClick={(kind, id) => { const t = kind === 'table' ? table(id) : undefined; if (t) void openFileAt(t.source.file, t.source.line, t.source.column); }}
            onBackgroundClick={() => erdStore.set({ selected: null })}
            onViewportChange={(v, size) => minimap.current?.update(v, size)}
            draggable={(kind, id) => kind === 'table' && !!layout.rects[id]}
            onDragEnd={onDragEnd}
          />
        )}
        {layout && layout.tables.length > 0 && (
          <Minimap ref={minimap} world={world} groups={minimapGroups} nodes={minimapNodes} colours={{ background: palette.background, group: palette.groupStroke, frame: palette.accent }} onNavigate={(x, y) => canvas.current?.focus({ x, y, width: 0, height: 0 }, 0)} />
        )}
        {selectedTable && <TableDetails table={selectedTable} onClose={() => erdStore.set({ selected: null })} />}
        {!layout && status !== 'error' && <div className="diagram-message">{status === 'waiting-for-model' ? 'Waiting for the model…' : 'Laying out the tables…'}</div>}
        {status === 'error' && <div className="diagram-message error" role="alert">The ERD could not be laid out: {error}</div>}
        {layout && !layout.tables.length && <div className="diagram-message" data-testid="erd-empty">No tables yet. Tables come from replaying the project's PostgreSQL migrations during the analysis.</div>}
        {layout && layout.tables.length > 0 && (
          <div className="diagram-status" data-testid="erd-status">{layout.tables.length} tables · {layout.foreignKeys} foreign keys{layout.tables[0]?.rlsInPlay ? ` · ${layout.tables.filter((t) => !t.rlsEnabled).length} without RLS` : ''}{layout.pinned?.length ? ` · ${layout.pinned.length} pinned` : ''}</div>
        )}
      </div>
    </div>
  );
}
