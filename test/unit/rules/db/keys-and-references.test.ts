// Foreign keys that point at nothing and primary keys made of business values, over one replayed
// Flyway history. V1 holds the mistakes next to their sound counterparts; V2 creates what V1 referenced
// too early (an ordering problem, not a dangling reference) and adds one more dangling reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkBusinessKey } from '../../../../main/analysis/rules/db/business-keys.js';
import { fkDangling } from '../../../../main/analysis/rules/db/dangling-references.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import { at, noneOn, on, onlyOn, replay, run, startEngine, type Replayed } from './support.js';

const V1 = 'db/migrations/V1__schema.sql';
const V2 = 'db/migrations/V2__later.sql';

const V1_SQL = `create table accounts (
  id bigint generated always as identity primary key,
  name text not null
);
-- A typo in the referenced table: the whole CREATE TABLE fails.
create table invoices (
  id bigint generated always as identity primary key,
  account_id bigint not null references acounts (id),
  total numeric not null
);
-- The referenced table exists, its column does not.
create table payments (
  id bigint generated always as identity primary key,
  account_id bigint not null,
  constraint payments_account_fk foreign key (account_id) references accounts (account_id)
);
-- authors comes in V2: the replay fails here, but that is the order of the files, not a dangling reference.
create table notes (
  id bigint generated always as identity primary key,
  author_id bigint references authors (id)
);
-- broken fails for its own reason (an unknown type); places fails because of it.
create table broken (id bigint primary key, shape no_such_type);
create table places (id bigint primary key, broken_id bigint references broken (id));
-- A foreign key on a column the table does not have.
alter table accounts add constraint accounts_parent_fk foreign key (parent_id) references accounts (id);

create table users (
  email text primary key,
  display_name text,
  created_at timestamptz not null default now()
);
create table sessions (
  id bigint generated always as identity primary key,
  user_email text not null references users (email)
);
create table products (
  sku text primary key,
  title text not null,
  price numeric(12, 2) not null,
  stock integer not null
);
create table currencies (code char(3) primary key, name text not null);
create table feature_flags (key text primary key, enabled boolean not null);
create table teams (id bigint generated always as identity primary key, name text not null);
create table team_members (
  user_email text not null references users (email),
  team_id bigint not null references teams (id),
  primary key (user_email, team_id)
);
create table orders (id bigint generated always as identity primary key);
create table order_lines (
  order_id bigint not null references orders (id),
  line_no integer not null,
  quantity integer not null,
  primary key (order_id, line_no)
);
create table contacts (
  account_id bigint not null references accounts (id),
  phone text not null,
  label text,
  primary key (account_id, phone)
);
`;

const V2_SQL = `create table authors (id bigint generated always as identity primary key);
alter table accounts add column owner_id bigint;
alter table accounts add constraint accounts_owner_fk foreign key (owner_id) references owners (id);
`;

let engine: SchemaEngine;
let project: Replayed;

beforeAll(async () => {
  engine = await startEngine();
  project = await replay(engine, { [V1]: V1_SQL, [V2]: V2_SQL });
});

afterAll(async () => {
  await engine?.close();
});

const v1 = (snippet: string) => at(project, V1, snippet);

describe('the fixture', () => {
  it('fails exactly the statements with a bad reference or type', () => {
    const failed = project.result.statements.filter((s) => s.status === 'failed').map((s) => `${s.file}:${s.line}`);
    expect(failed).toEqual([
      `${V1}:${v1('create table invoices').line}`, `${V1}:${v1('create table payments').line}`, `${V1}:${v1('create table notes').line}`,
      `${V1}:${v1('create table broken').line}`, `${V1}:${v1('create table places').line}`, `${V1}:${v1('accounts_parent_fk').line}`,
      `${V2}:${at(project, V2, 'accounts_owner_fk').line}`,
    ]);
  });
});

describe('db.fk-dangling', () => {
  it('reports a REFERENCES to a table no migration creates, at its line, with the CREATE TABLE it breaks', () => {
    const finding = onlyOn(fkDangling, project, 'public.invoices');
    expect(finding).toMatchObject({ severity: 'high', location: v1('references acounts (id)') });
    expect(finding.message).toBe('FOREIGN KEY (account_id) REFERENCES acounts (id) on invoices names table acounts, which no migration creates: '
      + 'CREATE TABLE invoices fails with it, so invoices does not exist either (PostgreSQL: relation "acounts" does not exist).');
  });

  it('reports a referenced column the target table does not have', () => {
    const finding = onlyOn(fkDangling, project, 'public.payments');
    expect(finding.location).toMatchObject(v1('constraint payments_account_fk'));
    expect(finding.message).toContain('names column accounts.account_id, which does not exist');
  });

  it('reports ALTER TABLE ... ADD FOREIGN KEY on a column the table lacks, and to a missing table', () => {
    expect(on(fkDangling, project, 'public.accounts').map((f) => [f.location.file, f.location.line, f.message.split(':')[0]])).toEqual([
      [V1, v1('accounts_parent_fk').line, 'FOREIGN KEY (parent_id) REFERENCES accounts (id) on accounts names column accounts.parent_id, which does not exist'],
      [V2, at(project, V2, 'accounts_owner_fk').line, 'FOREIGN KEY (owner_id) REFERENCES owners (id) on accounts names table owners, which no migration creates'],
    ]);
  });

  it('is silent for a target a later migration creates, and for one whose own CREATE failed', () => {
    noneOn(fkDangling, project, 'public.notes');
    noneOn(fkDangling, project, 'public.places');
  });

  it('is silent for a target created by a SQL file the replay left out', async () => {
    const withScript = await replay(engine, {
      'db/migrations/V1__orders.sql': 'create table orders (id bigint primary key, customer_id bigint references customers (id));',
      'scripts/customers.sql': 'create table customers (id bigint primary key);',
    });
    expect(withScript.result.plan.excluded.map((e) => e.path)).toEqual(['scripts/customers.sql']);
    expect(run(fkDangling, withScript)).toEqual([]);
  });

  it('is silent for tables of the environment Archbench models only in part (Supabase\'s auth), not for the project\'s own', async () => {
    const file = 'supabase/migrations/20240101000000_init.sql';
    const supabase = await replay(engine, {
      [file]: `create table public.factors (id uuid primary key, factor_id uuid references auth.mfa_factors (id));
create table public.profiles (id uuid primary key references auth.users (id), team_id bigint references public.teams (id));
`,
    });
    expect(supabase.result.supabase.supabase).toBe(true);
    expect(run(fkDangling, supabase).map((f) => [f.element, f.location.line])).toEqual([['public.profiles', 2]]);
  });
});

describe('db.pk-business-key', () => {
  it('reports an email primary key as personal data copied by the foreign keys that reference it', () => {
    const finding = onlyOn(pkBusinessKey, project, 'public.users');
    expect(finding).toMatchObject({ severity: 'low', location: v1('email text primary key') });
    expect(finding.message).toBe('The primary key of users is email, a value that changes over the life of a row: 2 foreign keys copy it, and each change '
      + 'must cascade through them, and email is personal data spread wherever the key goes. Use a surrogate key and keep it UNIQUE.');
  });

  it('reports a text code as the key of a table that is more than a lookup', () => {
    expect(onlyOn(pkBusinessKey, project, 'public.products').message).toContain('The primary key of products is sku');
  });

  it('reports a composite key that includes a personal value, at the table', () => {
    const finding = onlyOn(pkBusinessKey, project, 'public.contacts');
    expect(finding.location).toMatchObject(v1('create table contacts'));
    expect(finding.message).toContain('The primary key of contacts (account_id, phone) includes phone');
  });

  it('is silent for surrogate keys, lookup tables, join tables and keys made of a reference and a number', () => {
    for (const table of ['accounts', 'sessions', 'currencies', 'feature_flags', 'team_members', 'order_lines', 'teams']) noneOn(pkBusinessKey, project, `public.${table}`);
    expect(run(pkBusinessKey, project).map((f) => f.element)).toEqual(['public.users', 'public.products', 'public.contacts']);
  });
});
