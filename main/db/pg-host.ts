/**
 * PGlite in a worker thread. PGlite runs PostgreSQL in WASM on the thread that calls it and
 * ignores statement_timeout, so a runaway statement (`select pg_sleep(1e9)`, an endless DO loop)
 * would block its thread for good. Hosting it in a worker lets a caller bound every call: on
 * timeout the worker is terminated and the call fails with PgTimeoutError.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Contrib extensions bundled with PGlite that are loaded into every instance (about 100 ms of a start).
 * pg_stat_statements is left out on purpose: it needs shared_preload_libraries, which PGlite writes into
 * the data directory, and every data directory would then refuse to start without it.
 */
export const PGLITE_EXTENSIONS = [
  'bloom', 'btree_gin', 'btree_gist', 'citext', 'cube', 'dict_int', 'dict_xsyn', 'earthdistance', 'fuzzystrmatch',
  'hstore', 'intarray', 'isn', 'lo', 'ltree', 'moddatetime', 'pg_trgm', 'pgcrypto', 'seg',
  'tablefunc', 'tcn', 'tsm_system_rows', 'tsm_system_time', 'unaccent', 'uuid_ossp',
] as const;

/** A contrib extension PGlite can load. */
export type PgliteExtension = (typeof PGLITE_EXTENSIONS)[number];

/** Extensions another one needs (CREATE EXTENSION ... CASCADE installs them too). */
const EXTENSION_REQUIRES: Partial<Record<PgliteExtension, PgliteExtension[]>> = { earthdistance: ['cube'] };

const EXTENSION_MENTION = new RegExp(`(?<![\\w$])(${PGLITE_EXTENSIONS.map((name) => name.replace(/_/g, '[-_]')).join('|')})(?![\\w$])`, 'gi');

/**
 * The extensions SQL texts may use: every one whose name they mention anywhere (CREATE EXTENSION,
 * COMMENT ON EXTENSION, a DO block, a comment), with what those need. Loading an extension costs
 * about 10 ms of every start, so an instance gets only these; one never mentioned cannot be created.
 */
export function extensionsMentioned(texts: Iterable<string>): PgliteExtension[] {
  const found = new Set<PgliteExtension>();
  for (const text of texts) {
    for (const match of text.matchAll(EXTENSION_MENTION)) found.add(match[1].toLowerCase().replace(/-/g, '_') as PgliteExtension);
  }
  for (const name of [...found]) for (const needed of EXTENSION_REQUIRES[name] ?? []) found.add(needed);
  return PGLITE_EXTENSIONS.filter((name) => found.has(name));
}

/** A PostgreSQL error as PGlite reports it; `position` is 1-based, in characters of the statement text. */
export class PgError extends Error {
  code?: string;
  position?: number;
  detail?: string;
  hint?: string;
  where?: string;
  internalPosition?: number;
  internalQuery?: string;
  severity?: string;
  constructor(fields: Record<string, any>) {
    super(String(fields.message ?? 'PostgreSQL error'));
    this.name = 'PgError';
    for (const key of ['code', 'detail', 'hint', 'where', 'internalQuery', 'severity'] as const) {
      if (fields[key] !== undefined && fields[key] !== null) this[key] = String(fields[key]);
    }
    const position = Number(fields.position);
    if (Number.isFinite(position) && position > 0) this.position = position;
    const internal = Number(fields.internalPosition);
    if (Number.isFinite(internal) && internal > 0) this.internalPosition = internal;
  }
}

/** Raised when a call exceeded its time budget; the host is dead afterwards. */
export class PgTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Statement did not finish within ${timeoutMs} ms and was cancelled`);
    this.name = 'PgTimeoutError';
  }
}

/** A result column. */
export interface PgField {
  name: string;
  dataTypeID: number;
}

/** The result of one statement. */
export interface PgResult {
  rows: Array<Record<string, unknown>>;
  fields: PgField[];
  command?: string;
  affectedRows?: number;
}

/** Options of PgHost.start. */
export interface PgHostOptions {
  /** Data directory tarball (from `dump()`); absent means a fresh initdb (seconds). */
  dataDir?: Uint8Array;
  /** Default time budget per call, in ms. */
  timeoutMs?: number;
  /** The caller will not use `dataDir` again: its buffer may move to the worker instead of being copied. */
  handOver?: boolean;
  /** Contrib extensions to load (CREATE EXTENSION finds only these). Default: all of PGLITE_EXTENSIONS. */
  extensions?: readonly PgliteExtension[];
}

// The worker is plain CommonJS evaluated from a string so it runs the same under vitest, tsx and a bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let pg;
function fields(error) {
  const out = { message: error && error.message ? error.message : String(error) };
  for (const key of ['code', 'position', 'detail', 'hint', 'where', 'internalPosition', 'internalQuery', 'severity']) {
    if (error && error[key] !== undefined) out[key] = error[key];
  }
  return out;
}
function plain(result) {
  return { rows: result.rows, fields: result.fields, command: result.command, affectedRows: result.affectedRows };
}
const ops = {
  async start(args) {
    const { PGlite } = require(workerData.pglitePath);
    const extensions = {};
    for (const [name, path] of workerData.extensions) {
      if (!args.extensions.includes(name)) continue;
      try { Object.assign(extensions, { [name]: require(path)[name] }); } catch (e) { /* extension not shipped by this PGlite */ }
    }
    const options = { extensions };
    if (args.module) options.pgliteWasmModule = args.module;
    if (args.dataDir) options.loadDataDir = new Blob([args.dataDir]);
    pg = await PGlite.create(options);
    return { result: true };
  },
  async exec(args) { return { result: (await pg.exec(args.sql)).map(plain) }; },
  async query(args) { return { result: plain(await pg.query(args.sql, args.params || [])) }; },
  async dump() {
    const blob = await pg.dumpDataDir('none');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    return { result: bytes, transfer: [bytes.buffer] };
  },
};
parentPort.on('message', async (message) => {
  try {
    const { result, transfer } = await ops[message.op](message.args || {});
    parentPort.postMessage({ id: message.id, ok: true, result }, transfer || []);
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, error: fields(error) });
  }
});
`;

function moduleRequire(): NodeRequire {
  // Under a CommonJS bundle import.meta.url is empty; __filename is there instead.
  const here = typeof __filename === 'string' ? __filename : import.meta.url;
  return createRequire(here);
}

let resolved: { pglitePath: string; extensions: Array<[string, string]> } | undefined;

function resolvePglite(): { pglitePath: string; extensions: Array<[string, string]> } {
  if (resolved) return resolved;
  const require = moduleRequire();
  const extensions: Array<[string, string]> = [];
  for (const name of PGLITE_EXTENSIONS) {
    try {
      extensions.push([name, require.resolve(`@electric-sql/pglite/contrib/${name}`)]);
    } catch {
      // Not shipped by the installed PGlite: CREATE EXTENSION will report it as unavailable.
    }
  }
  resolved = { pglitePath: require.resolve('@electric-sql/pglite'), extensions };
  return resolved;
}

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * PGlite's WebAssembly, compiled once per process and handed to every worker. Workers that share a
 * module share its machine code, including what V8 optimised while earlier instances ran: without
 * it each instance compiles and warms up the 9 MB module again (about 2.5 s of CPU).
 */
function pgliteModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= readFile(join(dirname(resolvePglite().pglitePath), 'pglite.wasm'))
    .then((bytes) => WebAssembly.compile(bytes))
    // Not where the package keeps it (an unusual bundle): each PGlite loads its own.
    .catch(() => undefined);
  return compiled;
}

interface Pending {
  resolve: (value: any) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** One PGlite instance in its own worker thread. */
export class PgHost {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead: Error | undefined;

  private constructor(private readonly worker: Worker, private readonly timeoutMs: number) {
    worker.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: Record<string, unknown> }) => {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (call.timer) clearTimeout(call.timer);
      this.idle();
      if (message.ok) call.resolve(message.result);
      else call.reject(new PgError(message.error ?? {}));
    });
    const fail = (error: Error): void => {
      this.dead ??= error;
      for (const call of this.pending.values()) {
        if (call.timer) clearTimeout(call.timer);
        call.reject(error);
      }
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`PGlite worker exited (${code})`)));
  }

  /** Begin the work every start shares (compiling PGlite's WebAssembly) ahead of the first start. */
  static prepare(): void {
    void pgliteModule();
  }

  /** Start PGlite in a new worker, from a data directory tarball when given. */
  static async start(options: PgHostOptions = {}): Promise<PgHost> {
    return (await PgHost.launch(options)).ready;
  }

  /**
   * Start in two steps: resolves once the worker has been told to start (PGlite's WebAssembly
   * compiled, the data directory handed over), with `ready` for when it has. Work the caller does in
   * between overlaps the start, which runs on the worker's thread. A caller that may drop `ready`
   * must still handle its rejection.
   */
  static async launch(options: PgHostOptions = {}): Promise<{ ready: Promise<PgHost> }> {
    const { pglitePath, extensions } = resolvePglite();
    const module = pgliteModule();
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pglitePath, extensions } });
    worker.unref();
    const host = new PgHost(worker, options.timeoutMs ?? 30_000);
    try {
      // The transfer below detaches the buffer: copy unless the caller hands it over whole.
      const given = options.dataDir;
      const whole = given && options.handOver && given.byteOffset === 0 && given.byteLength === given.buffer.byteLength;
      const dataDir = given ? (whole ? given : new Uint8Array(given)) : undefined;
      const started = host.call('start', { dataDir, module: await module, extensions: options.extensions ?? PGLITE_EXTENSIONS }, 120_000, dataDir ? [dataDir.buffer as ArrayBuffer] : []);
      const ready = started.then(() => host, async (error: unknown) => {
        await host.terminate();
        throw error;
      });
      return { ready };
    } catch (error) {
      await host.terminate();
      throw error;
    }
  }

  /** Whether the worker is still usable. */
  get alive(): boolean {
    return this.dead === undefined;
  }

  /** Run one or more statements with the simple query protocol; one result per statement. */
  exec(sql: string, timeoutMs?: number): Promise<PgResult[]> {
    return this.call('exec', { sql }, timeoutMs);
  }

  /** Run one statement with parameters (extended protocol). */
  query<T extends Record<string, unknown> = Record<string, any>>(sql: string, params: unknown[] = [], timeoutMs?: number): Promise<Omit<PgResult, 'rows'> & { rows: T[] }> {
    return this.call('query', { sql, params }, timeoutMs);
  }

  /** Dump the data directory as an uncompressed tarball (about 100 ms, about 40 MB). */
  dump(): Promise<Uint8Array> {
    return this.call('dump', {}, 120_000);
  }

  /**
   * End the instance. The data directory lives in the worker's memory and is thrown away, so there is
   * nothing to flush: terminating the worker is enough, and much faster than PostgreSQL's shutdown.
   */
  async close(): Promise<void> {
    await this.terminate();
  }

  /** End the worker at once (cancels whatever runs). */
  async terminate(): Promise<void> {
    this.dead ??= new Error('PGlite worker terminated');
    await this.worker.terminate();
  }

  /** An idle worker must not keep the process alive. */
  private idle(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  private call(op: string, args: Record<string, unknown>, timeoutMs = this.timeoutMs, transfer: ArrayBuffer[] = []): Promise<any> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject };
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        pending.timer = setTimeout(() => {
          this.pending.delete(id);
          this.idle();
          const error = new PgTimeoutError(timeoutMs);
          this.dead ??= error;
          reject(error);
          void this.worker.terminate();
        }, timeoutMs);
      }
      this.pending.set(id, pending);
      this.worker.ref();
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }
}
