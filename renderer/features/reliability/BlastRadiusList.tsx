import type { ComponentReliability } from '../../../shared/model/system-analysis.js';
import { Icon } from '../../workbench/Icon.js';
import { revealComponent, showBlastRadiusInDiagram } from './reliability-actions.js';
import { toggleBlastRadius, useReliabilityView } from './reliability-view-store.js';
import { blastSize } from './SpofList.js';

function Group({ title, items, testId, total, link }: { title: string; items: string[]; testId: string; total?: number; link?: boolean }) {
  if (!items.length) return null;
  return (
    <div className="blast-group">
      <span className="blast-group-title">{title} ({total ?? items.length})</span>
      <ul>
        {items.map((item) => (
          <li key={item} data-testid={testId} data-name={item}>
            {link ? <button type="button" className="link-button mono" onClick={() => revealComponent(item)}>{item}</button> : <code>{item}</code>}
          </li>
        ))}
        {total !== undefined && total > items.length && <li className="reliability-note">… and {total - items.length} more</li>}
      </ul>
    </div>
  );
}

/** Every component by the size of its blast radius; unfolding one lists the entry points, components and endpoints that fail with it. */
export function BlastRadiusList({ components }: { components: ComponentReliability[] }) {
  const expanded = useReliabilityView((s) => s.expanded);
  const sorted = [...components].sort((a, b) => blastSize(b) - blastSize(a) || a.component.localeCompare(b.component));
  const max = Math.max(1, ...sorted.map(blastSize));
  return (
    <ul className="reliability-list">
      {sorted.map((c) => {
        const open = expanded.has(c.component);
        const size = blastSize(c);
        return (
          <li key={c.component} className="blast-item" data-testid="blast-item" data-component={c.component} data-size={size} data-expanded={open}>
            <div className="reliability-item blast-head">
              <button type="button" className="blast-twistie" aria-expanded={open} aria-label={`${open ? 'Hide' : 'Show'} what fails with ${c.component}`} data-testid="blast-toggle" onClick={() => toggleBlastRadius(c.component)}>
                <Icon name={open ? 'chevron-down' : 'chevron-right'} />
              </button>
              <button type="button" className="link-button blast-name mono" title="Open its definition" onClick={() => revealComponent(c.component)}>{c.component}</button>
              <span className="blast-bar" aria-hidden="true"><span style={{ width: `${(size / max) * 100}%` }} /></span>
              <span className="row-count" title="Components that fail with it">{size}</span>
            </div>
            {open && (
              <div className="blast-detail" data-testid="blast-detail">
                {size === 0 && !c.blastRadius.entryPoints.length && <p className="reliability-note">Nothing else fails with it.</p>}
                <Group title="Entry points" items={c.blastRadius.entryPoints} testId="blast-entry-point" total={c.totals?.entryPoints} link />
                <Group title="Components" items={c.blastRadius.components} testId="blast-component" total={c.totals?.components} link />
                <Group title="Endpoints" items={c.blastRadius.endpoints} testId="blast-endpoint" total={c.totals?.endpoints} />
                <button type="button" className="link-button blast-diagram" data-testid="blast-show-in-diagram" onClick={() => showBlastRadiusInDiagram(c.component)}>
                  <Icon name="type-hierarchy" /> Show in diagram
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
