/**
 * What every database rule needs from the replayed database: the project's own tables (not the
 * Supabase environment's), where an object came from, the statement behind a location, and the
 * few words messages are made of. Rules see the database only through `context.database`.
 */
import type { Column, SourceLocation, Table } from '../../../../shared/model/model.js';
import type { ReplayResult } from '../../../db/engine.js';
import type { TableFacts } from '../../../db/facts.js';
import type { ReplayedStatement } from '../../../db/replay.js';
import type { RuleContext } from '../../rule.js';

/** The replayed database, or undefined when the project has no migrations. */
export function databaseOf(context: RuleContext): ReplayResult | undefined {
  return context.database;
}

/** An object that comes from the project's SQL files, not from the environment (Supabase prelude, extensions). */
export function isProjectObject(object: { system?: boolean; source?: SourceLocation }): boolean {
  return !object.system && !!object.source && !object.source.file.startsWith('<');
}

/** Tables (ordinary and partitioned) the project's migrations made. */
export function projectTables(db: ReplayResult): Table[] {
  return db.tables.filter((table) => isProjectObject(table) && table.kind !== 'foreign-table');
}

/** The model element of a table or view: `schema.name`. */
export function relationElement(relation: { schema: string; name: string }): string {
  return `${relation.schema}.${relation.name}`;
}

/** How messages name a relation: without the schema when it is `public`. */
export function relationLabel(relation: { schema: string; name: string }): string {
  return relation.schema === 'public' ? relation.name : `${relation.schema}.${relation.name}`;
}

/** The first of the candidates that exists, as a plain location (file, line, column). */
export function locationOf(...candidates: Array<SourceLocation | undefined>): SourceLocation {
  const found = candidates.find((candidate): candidate is SourceLocation => !!candidate) ?? { file: '<unknown>', line: 1 };
  return { file: found.file, line: found.line, ...(found.column ? { column: found.column } : {}) };
}

/** The file name of a path (`db/migrations/V2__payments.sql` -> `V2__payments.sql`). */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Where a column is declared: its own line, else the table's. */
export function columnLocation(table: Table, column: Column): SourceLocation {
  return locationOf(column.source, table.source);
}

/** The migration facts of a table (RLS history, where it was created). */
export function tableFactsOf(db: ReplayResult, schema: string, name: string): TableFacts | undefined {
  let byName = factsCache.get(db);
  if (!byName) {
    byName = new Map(db.facts.tables.map((facts) => [`${facts.schema}.${facts.name}`, facts]));
    factsCache.set(db, byName);
  }
  return byName.get(`${schema}.${name}`);
}

const factsCache = new WeakMap<ReplayResult, Map<string, TableFacts>>();

/** The file that created a table, for messages ("created in V1__init.sql"). */
export function createdIn(db: ReplayResult, schema: string, name: string): string | undefined {
  const created = tableFactsOf(db, schema, name)?.created;
  return created ? fileName(created.file) : undefined;
}

/** A table by schema and name. */
export function findTable(db: ReplayResult, schema: string, name: string): Table | undefined {
  // Rules look tables up per foreign key and per view: an index keeps that linear on 2,000-table schemas.
  let index = tableIndexes.get(db.tables);
  if (!index || index.size !== db.tables.length) {
    const byName = new Map<string, Table>();
    for (const table of db.tables) if (!byName.has(tableKey(table.schema, table.name))) byName.set(tableKey(table.schema, table.name), table);
    index = { size: db.tables.length, byName };
    tableIndexes.set(db.tables, index);
  }
  return index.byName.get(tableKey(schema, name));
}

const tableKey = (schema: string, name: string): string => `${schema}\u0000${name}`;
const tableIndexes = new WeakMap<Table[], { size: number; byName: Map<string, Table> }>();

/** The statement that covers a location (same file, line within the statement). */
export function statementAt(db: ReplayResult, location: SourceLocation | undefined): ReplayedStatement | undefined {
  if (!location) return undefined;
  return db.statements.find((s) => s.file === location.file && s.line === location.line && (location.column ?? s.column) === s.column)
    ?? db.statements.find((s) => s.file === location.file && s.line <= location.line && location.line <= s.endLine);
}

/** Line and column in the file of a character offset inside a statement's text. */
export function positionInStatement(statement: ReplayedStatement, offset: number): SourceLocation {
  const before = statement.text.slice(0, offset);
  const newlines = before.split('\n').length - 1;
  if (newlines === 0) return { file: statement.file, line: statement.line, column: statement.column + offset };
  return { file: statement.file, line: statement.line + newlines, column: offset - before.lastIndexOf('\n') };
}

/** Where a statement starts. */
export function statementLocation(statement: ReplayedStatement): SourceLocation {
  return { file: statement.file, line: statement.line, column: statement.column };
}

/** `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A column name as lower snake case: `userEmail` and `user-email` read as `user_email`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
}

/** Whether a name (in snake case) is one of the names or ends with one of the suffixes. */
export function namedLike(name: string, names: ReadonlySet<string>, suffixes: readonly string[]): boolean {
  const snake = snakeCase(name);
  return names.has(snake) || suffixes.some((suffix) => snake.endsWith(suffix));
}

/** SQL text with its comments blanked, for the text searches below (string literals stay). */
export function withoutComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
}

/** A regular-expression source for a name as SQL may write it: unquoted (any case) or double-quoted, optionally schema-qualified. */
export function namePattern(name: string, qualified = true): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `${qualified ? '(?:(?:"[^"]+"|[\\w$]+)\\s*\\.\\s*)?' : ''}(?:"${escaped}"|${escaped})(?![\\w$])`;
}

/** Whether SQL text (see withoutComments) has a CREATE TABLE of the name, in any schema. */
export function createsTable(sql: string, name: string): boolean {
  return new RegExp(`\\bcreate\\s+(?:(?:global|local)\\s+)?(?:temp(?:orary)?\\s+|unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?${namePattern(name)}`, 'i').test(sql);
}

/** `1 column` / `3 columns`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A type without its modifier: `character varying(20)` -> `character varying`, `timestamp(6) without time zone` -> `timestamp without time zone`. */
export function baseType(type: string): string {
  return type.replace(/\(\d+(,\s*\d+)?\)/g, '').replace(/\s+/g, ' ').trim();
}

/** Whether two column types can hold the same values the same way (integer widths and text lengths count as different). */
export function typeFamily(type: string): string {
  const base = baseType(type);
  if (/^(smallint|integer|bigint)$/.test(base)) return 'integer';
  if (/^(text|character varying|character|citext)$/.test(base)) return 'text';
  return base;
}

/** Tables the migration tools themselves keep (their names say nothing about the project's conventions). */
export const TOOL_TABLES = new Set([
  'schema_migrations', 'ar_internal_metadata', 'flyway_schema_history', '_prisma_migrations', 'knex_migrations', 'knex_migrations_lock',
  'goose_db_version', 'django_migrations', 'alembic_version', 'migrations', 'pgmigrations', 'typeorm_metadata', 'seaql_migrations',
  'databasechangelog', 'databasechangeloglock', '__diesel_schema_migrations', 'schema_version',
]);
