/**
 * Relations: foreign keys whose column types differ from the key they reference, `*_id` columns
 * that reference nothing, ownership relations that leave ON DELETE to chance, long cascade chains,
 * and references into Supabase's auth schema on anything but its primary key.
 */
import type { ForeignKey, Table } from '../../../../shared/model/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { foreignKeysOf } from './indexes.js';
import {
  databaseOf, findTable, isProjectObject, listOf, locationOf, projectTables, relationElement, relationLabel, typeFamily,
} from './support.js';

/** Cascade chains longer than this many levels are reported. */
export const MAX_CASCADE_DEPTH = 2;

const INTEGER_WIDTH: Record<string, number> = { smallint: 2, integer: 4, bigint: 8 };

function referenced(fk: ForeignKey): { schema: string; name: string } {
  return { schema: fk.referencedSchema, name: fk.referencedTable };
}

export const fkTypeMismatch: Rule = {
  id: 'db.fk-type-mismatch',
  title: 'Foreign-key column type differs from the referenced column',
  category: 'data',
  severity: 'medium',
  stride: 'T',
  cwe: 681,
  rationale: 'PostgreSQL accepts a foreign key between columns of different but comparable types. An integer column referencing a bigint '
    + 'key fails with "integer out of range" once the parent ids pass 2^31; a varchar(n) referencing text rejects longer keys; and '
    + 'joins between the two columns need a cast, which can keep the planner from using an index.',
  remediation: 'Give the referencing column exactly the type of the referenced column (`ALTER TABLE child ALTER COLUMN parent_id TYPE bigint`, '
    + 'planned as a migration on a large table).',
  references: [DOCS.foreignKeys, DOCS.numeric],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const { table, fk } of foreignKeysOf(projectTables(db))) {
      const parent = findTable(db, fk.referencedSchema, fk.referencedTable);
      if (!parent) continue;
      fk.columns.forEach((name, i) => {
        const column = table.columns.find((c) => c.name === name);
        const target = parent.columns.find((c) => c.name === fk.referencedColumns[i]);
        if (!column || !target || column.type === target.type) return;
        const narrower = (INTEGER_WIDTH[column.type] ?? 0) > 0 && INTEGER_WIDTH[column.type] < (INTEGER_WIDTH[target.type] ?? 0);
        hits.push({
          message: `${relationLabel(table)}.${name} is ${column.type} but references ${relationLabel(parent)}.${target.name}, which is ${target.type}`
            + (narrower ? `: once ${parent.name} ids outgrow ${column.type}, inserts into ${table.name} fail.` : ': joins between them need a cast and values may not fit both.'),
          location: locationOf(column.source, fk.source, table.source),
          element: relationElement(table),
          key: `${fk.name}:${name}`,
          // Only a narrower integer breaks inserts; other differences cost casts and surprises.
          ...(narrower ? {} : { severity: 'low' as const }),
        });
      });
    }
    return hits;
  },
};

/** Names a `*_id` column could point at: `order_id` -> orders, order; `categoryId` -> categories. */
function candidateTables(base: string): string[] {
  const lower = base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const names = [`${lower}s`, lower, `${lower}es`];
  if (lower.endsWith('y')) names.unshift(`${lower.slice(0, -1)}ies`);
  return names;
}

function singleKey(table: Table): string | undefined {
  return table.primaryKey?.length === 1 ? table.primaryKey[0] : undefined;
}

export const implicitFkMissing: Rule = {
  id: 'db.implicit-fk-missing',
  title: 'Column named like a reference has no foreign key',
  category: 'data',
  severity: 'low',
  stride: 'T',
  cwe: 20,
  rationale: 'A column such as order_id next to a table orders is a reference in all but name. Without the foreign key nothing stops it from '
    + 'holding ids that never existed or whose row was deleted, and tools (ER diagrams, ORMs, Archbench itself) cannot see the relation.',
  remediation: 'Add the foreign key, NOT VALID first on a large table and validated in a later step: '
    + '`ALTER TABLE payments ADD CONSTRAINT payments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;` '
    + 'then `ALTER TABLE payments VALIDATE CONSTRAINT payments_order_id_fkey;`. Rename the column when it is not a reference.',
  references: [DOCS.foreignKeys],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      const referencing = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
      for (const column of table.columns) {
        const match = /^(.*[a-zA-Z0-9])(?:_id|Id)$/.exec(column.name);
        if (!match || referencing.has(column.name)) continue;
        const target = candidateTables(match[1])
          .map((name) => findTable(db, table.schema, name) ?? db.tables.find((t) => t.name === name))
          // A table's own name as a column (reactions.reaction_id) is a code or a parent link, not a reference to be guessed.
          .find((candidate): candidate is Table => !!candidate && candidate !== table && !!singleKey(candidate));
        if (!target) continue;
        const key = target.columns.find((c) => c.name === singleKey(target));
        if (!key || typeFamily(key.type) !== typeFamily(column.type)) continue;
        hits.push({
          message: `${relationLabel(table)}.${column.name} looks like a reference to ${relationLabel(target)} (${key.name}) but has no foreign key: `
            + `nothing stops it from holding ids of ${target.name} rows that were deleted or never existed.`,
          location: locationOf(column.source, table.source),
          element: relationElement(table),
          key: column.name,
        });
      }
    }
    return hits;
  },
};

/**
 * Whether the ON DELETE clause was written out on the foreign key's line: the catalog cannot tell a
 * default NO ACTION from an explicit one.
 */
function onDeleteWritten(lines: (file: string) => string[], fk: ForeignKey): boolean {
  if (!fk.source) return false;
  return /\bon\s+delete\b/i.test(lines(fk.source.file)[fk.source.line - 1] ?? '');
}

export const fkOnDeleteUnspecified: Rule = {
  id: 'db.fk-on-delete-unspecified',
  title: 'Owned rows reference their owner without an ON DELETE action',
  category: 'data',
  severity: 'low',
  stride: 'T',
  cwe: 710,
  rationale: 'When a foreign key is part of the referencing table\'s primary key, the child rows belong to the parent (order lines of an '
    + 'order, a profile of a user). Leaving ON DELETE out means NO ACTION: deleting the parent fails with a foreign-key violation as long '
    + 'as children exist. That is sometimes wanted, but then it should be written down; more often the children were meant to go with '
    + 'their parent (on Supabase, deleting a user from auth.users fails because of a profile table that references it this way).',
  remediation: 'Decide and write it: `ON DELETE CASCADE` when the children have no meaning without the parent, `ON DELETE RESTRICT` when the '
    + 'parent must not be deleted while it has children.',
  references: [DOCS.foreignKeys, DOCS.supabaseUserManagement],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    const files = new Map<string, string[]>();
    const lines = (file: string): string[] => {
      if (!files.has(file)) files.set(file, (context.readText(file) ?? '').split('\n'));
      return files.get(file)!;
    };
    for (const { table, fk } of foreignKeysOf(projectTables(db))) {
      if (fk.onDelete !== 'NO ACTION') continue;
      const key = new Set(table.primaryKey ?? []);
      if (!fk.columns.every((column) => key.has(column)) || onDeleteWritten(lines, fk)) continue;
      const parent = relationLabel(referenced(fk));
      hits.push({
        message: `${relationLabel(table)} (${fk.columns.join(', ')}) references ${parent} with no ON DELETE action although each ${table.name} row belongs `
          + `to its ${parent} row (the reference is part of the primary key): deleting a row of ${parent} fails while it has ${table.name} rows. `
          + 'Write ON DELETE CASCADE or ON DELETE RESTRICT.',
        location: locationOf(fk.source, table.source),
        element: relationElement(table),
        key: fk.name,
      });
    }
    return hits;
  },
};

export const cascadeChainDepth: Rule = {
  id: 'db.cascade-chain-depth',
  title: 'ON DELETE CASCADE chain is deeper than two levels',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 400,
  rationale: `A DELETE of one row follows every ON DELETE CASCADE below it. Past ${MAX_CASCADE_DEPTH} levels a single statement can remove `
    + 'an unbounded number of rows across many tables, holding row locks on all of them in one transaction; an accidental delete at the '
    + 'top wipes whole subtrees, and nobody reading one migration sees how far it reaches.',
  remediation: 'Break the chain where the data has value of its own (ON DELETE RESTRICT or SET NULL, or soft deletes), and delete large '
    + 'subtrees in batches from the application or a job.',
  references: [DOCS.foreignKeys],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const children = new Map<string, Array<{ table: Table; fk: ForeignKey }>>();
    const hasCascadingParent = new Set<string>();
    for (const table of db.tables) {
      for (const fk of table.foreignKeys) {
        if (fk.onDelete !== 'CASCADE') continue;
        const parent = relationElement(referenced(fk));
        if (parent === relationElement(table)) continue;
        children.set(parent, [...(children.get(parent) ?? []), { table, fk }]);
        hasCascadingParent.add(relationElement(table));
      }
    }
    // The longest cascade path below each table; `visiting` guards against cycles.
    const longest = new Map<string, Array<{ table: Table; fk: ForeignKey }>>();
    const visiting = new Set<string>();
    const pathFrom = (element: string): Array<{ table: Table; fk: ForeignKey }> => {
      const known = longest.get(element);
      if (known) return known;
      if (visiting.has(element)) return [];
      visiting.add(element);
      let best: Array<{ table: Table; fk: ForeignKey }> = [];
      for (const edge of children.get(element) ?? []) {
        const path = [edge, ...pathFrom(relationElement(edge.table))];
        if (path.length > best.length) best = path;
      }
      visiting.delete(element);
      longest.set(element, best);
      return best;
    };
    const hits: RuleHit[] = [];
    for (const [element] of children) {
      if (hasCascadingParent.has(element)) continue;
      const path = pathFrom(element);
      if (path.length <= MAX_CASCADE_DEPTH) continue;
      const [schema, ...rest] = element.split('.');
      const root = { schema, name: rest.join('.') };
      const rootTable = findTable(db, root.schema, root.name);
      const firstOwn = path.find((edge) => isProjectObject(edge.table));
      hits.push({
        message: `Deleting one row of ${relationLabel(root)} cascades ${path.length} levels deep: `
          + `${[relationLabel(root), ...path.map((edge) => relationLabel(edge.table))].join(' -> ')}, all in one statement.`,
        location: rootTable && isProjectObject(rootTable) ? locationOf(rootTable.source) : locationOf(firstOwn?.fk.source, firstOwn?.table.source),
        element,
        related: path.map((edge) => ({ ...locationOf(edge.fk.source, edge.table.source), message: `${relationLabel(edge.table)} cascades from ${edge.fk.referencedTable}` })),
        evidence: listOf(path.map((edge) => `${edge.table.name}.${edge.fk.name}`)),
      });
    }
    return hits;
  },
};

export const fkToAuthUnique: Rule = {
  id: 'db.fk-to-auth-unique',
  title: 'Foreign key references a unique column of the auth schema',
  category: 'data',
  severity: 'medium',
  stride: 'T',
  cwe: 710,
  rationale: 'Supabase owns the auth schema and changes it between releases. Its primary keys (auth.users.id) are stable; its other unique '
    + 'constraints and indexes (email, phone) are not part of the contract, and a foreign key that depends on one blocks Supabase '
    + 'from dropping or changing it, or breaks when it changes.',
  remediation: 'Reference auth.users (id) and look the email or phone up through it.',
  references: [DOCS.lint('0021_fk_to_auth_unique'), DOCS.supabaseUserManagement],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const { table, fk } of foreignKeysOf(projectTables(db))) {
      if (fk.referencedSchema !== 'auth') continue;
      const parent = findTable(db, 'auth', fk.referencedTable);
      const key = parent?.primaryKey ?? [];
      if (key.length === fk.referencedColumns.length && key.every((column) => fk.referencedColumns.includes(column))) continue;
      hits.push({
        message: `${relationLabel(table)} (${fk.columns.join(', ')}) references auth.${fk.referencedTable} (${fk.referencedColumns.join(', ')}), a unique key `
          + 'Supabase may change: reference its primary key instead.',
        location: locationOf(fk.source, table.source),
        element: relationElement(table),
        key: fk.name,
      });
    }
    return hits;
  },
};
