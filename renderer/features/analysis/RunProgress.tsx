import { Icon } from '../../workbench/Icon.js';
import { useAnalysis, type RunningAnalysis } from './analysis-store.js';
import { cancelAnalysis } from './analysis-sync.js';
import './analysis.css';

/** What the run under way is doing, in words ("Running rules 12/40"). */
export function phaseLabel(running: RunningAnalysis): string {
  const counts = running.total > 1 ? ` ${running.done}/${running.total}` : '';
  if (running.cancelling) return 'Cancelling…';
  switch (running.phase) {
    case 'model': return `Building the model${counts}`;
    case 'rules': return `Running rules${counts}`;
    case null: return 'Analysing…';
    default: return `${running.phase}${counts}`;
  }
}

/** A progress bar with the phase and a Cancel button, while an analysis runs. */
export function RunProgress() {
  const running = useAnalysis((s) => s.running);
  if (!running) return null;
  const fraction = running.total > 0 ? running.done / running.total : null;
  return (
    <div className="run-progress" role="status" aria-live="polite" data-testid="findings-progress" data-phase={running.phase ?? undefined}>
      <div className="progress-track" aria-hidden="true">
        <div className={`progress-fill${fraction === null ? ' indeterminate' : ''}`} style={fraction === null ? undefined : { width: `${Math.max(6, fraction * 100)}%` }} />
      </div>
      <div className="run-progress-row">
        <Icon name="loading" className="spin" />
        <span className="run-progress-label" title={running.runId !== null ? `Analysis run #${running.runId}` : undefined}>{phaseLabel(running)}</span>
        <button type="button" className="button small" data-testid="findings-cancel" disabled={running.cancelling} onClick={() => void cancelAnalysis()}>
          <Icon name="debug-stop" /> Cancel
        </button>
      </div>
    </div>
  );
}
