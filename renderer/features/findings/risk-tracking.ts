import type { FindingStatus } from '../../../shared/model/finding.js';
import { ClientError, invoke } from '../../api/client.js';
import { log } from '../../state/output.js';
import { createStore } from '../../state/store.js';
import type { AnalysedFinding } from '../analysis/analysis-store.js';
import { STATUS_LABELS } from '../analysis/labels.js';

/** Decisions that need a reason written down (DESIGN.md: risk tracking). */
export const NEEDS_JUSTIFICATION: ReadonlySet<FindingStatus> = new Set(['accepted', 'mitigated', 'false-positive']);

/** The verbs on the buttons and in the dialog title. */
export const DECISION_LABELS: Record<FindingStatus, string> = {
  accepted: 'Accept', mitigated: 'Mitigated', 'false-positive': 'False Positive', 'in-progress': 'In Progress', open: 'Reopen',
};

export interface TrackRequest {
  finding: AnalysedFinding;
  status: FindingStatus;
}

/** The risk-decision dialog on screen, if any. */
export const trackDialogStore = createStore<{ request: TrackRequest | null }>({ request: null });

/** Ask for a justification (and expiry) and record the decision. */
export function openTrackDialog(finding: AnalysedFinding, status: FindingStatus): void {
  trackDialogStore.set({ request: { finding, status } });
}

export function closeTrackDialog(): void {
  trackDialogStore.set({ request: null });
}

const BY_KEY = 'archbench.trackedBy';

/** Who decided last time, offered again (a convenience; the audit log keeps the truth). */
export function rememberedDecider(): string {
  try {
    return localStorage.getItem(BY_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * Write a decision into archbench.yaml through `findings.track`; main re-analyses afterwards and the finding
 * comes back with its new status. Resolves with an error message for the dialog, or null when written.
 */
export async function trackFinding(finding: AnalysedFinding, status: FindingStatus, details: { justification: string; expires: string; by: string }): Promise<string | null> {
  const justification = details.justification.trim();
  if (NEEDS_JUSTIFICATION.has(status) && !justification) return 'Write down why: a justification is required for this decision.';
  const by = details.by.trim();
  try {
    const { written } = await invoke('findings.track', {
      fingerprint: finding.fingerprint,
      status,
      ...(justification ? { justification } : {}),
      ...(by ? { by } : {}),
      ...(details.expires && status !== 'open' ? { expires: details.expires } : {}),
    });
    try {
      if (by) localStorage.setItem(BY_KEY, by);
    } catch {
      // Storage disabled: the field is simply empty next time.
    }
    const what = status === 'open' ? 'Reopened' : `Marked ${STATUS_LABELS[status].toLowerCase()}:`;
    log(`${what} ${finding.title} (${finding.element}); written to ${written}`);
    return null;
  } catch (error) {
    if (error instanceof ClientError) return error.message;
    return error instanceof Error ? error.message : String(error);
  }
}
