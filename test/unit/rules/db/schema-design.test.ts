// Schema-design rules over one replayed project: each table shows one situation (the positive case)
// and the well-designed tables next to it are the negative cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regTypeColumns, typeChar, typeInt4Id, typeSerial, typeTimestampNoTz, typeVarcharN } from '../../../../main/analysis/rules/db/column-types.js';
import { cascadeChainDepth, fkOnDeleteUnspecified, fkTypeMismatch, implicitFkMissing } from '../../../../main/analysis/rules/db/foreign-keys.js';
import { extensionInPublic } from '../../../../main/analysis/rules/db/functions-views.js';
import { fkUnindexed, indexDuplicate, indexRedundantPrefix, pkMissing, tableNoIndex, tooManyIndexes } from '../../../../main/analysis/rules/db/indexes.js';
import { DB_RULES } from '../../../../main/analysis/rules/db/index.js';
import { columnTypeInconsistentByName, identifierTooLong, namingInconsistent, tableTooWide } from '../../../../main/analysis/rules/db/naming.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import { at, noneOn, on, onlyOn, replay, run, startEngine, type Replayed } from './support.js';

const FILE = 'db/migrations/V1__schema.sql';
const LONG_COLUMN = 'marketing_consent_given_at_signup_for_the_quarterly_newsletter_program';
const wideColumns = Array.from({ length: 50 }, (_, i) => `  field_${i + 1} text`).join(',\n');
const searchIndexes = 'abcdefghijklmno'.split('').map((c) => `create index search_documents_${c}_idx on search_documents (${c});`).join('\n');

const SCHEMA = `-- A shop schema: well-designed tables next to one table per problem.
create table customers (
  id bigint generated always as identity primary key,
  email text not null unique,
  created_at timestamptz not null default now()
);
create table audit_entries (
  happened_at timestamptz not null,
  message text
);
create table import_rows (
  external_ref text not null,
  payload jsonb
);
create unique index import_rows_ref_key on import_rows (external_ref);
create table orders (
  id bigint generated always as identity primary key,
  customer_id bigint not null references customers (id),
  created_at timestamptz not null default now()
);
create index orders_created_idx on orders (created_at);
create index orders_created_again_idx on orders (created_at);
create table order_lines (
  order_id bigint not null references orders (id) on delete cascade,
  line_no integer not null,
  sku text not null,
  primary key (order_id, line_no)
);
create table shipments (
  id bigint generated always as identity primary key,
  order_id bigint not null references orders (id),
  tracking_no text,
  shipped_at timestamptz
);
create index shipments_order_idx on shipments (order_id);
create index shipments_order_shipped_idx on shipments (order_id, shipped_at);
create unique index shipments_tracking_key on shipments (tracking_no);
create index shipments_tracking_shipped_idx on shipments (tracking_no, shipped_at);
create table returns (
  id bigint generated always as identity primary key,
  shipment_id bigint references shipments (id),
  reason text
);
create index returns_shipment_idx on returns (shipment_id) where shipment_id is not null;
create table invoices (
  id bigint generated always as identity primary key,
  order_id integer not null references orders (id)
);
create index invoices_order_idx on invoices (order_id);
create table payments (
  id bigint generated always as identity primary key,
  invoice_id bigint not null,
  provider_id text not null
);
create table customer_profiles (
  customer_id bigint primary key references customers (id),
  bio text
);
create table customer_settings (
  customer_id bigint primary key references customers (id) on delete no action,
  theme text
);
create table projects (id bigint generated always as identity primary key, name text not null);
create table boards (
  id bigint generated always as identity primary key,
  project_id bigint not null references projects (id) on delete cascade
);
create index boards_project_idx on boards (project_id);
create table cards (
  id bigint generated always as identity primary key,
  board_id bigint not null references boards (id) on delete cascade
);
create index cards_board_idx on cards (board_id);
create table card_comments (
  id bigint generated always as identity primary key,
  card_id bigint not null references cards (id) on delete cascade
);
create index card_comments_card_idx on card_comments (card_id);
create table events (
  id bigint generated always as identity primary key,
  happened_at timestamp not null
);
create table legacy_tags (
  id serial primary key,
  label varchar(40) not null
);
create table countries (
  code char(2) primary key,
  name text not null
);
create table job_handlers (
  id bigint generated always as identity primary key,
  handler regprocedure not null
);
create table cached_relations (
  id bigint generated always as identity primary key,
  relation regclass not null
);
alter table customers add column ${LONG_COLUMN} boolean;
-- Not identifiers: ${LONG_COLUMN}_in_a_comment
comment on column customers.email is '${LONG_COLUMN}_in_a_string';
alter table customers add column ${LONG_COLUMN.slice(0, 63)}_x boolean;
alter table customers add column ${'n'.repeat(63)} boolean;
create table wishlist (
  id bigint generated always as identity primary key,
  customer_id bigint not null references customers (id) on delete cascade
);
create index wishlist_customer_idx on wishlist (customer_id);
create table "giftCards" (
  id bigint generated always as identity primary key,
  "balanceCents" bigint not null
);
create table wide_reports (
  id bigint generated always as identity primary key,
${wideColumns}
);
create table search_documents (id bigint generated always as identity primary key, a text, b text, c text, d text, e text, f text, g text,
  h text, i text, j text, k text, l text, m text, n text, o text);
${searchIndexes}
create table empty_things ();
create table measurements (id bigint not null, taken_on date not null, primary key (id, taken_on)) partition by range (taken_on);
create table measurements_2024 partition of measurements for values from ('2024-01-01') to ('2025-01-01');
create table broken_links (id bigint primary key, target_id bigint references no_such_table (id));
create extension if not exists pg_trgm;
create schema extensions;
create extension if not exists btree_gin with schema extensions;
`;

let engine: SchemaEngine;
let project: Replayed;

beforeAll(async () => {
  engine = await startEngine();
  project = await replay(engine, { [FILE]: SCHEMA });
});

afterAll(async () => {
  await engine?.close();
});

const where = (snippet: string, nth?: number) => at(project, FILE, snippet, nth);

describe('the fixture', () => {
  it('replays with the two errors it means to have', () => {
    expect(project.result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.message.split(' (')[0]])).toEqual([
      // Truncated to 63 bytes, the second long name is the first one again: the collision db.identifier-too-long warns about.
      [where(`${LONG_COLUMN.slice(0, 63)}_x`).line, `column "${LONG_COLUMN.slice(0, 63)}" of relation "customers" already exists`],
      [where('create table broken_links').line, 'relation "no_such_table" does not exist'],
    ]);
  });

  it('runs every database rule without a failure, also over an empty table, a partitioned table and a failed CREATE TABLE', () => {
    const findings = run(DB_RULES, project);
    // The failed CREATE TABLE has no table to report on; only its dangling REFERENCES is a finding.
    expect(findings.filter((f) => f.element === 'public.broken_links').map((f) => f.ruleId)).toEqual(['db.fk-dangling']);
    expect(findings.filter((f) => f.element === 'public.measurements_2024').map((f) => f.ruleId)).toEqual([]);
    expect(findings.filter((f) => f.element === 'public.empty_things').map((f) => f.ruleId).sort()).toEqual(['db.pk-missing', 'db.table-no-index']);
  });
});

describe('db.pk-missing', () => {
  it('reports a table without a primary key at its CREATE TABLE', () => {
    expect(onlyOn(pkMissing, project, 'public.audit_entries')).toMatchObject({ severity: 'medium', location: where('create table audit_entries') });
  });

  it('points at a unique index on NOT NULL columns that could become the key', () => {
    expect(onlyOn(pkMissing, project, 'public.import_rows').message).toContain('Unique index import_rows_ref_key (external_ref) on NOT NULL columns can become the key');
  });

  it('is silent for tables with a primary key', () => {
    noneOn(pkMissing, project, 'public.customers');
    noneOn(pkMissing, project, 'public.order_lines');
  });
});

describe('db.table-no-index', () => {
  it('reports a table with no index at all', () => {
    expect(onlyOn(tableNoIndex, project, 'public.audit_entries').location).toMatchObject(where('create table audit_entries'));
  });

  it('is silent for a table whose only index is a unique index', () => {
    noneOn(tableNoIndex, project, 'public.import_rows');
    noneOn(tableNoIndex, project, 'public.customers');
  });
});

describe('db.fk-unindexed', () => {
  it('reports a foreign key no index leads with, at the REFERENCES', () => {
    const finding = onlyOn(fkUnindexed, project, 'public.orders');
    expect(finding.location).toMatchObject(where('customer_id bigint not null references customers (id),'));
    expect(finding.message).toBe('Foreign key orders (customer_id) -> customers has no index with those leading columns: each DELETE or key UPDATE on '
      + 'customers scans all of orders, and joins from customers to orders cannot use an index.');
  });

  it('accepts the leading columns of a primary key, a plain index and a partial index that only excludes NULLs', () => {
    noneOn(fkUnindexed, project, 'public.order_lines');
    noneOn(fkUnindexed, project, 'public.shipments');
    noneOn(fkUnindexed, project, 'public.returns');
  });

  it('accepts a primary key made of the foreign key itself', () => {
    noneOn(fkUnindexed, project, 'public.customer_profiles');
  });
});

describe('db.index-duplicate', () => {
  it('reports the second of two identical indexes, pointing at the first', () => {
    const finding = onlyOn(indexDuplicate, project, 'public.orders');
    expect(finding.location).toMatchObject(where('create index orders_created_again_idx'));
    expect(finding.message).toContain('Index orders_created_again_idx (created_at) on orders duplicates orders_created_idx');
    expect(finding.related?.[0]).toMatchObject(where('create index orders_created_idx'));
  });

  it('is silent when indexes differ', () => {
    noneOn(indexDuplicate, project, 'public.shipments');
  });
});

describe('db.index-redundant-prefix', () => {
  it('reports an index that is a prefix of another', () => {
    const finding = onlyOn(indexRedundantPrefix, project, 'public.shipments');
    expect(finding.location).toMatchObject(where('create index shipments_order_idx'));
    expect(finding.message).toContain('shipments_order_idx (order_id) on shipments is a prefix of shipments_order_shipped_idx (order_id, shipped_at)');
  });

  it('keeps a UNIQUE prefix (it enforces a constraint)', () => {
    expect(onlyOn(indexRedundantPrefix, project, 'public.shipments').message).not.toContain('shipments_tracking_key');
    noneOn(indexRedundantPrefix, project, 'public.orders');
  });
});

describe('db.too-many-indexes', () => {
  it('reports a table with more than 15 indexes', () => {
    const finding = onlyOn(tooManyIndexes, project, 'public.search_documents');
    expect(finding.location).toMatchObject(where('create table search_documents'));
    expect(finding.message).toContain('has 16 indexes');
  });

  it('is silent for ordinary tables', () => {
    noneOn(tooManyIndexes, project, 'public.shipments');
  });
});

describe('db.fk-type-mismatch', () => {
  it('reports an integer column referencing a bigint key, at the column', () => {
    const finding = onlyOn(fkTypeMismatch, project, 'public.invoices');
    expect(finding).toMatchObject({ severity: 'medium', location: where('order_id integer not null references orders (id)') });
    expect(finding.message).toBe('invoices.order_id is integer but references orders.id, which is bigint: once orders ids outgrow integer, inserts into invoices fail.');
  });

  it('is silent when the types match', () => {
    noneOn(fkTypeMismatch, project, 'public.orders');
  });
});

describe('db.implicit-fk-missing', () => {
  it('reports a *_id column next to a table of that name, without a foreign key', () => {
    const finding = onlyOn(implicitFkMissing, project, 'public.payments');
    expect(finding.location).toMatchObject(where('invoice_id bigint not null'));
    expect(finding.message).toContain('payments.invoice_id looks like a reference to invoices (id) but has no foreign key');
  });

  it('is silent for columns with a foreign key and for names no table matches', () => {
    noneOn(implicitFkMissing, project, 'public.shipments');
    expect(onlyOn(implicitFkMissing, project, 'public.payments').message).not.toContain('provider_id'); // no providers table
  });
});

describe('db.fk-on-delete-unspecified', () => {
  it('reports an owned row (key = reference) whose ON DELETE is left to the default', () => {
    const finding = onlyOn(fkOnDeleteUnspecified, project, 'public.customer_profiles');
    expect(finding.location).toMatchObject(where('customer_id bigint primary key references customers (id),'));
    expect(finding.message).toContain('deleting a row of customers fails while it has customer_profiles rows');
  });

  it('is silent when ON DELETE is written, or the reference is not part of the key', () => {
    noneOn(fkOnDeleteUnspecified, project, 'public.customer_settings');
    noneOn(fkOnDeleteUnspecified, project, 'public.order_lines');
    noneOn(fkOnDeleteUnspecified, project, 'public.orders');
  });
});

describe('db.cascade-chain-depth', () => {
  it('reports a cascade three levels deep at its root', () => {
    const finding = onlyOn(cascadeChainDepth, project, 'public.projects');
    expect(finding.location).toMatchObject(where('create table projects'));
    expect(finding.message).toBe('Deleting one row of projects cascades 3 levels deep: projects -> boards -> cards -> card_comments, all in one statement.');
  });

  it('is silent for a one-level cascade', () => {
    noneOn(cascadeChainDepth, project, 'public.orders');
    noneOn(cascadeChainDepth, project, 'public.customers');
  });
});

describe('column types', () => {
  it('db.type-timestamp-no-tz reports timestamp without time zone at the column', () => {
    expect(onlyOn(typeTimestampNoTz, project, 'public.events').location).toMatchObject(where('happened_at timestamp not null'));
    noneOn(typeTimestampNoTz, project, 'public.customers');
  });

  it('db.type-serial reports a serial column, not an identity column', () => {
    const finding = onlyOn(typeSerial, project, 'public.legacy_tags');
    expect(finding.location).toMatchObject(where('id serial primary key'));
    expect(finding.message).toContain('sequence legacy_tags_id_seq (serial)');
    noneOn(typeSerial, project, 'public.customers');
  });

  it('db.type-int4-id reports an integer primary key, not a bigint one', () => {
    expect(onlyOn(typeInt4Id, project, 'public.legacy_tags')).toMatchObject({ location: where('id serial primary key') });
    noneOn(typeInt4Id, project, 'public.customers');
  });

  it('db.type-varchar-n reports varchar(n), not text', () => {
    expect(onlyOn(typeVarcharN, project, 'public.legacy_tags')).toMatchObject({ severity: 'info', location: where('label varchar(40) not null') });
    noneOn(typeVarcharN, project, 'public.customers');
  });

  it('db.type-char reports char(n)', () => {
    expect(onlyOn(typeChar, project, 'public.countries').location).toMatchObject(where('code char(2) primary key'));
    noneOn(typeChar, project, 'public.customers');
  });

  it('db.reg-type-columns reports regprocedure but not regclass', () => {
    expect(onlyOn(regTypeColumns, project, 'public.job_handlers').location).toMatchObject(where('handler regprocedure not null'));
    noneOn(regTypeColumns, project, 'public.cached_relations');
  });
});

describe('db.identifier-too-long', () => {
  it('reports a name over 63 bytes at the identifier itself, once per name', () => {
    const findings = on(identifierTooLong, project, FILE);
    const line = where(`add column ${LONG_COLUMN} boolean`).line;
    expect(findings.map((f) => f.location)).toEqual([
      { file: FILE, line, column: SCHEMA.split('\n')[line - 1].indexOf(LONG_COLUMN) + 1 },
      expect.objectContaining({ line: where(`${LONG_COLUMN.slice(0, 63)}_x`).line }),
    ]);
    expect(findings[0].message).toContain(`silently truncates it to "${LONG_COLUMN.slice(0, 63)}"`);
  });

  it('ignores comments, string literals and a name of exactly 63 bytes', () => {
    expect(on(identifierTooLong, project, FILE).map((f) => f.location.line)).not.toContain(where('n'.repeat(63)).line);
    expect(on(identifierTooLong, project, FILE)).toHaveLength(2);
  });
});

describe('db.naming-inconsistent', () => {
  it('reports the one singular table among plural ones', () => {
    const finding = onlyOn(namingInconsistent, project, 'public.wishlist');
    expect(finding.location).toMatchObject(where('create table wishlist'));
    expect(finding.message).toMatch(/^Table wishlist is singular while \d+ other tables are plural/);
  });

  it('reports a camelCase table and its camelCase columns among snake_case ones', () => {
    const findings = on(namingInconsistent, project, 'public.giftCards');
    expect(findings.map((f) => [f.location.line, f.message])).toEqual([
      [where('create table "giftCards"').line, expect.stringMatching(/^Table giftCards is not snake_case like \d+ other tables: it must be double-quoted in every query\.$/)],
      [where('"balanceCents" bigint').line, expect.stringMatching(/^giftCards has 1 column not in snake_case \(balanceCents\) while \d+ columns elsewhere are; each must be double-quoted in queries\.$/)],
    ]);
  });

  it('is silent for tables that follow the convention', () => {
    noneOn(namingInconsistent, project, 'public.customers');
    noneOn(namingInconsistent, project, 'public.countries');
  });
});

describe('db.column-type-inconsistent-by-name', () => {
  it('reports a reference column whose type differs from the same column elsewhere', () => {
    const finding = onlyOn(columnTypeInconsistentByName, project, 'public.invoices');
    expect(finding.location).toMatchObject(where('order_id integer not null references orders (id)'));
    expect(finding.message).toContain('invoices.order_id is integer while order_id is bigint in order_lines and shipments');
  });

  it('is silent when every table agrees', () => {
    noneOn(columnTypeInconsistentByName, project, 'public.orders');
    noneOn(columnTypeInconsistentByName, project, 'public.shipments');
  });
});

describe('db.table-too-wide', () => {
  it('reports a table with more than 50 columns', () => {
    expect(onlyOn(tableTooWide, project, 'public.wide_reports')).toMatchObject({ location: where('create table wide_reports') });
    noneOn(tableTooWide, project, 'public.customers');
  });
});

describe('db.extension-in-public', () => {
  it('reports an extension created without a schema, not one in its own schema', () => {
    expect(onlyOn(extensionInPublic, project, 'extension:pg_trgm').location).toMatchObject(where('create extension if not exists pg_trgm'));
    noneOn(extensionInPublic, project, 'extension:btree_gin');
  });
});
