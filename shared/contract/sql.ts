import * as z from 'zod';
import type { Diagnostic } from '../model/model.js';

/** One statement's result in the SQL console. */
export interface SqlStatementResult {
  statement: number;
  text: string;
  /** Line and column of the statement in the submitted text (1-based). */
  line: number;
  column: number;
  command?: string;
  fields: Array<{ name: string; dataTypeID: number }>;
  rows: Array<Record<string, unknown>>;
  rowCount: number;
  truncated: boolean;
  affectedRows?: number;
  /** EXPLAIN output, when the statement was explained. */
  plan?: string;
  durationMs: number;
}

export interface SqlConsoleError {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  /** Where in the submitted text (1-based). */
  line: number;
  column: number;
  statement: number;
}

export interface SqlRunResult {
  results: SqlStatementResult[];
  error?: SqlConsoleError;
  /** Statements after the failing one that were not run. */
  notRun: number;
  diagnostics: Diagnostic[];
}

export const sqlSchemas = {
  'sql.run': z.object({
    sql: z.string().min(1).max(1024 * 1024),
    /** `plan`: EXPLAIN; `analyze`: EXPLAIN ANALYZE (runs the statement). */
    explain: z.enum(['off', 'plan', 'analyze']).optional(),
    maxRows: z.number().int().min(1).max(10_000).optional(),
  }).strict(),
  'sql.reset': z.object({}).strict(),
};

export interface SqlHandlers {
  /** Run statements against a scratch copy of the replayed database; the project's files never change. */
  'sql.run': (args: { sql: string; explain?: 'off' | 'plan' | 'analyze'; maxRows?: number }) => SqlRunResult;
  /** Throw away the console's changes: a fresh copy of the replayed database. */
  'sql.reset': (args: Record<string, never>) => { reset: boolean };
}
