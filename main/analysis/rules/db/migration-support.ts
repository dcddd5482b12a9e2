/**
 * Shared by the migration-safety rules: which facts concern a table that existed before the
 * migration file (locks and rewrites matter only then: a table created earlier in the same file
 * is empty), how to say where that table came from, and the column types before and after an
 * ALTER COLUMN ... TYPE, read from the statements' ASTs.
 */
import type { ReplayResult } from '../../../db/engine.js';
import type { AlterationFacts, AlterationKind, StatementFacts } from '../../../db/facts.js';
import type { ReplayedStatement } from '../../../db/replay.js';
import type { RuleHit } from '../../rule.js';
import { createdIn, fileName, locationOf, relationElement, relationLabel, statementAt } from './support.js';

/** Alteration facts of one kind on tables that existed before their migration file. */
export function alterationsOnExistingTables(db: ReplayResult, ...kinds: AlterationKind[]): AlterationFacts[] {
  return db.facts.alterations.filter((fact) => kinds.includes(fact.kind) && fact.tableExistedBeforeFile);
}

/** Why a table's locks matter: `created in V2__payments.sql, so it may already hold data`. */
export function tableOrigin(db: ReplayResult, fact: StatementFacts): string {
  const where = createdIn(db, fact.table.schema ?? 'public', fact.table.name);
  return where ? `created in ${where}, so it may already hold data` : 'an existing table';
}

/** `payments (created in V2__payments.sql, so it may already hold data)`. */
export function existingTable(db: ReplayResult, fact: StatementFacts): string {
  return `${relationLabel({ schema: fact.table.schema ?? 'public', name: fact.table.name })} (${tableOrigin(db, fact)})`;
}

/** A finding at the statement of a fact, keyed by file and what it names so it survives line edits. */
export function factHit(db: ReplayResult, fact: StatementFacts, message: string, name: string | undefined): RuleHit {
  const statement = statementAt(db, fact.source);
  const failed = !fact.applied && statement?.error ? ` The replay already failed here: ${statement.error.message}.` : '';
  return {
    message: message + failed,
    location: locationOf(fact.source),
    element: relationElement({ schema: fact.table.schema ?? 'public', name: fact.table.name }),
    key: `${fileName(fact.source.file)}:${name ?? fact.source.line}`,
    ...(statement ? { evidence: firstLine(statement.text) } : {}),
  };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

export interface ColumnType {
  name: string;
  modifiers: number[];
  array: boolean;
}

const TYPE_NAMES: Record<string, string> = {
  int2: 'smallint', int4: 'integer', int8: 'bigint', int: 'integer', varchar: 'character varying', bpchar: 'character', float8: 'double precision',
  float4: 'real', bool: 'boolean', timestamptz: 'timestamp with time zone', timestamp: 'timestamp without time zone', timetz: 'time with time zone',
  time: 'time without time zone', decimal: 'numeric',
};

/** A libpg-query TypeName node as a type. */
export function typeOf(typeName: Record<string, any> | undefined): ColumnType | undefined {
  if (!typeName) return undefined;
  const parts = (typeName.names ?? []).map((n: Record<string, any>) => n.String?.sval).filter(Boolean) as string[];
  const raw = parts[parts.length - 1];
  if (!raw) return undefined;
  const modifiers = (typeName.typmods ?? []).map((m: Record<string, any>) => Number(m.A_Const?.ival?.ival ?? NaN)).filter((n: number) => !Number.isNaN(n));
  return { name: TYPE_NAMES[raw] ?? raw, modifiers, array: !!typeName.arrayBounds?.length };
}

/** `character varying(20)`. */
export function typeText(type: ColumnType): string {
  return `${type.name}${type.modifiers.length ? `(${type.modifiers.join(',')})` : ''}${type.array ? '[]' : ''}`;
}

/** Whether PostgreSQL changes the type without rewriting or scanning the table (a wider varchar, varchar to text, a wider numeric). */
export function typeChangeIsFree(from: ColumnType, to: ColumnType): boolean {
  if (from.array !== to.array) return false;
  const textual = (t: ColumnType) => t.name === 'text' || (t.name === 'character varying' && !t.modifiers.length);
  if (from.name === 'character varying' && from.modifiers.length) {
    if (textual(to)) return true;
    return to.name === 'character varying' && to.modifiers[0] >= from.modifiers[0];
  }
  if (textual(from) && textual(to)) return true;
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (!to.modifiers.length) return true;
    return from.modifiers.length > 0 && to.modifiers[0] >= from.modifiers[0] && (to.modifiers[1] ?? 0) === (from.modifiers[1] ?? 0);
  }
  return from.name === to.name && from.modifiers.join(',') === to.modifiers.join(',');
}

function sameRelation(statement: ReplayedStatement, fact: StatementFacts): boolean {
  return statement.relation?.name === fact.table.name && statement.relation.schema === (fact.table.schema ?? statement.relation.schema);
}

/** The column's type before and after an ALTER COLUMN ... TYPE, from the statements up to it. */
export function typeChange(db: ReplayResult, fact: AlterationFacts): { from?: ColumnType; to?: ColumnType } {
  const statement = statementAt(db, fact.source);
  if (!statement) return {};
  const commands = (statement.ast.cmds ?? []).map((c: Record<string, any>) => c.AlterTableCmd).filter(Boolean);
  const to = typeOf(commands.find((c: Record<string, any>) => c.subtype === 'AT_AlterColumnType' && c.name === fact.column)?.def?.ColumnDef?.typeName);
  let from: ColumnType | undefined;
  for (const earlier of db.statements) {
    if (earlier === statement) break;
    if (earlier.status !== 'applied' || !sameRelation(earlier, fact)) continue;
    if (earlier.nodeType === 'CreateStmt') {
      const column = (earlier.ast.tableElts ?? []).map((e: Record<string, any>) => e.ColumnDef).find((c: Record<string, any> | undefined) => c?.colname === fact.column);
      if (column) from = typeOf(column.typeName);
    } else if (earlier.nodeType === 'AlterTableStmt') {
      for (const item of earlier.ast.cmds ?? []) {
        const cmd = item.AlterTableCmd;
        if (cmd?.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef?.colname === fact.column) from = typeOf(cmd.def.ColumnDef.typeName);
        if (cmd?.subtype === 'AT_AlterColumnType' && cmd.name === fact.column) from = typeOf(cmd.def?.ColumnDef?.typeName);
      }
    }
  }
  return { from, to };
}
