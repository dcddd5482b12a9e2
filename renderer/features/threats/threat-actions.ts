import type { FindingStatus, Tracking } from '../../../shared/model/finding.js';
import type { AttackPath, Threat } from '../../../shared/model/system-analysis.js';
import { workbench } from '../../state/workbench-store.js';
import { analysisStore, type AnalysedFinding } from '../analysis/analysis-store.js';
import { openDiagram } from '../diagram/install-diagrams.js';
import { openFileAt } from '../editor/reveal.js';
import { openTrackDialog } from '../findings/risk-tracking.js';
import { systemStore } from './system-store.js';

const TRACKED: ReadonlySet<string> = new Set(['accepted', 'mitigated', 'false-positive', 'in-progress']);

/** The threat as the risk-decision dialog sees a finding: `findings.track` keys on the fingerprint, which threats share with findings. */
export function threatAsFinding(threat: Threat): AnalysedFinding {
  const tracking: Tracking | undefined = threat.tracking && TRACKED.has(threat.tracking.status)
    ? { ...threat.tracking, status: threat.tracking.status as Tracking['status'] }
    : undefined;
  return {
    ruleId: threat.ruleId ?? `threat.${threat.kind}`,
    severity: threat.severity,
    category: threat.stride === 'D' ? 'reliability' : 'security',
    title: threat.title,
    message: threat.description,
    location: threat.location,
    element: threat.element,
    fingerprint: threat.fingerprint,
    status: threat.status,
    stride: threat.stride,
    isNew: false,
    ...(tracking ? { tracking } : {}),
    ...(threat.cwe ? { cwe: threat.cwe } : {}),
  };
}

/** Record a risk decision on a threat through the Findings view's dialog (justification, who, until when). */
export function trackThreat(threat: Threat, status: FindingStatus): void {
  const finding = analysisStore.get().findings.find((f) => f.fingerprint === threat.fingerprint);
  openTrackDialog(finding ?? threatAsFinding(threat), status);
}

/** Show a threat in the inspector and, unless told otherwise, jump to where it is raised. */
export function selectThreat(threat: Threat, options: { reveal?: boolean } = {}): void {
  workbench.set({ selection: { type: 'threat', id: threat.id } });
  if (options.reveal !== false) void openFileAt(threat.location.file, threat.location.line, threat.location.column);
}

/** Open the system diagram in attack-path mode with this path highlighted. */
export async function showAttackPathOnDiagram(path: AttackPath): Promise<void> {
  openDiagram();
  // The diagram's code loads with its tab, not at start-up.
  const { showAttackPath } = await import('../diagram/diagram-store.js');
  showAttackPath(path.id);
}

/** Show an attack path in the inspector. */
export function selectAttackPath(path: AttackPath): void {
  workbench.set({ selection: { type: 'attack-path', id: path.id } });
}

/** The threat the inspector shows, if the selection is one. */
export function selectedThreat(): Threat | undefined {
  const selection = workbench.get().selection;
  if (selection?.type !== 'threat') return undefined;
  return systemStore.get().analysis?.threats.threats.find((t) => t.id === selection.id);
}
