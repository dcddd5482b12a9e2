/**
 * Migration steps that lock or rewrite a table that already holds data (Squawk's rules, judged
 * across the whole migration history: a table created earlier in the same file is empty and never
 * reported): CREATE INDEX without CONCURRENTLY, NOT NULL columns without a default, volatile
 * defaults, constraints validated in place, type changes that rewrite, and SET NOT NULL.
 */
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { alterationsOnExistingTables, existingTable, factHit, tableOrigin, typeChange, typeChangeIsFree, typeText } from './migration-support.js';
import { databaseOf, findTable, relationLabel } from './support.js';

export const indexNotConcurrent: Rule = {
  id: 'mig.index-not-concurrent',
  title: 'CREATE INDEX without CONCURRENTLY on an existing table',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 400,
  rationale: 'CREATE INDEX takes a SHARE lock on the table for the whole build: reads go on, but every INSERT, UPDATE and DELETE waits until the '
    + 'index is built, which on a large table means minutes of failed or queued writes. CONCURRENTLY builds it without blocking writes.',
  remediation: 'Use `CREATE INDEX CONCURRENTLY` (outside a transaction block; most migration tools have a per-migration switch for that), and '
    + 'check for an INVALID index afterwards if it fails.',
  references: [DOCS.createIndexConcurrently, DOCS.squawk('require-concurrent-index-creation')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return db.facts.indexes.filter((fact) => fact.tableExistedBeforeFile && !fact.concurrent).map((fact): RuleHit => factHit(db, fact,
      `CREATE ${fact.unique ? 'UNIQUE ' : ''}INDEX ${fact.name ? `${fact.name} ` : ''}ON ${existingTable(db, fact)} blocks writes to ${fact.table.name} for the whole build: `
      + 'use CREATE INDEX CONCURRENTLY.', fact.name));
  },
};

export const addColumnNotNull: Rule = {
  id: 'mig.add-column-not-null',
  title: 'NOT NULL column added without a default to an existing table',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 703,
  rationale: 'ADD COLUMN ... NOT NULL without a DEFAULT gives existing rows NULL, which the constraint rejects: the migration fails on any table '
    + 'that has rows, typically in production after it passed on an empty development database.',
  remediation: 'Add the column with a constant DEFAULT (PostgreSQL 11+ stores it without rewriting the table), or add it nullable, backfill in '
    + 'batches, add `CHECK (col IS NOT NULL) NOT VALID`, VALIDATE it, then SET NOT NULL.',
  references: [DOCS.alterTableNotes, DOCS.squawk('adding-required-field')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'add-column-not-null').filter((fact) => !fact.hasDefault).map((fact) => factHit(db, fact,
      `ADD COLUMN ${fact.column} NOT NULL without a DEFAULT on ${existingTable(db, fact)} fails as soon as ${fact.table.name} has a row: `
      + 'add it with a default, or nullable and backfilled first.', fact.column));
  },
};

export const addColumnVolatileDefault: Rule = {
  id: 'mig.add-column-volatile-default',
  title: 'Column added with a volatile default rewrites the table',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 400,
  rationale: 'Since PostgreSQL 11 a constant default is stored once and ADD COLUMN is instant. A volatile default (random(), gen_random_uuid(), '
    + 'clock_timestamp(), a serial or identity column, a stored generated column) must be computed per row: the table and its indexes '
    + 'are rewritten under an ACCESS EXCLUSIVE lock that blocks reads and writes until it finishes.',
  remediation: 'Add the column without the default (or with a constant one), set the default with ALTER COLUMN ... SET DEFAULT for new rows, '
    + 'and backfill existing rows in batches.',
  references: [DOCS.alterTableNotes, DOCS.squawk('adding-field-with-default')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'add-column-volatile-default').map((fact) => {
      const because = fact.volatileBecause ?? [];
      const why = because.includes('serial') ? 'a serial column' : because.includes('identity') ? 'an identity column'
        : because.includes('generated') ? 'a stored generated column' : `volatile default ${because.map((name) => `${name}()`).join(', ')}`;
      return factHit(db, fact, `ADD COLUMN ${fact.column} with ${why} on ${existingTable(db, fact)} computes a value for every row: ${fact.table.name} `
        + 'is rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes until it finishes.', fact.column);
    });
  },
};

export const constraintWithoutNotValid: Rule = {
  id: 'mig.constraint-without-not-valid',
  title: 'FOREIGN KEY or CHECK added to an existing table without NOT VALID',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 400,
  rationale: 'Adding a CHECK or FOREIGN KEY constraint checks every existing row while holding a lock: ACCESS EXCLUSIVE for CHECK (no reads or '
    + 'writes), SHARE ROW EXCLUSIVE on both tables for a foreign key (no writes). Added NOT VALID it applies to new rows at once, and '
    + 'VALIDATE CONSTRAINT later checks old rows under a lock that lets reads and writes continue.',
  remediation: 'Split it: `ALTER TABLE t ADD CONSTRAINT c ... NOT VALID;` then, in a separate transaction, `ALTER TABLE t VALIDATE CONSTRAINT c;`.',
  references: [DOCS.alterTableNotes, DOCS.squawk('constraint-missing-not-valid'), DOCS.squawk('adding-foreign-key-constraint')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'add-constraint')
      .filter((fact) => (fact.constraintType === 'check' || fact.constraintType === 'foreign-key') && !fact.notValid)
      .map((fact) => factHit(db, fact, fact.constraintType === 'foreign-key'
        ? `ADD CONSTRAINT ${fact.constraint ? `${fact.constraint} ` : ''}FOREIGN KEY on ${existingTable(db, fact)} checks every row while blocking writes to ${fact.table.name} and `
          + 'the referenced table: add it NOT VALID, then VALIDATE CONSTRAINT separately.'
        : `ADD CONSTRAINT ${fact.constraint ? `${fact.constraint} ` : ''}CHECK on ${existingTable(db, fact)} scans every row under an ACCESS EXCLUSIVE lock: add it NOT VALID, `
          + 'then VALIDATE CONSTRAINT separately.', fact.constraint));
  },
};

export const uniqueWithoutIndex: Rule = {
  id: 'mig.unique-without-index',
  title: 'UNIQUE or PRIMARY KEY constraint added without an existing index',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 400,
  rationale: 'ADD CONSTRAINT ... UNIQUE (or PRIMARY KEY) builds its index while holding an ACCESS EXCLUSIVE lock on the table: no reads and no '
    + 'writes for the duration of the build. Building the unique index CONCURRENTLY first and attaching it takes only a brief lock.',
  remediation: '`CREATE UNIQUE INDEX CONCURRENTLY t_col_key ON t (col);` then `ALTER TABLE t ADD CONSTRAINT t_col_key UNIQUE USING INDEX t_col_key;`.',
  references: [DOCS.alterTable, DOCS.squawk('disallowed-unique-constraint')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'add-constraint')
      .filter((fact) => (fact.constraintType === 'unique' || fact.constraintType === 'primary-key') && !fact.usingIndex)
      .map((fact) => factHit(db, fact, `ADD CONSTRAINT ${fact.constraint ? `${fact.constraint} ` : ''}${fact.constraintType === 'unique' ? 'UNIQUE' : 'PRIMARY KEY'} on ${existingTable(db, fact)} `
        + `builds its index under an ACCESS EXCLUSIVE lock, blocking reads and writes of ${fact.table.name}: create the unique index CONCURRENTLY and add the `
        + 'constraint USING INDEX.', fact.constraint));
  },
};

export const alterColumnType: Rule = {
  id: 'mig.alter-column-type',
  title: 'Column type change rewrites an existing table',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 400,
  rationale: 'ALTER COLUMN ... TYPE rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock (reads and writes wait for all of '
    + 'it) unless the change is binary-compatible, such as widening a varchar or turning it into text. Clients that read the column may '
    + 'also break on the new type.',
  remediation: 'Add a new column of the new type, write to both, backfill in batches, switch reads, then drop the old column (expand and '
    + 'contract). Only widening a varchar or numeric, or varchar to text, is safe in place.',
  references: [DOCS.alterTableNotes, DOCS.squawk('changing-column-type'), DOCS.expandContract],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const fact of alterationsOnExistingTables(db, 'alter-column-type')) {
      const { from, to } = typeChange(db, fact);
      if (from && to && typeChangeIsFree(from, to)) continue;
      const change = to ? ` TYPE ${typeText(to)}${from ? ` (was ${typeText(from)})` : ''}` : ' TYPE';
      hits.push(factHit(db, fact, `ALTER COLUMN ${fact.column}${change} on ${existingTable(db, fact)} rewrites ${fact.table.name} and its indexes under an `
        + 'ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite.', fact.column));
    }
    return hits;
  },
};

export const setNotNull: Rule = {
  id: 'mig.set-not-null',
  title: 'SET NOT NULL on a column of an existing table',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 400,
  rationale: 'SET NOT NULL scans the whole table to prove there is no NULL, holding an ACCESS EXCLUSIVE lock that blocks reads and writes '
    + 'meanwhile. Since PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) constraint already proves it.',
  remediation: '`ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID;` then `VALIDATE CONSTRAINT c;` (no exclusive lock), then `SET NOT NULL` '
    + '(instant) and drop the CHECK.',
  references: [DOCS.alterTableNotes, DOCS.squawk('adding-not-nullable-field')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'set-not-null').filter((fact) => {
      const table = findTable(db, fact.table.schema ?? 'public', fact.table.name);
      const proven = table?.checkConstraints?.some((check) => check.validated !== false
        && new RegExp(`^\\(?\\s*"?${fact.column}"?\\s+IS\\s+NOT\\s+NULL\\s*\\)?$`, 'i').test(check.expression));
      return !proven;
    }).map((fact) => factHit(db, fact, `SET NOT NULL on ${relationLabel({ schema: fact.table.schema ?? 'public', name: fact.table.name })}.${fact.column} `
      + `(${tableOrigin(db, fact)}) scans the whole table under an ACCESS EXCLUSIVE lock: `
      + 'validate a CHECK (... IS NOT NULL) NOT VALID constraint first.', fact.column));
  },
};
