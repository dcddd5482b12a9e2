/**
 * Replay parsed migrations into PGlite one statement at a time. A failing statement becomes a
 * diagnostic at its file:line with PostgreSQL's message and the replay goes on; objects the
 * statement would have created are recorded as missing so later failures can name their cause.
 * Every statement is recorded with the objects it touched (names resolved against the live
 * search_path) for source locations and migration-safety facts.
 */
import type { Diagnostic } from '../../shared/model/model.js';
import { analyzeStatement, settingChange, type StatementTarget } from './ast.js';
import { codePointOffsetToIndex, createLineIndex, type ParsedStatement } from './parse.js';
import { PgError, PgTimeoutError, type PgHost, type PgResult } from './pg-host.js';
import {
  answeredLookups, batchAnswers, dropsPreparedStatements, forgetPreparedLookups, liveLookups, lookupQuery, prepareLookups, quoteIdent,
  RELATION_TARGETS, resolveTargets, type NameLookups,
} from './resolve-names.js';

/** A statement target with its schema resolved where the database could tell. */
export interface ResolvedTarget extends StatementTarget {
  /** For tables, views and the tables of sub-objects: whether the relation existed before this migration file began. */
  existedBeforeFile?: boolean;
}

/** How a statement fared in the replay. */
export type ReplayStatus = 'applied' | 'failed' | 'skipped';

/** One statement as replayed: where it is, what it did, and how it went. */
export interface ReplayedStatement {
  file: string;
  /** Index of the migration in the ordered plan. */
  migration: number;
  /** Index of the statement within its file. */
  index: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
  nodeType: string;
  ast: Record<string, any>;
  /** See ParsedStatement.astOffset. */
  astOffset: number;
  status: ReplayStatus;
  error?: { message: string; code?: string; line: number; column: number; detail?: string; hint?: string };
  targets: ResolvedTarget[];
  /** The table the statement is mainly about, resolved, with whether it existed before this file. */
  relation?: { schema: string; name: string; existedBeforeFile: boolean };
  /** Set when the statement ran inside an explicit BEGIN ... COMMIT of the file: the line of that BEGIN. */
  transactionLine?: number;
  /** lock_timeout in effect when the statement ran (`0` or absent means none). */
  lockTimeout?: string;
  /** statement_timeout in effect when the statement ran. */
  statementTimeout?: string;
}

/** An object that does not exist because the statement meant to create it failed. */
export interface MissingObject {
  kind: string;
  schema?: string;
  name: string;
  /** The failed statement. */
  file: string;
  line: number;
  message: string;
  /** The extension PGlite lacks, when that is the root cause. */
  extension?: string;
}

/** What a replay has produced so far (kept with each checkpoint). */
export interface ReplayState {
  statements: ReplayedStatement[];
  diagnostics: Diagnostic[];
  missing: MissingObject[];
  /** Extensions the migrations asked for that PGlite does not have. */
  unavailableExtensions: string[];
}

/** One migration file to replay. */
export interface ReplayFileInput {
  migration: number;
  file: string;
  text: string;
  statements: ParsedStatement[];
}

/** Options of replayFile. */
export interface ReplayOptions {
  searchPath?: string;
  statementTimeoutMs: number;
  /** Statement keys (`file#index`) to skip, with why: they timed out or crashed PGlite in an earlier attempt. */
  skip: Map<string, string>;
}

/** Thrown when a statement timed out or broke PGlite; the host is dead and the replay must restart without it. */
export class StatementAbort extends Error {
  constructor(readonly key: string, readonly statement: ParsedStatement, readonly reason: string) {
    super(`Statement at ${statement.file}:${statement.line}: ${reason}`);
  }
}

/** An error that is not PostgreSQL's: the WASM instance or its worker broke, and the host cannot be trusted any more. */
function brokeTheHost(error: unknown): boolean {
  if (error instanceof PgError) return !error.code && /RuntimeError|unreachable|memory access|Aborted|worker exited|terminated|ERRORDATA_STACK_SIZE|PANIC/i.test(error.message);
  return true;
}

/** Statement types that are not replayed, with the reason. */
const NOT_REPLAYED: Record<string, string> = {
  CreatedbStmt: 'CREATE DATABASE is not replayed: Archbench replays into one database',
  DropdbStmt: 'DROP DATABASE is not replayed',
  AlterDatabaseStmt: 'ALTER DATABASE is not replayed',
  AlterDatabaseSetStmt: 'ALTER DATABASE ... SET is not replayed',
  AlterDatabaseRefreshCollStmt: 'ALTER DATABASE ... REFRESH COLLATION VERSION is not replayed',
  AlterSystemStmt: 'ALTER SYSTEM is not replayed',
  CreateTableSpaceStmt: 'CREATE TABLESPACE is not replayed (no file system locations here)',
  DropTableSpaceStmt: 'DROP TABLESPACE is not replayed',
  LoadStmt: 'LOAD is not replayed',
  CheckPointStmt: 'CHECKPOINT is not replayed',
};

const UNAVAILABLE_EXTENSION = /extension "([^"]+)" is not available|could not open extension control file ".*\/([^/]+)\.control"/;

/**
 * Statements that go alone: those that cannot run inside a transaction block (a batch is one), those
 * that need a catalog look-up of their own, and those that run arbitrary code (SELECT, DO, CALL), so a
 * timeout names the statement directly.
 */
function batchable(statement: ParsedStatement): boolean {
  const { nodeType, ast } = statement;
  if (['TransactionStmt', 'VacuumStmt', 'ReindexStmt', 'ClusterStmt', 'CallStmt', 'DoStmt', 'SelectStmt', 'CreateSubscriptionStmt',
    'AlterSubscriptionStmt', 'DropSubscriptionStmt'].includes(nodeType)) return false;
  if ((nodeType === 'IndexStmt' || nodeType === 'DropStmt') && ast.concurrent) return false;
  if (nodeType === 'IndexStmt' && !ast.idxname) return false;
  if (nodeType === 'AlterTableStmt' && (ast.cmds ?? []).some((c: Record<string, any>) => c.AlterTableCmd?.subtype === 'AT_AddConstraint' && !c.AlterTableCmd.def?.Constraint?.conname)) return false;
  return true;
}

/**
 * Statements with an effect a failed batch's rollback does not undo: prepared statements, values
 * taken from sequences (DML), and in PGlite (single-user mode) the session's role. Statements run
 * one by one after a failure are batched again only when none of these is among them, so a failed
 * retry leaves the database and the session as it found them.
 */
function outlivesRollback(statement: ParsedStatement): boolean {
  const { nodeType, ast } = statement;
  if (nodeType === 'VariableSetStmt') return ast.kind === 'VAR_RESET_ALL' || ast.name === 'role' || ast.name === 'session_authorization';
  return ['PrepareStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'].includes(nodeType) || dropsPreparedStatements(nodeType);
}

const BATCH_STATEMENTS = 100;
const BATCH_CHARACTERS = 256 * 1024;

interface Pending {
  key: string;
  statement: ParsedStatement;
  record: ReplayedStatement;
  relation: { schema?: string; name: string } | undefined;
  drops: boolean;
}

/**
 * Replay one migration file into the host, appending to `state`. Runs of statements outside an
 * explicit transaction go to PostgreSQL as one multi-statement query (about 3x faster), with the
 * catalog look-ups each statement needs inside the same query; when such a batch fails, its
 * statements are replayed one by one up to the failing one, so every error still lands on its own
 * statement, and the rest is batched again.
 */
export async function replayFile(host: PgHost, input: ReplayFileInput, state: ReplayState, options: ReplayOptions): Promise<void> {
  const lines = createLineIndex(input.text);
  await resetSession(host, options.searchPath);
  const before = await relationSnapshot(host);
  const batchKey = `batch:${input.file}`;
  const batching = !options.skip.has(batchKey);
  let transactionLine: number | undefined;
  let lockTimeout: string | undefined;
  let statementTimeout: string | undefined;
  const batch: Pending[] = [];
  let batchCharacters = 0;

  const afterSuccess = async (item: Pending, lookups: NameLookups = liveLookups(host)): Promise<void> => {
    if (!item.drops) await resolveTargets(lookups, item.record);
    markRelation(item.record, item.relation, before);
    await nameUnnamedObjects(host, item.record);
  };

  /** Run one statement on its own; true when it failed (and was recorded as such). */
  const applyOne = async (item: Pending): Promise<boolean> => {
    const { statement, record } = item;
    if (item.drops) await resolveTargets(liveLookups(host), record);
    const inTransaction = transactionLine !== undefined;
    if (inTransaction) await host.exec('SAVEPOINT archbench_statement');
    try {
      await host.exec(statement.text, options.statementTimeoutMs);
    } catch (error) {
      if (dropsPreparedStatements(statement.nodeType)) forgetPreparedLookups(host);
      if (error instanceof PgTimeoutError) throw new StatementAbort(item.key, statement, `did not finish within ${options.statementTimeoutMs} ms`);
      if (brokeTheHost(error)) throw new StatementAbort(item.key, statement, `broke the embedded PostgreSQL (${error instanceof Error ? error.message : String(error)})`);
      // A COMMIT that fails (a deferred constraint) ends the transaction and rolls it back, savepoint and all.
      const endsTransaction = inTransaction && isTransactionEnd(statement);
      if (inTransaction && !endsTransaction) await host.exec('ROLLBACK TO SAVEPOINT archbench_statement; RELEASE SAVEPOINT archbench_statement');
      // Failed statements still say which table they meant: migration-safety facts need that.
      await resolveTargets(liveLookups(host), record);
      markRelation(record, item.relation, before);
      await recordFailure(host, record, statement, error, lines, input.text, state, transactionLine, endsTransaction);
      if (endsTransaction) transactionLine = undefined;
      return true;
    }
    if (dropsPreparedStatements(statement.nodeType)) forgetPreparedLookups(host);
    if (inTransaction && !isTransactionEnd(statement)) await host.exec('RELEASE SAVEPOINT archbench_statement');
    if (statement.nodeType === 'TransactionStmt') {
      const kind = statement.ast.kind as string;
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') transactionLine = statement.line;
      else if (isTransactionEnd(statement)) transactionLine = undefined;
      record.transactionLine = transactionLine ?? record.transactionLine;
    }
    await afterSuccess(item);
    return false;
  };

  /**
   * Run statements as one multi-statement query, with the catalog look-ups their names need in the
   * same text. When the batch fails, PostgreSQL has rolled it back as a whole: its statements run one
   * at a time up to the first that fails (its error lands on it), and the rest go as a batch again
   * (unless one of them outlives a rollback: then one at a time, as before).
   *
   * Names are resolved as they always were: those of a batch against the database at its end, those
   * of statements replayed after a failure right after each (the look-ups follow each statement).
   * Drops are resolved before their batch runs, and again after the statement when a failure
   * made it run on its own.
   */
  const applyBatch = async (items: Pending[], afterFailure = false): Promise<void> => {
    if (items.length > 1) {
      if (!afterFailure) for (const item of items) if (item.drops) await resolveTargets(liveLookups(host), item.record);
      // A batch that may drop prepared statements asks its questions written out.
      const mayDrop = items.some((item) => dropsPreparedStatements(item.statement.nodeType));
      if (!mayDrop) await prepareLookups(host);
      // A newline before each semicolon: a statement may end in a -- comment.
      const parts = afterFailure
        ? items.flatMap((item, id) => [item.statement.text, lookupQuery(id, [item.record], !mayDrop)])
        : [...items.map((item) => item.statement.text), lookupQuery(0, items.filter((item) => !item.drops).map((item) => item.record), !mayDrop)];
      let results: PgResult[] | undefined;
      try {
        results = await host.exec(parts.filter((part) => part !== undefined).join('\n;\n'), options.statementTimeoutMs);
      } catch (error) {
        if (error instanceof PgTimeoutError || brokeTheHost(error)) throw new StatementAbort(batchKey, items[0].statement, 'a batch of statements failed hard');
        if (/prepared statement "archbench_/.test(error instanceof Error ? error.message : '')) forgetPreparedLookups(host);
      }
      if (mayDrop) forgetPreparedLookups(host);
      if (results) {
        const answers = batchAnswers(results);
        for (const [id, item] of items.entries()) {
          await afterSuccess(afterFailure ? { ...item, drops: false } : item, answeredLookups(answers.get(afterFailure ? id : 0), host));
        }
        return;
      }
    }
    for (let i = 0; i < items.length; i++) {
      // Drops of a failed batch were resolved before it ran; do not look them up again before the statement.
      const failed = await applyOne({ ...items[i], drops: items[i].drops && items.length === 1 && !afterFailure });
      const rest = items.slice(i + 1);
      if (failed && rest.length > 0 && !rest.some((item) => outlivesRollback(item.statement))) {
        await applyBatch(rest, true);
        return;
      }
    }
  };

  const flush = async (): Promise<void> => {
    const items = batch.splice(0);
    batchCharacters = 0;
    await applyBatch(items);
  };

  for (const statement of input.statements) {
    const key = `${input.file}#${statement.index}`;
    const analysis = analyzeStatement(statement.nodeType, statement.ast);
    const record: ReplayedStatement = {
      file: input.file, migration: input.migration, index: statement.index,
      line: statement.line, column: statement.column, endLine: statement.endLine, endColumn: statement.endColumn,
      text: statement.text, nodeType: statement.nodeType, ast: statement.ast, astOffset: statement.astOffset,
      status: 'applied', targets: analysis.targets.map((t) => ({ ...t })), transactionLine, lockTimeout, statementTimeout,
    };
    state.statements.push(record);

    const aborted = options.skip.get(key);
    const skipReason = aborted ? `Statement skipped: it ${aborted}` : notReplayedReason(statement);
    if (skipReason) {
      record.status = 'skipped';
      state.diagnostics.push({
        file: input.file, line: statement.line, column: statement.column, severity: aborted ? 'error' : 'info',
        code: aborted ? (aborted.startsWith('did not finish') ? 'sql.timeout' : 'sql.crash') : 'sql.not-replayed', message: skipReason,
      });
      continue;
    }
    // Settings as they will be after this statement (a failing SET is rare enough to ignore here).
    const lock = settingChange(statement.nodeType, statement.ast, 'lock_timeout');
    if (lock) lockTimeout = lock.value ?? undefined;
    const timeout = settingChange(statement.nodeType, statement.ast, 'statement_timeout');
    if (timeout) statementTimeout = timeout.value ?? undefined;

    const item: Pending = { key, statement, record, relation: analysis.relation, drops: analysis.targets.some((t) => t.action === 'drop') };
    if (batching && transactionLine === undefined && batchable(statement)) {
      batch.push(item);
      batchCharacters += statement.text.length;
      if (batch.length >= BATCH_STATEMENTS || batchCharacters >= BATCH_CHARACTERS) await flush();
      continue;
    }
    await flush();
    await applyOne(item);
  }
  await flush();

  if (transactionLine !== undefined) {
    state.diagnostics.push({
      file: input.file, line: transactionLine, severity: 'warning', code: 'sql.transaction-open',
      message: 'Transaction begun here is never committed in this file; Archbench commits it at the end of the file',
    });
    await host.exec('COMMIT');
  }
}

function isTransactionEnd(statement: ParsedStatement): boolean {
  if (statement.nodeType !== 'TransactionStmt') return false;
  return ['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED'].includes(statement.ast.kind);
}

function notReplayedReason(statement: ParsedStatement): string | undefined {
  const fixed = NOT_REPLAYED[statement.nodeType];
  if (fixed) return fixed;
  if (statement.nodeType === 'CopyStmt') {
    if (!statement.ast.filename) return statement.ast.is_from ? 'COPY ... FROM stdin is not replayed: data is not part of the schema' : 'COPY ... TO stdout is not replayed';
    return 'COPY with a file or program is not replayed';
  }
  return undefined;
}

/** Start each file from a clean session: settings, role and search_path as a migration tool's new connection has them. */
async function resetSession(host: PgHost, searchPath: string | undefined): Promise<void> {
  await host.exec(`RESET ALL; RESET ROLE; RESET SESSION AUTHORIZATION;${searchPath ? ` SET search_path TO ${searchPath};` : ''}`);
}

async function relationSnapshot(host: PgHost): Promise<Set<string>> {
  const result = await host.query<{ key: string }>(
    `select n.nspname || '.' || c.relname as key from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'`,
  );
  return new Set(result.rows.map((r) => r.key));
}

/** CREATE INDEX without a name and ADD CONSTRAINT without a name: ask the catalog what PostgreSQL called them. */
async function nameUnnamedObjects(host: PgHost, record: ReplayedStatement): Promise<void> {
  const relation = record.relation;
  if (!relation) return;
  const regclass = `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
  if (record.nodeType === 'IndexStmt' && !record.ast.idxname) {
    const r = await host.query<{ name: string }>(
      'select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = to_regclass($1) order by c.oid desc limit 1', [regclass]);
    const name = r.rows[0]?.name;
    if (name) record.targets.push({ kind: 'index', action: 'create', schema: relation.schema, name, table: { schema: relation.schema, name: relation.name } });
  }
  if (record.nodeType === 'AlterTableStmt') {
    const unnamed = (record.ast.cmds ?? []).filter((c: Record<string, any>) => c.AlterTableCmd?.subtype === 'AT_AddConstraint' && !c.AlterTableCmd.def?.Constraint?.conname).length;
    if (unnamed === 0) return;
    const r = await host.query<{ name: string }>(
      'select conname as name from pg_constraint where conrelid = to_regclass($1) order by oid desc limit $2', [regclass, unnamed]);
    for (const row of r.rows.reverse()) {
      record.targets.push({ kind: 'constraint', action: 'create', schema: relation.schema, name: row.name, table: { schema: relation.schema, name: relation.name } });
    }
  }
}

function markRelation(record: ReplayedStatement, relation: { schema?: string; name: string } | undefined, before: Set<string>): void {
  if (!relation) return;
  let schema = relation.schema;
  for (const t of record.targets) {
    if (schema) break;
    if (RELATION_TARGETS.has(t.kind) && t.name === relation.name) schema = t.schema;
    else if (t.table?.name === relation.name) schema = t.table.schema;
  }
  if (!schema) return;
  const existedBeforeFile = before.has(`${schema}.${relation.name}`);
  record.relation = { schema, name: relation.name, existedBeforeFile };
  for (const t of record.targets) {
    if (RELATION_TARGETS.has(t.kind) && t.kind !== 'index' && t.schema) t.existedBeforeFile = before.has(`${t.schema}.${t.name}`);
    if (t.table?.schema) t.existedBeforeFile ??= before.has(`${t.table.schema}.${t.table.name}`);
  }
}

async function recordFailure(
  host: PgHost, record: ReplayedStatement, statement: ParsedStatement, error: unknown,
  lines: ReturnType<typeof createLineIndex>, text: string, state: ReplayState, transactionLine: number | undefined, endsTransaction = false,
): Promise<void> {
  record.status = 'failed';
  const pgError = error instanceof PgError ? error : undefined;
  const message = pgError?.message ?? (error instanceof Error ? error.message : String(error));
  const offset = pgError?.position ? statement.start + codePointOffsetToIndex(statement.text, pgError.position - 1) : statement.start;
  const at = lines.position(Math.min(offset, text.length));
  record.error = { message, code: pgError?.code, line: at.line, column: at.column, detail: pgError?.detail, hint: pgError?.hint };

  const extension = UNAVAILABLE_EXTENSION.exec(message);
  const extensionName = extension ? (extension[1] ?? extension[2]) : undefined;
  if (extensionName) {
    if (!state.unavailableExtensions.includes(extensionName)) state.unavailableExtensions.push(extensionName);
    state.diagnostics.push({
      file: record.file, line: record.line, column: record.column, severity: 'warning', code: 'sql.extension-unavailable',
      message: `Extension ${extensionName} is not available in the embedded PostgreSQL (PGlite); objects that need it will be missing`,
    });
    state.missing.push({ kind: 'extension', name: extensionName, file: record.file, line: record.line, message, extension: extensionName });
    return;
  }

  const cause = state.missing.find((m) => mentions(message, m));
  const onlyTouchesMissingExtension = cause?.extension !== undefined && record.targets.every((t) => t.kind === 'extension' && t.name === cause.extension);
  let detailed = message;
  if (pgError?.detail) detailed += ` (${pgError.detail})`;
  if (cause) detailed += cause.extension ? ` [because extension ${cause.extension} is unavailable]` : ` [probably because ${cause.name} was not created: ${cause.file}:${cause.line} failed]`;
  else if (state.unavailableExtensions.length > 0 && /^(type|function|operator( class)?|access method) .* does not exist/.test(message)) detailed += ` [possibly provided by an unavailable extension: ${state.unavailableExtensions.join(', ')}]`;
  if (transactionLine !== undefined && endsTransaction) detailed += ` (the transaction begun at line ${transactionLine} was rolled back: none of its statements took effect)`;
  else if (transactionLine !== undefined) detailed += ` (in a real run this error aborts the transaction begun at line ${transactionLine}; Archbench rolls back this statement only and goes on)`;
  state.diagnostics.push({
    file: record.file, line: at.line, column: at.column, severity: onlyTouchesMissingExtension ? 'warning' : 'error',
    code: onlyTouchesMissingExtension ? 'sql.extension-unavailable' : 'sql.apply', message: detailed,
  });

  for (const target of record.targets) {
    if (target.action !== 'create') continue;
    if (!target.schema && !['schema', 'extension', 'role'].includes(target.kind)) {
      const r = await host.query<{ schema: string }>('select (current_schemas(false))[1] as schema').catch(() => undefined);
      target.schema = r?.rows[0]?.schema;
    }
    state.missing.push({
      kind: target.kind, schema: target.schema, name: target.name, file: record.file, line: record.line, message,
      extension: cause?.extension,
    });
  }
}

function mentions(message: string, missing: MissingObject): boolean {
  const names = [missing.name, missing.schema ? `${missing.schema}.${missing.name}` : undefined].filter(Boolean) as string[];
  return names.some((name) => message.includes(`"${name}"`) || message.includes(` ${name}(`));
}
