import type { FlowResilience } from '../../../shared/model/system-analysis.js';
import { revealFlow } from './reliability-actions.js';

const MISSING_LABELS: Record<FlowResilience['missing'][number], string> = { timeout: 'no timeout', retries: 'no retries', backoff: 'no backoff', 'circuit-breaker': 'no circuit breaker' };

/** What a flow has, in words (`timeout 2000 ms`, `3 retries, exponential backoff`). */
function present(flow: FlowResilience): string[] {
  return [
    flow.timeoutMs !== undefined && `timeout ${flow.timeoutMs} ms`,
    flow.retries !== undefined && `${flow.retries} ${flow.retries === 1 ? 'retry' : 'retries'}`,
    flow.backoff && `${flow.backoff} backoff`,
    flow.circuitBreaker && 'circuit breaker',
  ].filter((x): x is string => !!x);
}

/** Flows lacking a timeout, retries or a circuit breaker: from → to, what is missing, what is there and where that comes from. */
export function FlowResilienceList({ flows, empty }: { flows: FlowResilience[]; empty?: string }) {
  if (!flows.length) return <p className="reliability-note" data-testid="flows-empty">{empty ?? 'Every synchronous flow has a timeout, retries and a circuit breaker.'}</p>;
  return (
    <ul className="reliability-list">
      {flows.map((flow) => {
        const has = present(flow);
        return (
          <li key={flow.flow}>
            <button
              type="button"
              className="reliability-item"
              data-testid="flow-item"
              data-flow={flow.flow}
              data-from={flow.from}
              data-to={flow.to}
              data-missing={flow.missing.join(' ')}
              title={flow.evidence.length ? `Evidence: ${flow.evidence.join(', ')}` : 'Nothing in the files sets a timeout, retries or a breaker for this flow'}
              onClick={() => revealFlow(flow.flow, flow.from)}
            >
              <span className="reliability-line">
                <span className="row-label mono">{flow.from} → {flow.to}</span>
                <span className="row-spacer" />
                <span className="reliability-pill">{flow.sync ? 'sync' : 'async'}</span>
              </span>
              <span className="flow-facts">
                {flow.missing.map((m) => <span key={m} className="flow-missing" data-testid="flow-missing" data-missing={m}>{MISSING_LABELS[m]}</span>)}
                {has.map((h) => <span key={h} className="flow-present">{h}</span>)}
              </span>
              {flow.evidence.length > 0 && <span className="reliability-reasons">from {flow.evidence.join(', ')}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
