import { Icon } from '../../workbench/Icon.js';
import { showSideView } from '../../workbench/layout-actions.js';
import { useAnalysis } from './analysis-store.js';
import { phaseLabel } from './RunProgress.js';
import { SeverityIcon } from './SeverityIcon.js';
import { SEVERITIES, SEVERITY_LABELS } from './labels.js';
import './analysis.css';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });

/** Status bar items: open findings by severity (always), and the analysis state: running, last run time, or how it failed. */
export function AnalysisStatusItems() {
  const running = useAnalysis((s) => s.running);
  const run = useAnalysis((s) => s.result?.run ?? null);
  const lastRun = useAnalysis((s) => s.lastRun);
  const findings = useAnalysis((s) => s.findings);
  const counts = SEVERITIES.map((severity) => [severity, findings.filter((f) => f.status === 'open' && f.severity === severity).length] as const);
  const summary = counts.map(([severity, count]) => `${count} ${SEVERITY_LABELS[severity].toLowerCase()}`).join(', ');

  const failedLast = lastRun && lastRun.status !== 'done' && (!run || lastRun.runId > run.runId);
  const state = running ? 'running' : failedLast ? lastRun.status : run ? 'idle' : 'none';
  const finished = run?.finishedAt ? new Date(run.finishedAt) : null;
  const title = running
    ? `${phaseLabel(running)}: click to show the Findings (Cancel Analysis in the palette)`
    : run
      ? `Last analysis: run #${run.runId}${finished ? ` at ${finished.toLocaleString()}` : ''}${run.ms !== null ? ` in ${Math.round(run.ms)} ms` : ''}${failedLast ? `\nRun #${lastRun.runId} ${lastRun.status}${lastRun.error ? `: ${lastRun.error}` : ''}` : ''}`
      : 'Not analysed yet';

  return (
    <>
      <button
        type="button"
        className="status-item status-findings"
        data-testid="status-findings"
        title={`Open findings: ${summary}. Click to show the Findings view.`}
        aria-label={`Open findings: ${summary}`}
        onClick={() => showSideView('findings')}
        {...Object.fromEntries(counts.map(([severity, count]) => [`data-${severity}`, count]))}
      >
        {counts.map(([severity, count]) => (
          <span key={severity} className={`status-severity${count ? '' : ' zero'}`}>
            <SeverityIcon severity={severity} />
            {count}
          </span>
        ))}
      </button>
      <button type="button" className={`status-item status-analysis state-${state}`} data-testid="status-analysis" data-state={state} title={title} onClick={() => showSideView('findings')}>
        {running ? (
          <><Icon name="loading" className="spin" /> {phaseLabel(running)}</>
        ) : failedLast ? (
          <><Icon name={lastRun.status === 'failed' ? 'error' : 'circle-slash'} /> Analysis {lastRun.status}</>
        ) : finished ? (
          <><Icon name="history" /> <span data-testid="status-last-run">Analysed {clock.format(finished)}</span></>
        ) : (
          <><Icon name="history" /> Not analysed</>
        )}
      </button>
    </>
  );
}
