import { STRIDE_NAMES, type StrideLetter, type Threat } from '../../../shared/model/system-analysis.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { STATUS_LABELS } from '../analysis/labels.js';
import type { ThreatGroup } from './threat-groups.js';
import type { ThreatGroupBy } from './threats-view-store.js';

/** A STRIDE letter as a small square badge; the name is its tooltip. */
export function StrideBadge({ letter }: { letter: StrideLetter }) {
  return <span className="stride-badge" data-stride={letter} title={STRIDE_NAMES[letter]} aria-label={STRIDE_NAMES[letter]}>{letter}</span>;
}

/** A group row: worst severity, label, count. */
export function ThreatGroupContent({ group, groupBy }: { group: ThreatGroup; groupBy: ThreatGroupBy }) {
  return (
    <>
      {groupBy === 'stride' ? <StrideBadge letter={group.key as StrideLetter} /> : <SeverityIcon severity={group.severity} />}
      <span className={`row-label${groupBy === 'element' ? ' mono' : ''}`}>{groupBy === 'stride' ? group.label.slice(4) : group.label}</span>
      <span className="row-spacer" />
      <span className="row-count">{group.threats.length}</span>
    </>
  );
}

/** A threat row: severity, STRIDE letter, title; the element (and status when tracked) under it. */
export function ThreatRowContent({ threat, groupBy }: { threat: Threat; groupBy: ThreatGroupBy }) {
  const muted = threat.status !== 'open';
  return (
    <>
      <SeverityIcon severity={threat.severity} />
      <span className="finding-text">
        <span className="finding-line">
          {groupBy !== 'stride' && <StrideBadge letter={threat.stride} />}
          <span className={`finding-primary${muted ? ' tracked' : ''}`}>{threat.title}</span>
          {muted && <span className="badge badge-status" data-testid="threat-status">{STATUS_LABELS[threat.status]}</span>}
        </span>
        <span className="finding-line secondary">
          <span className="threat-element">{threat.elementType === 'component' ? '' : `${threat.elementType} `}{threat.element}</span>
        </span>
      </span>
    </>
  );
}

/** Everything a threat row abbreviates. */
export function threatTooltip(threat: Threat): string {
  return [`${threat.severity.toUpperCase()} · ${threat.stride} ${STRIDE_NAMES[threat.stride]} · ${threat.title}`, threat.description, `${threat.element} · ${threat.location.file}:${threat.location.line}`].join('\n');
}
