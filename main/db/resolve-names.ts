/**
 * Fill in the schema of statement targets whose SQL left it to the search_path, by asking the
 * catalog. The questions are asked either one query at a time (`liveLookups`) or inside a batch
 * of statements, in the batch's own text (`lookupQuery` / `batchAnswers`): the answers are the
 * same as separate queries at that point would give, and the round trips (about 0.7 ms each, one
 * or two per statement) are gone.
 */
import type { PgHost, PgResult } from './pg-host.js';
import type { ReplayedStatement } from './replay.js';

/** Target kinds that are relations (their schema comes from to_regclass). */
export const RELATION_TARGETS = new Set(['table', 'view', 'materialized-view', 'foreign-table', 'sequence', 'index']);
/** Target kinds that live in a table (their schema is the table's). */
export const SUB_OBJECTS = new Set(['column', 'constraint', 'policy', 'trigger', 'rule']);
const UNQUALIFIED_KINDS = new Set(['schema', 'extension', 'role']);

/** The catalog questions name resolution asks; each answer is a schema name or undefined. */
export interface NameLookups {
  relationSchema(name: string): Promise<string | undefined>;
  functionSchema(name: string): Promise<string | undefined>;
  typeSchema(name: string): Promise<string | undefined>;
  /** The schema CREATE puts unqualified objects in: the first of current_schemas(false). */
  firstSchema(): Promise<string | undefined>;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// The same SQL answers a question live (with $1) and inside a batch (with a literal). Nested
// look-ups rather than a join: PostgreSQL plans them in half the time, and planning is most of their cost.
const RELATION_SQL = (name: string) => `select (select nspname from pg_namespace where oid = (select relnamespace from pg_class where oid = to_regclass(${name}))) as schema`;
const FUNCTION_SQL = (name: string) => `select n.nspname as schema from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where p.proname = ${name} and n.nspname = any(current_schemas(true)) order by array_position(current_schemas(true), n.nspname) limit 1`;
const TYPE_SQL = (name: string) => `select n.nspname as schema from pg_type t join pg_namespace n on n.oid = t.typnamespace where t.oid = to_regtype(${name})`;
const FIRST_SCHEMA_SQL = 'select (current_schemas(false))[1] as schema';

/** Questions answered by one query each, as the statement's state stands now. */
export function liveLookups(host: PgHost): NameLookups {
  const ask = async (sql: string, params: unknown[] = []): Promise<string | undefined> =>
    (await host.query<{ schema: string }>(sql, params)).rows[0]?.schema ?? undefined;
  const relations = new Map<string, Promise<string | undefined>>();
  return {
    relationSchema(name) {
      let answer = relations.get(name);
      if (!answer) {
        answer = ask(RELATION_SQL('$1'), [quoteIdent(name)]);
        relations.set(name, answer);
      }
      return answer;
    },
    functionSchema: (name) => ask(FUNCTION_SQL('$1'), [name]),
    typeSchema: (name) => ask(TYPE_SQL('$1'), [quoteIdent(name)]),
    firstSchema: () => ask(FIRST_SCHEMA_SQL),
  };
}

/** Fill in the schema of targets whose SQL left it to the search_path. */
export async function resolveTargets(lookups: NameLookups, record: ReplayedStatement): Promise<void> {
  for (const target of record.targets) {
    if (target.table && !target.table.schema) {
      target.table = { ...target.table, schema: await lookups.relationSchema(target.table.name) };
    }
    if (target.schema || UNQUALIFIED_KINDS.has(target.kind)) continue;
    if (SUB_OBJECTS.has(target.kind)) {
      target.schema = target.table?.schema;
    } else if (RELATION_TARGETS.has(target.kind)) {
      target.schema = await lookups.relationSchema(target.action === 'rename' && record.status === 'applied' && target.newName ? target.newName : target.name)
        ?? await lookups.relationSchema(target.name);
    } else if (target.kind === 'function') {
      target.schema = await lookups.functionSchema(target.name);
    } else if (target.kind === 'type') {
      target.schema = await lookups.typeSchema(target.name);
    }
    if (!target.schema && target.action === 'create') {
      target.schema = await lookups.firstSchema();
    }
  }
}

/** A string literal whatever standard_conforming_strings says. */
function literal(text: string): string {
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

type LookupKind = 'r' | 'f' | 't' | 's';

/** One catalog question: its kind, the name resolveTargets asks about, and the SQL argument (a quoted identifier for to_regclass/to_regtype). */
interface Question {
  kind: LookupKind;
  key: string;
  argument: string;
}

/** Every question resolveTargets may ask about `record` (a superset: asking too much costs little). */
function questionsOf(record: ReplayedStatement): Question[] {
  const questions: Question[] = [];
  const ask = (kind: LookupKind, key: string, argument: string) => questions.push({ kind, key, argument });
  const relation = (name: string) => ask('r', name, quoteIdent(name));
  for (const target of record.targets) {
    if (target.table && !target.table.schema) relation(target.table.name);
    if (target.schema || UNQUALIFIED_KINDS.has(target.kind)) continue;
    if (RELATION_TARGETS.has(target.kind)) {
      if (target.action === 'rename' && target.newName) relation(target.newName);
      relation(target.name);
    } else if (target.kind === 'function') {
      ask('f', target.name, target.name);
    } else if (target.kind === 'type') {
      ask('t', target.name, quoteIdent(target.name));
    }
    if (target.action === 'create') ask('s', '', '');
  }
  return questions;
}

const LOOKUP_COLUMN = 'archbench_lookup';
const QUESTION_SQL: Record<LookupKind, (argument: string) => string> = { r: RELATION_SQL, f: FUNCTION_SQL, t: TYPE_SQL, s: () => FIRST_SCHEMA_SQL };
const PREPARED_NAME: Record<LookupKind, string> = {
  r: 'archbench_resolve_relation', f: 'archbench_resolve_function', t: 'archbench_resolve_type', s: 'archbench_resolve_first_schema',
};
// proname is of type name: the live query's $1 is inferred as name, so is this one.
const PREPARE_LOOKUPS = (Object.keys(PREPARED_NAME) as LookupKind[]).map((kind) =>
  `prepare ${PREPARED_NAME[kind]}(int, text, ${kind === 'f' ? 'name' : 'text'}) as
    select $1 as ${LOOKUP_COLUMN}, '${kind}'::text as kind, $2 as key, (${QUESTION_SQL[kind]('$3')})::text as schema`).join(';\n');

/** Hosts whose session holds the prepared look-ups. */
const prepared = new WeakSet<PgHost>();

/** Statements after which the session's prepared statements may be gone. */
export function dropsPreparedStatements(nodeType: string): boolean {
  return nodeType === 'DeallocateStmt' || nodeType === 'DiscardStmt';
}

/**
 * Prepare the look-ups in the host's session unless they are there: a prepared statement is
 * planned once, where the same SELECT in a batch is planned every time (three times the cost).
 */
export async function prepareLookups(host: PgHost): Promise<void> {
  if (prepared.has(host)) return;
  const names = Object.values(PREPARED_NAME);
  const present = await host.query<{ name: string }>(`select name from pg_prepared_statements where name in (${names.map((name) => `'${name}'`).join(', ')})`);
  if (present.rows.length !== names.length) {
    if (present.rows.length > 0) await host.exec(present.rows.map((row) => `deallocate ${row.name}`).join(';\n'));
    await host.exec(PREPARE_LOOKUPS);
  }
  prepared.add(host);
}

/** The session may have lost the prepared look-ups (DISCARD, DEALLOCATE, a failure that mentions them). */
export function forgetPreparedLookups(host: PgHost): void {
  prepared.delete(host);
}

/**
 * Statements answering every question resolveTargets may ask about `records`, to run in the same
 * batch: EXECUTEs of the prepared look-ups, or the same SELECTs written out when the batch itself
 * may drop prepared statements. Their rows carry `id`. Undefined when the statements name
 * everything with its schema.
 */
export function lookupQuery(id: number, records: ReplayedStatement[], usePrepared: boolean): string | undefined {
  const questions = new Map<string, Question>();
  for (const record of records) for (const question of questionsOf(record)) questions.set(`${question.kind}\u0000${question.key}`, question);
  if (questions.size === 0) return undefined;
  return [...questions.values()].map(({ kind, key, argument }) => usePrepared
    ? `execute ${PREPARED_NAME[kind]}(${id}, ${literal(key)}, ${literal(argument)})`
    : `select ${id} as ${LOOKUP_COLUMN}, '${kind}' as kind, ${literal(key)} as key, (${QUESTION_SQL[kind](literal(argument))})::text as schema`).join(';\n');
}

/** The answers lookupQuery's SELECTs gave inside a batch, by statement id. */
export function batchAnswers(results: PgResult[]): Map<number, Map<string, string | undefined>> {
  const answers = new Map<number, Map<string, string | undefined>>();
  for (const result of results) {
    if (result.fields[0]?.name !== LOOKUP_COLUMN) continue;
    for (const row of result.rows) {
      const id = Number(row[LOOKUP_COLUMN]);
      let map = answers.get(id);
      if (!map) answers.set(id, (map = new Map()));
      map.set(`${row.kind}\u0000${row.key}`, (row.schema as string | null) ?? undefined);
    }
  }
  return answers;
}

/** Lookups answered from a batch; a question the batch did not ask goes to the database (it should not happen). */
export function answeredLookups(answers: Map<string, string | undefined> | undefined, host: PgHost): NameLookups {
  const live = liveLookups(host);
  const from = (kind: string, key: string, ask: () => Promise<string | undefined>): Promise<string | undefined> => {
    const id = `${kind}\u0000${key}`;
    return answers?.has(id) ? Promise.resolve(answers.get(id)) : ask();
  };
  return {
    relationSchema: (name) => from('r', name, () => live.relationSchema(name)),
    functionSchema: (name) => from('f', name, () => live.functionSchema(name)),
    typeSchema: (name) => from('t', name, () => live.typeSchema(name)),
    firstSchema: () => from('s', '', () => live.firstSchema()),
  };
}
