/**
 * Keys and indexes: tables without a primary key or without any index, foreign keys no index
 * can serve, indexes that duplicate another or are a prefix of one, and tables with so many
 * indexes that every write pays for them.
 */
import type { ForeignKey, Index, Table } from '../../../../shared/model/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { databaseOf, listOf, locationOf, projectTables, relationElement, relationLabel } from './support.js';

/** More indexes than this on one table is reported. */
export const MAX_INDEXES = 15;

/** The key list of an index as PostgreSQL prints it (`a, lower(b), c DESC`), split at top-level commas. */
export function indexKeys(index: Index): string[] {
  const definition = index.definition ?? '';
  const open = definition.search(/ USING \w+ \(/);
  if (open < 0) return index.columns;
  let depth = 0;
  let current = '';
  const keys: string[] = [];
  for (let i = definition.indexOf('(', open); i < definition.length; i++) {
    const ch = definition[i];
    if (ch === '(') {
      if (depth++ === 0) continue;
    } else if (ch === ')') {
      if (--depth === 0) break;
    } else if (ch === ',' && depth === 1) {
      keys.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) keys.push(current.trim());
  return keys;
}

/** Whether an index can serve lookups on its leading columns for every row (valid, not partial). */
function servesAllRows(index: Index): boolean {
  return index.valid !== false && !index.partial;
}

/** A partial index whose predicate only says the given columns are not NULL: lookups by value (`col = $1`) can use it. */
function onlyExcludesNulls(index: Index, columns: string[]): boolean {
  if (!index.partial || !index.predicate) return false;
  return index.predicate.split(/\s+AND\s+/i).every((part) => {
    const column = /^\(*"?([^"\s()]+)"?\s+IS\s+NOT\s+NULL\)*$/i.exec(part.trim())?.[1];
    return !!column && columns.includes(column);
  });
}

/** An index whose leading columns are exactly the given columns, in any order, usable for equality lookups on them. */
export function coveringIndex(table: Table, columns: string[]): Index | undefined {
  return table.indexes.find((index) => index.valid !== false
    && (!index.partial || onlyExcludesNulls(index, columns))
    && index.columns.length >= columns.length
    && columns.every((column) => index.columns.slice(0, columns.length).includes(column))
    && !index.columns.slice(0, columns.length).some((column) => index.expressions?.includes(column)));
}

function describeIndex(index: Index): string {
  return `${index.name} (${indexKeys(index).join(', ')})`;
}

export const pkMissing: Rule = {
  id: 'db.pk-missing',
  title: 'Table has no primary key',
  category: 'data',
  severity: 'medium',
  stride: 'T',
  cwe: 694,
  rationale: 'Without a primary key nothing identifies a row: duplicates go unnoticed, ORMs and admin tools cannot update or delete one row '
    + 'safely, other tables cannot reference it, and logical replication (used for zero-downtime upgrades and change data capture) '
    + 'refuses UPDATE and DELETE on the table unless a replica identity is configured by hand.',
  remediation: 'Add a primary key: a `bigint generated always as identity` or `uuid` column, or the natural key when one exists. When a '
    + 'unique index on NOT NULL columns is already there, promote it with `ALTER TABLE ... ADD PRIMARY KEY USING INDEX`.',
  references: [DOCS.primaryKeys, DOCS.lint('0004_no_primary_key')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return projectTables(db).filter((table) => !table.primaryKey?.length && !table.partitionOf).map((table): RuleHit => {
      const notNull = new Set(table.columns.filter((column) => !column.nullable).map((column) => column.name));
      const candidate = table.indexes.find((index) => index.unique && servesAllRows(index) && !index.expressions?.length
        && index.columns.every((column) => notNull.has(column)));
      return {
        message: `Table ${relationLabel(table)} has no primary key: rows cannot be told apart, other tables cannot reference it, and logical `
          + 'replication rejects its UPDATEs and DELETEs.'
          + (candidate ? ` Unique index ${describeIndex(candidate)} on NOT NULL columns can become the key (ADD PRIMARY KEY USING INDEX).` : ''),
        location: locationOf(table.source),
        element: relationElement(table),
      };
    });
  },
};

export const tableNoIndex: Rule = {
  id: 'db.table-no-index',
  title: 'Table has no index at all',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 1067,
  rationale: 'A table without any index (not even a primary key) can only be read by scanning it whole. It stays fast while small and '
    + 'degrades linearly as it grows: every lookup, join and uniqueness check reads every row.',
  remediation: 'Add a primary key (which brings its index), and indexes on the columns queries filter and join on.',
  references: [DOCS.indexes],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return projectTables(db).filter((table) => table.indexes.length === 0 && table.kind !== 'partitioned-table').map((table): RuleHit => ({
      message: `Table ${relationLabel(table)} has no index at all: every lookup or join on it reads the whole table.`,
      location: locationOf(table.source),
      element: relationElement(table),
    }));
  },
};

export const fkUnindexed: Rule = {
  id: 'db.fk-unindexed',
  title: 'Foreign key without an index on its columns',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 1067,
  rationale: 'PostgreSQL indexes the referenced side of a foreign key (it must be unique) but not the referencing side. Without an index '
    + 'whose leading columns are the foreign-key columns, every DELETE or key UPDATE on the parent scans the whole child table to '
    + 'check for references (under a lock), ON DELETE CASCADE deletes become sequential scans, and joins from parent to children '
    + 'cannot use an index.',
  remediation: 'Create an index on the foreign-key columns (`CREATE INDEX CONCURRENTLY child_parent_id_idx ON child (parent_id)`), or '
    + 'reorder an existing composite index so that they lead.',
  references: [DOCS.foreignKeys, DOCS.lint('0001_unindexed_foreign_keys')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      for (const fk of table.foreignKeys) {
        if (coveringIndex(table, fk.columns)) continue;
        const parent = relationLabel({ schema: fk.referencedSchema, name: fk.referencedTable });
        hits.push({
          message: `Foreign key ${relationLabel(table)} (${fk.columns.join(', ')}) -> ${parent} has no index with those leading columns: `
            + `each DELETE or key UPDATE on ${parent} scans all of ${relationLabel(table)}, and joins from ${parent} to ${relationLabel(table)} cannot use an index.`,
          location: locationOf(fk.source, table.source),
          element: relationElement(table),
          key: fk.name,
          evidence: fk.definition,
        });
      }
    }
    return hits;
  },
};

/** Which of two equivalent indexes to keep: one backing a constraint, else a unique one, else the older one. */
function keeperFirst(a: Index, b: Index): number {
  const rank = (index: Index) => (index.primary ? 0 : index.constraint ? 1 : index.unique ? 2 : 3);
  return rank(a) - rank(b) || (a.source?.file ?? '').localeCompare(b.source?.file ?? '') || (a.source?.line ?? 0) - (b.source?.line ?? 0);
}

function includeOf(index: Index): string {
  return /\bINCLUDE \(([^)]*)\)/.exec(index.definition ?? '')?.[1] ?? '';
}

export const indexDuplicate: Rule = {
  id: 'db.index-duplicate',
  title: 'Index duplicates another index',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 1089,
  rationale: 'Two indexes with the same method, keys and predicate serve exactly the same queries. Every INSERT, UPDATE and DELETE maintains '
    + 'both, vacuum processes both, and both compete for cache; one of them does nothing useful.',
  remediation: 'Drop the duplicate (`DROP INDEX CONCURRENTLY`, or `ALTER TABLE ... DROP CONSTRAINT` when a redundant UNIQUE constraint built '
    + 'it), keeping the one that backs the primary key. Re-point foreign keys that depend on the duplicate first.',
  references: [DOCS.indexes, DOCS.lint('0009_duplicate_index')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      const groups = new Map<string, Index[]>();
      for (const index of table.indexes) {
        const key = [index.method ?? 'btree', indexKeys(index).join(','), includeOf(index), index.predicate ?? ''].join('\u0000');
        groups.set(key, [...(groups.get(key) ?? []), index]);
      }
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        const [keeper, ...duplicates] = [...group].sort(keeperFirst);
        for (const duplicate of duplicates) {
          const what = duplicate.constraint ? `Constraint ${duplicate.constraint} builds index ${describeIndex(duplicate)}, which` : `Index ${describeIndex(duplicate)}`;
          hits.push({
            message: `${what} on ${relationLabel(table)} duplicates ${keeper.name}: every write to ${table.name} maintains both `
              + `and no query needs the second one${duplicate.constraint ? ` (drop the constraint; ${keeper.name} already enforces it)` : ''}.`,
            location: locationOf(duplicate.source, table.source),
            element: relationElement(table),
            key: duplicate.name,
            related: [{ ...locationOf(keeper.source, table.source), message: `${keeper.name} is created here` }],
            evidence: duplicate.definition,
          });
        }
      }
    }
    return hits;
  },
};

export const indexRedundantPrefix: Rule = {
  id: 'db.index-redundant-prefix',
  title: 'Index is a prefix of another index',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 1089,
  rationale: 'A B-tree index on (a) is redundant next to one on (a, b): the longer index serves every lookup and ordering on a alone, a little '
    + 'larger but without a second structure to maintain on every write.',
  remediation: 'Drop the shorter index after checking that no query depends on its smaller size (for example an index-only scan that '
    + 'must stay in memory). Keep it when it is UNIQUE: then it enforces a constraint the longer one does not.',
  references: [DOCS.multicolumnIndexes],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      const btrees = table.indexes.filter((index) => (index.method ?? 'btree') === 'btree' && index.valid !== false);
      for (const shorter of btrees) {
        if (shorter.unique || shorter.constraint || includeOf(shorter)) continue;
        const keys = indexKeys(shorter);
        const longer = btrees.find((other) => other !== shorter && (other.predicate ?? '') === (shorter.predicate ?? '')
          && indexKeys(other).length > keys.length && keys.every((key, i) => indexKeys(other)[i] === key));
        if (!longer) continue;
        hits.push({
          message: `Index ${describeIndex(shorter)} on ${relationLabel(table)} is a prefix of ${describeIndex(longer)}: the longer index serves the same `
            + `lookups, so ${shorter.name} only adds write and vacuum work.`,
          location: locationOf(shorter.source, table.source),
          element: relationElement(table),
          key: shorter.name,
          related: [{ ...locationOf(longer.source, table.source), message: `${longer.name} is created here` }],
          evidence: shorter.definition,
        });
      }
    }
    return hits;
  },
};

export const tooManyIndexes: Rule = {
  id: 'db.too-many-indexes',
  title: 'Table has a very large number of indexes',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 1089,
  rationale: `Every index is updated on every INSERT and on UPDATEs of its columns (and prevents HOT updates), is vacuumed and competes for `
    + `memory. Past ${MAX_INDEXES} indexes on one table, writes are usually paying for indexes that few or no queries use.`,
  remediation: 'Check index usage (pg_stat_user_indexes.idx_scan) in production and drop unused, duplicate and prefix-redundant indexes; '
    + 'merge single-column indexes into composite ones where queries filter on several columns together.',
  references: [DOCS.indexes],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return projectTables(db).filter((table) => table.indexes.length > MAX_INDEXES).map((table): RuleHit => ({
      message: `Table ${relationLabel(table)} has ${table.indexes.length} indexes (more than ${MAX_INDEXES}): every insert into ${table.name} updates all of them.`,
      location: locationOf(table.source),
      element: relationElement(table),
      evidence: listOf(table.indexes.map((index) => index.name)),
    }));
  },
};

/** Foreign keys of the project's tables with their table, for rules that walk relations. */
export function foreignKeysOf(tables: Table[]): Array<{ table: Table; fk: ForeignKey }> {
  return tables.flatMap((table) => table.foreignKeys.map((fk) => ({ table, fk })));
}
