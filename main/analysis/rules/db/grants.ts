/**
 * The GRANT and ALTER DEFAULT PRIVILEGES statements of the migrations, read from their ASTs: who
 * was granted what on which tables, and where. The catalog says what holds at the end; these say
 * which statement asked for it, so findings can point at the line that opened a table up.
 */
import type { Table } from '../../../../shared/model/model.js';
import type { ReplayResult } from '../../../db/engine.js';
import type { ReplayedStatement } from '../../../db/replay.js';
import { tableFactsOf } from './support.js';

export const TABLE_COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

export interface TableGrant {
  statement: ReplayedStatement;
  /** Table privileges granted (ALL expanded to the four commands). */
  privileges: string[];
  /** Role names; `PUBLIC` for PUBLIC. */
  grantees: string[];
  /** `grant` for GRANT ... ON TABLE / ALL TABLES IN SCHEMA, `default` for ALTER DEFAULT PRIVILEGES. */
  kind: 'grant' | 'default';
  /** Whether the grant reaches a table. */
  covers(table: Table): boolean;
}

const cache = new WeakMap<ReplayResult, TableGrant[]>();

/** Every applied table GRANT (and default-privilege grant) of the migrations, in replay order. */
export function tableGrants(db: ReplayResult): TableGrant[] {
  let grants = cache.get(db);
  if (!grants) {
    grants = readGrants(db);
    cache.set(db, grants);
  }
  return grants;
}

function privilegesOf(items: Array<Record<string, any>> | undefined): string[] {
  // No privilege list means ALL PRIVILEGES.
  if (!items?.length) return [...TABLE_COMMANDS];
  return items.map((item) => String(item.AccessPriv?.priv_name ?? '').toUpperCase()).filter((p) => (TABLE_COMMANDS as readonly string[]).includes(p));
}

function granteesOf(items: Array<Record<string, any>> | undefined): string[] {
  return (items ?? []).map((item) => item.RoleSpec).filter(Boolean)
    .map((role) => (role.roletype === 'ROLESPEC_PUBLIC' ? 'PUBLIC' : String(role.rolename ?? ''))).filter(Boolean);
}

function readGrants(db: ReplayResult): TableGrant[] {
  const positions = new Map<string, number>(db.statements.map((s, i) => [`${s.file}\u0000${s.line}\u0000${s.column}`, i]));
  const created = new Map<Table, number>();
  /** Replay position of the statement that created a table; -1 for tables the environment made. */
  const createdAt = (table: Table): number => {
    let position = created.get(table);
    if (position === undefined) {
      const source = tableFactsOf(db, table.schema, table.name)?.created;
      position = source ? positions.get(`${source.file}\u0000${source.line}\u0000${source.column}`) ?? -1 : -1;
      created.set(table, position);
    }
    return position;
  };
  const out: TableGrant[] = [];
  db.statements.forEach((statement, position) => {
    if (statement.status !== 'applied') return;
    if (statement.nodeType === 'GrantStmt' && statement.ast.is_grant && statement.ast.objtype === 'OBJECT_TABLE') {
      const privileges = privilegesOf(statement.ast.privileges);
      const grantees = granteesOf(statement.ast.grantees);
      if (!privileges.length || !grantees.length) return;
      if (statement.ast.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') {
        const schemas = (statement.ast.objects ?? []).map((o: Record<string, any>) => o.String?.sval).filter(Boolean) as string[];
        out.push({ statement, privileges, grantees, kind: 'grant', covers: (t) => schemas.includes(t.schema) && createdAt(t) < position });
      } else {
        const targets = statement.targets.filter((t) => t.kind === 'table' || t.kind === 'view' || t.kind === 'materialized-view');
        out.push({ statement, privileges, grantees, kind: 'grant', covers: (t) => targets.some((target) => target.name === t.name && (target.schema ?? t.schema) === t.schema) });
      }
    } else if (statement.nodeType === 'AlterDefaultPrivilegesStmt') {
      const action = statement.ast.action ?? {};
      if (!action.is_grant || action.objtype !== 'OBJECT_TABLE') return;
      const privileges = privilegesOf(action.privileges);
      const grantees = granteesOf(action.grantees);
      const schemaOption = (statement.ast.options ?? []).find((o: Record<string, any>) => o.DefElem?.defname === 'schemas');
      const schemas = (schemaOption?.DefElem.arg?.List?.items ?? []).map((i: Record<string, any>) => i.String?.sval) as string[];
      if (!privileges.length || !grantees.length) return;
      out.push({ statement, privileges, grantees, kind: 'default', covers: (t) => (!schemas.length || schemas.includes(t.schema)) && createdAt(t) > position });
    }
  });
  return out;
}
