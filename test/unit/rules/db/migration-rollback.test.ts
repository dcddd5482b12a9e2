// mig.non-reversible over small projects, one per down-migration convention: golang-migrate
// (`N_x.up.sql` / `N_x.down.sql`), dbmate (`-- migrate:down` sections), Flyway with `U` undo files, Diesel
// (`<version>_x/up.sql` / `down.sql`), and plain Flyway without any down (where dropping is the convention
// and nothing may be reported).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migNonReversible, typeNarrows } from '../../../../main/analysis/rules/db/migration-rollback.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import { at, noneOn, on, onlyOn, replay, run, startEngine, type Replayed } from './support.js';

const GO = {
  init: 'db/migrations/000001_init.up.sql',
  initDown: 'db/migrations/000001_init.down.sql',
  cleanup: 'db/migrations/000002_cleanup.up.sql',
  cleanupDown: 'db/migrations/000002_cleanup.down.sql',
  narrow: 'db/migrations/000003_narrow.up.sql',
  settings: 'db/migrations/000004_settings.up.sql',
  settingsDown: 'db/migrations/000004_settings.down.sql',
};

const GOLANG_MIGRATE = {
  [GO.init]: `create table users (id bigint generated always as identity primary key, name text, nickname text, age integer);
create table legacy (id bigint primary key);
create table events (id bigint primary key, payload jsonb);
create table settings (key text primary key, value text);
create table audit (id bigint primary key, note text);
`,
  [GO.initDown]: 'drop table audit;\ndrop table settings;\ndrop table events;\ndrop table legacy;\ndrop table users;\n',
  [GO.cleanup]: `drop table legacy;
alter table users drop column nickname;
create table scratch (id bigint primary key);
drop table scratch;
`,
  [GO.cleanupDown]: '-- nickname is gone for good\ncreate table legacy (id bigint primary key);\n',
  [GO.narrow]: `alter table users alter column name type varchar(50);
alter table users alter column age type bigint;
truncate events;
delete from audit where id < 10;
`,
  [GO.settings]: 'delete from settings;\nalter table audit drop column note;\n',
  [GO.settingsDown]: `insert into settings (key, value) values ('theme', 'dark');
alter table audit add column note text;
`,
};

const DBMATE = {
  init: 'db/migrations/20240101000000_init.sql',
  drop: 'db/migrations/20240201000000_drop_b.sql',
};
const DBMATE_FILES = {
  [DBMATE.init]: '-- migrate:up\ncreate table a (id bigint primary key);\ncreate table b (id bigint primary key);\n\n-- migrate:down\ndrop table b;\ndrop table a;\n',
  [DBMATE.drop]: '-- migrate:up\ndrop table b;\n\n-- migrate:down\n',
};

const FLYWAY_UNDO = {
  'db/migration/V1__init.sql': 'create table a (id bigint primary key);\ncreate table b (id bigint primary key);\n',
  'db/migration/U1__init.sql': 'drop table b;\ndrop table a;\n',
  'db/migration/V2__drop_a.sql': 'drop table a;\n',
  'db/migration/V3__drop_b.sql': 'drop table b;\n',
  'db/migration/U3__drop_b.sql': 'create table b (id bigint primary key);\n',
};

const DIESEL = {
  'migrations/00000000000000_diesel_initial_setup/up.sql': 'create table posts (id bigint primary key, title text, draft boolean);\n',
  'migrations/00000000000000_diesel_initial_setup/down.sql': 'drop table posts;\n',
  'migrations/2024-05-01-120000_drop_draft/up.sql': 'alter table posts drop column draft;\n',
  'migrations/2024-05-01-120000_drop_draft/down.sql': 'alter table posts add column draft boolean;\n',
  'migrations/2024-06-01-090000_drop_title/up.sql': 'alter table posts drop column title;\n',
  'migrations/2024-06-01-090000_drop_title/down.sql': '-- irreversible\n',
};

const FLYWAY_PLAIN = {
  'db/migration/V1__init.sql': 'create table a (id bigint primary key, note text);\n',
  'db/migration/V2__drop.sql': 'alter table a drop column note;\ntruncate a;\n',
};

let engine: SchemaEngine;
let golang: Replayed;
let dbmate: Replayed;
let undo: Replayed;
let plain: Replayed;
let diesel: Replayed;

beforeAll(async () => {
  engine = await startEngine();
  golang = await replay(engine, GOLANG_MIGRATE);
  dbmate = await replay(engine, DBMATE_FILES);
  undo = await replay(engine, FLYWAY_UNDO);
  plain = await replay(engine, FLYWAY_PLAIN);
  diesel = await replay(engine, DIESEL);
});

describe('Diesel', () => {
  it('replays the up.sql of each folder in folder-name order, and reports the drop whose down.sql does not restore it', () => {
    expect(diesel.result.plan.scheme).toBe('diesel');
    expect(diesel.result.plan.migrations.map((m) => m.path)).toEqual([
      'migrations/00000000000000_diesel_initial_setup/up.sql', 'migrations/2024-05-01-120000_drop_draft/up.sql', 'migrations/2024-06-01-090000_drop_title/up.sql',
    ]);
    const findings = run(migNonReversible, diesel);
    expect(findings.map((f) => [f.location.file, f.location.line])).toEqual([['migrations/2024-06-01-090000_drop_title/up.sql', 1]]);
  });
});

afterAll(async () => {
  await engine?.close();
});

describe('the fixtures', () => {
  it('replay the up migrations only, without errors', () => {
    expect(golang.result.plan.migrations.map((m) => m.path)).toEqual([GO.init, GO.cleanup, GO.narrow, GO.settings]);
    expect(golang.result.plan.excluded.map((e) => [e.path, e.kind])).toEqual([[GO.initDown, 'down'], [GO.cleanupDown, 'down'], [GO.settingsDown, 'down']]);
    expect(undo.result.plan.migrations.map((m) => m.path)).toEqual(['db/migration/V1__init.sql', 'db/migration/V2__drop_a.sql', 'db/migration/V3__drop_b.sql']);
    for (const project of [golang, dbmate, undo, plain]) expect(project.result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

const SQITCH = {
  'sqitch.plan': '%project=shop\nschema 2024-01-01T00:00:00Z A <a@example.com>\ntrim [schema] 2024-01-02T00:00:00Z A <a@example.com>\n',
  'deploy/schema.sql': 'BEGIN;\ncreate table customers (id bigint primary key, name text, fax text, phone text);\nCOMMIT;\n',
  'revert/schema.sql': 'BEGIN;\ndrop table customers;\nCOMMIT;\n',
  'deploy/trim.sql': 'BEGIN;\nalter table customers drop column fax;\nalter table customers drop column phone;\nCOMMIT;\n',
  'revert/trim.sql': 'BEGIN;\nalter table customers add column phone text;\nCOMMIT;\n',
};

const PRECISE = {
  'migrations/001_init.up.sql': 'create table users (id bigint primary key, nickname text, fax text, phone text);\ncreate table orders (id bigint primary key);\n',
  'migrations/001_init.down.sql': 'drop table orders;\ndrop table users;\n',
  'migrations/002_trim.up.sql': 'alter table users drop column nickname;\nalter table users drop column fax;\nalter table users drop column phone;\n',
  // users is altered and a nickname column is added, but to orders: nickname is not back. fax comes back quoted and
  // qualified, phone from a DO block.
  'migrations/002_trim.down.sql': `alter table users add constraint users_id_positive check (id > 0);
alter table orders add column nickname text;
ALTER TABLE ONLY "public"."users" ADD COLUMN IF NOT EXISTS "fax" text;
do $$ begin alter table users add column phone text; end $$;
`,
};

describe('mig.non-reversible', () => {
  it('reports a dropped column the down migration does not add back, not the table it recreates', () => {
    const [finding, ...others] = on(migNonReversible, golang, 'public.users');
    expect(others.map((f) => f.location.file)).toEqual([GO.narrow]);
    expect(finding).toMatchObject({ severity: 'medium', location: at(golang, GO.cleanup, 'drop column nickname') });
    expect(finding.message).toBe('DROP COLUMN nickname on users in 000002_cleanup.up.sql cannot be rolled back: its down migration 000002_cleanup.down.sql '
      + 'does not add users.nickname back. After a rollback the previous release finds no column users.nickname.');
    expect(finding.related).toEqual([{ file: GO.cleanupDown, line: 1, message: 'down of 000002_cleanup.up.sql' }]);
    noneOn(migNonReversible, golang, 'public.legacy');
  });

  it('reports the narrowing type change and the TRUNCATE of a migration without a down, not the widening or the DELETE with WHERE', () => {
    const findings = run(migNonReversible, golang).filter((f) => f.location.file === GO.narrow);
    expect(findings.map((f) => [f.location.line, f.severity, f.message.split(':')[0]])).toEqual([
      [1, 'medium', 'ALTER COLUMN name TYPE character varying(50) (was text) on users in 000003_narrow.up.sql cannot be rolled back'],
      [3, 'low', 'TRUNCATE events in 000003_narrow.up.sql cannot be rolled back'],
    ]);
    expect(findings[1].message).toContain('000003_narrow.up.sql has no down migration, while 3 of the 4 migrations do. After a rollback events stays empty.');
  });

  it('is silent when the down restores what the step removed (rows re-inserted, column added back) and for tables created in the same file', () => {
    noneOn(migNonReversible, golang, 'public.settings');
    noneOn(migNonReversible, golang, 'public.audit');
    noneOn(migNonReversible, golang, 'public.scratch');
  });

  it('reads dbmate down sections: an empty one is no rollback', () => {
    const finding = onlyOn(migNonReversible, dbmate, 'public.b');
    expect(finding.location).toMatchObject(at(dbmate, DBMATE.drop, 'drop table b'));
    expect(finding.message).toContain('the down section of 20240201000000_drop_b.sql is empty, while 1 of the 2 migrations has one');
  });

  it('pairs Flyway V and U files by version', () => {
    expect(on(migNonReversible, undo, 'public.a').map((f) => [f.location.file, f.message.split(': ')[1]])).toEqual([
      ['db/migration/V2__drop_a.sql', 'V2__drop_a.sql has no down migration, while 2 of the 3 migrations do. After a rollback the previous release finds no table a.'],
    ]);
    noneOn(migNonReversible, undo, 'public.b');
  });

  it('reports nothing in a project without down migrations', () => {
    expect(run(migNonReversible, plain)).toEqual([]);
  });

  it('knows which type changes narrow', () => {
    const t = (name: string, ...modifiers: number[]) => ({ name, modifiers, array: false });
    expect(typeNarrows(t('text'), t('character varying', 50))).toBe(true);
    expect(typeNarrows(t('character varying', 200), t('character varying', 50))).toBe(true);
    expect(typeNarrows(t('bigint'), t('integer'))).toBe(true);
    expect(typeNarrows(t('numeric', 12, 2), t('numeric', 12, 0))).toBe(true);
    expect(typeNarrows(t('numeric'), t('integer'))).toBe(true);
    expect(typeNarrows(t('timestamp with time zone'), t('date'))).toBe(true);
    expect(typeNarrows(t('integer'), t('bigint'))).toBe(false);
    expect(typeNarrows(t('character varying', 50), t('text'))).toBe(false);
    expect(typeNarrows(t('numeric', 10, 2), t('numeric', 12, 2))).toBe(false);
    expect(typeNarrows(t('text'), t('jsonb'))).toBe(false);
  });
  it('pairs Sqitch deploy and revert scripts by change: a column the revert does not add back is reported', async () => {
    const sqitch = await replay(engine, SQITCH);
    expect(sqitch.result.plan.scheme).toBe('sqitch');
    const finding = onlyOn(migNonReversible, sqitch, 'public.customers');
    expect(finding.location).toMatchObject(at(sqitch, 'deploy/trim.sql', 'drop column fax'));
    expect(finding.related).toEqual([{ file: 'revert/trim.sql', line: 1, message: 'down of trim.sql' }]);
  });
  it('reads the down statement by statement: a column added to another table does not restore it; quoted, qualified or in a DO block it does', async () => {
    const precise = await replay(engine, PRECISE);
    const findings = on(migNonReversible, precise, 'public.users');
    expect(findings.map((f) => f.message.split(' in ')[0])).toEqual(['DROP COLUMN nickname on users']);
    expect(findings[0].location).toMatchObject(at(precise, 'migrations/002_trim.up.sql', 'drop column nickname'));
  });
});
