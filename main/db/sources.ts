/**
 * Where each database object came from: walk the replayed statements in order and remember,
 * per object, the statement that created it and the one that last changed it. Drops forget,
 * renames move. Objects created inside DO blocks are found by a light text match on the block.
 */
import type { SourceLocation } from '../../shared/model/model.js';
import type { ObjectKind } from './ast.js';
import { locateInStatement } from './parse.js';
import type { ReplayedStatement } from './replay.js';

/** The statements that created and last changed an object. */
export interface ObjectSources {
  created?: SourceLocation;
  lastChanged?: SourceLocation;
}

/** Looks up the statements behind a catalog object. */
export interface SourceMap {
  get(kind: ObjectKind, schema: string | undefined, name: string, table?: string): ObjectSources | undefined;
}

const RELATION_KINDS = new Set<ObjectKind>(['table', 'view', 'materialized-view', 'foreign-table', 'sequence']);

function normalizeKind(kind: ObjectKind): string {
  return RELATION_KINDS.has(kind) ? 'relation' : kind;
}

/** Objects named per table; everything else (indexes included) is named per schema. */
const PER_TABLE = new Set<ObjectKind>(['column', 'constraint', 'policy', 'trigger', 'rule']);

function keyOf(kind: ObjectKind, schema: string | undefined, name: string, table?: string): string {
  return [normalizeKind(kind), schema ?? '', PER_TABLE.has(kind) ? table ?? '' : '', name].join('\u0000');
}

function location(statement: ReplayedStatement, at?: number): SourceLocation {
  const { line, column } = at === undefined ? statement : locateInStatement(statement, at);
  return { file: statement.file, line, column };
}

const DO_CREATES = /\bcreate\s+(?:or\s+replace\s+)?(table|type|view|materialized\s+view|function|procedure|sequence|schema)\s+(?:if\s+not\s+exists\s+)?((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|[A-Za-z_][\w$]*))?)/gi;

function unquote(part: string): string {
  return part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase();
}

/** Build the source map from the replayed statements (applied ones only). */
export function buildSourceMap(statements: ReplayedStatement[]): SourceMap {
  const map = new Map<string, ObjectSources>();
  const touch = (key: string, loc: SourceLocation): void => {
    map.set(key, { ...map.get(key), lastChanged: loc });
  };

  for (const statement of statements) {
    if (statement.status !== 'applied') continue;
    const here = location(statement);
    for (const target of statement.targets) {
      const key = keyOf(target.kind, target.schema, target.name, target.table?.name);
      switch (target.action) {
        case 'create':
          // CREATE OR REPLACE of an existing object changes it; CREATE ... IF NOT EXISTS of one does nothing.
          if (map.get(key)?.created && statement.ast.replace) touch(key, here);
          else if (!(map.get(key)?.created && statement.ast.if_not_exists)) map.set(key, { created: here });
          break;
        case 'alter':
          touch(key, here);
          break;
        case 'drop':
          map.delete(key);
          break;
        case 'rename': {
          const entry = map.get(key) ?? {};
          map.delete(key);
          if (target.newName) map.set(keyOf(target.kind, target.schema, target.newName, target.table?.name), { ...entry, lastChanged: here });
          break;
        }
      }
    }
    // Columns and named constraints written inside CREATE TABLE get their own line.
    if (statement.nodeType === 'CreateStmt') {
      const table = statement.targets.find((t) => t.kind === 'table');
      for (const element of statement.ast.tableElts ?? []) {
        const column = element.ColumnDef;
        if (column?.colname && table) map.set(keyOf('column', table.schema, column.colname, table.name), { created: location(statement, column.location) });
        const constraint = element.Constraint;
        if (constraint?.conname && table) map.set(keyOf('constraint', table.schema, constraint.conname, table.name), { created: location(statement, constraint.location) });
      }
    }
    if (statement.nodeType === 'DoStmt') {
      for (const match of statement.text.matchAll(DO_CREATES)) {
        const parts = match[2].split(/\s*\.\s*/).map(unquote);
        const kind = /type/i.test(match[1]) ? 'type' : /function|procedure/i.test(match[1]) ? 'function' : /schema/i.test(match[1]) ? 'schema' : 'table';
        const name = parts[parts.length - 1];
        const schema = parts.length > 1 ? parts[0] : undefined;
        const key = keyOf(kind, schema, name);
        if (!map.get(key)?.created) map.set(key, { created: here });
      }
    }
  }

  return {
    get(kind, schema, name, table) {
      return map.get(keyOf(kind, schema, name, table)) ?? (schema ? map.get(keyOf(kind, undefined, name, table)) : undefined);
    },
  };
}
