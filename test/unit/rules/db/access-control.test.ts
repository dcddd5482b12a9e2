// Access-control and RLS rules over a replayed Supabase project (with Supabase's default grants) and a
// plain PostgREST project (web_anon). `todos` is written the way the rules ask and must stay silent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fkToAuthUnique } from '../../../../main/analysis/rules/db/foreign-keys.js';
import {
  authUsersExposed, functionSearchPathMutable, matviewOrForeignTableExposed, secdefFunctionExecutable, securityDefinerView,
} from '../../../../main/analysis/rules/db/functions-views.js';
import { DB_RULES } from '../../../../main/analysis/rules/db/index.js';
import { multiplePermissivePolicies, perRowCalls, policyAlwaysTrue, policyInitplan, policyUsesUserMetadata } from '../../../../main/analysis/rules/db/policies.js';
import {
  grantToAnonWithoutRls, migrationDisablesRls, policyCommandGap, policyWithoutRls, rlsDisabledOnExposedTable, rlsWithoutPolicy,
} from '../../../../main/analysis/rules/db/rls.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import { at, noneOn, on, onlyOn, replay, run, startEngine, type Replayed } from './support.js';

const INIT = 'supabase/migrations/20240101000000_init.sql';
const LATER = 'supabase/migrations/20240201000000_later.sql';

const INIT_SQL = `-- The well-written table: RLS on, one policy per command, auth.uid() evaluated once per query.
create table public.todos (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  title text not null
);
create index todos_user_idx on public.todos (user_id);
alter table public.todos enable row level security;
create policy "todos: owners read" on public.todos for select to authenticated using ((select auth.uid()) = user_id);
create policy "todos: owners insert" on public.todos for insert to authenticated with check ((select auth.uid()) = user_id);
create policy "todos: owners update" on public.todos for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "todos: owners delete" on public.todos for delete to authenticated using ((select auth.uid()) = user_id);
grant select, insert, update, delete on public.todos to authenticated;

create table public.notes_open (id bigint generated always as identity primary key, body text);

create table public.staff_notes (id bigint generated always as identity primary key, body text);
revoke all on public.staff_notes from anon;

create schema internal;
create table internal.jobs (id bigint generated always as identity primary key, payload jsonb);

create table public.secrets (id bigint generated always as identity primary key, value text);
alter table public.secrets enable row level security;

create table public.announcements (id bigint generated always as identity primary key, body text);
create policy "announcements readable" on public.announcements for select using (true);

create table public.guestbook (id bigint generated always as identity primary key, body text);
alter table public.guestbook enable row level security;
create policy "anyone can sign" on public.guestbook for insert to anon with check (true);
create policy "guestbook readable" on public.guestbook for select using (true);
grant select, insert on public.guestbook to anon;

create table public.admin_reports (id bigint generated always as identity primary key, body text);
alter table public.admin_reports enable row level security;
create policy "admins read reports" on public.admin_reports for select to authenticated
  using ((select auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');

create table public.messages (
  id bigint generated always as identity primary key,
  sender_id uuid not null,
  recipient_id uuid not null
);
alter table public.messages enable row level security;
create policy "senders read" on public.messages for select to authenticated using (auth.uid() = sender_id);
create policy "recipients read" on public.messages for select to authenticated using ((select auth.uid()) = recipient_id);

create table public.posts (id bigint generated always as identity primary key, body text);
alter table public.posts enable row level security;
revoke all on public.posts from anon, authenticated;
grant select, update, delete on public.posts to authenticated;
create policy "posts readable" on public.posts for select to authenticated using (true);

create table public.feedback (id bigint generated always as identity primary key, body text);
grant select, insert on public.feedback to anon;

create table public.sms_contacts (id bigint generated always as identity primary key, phone text references auth.users (phone));
alter table public.sms_contacts enable row level security;

create function public.promote_user(target uuid) returns void language sql security definer as $$
  update public.todos set title = title where user_id = target
$$;
create function public.my_todo_count() returns bigint language sql security definer set search_path = '' as $$
  select count(*) from public.todos where user_id = (select auth.uid())
$$;
revoke execute on function public.my_todo_count() from public, anon;
create function public.touch() returns trigger language plpgsql security definer set search_path = '' as $$
begin
  return new;
end
$$;
create function internal.cleanup() returns void language sql security definer set search_path = '' as $$ select 1 $$;

create view public.todo_counts as select user_id, count(*) as n from public.todos group by user_id;
create view public.my_todos with (security_invoker = true) as select * from public.todos;
create view public.user_directory as select id, email from auth.users;
create view public.user_directory_invoker with (security_invoker = true) as select id, email from auth.users;
create materialized view public.todo_stats as select count(*) as n from public.todos;
create materialized view internal.todo_stats_private as select count(*) as n from public.todos;

create table public.audit_trail (id bigint generated always as identity primary key, entry text);
alter table public.audit_trail enable row level security;
create policy "audit readable by staff" on public.audit_trail for select to authenticated using (false);

create table public.invoices (id bigint generated always as identity primary key, total bigint);
alter table public.invoices enable row level security;
create policy "invoices readable" on public.invoices for select to authenticated using (false);

create table public.imports (id bigint generated always as identity primary key, row jsonb);
alter table public.imports enable row level security;
create policy "imports readable" on public.imports for select to authenticated using (false);
`;

const LATER_SQL = `alter table public.audit_trail disable row level security;
drop policy "invoices readable" on public.invoices;
alter table public.imports disable row level security;
update public.imports set row = '{}';
alter table public.imports enable row level security;
`;

const POSTGREST = 'db/migrations/V1__api.sql';
const POSTGREST_SQL = `create role web_anon nologin;
create schema api;
grant usage on schema api to web_anon;
create table api.films (id bigint generated always as identity primary key, title text not null);
grant select on api.films to web_anon;
create table api.reviews (id bigint generated always as identity primary key, body text);
alter table api.reviews enable row level security;
grant select on api.reviews to web_anon;
create policy "reviews readable" on api.reviews for select to web_anon using (true);
create schema private;
create table private.users (id bigint generated always as identity primary key, password_hash text);
`;

let engine: SchemaEngine;
let supabase: Replayed;
let postgrest: Replayed;

beforeAll(async () => {
  engine = await startEngine();
  supabase = await replay(engine, { [INIT]: INIT_SQL, [LATER]: LATER_SQL });
  postgrest = await replay(engine, { [POSTGREST]: POSTGREST_SQL });
});

afterAll(async () => {
  await engine?.close();
});

const init = (snippet: string, nth?: number) => at(supabase, INIT, snippet, nth);

describe('the fixtures', () => {
  it('replay without errors, the first one as a Supabase project', () => {
    expect(supabase.result.supabase.supabase).toBe(true);
    expect(postgrest.result.supabase.supabase).toBe(false);
    expect([...supabase.result.diagnostics, ...postgrest.result.diagnostics].filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('the well-written table trips no database rule', () => {
    expect(run(DB_RULES, supabase).filter((f) => f.element === 'public.todos').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});

describe('db.rls-disabled-on-exposed-table', () => {
  it('reports a public table with RLS off that anon reaches through Supabase\'s default grants, as critical', () => {
    const finding = onlyOn(rlsDisabledOnExposedTable, supabase, 'public.notes_open');
    expect(finding).toMatchObject({ severity: 'critical', location: init('create table public.notes_open') });
    expect(finding.message).toContain('anon (SELECT, INSERT, UPDATE, DELETE) and authenticated (SELECT, INSERT, UPDATE, DELETE) can reach it');
    expect(finding.message).toContain('anyone holding the public anon key reads and changes every row');
  });

  it('is high when only authenticated can reach the table', () => {
    expect(onlyOn(rlsDisabledOnExposedTable, supabase, 'public.staff_notes').severity).toBe('high');
  });

  it('is silent for tables with RLS and for schemas the API does not serve', () => {
    noneOn(rlsDisabledOnExposedTable, supabase, 'public.todos');
    noneOn(rlsDisabledOnExposedTable, supabase, 'internal.jobs');
  });

  it('resolves PostgREST\'s web_anon through its schema USAGE and grants', () => {
    const finding = onlyOn(rlsDisabledOnExposedTable, postgrest, 'api.films');
    expect(finding).toMatchObject({ severity: 'critical', location: at(postgrest, POSTGREST, 'create table api.films') });
    expect(finding.related?.[0]).toMatchObject(at(postgrest, POSTGREST, 'grant select on api.films to web_anon'));
    noneOn(rlsDisabledOnExposedTable, postgrest, 'api.reviews');
    noneOn(rlsDisabledOnExposedTable, postgrest, 'private.users');
  });
});

describe('db.rls-without-policy', () => {
  it('reports RLS enabled with no policy, at the ENABLE', () => {
    const finding = onlyOn(rlsWithoutPolicy, supabase, 'public.secrets');
    expect(finding).toMatchObject({ severity: 'info', location: init('alter table public.secrets enable row level security') });
  });

  it('is silent when the table has policies', () => {
    noneOn(rlsWithoutPolicy, supabase, 'public.todos');
  });
});

describe('db.policy-without-rls', () => {
  it('reports policies on a table whose RLS is off, at the first policy', () => {
    const finding = onlyOn(policyWithoutRls, supabase, 'public.announcements');
    expect(finding).toMatchObject({ severity: 'high', location: init('create policy "announcements readable"') });
  });

  it('is silent when RLS is on', () => {
    noneOn(policyWithoutRls, supabase, 'public.todos');
  });
});

describe('db.policy-always-true', () => {
  it('reports WITH CHECK (true) on an INSERT policy for anon as high', () => {
    const findings = on(policyAlwaysTrue, supabase, 'public.guestbook');
    const insert = findings.find((f) => f.message.includes('"anyone can sign"'))!;
    expect(insert).toMatchObject({ severity: 'high', location: init('create policy "anyone can sign"') });
    expect(insert.message).toContain('lets anon INSERT on every row (WITH CHECK (true)): any caller can insert rows for anyone.');
  });

  it('reports USING (true) on a SELECT policy as low (public catalog data is a legitimate use)', () => {
    const select = on(policyAlwaysTrue, supabase, 'public.guestbook').find((f) => f.message.includes('"guestbook readable"'))!;
    expect(select).toMatchObject({ severity: 'low', location: init('create policy "guestbook readable"') });
  });

  it('is silent for policies with a real condition', () => {
    noneOn(policyAlwaysTrue, supabase, 'public.todos');
    noneOn(policyAlwaysTrue, supabase, 'public.messages');
  });
});

describe('db.policy-uses-user-metadata', () => {
  it('reports a policy that trusts user_metadata', () => {
    const finding = onlyOn(policyUsesUserMetadata, supabase, 'public.admin_reports');
    expect(finding).toMatchObject({ severity: 'high', location: init('create policy "admins read reports"') });
  });

  it('is silent for policies on auth.uid()', () => {
    noneOn(policyUsesUserMetadata, supabase, 'public.todos');
  });
});

describe('db.policy-initplan', () => {
  it('reports a bare auth.uid() in a policy', () => {
    const finding = onlyOn(policyInitplan, supabase, 'public.messages');
    expect(finding.location).toMatchObject(init('create policy "senders read"'));
    expect(finding.message).toBe('Policy "senders read" on messages calls auth.uid() for every row it checks: write (select auth.uid()) so it is evaluated once per query.');
  });

  it('is silent for calls wrapped in a sub-select', () => {
    noneOn(policyInitplan, supabase, 'public.todos');
    noneOn(policyInitplan, supabase, 'public.admin_reports');
  });

  it('finds per-row calls in PostgreSQL\'s printed expressions', () => {
    expect(perRowCalls('auth.uid() = user_id')).toEqual(['auth.uid()']);
    expect(perRowCalls('( SELECT auth.uid() AS uid) = user_id')).toEqual([]);
    expect(perRowCalls("(auth.jwt() ->> 'role'::text) = 'x' AND owner = ( SELECT auth.uid() AS uid)")).toEqual(['auth.jwt()']);
    expect(perRowCalls("current_setting('app.tenant'::text) = tenant")).toEqual(['current_setting()']);
    expect(perRowCalls("note = 'auth.uid()'")).toEqual([]);
  });
});

describe('db.multiple-permissive-policies', () => {
  it('reports two permissive SELECT policies for authenticated, at the second one', () => {
    const finding = onlyOn(multiplePermissivePolicies, supabase, 'public.messages');
    expect(finding.location).toMatchObject(init('create policy "recipients read"'));
    expect(finding.message).toContain('2 permissive SELECT policies on messages apply to authenticated ("recipients read" and "senders read")');
  });

  it('is silent with one policy per role and command', () => {
    noneOn(multiplePermissivePolicies, supabase, 'public.todos');
  });
});

describe('db.policy-command-gap', () => {
  it('reports commands granted explicitly that no policy allows, at the GRANT', () => {
    const finding = onlyOn(policyCommandGap, supabase, 'public.posts');
    expect(finding.location).toMatchObject(init('grant select, update, delete on public.posts to authenticated'));
    expect(finding.message).toContain('authenticated is granted UPDATE, DELETE on posts but no policy allows them for authenticated (policies cover SELECT)');
  });

  it('is silent when every granted command has a policy', () => {
    noneOn(policyCommandGap, supabase, 'public.todos');
    noneOn(policyCommandGap, supabase, 'public.guestbook');
  });
});

describe('db.grant-to-anon-on-table-without-rls', () => {
  it('reports a GRANT to anon on a table without RLS, at the GRANT, critical when it allows writes', () => {
    const finding = onlyOn(grantToAnonWithoutRls, supabase, 'public.feedback');
    expect(finding).toMatchObject({ severity: 'critical', location: init('grant select, insert on public.feedback to anon') });
    expect(finding.related?.[0]).toMatchObject(init('create table public.feedback'));
  });

  it('reports a read-only grant to web_anon as high', () => {
    expect(onlyOn(grantToAnonWithoutRls, postgrest, 'api.films')).toMatchObject({ severity: 'high', location: at(postgrest, POSTGREST, 'grant select on api.films') });
  });

  it('is silent when the table has RLS', () => {
    noneOn(grantToAnonWithoutRls, supabase, 'public.guestbook');
    noneOn(grantToAnonWithoutRls, postgrest, 'api.reviews');
  });
});

describe('db.migration-disables-rls', () => {
  it('reports a later migration that disables RLS, pointing at where it was enabled', () => {
    const finding = onlyOn(migrationDisablesRls, supabase, 'public.audit_trail');
    expect(finding).toMatchObject({ severity: 'high', location: at(supabase, LATER, 'alter table public.audit_trail disable') });
    expect(finding.related?.[0]).toMatchObject(init('alter table public.audit_trail enable'));
  });

  it('reports a later migration that drops the last policy', () => {
    const finding = onlyOn(migrationDisablesRls, supabase, 'public.invoices');
    expect(finding).toMatchObject({ severity: 'medium', location: at(supabase, LATER, 'drop policy "invoices readable"') });
  });

  it('is silent when RLS is switched off and on again around a backfill', () => {
    noneOn(migrationDisablesRls, supabase, 'public.imports');
    noneOn(migrationDisablesRls, supabase, 'public.todos');
  });
});

describe('SECURITY DEFINER functions', () => {
  it('db.function-search-path-mutable reports a definer function without search_path', () => {
    const finding = onlyOn(functionSearchPathMutable, supabase, 'public.promote_user(target uuid)');
    expect(finding.location).toMatchObject(init('create function public.promote_user'));
    noneOn(functionSearchPathMutable, supabase, 'public.my_todo_count()');
  });

  it('db.secdef-function-executable reports anon-callable definer functions (medium), authenticated-only ones (low)', () => {
    expect(onlyOn(secdefFunctionExecutable, supabase, 'public.promote_user(target uuid)')).toMatchObject({ severity: 'medium', location: init('create function public.promote_user') });
    expect(onlyOn(secdefFunctionExecutable, supabase, 'public.my_todo_count()').severity).toBe('low');
  });

  it('db.secdef-function-executable is silent for trigger functions and schemas the API does not serve', () => {
    noneOn(secdefFunctionExecutable, supabase, 'public.touch()');
    noneOn(secdefFunctionExecutable, supabase, 'internal.cleanup()');
  });
});

describe('views', () => {
  it('db.security-definer-view reports a view without security_invoker over an RLS table', () => {
    const finding = onlyOn(securityDefinerView, supabase, 'public.todo_counts');
    expect(finding).toMatchObject({ severity: 'high', location: init('create view public.todo_counts') });
    expect(finding.message).toContain('it returns rows of todos that their RLS policies would hide');
    noneOn(securityDefinerView, supabase, 'public.my_todos');
  });

  it('db.auth-users-exposed reports a definer view over auth.users', () => {
    expect(onlyOn(authUsersExposed, supabase, 'public.user_directory')).toMatchObject({ severity: 'critical', location: init('create view public.user_directory as') });
    noneOn(authUsersExposed, supabase, 'public.user_directory_invoker');
  });

  it('db.matview-or-foreign-table-exposed reports a materialized view in public, not in a private schema', () => {
    expect(onlyOn(matviewOrForeignTableExposed, supabase, 'public.todo_stats').location).toMatchObject(init('create materialized view public.todo_stats'));
    noneOn(matviewOrForeignTableExposed, supabase, 'internal.todo_stats_private');
  });
});

describe('db.fk-to-auth-unique', () => {
  it('reports a reference to auth.users (phone), not to auth.users (id)', () => {
    expect(onlyOn(fkToAuthUnique, supabase, 'public.sms_contacts').location).toMatchObject(init('phone text references auth.users (phone)'));
    noneOn(fkToAuthUnique, supabase, 'public.todos');
  });
});
