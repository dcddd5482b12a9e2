import * as z from 'zod';
import type { Finding, RuleMeta, Severity } from '../model/finding.js';
import type { SystemModel } from '../model/model.js';

export interface RunSummary {
  runId: number;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  /** Open findings by severity (tracked ones are counted apart). */
  bySeverity: Record<Severity, number>;
  total: number;
  tracked: number;
  /** Compared with the previous finished run. */
  newCount: number;
  fixedCount: number;
  /** Rules that failed (custom SQL rules with errors, crashes), shown to the user. */
  ruleFailures: Array<{ ruleId: string; message: string }>;
  ms: number | null;
}

export interface AnalysisStatus {
  running: boolean;
  runId?: number;
  phase?: string;
  done?: number;
  total?: number;
}

export interface FindingsResult {
  run: RunSummary | null;
  findings: Array<Finding & { isNew: boolean }>;
  /** Findings of the previous run that are gone. */
  fixed: Finding[];
}

export const analysisSchemas = {
  'analysis.run': z.object({}).strict(),
  'analysis.cancel': z.object({}).strict(),
  'analysis.status': z.object({}).strict(),
  'analysis.findings': z.object({}).strict(),
  'analysis.history': z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
  'model.get': z.object({}).strict(),
  'rules.list': z.object({}).strict(),
  'findings.track': z.object({
    fingerprint: z.string().regex(/^[0-9a-f]{32}$/),
    status: z.enum(['open', 'accepted', 'mitigated', 'false-positive', 'in-progress']),
    justification: z.string().max(4000).optional(),
    by: z.string().max(200).optional(),
    expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  }).strict(),
};

export interface AnalysisHandlers {
  /** Start an analysis run (or join the one under way); progress and completion arrive as events. */
  'analysis.run': (args: Record<string, never>) => { runId: number };
  'analysis.cancel': (args: Record<string, never>) => { cancelled: boolean };
  /** Whether a run is under way, and its latest progress. */
  'analysis.status': (args: Record<string, never>) => AnalysisStatus;
  /** Findings of the latest finished run, marked new since the previous one, plus the fixed ones. */
  'analysis.findings': (args: Record<string, never>) => FindingsResult;
  'analysis.history': (args: { limit?: number }) => RunSummary[];
  'model.get': (args: Record<string, never>) => SystemModel;
  /** Metadata of every rule: built-in ones and the open project's custom SQL rules (rationale, remediation, references). */
  'rules.list': (args: Record<string, never>) => RuleMeta[];
  /** Record a risk decision in archbench.yaml (comments kept) and the audit log; `open` removes it. */
  'findings.track': (args: { fingerprint: string; status: Finding['status']; justification?: string; by?: string; expires?: string }) => { written: string };
}
