import type { FindingStatus, Tracking } from '../../../shared/model/finding.js';
import { CodeSpans } from '../../workbench/CodeSpans.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { CATEGORY_LABELS, SEVERITY_LABELS, STATUS_LABELS, STRIDE_LABELS } from '../analysis/labels.js';
import { openLocation } from './finding-actions.js';
import { DECISION_LABELS, openTrackDialog } from './risk-tracking.js';

const DECISIONS: FindingStatus[] = ['accepted', 'mitigated', 'false-positive', 'in-progress'];

function LocationLink({ location, testId }: { location: { file: string; line: number; column?: number }; testId?: string }) {
  return (
    <button type="button" className="link-button location-link" data-testid={testId} title="Open at this line" onClick={() => openLocation(location)}>
      {location.file}:{location.line}
    </button>
  );
}

/** Everything about one finding, with the risk-tracking actions (the inspector's content for a finding). */
export function FindingDetails({ fingerprint }: { fingerprint: string }) {
  const finding = useAnalysis((s) => s.findings.find((f) => f.fingerprint === fingerprint));
  const rule = useAnalysis((s) => (finding ? s.rules.get(finding.ruleId) : undefined));
  const running = useAnalysis((s) => s.running !== null);
  if (!finding) {
    return <p className="inspector-empty" data-testid="finding-gone">This finding is not in the latest analysis: it was fixed, or its element changed.</p>;
  }
  const tracked = finding.status !== 'open';
  return (
    <article className="finding-details" data-testid="finding-details" data-fingerprint={finding.fingerprint} data-status={finding.status}>
      <div className="details-tags">
        <span className={`severity-tag severity-${finding.severity}`}><SeverityIcon severity={finding.severity} /> {SEVERITY_LABELS[finding.severity]}</span>
        <span className="details-tag">{CATEGORY_LABELS[finding.category]}</span>
        <span className={`details-tag status-${finding.status}`} data-testid="details-status">{STATUS_LABELS[finding.status]}</span>
        {finding.isNew && <span className="badge badge-new">new</span>}
      </div>
      <h2 className="details-title">{finding.title}</h2>
      <p className="details-message" data-testid="details-message"><CodeSpans text={finding.message} /></p>
      <dl className="details-grid">
        <dt>Location</dt><dd><LocationLink location={finding.location} testId="details-location" /></dd>
        <dt>Element</dt><dd><code>{finding.element}</code></dd>
        <dt>Rule</dt><dd><code data-testid="details-rule">{finding.ruleId}</code></dd>
        {(finding.cwe ?? rule?.cwe) && <><dt>CWE</dt><dd>CWE-{finding.cwe ?? rule?.cwe}</dd></>}
        {(finding.owaspApi ?? rule?.owaspApi) && <><dt>OWASP API</dt><dd>{finding.owaspApi ?? rule?.owaspApi}</dd></>}
        {(finding.stride ?? rule?.stride) && <><dt>STRIDE</dt><dd>{finding.stride ?? rule?.stride} · {STRIDE_LABELS[(finding.stride ?? rule?.stride)!] ?? ''}</dd></>}
      </dl>
      {finding.evidence && (
        <section className="details-section">
          <h3>Evidence</h3>
          <pre className="details-evidence" data-testid="details-evidence">{finding.evidence}</pre>
        </section>
      )}
      {finding.related?.length ? (
        <section className="details-section">
          <h3>Related locations</h3>
          <ul className="details-related">
            {finding.related.map((related, index) => (
              <li key={index}><LocationLink location={related} testId="details-related" />{related.message && <span> {related.message}</span>}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {rule?.rationale && (
        <section className="details-section"><h3>Why it matters</h3><p><CodeSpans text={rule.rationale} /></p></section>
      )}
      {rule?.remediation && (
        <section className="details-section"><h3>How to fix it</h3><p data-testid="details-remediation"><CodeSpans text={rule.remediation} /></p></section>
      )}
      {rule?.references.length ? (
        <section className="details-section">
          <h3>References</h3>
          <ul className="details-references">{rule.references.map((reference) => <li key={reference}><span className="mono">{reference}</span></li>)}</ul>
        </section>
      ) : null}
      {finding.expiredTracking && <ExpiredNotice tracking={finding.expiredTracking} />}
      {finding.tracking && <TrackingInfo tracking={finding.tracking} />}
      <section className="details-section details-actions" aria-label="Risk tracking">
        <h3>Risk decision</h3>
        <div className="details-buttons">
          {DECISIONS.filter((status) => status !== finding.status).map((status) => (
            <button key={status} type="button" className="button small" data-testid={`track-${status}`} onClick={() => openTrackDialog(finding, status)}>
              {DECISION_LABELS[status]}
            </button>
          ))}
          {tracked && (
            <button type="button" className="button small" data-testid="track-open" onClick={() => openTrackDialog(finding, 'open')}>
              <Icon name="issue-reopened" /> Reopen
            </button>
          )}
        </div>
        {running && <p className="details-note">Analysing: the status updates when the run ends.</p>}
      </section>
    </article>
  );
}

function TrackingInfo({ tracking }: { tracking: Tracking }) {
  return (
    <section className="details-section tracking-info" data-testid="details-tracking">
      <h3>{STATUS_LABELS[tracking.status]}</h3>
      {tracking.justification && <blockquote className="tracking-justification">{tracking.justification}</blockquote>}
      <p className="tracking-meta">
        {[tracking.by && `by ${tracking.by}`, tracking.date && `on ${tracking.date}`, tracking.expires && `until ${tracking.expires}`].filter(Boolean).join(' ') || 'No author or date recorded.'}
        {tracking.source && <> · <LocationLink location={tracking.source} /></>}
      </p>
    </section>
  );
}

function ExpiredNotice({ tracking }: { tracking: Tracking }) {
  return (
    <section className="details-section expired-notice" role="note" data-testid="details-expired">
      <Icon name="warning" />
      <div>
        <strong>{STATUS_LABELS[tracking.status]} until {tracking.expires}: expired.</strong> The finding is open again.
        {tracking.justification && <blockquote className="tracking-justification">{tracking.justification}</blockquote>}
        {tracking.by && <span className="tracking-meta">Decided by {tracking.by}{tracking.date ? ` on ${tracking.date}` : ''}.</span>}
      </div>
    </section>
  );
}
