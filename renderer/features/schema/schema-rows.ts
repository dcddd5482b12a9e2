import type { SchemaInfo } from '../../../shared/contract/index.js';
import type {
  Column, DbEnumType, DbExtension, DbFunction, DbSchemaInfo, DbSequence, ForeignKey, Index, Policy, SourceLocation, Table, Trigger, View,
} from '../../../shared/model/model.js';

export type SchemaSection = 'problems' | 'migrations' | 'schemas' | 'extensions';
export type ObjectGroup = 'tables' | 'views' | 'functions' | 'enums' | 'sequences';
export type TableGroup = 'indexes' | 'foreign-keys' | 'policies' | 'grants' | 'triggers';

export const SECTION_LABELS: Record<SchemaSection, string> = { problems: 'Replay problems', migrations: 'Migrations', schemas: 'Schemas', extensions: 'Extensions' };
export const GROUP_LABELS: Record<ObjectGroup | TableGroup, string> = {
  tables: 'Tables', views: 'Views', functions: 'Functions', enums: 'Enum types', sequences: 'Sequences',
  indexes: 'Indexes', 'foreign-keys': 'Foreign keys', policies: 'Policies', grants: 'Grants', triggers: 'Triggers',
};

/** A row of the Schema view, before it is rendered. */
export type SchemaRow =
  | { type: 'section'; id: string; level: number; section: SchemaSection; shown: number; total: number; expanded: boolean; detail?: string }
  | { type: 'problem'; id: string; level: number; severity: 'error' | 'warning' | 'info'; title: string; message?: string; code?: string; location?: SourceLocation }
  | { type: 'plan'; id: string; level: number; scheme: string; reason: string }
  | { type: 'migration'; id: string; level: number; index: number; path: string; version?: string; repeatable?: boolean }
  | { type: 'excluded-group'; id: string; level: number; shown: number; expanded: boolean }
  | { type: 'excluded'; id: string; level: number; path: string; reason: string; kind?: string }
  | { type: 'override'; id: string; level: number }
  | { type: 'schema'; id: string; level: number; schema: DbSchemaInfo; exposed: boolean; tables: number; expanded: boolean }
  | { type: 'group'; id: string; level: number; group: ObjectGroup | TableGroup; shown: number; total: number; expanded: boolean; detail?: string }
  | { type: 'table'; id: string; level: number; table: Table; exposed: boolean; expanded: boolean }
  | { type: 'column'; id: string; level: number; column: Column; table: Table; primaryKey: boolean; foreignKey?: ForeignKey }
  | { type: 'index'; id: string; level: number; index: Index; table: Table }
  | { type: 'foreign-key'; id: string; level: number; foreignKey: ForeignKey; table: Table }
  | { type: 'policy'; id: string; level: number; policy: Policy; table: Table }
  | { type: 'grant'; id: string; level: number; role: string; privileges: string[]; table: Table }
  | { type: 'trigger'; id: string; level: number; trigger: Trigger }
  | { type: 'note'; id: string; level: number; text: string; tone: 'info' | 'warning' }
  | { type: 'view'; id: string; level: number; view: View }
  | { type: 'function'; id: string; level: number; fn: DbFunction }
  | { type: 'enum'; id: string; level: number; enumType: DbEnumType }
  | { type: 'sequence'; id: string; level: number; sequence: DbSequence }
  | { type: 'extension'; id: string; level: number; extension: DbExtension };

export interface SchemaRowOptions {
  filter: string;
  /** Ids the user folded or unfolded (each kind of node has its own default). */
  toggled: ReadonlySet<string>;
  /** Show what the environment created (the Supabase prelude's auth / storage schemas, built-in extensions). */
  showSystem: boolean;
}

/** Sections and groups this long start folded, so a big project's tables stay in view. */
const FOLD_MIGRATIONS_ABOVE = 20;
const FOLD_GROUP_ABOVE = 12;

/** Roles through which Supabase (PostgREST) serves a schema to API callers (PUBLIC has USAGE on `public` everywhere: not a sign). */
const API_ROLES = ['anon', 'authenticated'];

/**
 * Schemas whose tables API clients may reach: in a Supabase project `public` (PostgREST serves it) and any
 * schema granting USAGE to the API roles. A plain backend's `public` is reached only through its own code,
 * so its tables without RLS are not flagged (that would be every table of every Rails or Django app).
 */
export function exposedSchemas(info: SchemaInfo): Set<string> {
  const exposed = new Set(info.supabase.supabase ? ['public'] : []);
  for (const schema of info.schema.schemas) {
    if (schema.system) continue;
    if (Object.entries(schema.grants ?? {}).some(([role, privileges]) => API_ROLES.includes(role) && privileges.includes('USAGE'))) exposed.add(schema.name);
  }
  return exposed;
}

/** How a table's row-level security reads: forced, enabled, or off. */
export function rlsState(table: Table): 'forced' | 'enabled' | 'off' {
  if (!table.rlsEnabled) return 'off';
  return table.rlsForced ? 'forced' : 'enabled';
}

const qualified = (schema: string, name: string) => `${schema}.${name}`;

function isExpanded(id: string, toggled: ReadonlySet<string>, byDefault: boolean): boolean {
  return toggled.has(id) ? !byDefault : byDefault;
}

function filterTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function matcher(terms: string[]) {
  return (...texts: Array<string | number | undefined | null>) => {
    if (!terms.length) return true;
    const haystack = texts.filter((t) => t !== undefined && t !== null).join(' ').toLowerCase();
    return terms.every((term) => haystack.includes(term));
  };
}

/**
 * The missing objects the Problems section lists. An unavailable extension is already a warning among the
 * diagnostics, at the same line: listed once. What is missing because of it is PGlite's limit, not a mistake in the
 * migrations, so those rows are warnings.
 */
export function listedMissing(info: Pick<SchemaInfo, 'missing'>): SchemaInfo['missing'] {
  return info.missing.filter((m) => m.kind !== 'extension');
}

const bySchemaThenName = <T extends { schema: string; name: string }>(a: T, b: T) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name);

/** Flatten the replayed database into the rows the Schema view shows, honouring the filter and what is folded. */
export function schemaRows(info: SchemaInfo, options: SchemaRowOptions): SchemaRow[] {
  const terms = filterTerms(options.filter);
  const filtering = terms.length > 0;
  const matches = matcher(terms);
  const { toggled, showSystem } = options;
  const open = (id: string, byDefault: boolean) => filtering || isExpanded(id, toggled, byDefault);
  const rows: SchemaRow[] = [];
  const { schema: db, plan } = info;

  // Problems first: what failed during the replay is what the rest of the view is missing.
  type Problem = Omit<Extract<SchemaRow, { type: 'problem' }>, 'id' | 'level' | 'type'>;
  const missing = listedMissing(info);
  const problems = [
    ...missing.map((m): Problem => ({
      severity: m.extension ? 'warning' as const : 'error' as const,
      title: `${m.kind} ${m.schema ? qualified(m.schema, m.name) : m.name} is missing`,
      message: m.extension && !m.message.includes(m.extension) ? `${m.message} (extension ${m.extension})` : m.message,
      location: { file: m.file, line: m.line },
    })),
    ...[...plan.diagnostics, ...db.diagnostics].map((d): Problem => ({
      severity: d.severity,
      title: d.message,
      code: d.code,
      location: { file: d.file, line: d.line, column: d.column },
    })),
  ].filter((p) => matches(p.title, p.message, p.code, p.location?.file));
  const problemTotal = missing.length + plan.diagnostics.length + db.diagnostics.length;
  if (problemTotal > 0) {
    const id = 'section:problems';
    const expanded = isExpanded(id, toggled, true);
    rows.push({ type: 'section', id, level: 1, section: 'problems', shown: problems.length, total: problemTotal, expanded });
    if (expanded) problems.forEach((problem, index) => rows.push({ type: 'problem', id: `problem:${index}`, level: 2, ...problem }));
  }

  // The migration order: how the files were found and ordered, and what was left out.
  {
    const id = 'section:migrations';
    const migrations = plan.migrations.map((m, index) => ({ ...m, index: index + 1 })).filter((m) => matches(m.path, m.version));
    const excluded = plan.excluded.filter((e) => matches(e.path, e.reason, e.kind));
    const expanded = isExpanded(id, toggled, plan.migrations.length <= FOLD_MIGRATIONS_ABOVE) || (filtering && (migrations.length + excluded.length) > 0);
    rows.push({ type: 'section', id, level: 1, section: 'migrations', shown: migrations.length, total: plan.migrations.length, expanded, detail: plan.scheme });
    if (expanded) {
      rows.push({ type: 'plan', id: 'plan', level: 2, scheme: plan.scheme, reason: plan.reason });
      for (const m of migrations) rows.push({ type: 'migration', id: `migration:${m.path}`, level: 2, index: m.index, path: m.path, version: m.version, repeatable: m.repeatable });
      if (plan.excluded.length) {
        const groupId = 'excluded';
        const groupOpen = isExpanded(groupId, toggled, false) || (filtering && excluded.length > 0);
        rows.push({ type: 'excluded-group', id: groupId, level: 2, shown: excluded.length, expanded: groupOpen });
        if (groupOpen) for (const e of excluded) rows.push({ type: 'excluded', id: `excluded:${e.path}`, level: 3, path: e.path, reason: e.reason, kind: e.kind });
      }
      rows.push({ type: 'override', id: 'override', level: 2 });
    }
  }

  // Schemas and what lives in them.
  const exposed = exposedSchemas(info);
  const schemas = db.schemas.filter((s) => showSystem || !s.system).sort((a, b) => (a.name === 'public' ? -1 : b.name === 'public' ? 1 : a.name.localeCompare(b.name)));
  const visible = <T extends { system?: boolean }>(list: T[]) => (showSystem ? list : list.filter((o) => !o.system));
  const schemaRowsStart = rows.length;
  rows.push({ type: 'section', id: 'section:schemas', level: 1, section: 'schemas', shown: 0, total: schemas.length, expanded: true });
  const schemasOpen = isExpanded('section:schemas', toggled, true);
  let shownSchemas = 0;
  for (const schema of schemas) {
    const own = (list: Array<{ schema: string }>) => list.filter((o) => o.schema === schema.name);
    const schemaMatches = matches(schema.name);
    // A schema's own name matching shows everything in it; otherwise each object must match.
    const pick = <T>(list: T[], test: (item: T) => boolean) => (schemaMatches ? list : list.filter(test));
    const tables = visible(own(db.tables) as Table[]).sort(bySchemaThenName);
    const triggersOf = (table: Table) => db.triggers.filter((t) => t.schema === table.schema && t.table === table.name);
    const tableHits = tables.flatMap((table) => {
      const children = tableChildren(table, triggersOf(table), terms);
      const self = matches(table.name, qualified(table.schema, table.name), table.kind);
      return schemaMatches || self || children.any ? [{ table, children, self: schemaMatches || self }] : [];
    });
    const views = pick(visible(own(db.views) as View[]).sort(bySchemaThenName), (v) => matches(v.name, qualified(v.schema, v.name), v.materialized ? 'materialized' : 'view'));
    const functions = pick(visible(own(db.functions) as DbFunction[]).sort(bySchemaThenName), (f) => matches(f.name, qualified(f.schema, f.name), f.kind, f.language, f.securityDefiner ? 'security definer' : undefined));
    const enums = pick(visible(own(db.enums) as DbEnumType[]).sort(bySchemaThenName), (e) => matches(e.name, qualified(e.schema, e.name), ...e.values));
    const sequences = pick(own(db.sequences) as DbSequence[], (s) => matches(s.name, qualified(s.schema, s.name), s.ownedBy)).sort(bySchemaThenName);
    const shown = tableHits.length + views.length + functions.length + enums.length + sequences.length;
    if (filtering && !schemaMatches && shown === 0) continue;
    shownSchemas++;
    if (!schemasOpen) continue;
    const schemaId = `schema:${schema.name}`;
    const schemaOpen = open(schemaId, !schema.system);
    rows.push({ type: 'schema', id: schemaId, level: 2, schema, exposed: exposed.has(schema.name), tables: tableHits.length, expanded: schemaOpen });
    if (!schemaOpen) continue;

    const totalOf = (list: Array<{ schema: string; system?: boolean }>) => visible(own(list) as Array<{ schema: string; system?: boolean }>).length;
    const group = (name: ObjectGroup, count: number, total: number, openByDefault: boolean, detail?: string) => {
      if (!count && (filtering || !total)) return false;
      const id = `${schemaId}:${name}`;
      const groupOpen = count > 0 && open(id, openByDefault);
      rows.push({ type: 'group', id, level: 3, group: name, shown: count, total, expanded: groupOpen, detail });
      return groupOpen;
    };

    if (group('tables', tableHits.length, totalOf(db.tables), true)) {
      for (const { table, children, self } of tableHits) {
        const id = `table:${qualified(table.schema, table.name)}`;
        // Filtering by a column or policy unfolds the table to show what matched (as the Model view unfolds its groups).
        const tableOpen = (filtering && children.any && !self) || isExpanded(id, toggled, false);
        rows.push({ type: 'table', id, level: 4, table, exposed: exposed.has(table.schema), expanded: tableOpen });
        if (tableOpen) pushTableChildren(rows, table, id, self ? tableChildren(table, triggersOf(table), []) : children, toggled, filtering && !self);
      }
    }
    if (group('views', views.length, totalOf(db.views), views.length <= FOLD_GROUP_ABOVE)) {
      for (const view of views) rows.push({ type: 'view', id: `view:${qualified(view.schema, view.name)}`, level: 4, view });
    }
    const definers = functions.filter((f) => f.securityDefiner).length;
    if (group('functions', functions.length, totalOf(db.functions), functions.length <= FOLD_GROUP_ABOVE, definers ? `${definers} security definer` : undefined)) {
      for (const fn of functions) rows.push({ type: 'function', id: `function:${qualified(fn.schema, fn.name)}(${fn.arguments})`, level: 4, fn });
    }
    if (group('enums', enums.length, totalOf(db.enums), enums.length <= FOLD_GROUP_ABOVE)) {
      for (const enumType of enums) rows.push({ type: 'enum', id: `enum:${qualified(enumType.schema, enumType.name)}`, level: 4, enumType });
    }
    // Sequences are mostly the serial columns' own: folded unless asked for.
    if (group('sequences', sequences.length, own(db.sequences).length, false)) {
      for (const sequence of sequences) rows.push({ type: 'sequence', id: `sequence:${qualified(sequence.schema, sequence.name)}`, level: 4, sequence });
    }
  }
  rows[schemaRowsStart] = { type: 'section', id: 'section:schemas', level: 1, section: 'schemas', shown: shownSchemas, total: schemas.length, expanded: schemasOpen };

  // Extensions.
  const allExtensions = visible(db.extensions);
  const extensions = allExtensions.filter((e) => matches(e.name, e.schema, e.available ? undefined : 'unavailable')).sort((a, b) => a.name.localeCompare(b.name));
  if (allExtensions.length) {
    const id = 'section:extensions';
    const expanded = extensions.length > 0 && open(id, true);
    rows.push({ type: 'section', id, level: 1, section: 'extensions', shown: extensions.length, total: allExtensions.length, expanded });
    if (expanded) for (const extension of extensions) rows.push({ type: 'extension', id: `extension:${extension.name}`, level: 2, extension });
  }
  return rows;
}

/** What of a table matches the filter (everything when there is none). */
interface TableChildren {
  any: boolean;
  columns: Column[];
  indexes: Index[];
  foreignKeys: ForeignKey[];
  policies: Policy[];
  grants: Array<[string, string[]]>;
  triggers: Trigger[];
}

function tableChildren(table: Table, triggers: Trigger[], terms: string[]): TableChildren {
  const matches = matcher(terms);
  const columns = table.columns.filter((c) => matches(c.name, c.type));
  const indexes = table.indexes.filter((i) => matches(i.name, ...i.columns, i.unique ? 'unique' : undefined));
  const foreignKeys = table.foreignKeys.filter((f) => matches(f.name, ...f.columns, f.referencedTable, qualified(f.referencedSchema, f.referencedTable)));
  const policies = (table.policies ?? []).filter((p) => matches(p.name, p.command, ...p.roles, p.using, p.withCheck));
  const grants = Object.entries(table.grants ?? {}).filter(([role, privileges]) => matches(role, ...privileges)).sort((a, b) => a[0].localeCompare(b[0]));
  const matchingTriggers = triggers.filter((t) => matches(t.name, t.function, t.timing, ...t.events));
  const any = terms.length > 0 && (columns.length + indexes.length + foreignKeys.length + policies.length + grants.length + matchingTriggers.length) > 0;
  return { any, columns, indexes, foreignKeys, policies, grants, triggers: matchingTriggers };
}

/** A table's children: its columns, then indexes, foreign keys, policies, triggers and grants, each folded as a group. */
function pushTableChildren(rows: SchemaRow[], table: Table, tableId: string, children: TableChildren, toggled: ReadonlySet<string>, filtering: boolean): void {
  const level = 5;
  const primaryKey = new Set(table.primaryKey ?? []);
  const foreignKeyOf = new Map<string, ForeignKey>();
  for (const fk of table.foreignKeys) for (const column of fk.columns) if (!foreignKeyOf.has(column)) foreignKeyOf.set(column, fk);
  for (const column of children.columns) {
    rows.push({ type: 'column', id: `${tableId}:column:${column.name}`, level, column, table, primaryKey: primaryKey.has(column.name), foreignKey: foreignKeyOf.get(column.name) });
  }
  const group = (name: TableGroup, count: number, openByDefault: boolean, detail?: string) => {
    const id = `${tableId}:${name}`;
    const groupOpen = count > 0 && (filtering || isExpanded(id, toggled, openByDefault));
    rows.push({ type: 'group', id, level, group: name, shown: count, total: count, expanded: groupOpen, detail });
    return groupOpen;
  };
  // Primary keys are marked on the columns: the index list holds the others first.
  const indexes = [...children.indexes].sort((a, b) => Number(!!a.primary) - Number(!!b.primary) || a.name.localeCompare(b.name));
  if (indexes.length && group('indexes', indexes.length, true)) {
    for (const index of indexes) rows.push({ type: 'index', id: `${tableId}:index:${index.name}`, level: level + 1, index, table });
  }
  if (children.foreignKeys.length && group('foreign-keys', children.foreignKeys.length, true)) {
    for (const foreignKey of children.foreignKeys) rows.push({ type: 'foreign-key', id: `${tableId}:fk:${foreignKey.name}`, level: level + 1, foreignKey, table });
  }
  if (children.policies.length && group('policies', children.policies.length, true)) {
    for (const policy of children.policies) rows.push({ type: 'policy', id: `${tableId}:policy:${policy.name}`, level: level + 1, policy, table });
  } else if (!children.policies.length && table.rlsEnabled && !filtering) {
    rows.push({ type: 'note', id: `${tableId}:policies:none`, level, tone: 'warning', text: 'No policies: RLS hides every row from roles that do not bypass it' });
  }
  if (children.triggers.length && group('triggers', children.triggers.length, true)) {
    for (const trigger of children.triggers) rows.push({ type: 'trigger', id: `${tableId}:trigger:${trigger.name}`, level: level + 1, trigger });
  }
  if (children.grants.length && group('grants', children.grants.length, false, children.grants.map(([role]) => role).join(', '))) {
    for (const [role, privileges] of children.grants) rows.push({ type: 'grant', id: `${tableId}:grant:${role}`, level: level + 1, role, privileges, table });
  }
}
