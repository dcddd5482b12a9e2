import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSchemaEngine } from '../../main/db/engine.js';
import { CORPUS } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import type { BenchRow } from './table.js';

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

/** Engine ready (cold, warm), danbooru replay + introspection, a generated 2,000-table schema. */
export async function benchDatabase(): Promise<BenchRow[]> {
  const cache = tempDir('archbench-bench-pglite-');
  const rows: BenchRow[] = [];
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  try {
    let started = performance.now();
    const cold = await createSchemaEngine({ cacheDir: cache.path });
    const coldMs = performance.now() - started;
    const first = await cold.replay({ files: [{ path: 'migrations/001.sql', text: 'CREATE TABLE a (id int PRIMARY KEY);' }] });
    rows.push({ name: 'schema engine ready (cold: initdb, prepared data dirs)', ms: coldMs + first.timings.startMs, note: `create ${coldMs.toFixed(0)} ms + first PGlite start ${first.timings.startMs.toFixed(0)} ms` });
    await cold.close();

    started = performance.now();
    const warm = await createSchemaEngine({ cacheDir: cache.path });
    const warmCreate = performance.now() - started;
    const warmFirst = await warm.replay({ files: [{ path: 'migrations/001.sql', text: 'CREATE TABLE b (id int PRIMARY KEY);' }] });
    const warmMs = warmCreate + warmFirst.timings.startMs;
    rows.push({ name: 'schema engine ready (warm, from the prepared data dir)', ms: warmMs, aim: '< 1500 ms', met: warmMs < 1500, note: `create ${warmCreate.toFixed(0)} ms + PGlite start ${warmFirst.timings.startMs.toFixed(0)} ms` });

    const danbooru = readFileSync(join(CORPUS, 'danbooru', 'db', 'structure.sql'), 'utf8');
    started = performance.now();
    const replay = await warm.replay({ files: [{ path: 'db/structure.sql', text: danbooru }] });
    const danbooruMs = performance.now() - started;
    rows.push({ name: 'danbooru structure.sql: replay + introspection', ms: danbooruMs, aim: '< 3000 ms', met: danbooruMs < 3000, note: `${replay.tables.length} tables, ${replay.statements.length} statements` });

    const big = generatedSchema(2000);
    started = performance.now();
    const generated = await warm.replay({ files: [{ path: 'migrations/001_big.sql', text: big }] });
    const bigMs = performance.now() - started;
    rows.push({ name: 'generated 2,000 tables with FKs and policies', ms: bigMs, aim: '< 20000 ms', met: bigMs < 20000, note: `${generated.tables.length} tables` });
    await warm.close();
  } finally {
    clearInterval(sample);
    cache.cleanup();
  }
  rows.push({ name: 'peak RSS of the database benchmarks', ms: peak / 1048576, aim: '< 1024 MiB', met: peak < 1024 * 1048576, note: `${mib(peak)} (MiB, not ms; PGlite runs in worker threads of this process)` });
  return rows;
}
