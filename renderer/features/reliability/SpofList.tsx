import type { ComponentReliability } from '../../../shared/model/system-analysis.js';
import { Icon } from '../../workbench/Icon.js';
import { revealComponent } from './reliability-actions.js';

export const blastSize = (c: ComponentReliability) => c.totals?.components ?? c.blastRadius.components.length;

/** Single points of failure, most entry points affected first: replicas, why, how much fails with them. */
export function SpofList({ components, empty }: { components: ComponentReliability[]; empty?: string }) {
  if (!components.length) return <p className="reliability-note" data-testid="spof-empty">{empty ?? 'No single point of failure: every component on a critical path has a fallback.'}</p>;
  return (
    <ul className="reliability-list">
      {components.map((c) => (
        <li key={c.component}>
          <button type="button" className="reliability-item" data-testid="spof-item" data-component={c.component} data-replicas={c.replicas ?? ''} title={c.reasons.join('\n')} onClick={() => revealComponent(c.component)}>
            <span className="reliability-line">
              <Icon name="warning" className="spof-icon" />
              <span className="row-label strong mono">{c.component}</span>
              <span className="row-spacer" />
              <span className="reliability-pill" title="Replicas">{c.replicas ?? '?'}×</span>
              <span className="reliability-pill danger" title="Components that fail with it">{blastSize(c)} fail</span>
            </span>
            {/* The reasons without their parenthesised detail (the tooltip has it all); an entry point loses all its requests. */}
            <span className="reliability-reasons">
              {c.blastRadius.entryPoints.includes(c.component) && <span className="reliability-entry" data-testid="spof-entry-point">entry point: every request it serves fails · </span>}
              {c.reasons.filter((r) => !r.startsWith('on the critical path')).map((r) => r.replace(/\s*\(.*\)$/, '')).join(' · ')}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
