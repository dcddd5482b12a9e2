// Migration-safety rules over a replayed Flyway history. V1 creates the tables; V2 changes them (each
// risky statement next to its safe form, and a table created and changed in V2 itself, which is
// empty and never reported); V3 sets a lock_timeout and shows transaction and maintenance problems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropColumn, dropTable, renameColumn, renameTable } from '../../../../main/analysis/rules/db/migration-breaking.js';
import {
  addColumnNotNull, addColumnVolatileDefault, alterColumnType, constraintWithoutNotValid, indexNotConcurrent, setNotNull, uniqueWithoutIndex,
} from '../../../../main/analysis/rules/db/migration-locks.js';
import { typeChangeIsFree } from '../../../../main/analysis/rules/db/migration-support.js';
import { concurrentlyInTransaction, lockTimeoutMissing, transactionMixesDdlDml, vacuumFullCluster } from '../../../../main/analysis/rules/db/migration-process.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import { at, noneOn, on, onlyOn, replay, run, startEngine, type Replayed } from './support.js';

const V1 = 'db/migrations/V1__init.sql';
const V2 = 'db/migrations/V2__changes.sql';
const V3 = 'db/migrations/V3__process.sql';

const V1_SQL = `create table accounts (
  id bigint generated always as identity primary key,
  email text not null,
  plan text
);
create table notes (
  id bigint generated always as identity primary key,
  account_id bigint not null references accounts (id),
  body text,
  title varchar(50)
);
create index notes_account_idx on notes (account_id);
create table tags (id bigint generated always as identity primary key, label text);
insert into tags (label) values ('first');
create table archive (id bigint primary key, payload text);
create table legacy (id bigint primary key);
`;

const V2_SQL = `create index notes_body_idx on notes (body);
create index concurrently notes_title_idx on notes (title);
alter table accounts add column region text not null;
alter table accounts add column tier text not null default 'free';
alter table accounts add column token uuid default gen_random_uuid();
alter table accounts add column joined_at timestamptz default now();
alter table notes add constraint notes_body_len check (char_length(body) < 10000);
alter table notes add constraint notes_title_len check (char_length(title) < 100) not valid;
alter table notes add constraint notes_account_fk2 foreign key (account_id) references accounts (id);
alter table accounts add constraint accounts_email_key unique (email);
create unique index concurrently accounts_plan_key on accounts (plan);
alter table accounts add constraint accounts_plan_key unique using index accounts_plan_key;
alter table notes alter column body type varchar(500);
alter table notes alter column title type varchar(200);
alter table accounts alter column plan set not null;
alter table tags add constraint tags_label_nn check (label is not null) not valid;
alter table tags validate constraint tags_label_nn;
alter table tags alter column label set not null;
alter table accounts rename column email to email_address;
alter table tags rename to labels;
alter table archive drop column payload;
drop table legacy;
create table audit (id bigint primary key, at timestamptz);
create index audit_at_idx on audit (at);
alter table audit add column actor text not null;
alter table audit rename column at to happened_at;
alter table audit drop column actor;
create table scratch (id bigint primary key);
alter table scratch rename to scratch_pad;
drop table scratch_pad;
`;

const V3_SQL = `set lock_timeout = '2s';
begin;
alter table accounts add column score integer;
update accounts set score = 0;
commit;
begin;
create index concurrently accounts_score_idx on accounts (score);
commit;
create table seeds (id bigint primary key, name text);
insert into seeds values (1, 'one');
vacuum full accounts;
cluster notes using notes_account_idx;
vacuum accounts;
`;

let engine: SchemaEngine;
let project: Replayed;

beforeAll(async () => {
  engine = await startEngine();
  project = await replay(engine, { [V1]: V1_SQL, [V2]: V2_SQL, [V3]: V3_SQL });
});

afterAll(async () => {
  await engine?.close();
});

const v2 = (snippet: string) => at(project, V2, snippet);
const v3 = (snippet: string) => at(project, V3, snippet);

describe('the fixture', () => {
  it('replays in Flyway order; only the CONCURRENTLY inside BEGIN fails', () => {
    expect(project.result.plan.migrations.map((m) => m.path)).toEqual([V1, V2, V3]);
    expect(project.result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}`)).toEqual([`${V3}:${v3('create index concurrently').line}`]);
  });

  it('never reports a lock on the table V2 creates itself', () => {
    const lockRules = [indexNotConcurrent, addColumnNotNull, addColumnVolatileDefault, constraintWithoutNotValid, uniqueWithoutIndex, alterColumnType,
      setNotNull, renameColumn, renameTable, dropColumn, dropTable];
    expect(run(lockRules, project).filter((f) => ['public.audit', 'public.scratch', 'public.scratch_pad'].includes(f.element))).toEqual([]);
  });
});

describe('mig.index-not-concurrent', () => {
  it('reports CREATE INDEX on a table an earlier migration created', () => {
    const finding = onlyOn(indexNotConcurrent, project, 'public.notes');
    expect(finding).toMatchObject({ severity: 'medium', location: v2('create index notes_body_idx') });
    expect(finding.message).toBe('CREATE INDEX notes_body_idx ON notes (created in V1__init.sql, so it may already hold data) blocks writes to notes for the whole build: '
      + 'use CREATE INDEX CONCURRENTLY.');
  });

  it('is silent for CONCURRENTLY and for indexes in the migration that creates the table', () => {
    expect(on(indexNotConcurrent, project, 'public.notes').map((f) => f.location.line)).toEqual([v2('create index notes_body_idx').line]);
    noneOn(indexNotConcurrent, project, 'public.audit');
  });
});

describe('mig.add-column-not-null', () => {
  it('reports NOT NULL without a default on an existing table', () => {
    const finding = onlyOn(addColumnNotNull, project, 'public.accounts');
    expect(finding).toMatchObject({ severity: 'high', location: v2('add column region text not null') });
    expect(finding.message).toContain('ADD COLUMN region NOT NULL without a DEFAULT on accounts (created in V1__init.sql');
  });

  it('is silent with a default (tier) and on a table created in the same file (audit.actor)', () => {
    expect(on(addColumnNotNull, project, 'public.accounts')).toHaveLength(1);
    noneOn(addColumnNotNull, project, 'public.audit');
  });
});

describe('mig.add-column-volatile-default', () => {
  it('reports a volatile default, not a stable one', () => {
    const finding = onlyOn(addColumnVolatileDefault, project, 'public.accounts');
    expect(finding.location).toMatchObject(v2('add column token uuid default gen_random_uuid()'));
    expect(finding.message).toContain('with volatile default gen_random_uuid()');
  });
});

describe('mig.constraint-without-not-valid', () => {
  it('reports a CHECK and a FOREIGN KEY validated in place, not the NOT VALID one', () => {
    const findings = on(constraintWithoutNotValid, project, 'public.notes');
    expect(findings.map((f) => f.location)).toEqual([
      expect.objectContaining(v2('add constraint notes_body_len check')),
      expect.objectContaining(v2('add constraint notes_account_fk2 foreign key')),
    ]);
    expect(findings[1].message).toContain('checks every row while blocking writes to notes and the referenced table');
  });
});

describe('mig.unique-without-index', () => {
  it('reports ADD CONSTRAINT UNIQUE that builds its index, not one USING INDEX', () => {
    const finding = onlyOn(uniqueWithoutIndex, project, 'public.accounts');
    expect(finding.location).toMatchObject(v2('add constraint accounts_email_key unique (email)'));
  });
});

describe('mig.alter-column-type', () => {
  it('reports a rewriting type change with the old type, not widening a varchar', () => {
    const finding = onlyOn(alterColumnType, project, 'public.notes');
    expect(finding.location).toMatchObject(v2('alter column body type varchar(500)'));
    expect(finding.message).toContain('ALTER COLUMN body TYPE character varying(500) (was text) on notes');
  });

  it('knows which type changes are free', () => {
    const t = (name: string, ...modifiers: number[]) => ({ name, modifiers, array: false });
    expect(typeChangeIsFree(t('character varying', 50), t('character varying', 200))).toBe(true);
    expect(typeChangeIsFree(t('character varying', 50), t('text'))).toBe(true);
    expect(typeChangeIsFree(t('character varying', 200), t('character varying', 50))).toBe(false);
    expect(typeChangeIsFree(t('text'), t('character varying', 500))).toBe(false);
    expect(typeChangeIsFree(t('integer'), t('bigint'))).toBe(false);
    expect(typeChangeIsFree(t('numeric', 10, 2), t('numeric', 12, 2))).toBe(true);
  });
});

describe('mig.set-not-null', () => {
  it('reports SET NOT NULL without a validated CHECK first', () => {
    expect(onlyOn(setNotNull, project, 'public.accounts').location).toMatchObject(v2('alter column plan set not null'));
  });

  it('is silent after a validated CHECK (col IS NOT NULL)', () => {
    noneOn(setNotNull, project, 'public.tags');
  });
});

describe('renames and drops', () => {
  it('mig.rename-column names the old and new column', () => {
    const finding = onlyOn(renameColumn, project, 'public.accounts');
    expect(finding.location).toMatchObject(v2('rename column email to email_address'));
    expect(finding.message).toContain('RENAME COLUMN email TO email_address on accounts (created in V1__init.sql');
    noneOn(renameColumn, project, 'public.audit');
  });

  it('mig.rename-table reports renaming an existing table, not one created in the same file', () => {
    expect(onlyOn(renameTable, project, 'public.tags')).toMatchObject({ location: v2('alter table tags rename to labels') });
    noneOn(renameTable, project, 'public.scratch');
  });

  it('mig.drop-column and mig.drop-table report existing tables only', () => {
    expect(onlyOn(dropColumn, project, 'public.archive').location).toMatchObject(v2('alter table archive drop column payload'));
    noneOn(dropColumn, project, 'public.audit');
    expect(onlyOn(dropTable, project, 'public.legacy')).toMatchObject({ severity: 'high', location: v2('drop table legacy') });
    noneOn(dropTable, project, 'public.scratch_pad');
  });
});

describe('mig.lock-timeout-missing', () => {
  it('reports a file that locks existing tables without lock_timeout, at its first such statement', () => {
    const finding = onlyOn(lockTimeoutMissing, project, V2);
    expect(finding.location).toMatchObject(v2('create index notes_body_idx'));
    expect(finding.message).toMatch(/^V2__changes\.sql locks 5 existing tables \(notes, accounts, tags, archive and legacy\) in \d+ statements without SET lock_timeout/);
  });

  it('is silent for a file that sets lock_timeout first, and for files that only touch their own tables', () => {
    noneOn(lockTimeoutMissing, project, V3);
    noneOn(lockTimeoutMissing, project, V1);
  });
});

describe('mig.transaction-mixes-ddl-dml', () => {
  it('reports an UPDATE in the transaction of an ALTER TABLE, at the BEGIN', () => {
    const finding = onlyOn(transactionMixesDdlDml, project, V3);
    expect(finding.location).toMatchObject({ file: V3, line: 2 }); // the first BEGIN
    expect(finding.message).toBe(`V3__process.sql runs UPDATE accounts (line ${v3('update accounts').line}) in the same transaction as ALTER TABLE accounts `
      + `(line ${v3('add column score').line}): the lock on accounts is held until the data change commits.`);
  });

  it('is silent for seed data inserted into a table the same file creates', () => {
    noneOn(transactionMixesDdlDml, project, V1);
  });
});

describe('mig.concurrently-in-transaction', () => {
  it('reports CREATE INDEX CONCURRENTLY inside BEGIN ... COMMIT', () => {
    const finding = onlyOn(concurrentlyInTransaction, project, 'public.accounts');
    expect(finding).toMatchObject({ severity: 'high', location: v3('create index concurrently accounts_score_idx') });
  });

  it('is silent for CONCURRENTLY outside a transaction block', () => {
    noneOn(concurrentlyInTransaction, project, 'public.notes');
  });
});

describe('mig.vacuum-full-cluster', () => {
  it('reports VACUUM FULL and CLUSTER, not a plain VACUUM', () => {
    const findings = on(vacuumFullCluster, project, V3);
    expect(findings.map((f) => [f.location.line, f.message])).toEqual([
      [v3('vacuum full accounts').line, 'VACUUM FULL rewrites accounts under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends.'],
      [v3('cluster notes').line, 'CLUSTER rewrites notes under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends.'],
    ]);
  });
});
