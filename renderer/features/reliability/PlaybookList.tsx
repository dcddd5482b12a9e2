import type { PlaybookEntry } from '../../../shared/model/system-analysis.js';
import { CodeSpans as Text } from '../../workbench/CodeSpans.js';
import { revealComponent } from './reliability-actions.js';

/** Per critical component: each failure scenario with what fails, how it is noticed and how to recover. */
export function PlaybookList({ entries }: { entries: PlaybookEntry[] }) {
  if (!entries.length) return <p className="reliability-note">No component is critical enough for a playbook entry.</p>;
  return (
    <ul className="reliability-list">
      {entries.map((entry) => (
        <li key={entry.component} className="playbook-entry" data-testid="playbook-item" data-component={entry.component}>
          <details>
            <summary>
              <button type="button" className="link-button mono strong" onClick={(e) => { e.preventDefault(); revealComponent(entry.component); }}>{entry.component}</button>
              {entry.why && <span className="reliability-reasons">{entry.why}</span>}
            </summary>
            {entry.scenarios.map((scenario, index) => (
              <div key={index} className="playbook-scenario" data-testid="playbook-scenario">
                <p className="playbook-failure">{scenario.failure}</p>
                {scenario.blastRadius.length > 0 && <p className="reliability-reasons">Takes down: {scenario.blastRadius.join(', ')}</p>}
                <span className="playbook-label">Detection</span>
                <ul>{scenario.detection.map((d) => <li key={d}><Text text={d} /></li>)}</ul>
                <span className="playbook-label">Recovery</span>
                <ol>{scenario.recovery.map((r) => <li key={r}><Text text={r} /></li>)}</ol>
              </div>
            ))}
          </details>
        </li>
      ))}
    </ul>
  );
}
