import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaEngine, type ReplayResult, type SchemaEngine } from '../../../main/db/engine.js';
import type { Table } from '../../../shared/model/model.js';
import { corpusDir, loadSqlFiles, sharedCacheDir } from './helpers.js';

const structure = readFileSync(join(corpusDir, 'danbooru/db/structure.sql'), 'utf8');
let engine: SchemaEngine;
let result: ReplayResult;

beforeAll(async () => {
  engine = await createSchemaEngine({ cacheDir: sharedCacheDir });
  result = await engine.replay({ files: loadSqlFiles(join(corpusDir, 'danbooru')) });
});

afterAll(async () => {
  await engine?.close();
});

/** Foreign keys whose columns are not a leading prefix of any index on their table. */
function unindexedForeignKeys(tables: Table[]): string[] {
  const out: string[] = [];
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      const covered = table.indexes.some((index) => fk.columns.every((column, i) => index.columns[i] === column));
      if (!covered) out.push(`${table.name}.${fk.columns.join(',')}`);
    }
  }
  return out.sort();
}

describe('danbooru db/structure.sql', () => {
  it('replays the dump alone; the scenic view files are not migrations', () => {
    expect(result.plan.scheme).toBe('dump');
    expect(result.plan.migrations.map((m) => m.path)).toEqual(['db/structure.sql']);
    expect(result.plan.excluded.map((e) => e.kind)).toEqual(['view-definition', 'view-definition', 'view-definition', 'view-definition']);
  });

  it('reports only the missing pgstattuple extension, as warnings', () => {
    const problems = result.diagnostics.filter((d) => d.severity !== 'info');
    expect(problems.map((d) => [d.severity, d.code, d.line])).toEqual([
      ['warning', 'sql.extension-unavailable', 72],
      ['warning', 'sql.extension-unavailable', 79],
    ]);
    expect(result.schema.extensions.find((e) => e.name === 'pgstattuple')).toMatchObject({ available: false, source: { line: 72 } });
    expect(result.schema.extensions.filter((e) => e.available && !e.system).map((e) => e.name)).toEqual(['btree_gin', 'fuzzystrmatch', 'pg_trgm', 'pgcrypto']);
  });

  it('has every table of the SQL (65 CREATE TABLE and one CREATE UNLOGGED TABLE)', () => {
    const names = [...structure.matchAll(/^CREATE (?:UNLOGGED )?TABLE public\.(\w+)/gm)].map((m) => m[1]).sort();
    expect(names).toHaveLength(66);
    expect([...structure.matchAll(/^CREATE TABLE /gm)]).toHaveLength(65);
    expect(result.tables.map((t) => t.name).sort()).toEqual(names);
    const posts = result.tables.find((t) => t.name === 'posts')!;
    expect(posts.source).toEqual({ file: 'db/structure.sql', line: 1544, column: 1 });
    expect(posts.columns.find((c) => c.name === 'tag_string')).toMatchObject({ type: 'text', nullable: false, default: "''::text" });
  });

  it('has the 93 foreign keys with their actions and the line of their ALTER TABLE', () => {
    const fks = result.tables.flatMap((t) => t.foreignKeys);
    expect([...structure.matchAll(/FOREIGN KEY/g)]).toHaveLength(93);
    expect(fks).toHaveLength(93);
    const approver = result.tables.find((t) => t.name === 'bulk_update_requests')!.foreignKeys.find((f) => f.name === 'fk_rails_87084cb039');
    expect(approver).toMatchObject({ columns: ['approver_id'], referencedTable: 'users', referencedColumns: ['id'], deferrable: true, onDelete: 'NO ACTION', source: { line: 6860 } });
  });

  it('has every index of the SQL plus the primary keys', () => {
    const created = [...structure.matchAll(/^CREATE (?:UNIQUE )?INDEX (\w+) ON public\.(\w+)/gm)];
    const primaryKeys = [...structure.matchAll(/ADD CONSTRAINT \w+ PRIMARY KEY/g)];
    expect(created).toHaveLength(391);
    expect(primaryKeys).toHaveLength(65);
    const indexes = result.tables.flatMap((t) => t.indexes.map((i) => ({ ...i, table: t.name })));
    expect(indexes).toHaveLength(391 + 65);
    expect(indexes.filter((i) => i.primary)).toHaveLength(65);
    const byName = new Map(indexes.map((i) => [i.name, i]));
    for (const [, name, table] of created) expect(byName.get(name)?.table).toBe(table);
    const partial = byName.get('index_sent_dmails_on_owner_id_and_created_at')!;
    expect(partial).toMatchObject({ partial: true, predicate: 'owner_id = from_id', columns: ['owner_id', 'created_at'], method: 'btree', source: { line: 5624 } });
    expect(byName.get('posts_pkey')).toMatchObject({ primary: true, unique: true, constraint: 'posts_pkey', source: { line: 3502 } });
    expect(byName.get('index_dmails_on_to_tsvector_english_body')?.expressions).toEqual(["to_tsvector('english'::regconfig, body)"]);
  });

  it('lists the foreign keys no index supports (12; a few checked by hand against the SQL)', () => {
    const unindexed = unindexedForeignKeys(result.tables);
    expect(unindexed).toHaveLength(12);
    // bulk_update_requests has indexes on created_at, forum_post_id, tags, (user_id, created_at): none on approver_id or forum_topic_id.
    expect(unindexed).toContain('bulk_update_requests.approver_id');
    expect(unindexed).toContain('bulk_update_requests.forum_topic_id');
    // dmails indexes from_id and owner_id, not to_id; ip_bans indexes category, ip_addr, is_deleted, not creator_id.
    expect(unindexed).toContain('dmails.to_id');
    expect(unindexed).toContain('ip_bans.creator_id');
    expect(unindexed).not.toContain('dmails.from_id');
  });

  it('reads views, functions and sequences', () => {
    expect(result.schema.views.map((v) => [v.name, v.materialized, v.source?.line])).toEqual([['post_events', false, 1587], ['user_actions', false, 2314]]);
    expect(result.schema.functions.map((f) => f.name)).toEqual(['array_initials', 'lower', 'reverse_textregexeq']);
    expect(result.schema.sequences.find((s) => s.name === 'posts_id_seq')?.ownedBy).toBe('public.posts.id');
  });

  it('computes migration facts for a dump', () => {
    expect(result.facts.tables).toHaveLength(66);
    expect(result.facts.indexes).toHaveLength(391);
    expect(result.facts.indexes.every((i) => !i.tableExistedBeforeFile && !i.concurrent)).toBe(true);
    expect(result.facts.transactions[0]).toMatchObject({ explicit: false, dml: 1, mixesDdlAndDml: true });
  });
});
