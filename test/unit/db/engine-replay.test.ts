import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaEngine, type SchemaEngine } from '../../../main/db/engine.js';
import { fixturesDir, loadSqlFiles, sharedCacheDir } from './helpers.js';

let engine: SchemaEngine;

beforeAll(async () => {
  engine = await createSchemaEngine({ cacheDir: sharedCacheDir });
});

afterAll(async () => {
  await engine?.close();
});

describe('a failing statement', () => {
  it('gives a diagnostic at its file:line with PostgreSQL\'s message, and the replay goes on', async () => {
    const result = await engine.replay({ files: loadSqlFiles(join(fixturesDir, 'failing-statement')) });
    expect(result.plan.scheme).toBe('numbered');
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.file, d.line, d.column, d.code])).toEqual([
      ['migrations/002_books.sql', 8, 1, 'sql.apply'],
      ['migrations/002_books.sql', 14, 10, 'sql.apply'],
      ['migrations/002_books.sql', 18, 1, 'sql.apply'],
    ]);
    expect(errors[0].message).toBe('column "email" does not exist');
    expect(errors[1].message).toBe('type "stars" does not exist');
    expect(errors[2].message).toBe('relation "reviews" does not exist [probably because reviews was not created: migrations/002_books.sql:11 failed]');
    expect(result.missing.map((m) => [m.kind, m.name, m.line])).toEqual([['index', 'authors_email_idx', 8], ['table', 'reviews', 11], ['column', 'body', 18]]);

    // Statements after the failures still ran, in this file and the next.
    const books = result.tables.find((t) => t.name === 'books')!;
    expect(books.indexes.map((i) => i.name)).toEqual(['books_author_id_idx', 'books_pkey']);
    expect(books.columns.find((c) => c.name === 'published_on')?.source).toEqual({ file: 'migrations/003_after.sql', line: 1, column: 1 });
    expect(result.tables.map((t) => t.name)).toEqual(['authors', 'books']);
    expect(result.statements.filter((s) => s.status === 'failed').map((s) => s.error?.line)).toEqual([8, 14, 18]);
  });
});

describe('a COMMIT that fails (a deferred foreign key violated)', () => {
  it('rolls the transaction back as PostgreSQL does, says so at the COMMIT, and the replay goes on', async () => {
    const result = await engine.replay({ files: [
      { path: 'migrations/001_init.sql', text: 'create table parents (id int primary key);\ncreate table children (parent_id int references parents deferrable initially deferred);\n' },
      { path: 'migrations/002_orders.sql', text: 'begin;\ncreate table audit (id int);\ninsert into children values (1);\ncommit;\n' },
      { path: 'migrations/003_after.sql', text: 'create table later (id int primary key);\n' },
    ] });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.file, d.line, d.code])).toEqual([['migrations/002_orders.sql', 4, 'sql.apply']]);
    expect(errors[0].message).toMatch(/violates foreign key constraint.*\(the transaction begun at line 1 was rolled back: none of its statements took effect\)$/);
    // The transaction's table is gone, as in PostgreSQL; the next migration still applies, outside any transaction.
    expect(result.tables.map((t) => t.name).sort()).toEqual(['children', 'later', 'parents']);
    expect(result.diagnostics.map((d) => d.code)).not.toContain('sql.transaction-open');
  });
});

describe('a pg_dump-style file', () => {
  it('skips psql meta-commands and COPY data, and warns about extensions PGlite lacks without stopping', async () => {
    const result = await engine.replay({ files: loadSqlFiles(join(fixturesDir, 'psql-dump')) });
    const byCode = (code: string) => result.diagnostics.filter((d) => d.code === code).map((d) => d.line);
    expect(byCode('sql.psql-meta')).toEqual([2, 3]);
    expect(byCode('sql.copy-data')).toEqual([15]);
    expect(byCode('sql.extension-unavailable')).toEqual([5]);
    expect(result.diagnostics.find((d) => d.code === 'sql.extension-unavailable')?.severity).toBe('warning');
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    // Column 26 counts characters: 'Größe' is 7 characters but 9 bytes before the error.
    expect(errors.map((d) => [d.line, d.column, d.message])).toEqual([
      [27, 26, 'column "missing_column" does not exist'],
      [29, 62, 'type "public.geometry" does not exist [possibly provided by an unavailable extension: postgis]'],
    ]);
    const products = result.tables.find((t) => t.name === 'products')!;
    expect(products.columns.map((c) => [c.name, c.type])).toEqual([['id', 'integer'], ['name', 'citext'], ['note', 'text']]);
    expect(products.columns[2].default).toBe("'it''s; fine\n'::text");
    expect(result.schema.functions.map((f) => f.name)).toEqual(['touch']);
    expect(result.schema.extensions.find((e) => e.name === 'postgis')).toMatchObject({ available: false });
  });
});

describe('a dbmate migration with its down section in the same file', () => {
  it('replays the up section only', async () => {
    const result = await engine.replay({ files: loadSqlFiles(join(fixturesDir, 'dbmate-down')) });
    expect(result.plan.scheme).toBe('timestamp');
    expect(result.tables.map((t) => t.name)).toEqual(['users']);
    expect(result.diagnostics).toEqual([
      { file: 'db/migrations/20240101000000_create_users.sql', line: 4, severity: 'info', code: 'sql.down-section', message: 'Down section (-- migrate:down) not replayed' },
    ]);
  });
});

describe('migration facts', () => {
  it('records transactions, locks, risky ALTERs and RLS regressions', async () => {
    const result = await engine.replay({ files: loadSqlFiles(join(fixturesDir, 'migration-safety')) });
    expect(result.plan.scheme).toBe('flyway');
    const file = (path: string) => `db/migration/${path}`;

    // The failing statement inside BEGIN ... COMMIT is rolled back alone; the transaction's other work stays.
    const failure = result.diagnostics.find((d) => d.file === file('V2__backfill.sql'));
    expect(failure).toMatchObject({ line: 4, column: 8, severity: 'error' });
    expect(failure?.message).toMatch(/aborts the transaction begun at line 1/);
    expect(result.tables.find((t) => t.name === 'accounts')?.columns.map((c) => c.name)).toContain('plan');
    // accounts has a row (V2 inserted one), so PostgreSQL refuses ADD COLUMN ... NOT NULL without a default.
    expect(result.diagnostics.find((d) => d.file === file('V3__risky.sql'))).toMatchObject({ line: 3, message: 'column "region" of relation "accounts" contains null values' });

    const tx = result.facts.transactions.filter((t) => t.file === file('V2__backfill.sql'));
    expect(tx.map((t) => [t.explicit, t.source.line, t.ddl, t.dml, t.mixesDdlAndDml])).toEqual([[false, 1, 1, 2, true], [true, 1, 1, 2, true]]);

    const indexes = Object.fromEntries(result.facts.indexes.map((i) => [i.name, i]));
    expect(indexes.notes_account_idx).toMatchObject({ concurrent: false, tableExistedBeforeFile: false, lockTimeoutSet: false });
    expect(indexes.notes_body_idx).toMatchObject({ concurrent: false, tableExistedBeforeFile: true, lockTimeoutSet: false, source: { line: 5 } });
    expect(indexes.notes_created_idx).toMatchObject({ concurrent: true, tableExistedBeforeFile: true, lockTimeout: '2s' });
    expect(indexes.audit_at_idx).toMatchObject({ tableExistedBeforeFile: false });

    const alterations = result.facts.alterations.map((a) => [a.kind, a.table.name, a.column ?? a.constraint, a.source.line, a.tableExistedBeforeFile, a.lockTimeoutSet, a.applied]);
    expect(alterations).toEqual([
      ['add-column-not-null', 'accounts', 'created_at', 1, true, false, true],
      ['add-column-volatile-default', 'accounts', 'token', 2, true, false, true],
      ['add-column-not-null', 'accounts', 'region', 3, true, false, false],
      ['add-constraint', 'notes', 'notes_body_len', 4, true, false, true],
      ['add-constraint', 'notes', 'notes_account_fk2', 7, true, true, true],
      ['alter-column-type', 'notes', 'body', 9, true, true, true],
      ['rename-column', 'accounts', 'email', 10, true, true, true],
      ['drop-column', 'notes', 'body', 11, true, true, true],
    ]);
    const created = result.facts.alterations[0];
    expect(created.hasDefault).toBe(true);
    expect(result.facts.alterations[1].volatileBecause).toEqual(['gen_random_uuid']);
    expect(result.facts.alterations.filter((a) => a.kind === 'add-constraint').map((a) => [a.constraintType, a.notValid])).toEqual([['check', false], ['foreign-key', true]]);

    const notes = result.facts.tables.find((t) => t.name === 'notes')!;
    expect(notes.created).toMatchObject({ file: file('V1__init.sql'), line: 5 });
    expect(notes.rlsHistory.map((h) => h.change)).toEqual(['enable', 'disable']);
    expect(notes.rlsDisabledLater).toMatchObject({ file: file('V4__open_up.sql'), line: 2 });
    expect(notes.lastPolicyDropped).toMatchObject({ file: file('V4__open_up.sql'), line: 1 });
    expect(result.tables.find((t) => t.name === 'notes')).toMatchObject({ rlsEnabled: false, policies: [] });

    // Statement facts carry the AST and the table with whether it existed before the file.
    const rename = result.statements.find((s) => s.nodeType === 'RenameStmt')!;
    expect(rename.relation).toEqual({ schema: 'public', name: 'accounts', existedBeforeFile: true });
    expect(rename.ast.newname).toBe('email_address');
  });
});
