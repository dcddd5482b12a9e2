/**
 * What a Supabase database has before the project's migrations run: the auth, storage and
 * extensions schemas, auth.users and friends, auth.uid() / auth.jwt() / auth.role() / auth.email(),
 * the API roles and Supabase's default grants. Written for Archbench (not copied from Supabase):
 * enough for migrations to apply and for RLS and grant rules to see what Supabase would have.
 */
import type { ParsedStatement } from './parse.js';
import { analyzeStatement } from './ast.js';

/** Pseudo file name for objects the prelude creates. */
export const SUPABASE_PRELUDE_FILE = '<supabase-prelude>';

/** Schemas the prelude owns; their tables and functions are marked `system` unless a migration created them. */
export const SUPABASE_SYSTEM_SCHEMAS = ['auth', 'storage', 'extensions', 'graphql_public', 'realtime'];

/** Roles the prelude creates (PGlite already has `postgres`). */
export const SUPABASE_ROLES = ['anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin', 'supabase_auth_admin', 'supabase_storage_admin'];

/** The search_path Supabase gives the postgres role. */
export const SUPABASE_SEARCH_PATH = '"$user", public, extensions';

const REFERENCES = [
  /\bauth\s*\.\s*(uid|jwt|role|email)\s*\(/i,
  /\bauth\s*\.\s*(users|identities|sessions)\b/i,
  /\bstorage\s*\.\s*(objects|buckets|foldername|filename|extension)\b/i,
  /\bto\s+(anon|authenticated|service_role)\b/i,
  /\bfrom\s+(anon|authenticated|service_role)\b/i,
];

/** Whether the project is a Supabase project, and why. */
export interface SupabaseDetection {
  supabase: boolean;
  reason: string;
}

const SUPABASE_MIGRATIONS = /(^|\/)supabase\/migrations\//;

/**
 * detectSupabase's likely answer before the files are parsed, to start PGlite early: it reads whole
 * texts (comments too) and does not look for migrations that create auth.users themselves.
 */
export function likelySupabase(paths: string[], texts: string[]): boolean {
  return paths.some((path) => SUPABASE_MIGRATIONS.test(path)) || texts.some((text) => REFERENCES.some((re) => re.test(text)));
}

/** Decide whether a project is a Supabase project from its migration paths and statements. */
export function detectSupabase(paths: string[], statements: ParsedStatement[]): SupabaseDetection {
  // A project that builds its own auth.users is not helped by ours.
  const ownsAuth = statements.some((s) => analyzeStatement(s.nodeType, s.ast).targets.some((t) =>
    t.action === 'create' && ((t.kind === 'schema' && t.name === 'auth' && s.nodeType === 'CreateSchemaStmt' && !s.ast.if_not_exists)
      || (t.kind === 'table' && t.schema === 'auth' && t.name === 'users'))));
  if (ownsAuth) return { supabase: false, reason: 'The migrations create auth.users themselves' };
  const path = paths.find((p) => SUPABASE_MIGRATIONS.test(p));
  if (path) return { supabase: true, reason: `Migrations live in supabase/migrations (${path})` };
  for (const statement of statements) {
    const hit = REFERENCES.find((re) => re.test(statement.text));
    if (hit) return { supabase: true, reason: `${statement.file}:${statement.line} uses Supabase objects (${hit.exec(statement.text)![0].trim()})` };
  }
  return { supabase: false, reason: 'No Supabase paths or objects referenced' };
}

/** The prelude SQL, run once on a fresh database and cached as a data directory. */
export const SUPABASE_PRELUDE_SQL = `
do $$
declare r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin', 'supabase_auth_admin', 'supabase_storage_admin', 'postgres'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin noinherit', r);
    end if;
  end loop;
end $$;
alter role service_role bypassrls;
alter role supabase_admin superuser createdb createrole replication bypassrls;
alter role authenticator login;
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;

create schema if not exists extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;

grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table auth.users (
  instance_id uuid,
  id uuid not null primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text unique,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_sso_user boolean not null default false,
  is_anonymous boolean not null default false
);
create index users_instance_id_idx on auth.users (instance_id);
create index users_email_idx on auth.users (email);

create table auth.identities (
  id uuid not null default gen_random_uuid() primary key,
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  unique (provider_id, provider)
);
create index identities_user_id_idx on auth.identities (user_id);

create table auth.sessions (
  id uuid not null primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz,
  updated_at timestamptz,
  not_after timestamptz
);
create index sessions_user_id_idx on auth.sessions (user_id);

alter table auth.users enable row level security;
alter table auth.identities enable row level security;
alter table auth.sessions enable row level security;
grant all on auth.users, auth.identities, auth.sessions to service_role, supabase_auth_admin;

create function auth.uid() returns uuid language sql stable as $fn$
  select nullif(coalesce(
    current_setting('request.jwt.claim.sub', true),
    current_setting('request.jwt.claims', true)::jsonb ->> 'sub'
  ), '')::uuid
$fn$;
create function auth.role() returns text language sql stable as $fn$
  select nullif(coalesce(
    current_setting('request.jwt.claim.role', true),
    current_setting('request.jwt.claims', true)::jsonb ->> 'role'
  ), '')::text
$fn$;
create function auth.email() returns text language sql stable as $fn$
  select nullif(coalesce(
    current_setting('request.jwt.claim.email', true),
    current_setting('request.jwt.claims', true)::jsonb ->> 'email'
  ), '')::text
$fn$;
create function auth.jwt() returns jsonb language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$fn$;
grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to anon, authenticated, service_role;

create schema if not exists storage;
grant usage on schema storage to anon, authenticated, service_role;

create table storage.buckets (
  id text not null primary key,
  name text not null,
  owner uuid,
  owner_id text,
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create unique index bname on storage.buckets (name);

create table storage.objects (
  id uuid not null default gen_random_uuid() primary key,
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  owner_id text,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  user_metadata jsonb
);
create unique index bucketid_objname on storage.objects (bucket_id, name);

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
grant all on storage.buckets, storage.objects to anon, authenticated, service_role, supabase_storage_admin;

create function storage.foldername(name text) returns text[] language sql immutable as $fn$
  select (string_to_array(name, '/'))[1:greatest(array_length(string_to_array(name, '/'), 1) - 1, 0)]
$fn$;
create function storage.filename(name text) returns text language sql immutable as $fn$
  select (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)]
$fn$;
create function storage.extension(name text) returns text language sql immutable as $fn$
  select nullif(split_part(storage.filename(name), '.', -1), storage.filename(name))
$fn$;

create schema if not exists graphql_public;
grant usage on schema graphql_public to anon, authenticated, service_role;
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;
create publication supabase_realtime;

alter role postgres set search_path = ${SUPABASE_SEARCH_PATH};
`;
