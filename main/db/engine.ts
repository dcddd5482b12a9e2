/**
 * The schema engine: order a project's migrations, parse them, replay them into PGlite and read
 * the resulting schema back from the catalog.
 *
 * Startup: a fresh PGlite runs initdb (about 3 s). The engine does that once per cacheDir and
 * keeps two prepared data directories there (plain, and with the Supabase prelude applied);
 * later engines load those (about 0.5 s; PGlite's WebAssembly is compiled once per process and
 * shared by every instance, and an instance loads only the extensions its migrations mention).
 * A replay that needs a new instance starts it while the files are parsed. Re-replay: the engine keeps data-directory checkpoints
 * keyed by the content of the migrations before them (the start of the first changed file, the
 * start of the last file, the end state), so editing one migration replays from that file on.
 */
import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DatabaseSchema, Diagnostic, Table } from '../../shared/model/model.js';
import { computeMigrationFacts, defaultExpressionFunctions, type MigrationFacts } from './facts.js';
import { introspectSchema } from './introspect.js';
import { orderMigrations, type MigrationPlan } from './migrations.js';
import { loadSqlParser, parseSqlFile, type ParsedSqlFile } from './parse.js';
import { extensionsMentioned, PGLITE_EXTENSIONS, PgHost, type PgliteExtension } from './pg-host.js';
import { replayFile, StatementAbort, type MissingObject, type ReplayedStatement, type ReplayState } from './replay.js';
import { buildSourceMap } from './sources.js';
import { SqlConsole, type SqlConsoleOptions } from './sql-console.js';
import {
  detectSupabase, likelySupabase, SUPABASE_PRELUDE_FILE, SUPABASE_PRELUDE_SQL, SUPABASE_ROLES, SUPABASE_SEARCH_PATH, SUPABASE_SYSTEM_SCHEMAS,
  type SupabaseDetection,
} from './supabase-prelude.js';

/** Bump when the engine's prepared data directories or checkpoints change meaning. */
const CACHE_VERSION = 1;

/** Options of createSchemaEngine. */
export interface SchemaEngineOptions {
  /** Folder for prepared data directories and checkpoints (created if missing). */
  cacheDir: string;
  /** Time budget per replayed statement; a statement over it is cancelled, reported and skipped. Default 15 s. */
  statementTimeoutMs?: number;
  /** Checkpoints kept on disk besides the end state. Default 4. */
  maxCheckpoints?: number;
}

/** A SQL file of the project: path relative to the project root, `/`-separated, and its text. */
export interface SqlFileInput {
  path: string;
  text: string;
}

/** What to replay: the SQL files of a project. */
export interface ReplayRequest {
  /** Every SQL file of the project; the engine picks and orders the migrations among them. */
  files: SqlFileInput[];
  /** Explicit migration order from archbench.yaml. */
  order?: string[];
  /** Sqitch plans (`sqitch.plan`) found in the project: they order the `deploy/` scripts beside them. */
  plans?: SqlFileInput[];
  /** Force (true) or forbid (false) the Supabase prelude; detected when absent. */
  supabase?: boolean;
}

/** Where the time of one replay went, in ms. */
export interface ReplayTimings {
  totalMs: number;
  parseMs: number;
  /** Starting PGlite from the base or a checkpoint. */
  startMs: number;
  replayMs: number;
  introspectMs: number;
  /** Time spent dumping checkpoints. */
  checkpointMs: number;
  /** Index of the first migration replayed (0 = from the base). */
  resumedAt: number;
  replayedMigrations: number;
  /** True when nothing changed since the last replay and its result was returned. */
  cached: boolean;
}

/** Everything one replay produced. */
export interface ReplayResult {
  plan: MigrationPlan;
  supabase: SupabaseDetection;
  schema: DatabaseSchema;
  /** Same as `schema.tables`: the model's `tables`. */
  tables: Table[];
  /** Every migration statement in replay order, with what it touched and how it went. */
  statements: ReplayedStatement[];
  /** Objects that do not exist because the statement that should have created them failed. */
  missing: MissingObject[];
  facts: MigrationFacts;
  /** Plan, parse and replay diagnostics of all SQL files. */
  diagnostics: Diagnostic[];
  timings: ReplayTimings;
}

/** Replays migrations into an embedded PostgreSQL and reads the schema back. */
export interface SchemaEngine {
  /** Replay the project's migrations and read the schema back. */
  replay(request: ReplayRequest): Promise<ReplayResult>;
  /** A SQL console on a scratch copy of the last replayed database. */
  openConsole(options?: SqlConsoleOptions): Promise<SqlConsole>;
  /** Time createSchemaEngine took, and whether the prepared data directories came from the cache. */
  readonly readyMs: number;
  readonly baseSource: 'fresh' | 'cache';
  /** Paths of the prepared data directories. */
  readonly basePaths: { plain: string; supabase: string };
  close(): Promise<void>;
}

/** A running instance, the extensions it loaded, and the replay state its database holds. */
interface LiveInstance {
  host: PgHost;
  key: string;
  state: ReplayState;
  extensions: readonly PgliteExtension[];
}

/** An instance started ahead of need: which base and extensions it has; undefined if it failed to start. */
interface Speculation {
  supabase: boolean;
  extensions: readonly PgliteExtension[];
  host: Promise<PgHost | undefined>;
}

interface Checkpoint {
  path: string;
  state: ReplayState;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function copyState(state: ReplayState): ReplayState {
  return {
    statements: [...state.statements], diagnostics: [...state.diagnostics], missing: [...state.missing],
    unavailableExtensions: [...state.unavailableExtensions],
  };
}

function pgliteVersion(): string {
  try {
    const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    return String(require('@electric-sql/pglite/package.json').version);
  } catch {
    return 'unknown';
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

/** Create a schema engine; prepares (or loads from cacheDir) the base data directories. */
export async function createSchemaEngine(options: SchemaEngineOptions): Promise<SchemaEngine> {
  const started = performance.now();
  PgHost.prepare();
  await mkdir(options.cacheDir, { recursive: true });
  await loadSqlParser();
  const baseKey = sha(JSON.stringify([CACHE_VERSION, pgliteVersion(), PGLITE_EXTENSIONS, SUPABASE_PRELUDE_SQL])).slice(0, 16);
  const basePaths = {
    plain: join(options.cacheDir, `base-plain-${baseKey}.tar`),
    supabase: join(options.cacheDir, `base-supabase-${baseKey}.tar`),
  };
  const baseSource = await prepareBases(options.cacheDir, basePaths);
  await removeStaleCheckpoints(options.cacheDir);
  return new Engine(options, basePaths, baseKey, baseSource, performance.now() - started);
}

/** Checkpoint folders of engines that ended without close() (a crash): gone after a day. */
async function removeStaleCheckpoints(cacheDir: string): Promise<void> {
  const root = join(cacheDir, 'checkpoints');
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const entry of entries) {
    const path = join(root, entry);
    const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > 24 * 3600_000) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Build the prepared data directories unless they are there. One builder at a time per cacheDir
 * (a lock folder): several engines starting together wait for the first instead of each running initdb.
 */
async function prepareBases(cacheDir: string, basePaths: { plain: string; supabase: string }): Promise<'fresh' | 'cache'> {
  const ready = async (): Promise<boolean> => (await exists(basePaths.plain)) && (await exists(basePaths.supabase));
  if (await ready()) return 'cache';
  const lock = join(cacheDir, 'base.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (await ready()) return 'cache';
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 120_000 || Date.now() > deadline) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (await ready()) return 'cache';
    const host = await PgHost.start({ timeoutMs: 120_000 });
    try {
      await writeAtomic(basePaths.plain, await host.dump());
      await host.exec(SUPABASE_PRELUDE_SQL);
      await writeAtomic(basePaths.supabase, await host.dump());
    } finally {
      await host.close();
    }
    return 'fresh';
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

class Engine implements SchemaEngine {
  /** Checkpoints are this engine's own (several engines may share a cacheDir); the base files are shared. */
  private readonly checkpointDir: string;
  private readonly checkpoints = new Map<string, Checkpoint>();
  private readonly parsed = new Map<string, ParsedSqlFile>();
  /** Statements that timed out or broke PGlite, with why: skipped in every later replay. */
  private readonly aborted = new Map<string, string>();
  private last: { finalKey: string; keys: string[]; result: ReplayResult; replayDiagnostics: Diagnostic[] } | undefined;
  /** The database of the last replay, still running: its end state is dumped only when someone needs it. */
  private live: LiveInstance | undefined;
  /** An instance started from a base while the files of the current replay are parsed. */
  private speculation: Speculation | undefined;
  private readonly consoles = new Set<SqlConsole>();

  constructor(
    private readonly options: SchemaEngineOptions,
    readonly basePaths: { plain: string; supabase: string },
    private readonly baseKey: string,
    readonly baseSource: 'fresh' | 'cache',
    readonly readyMs: number,
  ) {
    this.checkpointDir = join(options.cacheDir, 'checkpoints', randomUUID());
  }

  /** One replay or console opening at a time: they share the live instance and the checkpoints. */
  private queue: Promise<unknown> = Promise.resolve();

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  replay(request: ReplayRequest): Promise<ReplayResult> {
    return this.exclusive(() => this.replayNow(request));
  }

  private async replayNow(request: ReplayRequest): Promise<ReplayResult> {
    const started = performance.now();
    const files = new Map(request.files.map((f) => [f.path.replace(/\\/g, '/'), f.text]));
    const plan = orderMigrations([...files.keys()], { order: request.order, plans: request.plans });
    // dbmate, goose and node-pg-migrate keep the down migration in the same file: replay the up part only.
    const downSections: Diagnostic[] = [];
    for (const m of plan.migrations) {
      const cut = upSection(files.get(m.path) ?? '');
      if (!cut) continue;
      files.set(m.path, cut.text);
      downSections.push({ file: m.path, line: cut.line, severity: 'info', code: 'sql.down-section', message: `Down section (${cut.marker}) not replayed` });
    }

    this.speculation = await this.launchSpeculatively(request, plan, files);
    try {
      return await this.replayPlanned(request, started, files, plan, downSections);
    } finally {
      const unused = this.speculation;
      this.speculation = undefined;
      if (unused) void unused.host.then((host) => host?.close());
    }
  }

  /** The keys of the database states: before each migration, and the end state (content only, see replayPlanned). */
  private stateKeys(supabase: boolean, migrations: Array<{ path: string; text: string }>): string[] {
    const keys = [sha(`${this.baseKey}:${supabase}`)];
    for (const m of migrations) keys.push(sha(`${keys[keys.length - 1]}\u0000${m.path}\u0000${sha(m.text)}`));
    return keys;
  }

  /**
   * Start PGlite from a base data directory before the files are parsed, so that the start (on the
   * worker's thread) overlaps the parse (on this one), when the replay will need a new instance from
   * a base: nothing cached, no checkpoint, no live instance to continue. Decided as replayPlanned
   * decides, with detectSupabase's likely answer; a wrong guess costs an instance closed unused.
   */
  private async launchSpeculatively(request: ReplayRequest, plan: MigrationPlan, files: Map<string, string>): Promise<Speculation | undefined> {
    const migrations = plan.migrations.map((m) => ({ path: m.path, text: files.get(m.path) ?? '' }));
    if (migrations.length === 0) return undefined;
    const supabase = request.supabase ?? likelySupabase(migrations.map((m) => m.path), migrations.map((m) => m.text));
    const keys = this.stateKeys(supabase, migrations);
    if (this.last?.finalKey === keys[keys.length - 1] || keys.slice(1).some((key) => this.checkpoints.has(key))) return undefined;
    if (this.live && keys.indexOf(this.live.key) > 0) return undefined;
    // The live instance would be closed anyway: close it first, so two instances never hold memory at once.
    const live = this.live;
    this.live = undefined;
    await live?.host.close();
    const extensions = extensionsMentioned([...(supabase ? [SUPABASE_PRELUDE_SQL] : []), ...migrations.map((m) => m.text)]);
    try {
      const dataDir = await readFile(supabase ? this.basePaths.supabase : this.basePaths.plain);
      const { ready } = await PgHost.launch({ dataDir, timeoutMs: 60_000, handOver: true, extensions });
      return { supabase, extensions, host: ready.catch(() => undefined) };
    } catch {
      return undefined;
    }
  }

  /** The speculative instance, when it is the one this replay needs. */
  private async takeSpeculation(supabase: boolean, extensions: readonly PgliteExtension[]): Promise<PgHost | undefined> {
    const speculation = this.speculation;
    if (!speculation || speculation.supabase !== supabase || speculation.extensions.join() !== extensions.join()) return undefined;
    this.speculation = undefined;
    return speculation.host;
  }

  private async replayPlanned(
    request: ReplayRequest, started: number, files: Map<string, string>, plan: MigrationPlan, downSections: Diagnostic[],
  ): Promise<ReplayResult> {
    const parseStarted = performance.now();
    const parsedFiles = new Map<string, ParsedSqlFile>();
    for (const [path, text] of files) parsedFiles.set(path, this.parse(path, text));
    // Forget parses of file versions this request no longer has.
    const current = new Set([...parsedFiles.values()]);
    for (const [key, parsed] of this.parsed) if (!current.has(parsed)) this.parsed.delete(key);
    const parseMs = performance.now() - parseStarted;

    const migrations = plan.migrations.map((m, index) => ({ index, path: m.path, text: files.get(m.path) ?? '', parsed: parsedFiles.get(m.path)! }));
    const allStatements = migrations.flatMap((m) => m.parsed.statements);
    const supabase: SupabaseDetection = request.supabase === undefined
      ? detectSupabase(migrations.map((m) => m.path), allStatements)
      : { supabase: request.supabase, reason: request.supabase ? 'Forced by the caller' : 'Turned off by the caller' };

    // keys[i] names the database state before migration i; keys[n] the end state.
    // Content only: a statement that once aborted is skipped for good, so it never changes a state.
    const keys = this.stateKeys(supabase.supabase, migrations);
    const finalKey = keys[keys.length - 1];
    const staticDiagnostics = [...plan.diagnostics, ...downSections, ...[...parsedFiles.values()].flatMap((p) => p.diagnostics)];

    if (this.last?.finalKey === finalKey && (this.checkpoints.has(finalKey) || this.live?.key === finalKey)) {
      // Nothing replayed changed; other SQL files may have, so their diagnostics are fresh.
      const { result, replayDiagnostics } = this.last;
      const diagnostics = [...staticDiagnostics, ...replayDiagnostics];
      return {
        ...result, plan, diagnostics, schema: { ...result.schema, diagnostics },
        timings: { ...result.timings, totalMs: performance.now() - started, parseMs, cached: true },
      };
    }

    // keys[i + 1] is the first to differ when migration i changed.
    const firstChanged = this.last ? Math.max(0, keys.findIndex((k, i) => this.last!.keys[i] !== k) - 1) : 0;
    let resumeAt = 0;
    for (let i = migrations.length; i > 0; i--) {
      if (this.checkpoints.has(keys[i])) { resumeAt = i; break; }
    }
    // The last replay's database is still running; when its end state is a prefix of this request
    // (a migration was added after the others) the replay simply continues on it.
    // An instance loads only the extensions its migrations (and the Supabase prelude) mention.
    const extensions = extensionsMentioned([...(supabase.supabase ? [SUPABASE_PRELUDE_SQL] : []), ...migrations.map((m) => m.text)]);
    const live = this.live;
    this.live = undefined;
    const liveAt = live && live.host.alive && extensions.every((name) => live.extensions.includes(name)) ? keys.indexOf(live.key) : -1;
    let resumeFrom: LiveInstance | undefined;
    if (live && liveAt > 0 && liveAt >= resumeAt) {
      resumeAt = liveAt;
      resumeFrom = live;
    } else {
      await live?.host.close();
    }

    for (let attempt = 0; ; attempt++) {
      try {
        const { result, replayDiagnostics } = await this.run({ plan, supabase, migrations, keys, extensions, resumeAt, resumeFrom, firstChanged, staticDiagnostics, started, parseMs });
        this.last = { finalKey: keys[keys.length - 1], keys, result, replayDiagnostics };
        return result;
      } catch (error) {
        if (!(error instanceof StatementAbort) || attempt >= 5) throw error;
        this.aborted.set(error.key, error.reason);
        // The instance died with the statement; start again from the best checkpoint.
        resumeFrom = undefined;
        resumeAt = 0;
        for (let i = migrations.length; i > 0; i--) {
          if (this.checkpoints.has(keys[i])) { resumeAt = i; break; }
        }
      }
    }
  }

  private parse(path: string, text: string): ParsedSqlFile {
    const key = `${path}\u0000${sha(text)}`;
    let parsed = this.parsed.get(key);
    if (!parsed) {
      parsed = parseSqlFile(path, text);
      this.parsed.set(key, parsed);
    }
    return parsed;
  }

  private async run(input: {
    plan: MigrationPlan; supabase: SupabaseDetection; migrations: Array<{ index: number; path: string; text: string; parsed: ParsedSqlFile }>;
    keys: string[]; extensions: readonly PgliteExtension[]; resumeAt: number; resumeFrom?: LiveInstance; firstChanged: number;
    staticDiagnostics: Diagnostic[]; started: number; parseMs: number;
  }): Promise<{ result: ReplayResult; replayDiagnostics: Diagnostic[] }> {
    const { plan, supabase, migrations, keys, resumeAt, firstChanged } = input;
    const startStarted = performance.now();
    const checkpoint = !input.resumeFrom && resumeAt > 0 ? this.checkpoints.get(keys[resumeAt]) : undefined;
    let host = input.resumeFrom?.host;
    const extensions = input.resumeFrom?.extensions ?? input.extensions;
    if (!host && !checkpoint) host = await this.takeSpeculation(supabase.supabase, extensions);
    if (!host) {
      const dataDir = await readFile(checkpoint?.path ?? (supabase.supabase ? this.basePaths.supabase : this.basePaths.plain));
      host = await PgHost.start({ dataDir, timeoutMs: 60_000, handOver: true, extensions });
    }
    const startMs = performance.now() - startStarted;
    let checkpointMs = 0;
    try {
      const prior = input.resumeFrom?.state ?? checkpoint?.state;
      const state: ReplayState = prior ? copyState(prior) : { statements: [], diagnostics: [], missing: [], unavailableExtensions: [] };
      const replayStarted = performance.now();
      const skip = this.aborted;
      for (let i = resumeAt; i < migrations.length; i++) {
        // Keep the start of the first changed file and of the last file: the likely next edits.
        const worthKeeping = i > 0 && (i === firstChanged || i === migrations.length - 1);
        if (worthKeeping && !this.checkpoints.has(keys[i])) checkpointMs += await this.saveCheckpoint(host, keys[i], state);
        const m = migrations[i];
        await replayFile(host, { migration: i, file: m.path, text: m.text, statements: m.parsed.statements }, state, {
          searchPath: supabase.supabase ? SUPABASE_SEARCH_PATH : undefined,
          statementTimeoutMs: this.options.statementTimeoutMs ?? 15_000,
          skip,
        });
      }
      await host.exec('RESET ALL; RESET ROLE; RESET SESSION AUTHORIZATION');
      const replayMs = performance.now() - replayStarted;

      const introspectStarted = performance.now();
      const sources = buildSourceMap(state.statements);
      const unavailable = state.unavailableExtensions.map((name) => {
        const at = state.statements.find((s) => s.nodeType === 'CreateExtensionStmt' && s.ast.extname === name);
        return { name, source: at ? { file: at.file, line: at.line, column: at.column } : undefined };
      });
      const schema = await introspectSchema(host, {
        sources,
        systemSchemas: supabase.supabase ? SUPABASE_SYSTEM_SCHEMAS : [],
        systemRoles: ['postgres', ...(supabase.supabase ? SUPABASE_ROLES : [])],
        environmentFile: supabase.supabase ? SUPABASE_PRELUDE_FILE : '<environment>',
        unavailableExtensions: unavailable,
      });
      const functionNames = defaultExpressionFunctions(state.statements);
      const volatility = new Map<string, string>();
      if (functionNames.length > 0) {
        const rows = await host.query<{ name: string; volatility: string }>(
          'select proname as name, max(provolatile::text) as volatility from pg_proc where proname = any($1) group by proname', [functionNames]);
        for (const row of rows.rows) volatility.set(row.name, row.volatility);
      }
      const introspectMs = performance.now() - introspectStarted;

      const diagnostics = [...input.staticDiagnostics, ...state.diagnostics];
      schema.diagnostics = diagnostics;
      const facts = computeMigrationFacts(state.statements, { volatility });
      const result: ReplayResult = {
        plan, supabase, schema, tables: schema.tables, statements: state.statements, missing: state.missing, facts, diagnostics,
        timings: {
          totalMs: performance.now() - input.started, parseMs: input.parseMs, startMs, replayMs, introspectMs, checkpointMs,
          resumedAt: resumeAt, replayedMigrations: migrations.length - resumeAt, cached: false,
        },
      };
      // Keep the instance: its end state becomes a checkpoint only if a console or a later replay wants it.
      this.live = { host, key: keys[keys.length - 1], state, extensions };
      return { result, replayDiagnostics: state.diagnostics };
    } catch (error) {
      await host.close();
      throw error;
    }
  }

  /** The end state of the last replay as a checkpoint, dumped from the live instance if need be. */
  private async finalCheckpoint(): Promise<Checkpoint | undefined> {
    const finalKey = this.last?.finalKey;
    if (!finalKey) return undefined;
    if (!this.checkpoints.has(finalKey) && this.live?.key === finalKey && this.live.host.alive) {
      await this.saveCheckpoint(this.live.host, finalKey, this.live.state, true);
    }
    return this.checkpoints.get(finalKey);
  }

  private async saveCheckpoint(host: PgHost, key: string, state: ReplayState, final = false): Promise<number> {
    const started = performance.now();
    await mkdir(this.checkpointDir, { recursive: true });
    const path = join(this.checkpointDir, `${key.slice(0, 32)}.tar`);
    await writeAtomic(path, await host.dump());
    this.checkpoints.set(key, { path, state: copyState(state) });
    // Keep the newest few; the end state of the last replay is always among them.
    const limit = (this.options.maxCheckpoints ?? 4) + 1;
    while (this.checkpoints.size > limit) {
      const [oldestKey, oldest] = this.checkpoints.entries().next().value as [string, Checkpoint];
      if (final && oldestKey === key) break;
      this.checkpoints.delete(oldestKey);
      await rm(oldest.path, { force: true });
    }
    return performance.now() - started;
  }

  openConsole(options: SqlConsoleOptions = {}): Promise<SqlConsole> {
    return this.exclusive(() => this.openConsoleNow(options));
  }

  private async openConsoleNow(options: SqlConsoleOptions): Promise<SqlConsole> {
    const checkpoint = await this.finalCheckpoint();
    if (!checkpoint) throw new Error('Nothing replayed yet: call replay() before opening a SQL console');
    const console = await SqlConsole.open(await readFile(checkpoint.path), options);
    this.consoles.add(console);
    console.onClose(() => this.consoles.delete(console));
    return console;
  }

  async close(): Promise<void> {
    await this.queue;
    await Promise.all([...this.consoles].map((c) => c.close()));
    const live = this.live;
    this.live = undefined;
    await live?.host.close();
    this.checkpoints.clear();
    await rm(this.checkpointDir, { recursive: true, force: true });
  }
}

const DOWN_MARKER = /^--\s*(migrate:down|\+goose\s+down|down migration)\b.*$/im;

/** The text before a down-section marker, or undefined when the file has none. */
function upSection(text: string): { text: string; line: number; marker: string } | undefined {
  const match = DOWN_MARKER.exec(text);
  if (!match) return undefined;
  return { text: text.slice(0, match.index), line: text.slice(0, match.index).split('\n').length, marker: match[0].trim() };
}
