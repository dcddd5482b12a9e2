import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runRules } from '../../main/analysis/engine.js';
import { DB_RULES } from '../../main/analysis/rules/db/index.js';
import { createSchemaEngine, type ReplayResult, type SchemaEngine } from '../../main/db/engine.js';
import { emptyModel } from '../../shared/model/model.js';
import { CORPUS } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import type { BenchRow } from './table.js';

/** Set (to a cacheDir) in the child process that measures a warm start: see warmStartInNewProcess. */
const WARM_START_CHILD = 'ARCHBENCH_BENCH_WARM_START';
const RUNS = 3;

/** A migration of `tables` tables, each with a foreign key to the previous one, RLS and two policies. */
function generatedSchema(tables: number): string {
  const out: string[] = [];
  for (let i = 0; i < tables; i++) {
    out.push(`CREATE TABLE t${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner uuid NOT NULL, name text NOT NULL,${i ? ` parent_id bigint REFERENCES t${i - 1} (id),` : ''} created_at timestamptz NOT NULL DEFAULT now());`);
    out.push(`ALTER TABLE t${i} ENABLE ROW LEVEL SECURITY;`);
    out.push(`CREATE POLICY t${i}_read ON t${i} FOR SELECT USING (owner = current_setting('app.user')::uuid);`);
    out.push(`CREATE POLICY t${i}_write ON t${i} FOR UPDATE USING (owner = current_setting('app.user')::uuid);`);
  }
  return out.join('\n');
}

const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;

/** CPU time of this process so far, in ms: every thread, so PGlite's workers and V8's compiler threads count too. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

interface Timed<T> {
  ms: number;
  cpuMs: number;
  value: T;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const cpuStarted = cpuMs();
  const value = await work();
  return { ms: performance.now() - started, cpuMs: cpuMs() - cpuStarted, value };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `median of 3: 1234 ms wall, 1500 ms CPU` (each the median of its own). */
function wallAndCpu(runs: Array<{ ms: number; cpuMs: number }>): string {
  return `median of ${runs.length}: ${medianOf(runs.map((r) => r.ms)).toFixed(0)} ms wall, ${medianOf(runs.map((r) => r.cpuMs)).toFixed(0)} ms CPU`;
}

const TINY = { path: 'migrations/001.sql', text: 'CREATE TABLE b (id int PRIMARY KEY);' };

interface WarmStart {
  ms: number;
  cpuMs: number;
  createMs: number;
  startMs: number;
  baseSource: string;
}

/** Engine creation and the first PGlite start of a process, as an app launch with a prepared cacheDir does them. */
async function warmStart(cacheDir: string): Promise<WarmStart> {
  const started = performance.now();
  const cpuStarted = cpuMs();
  const engine = await createSchemaEngine({ cacheDir });
  const createMs = performance.now() - started;
  const first = await engine.replay({ files: [TINY] });
  const result = { ms: createMs + first.timings.startMs, cpuMs: cpuMs() - cpuStarted, createMs, startMs: first.timings.startMs, baseSource: engine.baseSource };
  await engine.close();
  return result;
}

// The child: measure, print, and end before the bench runner starts any suite.
if (process.env[WARM_START_CHILD]) {
  console.log(JSON.stringify(await warmStart(process.env[WARM_START_CHILD]!)));
  process.exit(0);
}

/**
 * A warm start in a new process: nothing of PGlite is compiled or loaded yet, only the prepared data
 * directories are on disk. (In this process the cold row has compiled PGlite's WebAssembly already.)
 * The CPU time covers the same span as the wall time plus the tiny first replay.
 */
function warmStartInNewProcess(cacheDir: string): WarmStart {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]], {
    encoding: 'utf8', env: { ...process.env, [WARM_START_CHILD]: cacheDir }, maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as WarmStart;
}

/** Replay `text` as one migration and run the db rules over it, after a replay of something else so nothing is reused. */
async function replayAndRules(engine: SchemaEngine, path: string, text: string): Promise<Timed<{ replay: ReplayResult; rulesMs: number; findings: number }>> {
  await engine.replay({ files: [TINY] });
  return timed(async () => {
    const replay = await engine.replay({ files: [{ path, text }] });
    const rulesStarted = performance.now();
    const rules = runRules(DB_RULES, { model: { ...emptyModel(), tables: replay.tables }, readText: () => undefined, database: replay });
    return { replay, rulesMs: performance.now() - rulesStarted, findings: rules.findings.length };
  });
}

/** `parse 150, start 700, replay 950, introspect 200, rules 60 ms` of one run. */
function phases(run: Timed<{ replay: ReplayResult; rulesMs: number }>): string {
  const t = run.value.replay.timings;
  return `parse ${t.parseMs.toFixed(0)}, PGlite start ${t.startMs.toFixed(0)}, replay ${t.replayMs.toFixed(0)}, introspect ${t.introspectMs.toFixed(0)}, rules ${run.value.rulesMs.toFixed(0)} ms`;
}

/** Engine ready (cold, warm), danbooru replay + introspection + rules, a generated 2,000-table schema. */
export async function benchDatabase(): Promise<BenchRow[]> {
  const cache = tempDir('archbench-bench-pglite-');
  const rows: BenchRow[] = [];
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const load = `load ${loadavg()[0].toFixed(1)} at start`;
  try {
    const cold = await timed(() => createSchemaEngine({ cacheDir: cache.path }));
    const first = await cold.value.replay({ files: [{ path: 'migrations/001.sql', text: 'CREATE TABLE a (id int PRIMARY KEY);' }] });
    rows.push({
      name: 'schema engine ready (cold: initdb, prepared data dirs)', ms: cold.ms + first.timings.startMs,
      note: `one run, new cacheDir: create ${cold.ms.toFixed(0)} ms (initdb, both bases dumped; ${cold.cpuMs.toFixed(0)} ms CPU) + first PGlite start ${first.timings.startMs.toFixed(0)} ms; ${load}`,
    });
    await cold.value.close();

    const warmRuns = Array.from({ length: RUNS }, () => warmStartInNewProcess(cache.path));
    const warmMs = medianOf(warmRuns.map((r) => r.ms));
    const inProcess = await warmStart(cache.path);
    rows.push({
      name: 'schema engine ready (warm: prepared data dir on disk, new process)', ms: warmMs, aim: '< 1500 ms', met: warmMs < 1500,
      note: `createSchemaEngine + first PGlite start from the base tarball, each in a new process (PGlite's wasm not yet compiled), `
        + `${wallAndCpu(warmRuns)} (CPU includes the tiny first replay); bases ${warmRuns[0].baseSource}; `
        + `same process after the cold row (wasm compiled): ${inProcess.ms.toFixed(0)} ms`,
    });

    const engine = await createSchemaEngine({ cacheDir: cache.path });
    const danbooru = readFileSync(join(CORPUS, 'danbooru', 'db', 'structure.sql'), 'utf8');
    const danbooruRuns: Array<Awaited<ReturnType<typeof replayAndRules>>> = [];
    for (let i = 0; i < RUNS; i++) danbooruRuns.push(await replayAndRules(engine, 'db/structure.sql', danbooru));
    const danbooruMs = medianOf(danbooruRuns.map((r) => r.ms));
    const d = danbooruRuns[0].value;
    rows.push({
      name: 'danbooru structure.sql: replay + introspection + db rules', ms: danbooruMs, aim: '< 3000 ms', met: danbooruMs < 3000,
      note: `${wallAndCpu(danbooruRuns)}; each run parses and starts PGlite from the base data dir (no checkpoint, no parse cache; wasm compiled by earlier runs in this process); `
        + `first run: ${phases(danbooruRuns[0])}; ${d.replay.tables.length} tables, ${d.replay.statements.length} statements, ${d.findings} findings`,
    });

    const big = generatedSchema(2000);
    const bigRuns: Array<Awaited<ReturnType<typeof replayAndRules>>> = [];
    for (let i = 0; i < RUNS; i++) bigRuns.push(await replayAndRules(engine, 'migrations/001_big.sql', big));
    const bigMs = medianOf(bigRuns.map((r) => r.ms));
    rows.push({
      name: 'generated 2,000 tables with FKs and policies: replay + introspection + db rules', ms: bigMs, aim: '< 20000 ms', met: bigMs < 20000,
      note: `${wallAndCpu(bigRuns)}; same conditions as danbooru; first run: ${phases(bigRuns[0])}; ${bigRuns[0].value.replay.tables.length} tables`,
    });
    await engine.close();
  } finally {
    clearInterval(sample);
    cache.cleanup();
  }
  rows.push({ name: 'peak RSS of the database benchmarks', ms: peak / 1048576, aim: '< 1024 MiB', met: peak < 1024 * 1048576, note: `${mib(peak)} (MiB, not ms; PGlite runs in worker threads of this process; the warm-start child processes are not counted)` });
  return rows;
}
