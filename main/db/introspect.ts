/**
 * Read the replayed schema back from pg_catalog: schemas, tables, columns, constraints, indexes,
 * RLS, policies, grants, default privileges, views, functions, triggers, extensions, enums,
 * sequences and roles. Objects owned by extensions are left out. Each object gets the file:line
 * of the statement that created it (and last changed it) from the replay's source map.
 */
import type {
  CheckConstraint, Column, DatabaseSchema, DbExtension, DbFunction, DbRole, DbSchemaInfo, DbSequence, DbEnumType,
  DefaultPrivilege, ForeignKey, Index, Policy, SourceLocation, Table, Trigger, UniqueConstraint, View,
} from '../../shared/model/model.js';
import type { PgHost } from './pg-host.js';
import type { SourceMap } from './sources.js';

/** How to read the catalog: where objects came from and what belongs to the environment. */
export interface IntrospectOptions {
  sources: SourceMap;
  /** Schemas whose objects count as `system` unless a migration created them. */
  systemSchemas?: string[];
  /** Roles that belong to the environment, not the project. */
  systemRoles?: string[];
  /** File name used as the source of environment objects without a statement. */
  environmentFile?: string;
  /** Extensions asked for but not available (reported with `available: false`). */
  unavailableExtensions?: Array<{ name: string; source?: SourceLocation }>;
}

const USER_SCHEMA = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'`;
const NOT_EXTENSION_MEMBER = (catalog: string, column: string): string =>
  `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${column} and d.deptype = 'e')`;
const ROLE_NAME = `case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee) end`;

const FK_ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const FK_MATCH: Record<string, string> = { s: 'SIMPLE', f: 'FULL', p: 'PARTIAL' };
const POLICY_COMMANDS: Record<string, Policy['command']> = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE', '*': 'ALL' };
const DEFAULT_ACL_TYPES: Record<string, DefaultPrivilege['objectType']> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' };

type Row = Record<string, any>;

function groupBy<T>(rows: T[], key: (row: T) => string | number): Map<string | number, T[]> {
  const map = new Map<string | number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

function grantsOf(rows: Row[] | undefined): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const row of rows ?? []) (grants[row.grantee] ??= []).push(row.privilege_type);
  for (const list of Object.values(grants)) list.sort();
  return grants;
}

/** Read the whole schema from the catalog. */
export async function introspectSchema(host: PgHost, options: IntrospectOptions): Promise<DatabaseSchema> {
  const systemSchemas = new Set(options.systemSchemas ?? []);
  const environmentFile = options.environmentFile ?? '<environment>';
  const sources = options.sources;
  const q = async (sql: string): Promise<Row[]> => (await host.query(sql)).rows;

  const [
    schemaRows, schemaAclRows, relationRows, columnRows, columnAclRows, constraintRows, indexRows, policyRows, relationAclRows,
    defaultAclRows, functionRows, functionAclRows, triggerRows, extensionRows, enumRows, sequenceRows, roleRows,
  ] = [
    await q(`select n.oid, n.nspname as name, pg_get_userbyid(n.nspowner) as owner from pg_namespace n where ${USER_SCHEMA} order by 2`),
    await q(`select n.oid, ${ROLE_NAME} as grantee, a.privilege_type from pg_namespace n,
      lateral aclexplode(coalesce(n.nspacl, acldefault('n'::"char", n.nspowner))) a where ${USER_SCHEMA}`),
    await q(`select c.oid, n.nspname as schema, c.relname as name, c.relkind as kind, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
        pg_get_userbyid(c.relowner) as owner, obj_description(c.oid, 'pg_class') as comment, coalesce(c.reloptions, '{}') as options,
        case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid, true) end as definition,
        (select pn.nspname || '.' || pc.relname from pg_inherits i join pg_class pc on pc.oid = i.inhparent
           join pg_namespace pn on pn.oid = pc.relnamespace where i.inhrelid = c.oid and c.relispartition limit 1) as partition_of
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'f', 'v', 'm') and ${USER_SCHEMA} and ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}
      order by n.nspname, c.relname`),
    await q(`select a.attrelid as oid, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
        pg_get_expr(d.adbin, d.adrelid) as default, a.attidentity as identity, a.attgenerated as generated,
        col_description(a.attrelid, a.attnum) as comment
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'f', 'v', 'm') and ${USER_SCHEMA}
      order by a.attrelid, a.attnum`),
    await q(`select a.attrelid as oid, a.attname as name, ${ROLE_NAME.replace(/a\.grantee/g, 'g.grantee')} as grantee, g.privilege_type
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace,
        lateral aclexplode(a.attacl) g
      where a.attacl is not null and a.attnum > 0 and not a.attisdropped and ${USER_SCHEMA}`),
    await q(`select con.conrelid as oid, con.conname as name, con.contype as type, pg_get_constraintdef(con.oid, true) as definition,
        con.convalidated as validated, con.condeferrable as deferrable, con.confdeltype as on_delete, con.confupdtype as on_update,
        con.confmatchtype as match_type, pg_get_expr(con.conbin, con.conrelid, true) as check_expr,
        array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
        fn.nspname as ref_schema, fc.relname as ref_table,
        array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as ref_columns,
        coalesce(ix.indnullsnotdistinct, false) as nulls_not_distinct
      from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
        left join pg_class fc on fc.oid = con.confrelid left join pg_namespace fn on fn.oid = fc.relnamespace
        left join pg_index ix on ix.indexrelid = con.conindid
      where con.contype in ('p', 'u', 'f', 'c', 'x') and ${USER_SCHEMA}
      order by con.conrelid, con.conname`),
    await q(`select i.indrelid as oid, n.nspname as schema, c.relname as table, ic.relname as name, i.indisunique as unique, i.indisprimary as primary,
        i.indisvalid as valid, pg_get_indexdef(i.indexrelid) as definition, am.amname as method,
        pg_get_expr(i.indpred, i.indrelid, true) as predicate,
        array(select coalesce(a.attname::text, pg_get_indexdef(i.indexrelid, k.ord::int, true))
          from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
          left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum and k.attnum <> 0
          where k.ord <= i.indnkeyatts order by k.ord) as columns,
        array(select pg_get_indexdef(i.indexrelid, k.ord::int, true) from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
          where k.attnum = 0 and k.ord <= i.indnkeyatts order by k.ord) as expressions,
        con.conname as constraint
      from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace join pg_am am on am.oid = ic.relam
        left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = i.indrelid and con.contype in ('p', 'u', 'x')
      where ${USER_SCHEMA}
      order by i.indrelid, ic.relname`),
    await q(`select p.polrelid as oid, p.polname as name, p.polcmd as cmd, p.polpermissive as permissive,
        array(select case when r = 0 then 'PUBLIC' else pg_get_userbyid(r) end from unnest(p.polroles) r order by 1) as roles,
        pg_get_expr(p.polqual, p.polrelid, true) as using, pg_get_expr(p.polwithcheck, p.polrelid, true) as with_check
      from pg_policy p order by p.polrelid, p.polname`),
    await q(`select c.oid, ${ROLE_NAME} as grantee, a.privilege_type
      from pg_class c join pg_namespace n on n.oid = c.relnamespace,
        lateral aclexplode(coalesce(c.relacl, acldefault(case when c.relkind = 'S' then 's'::"char" else 'r'::"char" end, c.relowner))) a
      where c.relkind in ('r', 'p', 'f', 'v', 'm', 'S') and ${USER_SCHEMA}`),
    await q(`select pg_get_userbyid(d.defaclrole) as role, n.nspname as schema, d.defaclobjtype as type, ${ROLE_NAME} as grantee, a.privilege_type
      from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace, lateral aclexplode(d.defaclacl) a
      order by 1, 2, 3`),
    await q(`select p.oid, n.nspname as schema, p.proname as name, p.prokind as kind,
        pg_get_function_identity_arguments(p.oid) as args, coalesce(pg_get_function_result(p.oid), '') as returns,
        l.lanname as language, p.prosecdef as secdef, p.provolatile as volatility, coalesce(p.proconfig, '{}') as config,
        pg_get_userbyid(p.proowner) as owner, obj_description(p.oid, 'pg_proc') as comment,
        array(select r.rolname::text from pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role')
          and has_function_privilege(r.oid, p.oid, 'EXECUTE') order by 1) as api_execute
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
      where ${USER_SCHEMA} and ${NOT_EXTENSION_MEMBER('pg_proc', 'p.oid')}
      order by n.nspname, p.proname, 5`),
    await q(`select p.oid, ${ROLE_NAME} as grantee, a.privilege_type
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace,
        lateral aclexplode(coalesce(p.proacl, acldefault('f'::"char", p.proowner))) a
      where ${USER_SCHEMA} and ${NOT_EXTENSION_MEMBER('pg_proc', 'p.oid')}`),
    await q(`select n.nspname as schema, c.relname as table, t.tgname as name, pn.nspname || '.' || p.proname as function,
        t.tgtype as type, t.tgenabled as enabled, pg_get_triggerdef(t.oid, true) as definition
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
        join pg_proc p on p.oid = t.tgfoid join pg_namespace pn on pn.oid = p.pronamespace
      where not t.tgisinternal and ${USER_SCHEMA}
      order by 1, 2, 3`),
    await q(`select e.extname as name, e.extversion as version, n.nspname as schema
      from pg_extension e join pg_namespace n on n.oid = e.extnamespace order by 1`),
    await q(`select n.nspname as schema, t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as values
      from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
      where ${USER_SCHEMA} and ${NOT_EXTENSION_MEMBER('pg_type', 't.oid')}
      group by 1, 2 order by 1, 2`),
    await q(`select c.oid, n.nspname as schema, c.relname as name, format_type(s.seqtypid, null) as data_type,
        (select rn.nspname || '.' || rc.relname || '.' || ra.attname from pg_depend d
           join pg_class rc on rc.oid = d.refobjid join pg_namespace rn on rn.oid = rc.relnamespace
           join pg_attribute ra on ra.attrelid = d.refobjid and ra.attnum = d.refobjsubid
         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass
           and d.deptype in ('a', 'i') and d.refobjsubid > 0 limit 1) as owned_by
      from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
      where ${USER_SCHEMA} and ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}
      order by 2, 3`),
    await q(`select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypass_rls, r.rolcanlogin as login, r.rolinherit as inherit,
        array(select b.rolname::text from pg_auth_members m join pg_roles b on b.oid = m.roleid where m.member = r.oid order by 1) as member_of
      from pg_roles r where r.rolname !~ '^pg_' order by 1`),
  ];

  const columnsByRelation = groupBy(columnRows, (r) => r.oid);
  const columnAclByRelation = groupBy(columnAclRows, (r) => r.oid);
  const constraintsByRelation = groupBy(constraintRows, (r) => r.oid);
  const indexesByRelation = groupBy(indexRows, (r) => r.oid);
  const policiesByRelation = groupBy(policyRows, (r) => r.oid);
  const aclByRelation = groupBy(relationAclRows, (r) => r.oid);
  const aclBySchema = groupBy(schemaAclRows, (r) => r.oid);
  const aclByFunction = groupBy(functionAclRows, (r) => r.oid);

  const envSource: SourceLocation = { file: environmentFile, line: 1 };
  const isSystem = (schema: string, created: SourceLocation | undefined): boolean => systemSchemas.has(schema) && !created;

  const columnsOf = (oid: number, schema: string, table: string): Column[] =>
    (columnsByRelation.get(oid) ?? []).map((r) => {
      const column: Column = { name: r.name, type: r.type, nullable: !r.notnull };
      if (r.default !== null) column.default = r.default;
      if (r.identity) {
        column.identity = true;
        column.identityKind = r.identity === 'a' ? 'always' : 'by-default';
      }
      if (r.generated) {
        column.generated = true;
        column.generatedKind = r.generated === 'v' ? 'virtual' : 'stored';
      }
      if (r.comment) column.comment = r.comment;
      const src = sources.get('column', schema, r.name, table);
      const source = src?.created ?? src?.lastChanged;
      if (source) column.source = source;
      return column;
    });

  const indexesOf = (oid: number): Index[] =>
    (indexesByRelation.get(oid) ?? []).map((r) => {
      const index: Index = { name: r.name, columns: r.columns, unique: r.unique, definition: r.definition, method: r.method };
      if (r.primary) index.primary = true;
      if (r.predicate) {
        index.partial = true;
        index.predicate = r.predicate;
      }
      if (r.constraint) index.constraint = r.constraint;
      if (!r.valid) index.valid = false;
      if (r.expressions.length > 0) index.expressions = r.expressions;
      const src = sources.get('index', r.schema, r.name) ?? (r.constraint ? sources.get('constraint', r.schema, r.constraint, r.table) : undefined);
      const source = src?.created;
      if (source) index.source = source;
      return index;
    });

  const tables: Table[] = [];
  const views: View[] = [];
  for (const r of relationRows) {
    const src = sources.get(r.kind === 'v' ? 'view' : r.kind === 'm' ? 'materialized-view' : 'table', r.schema, r.name);
    const system = isSystem(r.schema, src?.created);
    const source = src?.created ?? (system ? envSource : src?.lastChanged ?? { file: '<unknown>', line: 1 });
    const grants = grantsOf(aclByRelation.get(r.oid));
    const columns = columnsOf(r.oid, r.schema, r.name);
    if (r.kind === 'v' || r.kind === 'm') {
      const options = new Map<string, string>((r.options as string[]).map((o) => o.split('=', 2) as [string, string]));
      const view: View = {
        schema: r.schema, name: r.name, materialized: r.kind === 'm', definition: r.definition ?? '',
        securityInvoker: /^(true|on|1|yes)$/i.test(options.get('security_invoker') ?? ''), owner: r.owner, columns, grants, source,
      };
      if (/^(true|on|1|yes)$/i.test(options.get('security_barrier') ?? '')) view.securityBarrier = true;
      if (options.get('check_option')) view.checkOption = options.get('check_option');
      if (r.kind === 'm') view.indexes = indexesOf(r.oid);
      if (system) view.system = true;
      if (r.comment) view.comment = r.comment;
      if (src?.lastChanged) view.lastChanged = src.lastChanged;
      views.push(view);
      continue;
    }
    const table: Table = {
      schema: r.schema, name: r.name, rlsEnabled: r.rls, rlsForced: r.forced, columns, indexes: indexesOf(r.oid), foreignKeys: [],
      policies: [], grants, source, kind: r.kind === 'p' ? 'partitioned-table' : r.kind === 'f' ? 'foreign-table' : 'table', owner: r.owner,
    };
    if (system) table.system = true;
    if (r.comment) table.comment = r.comment;
    if (src?.lastChanged) table.lastChanged = src.lastChanged;
    if (r.partition_of) table.partitionOf = r.partition_of;
    const checks: CheckConstraint[] = [];
    const uniques: UniqueConstraint[] = [];
    for (const c of constraintsByRelation.get(r.oid) ?? []) {
      const csrc = sources.get('constraint', r.schema, c.name, r.name);
      const csource = csrc?.created ?? (c.columns.length === 1 ? sources.get('column', r.schema, c.columns[0], r.name)?.created : undefined);
      if (c.type === 'p') table.primaryKey = c.columns;
      else if (c.type === 'f') {
        const fk: ForeignKey = {
          name: c.name, columns: c.columns, referencedSchema: c.ref_schema, referencedTable: c.ref_table, referencedColumns: c.ref_columns,
          onDelete: FK_ACTIONS[c.on_delete] ?? c.on_delete, onUpdate: FK_ACTIONS[c.on_update] ?? c.on_update,
          validated: c.validated, deferrable: c.deferrable, matchType: FK_MATCH[c.match_type] ?? c.match_type, definition: c.definition,
        };
        if (csource) fk.source = csource;
        table.foreignKeys.push(fk);
      } else if (c.type === 'c') {
        const check: CheckConstraint = { name: c.name, expression: c.check_expr ?? c.definition, validated: c.validated };
        if (csource) check.source = csource;
        checks.push(check);
      } else if (c.type === 'u') {
        const unique: UniqueConstraint = { name: c.name, columns: c.columns };
        if (c.deferrable) unique.deferrable = true;
        if (c.nulls_not_distinct) unique.nullsNotDistinct = true;
        if (csource) unique.source = csource;
        uniques.push(unique);
      }
    }
    if (checks.length) table.checkConstraints = checks;
    if (uniques.length) table.uniqueConstraints = uniques;
    for (const p of policiesByRelation.get(r.oid) ?? []) {
      const policy: Policy = { name: p.name, command: POLICY_COMMANDS[p.cmd] ?? 'ALL', permissive: p.permissive, roles: p.roles };
      if (p.using !== null) policy.using = p.using;
      if (p.with_check !== null) policy.withCheck = p.with_check;
      const psrc = sources.get('policy', r.schema, p.name, r.name);
      const psource = psrc?.created ?? psrc?.lastChanged;
      if (psource) policy.source = psource;
      table.policies!.push(policy);
    }
    const columnAcl = groupBy(columnAclByRelation.get(r.oid) ?? [], (row) => row.name);
    if (columnAcl.size > 0) table.columnGrants = Object.fromEntries([...columnAcl].map(([name, rows]) => [name, grantsOf(rows)]));
    tables.push(table);
  }

  const schemas: DbSchemaInfo[] = schemaRows.map((r) => {
    const src = sources.get('schema', undefined, r.name);
    const info: DbSchemaInfo = { name: r.name, owner: r.owner, grants: grantsOf(aclBySchema.get(r.oid)) };
    if (isSystem(r.name, src?.created)) info.system = true;
    if (src?.created) info.source = src.created;
    return info;
  });

  const functions: DbFunction[] = functionRows.map((r) => {
    const src = sources.get('function', r.schema, r.name);
    const config: string[] = r.config;
    const searchPath = config.find((c) => c.startsWith('search_path='))?.slice('search_path='.length);
    const grants = grantsOf(aclByFunction.get(r.oid));
    const fn: DbFunction = {
      schema: r.schema, name: r.name, kind: ({ f: 'function', p: 'procedure', a: 'aggregate', w: 'window' } as const)[r.kind as 'f'] ?? 'function',
      arguments: r.args, returns: r.returns, language: r.language, securityDefiner: r.secdef,
      volatility: ({ i: 'immutable', s: 'stable', v: 'volatile' } as const)[r.volatility as 'i'] ?? 'volatile',
      config, owner: r.owner, grants, executableBy: [...(grants.PUBLIC?.includes('EXECUTE') ? ['PUBLIC'] : []), ...r.api_execute],
    };
    if (searchPath !== undefined) fn.searchPath = searchPath;
    if (isSystem(r.schema, src?.created)) fn.system = true;
    if (r.comment) fn.comment = r.comment;
    const source = src?.created ?? (fn.system ? envSource : undefined);
    if (source) fn.source = source;
    if (src?.lastChanged) fn.lastChanged = src.lastChanged;
    return fn;
  });

  const triggers: Trigger[] = triggerRows.map((r) => {
    const type = Number(r.type);
    const events = [[4, 'INSERT'], [8, 'DELETE'], [16, 'UPDATE'], [32, 'TRUNCATE']].filter(([bit]) => type & (bit as number)).map(([, e]) => e as string);
    const trigger: Trigger = {
      schema: r.schema, table: r.table, name: r.name, function: r.function,
      timing: type & 64 ? 'INSTEAD OF' : type & 2 ? 'BEFORE' : 'AFTER', events, level: type & 1 ? 'ROW' : 'STATEMENT',
      enabled: r.enabled !== 'D', definition: r.definition,
    };
    const src = sources.get('trigger', r.schema, r.name, r.table);
    if (src?.created) trigger.source = src.created;
    return trigger;
  });

  const extensions: DbExtension[] = extensionRows.map((r) => {
    const src = sources.get('extension', undefined, r.name);
    const extension: DbExtension = { name: r.name, version: r.version, schema: r.schema, available: true };
    if (src?.created) extension.source = src.created;
    else extension.system = true;
    return extension;
  });
  for (const missing of options.unavailableExtensions ?? []) {
    if (!extensions.some((e) => e.name === missing.name)) extensions.push({ name: missing.name, available: false, source: missing.source });
  }

  const enums: DbEnumType[] = enumRows.map((r) => {
    const src = sources.get('type', r.schema, r.name);
    const type: DbEnumType = { schema: r.schema, name: r.name, values: r.values };
    if (isSystem(r.schema, src?.created)) type.system = true;
    if (src?.created) type.source = src.created;
    if (src?.lastChanged) type.lastChanged = src.lastChanged;
    return type;
  });

  const sequences: DbSequence[] = sequenceRows.map((r) => {
    const sequence: DbSequence = { schema: r.schema, name: r.name, dataType: r.data_type, grants: grantsOf(aclByRelation.get(r.oid)) };
    if (r.owned_by) sequence.ownedBy = r.owned_by;
    const src = sources.get('sequence', r.schema, r.name);
    if (src?.created) sequence.source = src.created;
    return sequence;
  });

  const defaultPrivileges: DefaultPrivilege[] = [];
  for (const [, rows] of groupBy(defaultAclRows, (r) => `${r.role}\u0000${r.schema ?? ''}\u0000${r.type}`)) {
    const first = rows[0];
    const privilege: DefaultPrivilege = { role: first.role, objectType: DEFAULT_ACL_TYPES[first.type] ?? first.type, grants: grantsOf(rows) };
    if (first.schema) privilege.schema = first.schema;
    defaultPrivileges.push(privilege);
  }

  const systemRoles = new Set(options.systemRoles ?? []);
  const roles: DbRole[] = roleRows.map((r) => {
    const role: DbRole = { name: r.name, superuser: r.superuser, bypassRls: r.bypass_rls, login: r.login, inherit: r.inherit, memberOf: r.member_of };
    if (systemRoles.has(r.name)) role.system = true;
    return role;
  });

  return { schemas, tables, views, functions, triggers, extensions, enums, sequences, defaultPrivileges, roles, diagnostics: [] };
}
