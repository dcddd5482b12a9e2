/** Metadata every rule declares (DESIGN.md, "Analysis and findings"). */
export interface RuleMeta {
  id: string;
  title: string;
  category: 'reliability' | 'security' | 'data' | 'api';
  severity: Severity;
  stride?: 'S' | 'T' | 'R' | 'I' | 'D' | 'E';
  cwe?: number;
  owaspApi?: string;
  rationale: string;
  remediation: string;
  references: string[];
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Every registered rule, in id order. The rule framework fills this list; this build ships none yet. */
export function allRules(): RuleMeta[] {
  return [];
}
