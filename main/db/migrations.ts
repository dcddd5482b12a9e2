/**
 * Find and order the SQL migrations of a project. The input is the relative paths of the SQL
 * artifacts; the output is one ordered set of migrations (the one Archbench replays), the
 * ordering scheme with the reason it was chosen, and every other SQL file with the reason it is
 * not replayed. Conservative on purpose: a file is only a migration when its name or folder says so.
 */
import type { Diagnostic } from '../../shared/model/model.js';

/** How a set of migrations is named and ordered. */
export type MigrationScheme = 'explicit' | 'sqitch' | 'supabase' | 'prisma' | 'diesel' | 'hasura' | 'flyway' | 'timestamp' | 'numbered' | 'initdb' | 'folder' | 'dump';

/** One migration in replay order. */
export interface OrderedMigration {
  path: string;
  scheme: MigrationScheme;
  /** Version as the scheme reads it (`20240414161707`, `1.1`, Prisma folder name); absent for repeatables and dumps. */
  version?: string;
  /** Flyway `R__` scripts run after the versioned ones. */
  repeatable?: boolean;
}

/** Why a SQL file is not replayed. */
export type ExclusionKind = 'view-definition' | 'seed' | 'test' | 'down' | 'other-set' | 'superseded-dump' | 'baseline-covered' | 'not-listed' | 'not-a-migration';

/** A SQL file that is not replayed, with the reason. */
export interface ExcludedSqlFile {
  path: string;
  kind: ExclusionKind;
  reason: string;
}

/** The migrations to replay, in order, and everything left out. */
export interface MigrationPlan {
  /** Scheme of the replayed set, or `none` when no SQL file looks like a migration. */
  scheme: MigrationScheme | 'none';
  /** Why this set and this order. */
  reason: string;
  migrations: OrderedMigration[];
  excluded: ExcludedSqlFile[];
  diagnostics: Diagnostic[];
}

/** Options of orderMigrations. */
export interface OrderMigrationsOptions {
  /** Explicit order from archbench.yaml: these files, in this order, are the migrations. */
  order?: string[];
  /** Sqitch plans (`sqitch.plan`) of the project: each orders the `deploy/` scripts beside it. */
  plans?: Array<{ path: string; text: string }>;
}

interface Candidate {
  path: string;
  scheme: MigrationScheme;
  group: string;
  sortKey: Array<bigint | string>;
  version?: string;
  repeatable?: boolean;
}

const FLYWAY = /^([VUB])(\d+(?:[._]\d+)*)__(.+)\.sql$/i;
const FLYWAY_REPEATABLE = /^R__(.+)\.sql$/i;
const TIMESTAMP = /^(\d{8,17})[_-](.+)\.sql$/;
const NUMBERED = /^(\d{1,7})[_.-](.+)\.sql$/;
const DUMP_NAMES = /^(structure|schema|dump|db_dump|database)\.sql$/i;
const DOWN = /(^|[._-])down\.sql$/i;
/** Diesel: `2024-05-01-120000_create_users/` (or `00000000000000_diesel_initial_setup/`) holding up.sql and down.sql. */
const DIESEL_FOLDER = /^(\d{4}-\d{2}-\d{2}-\d{6}|\d{14})_.+$/;
/** Hasura: `migrations/<database>/1615892734432_create_users/` (a millisecond timestamp) holding up.sql and down.sql. */
const HASURA_FOLDER = /^(\d{13})_.+$/;
const MIGRATION_FOLDER = /(^|\/)(migrations?|migrate|db\/migrate|sql\/migrations?)$/i;

function dirname(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function compareKeys(a: Array<bigint | string>, b: Array<bigint | string>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'bigint' && typeof y === 'bigint') {
      if (x !== y) return x < y ? -1 : 1;
    } else {
      const c = String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      if (c !== 0) return c;
    }
  }
  return 0;
}

function versionKey(version: string): bigint[] {
  return version.split(/[._]/).map((part) => BigInt(part));
}

/** Classify SQL files that are clearly not migrations, or undefined. */
function notAMigration(path: string): ExcludedSqlFile | undefined {
  const lower = path.toLowerCase();
  const name = basename(lower);
  if (/(^|\/)db\/(views|functions|triggers)\/[^/]+_v\d+\.sql$/.test(lower)) {
    return { path, kind: 'view-definition', reason: 'Versioned definition for Rails scenic/fx: a Ruby migration applies it, and db/structure.sql already holds the result' };
  }
  if (/(^|\/)(test|tests|spec|specs|__tests__)\//.test(lower) || /(_test|\.test|_spec)\.sql$/.test(name)) {
    return { path, kind: 'test', reason: 'Test script (pgTAP or fixtures), not part of the schema' };
  }
  if (/(^|[._-])seeds?(\.|_|-|$)/.test(name) || /(^|\/)seeds?\//.test(lower)) {
    return { path, kind: 'seed', reason: 'Seed data, loaded after the schema; not replayed' };
  }
  if (DOWN.test(name) || /^U\d/.test(basename(path)) && FLYWAY.test(basename(path))) {
    return { path, kind: 'down', reason: 'Down/undo migration: reverses another migration' };
  }
  return undefined;
}

function classify(path: string): Candidate | undefined {
  const name = basename(path);
  const dir = dirname(path);
  if (/(^|\/)supabase\/migrations$/.test(dir)) {
    const m = TIMESTAMP.exec(name);
    return { path, scheme: 'supabase', group: dir, sortKey: m ? [BigInt(m[1]), name] : [name], version: m?.[1] };
  }
  if (name === 'up.sql' && HASURA_FOLDER.test(basename(dir))) {
    const folder = basename(dir);
    return { path, scheme: 'hasura', group: dirname(dir), sortKey: [BigInt(folder.slice(0, 13)), folder], version: folder.slice(0, 13) };
  }
  if (name === 'up.sql' && DIESEL_FOLDER.test(basename(dir))) {
    const folder = basename(dir);
    return { path, scheme: 'diesel', group: dirname(dir), sortKey: [folder], version: folder.slice(0, folder.indexOf('_')) };
  }
  if (name === 'migration.sql' && /(^|\/)migrations\/[^/]+$/.test(dir)) {
    const folder = basename(dir);
    return { path, scheme: 'prisma', group: dirname(dir), sortKey: [folder], version: folder };
  }
  const flyway = FLYWAY.exec(name);
  if (flyway && flyway[1].toUpperCase() === 'V') {
    return { path, scheme: 'flyway', group: 'flyway', sortKey: [0n, ...versionKey(flyway[2])], version: flyway[2].replace(/_/g, '.') };
  }
  if (flyway && flyway[1].toUpperCase() === 'B') {
    return { path, scheme: 'flyway', group: 'flyway-baseline', sortKey: versionKey(flyway[2]), version: flyway[2].replace(/_/g, '.') };
  }
  const repeatable = FLYWAY_REPEATABLE.exec(name);
  if (repeatable) return { path, scheme: 'flyway', group: 'flyway', sortKey: [1n, repeatable[1].toLowerCase()], repeatable: true };
  if (/(^|\/)docker-entrypoint-initdb\.d$/.test(dir)) {
    return { path, scheme: 'initdb', group: dir, sortKey: [name] };
  }
  const stamp = TIMESTAMP.exec(name.replace(/\.up\.sql$/i, '.sql'));
  if (stamp) return { path, scheme: 'timestamp', group: dir, sortKey: [BigInt(stamp[1]), name], version: stamp[1] };
  const numbered = NUMBERED.exec(name.replace(/\.up\.sql$/i, '.sql'));
  if (numbered) return { path, scheme: 'numbered', group: dir, sortKey: [BigInt(numbered[1]), name], version: numbered[1] };
  if (DUMP_NAMES.test(name)) return { path, scheme: 'dump', group: dir, sortKey: [path] };
  if (MIGRATION_FOLDER.test(dir)) return { path, scheme: 'folder', group: dir, sortKey: [name] };
  return undefined;
}

const SCHEME_RANK: Record<MigrationScheme, number> = {
  explicit: 0, sqitch: 1, supabase: 1, prisma: 2, diesel: 2, hasura: 2, flyway: 3, timestamp: 4, numbered: 5, folder: 6, initdb: 7, dump: 8,
};

const SCHEME_REASON: Record<MigrationScheme, string> = {
  explicit: 'Order given in archbench.yaml',
  sqitch: 'Sqitch: the changes of sqitch.plan in plan order, each deploy/<change>.sql (a reworked change\'s earlier versions are deploy/<change>@<tag>.sql)',
  supabase: 'Supabase CLI migrations: supabase/migrations/<timestamp>_<name>.sql, applied in timestamp order',
  prisma: 'Prisma Migrate: migrations/<folder>/migration.sql, applied in folder-name order',
  diesel: 'Diesel: migrations/<version>_<name>/up.sql, applied in folder-name order (down.sql reverses each)',
  hasura: 'Hasura: migrations/<database>/<millisecond timestamp>_<name>/up.sql, applied in timestamp order (down.sql reverses each)',
  flyway: 'Flyway: V<version>__<name>.sql in version order (1.10 after 1.9), then R__<name>.sql repeatables by name',
  timestamp: 'Timestamp-prefixed files (<yyyymmddhhmmss>_<name>.sql), applied in timestamp order',
  numbered: 'Numbered files (001_<name>.sql), applied in numeric order',
  folder: 'Files in a migrations folder without a version prefix, applied in file-name order',
  initdb: 'docker-entrypoint-initdb.d scripts, run by the postgres image in file-name order',
  dump: 'Schema dump (structure.sql / schema.sql): the whole schema in one file',
};

/** Order the migrations among a project's SQL files and explain what is left out and why. */
export function orderMigrations(paths: string[], options: OrderMigrationsOptions = {}): MigrationPlan {
  const normalized = [...new Set(paths.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '')))];
  const diagnostics: Diagnostic[] = [];
  const excluded: ExcludedSqlFile[] = [];

  if (options.order && options.order.length > 0) {
    const wanted = options.order.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, ''));
    const present = new Set(normalized);
    const migrations: OrderedMigration[] = [];
    for (const path of wanted) {
      if (present.has(path)) migrations.push({ path, scheme: 'explicit' });
      else diagnostics.push({ file: 'archbench.yaml', line: 1, severity: 'warning', code: 'sql.migration-missing', message: `Migration ${path} listed in archbench.yaml does not exist` });
    }
    for (const path of normalized) {
      if (!wanted.includes(path)) excluded.push({ path, kind: 'not-listed', reason: 'Not listed in the migration order of archbench.yaml' });
    }
    return { scheme: 'explicit', reason: SCHEME_REASON.explicit, migrations, excluded, diagnostics };
  }

  const sqitch = options.plans?.length ? sqitchPlan(normalized, options.plans) : undefined;
  if (sqitch) return sqitch;

  const candidates: Candidate[] = [];
  for (const path of normalized) {
    if (!/\.(sql|psql|pgsql)$/i.test(path)) {
      excluded.push({ path, kind: 'not-a-migration', reason: 'Not a .sql file' });
      continue;
    }
    const skip = notAMigration(path);
    if (skip) { excluded.push(skip); continue; }
    const candidate = classify(path);
    if (candidate) candidates.push(candidate);
    else excluded.push({ path, kind: 'not-a-migration', reason: 'Neither named like a migration nor in a migrations folder (a query or script?)' });
  }

  // Group candidates into migration sets; pick one set to replay.
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.group === 'flyway-baseline') continue;
    const key = `${c.scheme}\u0000${c.group}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  // Dumps only when nothing else is there; then the richer scheme, then the larger set.
  const ranked = [...groups.values()].sort((a, b) =>
    Number(a[0].scheme === 'dump') - Number(b[0].scheme === 'dump')
    || SCHEME_RANK[a[0].scheme] - SCHEME_RANK[b[0].scheme]
    || b.length - a.length
    || a[0].group.localeCompare(b[0].group));
  const chosen = ranked[0];
  if (!chosen) {
    return { scheme: 'none', reason: 'No SQL file is named like a migration or a schema dump', migrations: [], excluded, diagnostics };
  }
  for (const other of ranked.slice(1)) {
    for (const c of other) {
      const kind: ExclusionKind = c.scheme === 'dump' ? 'superseded-dump' : 'other-set';
      const reason = c.scheme === 'dump'
        ? `Schema dump superseded by the ${chosen[0].scheme} migrations in ${chosen[0].group || '.'}`
        : `Belongs to another migration set (${c.scheme} in ${c.group || '.'}); only one set is replayed: list the migrations in archbench.yaml to choose`;
      excluded.push({ path: c.path, kind, reason });
    }
  }

  let ordered = [...chosen].sort((a, b) => compareKeys(a.sortKey, b.sortKey) || a.path.localeCompare(b.path));
  const scheme = chosen[0].scheme;
  let reason = SCHEME_REASON[scheme];

  if (scheme === 'flyway') {
    const baselines = candidates.filter((c) => c.group === 'flyway-baseline').sort((a, b) => compareKeys(a.sortKey, b.sortKey));
    const baseline = baselines[baselines.length - 1];
    if (baseline) {
      const covered = ordered.filter((c) => !c.repeatable && compareKeys(c.sortKey.slice(1), baseline.sortKey) <= 0);
      for (const c of covered) excluded.push({ path: c.path, kind: 'baseline-covered', reason: `Covered by baseline migration ${baseline.path}` });
      for (const b of baselines.slice(0, -1)) excluded.push({ path: b.path, kind: 'baseline-covered', reason: `Superseded by the later baseline ${baseline.path}` });
      ordered = [baseline, ...ordered.filter((c) => !covered.includes(c))];
      reason += `; starts from baseline ${basename(baseline.path)}`;
    }
    const versions = new Map<string, string>();
    for (const c of ordered) {
      if (!c.version || c.repeatable) continue;
      const key = versionKey(c.version).join('.');
      const clash = versions.get(key);
      if (clash) diagnostics.push({ file: c.path, line: 1, severity: 'error', code: 'sql.migration-duplicate-version', message: `Flyway version ${c.version} is used twice (also ${clash})` });
      versions.set(key, c.path);
    }
  }
  if (scheme === 'folder') {
    diagnostics.push({ file: ordered[0].path, line: 1, severity: 'warning', code: 'sql.migration-order-guessed', message: `Migrations in ${chosen[0].group} have no version prefix; replayed in file-name order. List them in archbench.yaml to make the order explicit.` });
  }
  if (scheme === 'dump' && ordered.length > 1) {
    diagnostics.push({ file: ordered[1].path, line: 1, severity: 'warning', code: 'sql.migration-order-guessed', message: `Several schema dumps in one folder; replayed in path order: ${ordered.map((c) => c.path).join(', ')}` });
  }
  return {
    scheme,
    reason,
    migrations: ordered.map((c) => ({ path: c.path, scheme: c.scheme, version: c.version, repeatable: c.repeatable })),
    excluded,
    diagnostics,
  };
}

/** One change of a Sqitch plan: its name, the script that deploys it, and the plan line. */
interface SqitchChange {
  name: string;
  script: string;
  line: number;
}

/**
 * The changes of a `sqitch.plan` in order. A change named twice was reworked: its earlier entries deploy
 * `<change>@<tag>.sql`, the tag being the first one after that entry. Pragmas (`%syntax-version`), tags (`@v1.0`),
 * comments and blank lines are not changes.
 */
export function sqitchChanges(text: string): SqitchChange[] {
  const entries: Array<{ name: string; line: number; tagAfter?: string }> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('%')) return;
    const name = /^[+]?([^\s[@#][^\s[]*)/.exec(line)?.[1];
    if (line.startsWith('@')) {
      const tag = /^@(\S+)/.exec(line)?.[1];
      for (const entry of entries) if (tag && entry.tagAfter === undefined) entry.tagAfter = tag;
      return;
    }
    // `-change` reverts a change in a plan that records history: nothing to deploy.
    if (line.startsWith('-') || !name) return;
    entries.push({ name, line: index + 1 });
  });
  const lastIndex = new Map(entries.map((entry, index) => [entry.name, index]));
  return entries.map((entry, index) => ({
    name: entry.name, line: entry.line,
    script: lastIndex.get(entry.name) === index || !entry.tagAfter ? `${entry.name}.sql` : `${entry.name}@${entry.tagAfter}.sql`,
  }));
}

/** The migrations of a Sqitch project, when one of its plans has deploy scripts among the SQL files. */
function sqitchPlan(paths: string[], plans: Array<{ path: string; text: string }>): MigrationPlan | undefined {
  const present = new Set(paths);
  for (const plan of [...plans].sort((a, b) => a.path.localeCompare(b.path))) {
    const top = dirname(plan.path.replace(/\\/g, '/').replace(/^\.\//, ''));
    const prefix = top ? `${top}/` : '';
    if (!paths.some((path) => path.startsWith(`${prefix}deploy/`))) continue;
    const diagnostics: Diagnostic[] = [];
    const migrations: OrderedMigration[] = [];
    for (const change of sqitchChanges(plan.text)) {
      const path = `${prefix}deploy/${change.script}`;
      if (present.has(path)) migrations.push({ path, scheme: 'sqitch', version: change.name });
      else diagnostics.push({ file: plan.path, line: change.line, severity: 'warning', code: 'sql.migration-missing', message: `Change ${change.name} of ${plan.path} has no deploy script ${path}` });
    }
    const replayed = new Set(migrations.map((migration) => migration.path));
    const excluded: ExcludedSqlFile[] = [];
    for (const path of paths) {
      if (replayed.has(path)) continue;
      const inside = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
      if (inside?.startsWith('revert/')) excluded.push({ path, kind: 'down', reason: 'Sqitch revert script: reverses a change' });
      else if (inside?.startsWith('verify/')) excluded.push({ path, kind: 'test', reason: 'Sqitch verify script: checks a change, not part of the schema' });
      else if (inside?.startsWith('deploy/')) excluded.push({ path, kind: 'not-listed', reason: `Not a change of ${plan.path}` });
      else excluded.push({ path, kind: 'other-set', reason: `Outside the Sqitch project of ${plan.path}; only its plan is replayed: list the migrations in archbench.yaml to choose` });
    }
    return { scheme: 'sqitch', reason: SCHEME_REASON.sqitch, migrations, excluded, diagnostics };
  }
  return undefined;
}
