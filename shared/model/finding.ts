import type { SourceLocation } from './model.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export type FindingCategory = 'reliability' | 'security' | 'data' | 'api';
export type FindingStatus = 'open' | 'accepted' | 'mitigated' | 'false-positive' | 'in-progress';
export const TRACKED_STATUSES: readonly FindingStatus[] = ['accepted', 'mitigated', 'false-positive', 'in-progress'];

/** A risk-tracking decision from archbench.yaml, as applied to a finding. */
export interface Tracking {
  status: Exclude<FindingStatus, 'open'>;
  justification?: string;
  by?: string;
  date?: string;
  expires?: string;
  /** Where the decision is written in archbench.yaml. */
  source?: SourceLocation;
}

/** One finding of an analysis run (findings.json). Paths are relative to the project folder. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  category: FindingCategory;
  title: string;
  message: string;
  location: SourceLocation;
  related?: Array<SourceLocation & { message?: string }>;
  element: string;
  fingerprint: string;
  status: FindingStatus;
  tracking?: Tracking;
  /** Set when a decision existed but expired; the finding is open again. */
  expiredTracking?: Tracking;
  evidence?: string;
  stride?: string;
  cwe?: number;
  owaspApi?: string;
}

/** Metadata every rule declares (DESIGN.md, "Analysis and findings"). */
export interface RuleMeta {
  id: string;
  title: string;
  category: FindingCategory;
  severity: Severity;
  stride?: 'S' | 'T' | 'R' | 'I' | 'D' | 'E';
  cwe?: number;
  owaspApi?: string;
  rationale: string;
  remediation: string;
  references: string[];
}
