import type { Severity } from '../../../shared/model/finding.js';
import { STRIDE_NAMES, type StrideLetter, type Threat } from '../../../shared/model/system-analysis.js';
import { SEVERITY_RANK, STATUS_LABELS } from '../analysis/labels.js';
import type { ThreatGroupBy } from './threats-view-store.js';

export const STRIDE_LETTERS: StrideLetter[] = ['S', 'T', 'R', 'I', 'D', 'E'];

export interface ThreatGroup {
  key: string;
  label: string;
  /** The worst severity among its open threats (of all threats when none is open). */
  severity: Severity;
  threats: Threat[];
}

const STATUS_ORDER: Threat['status'][] = ['open', 'in-progress', 'accepted', 'mitigated', 'false-positive'];

/** Open threats first, then most severe, then by title. */
export function compareThreats(a: Threat, b: Threat): number {
  return Number(a.status !== 'open') - Number(b.status !== 'open') || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.title.localeCompare(b.title) || a.element.localeCompare(b.element);
}

function worst(threats: Threat[]): Severity {
  const open = threats.filter((t) => t.status === 'open');
  return [...(open.length ? open : threats)].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0]?.severity ?? 'info';
}

/** Group threats by element, STRIDE letter or status; groups in a stable, meaningful order. */
export function groupThreats(threats: Threat[], groupBy: ThreatGroupBy): ThreatGroup[] {
  const byKey = new Map<string, Threat[]>();
  for (const threat of threats) {
    const key = groupBy === 'element' ? threat.element : groupBy === 'stride' ? threat.stride : threat.status;
    byKey.set(key, [...(byKey.get(key) ?? []), threat]);
  }
  const groups = [...byKey].map(([key, list]): ThreatGroup => ({
    key,
    label: groupBy === 'stride' ? `${key} · ${STRIDE_NAMES[key as StrideLetter]}` : groupBy === 'status' ? STATUS_LABELS[key as Threat['status']] : key,
    severity: worst(list),
    threats: list.sort(compareThreats),
  }));
  if (groupBy === 'stride') return groups.sort((a, b) => STRIDE_LETTERS.indexOf(a.key as StrideLetter) - STRIDE_LETTERS.indexOf(b.key as StrideLetter));
  if (groupBy === 'status') return groups.sort((a, b) => STATUS_ORDER.indexOf(a.key as Threat['status']) - STATUS_ORDER.indexOf(b.key as Threat['status']));
  return groups.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.key.localeCompare(b.key));
}
