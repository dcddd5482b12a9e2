import { useEffect, useRef, useState, type ReactNode } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/model/finding.js';
import { COMPONENT_KINDS, type ComponentKind } from '../../../shared/model/model.js';
import { Icon, type IconName } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { diagramStore, setDiagramOptions, useDiagram } from './diagram-store.js';

/** Codicons the workbench's icon set does not list (same bundled font, so nothing to download). */
const EXTRA_ICONS = { 'zoom-in': 0xeb81, 'zoom-out': 0xeb82, 'screen-full': 0xeb4c, export: 0xebac, pinned: 0xeba0, graph: 0xeb03 } as const;
export type ToolIcon = IconName | keyof typeof EXTRA_ICONS;

function ToolIconGlyph({ name }: { name: ToolIcon }) {
  if (name in EXTRA_ICONS) return <span className="icon" aria-hidden="true">{String.fromCodePoint(EXTRA_ICONS[name as keyof typeof EXTRA_ICONS])}</span>;
  return <Icon name={name as IconName} />;
}

export function ToolButton({ icon, label, onClick, pressed, testId, disabled, children }: { icon: ToolIcon; label: string; onClick(): void; pressed?: boolean; testId?: string; disabled?: boolean; children?: ReactNode }) {
  return (
    <button type="button" className={`diagram-tool${pressed ? ' pressed' : ''}`} title={label} aria-label={label} aria-pressed={pressed} data-testid={testId} disabled={disabled} onClick={onClick}>
      <ToolIconGlyph name={icon} />
      {children}
    </button>
  );
}

/** The filter menu: kinds, boundaries, minimum severity. Filters re-lay out (unchanged boxes come from the cache). */
export function DiagramFilters() {
  const [open, setOpen] = useState(false);
  const hiddenKinds = useDiagram((s) => s.hiddenKinds);
  const hiddenBoundaries = useDiagram((s) => s.hiddenBoundaries);
  const minSeverity = useDiagram((s) => s.minSeverity);
  const boundaries = useAnalysis((s) => s.model?.trustBoundaries ?? []);
  const menu = useRef<HTMLDivElement>(null);
  const active = hiddenKinds.length + hiddenBoundaries.length + (minSeverity ? 1 : 0);

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent) => { if (!menu.current?.contains(event.target as Node)) setOpen(false); };
    const escape = (event: KeyboardEvent) => { if (event.key === 'Escape') setOpen(false); };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', escape);
    return () => { document.removeEventListener('pointerdown', close); document.removeEventListener('keydown', escape); };
  }, [open]);

  const toggleKind = (kind: ComponentKind) => setDiagramOptions({ hiddenKinds: hiddenKinds.includes(kind) ? hiddenKinds.filter((k) => k !== kind) : [...hiddenKinds, kind] });
  const toggleBoundary = (id: string) => setDiagramOptions({ hiddenBoundaries: hiddenBoundaries.includes(id) ? hiddenBoundaries.filter((b) => b !== id) : [...hiddenBoundaries, id] });

  return (
    <div className="diagram-menu-anchor" ref={menu}>
      <ToolButton icon="list-filter" label="Filter by kind, boundary and severity" pressed={open || active > 0} testId="diagram-filters" onClick={() => setOpen(!open)}>
        {active > 0 && <span className="diagram-tool-count">{active}</span>}
      </ToolButton>
      {open && (
        <div className="diagram-menu" role="dialog" aria-label="Diagram filters" data-testid="diagram-filter-menu">
          <fieldset>
            <legend>Kinds</legend>
            {COMPONENT_KINDS.map((kind) => (
              <label key={kind}><input type="checkbox" checked={!hiddenKinds.includes(kind)} onChange={() => toggleKind(kind)} data-testid={`diagram-filter-kind-${kind}`} /> {kind}</label>
            ))}
          </fieldset>
          {boundaries.length > 0 && (
            <fieldset>
              <legend>Boundaries</legend>
              <div className="diagram-menu-scroll">
                {boundaries.map((b) => (
                  <label key={b.id} title={b.id}><input type="checkbox" checked={!hiddenBoundaries.includes(b.id)} onChange={() => toggleBoundary(b.id)} /> {b.name} <span className="diagram-muted">{b.kind}</span></label>
                ))}
              </div>
            </fieldset>
          )}
          <fieldset>
            <legend>Findings</legend>
            <select value={minSeverity ?? ''} onChange={(e) => setDiagramOptions({ minSeverity: (e.target.value || null) as Severity | null })} data-testid="diagram-filter-severity">
              <option value="">All components</option>
              {SEVERITIES.map((s) => <option key={s} value={s}>With an open finding ≥ {s}</option>)}
            </select>
          </fieldset>
          <button type="button" className="link-button" onClick={() => { setDiagramOptions({ hiddenKinds: [], hiddenBoundaries: [], minSeverity: null }); diagramStore.set({ search: '' }); }}>Show everything</button>
        </div>
      )}
    </div>
  );
}
