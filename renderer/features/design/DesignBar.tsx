import { useEffect, type RefObject } from 'react';
import { edgePath } from '../../../shared/diagram/diagram-style.js';
import { boundsOf, type Rect } from '../../../shared/diagram/geometry.js';
import type { DiagramLayout } from '../../../shared/diagram/system-layout.js';
import { useWorkbench } from '../../state/workbench-store.js';
import type { ZoomCanvasHandle } from '../diagram/ZoomCanvas.js';
import { Icon, type IconName } from '../../workbench/Icon.js';
import { shortcutLabel } from '../../workbench/shortcuts.js';
import { cancelFlowPick, declaredBoundary, designTarget, redoDesign, removeSelected, renameSelected, setDesignMode, startFlowPick, undoDesign } from './design-actions.js';
import { designStore, openDesignDialog, useDesign } from './design-store.js';
import './design.css';

/** The toolbar's "Design" toggle: the diagram becomes an editor of archbench.yaml. */
export function DesignToggle() {
  const enabled = useDesign((s) => s.enabled);
  return (
    <button
      type="button" className={`diagram-tool design-toggle${enabled ? ' pressed' : ''}`} aria-pressed={enabled} data-testid="design-toggle"
      title={enabled ? 'Leave design mode' : 'Design mode: add, rename and remove components, flows and boundaries (written to archbench.yaml)'}
      aria-label="Design mode" onClick={() => setDesignMode(!enabled)}
    >
      <span className="icon" aria-hidden="true">{String.fromCodePoint(0xea73)}</span>
      <span className="diagram-tool-text optional">Design</span>
    </button>
  );
}

function BarButton({ icon, glyph, label, text, onClick, disabled, testId, pressed }: { icon?: IconName; glyph?: number; label: string; text?: string; onClick(): void; disabled?: boolean; testId: string; pressed?: boolean }) {
  return (
    <button type="button" className={`diagram-tool${pressed ? ' pressed' : ''}`} title={label} aria-label={label} aria-pressed={pressed} data-testid={testId} disabled={disabled} onClick={onClick}>
      {icon ? <Icon name={icon} /> : <span className="icon" aria-hidden="true">{String.fromCodePoint(glyph!)}</span>}
      {text && <span className="diagram-tool-text">{text}</span>}
    </button>
  );
}

/** The design row under the diagram toolbar: add / rename / delete, undo / redo, and what is going on. */
export function DesignBar() {
  const enabled = useDesign((s) => s.enabled);
  const history = useDesign((s) => s.history);
  const busy = useDesign((s) => s.busy);
  const picking = useDesign((s) => s.picking);
  const error = useDesign((s) => (s.errorAt === 'bar' ? s.error : null));
  const hasProject = useWorkbench((s) => s.project !== null);
  // Re-render on selection changes: rename and delete follow it.
  const selection = useWorkbench((s) => s.selection);
  const target = designTarget();
  const boundary = selection?.type === 'boundary' ? declaredBoundary(selection.id) : undefined;

  // Escape cancels picking wherever the focus is (the toolbar button that started it, the canvas...).
  useEffect(() => {
    if (!picking) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      event.preventDefault();
      cancelFlowPick();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picking]);

  if (!enabled) return null;
  const undoTitle = history.canUndo ? `Undo: ${history.undoLabel ?? 'the last design edit'} (${shortcutLabel('Mod+Z')})` : 'Nothing to undo';
  const redoTitle = history.canRedo ? `Redo: ${history.redoLabel ?? 'the design edit'} (${shortcutLabel('Mod+Shift+Z')})` : 'Nothing to redo';
  const what = target?.type === 'flow' ? `flow ${target.from} → ${target.to}` : target ? target.id : boundary ? `boundary ${boundary.name}` : null;

  return (
    <div className="design-bar" role="toolbar" aria-label="Design" data-testid="design-bar" data-busy={busy || undefined}>
      <BarButton glyph={0xea60} text="Component" label="Add a component" testId="design-add-component" disabled={!hasProject} onClick={() => openDesignDialog({ type: 'add-component' })} />
      <BarButton icon="arrow-right" text="Flow" label="Add a flow: click the source component, then the target" testId="design-add-flow" pressed={!!picking} disabled={!hasProject} onClick={() => (picking ? cancelFlowPick() : startFlowPick())} />
      <BarButton icon="shield" text="Boundary" label="Add a trust boundary (the selected component is put inside it)" testId="design-add-boundary" disabled={!hasProject} onClick={() => openDesignDialog({ type: 'add-boundary' })} />
      <span className="design-bar-separator" aria-hidden="true" />
      <BarButton glyph={0xea73} label={target?.type === 'component' ? `Rename ${target.id} (F2)` : 'Rename the selected component (F2)'} testId="design-rename" disabled={target?.type !== 'component' || busy} onClick={renameSelected} />
      <BarButton glyph={0xea81} label={what ? `Delete ${what} (Delete)` : 'Delete the selected component, flow or boundary (Delete)'} testId="design-delete" disabled={!what || busy} onClick={() => void removeSelected()} />
      <span className="design-bar-separator" aria-hidden="true" />
      <BarButton icon="discard" label={undoTitle} testId="design-undo" disabled={!history.canUndo || busy} onClick={() => void undoDesign()} />
      <BarButton glyph={0xebb0} label={redoTitle} testId="design-redo" disabled={!history.canRedo || busy} onClick={() => void redoDesign()} />
      <div className="design-bar-status" aria-live="polite" data-testid="design-status">
        {picking && (
          <span className="design-picking" role="status" data-testid="design-picking" title={picking.from ? `New flow from ${picking.from}` : undefined}>
            {picking.from ? 'Click the target component… ' : 'Click the source component… '}
            Esc to cancel ·{' '}
            <button type="button" className="link-button" onClick={() => openDesignDialog({ type: 'add-flow', from: picking.from ?? undefined })}>choose in a dialog</button>
          </span>
        )}
        {!picking && busy && <span className="details-muted">Writing archbench.yaml…</span>}
        {!picking && !busy && <span className="details-muted design-bar-help">Edits go to archbench.yaml · click a flow to edit it</span>}
      </div>
      {error && (
        // Over the canvas, not in the row: a long refusal must not push the diagram down.
        <div className="design-bar-error" role="alert" data-testid="design-error">
          <Icon name="error" />
          <span className="design-bar-error-text">{error}</span>
          <button type="button" className="icon-button" aria-label="Dismiss the message" onClick={() => designStore.set({ error: null })}><Icon name="close" /></button>
        </div>
      )}
    </div>
  );
}

/** Drawn above the diagram in design mode: the selected flow and a half-picked flow's source. */
export function DesignOverlay({ layout, canvas }: { layout: DiagramLayout | null; canvas: RefObject<ZoomCanvasHandle | null> }) {
  const enabled = useDesign((s) => s.enabled);
  const picking = useDesign((s) => s.picking);
  const selection = useWorkbench((s) => s.selection);
  const flowId = enabled && selection?.type === 'flow' ? selection.id : null;
  const edge = flowId && layout ? layout.graph.edges.find((e) => e.flows.includes(flowId)) : undefined;
  const points = edge ? layout?.edges[edge.id] : undefined;

  // A selected flow (a new one, often) outside the view is panned into it at the same zoom: all of it
  // when it fits, else its target.
  const target = edge ? layout?.nodes[edge.to] : undefined;
  useEffect(() => {
    const view = canvas.current;
    if (!points?.length || !view) return;
    const { x, y, k } = view.viewport();
    const { width, height } = view.size();
    const visible = (r: Rect) => r.x * k + x >= 0 && r.y * k + y >= 0 && (r.x + r.width) * k + x <= width && (r.y + r.height) * k + y <= height;
    const whole = boundsOf(target ? [target] : [], points);
    const fits = whole.width * k <= width - 40 && whole.height * k <= height - 40;
    const show = fits ? whole : target;
    if (show && !visible(show)) view.focus(show, k);
  }, [points, target, canvas]);

  if (!enabled || !layout) return null;
  const source = picking?.from ? layout.nodes[picking.from] : undefined;
  return (
    <g className="design-overlay" pointerEvents="none">
      {points && points.length > 1 && <path d={edgePath(points)} className="design-selected-flow" data-testid="design-selected-flow" fill="none" />}
      {source && <rect x={source.x - 5} y={source.y - 5} width={source.width + 10} height={source.height + 10} rx={10} className="design-pick-source" fill="none" />}
    </g>
  );
}
