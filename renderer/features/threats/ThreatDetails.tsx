import type { FindingStatus } from '../../../shared/model/finding.js';
import { STRIDE_NAMES, type Level, type Threat } from '../../../shared/model/system-analysis.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { SEVERITY_LABELS, STATUS_LABELS } from '../analysis/labels.js';
import { DECISION_LABELS } from '../findings/risk-tracking.js';
import { LocationLink } from './LocationLink.js';
import { useSystem } from './system-store.js';
import { trackThreat } from './threat-actions.js';
import { StrideBadge } from './ThreatRowContent.js';

const DECISIONS: FindingStatus[] = ['accepted', 'mitigated', 'false-positive', 'in-progress'];
const LEVEL_LABELS: Record<Level, string> = { low: 'low', medium: 'medium', high: 'high', 'very-high': 'very high' };

/** One threat: what, how likely and how bad, the evidence, what would mitigate it, what already does, and the risk decision. */
export function ThreatDetails({ id }: { id: string }) {
  const threat = useSystem((s) => s.analysis?.threats.threats.find((t) => t.id === id));
  const running = useAnalysis((s) => s.running !== null);
  // findings.track records decisions on the latest run's findings: a threat no rule raises cannot be tracked.
  const trackable = useAnalysis((s) => !!threat && s.findings.some((f) => f.fingerprint === threat.fingerprint));
  if (!threat) return <p className="inspector-empty" data-testid="threat-gone">This threat is not in the latest analysis: it was resolved, or its element changed.</p>;
  const tracked = threat.status !== 'open';
  return (
    <article className={`threat-details${tracked ? ' muted' : ''}`} data-testid="threat-details" data-id={threat.id} data-fingerprint={threat.fingerprint} data-status={threat.status}>
      <div className="details-tags">
        <span className={`severity-tag severity-${threat.severity}`}><SeverityIcon severity={threat.severity} /> {SEVERITY_LABELS[threat.severity]}</span>
        <span className="details-tag"><StrideBadge letter={threat.stride} /> {STRIDE_NAMES[threat.stride]}</span>
        <span className={`details-tag status-${threat.status}`} data-testid="threat-details-status">{STATUS_LABELS[threat.status]}</span>
      </div>
      <h2 className="details-title">{threat.title}</h2>
      <p className="details-message">{threat.description}</p>
      <dl className="details-grid">
        <dt>Risk</dt>
        <dd data-testid="threat-risk">{LEVEL_LABELS[threat.likelihood]} likelihood × {LEVEL_LABELS[threat.impact]} impact = <strong>{SEVERITY_LABELS[threat.severity].toLowerCase()}</strong></dd>
        <dt>{threat.elementType === 'flow' ? 'Flow' : threat.elementType === 'component' ? 'Component' : threat.elementType}</dt>
        <dd><code>{threat.element}</code></dd>
        <dt>Raised at</dt><dd><LocationLink location={threat.location} testId="threat-location" /></dd>
        {threat.cwe && <><dt>CWE</dt><dd>CWE-{threat.cwe}</dd></>}
        {threat.ruleId && <><dt>Rule</dt><dd><code>{threat.ruleId}</code></dd></>}
      </dl>
      {threat.evidence.length > 0 && (
        <section className="details-section">
          <h3>Evidence</h3>
          <ul className="threat-evidence" data-testid="threat-evidence">
            {threat.evidence.map((item, index) => (
              <li key={index}>
                <span>{item.message}</span>
                {item.location && <LocationLink location={item.location} testId="threat-evidence-location" />}
              </li>
            ))}
          </ul>
        </section>
      )}
      {threat.controls.length > 0 && (
        <section className="details-section">
          <h3>Controls in place</h3>
          <ul className="threat-list controls" data-testid="threat-controls">
            {threat.controls.map((control) => <li key={control}><Icon name="pass" /> {control}</li>)}
          </ul>
        </section>
      )}
      {threat.mitigations.length > 0 && (
        <section className="details-section">
          <h3>Mitigations</h3>
          <ul className="threat-list" data-testid="threat-mitigations">
            {threat.mitigations.map((mitigation) => <li key={mitigation}><Icon name="lightbulb" /> {mitigation}</li>)}
          </ul>
        </section>
      )}
      {threat.tracking && <ThreatTracking tracking={threat.tracking} />}
      <section className="details-section details-actions" aria-label="Risk tracking">
        <h3>Risk decision</h3>
        {!trackable && (
          <p className="details-note" data-testid="threat-untrackable">
            {threat.kind === 'declared'
              ? 'This threat comes from the imported threat model: change its status and mitigation there, and Archbench reads them back.'
              : 'No rule raises this threat as a finding in the latest run, so a decision cannot be recorded for it yet.'}
          </p>
        )}
        <div className="details-buttons">
          {trackable && DECISIONS.filter((status) => status !== threat.status).map((status) => (
            <button key={status} type="button" className="button small" data-testid={`threat-track-${status}`} onClick={() => trackThreat(threat, status)}>
              {DECISION_LABELS[status]}
            </button>
          ))}
          {trackable && tracked && (
            <button type="button" className="button small" data-testid="threat-track-open" onClick={() => trackThreat(threat, 'open')}>
              <Icon name="issue-reopened" /> Reopen
            </button>
          )}
        </div>
        {running && <p className="details-note">Analysing: the status updates when the run ends.</p>}
      </section>
    </article>
  );
}

function ThreatTracking({ tracking }: { tracking: NonNullable<Threat['tracking']> }) {
  const label = STATUS_LABELS[tracking.status as FindingStatus] ?? tracking.status;
  return (
    <section className="details-section tracking-info" data-testid="threat-tracking">
      <h3>{label}</h3>
      {tracking.justification && <blockquote className="tracking-justification">{tracking.justification}</blockquote>}
      <p className="tracking-meta">
        {[tracking.by && `by ${tracking.by}`, tracking.date && `on ${tracking.date}`, tracking.expires && `until ${tracking.expires}`].filter(Boolean).join(' ') || 'No author or date recorded.'}
        {tracking.source && <> · <LocationLink location={tracking.source} /></>}
      </p>
    </section>
  );
}
