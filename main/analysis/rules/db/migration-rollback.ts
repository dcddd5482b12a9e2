/**
 * Destructive migration steps without a way back, in projects that keep down migrations. The down of
 * a migration is a partner file the plan left out as `down` (golang-migrate `N_x.down.sql` next to
 * `N_x.up.sql`, `down.sql` next to `up.sql`, Flyway `U<version>__x.sql` for `V<version>__x.sql`) or
 * the section after the down marker of the file itself (dbmate `-- migrate:down`, goose
 * `-- +goose Down`), which the engine cut off and reported as `sql.down-section`. Projects whose
 * migrations have no down at all (Flyway, Prisma, Supabase) are never reported: there a missing down
 * is the convention, not an omission. Sqitch's revert/<change>.sql is the down of deploy/<change>.sql.
 *
 * The down is read statement by statement (libpg-query): a column comes back only when an ALTER TABLE of its own
 * table adds it. DO blocks and functions, which the parser does not look into, are searched as text.
 */
import type { SourceLocation } from '../../../../shared/model/model.js';
import type { ReplayResult } from '../../../db/engine.js';
import { parseSqlFile } from '../../../db/parse.js';
import type { OrderedMigration } from '../../../db/migrations.js';
import type { ReplayedStatement } from '../../../db/replay.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { typeChange, typeText, type ColumnType } from './migration-support.js';
import {
  createsTable, databaseOf, fileName, namePattern, relationElement, relationLabel, statementAt, statementLocation, TOOL_TABLES, withoutComments,
} from './support.js';

/** The down migration of one migration. */
interface Down {
  /** The partner file, or the migration itself for a down section. */
  file: string;
  /** First line of the down (1 for a file, the marker's line for a section). */
  line: number;
  /** Its SQL without comments. */
  code: string;
  section: boolean;
}

/**
 * What a down does, read from its parsed statements: the tables it creates or fills and the columns it adds or
 * retypes (lower-cased, unqualified names). Text the parser cannot take apart (DO blocks, functions, statements
 * that do not parse) is kept as `opaque` and searched as text.
 */
interface DownEffects {
  creates: Set<string>;
  fills: Set<string>;
  /** `table.column` */
  adds: Set<string>;
  retypes: Set<string>;
  opaque: string;
}

const OPAQUE_STATEMENTS = new Set(['DoStmt', 'CreateFunctionStmt', 'ExecuteStmt', 'CallStmt']);

function effectsOf(down: Down): DownEffects {
  const effects: DownEffects = { creates: new Set(), fills: new Set(), adds: new Set(), retypes: new Set(), opaque: '' };
  let parsed;
  try {
    parsed = parseSqlFile(down.file, down.code);
  } catch {
    return { ...effects, opaque: down.code };
  }
  if (parsed.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) effects.opaque = down.code;
  const name = (relation: Record<string, any> | undefined) => String(relation?.relname ?? '').toLowerCase();
  for (const statement of parsed.statements) {
    const ast = statement.ast;
    if (OPAQUE_STATEMENTS.has(statement.nodeType)) effects.opaque += `\n${statement.text}`;
    else if (statement.nodeType === 'CreateStmt' || statement.nodeType === 'CreateTableAsStmt') effects.creates.add(name(ast.relation ?? ast.into?.rel));
    else if (statement.nodeType === 'InsertStmt' || (statement.nodeType === 'CopyStmt' && ast.is_from)) effects.fills.add(name(ast.relation));
    else if (statement.nodeType === 'AlterTableStmt') {
      const table = name(ast.relation);
      for (const item of ast.cmds ?? []) {
        const cmd = item.AlterTableCmd as Record<string, any> | undefined;
        if (cmd?.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef?.colname) effects.adds.add(`${table}.${String(cmd.def.ColumnDef.colname).toLowerCase()}`);
        if (cmd?.subtype === 'AT_AlterColumnType' && cmd.name) effects.retypes.add(`${table}.${String(cmd.name).toLowerCase()}`);
      }
    }
  }
  return effects;
}

function isEmpty(code: string): boolean {
  return code.replace(/[\s;]/g, '') === '';
}

function dirname(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** `0003_users.up.sql` and `0003_users.down.sql` -> `0003_users`; `up.sql` and `down.sql` -> ``. */
function stem(path: string, direction: 'up' | 'down'): string {
  const name = fileName(path).toLowerCase();
  if (name === `${direction}.sql`) return '';
  return name.replace(direction === 'up' ? /([._-]up)?\.sql$/ : /[._-]down\.sql$/, '');
}

const FLYWAY_UNDO = /^U(\d+(?:[._]\d+)*)__.+\.sql$/i;

/** A Flyway version with its parts as numbers: `1.01`, `1_1` and `1.1` are one version. */
function flywayVersion(version: string): string {
  return version.split(/[._]/).map((part) => BigInt(part).toString()).join('.');
}

/** The down of every replayed migration that has one (an empty one included), by migration path. */
function downsOf(context: RuleContext, db: ReplayResult): Map<string, Down> {
  const downs = new Map<string, Down>();
  const partners = new Map<string, string>();
  for (const excluded of db.plan.excluded) {
    if (excluded.kind !== 'down') continue;
    const undo = FLYWAY_UNDO.exec(fileName(excluded.path));
    partners.set(undo ? `flyway\u0000${flywayVersion(undo[1])}` : `${dirname(excluded.path)}\u0000${stem(excluded.path, 'down')}`, excluded.path);
  }
  const sections = new Map(db.diagnostics.filter((d) => d.code === 'sql.down-section').map((d) => [d.file, d.line]));
  for (const migration of db.plan.migrations) {
    const partner = partnerOf(migration, partners);
    const text = partner ? context.readText(partner) : undefined;
    if (partner && text !== undefined) {
      downs.set(migration.path, { file: partner, line: 1, code: withoutComments(text), section: false });
      continue;
    }
    const marker = sections.get(migration.path);
    const source = marker === undefined ? undefined : context.readText(migration.path);
    if (marker !== undefined && source !== undefined) {
      downs.set(migration.path, { file: migration.path, line: marker, code: withoutComments(source.split('\n').slice(marker).join('\n')), section: true });
    }
  }
  return downs;
}

function partnerOf(migration: OrderedMigration, partners: Map<string, string>): string | undefined {
  if (migration.scheme === 'flyway' && migration.version && !migration.repeatable) {
    const undo = partners.get(`flyway\u0000${flywayVersion(migration.version)}`);
    if (undo) return undo;
  }
  if (migration.scheme === 'sqitch') {
    // Sqitch: revert/<change>.sql reverses deploy/<change>.sql.
    const revert = migration.path.replace(/(^|\/)deploy\//, '$1revert/');
    return partners.get(`${dirname(revert)}\u0000${stem(revert, 'down')}`);
  }
  return partners.get(`${dirname(migration.path)}\u0000${stem(migration.path, 'up')}`);
}

function mentions(code: string, pattern: string): boolean {
  return new RegExp(pattern, 'i').test(code);
}

const altersTable = (code: string, table: string) => mentions(code, `\\balter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?${namePattern(table)}`);

/** One destructive step and what its down must contain to undo it. */
interface Step {
  statement: ReplayedStatement;
  table: { schema: string; name: string };
  /** `DROP TABLE legacy`, `DROP COLUMN payload on archive`. */
  what: string;
  /** What the down must do, for the message: `recreate legacy`. */
  undo: string;
  restored(down: DownEffects): boolean;
  /** What a rollback past the step leaves behind. */
  consequence: string;
  key: string;
  data: boolean;
}

const INTEGER_WIDTH: Record<string, number> = { smallint: 2, integer: 4, bigint: 8 };
const LENGTHED = new Set(['character varying', 'character']);

/** Whether some values of the old type do not survive the new one unchanged (cut, rounded or truncated); false for changes it cannot judge. */
export function typeNarrows(from: ColumnType, to: ColumnType): boolean {
  if (from.array !== to.array) return false;
  if (INTEGER_WIDTH[from.name] && INTEGER_WIDTH[to.name]) return INTEGER_WIDTH[to.name] < INTEGER_WIDTH[from.name];
  const textual = (t: ColumnType) => t.name === 'text' || t.name === 'citext' || LENGTHED.has(t.name);
  if (textual(from) && textual(to)) {
    const limit = (t: ColumnType) => (LENGTHED.has(t.name) ? t.modifiers[0] ?? (t.name === 'character' ? 1 : Infinity) : Infinity);
    return limit(to) < limit(from);
  }
  if (['numeric', 'double precision', 'real'].includes(from.name) && INTEGER_WIDTH[to.name]) return true;
  if (from.name === 'double precision' && to.name === 'real') return true;
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (!to.modifiers.length) return false;
    if (!from.modifiers.length) return true;
    const [fromPrecision, fromScale = 0] = from.modifiers;
    const [toPrecision, toScale = 0] = to.modifiers;
    return toScale < fromScale || toPrecision - toScale < fromPrecision - fromScale;
  }
  return from.name.startsWith('timestamp') && to.name === 'date';
}

/** The table a DML or TRUNCATE names, if an earlier migration created it (its rows are the project's data). */
function earlierTable(db: ReplayResult, statement: ReplayedStatement, relation: Record<string, any> | undefined): { schema: string; name: string } | undefined {
  if (!relation?.relname || TOOL_TABLES.has(relation.relname)) return undefined;
  const facts = db.facts.tables.find((t) => t.name === relation.relname && (!relation.schemaname || t.schema === relation.schemaname) && t.created);
  if (!facts || facts.createdInMigration === undefined || facts.createdInMigration >= statement.migration) return undefined;
  return { schema: facts.schema, name: facts.name };
}

function destructiveSteps(db: ReplayResult): Step[] {
  const steps: Step[] = [];
  for (const fact of db.facts.alterations) {
    if (!fact.applied || !fact.tableExistedBeforeFile) continue;
    const statement = statementAt(db, fact.source);
    if (!statement) continue;
    const table = { schema: fact.table.schema ?? 'public', name: fact.table.name };
    const label = relationLabel(table);
    if (fact.kind === 'drop-table') {
      steps.push({
        statement, table, what: `DROP TABLE ${label}`, undo: `recreate ${label}`, key: `drop-table:${table.name}`, data: false,
        consequence: `the previous release finds no table ${label}`,
        restored: (down) => down.creates.has(table.name.toLowerCase()) || createsTable(down.opaque, table.name),
      });
    } else if (fact.kind === 'drop-column' && fact.column) {
      const column = fact.column;
      steps.push({
        statement, table, what: `DROP COLUMN ${column} on ${label}`, undo: `add ${label}.${column} back`, key: `drop-column:${table.name}.${column}`, data: false,
        consequence: `the previous release finds no column ${label}.${column}`,
        restored: (down) => down.creates.has(table.name.toLowerCase()) || down.adds.has(`${table.name}.${column}`.toLowerCase()) || createsTable(down.opaque, table.name)
          || (altersTable(down.opaque, table.name) && mentions(down.opaque, `\\badd\\s+(?:column\\s+)?(?:if\\s+not\\s+exists\\s+)?${namePattern(column, false)}`)),
      });
    } else if (fact.kind === 'alter-column-type' && fact.column) {
      const column = fact.column;
      const { from, to } = typeChange(db, fact);
      if (!from || !to || !typeNarrows(from, to)) continue;
      steps.push({
        statement, table, what: `ALTER COLUMN ${column} TYPE ${typeText(to)} (was ${typeText(from)}) on ${label}`, undo: `change ${label}.${column} back to ${typeText(from)}`,
        key: `alter-type:${table.name}.${column}`, data: false,
        consequence: `${label}.${column} keeps the narrower type the previous release does not expect`,
        restored: (down) => down.retypes.has(`${table.name}.${column}`.toLowerCase())
          || mentions(down.opaque, `\\balter\\s+(?:column\\s+)?${namePattern(column, false)}\\s+(?:set\\s+data\\s+)?type\\b`),
      });
    }
  }
  for (const statement of db.statements) {
    if (statement.status !== 'applied') continue;
    const tables = statement.nodeType === 'TruncateStmt' ? (statement.ast.relations ?? []).map((r: Record<string, any>) => r.RangeVar)
      : statement.nodeType === 'DeleteStmt' && !statement.ast.whereClause ? [statement.ast.relation] : [];
    for (const relation of tables) {
      const table = earlierTable(db, statement, relation);
      if (!table) continue;
      const verb = statement.nodeType === 'TruncateStmt' ? 'TRUNCATE' : 'DELETE FROM';
      steps.push({
        statement, table, what: `${verb} ${relationLabel(table)}${verb === 'DELETE FROM' ? ' without WHERE' : ''}`, undo: `put the rows of ${relationLabel(table)} back`,
        key: `${verb === 'TRUNCATE' ? 'truncate' : 'delete'}:${table.name}`, data: true,
        consequence: `${relationLabel(table)} stays empty`,
        restored: (down) => down.fills.has(table.name.toLowerCase()) || mentions(down.opaque, `\\b(?:insert\\s+into|copy)\\s+${namePattern(table.name)}`),
      });
    }
  }
  return steps.sort((a, b) => a.statement.migration - b.statement.migration || a.statement.line - b.statement.line);
}

export const migNonReversible: Rule = {
  id: 'mig.non-reversible',
  title: 'Destructive migration step cannot be rolled back',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 684,
  rationale: 'When a project keeps down migrations, rolling a bad release back means running them. A migration that drops a table or column, '
    + 'narrows a column type or empties a table, and has no down (or a down that does not undo that step), breaks the rollback exactly '
    + 'where it matters: the previous release starts against a schema it cannot use, or the down fails and leaves the database between '
    + 'versions. Reviewers expect the down to exist because every other migration has one.',
  remediation: 'Write the down for this step: recreate the dropped table or column (with its constraints and indexes), change the type back, '
    + 're-insert reference data that was deleted. When the step cannot be undone (the data is gone), say so in the down explicitly and '
    + 'plan the release as forward-only: back up first, and drop in a later release, after the code stopped using the object.',
  references: [DOCS.golangMigrate, DOCS.dbmate, DOCS.flywayUndo],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const downs = downsOf(context, db);
    const withDown = db.plan.migrations.filter((m) => { const down = downs.get(m.path); return down && !isEmpty(down.code); }).length;
    // Only a project that writes downs can be missing one.
    if (withDown === 0) return [];
    const hits: RuleHit[] = [];
    const effects = new Map<Down, DownEffects>();
    const effectsFor = (down: Down) => effects.get(down) ?? effects.set(down, effectsOf(down)).get(down)!;
    for (const step of destructiveSteps(db)) {
      const file = step.statement.file;
      const down = downs.get(file);
      const name = fileName(file);
      let problem: string;
      const others = `${withDown} of the ${db.plan.migrations.length} migrations`;
      if (!down) problem = `${name} has no down migration, while ${others} ${withDown === 1 ? 'does' : 'do'}`;
      else if (isEmpty(down.code)) problem = `the down ${down.section ? 'section' : 'migration'} of ${name} is empty, while ${others} ${withDown === 1 ? 'has' : 'have'} one`;
      else if (!step.restored(effectsFor(down))) problem = `its down ${down.section ? `section (line ${down.line})` : `migration ${fileName(down.file)}`} does not ${step.undo}`;
      else continue;
      const related: Array<SourceLocation & { message?: string }> = down ? [{ file: down.file, line: down.line, message: `down of ${name}` }] : [];
      hits.push({
        message: `${step.what} in ${name} cannot be rolled back: ${problem}. After a rollback ${step.consequence}.`,
        location: statementLocation(step.statement),
        element: relationElement(step.table),
        key: `${name}:${step.key}`,
        ...(related.length ? { related } : {}),
        ...(step.data ? { severity: 'low' as const } : {}),
      });
    }
    return hits;
  },
};
