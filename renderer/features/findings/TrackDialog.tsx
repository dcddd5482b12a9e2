import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useStore } from '../../state/store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { STATUS_LABELS } from '../analysis/labels.js';
import { closeTrackDialog, DECISION_LABELS, NEEDS_JUSTIFICATION, rememberedDecider, trackDialogStore, trackFinding, type TrackRequest } from './risk-tracking.js';

/** The risk-decision dialog: justification (required for accept / mitigated / false positive), who, until when. */
export function TrackDialogHost() {
  const request = useStore(trackDialogStore, (s) => s.request);
  return request ? <TrackDialog key={`${request.finding.fingerprint}:${request.status}`} request={request} /> : null;
}

const today = () => new Date().toISOString().slice(0, 10);

function TrackDialog({ request }: { request: TrackRequest }) {
  const { finding, status } = request;
  const [justification, setJustification] = useState(status === 'open' ? '' : finding.tracking?.justification ?? '');
  const [expires, setExpires] = useState(status === 'open' ? '' : finding.tracking?.expires ?? '');
  const [by, setBy] = useState(rememberedDecider);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const required = NEEDS_JUSTIFICATION.has(status);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    root.current?.querySelector<HTMLElement>('textarea')?.focus();
    return () => previous?.focus?.();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const problem = await trackFinding(finding, status, { justification, expires, by });
    setBusy(false);
    if (problem) setError(problem);
    else closeTrackDialog();
  };

  const title = status === 'open' ? 'Reopen the finding' : `${DECISION_LABELS[status]}${status === 'accepted' ? ' the risk' : ''}`;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget && !busy) closeTrackDialog(); }}>
      <div
        className="dialog track-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="track-dialog-title"
        ref={root}
        data-testid="track-dialog"
        data-status={status}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            closeTrackDialog();
          }
        }}
      >
        <form onSubmit={(e) => void submit(e)}>
          <h2 id="track-dialog-title">{title}</h2>
          <p className="track-finding">
            <SeverityIcon severity={finding.severity} />
            <span><strong>{finding.title}</strong> · {finding.element}</span>
          </p>
          <p className="track-explain">
            {status === 'open'
              ? 'The decision is removed from archbench.yaml and the finding counts as open again.'
              : `Recorded in archbench.yaml as “${STATUS_LABELS[status].toLowerCase()}”, with the reason, who decided and when, so it is versioned with the project.`}
          </p>
          <label className="dialog-field">
            <span>Justification{required ? '' : ' (optional)'}</span>
            <textarea
              className="text-input track-justification"
              data-testid="track-justification"
              rows={4}
              value={justification}
              required={required}
              placeholder={required ? 'Why is this acceptable / how is it mitigated / why is it wrong?' : 'A note for the record'}
              onChange={(e) => setJustification(e.target.value)}
              onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e); }}
            />
          </label>
          <div className="track-row">
            <label className="dialog-field">
              <span>Decided by (optional)</span>
              <input className="text-input" data-testid="track-by" value={by} placeholder="name or e-mail" onChange={(e) => setBy(e.target.value)} spellCheck={false} />
            </label>
            {status !== 'open' && (
              <label className="dialog-field">
                <span>Expires (optional)</span>
                <input className="text-input" data-testid="track-expires" type="date" min={today()} value={expires} onChange={(e) => setExpires(e.target.value)} />
              </label>
            )}
          </div>
          {error && <p className="track-error" role="alert" data-testid="track-error">{error}</p>}
          <div className="dialog-buttons">
            <button type="submit" className="button primary" data-testid="track-submit" disabled={busy || (required && !justification.trim())}>
              {busy ? 'Writing…' : status === 'open' ? 'Reopen' : DECISION_LABELS[status]}
            </button>
            <button type="button" className="button" data-testid="track-cancel" onClick={closeTrackDialog} disabled={busy}>Cancel</button>
          </div>
        </form>
      </div>
    </div>
  );
}
