import type { ReactNode } from 'react';
import { Icon } from '../../workbench/Icon.js';
import { toggleSection, useReliabilityView, type ReliabilitySection as SectionId } from './reliability-view-store.js';

/** A foldable section of the Reliability view with a title and a count. */
export function ReliabilitySection({ id, title, count, children, actions }: { id: SectionId; title: string; count: number; children: ReactNode; actions?: ReactNode }) {
  const collapsed = useReliabilityView((s) => s.collapsed.has(id));
  return (
    <section className="reliability-section" aria-label={title} data-testid={`reliability-${id}`} data-count={count}>
      <div className="reliability-section-head">
        <button type="button" className="reliability-section-toggle" aria-expanded={!collapsed} title={id === 'flows' ? 'Flows lacking a timeout, retries or a circuit breaker' : title} onClick={() => toggleSection(id)}>
          <Icon name={collapsed ? 'chevron-right' : 'chevron-down'} />
          <span>{title}</span>
          <span className="row-count">{count}</span>
        </button>
        {!collapsed && actions}
      </div>
      {!collapsed && children}
    </section>
  );
}
