import type { SourceLocation, SystemModel } from '../../shared/model/model.js';
import type { ReplayResult } from '../db/engine.js';
import type { RuleMeta, Severity } from './registry.js';

/** What a rule sees: the merged model and, for rules that need them, the project's files. */
export interface RuleContext {
  model: SystemModel;
  /** Text of a project file (relative path), or undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /** The replayed database (schema from the catalog, per-statement facts), when the project has SQL migrations. */
  database?: ReplayResult;
}

/** One problem a rule found. The engine adds rule metadata, the fingerprint and the risk-tracking status. */
export interface RuleHit {
  message: string;
  location: SourceLocation;
  /** The model element the finding is about (component id, flow id, endpoint id, `schema.table`, file path). */
  element: string;
  /** Tells several findings of one rule on one element apart (a parameter name, a port); part of the fingerprint. */
  key?: string;
  /** Other places that make up the evidence (cross-file findings). */
  related?: Array<SourceLocation & { message?: string }>;
  /** Overrides the rule's default severity for this hit (e.g. raised on a critical path). */
  severity?: Severity;
  /** What in the files shows the problem, quoted for the report. */
  evidence?: string;
}

/** A rule: metadata plus a check over the model. One module per rule (or per small family), registered in rules/index.ts. */
export interface Rule extends RuleMeta {
  check(context: RuleContext): RuleHit[];
}
