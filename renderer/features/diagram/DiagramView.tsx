import { useCallback, useEffect, useMemo, useRef } from 'react';
import { attackHopElement, attackPathOverlay } from '../../../shared/diagram/attack-path.js';
import { blastRadius } from '../../../shared/diagram/blast-radius.js';
import { boundsOf } from '../../../shared/diagram/geometry.js';
import { PALETTES } from '../../../shared/diagram/diagram-style.js';
import { renderDiagramSvg } from '../../../shared/diagram/system-svg.js';
import { markerDefs } from '../../../shared/diagram/system-svg.js';
import { notify, reportError } from '../../state/output.js';
import { useWorkbench, workbench } from '../../state/workbench-store.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { openFileAt } from '../editor/reveal.js';
import { useSystem } from '../threats/system-store.js';
import { AttackPathPicker } from './AttackPathPicker.js';
import { designItemClick, designItemDoubleClick, designKeyDown } from '../design/design-actions.js';
import { DesignBar, DesignOverlay, DesignToggle } from '../design/DesignBar.js';
import { attachDiagramView, clearPins, diagramStore, pinNode, toggleCollapsed, useDiagram } from './diagram-store.js';
import { SCREEN_PREFIX, useDiagramLayers, type Highlight } from './diagram-items.js';
import { DiagramFilters, ToolButton } from './DiagramToolbar.js';
import { downloadPng, downloadSvg, fileSafe } from './export.js';
import { Minimap, type MinimapHandle } from './Minimap.js';
import { ZoomCanvas, type ScreenLabel, type ZoomCanvasHandle } from './ZoomCanvas.js';
import { boundaryKindLabel } from '../../../shared/diagram/diagram-graph.js';
import './diagram.css';

/** The component a selection points at (a selected finding points at its element). */
function useSelectedComponent(): string | null {
  const selection = useWorkbench((s) => s.selection);
  const findings = useAnalysis((s) => s.findings);
  if (selection?.type === 'component') return selection.id;
  if (selection?.type === 'finding') return findings.find((f) => f.fingerprint === selection.fingerprint)?.element ?? null;
  return null;
}

/** The system diagram: components, flows and trust boundaries laid out by ELK, to explore and to work from. */
export function DiagramView() {
  useEffect(() => attachDiagramView(), []);
  const layout = useDiagram((s) => s.layout);
  const status = useDiagram((s) => s.status);
  const error = useDiagram((s) => s.error);
  const blast = useDiagram((s) => s.blast);
  const search = useDiagram((s) => s.search);
  const pins = useDiagram((s) => s.pins);
  const lastLayout = useDiagram((s) => s.lastLayout);
  const overview = useDiagram((s) => s.overview);
  const attackPathId = useDiagram((s) => s.attackPath);
  const attackPath = useSystem((s) => (attackPathId ? s.analysis?.threats.attackPaths.find((p) => p.id === attackPathId) : undefined));
  const model = useAnalysis((s) => s.model);
  const theme = useWorkbench((s) => s.theme);
  const project = useWorkbench((s) => s.project);
  const selectedComponent = useSelectedComponent();
  const canvas = useRef<ZoomCanvasHandle>(null);
  const minimap = useRef<MinimapHandle>(null);
  const palette = PALETTES[theme];

  const nodeOfComponent = useMemo(() => {
    const map = new Map<string, string>();
    for (const node of layout?.graph.nodes ?? []) for (const member of node.members) map.set(member, node.id);
    return map;
  }, [layout]);
  const selectedNode = selectedComponent ? nodeOfComponent.get(selectedComponent) ?? null : null;

  const selectedFlow = useWorkbench((s) => (s.selection?.type === 'flow' ? s.selection.id : null));
  const attack = useMemo(() => (layout && attackPath ? attackPathOverlay(layout, attackPath) : null), [layout, attackPath]);

  const highlight = useMemo<Highlight | null>(() => {
    if (!layout || !model) return null;
    if (attack) return { nodes: attack.nodes, edges: attack.edges, tone: 'danger' };
    if (blast && selectedComponent) {
      const radius = blastRadius(model, selectedComponent);
      const nodes = new Set([selectedComponent, ...radius.components].map((id) => nodeOfComponent.get(id)).filter((id): id is string => !!id));
      const flows = new Set(radius.flows);
      const edges = new Set(layout.graph.edges.filter((e) => e.flows.some((f) => flows.has(f))).map((e) => e.id));
      return { nodes, edges, tone: 'danger' };
    }
    // A selected flow (clicked, or chosen in the Model view or the Inspector): its edge and its two ends.
    const flowEdge = selectedFlow ? layout.graph.edges.find((e) => e.flows.includes(selectedFlow)) : undefined;
    if (flowEdge) return { nodes: new Set([flowEdge.from, flowEdge.to]), edges: new Set([flowEdge.id]), tone: 'accent' };
    const query = search.trim().toLowerCase();
    if (!query) return null;
    const nodes = new Set(layout.graph.nodes.filter((n) => n.label.toLowerCase().includes(query) || n.id.toLowerCase().includes(query)).map((n) => n.id));
    return { nodes, edges: new Set(), tone: 'accent' };
  }, [layout, model, blast, selectedComponent, selectedFlow, search, nodeOfComponent, attack]);

  // A selected trust boundary is outlined like a selected node (a collapsed one is a node with its id).
  const selectedBoundary = useWorkbench((s) => (s.selection?.type === 'boundary' ? s.selection.id : null));
  const baseLayers = useDiagramLayers(layout, theme, highlight, selectedNode ?? selectedBoundary);
  // Attack-path mode: hops lacking controls drawn above everything (red dashed, the missing controls named).
  const layers = useMemo(() => (attack?.hops.length
    ? [...baseLayers, { name: 'attack-path', items: attack.hops.map((hop) => ({ key: `a:${hop.edge}`, box: boundsOf([hop.label], hop.points), element: attackHopElement(hop, palette) })) }]
    : baseLayers), [baseLayers, attack, palette]);

  // Entering attack-path mode: bring the whole path into view.
  useEffect(() => {
    const view = canvas.current;
    if (!attack?.nodes.size || !layout || !view) return;
    const box = boundsOf([...attack.nodes].map((id) => layout.nodes[id]), attack.hops.flatMap((h) => [h.label]).flatMap((r) => [{ x: r.x, y: r.y }, { x: r.x + r.width, y: r.y + r.height }]));
    const { width, height } = view.size();
    const k = Math.max(0.05, Math.min(1, (width - 80) / Math.max(1, box.width), (height - 80) / Math.max(1, box.height)));
    view.setViewport({ k, x: width / 2 - (box.x + box.width / 2) * k, y: height / 2 - (box.y + box.height / 2) * k });
    // Only when the path (or its layout) changes, not on every highlight.
  }, [attackPathId, layout]);
  const defs = useMemo(() => markerDefs(palette, SCREEN_PREFIX), [palette]);
  const world = useMemo(() => ({ width: layout?.width ?? 0, height: layout?.height ?? 0 }), [layout?.width, layout?.height]);
  const minimapNodes = useMemo(() => (layout ? layout.graph.nodes.filter((n) => layout.nodes[n.id]).map((n) => ({ ...layout.nodes[n.id], colour: palette.kinds[n.kind] })) : []), [layout, palette]);
  const minimapGroups = useMemo(() => (layout ? Object.values(layout.groups) : []), [layout]);
  // Boundary names stay legible at Fit on a large system (largest boundary first: it wins an overlap).
  const screenLabels = useMemo<ScreenLabel[]>(() => (layout ? layout.graph.groups.filter((group) => layout.groups[group.id]).map((group) => ({
    key: group.id, box: layout.groups[group.id], text: group.label, prefix: boundaryKindLabel(group.kind).toUpperCase(), worldFontSize: 12,
  })).sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height) : []), [layout]);

  // Follow a selection made elsewhere (Model view, Findings) into view.
  useEffect(() => {
    if (!selectedNode || !layout) return;
    const rect = layout.nodes[selectedNode];
    const view = canvas.current;
    if (!rect || !view) return;
    const { x, y, k } = view.viewport();
    const { width, height } = view.size();
    const sx = rect.x * k + x;
    const sy = rect.y * k + y;
    if (sx < 0 || sy < 0 || sx + rect.width * k > width || sy + rect.height * k > height) view.focus(rect, k);
  }, [selectedNode, layout]);

  const componentOf = useCallback((nodeId: string) => model?.components.find((c) => c.id === nodeId), [model]);

  const onItemClick = (kind: string, id: string) => {
    if (designItemClick(kind, id, (edge) => layout?.graph.edges.find((e) => e.id === edge)?.flows)) return;
    if (kind === 'node' && componentOf(id)) workbench.set({ selection: { type: 'component', id } });
    if (kind === 'edge') {
      const flow = layout?.graph.edges.find((e) => e.id === id)?.flows[0];
      if (flow) workbench.set({ selection: { type: 'flow', id: flow } });
    }
  };
  const onItemDoubleClick = (kind: string, id: string) => {
    if (designItemDoubleClick(kind, id)) return;
    if (kind === 'group') return toggleCollapsed(id);
    if (kind === 'node') {
      const component = componentOf(id);
      if (!component) return overview ? undefined : toggleCollapsed(id); // a collapsed boundary opens again
      void openFileAt(component.source.file, component.source.line, component.source.column);
    }
    if (kind === 'edge') {
      const flowId = layout?.graph.edges.find((e) => e.id === id)?.flows[0];
      const flow = model?.flows.find((f) => f.id === flowId);
      if (flow) void openFileAt(flow.source.file, flow.source.line, flow.source.column);
    }
  };
  const onDragEnd = (kind: string, id: string, dx: number, dy: number) => {
    if (kind !== 'node' || !layout) return;
    const rect = layout.nodes[id];
    const group = layout.graph.nodes.find((n) => n.id === id)?.group ?? null;
    const origin = group ? (layout.groupOrigins ?? layout.groups)[group] : undefined;
    pinNode(id, { x: rect.x + dx - (origin?.x ?? 0), y: rect.y + dy - (origin?.y ?? 0) });
  };

  const focusSearch = () => {
    const first = highlight && layout ? [...highlight.nodes][0] : undefined;
    if (!first || !layout) return notify(`No component matches “${search}”.`);
    canvas.current?.focus(layout.nodes[first], 0.9);
    if (componentOf(first)) workbench.set({ selection: { type: 'component', id: first } });
  };

  const exportAs = async (format: 'svg' | 'png') => {
    if (!layout) return;
    const svg = renderDiagramSvg(model, layout, { theme, highlight: highlight ? { ...highlight, nodes: [...highlight.nodes], edges: [...highlight.edges] } : undefined, selected: selectedNode ?? undefined, idPrefix: 'abd', attackPath });
    const name = `${fileSafe(project?.name ?? 'archbench')}-diagram.${format}`;
    try {
      if (format === 'svg') downloadSvg(svg, name);
      else await downloadPng(svg, { width: Math.max(layout.width, 720), height: layout.height + 64 }, name);
    } catch (e) {
      reportError('Could not export the diagram', e);
    }
  };

  const empty = status === 'ready' && layout && !layout.graph.nodes.length;
  return (
    <div className="diagram-view" data-testid="diagram-view" data-state={status} data-phase={overview ? 'overview' : 'full'} data-nodes={layout?.graph.nodes.length ?? 0} data-edges={layout?.graph.edges.length ?? 0} onKeyDown={designKeyDown}>
      <div className="diagram-toolbar" role="toolbar" aria-label="Diagram">
        <div className="diagram-search">
          <span className="diagram-search-icon icon" aria-hidden="true">{String.fromCodePoint(0xea6d)}</span>
          <input
            type="search" placeholder="Find a component…" value={search} aria-label="Find a component" data-testid="diagram-search"
            onChange={(e) => diagramStore.set({ search: e.target.value })}
            onKeyDown={(e) => { if (e.key === 'Enter') focusSearch(); if (e.key === 'Escape') diagramStore.set({ search: '' }); }}
          />
        </div>
        <ToolButton icon="flame" label={selectedComponent ? 'Blast radius: what fails with the selected component' : 'Blast radius (select a component first)'} pressed={blast} testId="diagram-blast" onClick={() => diagramStore.set({ blast: !blast, attackPath: null })}>
          <span className="diagram-tool-text optional">Blast radius</span>
        </ToolButton>
        <AttackPathPicker />
        <DiagramFilters />
        <DesignToggle />
        <span className="diagram-toolbar-gap" />
        <ToolButton icon="zoom-out" label="Zoom out (-)" onClick={() => canvas.current?.zoomBy(0.8)} />
        <ToolButton icon="zoom-in" label="Zoom in (+)" onClick={() => canvas.current?.zoomBy(1.25)} />
        <ToolButton icon="screen-full" label="Fit the diagram (0)" testId="diagram-fit" onClick={() => canvas.current?.fit()} />
        <ToolButton icon="discard" label="Forget pinned positions" disabled={!Object.keys(pins).length} testId="diagram-unpin" onClick={clearPins} />
        <ToolButton icon="export" label="Export as SVG" testId="diagram-export-svg" onClick={() => void exportAs('svg')}><span className="diagram-tool-text">SVG</span></ToolButton>
        <ToolButton icon="export" label="Export as PNG" testId="diagram-export-png" onClick={() => void exportAs('png')}><span className="diagram-tool-text">PNG</span></ToolButton>
      </div>
      <DesignBar />
      <div className="diagram-body">
        {layout && (
          <ZoomCanvas
            ref={canvas}
            world={world}
            layers={layers}
            defs={defs}
            background={palette.background}
            label="System diagram: drag to pan, wheel to zoom, double-click a component to open its source"
            testId="diagram-canvas"
            fitKey={overview ? 'overview' : 'full'}
            coarseZoom={layout.graph.nodes.length < 150 ? 0.2 : undefined}
            screenLabels={screenLabels}
            onItemClick={onItemClick}
            onItemDoubleClick={onItemDoubleClick}
            onBackgroundClick={() => { const type = workbench.get().selection?.type; if (type === 'component' || type === 'flow') workbench.set({ selection: null }); }}
            draggable={(kind, id) => kind === 'node' && !!layout.nodes[id]}
            onDragEnd={onDragEnd}
            onViewportChange={(v, size) => minimap.current?.update(v, size)}
            overlay={<DesignOverlay layout={layout} canvas={canvas} />}
          />
        )}
        {layout && layout.graph.nodes.length > 0 && (
          <Minimap ref={minimap} world={world} groups={minimapGroups} nodes={minimapNodes} colours={{ background: palette.background, group: palette.groupStroke, frame: palette.accent }} onNavigate={(x, y) => canvas.current?.focus({ x, y, width: 0, height: 0 }, 0)} />
        )}
        {!layout && status !== 'error' && <div className="diagram-message" data-testid="diagram-loading">{status === 'waiting-for-model' ? 'Waiting for the model…' : 'Laying out the diagram…'}</div>}
        {status === 'error' && <div className="diagram-message error" role="alert">The diagram could not be laid out: {error}</div>}
        {empty && <div className="diagram-message">No components to show. {model?.components.length ? 'The filters hide them all.' : 'The model has no components yet: add a compose file, Kubernetes manifests or an archbench.yaml.'}</div>}
        {blast && !selectedComponent && !attack && <div className="diagram-hint" role="status">Select a component to see what fails with it.</div>}
        {attackPathId && (
          <div className="diagram-hint attack" role="status" data-testid="diagram-attack-hint">
            {attackPath
              ? <>Attack path {attackPath.entry} → {attackPath.target}: {attack?.hops.length ? `${attack.hops.length} ${attack.hops.length === 1 ? 'hop lacks' : 'hops lack'} controls (red dashed)` : 'no hop lacks a control on a flow'}{attack && attack.nodes.size < new Set(attackPath.components).size ? ' · some components are hidden by the filters' : ''}</>
              : 'This attack path is not in the latest analysis.'}
            <button type="button" className="link-button" onClick={() => diagramStore.set({ attackPath: null })} data-testid="diagram-attack-clear">Clear</button>
          </div>
        )}
        {layout && (
          <div className="diagram-status" data-testid="diagram-status">
            {overview && 'Overview, boundaries collapsed: laying out every component… · '}
            {layout.graph.nodes.length} nodes · {layout.graph.edges.length} flows · {layout.graph.groups.length} boundaries
            {lastLayout && ` · layout ${lastLayout.ms} ms${lastLayout.cached ? ` (${lastLayout.cached}/${lastLayout.subLayouts} from cache)` : ''}`}
            {layout.pinned?.length ? ` · ${layout.pinned.length} pinned` : ''}
          </div>
        )}
      </div>
    </div>
  );
}
