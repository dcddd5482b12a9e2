/**
 * A system issue: one thing the system-level analysis found on one element, with everything both the
 * threat model (as a STRIDE threat) and the system rules (as a finding) need. Each kind of issue has
 * one detector; threats and findings are two views of the same detections, and share a fingerprint
 * so one archbench.yaml risk decision applies to both.
 */
import type { SourceLocation } from '../../shared/model/model.js';
import type { Severity } from '../../shared/model/finding.js';
import type { Level, StrideLetter, Threat } from '../../shared/model/system-analysis.js';
import { severityOf } from './classification.js';

export interface SystemIssue {
  /** Threat kind (`unguarded-internet-access`, `plaintext-flow`, ...). */
  kind: string;
  stride: StrideLetter;
  cwe?: number;
  elementType: Threat['elementType'];
  element: string;
  /** Tells several issues of one kind on one element apart; part of the fingerprint. */
  key?: string;
  title: string;
  /** The finding message and the threat description. */
  message: string;
  location: SourceLocation;
  related?: Array<SourceLocation & { message?: string }>;
  likelihood: Level;
  impact: Level;
  evidence: Array<{ message: string; location?: SourceLocation }>;
  mitigations: string[];
  /** Controls the files show. */
  controls: string[];
  /** True when the controls fully mitigate it: listed in the threat model, not raised as a finding. */
  mitigated: boolean;
  /** Severity override (otherwise likelihood x impact). */
  severity?: Severity;
  /** Only a threat: no system rule raises it as a finding (for example with an assumed classification). */
  threatOnly?: boolean;
}

/** The system rule that raises each issue kind as a finding. Threats of other kinds use `threat.<kind>`. */
export const RULE_OF_KIND: Record<string, string> = {
  'unguarded-internet-access': 'sys.unguarded-internet-access',
  'unguarded-datastore-access': 'sys.unguarded-datastore-access',
  'unauthenticated-flow': 'sys.missing-auth-confidential-flow',
  'plaintext-flow': 'sys.plaintext-across-boundary',
  'missing-segmentation': 'sys.missing-network-segmentation',
  'secrets-without-vault': 'sys.secrets-without-vault',
  'identity-not-propagated': 'sys.identity-not-propagated',
  'ssrf': 'sys.ssrf-prone-call',
  'single-point-of-failure': 'sys.spof-critical-path',
};

/** The rule id a threat kind is fingerprinted under. */
export function ruleIdOfKind(kind: string): string {
  return RULE_OF_KIND[kind] ?? `threat.${kind}`;
}

/** The severity of an issue. */
export function issueSeverity(issue: SystemIssue): Severity {
  return issue.severity ?? severityOf(issue.likelihood, issue.impact);
}

/** `a, b and c` (at most `limit` items, then "and N more"). */
export function listOf(items: readonly string[], limit = 8): string {
  const shown = items.length > limit ? [...items.slice(0, limit), `${items.length - limit} more`] : [...items];
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
