import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaEngine, type SchemaEngine } from '../../../main/db/engine.js';
import type { SqlConsole } from '../../../main/db/sql-console.js';
import { fixturesDir, loadSqlFiles, sharedCacheDir } from './helpers.js';

let engine: SchemaEngine;
let sql: SqlConsole;

beforeAll(async () => {
  engine = await createSchemaEngine({ cacheDir: sharedCacheDir });
  await engine.replay({ files: loadSqlFiles(join(fixturesDir, 'failing-statement')) });
  sql = await engine.openConsole({ timeoutMs: 3_000 });
});

afterAll(async () => {
  await engine?.close();
});

describe('SQL console', () => {
  it('runs a SELECT against the replayed schema and returns rows and fields', async () => {
    const result = await sql.run("insert into authors (name) values ('Ursula'), ('Terry');\nselect id, name from authors order by id;");
    expect(result.error).toBeUndefined();
    expect(result.results.map((r) => r.command)).toEqual(['INSERT', 'SELECT']);
    expect(result.results[0].affectedRows).toBe(2);
    const select = result.results[1];
    expect(select.fields.map((f) => f.name)).toEqual(['id', 'name']);
    expect(select.rows).toEqual([{ id: 1, name: 'Ursula' }, { id: 2, name: 'Terry' }]);
    expect(select).toMatchObject({ line: 2, column: 1, rowCount: 2, truncated: false });
  });

  it('returns a plan for EXPLAIN, typed or asked for', async () => {
    const typed = await sql.run('explain select * from books where author_id = 1');
    expect(typed.results[0].plan).toMatch(/books/);
    const asked = await sql.explain('select * from books where author_id = 1', { analyze: true });
    expect(asked.error).toBeUndefined();
    expect(asked.results[0].plan).toMatch(/actual time=/);
    expect(asked.results[0].text).toBe('select * from books where author_id = 1');
  });

  it('gives an error its line and column in the submitted text and stops there', async () => {
    const result = await sql.run('select 1;\nselect titel\n  from books;\nselect 2;');
    expect(result.results).toHaveLength(1);
    expect(result.notRun).toBe(1);
    expect(result.error).toMatchObject({ message: 'column "titel" does not exist', code: '42703', line: 2, column: 8, statement: 1 });
    const syntax = await sql.run('select 1;\nselec 2;');
    expect(syntax.results).toEqual([]);
    expect(syntax.error).toMatchObject({ line: 2, column: 1, statement: -1 });
    const explained = await sql.explain('select nope from books');
    expect(explained.error).toMatchObject({ line: 1, column: 8 });
  });

  it('works on a scratch copy: DROP TABLE here leaves the replayed schema alone', async () => {
    const dropped = await sql.run('drop table books;');
    expect(dropped.error).toBeUndefined();
    const gone = await sql.run('select count(*) from books');
    expect(gone.error?.message).toBe('relation "books" does not exist');

    const other = await engine.openConsole();
    try {
      const there = await other.run('select count(*) as n from books');
      expect(there.results[0].rows).toEqual([{ n: 0 }]);
    } finally {
      await other.close();
    }
    const again = await engine.replay({ files: loadSqlFiles(join(fixturesDir, 'failing-statement')) });
    expect(again.tables.map((t) => t.name)).toContain('books');

    await sql.reset();
    expect((await sql.run('select count(*) as n from books')).results[0].rows).toEqual([{ n: 0 }]);
  });

  it('cancels a statement that runs past its time budget and reloads the copy', async () => {
    const started = performance.now();
    const result = await sql.run('select pg_sleep(60)', { timeoutMs: 500 });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.error).toMatchObject({ code: '57014', line: 1 });
    expect(result.error?.message).toMatch(/did not finish within 500 ms/);
    expect((await sql.run('select 42 as answer')).results[0].rows).toEqual([{ answer: 42 }]);
  });
});
