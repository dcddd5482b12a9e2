import type { AnalysedFinding } from '../analysis/analysis-store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { STATUS_LABELS } from '../analysis/labels.js';
import type { FindingGroup, GroupBy } from './findings-filter.js';

/** A group row: the worst severity in it, its label and how many findings it holds (the rule id is in the tooltip). */
export function GroupRowContent({ group, groupBy }: { group: FindingGroup; groupBy: GroupBy }) {
  return (
    <>
      <SeverityIcon severity={group.severity} />
      <span className={`row-label${groupBy === 'file' ? ' mono' : ''}`}>{group.label}</span>
      <span className="row-spacer" />
      <span className="row-count">{group.findings.length}</span>
    </>
  );
}

/** A finding row: severity, what (title, or the message when the group already names the rule), where, new / tracked badges. */
export function FindingRowContent({ finding, groupBy }: { finding: AnalysedFinding; groupBy: GroupBy }) {
  const primary = groupBy === 'rule' ? finding.message : finding.title;
  const secondary = groupBy === 'rule' ? finding.element : finding.message;
  // The file's name only: the group, the tooltip and the inspector give the whole path.
  const where = groupBy === 'file' ? `Ln ${finding.location.line}` : `${finding.location.file.slice(finding.location.file.lastIndexOf('/') + 1)}:${finding.location.line}`;
  return (
    <>
      <SeverityIcon severity={finding.severity} />
      <span className="finding-text">
        <span className="finding-line">
          <span className={`finding-primary${finding.status === 'open' ? '' : ' tracked'}`}>{primary}</span>
          {finding.isNew && <span className="badge badge-new" data-testid="finding-new">new</span>}
          {finding.status !== 'open' && <span className="badge badge-status" data-testid="finding-status">{STATUS_LABELS[finding.status]}</span>}
          {finding.expiredTracking && <span className="badge badge-expired" title={`${STATUS_LABELS[finding.expiredTracking.status]} until ${finding.expiredTracking.expires}`}>expired</span>}
        </span>
        <span className="finding-line secondary">
          <span className="finding-location" data-testid="finding-location">{where}</span>
          <span className="finding-secondary">{secondary}</span>
        </span>
      </span>
    </>
  );
}

/** A tooltip with everything a row abbreviates. */
export function findingTooltip(finding: AnalysedFinding): string {
  return [`${finding.severity.toUpperCase()} · ${finding.title} (${finding.ruleId})`, finding.message, `${finding.element} · ${finding.location.file}:${finding.location.line}`].join('\n');
}
