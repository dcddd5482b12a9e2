/**
 * Foreign keys that point at nothing. PostgreSQL refuses to create one, so a dangling reference
 * never reaches the catalog: it shows as a migration statement the replay saw fail with
 * `relation "x" does not exist` or `column "c" referenced in foreign key constraint does not
 * exist`, naming what the REFERENCES clause asked for. The rule reads those failures back from the
 * statements' ASTs and keeps the ones whose target is still missing once every migration ran (a
 * target created later is an ordering problem, not a dangling one).
 */
import type { ReplayResult } from '../../../db/engine.js';
import type { ExclusionKind } from '../../../db/migrations.js';
import { locateInStatement } from '../../../db/parse.js';
import type { ReplayedStatement } from '../../../db/replay.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { createsTable, databaseOf, fileName, findTable, relationElement, relationLabel, withoutComments } from './support.js';

/** One FOREIGN KEY / REFERENCES clause of a statement, as written. */
interface WrittenForeignKey {
  /** The table the statement creates or alters. */
  table: { schema?: string; name: string };
  columns: string[];
  referenced: { schema?: string; name: string };
  referencedColumns: string[];
  /** AST location of the clause (for its line). */
  location?: number;
}

const RELATION_MISSING = /^relation "([^"]+)" does not exist$/;
const COLUMN_MISSING = /^column "([^"]+)" referenced in foreign key constraint does not exist$/;

function names(list: Array<Record<string, any>> | undefined): string[] {
  return (list ?? []).map((item) => item.String?.sval).filter((name): name is string => !!name);
}

function rangeVar(node: Record<string, any> | undefined): { schema?: string; name: string } | undefined {
  return node?.relname ? { ...(node.schemaname ? { schema: node.schemaname } : {}), name: node.relname } : undefined;
}

function fromConstraint(constraint: Record<string, any>, table: { schema?: string; name: string }, column?: string): WrittenForeignKey | undefined {
  const referenced = rangeVar(constraint.pktable);
  if (constraint.contype !== 'CONSTR_FOREIGN' || !referenced) return undefined;
  return {
    table, referenced, columns: column ? [column] : names(constraint.fk_attrs), referencedColumns: names(constraint.pk_attrs), location: constraint.location,
  };
}

/** The FOREIGN KEY and REFERENCES clauses of CREATE TABLE and ALTER TABLE ... ADD (COLUMN | CONSTRAINT). */
export function writtenForeignKeys(statement: ReplayedStatement): WrittenForeignKey[] {
  const out: WrittenForeignKey[] = [];
  const push = (fk: WrittenForeignKey | undefined) => fk && out.push(fk);
  const fromColumn = (def: Record<string, any> | undefined, table: { schema?: string; name: string }) => {
    for (const c of def?.constraints ?? []) if (c.Constraint) push(fromConstraint(c.Constraint, table, def!.colname));
  };
  if (statement.nodeType === 'CreateStmt') {
    const table = rangeVar(statement.ast.relation);
    if (!table) return out;
    for (const element of statement.ast.tableElts ?? []) {
      if (element.ColumnDef) fromColumn(element.ColumnDef, table);
      if (element.Constraint) push(fromConstraint(element.Constraint, table));
    }
  } else if (statement.nodeType === 'AlterTableStmt' && (statement.ast.objtype ?? 'OBJECT_TABLE') === 'OBJECT_TABLE') {
    const table = rangeVar(statement.ast.relation);
    if (!table) return out;
    for (const item of statement.ast.cmds ?? []) {
      const cmd = item.AlterTableCmd;
      if (cmd?.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) push(fromConstraint(cmd.def.Constraint, table));
      if (cmd?.subtype === 'AT_AddColumn') fromColumn(cmd.def?.ColumnDef, table);
    }
  }
  return out;
}

/** How an error message names a relation: `name` or `schema.name`. */
function namedBy(message: string, relation: { schema?: string; name: string }): boolean {
  return message === relation.name || (!!relation.schema && message === `${relation.schema}.${relation.name}`);
}

/** The table after the replay: in the schema the SQL named, else of that name in any schema (the search_path decided). */
function tableAfterReplay(db: ReplayResult, relation: { schema?: string; name: string }) {
  return relation.schema ? findTable(db, relation.schema, relation.name) : db.tables.find((t) => t.name === relation.name);
}

/** What the failure says is missing, and why that is the foreign key's fault and not the replay's. */
interface Dangling {
  fk: WrittenForeignKey;
  what: 'table' | 'column';
  /** `accounts` or `accounts.owner_id`. */
  name: string;
}

function danglingOf(db: ReplayResult, statement: ReplayedStatement, createdElsewhere: (name: string) => boolean): Dangling[] {
  const message = statement.error?.message ?? '';
  const fks = writtenForeignKeys(statement);
  if (!fks.length) return [];
  const later = db.statements.slice(db.statements.indexOf(statement) + 1).filter((s) => s.status === 'applied');
  const relation = RELATION_MISSING.exec(message)?.[1];
  if (relation) {
    // The altered table itself missing is another problem; so is a target whose CREATE failed (the replay says why).
    if (fks.some((fk) => namedBy(relation, fk.table))) return [];
    return fks.filter((fk) => namedBy(relation, fk.referenced)).flatMap((fk): Dangling[] => {
      // A target created later is an ordering problem, not a dangling reference.
      if (tableAfterReplay(db, fk.referenced) || tableCreatedIn(later, fk.referenced) || createFailed(db, fk.referenced) || createdElsewhere(fk.referenced.name)) return [];
      if (environmentSchema(db, fk.referenced.schema)) return [];
      return [{ fk, what: 'table', name: labelOf(fk.referenced, statement) }];
    });
  }
  const column = COLUMN_MISSING.exec(message)?.[1];
  if (!column) return [];
  return fks.flatMap((fk): Dangling[] => {
    // PostgreSQL resolves the referencing columns first: the missing one is local only when the table lacks it.
    const local = fk.columns.includes(column) && !hasOwnColumn(db, statement, fk, column);
    if (local && statement.nodeType === 'CreateStmt') {
      // FOREIGN KEY (c) in a CREATE TABLE without a column c: no later statement can make that one work.
      return [{ fk, what: 'column', name: `${labelOf(fk.table, statement)}.${column}` }];
    }
    const table = local ? fk.table : fk.referencedColumns.includes(column) ? fk.referenced : undefined;
    const after = table && tableAfterReplay(db, table);
    if (!table || after?.system || after?.columns.some((c) => c.name === column) || columnAddedIn(later, table, column)) return [];
    return [{ fk, what: 'column', name: `${labelOf(table, statement)}.${column}` }];
  });
}

/**
 * Whether the table of the foreign key has the column: the columns a CREATE TABLE lists (true when it
 * also copies columns with LIKE or INHERITS, which this cannot see), or those of the altered table.
 */
function hasOwnColumn(db: ReplayResult, statement: ReplayedStatement, fk: WrittenForeignKey, column: string): boolean {
  if (statement.nodeType === 'CreateStmt') {
    const elements = statement.ast.tableElts ?? [];
    if (statement.ast.inhRelations?.length || elements.some((e: Record<string, any>) => e.TableLikeClause)) return true;
    return elements.some((e: Record<string, any>) => e.ColumnDef?.colname === column);
  }
  return tableAfterReplay(db, fk.table)?.columns.some((c) => c.name === column) ?? true;
}

function labelOf(relation: { schema?: string; name: string }, statement: ReplayedStatement): string {
  return relationLabel({ schema: relation.schema ?? statement.relation?.schema ?? 'public', name: relation.name });
}

const RELATIONS = new Set(['table', 'view', 'materialized-view', 'foreign-table']);

function sameRelation(a: { schema?: string; name: string }, b: { schema?: string; name: string }): boolean {
  return a.name === b.name && (!a.schema || !b.schema || a.schema === b.schema);
}

/** Whether one of the statements creates (or renames something into) the relation. */
function tableCreatedIn(statements: ReplayedStatement[], relation: { schema?: string; name: string }): boolean {
  return statements.some((s) => s.targets.some((t) => RELATIONS.has(t.kind)
    && ((t.action === 'create' && sameRelation(t, relation)) || (t.action === 'rename' && t.newName === relation.name))));
}

/** Whether one of the statements gives the table the column: CREATE TABLE with it, ADD COLUMN, RENAME COLUMN to it. */
function columnAddedIn(statements: ReplayedStatement[], table: { schema?: string; name: string }, column: string): boolean {
  return statements.some((s) => {
    const relation = rangeVar(s.ast.relation);
    if (!relation || !sameRelation(relation, table)) return false;
    if (s.nodeType === 'CreateStmt') return (s.ast.tableElts ?? []).some((e: Record<string, any>) => e.ColumnDef?.colname === column);
    if (s.nodeType === 'AlterTableStmt') return (s.ast.cmds ?? []).some((c: Record<string, any>) => c.AlterTableCmd?.subtype === 'AT_AddColumn' && c.AlterTableCmd.def?.ColumnDef?.colname === column);
    return s.nodeType === 'RenameStmt' && s.ast.renameType === 'OBJECT_COLUMN' && s.ast.newname === column;
  });
}

/**
 * A schema the environment provides (Supabase's auth, storage, realtime): the replay models only part of
 * it, so a table or column missing there may well exist on the real platform.
 */
function environmentSchema(db: ReplayResult, schema: string | undefined): boolean {
  return !!schema && !!db.schema.schemas.find((s) => s.name === schema)?.system;
}

/** SQL files the replay left out that may still build part of the schema where the project runs. */
const OTHER_SCHEMA_SOURCES = new Set<ExclusionKind>(['other-set', 'superseded-dump', 'baseline-covered', 'not-listed', 'not-a-migration']);

/**
 * Whether a SQL file the replay left out (another migration set, a script outside the migrations)
 * creates a table of that name: then the target may well exist where the project runs, and only
 * Archbench's choice of files makes it look missing.
 */
function createdOutsideReplay(context: RuleContext, db: ReplayResult): (name: string) => boolean {
  let texts: string[] | undefined;
  return (name) => {
    texts ??= db.plan.excluded.filter((file) => OTHER_SCHEMA_SOURCES.has(file.kind) && /\.(sql|psql|pgsql)$/i.test(file.path))
      .map((file) => withoutComments(context.readText(file.path) ?? ''));
    return texts.some((text) => createsTable(text, name));
  };
}

/** Whether the relation's CREATE failed for a reason of its own (the replay's diagnostics say which). */
function createFailed(db: ReplayResult, relation: { schema?: string; name: string }): boolean {
  return db.missing.some((m) => RELATIONS.has(m.kind) && sameRelation(m, relation));
}

function clause(fk: WrittenForeignKey): string {
  const target = `${fk.referenced.schema ? `${fk.referenced.schema}.` : ''}${fk.referenced.name}${fk.referencedColumns.length ? ` (${fk.referencedColumns.join(', ')})` : ''}`;
  return `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${target}`;
}

export const fkDangling: Rule = {
  id: 'db.fk-dangling',
  title: 'Foreign key references a table or column that does not exist',
  category: 'data',
  severity: 'high',
  stride: 'T',
  cwe: 706,
  rationale: 'PostgreSQL checks a foreign key\'s target when the constraint is created: a REFERENCES naming a table or column no migration '
    + 'creates makes the whole statement fail. In a real deployment the migration stops there (its transaction rolls back, or the '
    + 'tables before it stay half-built), and when the statement is a CREATE TABLE the table itself never exists. Tools that read the '
    + 'SQL rather than run it (ORMs, ER diagrams) still show the relation, so the mistake survives review.',
  remediation: 'Point the reference at the table and key that exist (check for a typo, a renamed table or a missing schema prefix), or add '
    + 'the migration that creates the target before this one.',
  references: [DOCS.foreignKeys, DOCS.createTable],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const createdElsewhere = createdOutsideReplay(context, db);
    const hits: RuleHit[] = [];
    for (const statement of db.statements) {
      if (statement.status !== 'failed' || (statement.nodeType !== 'CreateStmt' && statement.nodeType !== 'AlterTableStmt')) continue;
      for (const { fk, what, name } of danglingOf(db, statement, createdElsewhere)) {
        const { line, column } = locateInStatement(statement, fk.location);
        const table = { schema: fk.table.schema ?? statement.relation?.schema ?? 'public', name: fk.table.name };
        const consequence = statement.nodeType === 'CreateStmt'
          ? `CREATE TABLE ${relationLabel(table)} fails with it, so ${fk.table.name} does not exist either`
          : 'the ALTER TABLE fails';
        hits.push({
          message: `${clause(fk)} on ${relationLabel(table)} names ${what === 'table' ? `table ${name}, which no migration creates` : `column ${name}, which does not exist`}: ${consequence} `
            + `(PostgreSQL: ${statement.error!.message}).`,
          location: { file: statement.file, line, column },
          element: relationElement(table),
          key: `${fileName(statement.file)}:${fk.columns.join(',')}->${name}`,
          evidence: clause(fk),
        });
      }
    }
    return hits;
  },
};
