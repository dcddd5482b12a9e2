/**
 * Who can reach what: the roles that stand for API callers (Supabase's anon and authenticated,
 * PostgREST's web_anon, and PUBLIC), the schemas an API serves, and the privileges a role holds on
 * a relation once PUBLIC grants and role membership are resolved. Grants come from the catalog,
 * so default privileges (Supabase grants anon and authenticated everything in `public`) are
 * already applied.
 */
import type { DbRole } from '../../../../shared/model/model.js';
import type { ReplayResult } from '../../../db/engine.js';
import type { RuleContext } from '../../rule.js';

/** Roles PostgREST-style APIs switch to for requests. */
const API_ROLE_NAMES = ['anon', 'web_anon', 'authenticated', 'api_anon', 'api_user'];
const ANONYMOUS = new Set(['anon', 'web_anon', 'api_anon', 'PUBLIC']);
/** The schemas a Supabase project serves when supabase/config.toml does not say. */
const SUPABASE_API_SCHEMAS = ['public', 'graphql_public'];
const TABLE_COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

export interface Reach {
  role: string;
  /** SELECT, INSERT, UPDATE, DELETE the role holds (directly, through PUBLIC or a role it inherits). */
  privileges: string[];
}

export interface Access {
  supabase: boolean;
  /** Roles standing for API callers that exist in the database, then PUBLIC. */
  apiRoles: string[];
  exposedSchemas: Set<string>;
  /** Where the exposed schemas come from, for messages. */
  exposedBecause: string;
  isAnonymous(role: string): boolean;
  /** Who the roles stand for, in messages: `anyone holding the public anon key`, `every database role`, `every signed-in user`. */
  audience(roles: string[]): string;
  /** Privileges a role holds on a relation, PUBLIC and inherited roles included. */
  privileges(grants: Record<string, string[]> | undefined, role: string): Set<string>;
  /** API roles that can use the relation's schema and hold table privileges on it (only for exposed schemas). */
  reach(relation: { schema: string; grants?: Record<string, string[]> }): Reach[];
}

const cache = new WeakMap<ReplayResult, Access>();

/** The access model of the replayed database (computed once per replay). */
export function accessOf(context: RuleContext, db: ReplayResult): Access {
  let access = cache.get(db);
  if (!access) {
    access = buildAccess(context, db);
    cache.set(db, access);
  }
  return access;
}

function buildAccess(context: RuleContext, db: ReplayResult): Access {
  const supabase = db.supabase.supabase;
  const roles = new Map<string, DbRole>(db.schema.roles.map((role) => [role.name, role]));
  const apiRoles = [...API_ROLE_NAMES.filter((name) => roles.has(name)), 'PUBLIC'];

  const inherited = (role: string): string[] => {
    const out = [role];
    const queue = [role];
    while (queue.length) {
      const current = roles.get(queue.shift()!);
      if (!current?.inherit) continue;
      for (const parent of current.memberOf) {
        if (out.includes(parent)) continue;
        out.push(parent);
        queue.push(parent);
      }
    }
    return out;
  };
  const privileges = (grants: Record<string, string[]> | undefined, role: string): Set<string> => {
    const held = new Set<string>();
    for (const name of [...inherited(role), 'PUBLIC']) for (const privilege of grants?.[name] ?? []) held.add(privilege);
    return held;
  };

  let exposedSchemas: Set<string>;
  let exposedBecause: string;
  const configured = supabase ? supabaseApiSchemas(context, db) : undefined;
  if (configured) {
    exposedSchemas = new Set(configured.schemas);
    exposedBecause = `${configured.file} serves ${[...configured.schemas].join(', ')}`;
  } else if (supabase) {
    exposedSchemas = new Set(SUPABASE_API_SCHEMAS);
    exposedBecause = 'Supabase serves public through its REST and GraphQL APIs';
  } else {
    exposedSchemas = new Set(db.schema.schemas
      .filter((schema) => !schema.system && apiRoles.some((role) => privileges(schema.grants, role).has('USAGE')))
      .map((schema) => schema.name));
    exposedBecause = 'API roles or PUBLIC can use the schema';
  }
  const schemaGrants = new Map(db.schema.schemas.map((schema) => [schema.name, schema.grants]));

  return {
    supabase,
    apiRoles,
    exposedSchemas,
    exposedBecause,
    isAnonymous: (role) => ANONYMOUS.has(role),
    audience(roles) {
      if (roles.some((role) => ANONYMOUS.has(role) && role !== 'PUBLIC')) return supabase ? 'anyone holding the public anon key' : 'every unauthenticated API caller';
      return roles.includes('PUBLIC') ? 'every database role' : 'every signed-in user';
    },
    privileges,
    reach(relation) {
      if (!exposedSchemas.has(relation.schema)) return [];
      const out: Reach[] = [];
      for (const role of apiRoles) {
        if (!privileges(schemaGrants.get(relation.schema), role).has('USAGE')) continue;
        const held = privileges(relation.grants, role);
        const commands = TABLE_COMMANDS.filter((command) => held.has(command));
        if (commands.length) out.push({ role, privileges: commands });
      }
      // PUBLIC's privileges are every role's: name PUBLIC only when no API role is there to name.
      return out.length > 1 ? out.filter((reach) => reach.role !== 'PUBLIC') : out;
    },
  };
}

/** `[api] schemas = [...]` from the project's supabase/config.toml, when it has one. */
function supabaseApiSchemas(context: RuleContext, db: ReplayResult): { file: string; schemas: string[] } | undefined {
  const migration = db.plan.migrations.find((m) => /(^|\/)supabase\/migrations\//.test(m.path));
  const file = migration ? `${migration.path.slice(0, migration.path.indexOf('supabase/migrations/'))}supabase/config.toml` : 'supabase/config.toml';
  const text = context.readText(file);
  if (!text) return undefined;
  const api = /^\s*\[api\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(text);
  const list = api && /^\s*schemas\s*=\s*\[([^\]]*)\]/m.exec(api[1]);
  if (!list) return undefined;
  const schemas = [...list[1].matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => m[1] ?? m[2]);
  return { file, schemas };
}
