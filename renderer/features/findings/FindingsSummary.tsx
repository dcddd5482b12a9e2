import type { RunSummary } from '../../../shared/contract/index.js';
import type { Finding } from '../../../shared/model/finding.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { SEVERITIES, SEVERITY_LABELS } from '../analysis/labels.js';
import { openLocation } from './finding-actions.js';
import { findingsViewStore, setFilter, useFindingsView } from './findings-view-store.js';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** When the run finished and how long it took ("12:03:04, 0.6 s"). */
function runTimeLabel(run: RunSummary): string {
  const when = run.finishedAt ? clock.format(new Date(run.finishedAt)) : '';
  const ms = run.ms === null ? '' : run.ms < 1000 ? `${Math.round(run.ms)} ms` : `${(run.ms / 1000).toFixed(1)} s`;
  return [when, ms].filter(Boolean).join(', ');
}

/** Custom rules that failed (bad SQL, bad header): at the top, with their message, so they are not missed. */
export function RuleFailures({ failures }: { failures: RunSummary['ruleFailures'] }) {
  if (!failures.length) return null;
  return (
    <div className="rule-failures" role="alert" data-testid="rule-failures">
      <div className="rule-failures-title">
        <Icon name="error" /> {failures.length === 1 ? '1 rule failed' : `${failures.length} rules failed`}: its findings are missing
      </div>
      <ul>
        {failures.map((failure) => (
          <li key={failure.ruleId} data-testid="rule-failure" data-rule={failure.ruleId}>
            <code>{failure.ruleId}</code> {failure.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Open counts by severity (click to filter), tracked / new / fixed counts and when the run ended. */
export function FindingsSummary({ run }: { run: RunSummary }) {
  const findings = useAnalysis((s) => s.findings);
  const severities = useFindingsView((s) => s.filter.severities);
  const status = useFindingsView((s) => s.filter.status);
  const showFixed = useFindingsView((s) => s.showFixed);
  const open = findings.filter((f) => f.status === 'open');
  const newCount = findings.filter((f) => f.isNew).length;
  const tracked = findings.length - open.length;

  const toggleSeverity = (severity: Finding['severity']) => {
    const next = new Set(severities);
    if (next.has(severity)) next.delete(severity);
    else next.add(severity);
    setFilter({ severities: next });
  };

  return (
    <div className="findings-summary" data-testid="findings-summary">
      <div className="severity-chips" role="group" aria-label="Filter by severity">
        {SEVERITIES.map((severity) => {
          const count = open.filter((f) => f.severity === severity).length;
          return (
            <button
              key={severity}
              type="button"
              className={`severity-chip${count ? '' : ' zero'}`}
              aria-pressed={severities.has(severity)}
              title={`${count} open ${SEVERITY_LABELS[severity].toLowerCase()}: click to ${severities.has(severity) ? 'stop filtering' : 'show only these'}`}
              data-testid={`severity-chip-${severity}`}
              data-count={count}
              onClick={() => toggleSeverity(severity)}
            >
              <SeverityIcon severity={severity} />
              <span className="severity-count">{count}</span>
            </button>
          );
        })}
      </div>
      <div className="findings-counts">
        <button type="button" className={`link-button${status === 'open' ? ' current' : ''}`} onClick={() => setFilter({ status: 'open' })}>{open.length} open</button>
        <span aria-hidden="true">·</span>
        <button type="button" className={`link-button${status === 'tracked' ? ' current' : ''}`} data-testid="findings-tracked-count" onClick={() => setFilter({ status: 'tracked' })}>{tracked} tracked</button>
        <span aria-hidden="true">·</span>
        <button type="button" className={`link-button${status === 'new' ? ' current' : ''}`} data-testid="findings-new-count" onClick={() => setFilter({ status: 'new' })}>{newCount} new</button>
        <span aria-hidden="true">·</span>
        <button type="button" className="link-button" data-testid="findings-fixed-toggle" aria-expanded={showFixed} onClick={() => findingsViewStore.set({ showFixed: !showFixed })}>
          {run.fixedCount} fixed
        </button>
      </div>
      <div className="findings-run" data-testid="findings-run">Run #{run.runId} · {runTimeLabel(run)}</div>
    </div>
  );
}

/** The findings the previous run had and this one does not (unfolded from the summary). */
export function FixedList({ fixed }: { fixed: Finding[] }) {
  const showFixed = useFindingsView((s) => s.showFixed);
  if (!showFixed) return null;
  return (
    <section className="fixed-list" aria-label="Fixed since the last run" data-testid="findings-fixed">
      <h3 className="fixed-title">
        <button type="button" className="link-button" onClick={() => findingsViewStore.set({ showFixed: false })}>
          <Icon name="chevron-down" /> Fixed since the last run ({fixed.length})
        </button>
      </h3>
      {fixed.length ? (
        <ul>
          {fixed.map((finding) => (
            <li key={finding.fingerprint}>
              <button type="button" className="fixed-item" data-testid="fixed-item" title="Open where it was" onClick={() => openLocation(finding.location)}>
                <Icon name="pass" className="fixed-icon" />
                <span className="fixed-text">{finding.title}</span>
                <span className="fixed-where">{finding.element} · {finding.location.file}:{finding.location.line}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="fixed-none">Nothing was fixed since the run before.</p>
      )}
    </section>
  );
}
