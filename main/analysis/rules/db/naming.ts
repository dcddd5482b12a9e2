/**
 * Names and shapes across the schema: identifiers PostgreSQL silently truncates, table and column
 * names that break the project's own conventions, one column name with different types in
 * different tables, and tables too wide to be one entity.
 */
import type { SourceLocation, Table } from '../../../../shared/model/model.js';
import type { ReplayedStatement } from '../../../db/replay.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import {
  baseType, columnLocation, count, databaseOf, listOf, locationOf, positionInStatement, projectTables, relationElement, relationLabel, TOOL_TABLES, typeFamily,
} from './support.js';

/** PostgreSQL's NAMEDATALEN - 1. */
export const MAX_IDENTIFIER_BYTES = 63;
/** Tables with more columns than this are reported. */
export const MAX_COLUMNS = 50;

/**
 * The statement's text with comments, string literals and dollar-quoted bodies blanked out (same
 * length, newlines kept), so that what remains are keywords, identifiers and punctuation.
 */
export function codeOnly(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i, i + 2);
    if (rest === '--') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (rest === '/*') {
      let depth = 0;
      let k = i;
      while (k < text.length) {
        if (text.startsWith('/*', k)) { depth++; k += 2; } else if (text.startsWith('*/', k)) { depth--; k += 2; if (depth === 0) break; } else k++;
      }
      blank(i, k);
      i = k;
    } else if (text[i] === '\'') {
      const escapes = i > 0 && /[eE]/.test(text[i - 1]) && !/[\w$]/.test(text[i - 2] ?? ' ');
      let k = i + 1;
      while (k < text.length) {
        if (escapes && text[k] === '\\') k += 2;
        else if (text[k] === '\'' && text[k + 1] === '\'') k += 2;
        else if (text[k] === '\'') break;
        else k++;
      }
      blank(i, k + 1);
      i = k + 1;
    } else if (text[i] === '$' && !/[\w$]/.test(text[i - 1] ?? ' ')) {
      const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(text.slice(i));
      if (!tag) { i++; continue; }
      const close = text.indexOf(tag[0], i + tag[0].length);
      const stop = close < 0 ? text.length : close + tag[0].length;
      blank(i, stop);
      i = stop;
    } else if (text[i] === '"') {
      let k = i + 1;
      while (k < text.length && !(text[k] === '"' && text[k + 1] !== '"')) k += text[k] === '"' ? 2 : 1;
      i = k + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

const IDENTIFIER = /"((?:[^"]|"")+)"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/g;

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The first 63 bytes of a name, as PostgreSQL keeps it. */
function truncated(name: string): string {
  let out = '';
  for (const ch of name) {
    if (byteLength(out + ch) > MAX_IDENTIFIER_BYTES) break;
    out += ch;
  }
  return out;
}

export const identifierTooLong: Rule = {
  id: 'db.identifier-too-long',
  title: 'Identifier longer than 63 bytes',
  category: 'reliability',
  severity: 'medium',
  stride: 'T',
  cwe: 694,
  rationale: 'PostgreSQL keeps only the first 63 bytes of an identifier and truncates longer ones with a NOTICE, not an error. Two long names '
    + 'that share their first 63 bytes (typical of generated index and constraint names) then collide, and tools that compare the name '
    + 'in the migration with the name in the catalog (ORM schema diffs, migration checks) see a different object or none.',
  remediation: 'Shorten the name to at most 63 bytes (mind multi-byte characters), and name indexes and constraints explicitly instead of '
    + 'letting long table and column names produce them.',
  references: [DOCS.identifiers, DOCS.squawk('prefer-robust-stmts')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    const seen = new Set<string>();
    for (const statement of db.statements) {
      // Cheap pre-check: 63 bytes need at least 16 characters (4-byte ones) in a row.
      if (!/[^\s,;()'.]{16}|"[^"]{16}/.test(statement.text)) continue;
      for (const found of longIdentifiers(statement)) {
        if (seen.has(found.name)) continue;
        seen.add(found.name);
        hits.push({
          message: `Identifier "${found.name}" is ${byteLength(found.name)} bytes: PostgreSQL silently truncates it to "${truncated(found.name)}", so names `
            + 'that share those first 63 bytes collide and tools comparing the full name miss the object.',
          location: found.location,
          element: statement.file,
          key: found.name,
        });
      }
    }
    return hits;
  },
};

function longIdentifiers(statement: ReplayedStatement): Array<{ name: string; location: SourceLocation }> {
  const code = codeOnly(statement.text);
  const out: Array<{ name: string; location: SourceLocation }> = [];
  for (const match of code.matchAll(IDENTIFIER)) {
    const name = match[1] !== undefined ? match[1].replace(/""/g, '"') : match[0].toLowerCase();
    if (byteLength(name) <= MAX_IDENTIFIER_BYTES) continue;
    out.push({ name, location: positionInStatement(statement, match.index ?? 0) });
  }
  return out;
}

/** Words that are the same in singular and plural, or are never counted. */
const UNCOUNTABLE = new Set(['data', 'metadata', 'media', 'feedback', 'information', 'info', 'news', 'series', 'species', 'equipment', 'audit',
  'staff', 'config', 'configuration', 'history', 'inventory', 'analytics', 'settings', 'status', 'access', 'auth', 'billing', 'cache',
  'software', 'hardware', 'money', 'stock', 'traffic', 'mail', 'research', 'storage', 'content', 'evidence', 'progress', 'membership', 'physics',
  'economics', 'logistics', 'ethics', 'mathematics']);

/** Whether one word reads as a plural noun (`orders`, `categories`, `people`); `status`, `address` and `analysis` do not. */
function pluralWord(word: string): boolean {
  if (UNCOUNTABLE.has(word) || word.length < 3) return false;
  if (/(ss|us|is)$/.test(word)) return false;
  return word.endsWith('s') || /^(people|children|men|women)$/.test(word);
}

/**
 * `plural`, `singular` or undefined (cannot tell) for a table name. A name is plural when any word is
 * (`notes_open`, `order_lines`), and cannot be judged when its last word is the same in both
 * (`user_feedback`, `status_history`).
 */
export function grammaticalNumber(name: string): 'plural' | 'singular' | undefined {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[_\s]+/).filter(Boolean);
  const last = words[words.length - 1];
  if (!last || UNCOUNTABLE.has(last) || !/[a-z]/.test(last)) return undefined;
  if (words.some(pluralWord)) return 'plural';
  return last.length < 3 ? undefined : 'singular';
}

function caseStyle(name: string): 'snake_case' | 'camelCase' | undefined {
  if (/^[a-z0-9_]+$/.test(name)) return name.includes('_') || /^[a-z0-9]+$/.test(name) ? 'snake_case' : undefined;
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(name) && /[A-Z]/.test(name)) return 'camelCase';
  return undefined;
}

/** The convention most names follow, and the names that break it (only when the convention clearly wins). */
function minority<T extends string>(items: Array<{ value: T | undefined; name: string }>): { convention: T; conforming: number; breaking: string[] } | undefined {
  const counts = new Map<T, string[]>();
  for (const item of items) if (item.value) counts.set(item.value, [...(counts.get(item.value) ?? []), item.name]);
  if (counts.size < 2) return undefined;
  const ranked = [...counts].sort((a, b) => b[1].length - a[1].length);
  const [convention, conforming] = ranked[0];
  const breaking = ranked.slice(1).flatMap(([, names]) => names);
  if (conforming.length <= breaking.length) return undefined;
  return { convention, conforming: conforming.length, breaking };
}

export const namingInconsistent: Rule = {
  id: 'db.naming-inconsistent',
  title: 'Table or column name breaks the schema\'s naming convention',
  category: 'data',
  severity: 'info',
  stride: 'T',
  cwe: 1099,
  rationale: 'When most tables are plural and a few singular, or most names are snake_case and a few camelCase, every query author has to '
    + 'remember the exceptions. camelCase names must also be double-quoted in every query, because PostgreSQL folds unquoted names to '
    + 'lower case; a forgotten quote is a "relation does not exist" error at runtime.',
  remediation: 'Rename the exceptions to the convention most of the schema follows (in an expand-contract migration when clients use them), '
    + 'and write the convention down for new tables.',
  references: [DOCS.identifiers],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const tables = projectTables(db).filter((table) => !TOOL_TABLES.has(table.name) && !table.partitionOf);
    const byName = new Map(tables.map((table) => [relationElement(table), table]));
    const hits: RuleHit[] = [];
    const tableHit = (element: string, key: string, message: string) => {
      const table = byName.get(element)!;
      hits.push({ message, location: locationOf(table.source), element, key });
    };

    const number = tables.length >= 4 ? minority(tables.map((table) => ({ value: grammaticalNumber(table.name), name: relationElement(table) }))) : undefined;
    for (const element of number?.breaking ?? []) {
      const table = byName.get(element)!;
      tableHit(element, 'number', `Table ${relationLabel(table)} is ${number!.convention === 'plural' ? 'singular' : 'plural'} while ${number!.conforming} other tables `
        + `are ${number!.convention}: name it like the rest.`);
    }
    const style = minority(tables.map((table) => ({ value: caseStyle(table.name), name: relationElement(table) })));
    for (const element of style?.breaking ?? []) {
      const table = byName.get(element)!;
      tableHit(element, 'case', `Table ${relationLabel(table)} is not ${style!.convention} like ${style!.conforming} other tables`
        + (caseStyle(table.name) === 'camelCase' ? ': it must be double-quoted in every query.' : '.'));
    }
    const columns = tables.flatMap((table) => table.columns.map((column) => ({ value: caseStyle(column.name), name: `${relationElement(table)}\u0000${column.name}` })));
    const columnStyle = minority(columns);
    const breakingByTable = new Map<string, string[]>();
    for (const entry of columnStyle?.breaking ?? []) {
      const [element, column] = entry.split('\u0000');
      breakingByTable.set(element, [...(breakingByTable.get(element) ?? []), column]);
    }
    for (const [element, names] of breakingByTable) {
      const table = byName.get(element)!;
      const first = table.columns.find((column) => column.name === names[0])!;
      hits.push({
        message: `${relationLabel(table)} has ${count(names.length, 'column')} not in ${columnStyle!.convention} (${listOf(names)}) while ${columnStyle!.conforming} `
          + `columns elsewhere are${caseStyle(names[0]) === 'camelCase' ? '; each must be double-quoted in queries' : ''}.`,
        location: columnLocation(table, first),
        element,
        key: 'column-case',
      });
    }
    return hits;
  },
};

/** Types that differ only in precision (`timestamp(6)` and `timestamp`) count as one. */
function comparableType(type: string): string {
  return /^(timestamp|time)\(/.test(type) ? baseType(type) : type;
}

/** Reference-like columns (`user_id`, `accountId`) are compared by exact type: they are joined on. */
function isReference(name: string): boolean {
  return /(_id|Id)$/.test(name);
}

export const columnTypeInconsistentByName: Rule = {
  id: 'db.column-type-inconsistent-by-name',
  title: 'Same column name, different types in different tables',
  category: 'data',
  severity: 'low',
  stride: 'T',
  cwe: 704,
  rationale: 'A column name used across tables usually means the same thing everywhere. A reference column (user_id) that is integer in some '
    + 'tables and bigint in others needs casts in joins (which can keep indexes from being used) and overflows in the narrower tables; '
    + 'a plain column whose kind of type differs (status as integer here, as text there) is one name with two meanings, which code and '
    + 'readers that treat them alike get wrong.',
  remediation: 'Give reference columns the type of the key they reference, everywhere. Rename columns that hold different things, or align '
    + 'their types when they hold the same thing.',
  references: [DOCS.character, DOCS.numeric],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const tables = projectTables(db).filter((table) => !TOOL_TABLES.has(table.name) && !table.partitionOf);
    const byColumn = new Map<string, Array<{ table: Table; type: string }>>();
    for (const table of tables) {
      for (const column of table.columns) {
        if (column.name === 'id') continue; // each entity's key type is its own choice
        // Plain columns are compared by kind (text, integer, timestamp...), not by length or width.
        const type = isReference(column.name) ? comparableType(column.type) : typeFamily(comparableType(column.type));
        byColumn.set(column.name, [...(byColumn.get(column.name) ?? []), { table, type }]);
      }
    }
    const hits: RuleHit[] = [];
    for (const [name, uses] of byColumn) {
      const types = new Map<string, Table[]>();
      for (const use of uses) types.set(use.type, [...(types.get(use.type) ?? []), use.table]);
      if (types.size < 2) continue;
      const [[convention, conforming], ...others] = [...types].sort((a, b) => b[1].length - a[1].length);
      const reference = isReference(name);
      for (const [, odd] of others) {
        for (const table of odd) {
          const column = table.columns.find((c) => c.name === name)!;
          const elsewhere = `${listOf(conforming.slice(0, 3).map((t) => relationLabel(t)))}${conforming.length > 3 ? ` and ${conforming.length - 3} more` : ''}`;
          hits.push({
            message: `${relationLabel(table)}.${name} is ${column.type} while ${name} is ${convention} in ${elsewhere}`
              + (reference ? ': joins between them need a cast, and ids that fit one may not fit the other.' : ': one name with two kinds of value.'),
            location: columnLocation(table, column),
            element: relationElement(table),
            key: name,
            ...(reference ? {} : { severity: 'info' as const }),
          });
        }
      }
    }
    return hits;
  },
};

export const tableTooWide: Rule = {
  id: 'db.table-too-wide',
  title: 'Table has a very large number of columns',
  category: 'data',
  severity: 'low',
  stride: 'D',
  cwe: 1093,
  rationale: `A table with more than ${MAX_COLUMNS} columns usually holds several entities or optional feature data in one row. Every `
    + 'UPDATE writes a new version of the whole row, rows spill into TOAST, and most columns are NULL for most rows; the table becomes '
    + 'the place every feature adds to and nobody can change.',
  remediation: 'Split groups of columns that belong together (and are often NULL together) into their own tables with a one-to-one key, '
    + 'or into a jsonb column for sparse attributes.',
  references: [DOCS.constraints],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return projectTables(db).filter((table) => table.columns.length > MAX_COLUMNS).map((table): RuleHit => ({
      message: `Table ${relationLabel(table)} has ${table.columns.length} columns (more than ${MAX_COLUMNS}): it likely holds several entities in one row.`,
      location: locationOf(table.source),
      element: relationElement(table),
    }));
  },
};
