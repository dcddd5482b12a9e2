/**
 * Facts about the migrations that migration-safety and RLS rules need, computed from the replay:
 * when each table was created, its RLS history across migrations, each CREATE INDEX (concurrent?
 * on a table that existed before its file?), the risky ALTER TABLE forms, transactions that mix
 * DDL and DML, and whether lock_timeout was set before risky DDL. No rules here: only facts.
 */
import type { SourceLocation } from '../../shared/model/model.js';
import { stringValue } from './ast.js';
import type { AstNode } from './parse.js';
import type { ReplayedStatement } from './replay.js';

/** A table by schema and name (schema absent when it could not be resolved). */
export interface TableRef {
  schema?: string;
  name: string;
}

/** One ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY. */
export interface RlsChange {
  /** `enable`, `disable`, `force`, `no-force`. */
  change: 'enable' | 'disable' | 'force' | 'no-force';
  source: SourceLocation;
  migration: number;
}

/** One CREATE / ALTER / DROP / RENAME POLICY. */
export interface PolicyChange {
  action: 'create' | 'alter' | 'drop' | 'rename';
  policy: string;
  /** Policies on the table after this change. */
  remaining: number;
  source: SourceLocation;
  migration: number;
}

/** History of one table across the migrations. */
export interface TableFacts {
  schema: string;
  name: string;
  /** The statement that created the table; absent for tables the migrations did not create (environment). */
  created?: SourceLocation;
  createdInMigration?: number;
  rlsHistory: RlsChange[];
  policyHistory: PolicyChange[];
  /** A migration later than the one that enabled RLS disables it again. */
  rlsDisabledLater?: SourceLocation;
  /** A DROP POLICY that left an RLS-enabled table with no policy at all. */
  lastPolicyDropped?: SourceLocation;
}

/** Common to index and ALTER facts: where, on what, and under which guards. */
export interface StatementFacts {
  source: SourceLocation;
  migration: number;
  table: TableRef;
  /** The table existed before this migration file began (locks matter only then). */
  tableExistedBeforeFile: boolean;
  /** Inside an explicit BEGIN ... COMMIT of the file. */
  inTransaction: boolean;
  /** lock_timeout in effect (non-zero) when the statement ran. */
  lockTimeout?: string;
  lockTimeoutSet: boolean;
  /** False when the statement failed during replay. */
  applied: boolean;
}

/** One CREATE INDEX. */
export interface IndexFacts extends StatementFacts {
  name?: string;
  concurrent: boolean;
  unique: boolean;
}

/** The ALTER / DROP / RENAME forms migration-safety rules care about. */
export type AlterationKind =
  | 'add-column-not-null' | 'add-column-volatile-default' | 'add-constraint' | 'validate-constraint' | 'alter-column-type'
  | 'set-not-null' | 'rename-column' | 'rename-table' | 'drop-column' | 'drop-table' | 'drop-constraint';

/** One risky ALTER TABLE subcommand, DROP TABLE or RENAME. */
export interface AlterationFacts extends StatementFacts {
  kind: AlterationKind;
  column?: string;
  constraint?: string;
  /** For add-constraint: `check`, `foreign-key`, `unique`, `primary-key`, `exclusion`, `not-null`. */
  constraintType?: string;
  /** For add-constraint: added NOT VALID (validated later without the heavy lock). */
  notValid?: boolean;
  /** For add-constraint unique/primary-key: built on an existing index (USING INDEX). */
  usingIndex?: boolean;
  /** For add-column-not-null: whether a DEFAULT comes with it. */
  hasDefault?: boolean;
  /** Why a default is volatile: the function names, `serial`, `identity` or `generated`. */
  volatileBecause?: string[];
}

/** DDL and DML counted per explicit transaction and per file. */
export interface TransactionFacts {
  file: string;
  migration: number;
  /** BEGIN line of an explicit transaction, or line 1 for the file as a whole. */
  source: SourceLocation;
  /** An explicit BEGIN ... COMMIT block; otherwise the whole file (migration tools often wrap a file in one transaction). */
  explicit: boolean;
  ddl: number;
  dml: number;
  mixesDdlAndDml: boolean;
}

/** All facts of one replay. */
export interface MigrationFacts {
  tables: TableFacts[];
  indexes: IndexFacts[];
  alterations: AlterationFacts[];
  transactions: TransactionFacts[];
}

/** Catalog knowledge the facts need from the engine. */
export interface FactsOptions {
  /** Function name -> pg_proc.provolatile (`i`, `s`, `v`), for ADD COLUMN defaults. */
  volatility?: Map<string, string>;
}

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CopyStmt']);
const NOT_DDL = new Set([...DML, 'SelectStmt', 'TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'DoStmt', 'ExplainStmt',
  'NotifyStmt', 'ListenStmt', 'UnlistenStmt', 'LockStmt', 'CallStmt', 'PrepareStmt', 'ExecuteStmt', 'DeallocateStmt', 'CheckPointStmt',
  'DiscardStmt', 'VacuumStmt', 'ConstraintsSetStmt']);

function isDdl(nodeType: string): boolean {
  return !NOT_DDL.has(nodeType);
}

function locationOf(s: ReplayedStatement): SourceLocation {
  return { file: s.file, line: s.line, column: s.column };
}

function lockTimeoutSet(value: string | undefined): boolean {
  return value !== undefined && !/^\s*0\s*(ms|s|min)?\s*$/i.test(value) && value.trim() !== '';
}

function tableKey(ref: TableRef): string {
  return `${ref.schema ?? ''}.${ref.name}`;
}

/** Function names used in ADD COLUMN defaults (for the volatility look-up the engine does). */
export function defaultExpressionFunctions(statements: ReplayedStatement[]): string[] {
  const names = new Set<string>();
  for (const s of statements) {
    if (s.nodeType !== 'AlterTableStmt') continue;
    for (const item of s.ast.cmds ?? []) {
      const def = item.AlterTableCmd?.subtype === 'AT_AddColumn' ? item.AlterTableCmd.def?.ColumnDef : undefined;
      for (const c of def?.constraints ?? []) {
        if (c.Constraint?.contype === 'CONSTR_DEFAULT') collectFunctions(c.Constraint.raw_expr, names);
      }
    }
  }
  return [...names];
}

function collectFunctions(node: unknown, into: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectFunctions(item, into);
    return;
  }
  const record = node as AstNode;
  if (record.FuncCall) {
    const name = (record.FuncCall.funcname ?? []).map((n: AstNode) => stringValue(n)).pop();
    if (name) into.add(name);
  }
  for (const value of Object.values(record)) collectFunctions(value, into);
}

/** Compute the migration facts from the replayed statements. */
export function computeMigrationFacts(statements: ReplayedStatement[], options: FactsOptions = {}): MigrationFacts {
  const volatility = options.volatility ?? new Map<string, string>();
  const tables = new Map<string, TableFacts>();
  const policies = new Map<string, Set<string>>();
  const indexes: IndexFacts[] = [];
  const alterations: AlterationFacts[] = [];
  const transactions: TransactionFacts[] = [];

  const tableFacts = (ref: TableRef): TableFacts => {
    const key = tableKey(ref);
    let facts = tables.get(key);
    if (!facts) {
      facts = { schema: ref.schema ?? '', name: ref.name, rlsHistory: [], policyHistory: [] };
      tables.set(key, facts);
    }
    return facts;
  };
  const common = (s: ReplayedStatement, table: TableRef, existed: boolean): StatementFacts => ({
    source: locationOf(s), migration: s.migration, table, tableExistedBeforeFile: existed, inTransaction: s.transactionLine !== undefined,
    lockTimeout: lockTimeoutSet(s.lockTimeout) ? s.lockTimeout : undefined, lockTimeoutSet: lockTimeoutSet(s.lockTimeout), applied: s.status === 'applied',
  });

  let fileTransaction: TransactionFacts | undefined;
  let explicitTransaction: TransactionFacts | undefined;

  for (const s of statements) {
    if (!fileTransaction || fileTransaction.migration !== s.migration) {
      fileTransaction = { file: s.file, migration: s.migration, source: { file: s.file, line: 1 }, explicit: false, ddl: 0, dml: 0, mixesDdlAndDml: false };
      transactions.push(fileTransaction);
      explicitTransaction = undefined;
    }
    if (s.status === 'skipped') continue;
    if (s.nodeType === 'TransactionStmt') {
      const kind = s.ast.kind as string;
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') {
        explicitTransaction = { file: s.file, migration: s.migration, source: locationOf(s), explicit: true, ddl: 0, dml: 0, mixesDdlAndDml: false };
        transactions.push(explicitTransaction);
      } else if (kind !== 'TRANS_STMT_SAVEPOINT' && kind !== 'TRANS_STMT_RELEASE' && kind !== 'TRANS_STMT_ROLLBACK_TO') {
        explicitTransaction = undefined;
      }
      continue;
    }
    for (const t of [fileTransaction, explicitTransaction]) {
      if (!t) continue;
      if (DML.has(s.nodeType)) t.dml++;
      else if (isDdl(s.nodeType)) t.ddl++;
      t.mixesDdlAndDml = t.ddl > 0 && t.dml > 0;
    }

    const relation = s.relation;
    const existed = relation?.existedBeforeFile ?? false;
    const ref: TableRef | undefined = relation ? { schema: relation.schema, name: relation.name } : undefined;

    switch (s.nodeType) {
      case 'CreateStmt':
      case 'CreateTableAsStmt':
      case 'CreateForeignTableStmt':
        if (ref && s.status === 'applied') {
          const facts = tableFacts(ref);
          facts.created = locationOf(s);
          facts.createdInMigration = s.migration;
          facts.rlsHistory = [];
          facts.policyHistory = [];
          facts.rlsDisabledLater = undefined;
          facts.lastPolicyDropped = undefined;
          policies.set(tableKey(ref), new Set());
        }
        break;
      case 'IndexStmt':
        if (ref) indexes.push({ ...common(s, ref, existed), name: s.ast.idxname ?? s.targets.find((t) => t.kind === 'index')?.name, concurrent: !!s.ast.concurrent, unique: !!s.ast.unique });
        break;
      case 'AlterTableStmt':
        if (ref && (s.ast.objtype ?? 'OBJECT_TABLE') === 'OBJECT_TABLE') alterTable(s, ref, existed);
        break;
      case 'RenameStmt':
        if (ref && s.ast.renameType === 'OBJECT_TABLE') alterations.push({ ...common(s, ref, existed), kind: 'rename-table' });
        if (ref && s.ast.renameType === 'OBJECT_COLUMN') alterations.push({ ...common(s, ref, existed), kind: 'rename-column', column: s.ast.subname });
        if (ref && s.ast.renameType === 'OBJECT_POLICY' && s.status === 'applied') {
          const set = policies.get(tableKey(ref)) ?? new Set<string>();
          set.delete(s.ast.subname);
          set.add(s.ast.newname);
          policies.set(tableKey(ref), set);
          tableFacts(ref).policyHistory.push({ action: 'rename', policy: s.ast.newname, remaining: set.size, source: locationOf(s), migration: s.migration });
        }
        break;
      case 'DropStmt':
        for (const target of s.targets) {
          if (target.kind === 'table' && target.action === 'drop') {
            alterations.push({ ...common(s, { schema: target.schema, name: target.name }, target.existedBeforeFile ?? false), kind: 'drop-table' });
          }
          if (target.kind === 'policy' && target.table && s.status === 'applied') policyChange(s, target.table, 'drop', target.name);
        }
        break;
      case 'CreatePolicyStmt':
      case 'AlterPolicyStmt':
        if (ref && s.status === 'applied') policyChange(s, ref, s.nodeType === 'CreatePolicyStmt' ? 'create' : 'alter', s.ast.policy_name);
        break;
      default:
        break;
    }
  }

  return { tables: [...tables.values()], indexes, alterations, transactions };

  function policyChange(s: ReplayedStatement, ref: TableRef, action: PolicyChange['action'], name: string): void {
    const key = tableKey(ref);
    const set = policies.get(key) ?? new Set<string>();
    policies.set(key, set);
    if (action === 'drop') set.delete(name);
    else set.add(name);
    const facts = tableFacts(ref);
    facts.policyHistory.push({ action, policy: name, remaining: set.size, source: locationOf(s), migration: s.migration });
    const rlsOn = rlsEnabled(facts);
    if (action === 'drop' && set.size === 0 && rlsOn) facts.lastPolicyDropped = locationOf(s);
  }

  function alterTable(s: ReplayedStatement, ref: TableRef, existed: boolean): void {
    for (const item of s.ast.cmds ?? []) {
      const cmd = item.AlterTableCmd as AstNode | undefined;
      if (!cmd) continue;
      const base = common(s, ref, existed);
      switch (cmd.subtype) {
        case 'AT_EnableRowSecurity':
        case 'AT_DisableRowSecurity':
        case 'AT_ForceRowSecurity':
        case 'AT_NoForceRowSecurity': {
          if (s.status !== 'applied') break;
          const change = RLS_CHANGES[cmd.subtype as string];
          const facts = tableFacts(ref);
          const enabledBefore = facts.rlsHistory.filter((h) => h.change === 'enable' || h.change === 'disable').pop();
          if (change === 'disable' && enabledBefore?.change === 'enable' && enabledBefore.migration < s.migration) facts.rlsDisabledLater = locationOf(s);
          facts.rlsHistory.push({ change, source: locationOf(s), migration: s.migration });
          break;
        }
        case 'AT_AddColumn': {
          const def = cmd.def?.ColumnDef as AstNode | undefined;
          if (!def) break;
          const constraints = (def.constraints ?? []).map((c: AstNode) => c.Constraint).filter(Boolean) as AstNode[];
          const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
          const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
          const because: string[] = [];
          const typeName = (def.typeName?.names ?? []).map((n: AstNode) => stringValue(n)).pop() as string | undefined;
          if (typeName && /^(small|big)?serial[248]?$/.test(typeName)) because.push('serial');
          if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) because.push('identity');
          if (constraints.some((c) => c.contype === 'CONSTR_GENERATED')) because.push('generated');
          if (defaultExpr) {
            const names = new Set<string>();
            collectFunctions(defaultExpr, names);
            for (const name of names) if ((volatility.get(name) ?? 'v') === 'v') because.push(name);
          }
          if (notNull) alterations.push({ ...base, kind: 'add-column-not-null', column: def.colname, hasDefault: defaultExpr !== undefined || because.length > 0 });
          if (because.length > 0) alterations.push({ ...base, kind: 'add-column-volatile-default', column: def.colname, volatileBecause: because });
          break;
        }
        case 'AT_AddConstraint': {
          const c = cmd.def?.Constraint as AstNode | undefined;
          if (!c) break;
          const type = ({ CONSTR_CHECK: 'check', CONSTR_FOREIGN: 'foreign-key', CONSTR_UNIQUE: 'unique', CONSTR_PRIMARY: 'primary-key', CONSTR_EXCLUSION: 'exclusion', CONSTR_NOTNULL: 'not-null' } as Record<string, string>)[c.contype] ?? c.contype;
          alterations.push({ ...base, kind: 'add-constraint', constraint: c.conname, constraintType: type, notValid: !!c.skip_validation, usingIndex: !!c.indexname });
          break;
        }
        case 'AT_ValidateConstraint':
          alterations.push({ ...base, kind: 'validate-constraint', constraint: cmd.name });
          break;
        case 'AT_AlterColumnType':
          alterations.push({ ...base, kind: 'alter-column-type', column: cmd.name });
          break;
        case 'AT_SetNotNull':
          alterations.push({ ...base, kind: 'set-not-null', column: cmd.name });
          break;
        case 'AT_DropColumn':
          alterations.push({ ...base, kind: 'drop-column', column: cmd.name });
          break;
        case 'AT_DropConstraint':
          alterations.push({ ...base, kind: 'drop-constraint', constraint: cmd.name });
          break;
        default:
          break;
      }
    }
  }
}

const RLS_CHANGES: Record<string, RlsChange['change']> = {
  AT_EnableRowSecurity: 'enable', AT_DisableRowSecurity: 'disable', AT_ForceRowSecurity: 'force', AT_NoForceRowSecurity: 'no-force',
};

function rlsEnabled(facts: TableFacts): boolean {
  const last = facts.rlsHistory.filter((h) => h.change === 'enable' || h.change === 'disable').pop();
  return last?.change === 'enable';
}
