/** Words and icons for severities, categories, statuses, STRIDE letters and component kinds, shared by every view. */
import { SEVERITIES, type FindingCategory, type FindingStatus, type Severity } from '../../../shared/model/finding.js';
import type { ComponentKind } from '../../../shared/model/model.js';
import type { IconName } from '../../workbench/Icon.js';

export { SEVERITIES };

/** Most severe first. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export const SEVERITY_LABELS: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/** Icons distinct by shape as well as colour, so severities read apart without colour vision. */
export const SEVERITY_ICONS: Record<Severity, IconName> = { critical: 'flame', high: 'error', medium: 'warning', low: 'info', info: 'lightbulb' };

export const CATEGORY_LABELS: Record<FindingCategory, string> = { reliability: 'Reliability', security: 'Security', data: 'Data', api: 'API' };

export const STATUS_LABELS: Record<FindingStatus, string> = {
  open: 'Open', accepted: 'Accepted', mitigated: 'Mitigated', 'false-positive': 'False positive', 'in-progress': 'In progress',
};

export const STRIDE_LABELS: Record<string, string> = {
  S: 'Spoofing', T: 'Tampering', R: 'Repudiation', I: 'Information disclosure', D: 'Denial of service', E: 'Elevation of privilege',
};

export const KIND_ICONS: Record<ComponentKind, IconName> = {
  service: 'server-process', datastore: 'database', cache: 'zap', queue: 'inbox', gateway: 'broadcast', external: 'cloud', client: 'account', job: 'gear',
};

export const KIND_LABELS: Record<ComponentKind, string> = {
  service: 'Services', datastore: 'Datastores', cache: 'Caches', queue: 'Queues', gateway: 'Gateways', external: 'External systems', client: 'Clients', job: 'Jobs',
};

/** Sort findings most severe first, then by file and line. */
export function compareFindings(a: { severity: Severity; location: { file: string; line: number } }, b: typeof a): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line;
}
