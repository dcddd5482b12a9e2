/**
 * Objects that run with someone else's rights or sit outside RLS: SECURITY DEFINER functions
 * without a fixed search_path or callable by the API roles, views that run as their owner,
 * auth.users exposed through a view, materialized views and foreign tables the API serves, and
 * extensions installed into the public schema.
 */
import type { DbFunction, View } from '../../../../shared/model/model.js';
import type { ReplayResult } from '../../../db/engine.js';
import type { Rule, RuleHit } from '../../rule.js';
import { accessOf } from './access.js';
import { DOCS } from './docs.js';
import { databaseOf, findTable, isProjectObject, listOf, locationOf, relationElement, relationLabel } from './support.js';

function functionElement(fn: DbFunction): string {
  return `${fn.schema}.${fn.name}(${fn.arguments})`;
}

function functionLabel(fn: DbFunction): string {
  return `${fn.schema === 'public' ? '' : `${fn.schema}.`}${fn.name}(${fn.arguments})`;
}

function projectFunctions(db: ReplayResult): DbFunction[] {
  return db.schema.functions.filter((fn) => isProjectObject(fn));
}

function projectViews(db: ReplayResult): View[] {
  return db.schema.views.filter((view) => isProjectObject(view));
}

export const functionSearchPathMutable: Rule = {
  id: 'db.function-search-path-mutable',
  title: 'SECURITY DEFINER function without a fixed search_path',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 426,
  rationale: 'A SECURITY DEFINER function runs with its owner\'s privileges but resolves unqualified names (tables, functions, operators) '
    + 'through the caller\'s search_path. A caller who can create objects in any schema on that path can substitute their own function '
    + 'or table and have it run as the owner, often a superuser.',
  remediation: 'Pin the path on the function: `ALTER FUNCTION f(...) SET search_path = \'\'` (and schema-qualify every name in the body), or '
    + '`SET search_path = pg_catalog, public` with only trusted schemas.',
  references: [DOCS.securityDefiner, DOCS.lint('0011_function_search_path_mutable')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return projectFunctions(db).filter((fn) => fn.securityDefiner && fn.searchPath === undefined).map((fn): RuleHit => ({
      message: `SECURITY DEFINER function ${functionLabel(fn)} runs as ${fn.owner} but resolves names through the caller's search_path: `
        + 'whoever can create objects on that path can make it run their code with its owner\'s rights. Add SET search_path = \'\'.',
      location: locationOf(fn.source),
      element: functionElement(fn),
    }));
  },
};

export const secdefFunctionExecutable: Rule = {
  id: 'db.secdef-function-executable',
  title: 'SECURITY DEFINER function callable by API roles',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 250,
  owaspApi: 'API5:2023',
  rationale: 'PostgreSQL grants EXECUTE on new functions to PUBLIC, and Supabase grants it to anon and authenticated. A SECURITY DEFINER function '
    + 'in a schema the API serves is then callable through /rest/v1/rpc by those roles and runs with its owner\'s privileges, bypassing '
    + 'RLS; whatever checks it does not make itself, nobody makes.',
  remediation: 'Revoke EXECUTE from PUBLIC and anon (`REVOKE EXECUTE ON FUNCTION f(...) FROM PUBLIC, anon`) and grant it only to the roles '
    + 'that need it; move internal helpers to a schema the API does not serve; make it SECURITY INVOKER when it does not need the '
    + 'owner\'s rights.',
  references: [DOCS.securityDefiner, DOCS.lint('0028_anon_security_definer_function_executable'), DOCS.lint('0029_authenticated_security_definer_function_executable')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const hits: RuleHit[] = [];
    for (const fn of projectFunctions(db)) {
      if (!fn.securityDefiner || fn.returns === 'trigger' || fn.returns === 'event_trigger' || !access.exposedSchemas.has(fn.schema)) continue;
      const callers = fn.executableBy.filter((role) => access.apiRoles.includes(role));
      if (!callers.length) continue;
      const anonymous = callers.filter((role) => access.isAnonymous(role));
      hits.push({
        message: `SECURITY DEFINER function ${functionLabel(fn)} runs as ${fn.owner} and ${listOf(callers)} can call it${access.supabase ? ' through /rest/v1/rpc' : ''}: `
          + (anonymous.length ? 'anyone, signed in or not, runs it with its owner\'s rights.' : 'every signed-in user runs it with its owner\'s rights; make sure it checks who calls.'),
        location: locationOf(fn.source),
        element: functionElement(fn),
        ...(anonymous.length ? {} : { severity: 'low' as const }),
      });
    }
    return hits;
  },
};

/** Tables and views a view definition reads (`FROM schema.name`, `JOIN name`). */
function relationsRead(definition: string): Array<{ schema: string; name: string }> {
  const found = new Map<string, { schema: string; name: string }>();
  for (const match of definition.matchAll(/\b(?:from|join)\s+(?:"?(\w+)"?\.)?"?(\w+)"?/gi)) {
    const relation = { schema: match[1] ?? 'public', name: match[2] };
    found.set(`${relation.schema}.${relation.name}`, relation);
  }
  return [...found.values()];
}

export const securityDefinerView: Rule = {
  id: 'db.security-definer-view',
  title: 'View the API roles can read runs with its owner\'s rights',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 285,
  owaspApi: 'API1:2023',
  rationale: 'A view without security_invoker reads its tables with the privileges of its owner (usually postgres, who bypasses RLS), not of '
    + 'the caller. Exposed to anon or authenticated, it returns rows their own policies would hide.',
  remediation: 'Create the view `WITH (security_invoker = true)` (PostgreSQL 15+) so the caller\'s privileges and RLS apply, or revoke the API '
    + 'roles\' SELECT on it.',
  references: [DOCS.createView, DOCS.lint('0010_security_definer_view')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const hits: RuleHit[] = [];
    for (const view of projectViews(db)) {
      if (view.materialized || view.securityInvoker) continue;
      const readers = access.reach(view).filter((r) => r.privileges.includes('SELECT')).map((r) => r.role);
      if (!readers.length) continue;
      const protectedTables = relationsRead(view.definition).map((r) => findTable(db, r.schema, r.name)).filter((t) => t?.rlsEnabled).map((t) => relationLabel(t!));
      hits.push({
        message: `View ${relationLabel(view)} runs as its owner ${view.owner} and ${listOf(readers)} can read it`
          + (protectedTables.length ? `: it returns rows of ${listOf(protectedTables)} that their RLS policies would hide.` : ', so the tables it reads are read with the owner\'s rights.')
          + ' Use WITH (security_invoker = true).',
        location: locationOf(view.source),
        element: relationElement(view),
      });
    }
    return hits;
  },
};

export const authUsersExposed: Rule = {
  id: 'db.auth-users-exposed',
  title: 'auth.users exposed through a view the API serves',
  category: 'security',
  severity: 'critical',
  stride: 'I',
  cwe: 200,
  owaspApi: 'API3:2023',
  rationale: 'auth.users holds every user\'s email, phone, metadata and sign-in history and is deliberately not granted to the API roles. A view '
    + 'or materialized view over it in an API schema, readable by anon or authenticated and running with its owner\'s rights, hands '
    + 'that table to anyone who calls the API.',
  remediation: 'Drop the view, or keep it in a schema the API does not serve; expose only the columns the application needs through a '
    + 'security_invoker view over a profile table with its own policies.',
  references: [DOCS.lint('0002_auth_users_exposed'), DOCS.supabaseUserManagement],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const hits: RuleHit[] = [];
    for (const view of projectViews(db)) {
      if (!/\bauth\.users\b/.test(view.definition) || (!view.materialized && view.securityInvoker)) continue;
      const readers = access.reach(view).filter((r) => r.privileges.includes('SELECT')).map((r) => r.role);
      if (!readers.length) continue;
      hits.push({
        message: `${view.materialized ? 'Materialized view' : 'View'} ${relationLabel(view)} reads auth.users and ${listOf(readers)} can query it through the API: `
          + 'user emails, phones and metadata leave the auth schema.',
        location: locationOf(view.source),
        element: relationElement(view),
      });
    }
    return hits;
  },
};

export const matviewOrForeignTableExposed: Rule = {
  id: 'db.matview-or-foreign-table-exposed',
  title: 'Materialized view or foreign table served to API roles',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 284,
  owaspApi: 'API3:2023',
  rationale: 'Row-level security does not apply to materialized views and foreign tables. In a schema the API serves, with SELECT granted to anon '
    + 'or authenticated (Supabase\'s default), every row they hold is readable by those roles, whatever the policies of the tables they '
    + 'were built from say.',
  remediation: 'Move them to a schema the API does not serve and expose what is needed through a function or a security_invoker view, or '
    + 'revoke SELECT from the API roles.',
  references: [DOCS.materializedViews, DOCS.lint('0016_materialized_view_in_api'), DOCS.lint('0017_foreign_table_in_api')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const relations = [
      ...projectViews(db).filter((view) => view.materialized).map((view) => ({ relation: view, what: 'Materialized view' })),
      ...db.tables.filter((table) => table.kind === 'foreign-table' && isProjectObject(table)).map((table) => ({ relation: table, what: 'Foreign table' })),
    ];
    const hits: RuleHit[] = [];
    for (const { relation, what } of relations) {
      const readers = access.reach(relation).filter((r) => r.privileges.includes('SELECT')).map((r) => r.role);
      if (!readers.length) continue;
      hits.push({
        message: `${what} ${relationLabel(relation)} is readable by ${listOf(readers)} through the API and row-level security does not apply to it: every row it holds is served.`,
        location: locationOf(relation.source),
        element: relationElement(relation),
      });
    }
    return hits;
  },
};

export const extensionInPublic: Rule = {
  id: 'db.extension-in-public',
  title: 'Extension installed in the public schema',
  category: 'security',
  severity: 'low',
  stride: 'E',
  cwe: 668,
  rationale: 'An extension created without WITH SCHEMA lands in public, the schema every role uses and APIs serve: its functions become callable '
    + 'through the API and part of every search_path, its objects mix with the application\'s, and relocating it later means dropping '
    + 'and recreating whatever depends on it.',
  remediation: 'Install extensions into a dedicated schema: `CREATE EXTENSION pg_trgm WITH SCHEMA extensions` (move an existing one with '
    + '`ALTER EXTENSION ... SET SCHEMA extensions` when it is relocatable).',
  references: [DOCS.createExtension, DOCS.lint('0014_extension_in_public')],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return db.schema.extensions.filter((extension) => extension.schema === 'public' && !extension.system && extension.source).map((extension): RuleHit => ({
      message: `Extension ${extension.name} is installed in the public schema: its functions sit in every search_path and are served by APIs over public. `
        + 'Use WITH SCHEMA extensions.',
      location: locationOf(extension.source),
      element: `extension:${extension.name}`,
    }));
  },
};
