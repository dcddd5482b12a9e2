import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaEngine, type SchemaEngine } from '../../../main/db/engine.js';
import { sharedCacheDir } from './helpers.js';

let engine: SchemaEngine;

beforeAll(async () => {
  engine = await createSchemaEngine({ cacheDir: sharedCacheDir });
});

afterAll(async () => {
  await engine?.close();
});

describe('incremental replay', () => {
  const migration = (n: number, text: string) => ({ path: `migrations/00${n}_m.sql`, text });
  const a = migration(1, 'create table a (id int primary key);');
  const b = (columns: string) => migration(2, `create table b (${columns});`);
  const c = migration(3, 'create table c (id int);');

  it('replays only from the first changed migration and returns the same schema', async () => {
    const first = await engine.replay({ files: [a, b('id int'), c] });
    expect(first.timings).toMatchObject({ resumedAt: 0, replayedMigrations: 3 });

    const same = await engine.replay({ files: [a, b('id int'), c] });
    expect(same.timings.cached).toBe(true);

    // A new migration after the others: the replay goes on in the database still running from the last one.
    const added = await engine.replay({ files: [a, b('id int'), c, migration(4, 'alter table c add column note text;')] });
    expect(added.timings).toMatchObject({ resumedAt: 3, replayedMigrations: 1, cached: false });
    expect(added.tables.find((t) => t.name === 'c')?.columns.map((col) => col.name)).toEqual(['id', 'note']);
    expect(added.tables.find((t) => t.name === 'a')?.source).toEqual({ file: 'migrations/001_m.sql', line: 1, column: 1 });
    expect(added.statements.map((s) => s.file)).toEqual(['migrations/001_m.sql', 'migrations/002_m.sql', 'migrations/003_m.sql', 'migrations/004_m.sql']);

    // Editing the last file starts from the checkpoint kept before it.
    const lastEdited = await engine.replay({ files: [a, b('id int'), c, migration(4, 'alter table c add column body text;')] });
    expect(lastEdited.timings).toMatchObject({ resumedAt: 3, replayedMigrations: 1 });
    expect(lastEdited.tables.find((t) => t.name === 'c')?.columns.map((col) => col.name)).toEqual(['id', 'body']);

    // Editing a middle file goes back once and keeps a checkpoint before it; the next edit resumes there.
    const d = migration(4, 'alter table c add column body text;');
    const middle = await engine.replay({ files: [a, b('id int, x int'), c, d] });
    expect(middle.timings.resumedAt).toBe(0);
    const middleAgain = await engine.replay({ files: [a, b('id int, y int'), c, d] });
    expect(middleAgain.timings).toMatchObject({ resumedAt: 1, replayedMigrations: 3 });
    expect(middleAgain.tables.find((t) => t.name === 'b')?.columns.map((col) => col.name)).toEqual(['id', 'y']);
  });
});

describe('a statement that never ends', () => {
  it('is cancelled, reported at its line, and skipped; the rest of the migration still applies', async () => {
    const slow = await createSchemaEngine({ cacheDir: sharedCacheDir, statementTimeoutMs: 1_000 });
    try {
      const result = await slow.replay({
        files: [{ path: 'migrations/001_slow.sql', text: 'create table before_sleep (id int);\nselect pg_sleep(600);\ncreate table after_sleep (id int);' }],
      });
      expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.code])).toEqual([[2, 'sql.timeout']]);
      expect(result.tables.map((t) => t.name)).toEqual(['after_sleep', 'before_sleep']);
    } finally {
      await slow.close();
    }
  });
});
