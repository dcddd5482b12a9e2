// Sensitive columns served by the API, over a replayed Supabase project (anon and authenticated get every
// privilege on public tables by default) and a PostgREST project (web_anon, explicit grants).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensitiveColumn, sensitiveColumnsExposed } from '../../../../main/analysis/rules/db/sensitive-columns.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import { at, noneOn, onlyOn, replay, run, startEngine, type Replayed } from './support.js';

const INIT = 'supabase/migrations/20240101000000_init.sql';
const INIT_SQL = `create table public.api_clients (
  id bigint generated always as identity primary key,
  name text not null,
  api_key text not null,
  client_secret text
);

create table public.members (id uuid primary key, email text, password_hash text);
alter table public.members enable row level security;
create policy "members readable" on public.members for select to authenticated using (true);

create table public.cards (id bigint generated always as identity primary key, user_id uuid not null, card_number text);
alter table public.cards enable row level security;
create policy "own cards" on public.cards for select to authenticated using ((select auth.uid()) = user_id);

create table public.vault (id bigint generated always as identity primary key, owner uuid not null, secret text);
alter table public.vault enable row level security;
create policy "vault listed" on public.vault for select to authenticated using (true);
create policy "vault owners only" on public.vault as restrictive for select to authenticated using ((select auth.uid()) = owner);

create table public.profiles (id uuid primary key, username text, avatar_url text, password_changed_at timestamptz);

create table public.staff (id bigint generated always as identity primary key, name text, ssn text);
revoke all on public.staff from anon, authenticated;
grant select (id, name) on public.staff to authenticated;

create table public.integrations (id bigint generated always as identity primary key, label text, access_token text);
revoke all on public.integrations from anon, authenticated;
grant select (id, access_token) on public.integrations to anon;

create schema internal;
create table internal.credentials (id bigint generated always as identity primary key, password text);
`;

const POSTGREST = 'db/migrations/V1__api.sql';
const POSTGREST_SQL = `create role web_anon nologin;
create schema api;
grant usage on schema api to web_anon;
create table api.accounts (id bigint generated always as identity primary key, login text, passwd text);
grant select on api.accounts to web_anon;
create table api.sessions (id bigint generated always as identity primary key, session_token text);
`;

let engine: SchemaEngine;
let supabase: Replayed;
let postgrest: Replayed;

beforeAll(async () => {
  engine = await startEngine();
  supabase = await replay(engine, { [INIT]: INIT_SQL });
  postgrest = await replay(engine, { [POSTGREST]: POSTGREST_SQL });
});

afterAll(async () => {
  await engine?.close();
});

const init = (snippet: string) => at(supabase, INIT, snippet);

describe('db.sensitive-columns-exposed', () => {
  it('the fixtures replay without errors', () => {
    expect([...supabase.result.diagnostics, ...postgrest.result.diagnostics].filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('reports a public table without RLS whose credential columns anon reads through Supabase\'s default grants, as high', () => {
    const finding = onlyOn(sensitiveColumnsExposed, supabase, 'public.api_clients');
    expect(finding).toMatchObject({ severity: 'high', location: init('api_key text not null') });
    expect(finding.message).toBe('Table api_clients exposes api_key and client_secret to anon and authenticated through the API and row-level security is disabled: '
      + 'anyone holding the public anon key can read those columns for every row.');
  });

  it('reports an always-true SELECT policy for authenticated only, as medium, with the policy as evidence', () => {
    const finding = onlyOn(sensitiveColumnsExposed, supabase, 'public.members');
    expect(finding).toMatchObject({ severity: 'medium', location: init('password_hash text') });
    expect(finding.message).toContain('exposes password_hash to authenticated through the API and policy "members readable" lets every row through: every signed-in user');
    expect(finding.related?.[0]).toMatchObject(init('create policy "members readable"'));
  });

  it('reports a column-level grant that includes the sensitive column', () => {
    expect(onlyOn(sensitiveColumnsExposed, supabase, 'public.integrations').message).toContain('exposes access_token to anon');
  });

  it('is silent for row-restricting policies (a restrictive one included), column grants that leave the column out, '
    + 'tables without sensitive names and schemas the API does not serve', () => {
    for (const element of ['public.cards', 'public.vault', 'public.staff', 'public.profiles', 'internal.credentials']) noneOn(sensitiveColumnsExposed, supabase, element);
  });

  it('resolves PostgREST\'s web_anon: a granted table is reported, an ungranted one is not', () => {
    const finding = onlyOn(sensitiveColumnsExposed, postgrest, 'api.accounts');
    expect(finding).toMatchObject({ severity: 'high', location: at(postgrest, POSTGREST, 'create table api.accounts') });
    expect(finding.message).toContain('exposes passwd to web_anon');
    expect(run(sensitiveColumnsExposed, postgrest)).toHaveLength(1);
  });

  it('matches whole names and credential suffixes, not words that merely contain them', () => {
    for (const name of ['password', 'passwordHash', 'encrypted_password', 'stripe_secret_key', 'github-access-token', 'iban', 'pin', 'SSN']) {
      expect(sensitiveColumn(name), name).toBe(true);
    }
    for (const name of ['password_changed_at', 'token_count', 'pinned', 'spinach', 'secretary', 'tokens_used', 'description']) {
      expect(sensitiveColumn(name), name).toBe(false);
    }
  });
});
