/**
 * How migration files run: lock-taking DDL on existing tables without a lock_timeout, data
 * changes in the same transaction as such DDL (the lock is held for the whole backfill),
 * CONCURRENTLY inside a transaction block (it fails), and VACUUM FULL / CLUSTER (a full rewrite
 * under an exclusive lock).
 */
import type { ReplayResult } from '../../../db/engine.js';
import type { ReplayedStatement } from '../../../db/replay.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { count, fileName, listOf, relationElement, relationLabel, statementLocation } from './support.js';

const LOCKING = new Set(['AlterTableStmt', 'IndexStmt', 'RenameStmt', 'DropStmt', 'CreateTrigStmt', 'CreatePolicyStmt', 'AlterPolicyStmt']);
const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

function lockTimeoutSet(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && !/^\s*0\s*(ms|s|min)?\s*$/i.test(value);
}

/** A statement that takes a table lock on a table that existed before its file (CONCURRENTLY index builds excepted). */
export function locksExistingTable(statement: ReplayedStatement): boolean {
  if (statement.status === 'skipped' || !LOCKING.has(statement.nodeType) || !statement.relation?.existedBeforeFile) return false;
  if (statement.nodeType === 'IndexStmt' && statement.ast.concurrent) return false;
  if (statement.nodeType === 'DropStmt') return ['OBJECT_TABLE', 'OBJECT_POLICY', 'OBJECT_TRIGGER'].includes(statement.ast.removeType) && !statement.ast.concurrent;
  if (statement.nodeType === 'AlterTableStmt') return (statement.ast.objtype ?? 'OBJECT_TABLE') === 'OBJECT_TABLE';
  return true;
}

function byFile(db: ReplayResult): Map<string, ReplayedStatement[]> {
  const files = new Map<string, ReplayedStatement[]>();
  for (const statement of db.statements) {
    const list = files.get(statement.file);
    if (list) list.push(statement);
    else files.set(statement.file, [statement]);
  }
  return files;
}

const VERBS: Record<string, string> = {
  AlterTableStmt: 'ALTER TABLE', IndexStmt: 'CREATE INDEX ON', RenameStmt: 'RENAME', DropStmt: 'DROP', CreateTrigStmt: 'CREATE TRIGGER ON',
  CreatePolicyStmt: 'CREATE POLICY ON', AlterPolicyStmt: 'ALTER POLICY ON', InsertStmt: 'INSERT INTO', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE FROM',
  MergeStmt: 'MERGE INTO', ReindexStmt: 'REINDEX',
};

/** `ALTER TABLE accounts`, `UPDATE accounts`: what a statement does to which table, for messages. */
function describe(statement: ReplayedStatement): string {
  const target = statement.relation ?? (statement.ast.relation?.relname
    ? { schema: statement.ast.relation.schemaname ?? 'public', name: statement.ast.relation.relname as string } : undefined);
  return [VERBS[statement.nodeType] ?? statement.nodeType, target ? relationLabel(target) : ''].filter(Boolean).join(' ');
}

function relationOf(statement: ReplayedStatement): string {
  return statement.relation ? relationLabel(statement.relation) : '';
}

export const lockTimeoutMissing: Rule = {
  id: 'mig.lock-timeout-missing',
  title: 'Lock-taking DDL on existing tables without a lock_timeout',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 1088,
  rationale: 'ALTER TABLE, CREATE INDEX, CREATE TRIGGER and similar statements queue for their table lock behind any running query. While they '
    + 'wait, every new query on that table queues behind them, so one long report turns a millisecond migration into an outage. A '
    + 'lock_timeout makes the migration fail fast instead, to be retried.',
  remediation: 'Start the migration with `SET lock_timeout = \'2s\';` (and a statement_timeout), or configure them in the migration tool, and '
    + 'retry failed migrations with backoff.',
  references: [DOCS.lockTimeout, DOCS.locks, DOCS.squawk('require-timeout-settings')],
  check(context) {
    const db = context.database;
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const [file, statements] of byFile(db)) {
      const unguarded = statements.filter((s) => locksExistingTable(s) && !lockTimeoutSet(s.lockTimeout));
      if (!unguarded.length) continue;
      const tables = [...new Set(unguarded.map(relationOf))];
      hits.push({
        message: `${fileName(file)} locks ${count(tables.length, 'existing table')} (${listOf(tables)}) in ${count(unguarded.length, 'statement')} without SET lock_timeout: `
          + 'if one waits for its lock behind a long query, every later query on that table waits too.',
        location: statementLocation(unguarded[0]),
        element: file,
        related: unguarded.slice(1, 6).map((s) => ({ ...statementLocation(s), message: describe(s) })),
      });
    }
    return hits;
  },
};

export const transactionMixesDdlDml: Rule = {
  id: 'mig.transaction-mixes-ddl-dml',
  title: 'Data changes in the same transaction as locking DDL',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 400,
  rationale: 'A lock taken by ALTER TABLE (usually ACCESS EXCLUSIVE) is held until the transaction ends. When the same transaction then updates '
    + 'or inserts rows (a backfill), the table stays unreadable and unwritable for the whole data change, which on a large table is '
    + 'minutes. Migration tools such as Flyway, Rails and the Supabase CLI run each file as one transaction.',
  remediation: 'Put schema changes and backfills in separate migrations (or transactions), and backfill in batches that each commit.',
  references: [DOCS.locks, DOCS.transactionalDdl, DOCS.squawkSafeMigrations],
  check(context) {
    const db = context.database;
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const [file, statements] of byFile(db)) {
      // One scope per explicit BEGIN ... COMMIT, and the rest of the file as the transaction the tool wraps it in.
      const scopes = new Map<string, ReplayedStatement[]>();
      for (const s of statements) {
        if (s.status === 'skipped' || s.nodeType === 'TransactionStmt') continue;
        const scope = s.transactionLine !== undefined ? `begin:${s.transactionLine}` : 'file';
        scopes.set(scope, [...(scopes.get(scope) ?? []), s]);
      }
      for (const [scope, members] of scopes) {
        const ddl = members.findIndex(locksExistingTable);
        if (ddl < 0) continue;
        const dml = members.slice(ddl + 1).filter((s) => DML.has(s.nodeType));
        if (!dml.length) continue;
        const lock = members[ddl];
        const explicit = scope !== 'file';
        const before = members.slice(0, members.indexOf(dml[0]));
        const locked = [...new Set(before.filter(locksExistingTable).map(relationOf))];
        hits.push({
          message: `${fileName(file)} runs ${describe(dml[0])} (line ${dml[0].line}) in the same ${explicit ? 'transaction' : 'file'} as `
            + `${describe(lock)} (line ${lock.line}): ${explicit ? '' : 'run as one transaction, '}the ${locked.length === 1 ? 'lock' : 'locks'} on ${listOf(locked)} `
            + `${locked.length === 1 ? 'is' : 'are'} held until the data change commits.`,
          location: explicit ? { file, line: lock.transactionLine! } : statementLocation(lock),
          element: file,
          key: scope,
          related: dml.slice(0, 5).map((s) => ({ ...statementLocation(s), message: describe(s) })),
        });
      }
    }
    return hits;
  },
};

function isConcurrent(statement: ReplayedStatement): boolean {
  if (statement.nodeType === 'IndexStmt' || statement.nodeType === 'DropStmt') return !!statement.ast.concurrent;
  if (statement.nodeType === 'ReindexStmt') return (statement.ast.params ?? []).some((p: Record<string, any>) => p.DefElem?.defname === 'concurrently');
  return false;
}

function concurrentVerb(statement: ReplayedStatement): string {
  if (statement.nodeType === 'IndexStmt') return `CREATE ${statement.ast.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY${statement.ast.idxname ? ` ${statement.ast.idxname}` : ''}`;
  return statement.nodeType === 'DropStmt' ? 'DROP INDEX CONCURRENTLY' : 'REINDEX CONCURRENTLY';
}

export const concurrentlyInTransaction: Rule = {
  id: 'mig.concurrently-in-transaction',
  title: 'CONCURRENTLY inside a transaction block',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 703,
  rationale: 'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY cannot run inside a transaction block: PostgreSQL '
    + 'rejects them with "cannot run inside a transaction block", so the migration fails (and everything before it in the transaction '
    + 'is rolled back).',
  remediation: 'Run the statement outside BEGIN ... COMMIT, in a migration of its own, with the tool\'s per-migration switch for '
    + 'non-transactional migrations (Rails disable_ddl_transaction!, Flyway executeInTransaction=false, golang-migrate / dbmate '
    + '"transaction:false").',
  references: [DOCS.createIndexConcurrently, DOCS.squawk('ban-concurrent-index-creation-in-transaction')],
  check(context) {
    const db = context.database;
    if (!db) return [];
    return db.statements.filter((s) => s.transactionLine !== undefined && isConcurrent(s)).map((s): RuleHit => ({
      message: `${concurrentVerb(s)}${s.relation ? ` on ${relationOf(s)}` : ''} runs inside the transaction begun at line ${s.transactionLine} of `
        + `${fileName(s.file)}: PostgreSQL rejects it there and the migration fails.`,
      location: statementLocation(s),
      element: s.relation ? relationElement(s.relation) : s.file,
      key: `${fileName(s.file)}:${s.index}`,
    }));
  },
};

export const vacuumFullCluster: Rule = {
  id: 'mig.vacuum-full-cluster',
  title: 'VACUUM FULL or CLUSTER in a migration',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 400,
  rationale: 'VACUUM FULL and CLUSTER rewrite the whole table (every table, without a name) under an ACCESS EXCLUSIVE lock: no reads, no writes '
    + 'until the copy is done, and twice the disk space meanwhile. In a migration that is an outage proportional to the table size.',
  remediation: 'Leave space reclamation to autovacuum, or use an online tool (pg_repack, pg_squeeze) outside the migrations, in a maintenance '
    + 'window.',
  references: [DOCS.vacuum, DOCS.cluster],
  check(context) {
    const db = context.database;
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const s of db.statements) {
      const full = s.nodeType === 'VacuumStmt' && (s.ast.options ?? []).some((o: Record<string, any>) => o.DefElem?.defname === 'full');
      if (!full && s.nodeType !== 'ClusterStmt') continue;
      const relations = s.nodeType === 'ClusterStmt'
        ? (s.ast.relation?.relname ? [s.ast.relation.relname as string] : [])
        : (s.ast.rels ?? []).map((r: Record<string, any>) => r.VacuumRelation?.relation?.relname).filter(Boolean) as string[];
      hits.push({
        message: `${full ? 'VACUUM FULL' : 'CLUSTER'} ${relations.length ? `rewrites ${listOf(relations)}` : 'rewrites every table of the database'} under an ACCESS `
          + 'EXCLUSIVE lock: nothing reads or writes it until the rewrite ends.',
        location: statementLocation(s),
        element: s.file,
        key: `${s.index}`,
      });
    }
    return hits;
  },
};
