// GraphQL and proto contracts against the tables behind them: the SDL and .proto files go through the real ingest, the
// migrations through the real PostgreSQL replay (PGlite), and the rules see the model the analysis pipeline builds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlTypeExposesUnprotectedTable, protoFieldColumnDrift } from '../../../../main/analysis/rules/cross/graphql-proto.js';
import type { RuleContext } from '../../../../main/analysis/rule.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import { contextFromFiles, type ProjectFiles } from '../../../support/rule-harness.js';
import { replay, startEngine } from '../db/support.js';
import { at, edit, none, only, run } from '../system/support.js';

let engine: SchemaEngine;
beforeAll(async () => { engine = await startEngine(); }, 120_000);
afterAll(async () => { await engine?.close(); });

/** The rule context of a project: its files ingested, its SQL replayed, the replayed tables in the model (as the pipeline does). */
async function project(files: ProjectFiles): Promise<RuleContext> {
  const { context } = await replay(engine, files);
  return { ...context, model: { ...contextFromFiles(files).model, tables: context.model.tables } };
}

describe('x.graphql-type-exposes-unprotected-table', () => {
  const SUPABASE = 'supabase/migrations/20240101000000_init.sql';
  const SQL = `create table public.orders (
  id bigint generated always as identity primary key,
  owner_id uuid not null,
  total numeric
);

create table public.profiles (
  id uuid primary key,
  display_name text
);
alter table public.profiles enable row level security;
create policy "own profile" on public.profiles for select to authenticated using ((select auth.uid()) = id);
`;
  const SDL = `type Query {
  orders: [Order]
  me: Profile
}

type Order {
  id: ID!
  total: Float
}

type Profile {
  id: ID!
  displayName: String
}

type Invoice {
  id: ID!
}
`;

  it('reports a type over a table the API roles reach without RLS, at the type, with the CREATE TABLE as related', async () => {
    const files = { [SUPABASE]: SQL, 'graphql/schema.graphql': SDL };
    const finding = only(graphqlTypeExposesUnprotectedTable, await project(files));
    expect(finding).toMatchObject({ element: 'graphql/schema.graphql#Order', location: at(files, 'graphql/schema.graphql', 'type Order {'), severity: 'high' });
    expect(finding.message).toContain('GraphQL type Order maps by name to table public.orders, which has row-level security disabled; anon (SELECT, INSERT, UPDATE, DELETE)');
    expect(finding.message).toContain('anon');
    expect(finding.related?.[0]).toMatchObject({ file: SUPABASE, line: at(files, SUPABASE, 'create table public.orders').line });
  });

  it('is silent once the table has RLS, and on a plain database that uses RLS nowhere', async () => {
    none(graphqlTypeExposesUnprotectedTable, await project({
      [SUPABASE]: `${SQL}alter table public.orders enable row level security;\n`, 'graphql/schema.graphql': SDL,
    }));
    const plain = edit(edit(SQL, 'alter table public.profiles enable row level security;\n', ''), 'create policy "own profile" on public.profiles for select to authenticated using ((select auth.uid()) = id);\n', '');
    none(graphqlTypeExposesUnprotectedTable, await project({ 'db/migrations/V1__init.sql': edit(plain, 'owner_id uuid', 'owner_id bigint'), 'graphql/schema.graphql': SDL }));
  });

  it('on a plain database that guards other tables with RLS, reports the unguarded one an application role reads, as medium', async () => {
    const sql = edit(edit(SQL, 'create policy "own profile" on public.profiles for select to authenticated using ((select auth.uid()) = id);\n', ''), 'owner_id uuid', 'owner_id bigint');
    const files = { 'db/migrations/V1__init.sql': `${sql}create role app_user;\ngrant select on public.orders, public.profiles to app_user;\n`, 'graphql/schema.graphql': SDL };
    const finding = only(graphqlTypeExposesUnprotectedTable, await project(files));
    expect(finding).toMatchObject({ element: 'graphql/schema.graphql#Order', severity: 'medium', location: at(files, 'graphql/schema.graphql', 'type Order {') });
    expect(finding.message).toContain('the project guards other tables with it (public.profiles) and app_user may read this one');
    // Without a grant, only the owner (who bypasses RLS anyway) reads the table: nothing depends on RLS there.
    none(graphqlTypeExposesUnprotectedTable, await project({ ...files, 'db/migrations/V1__init.sql': sql }));
  });
});

describe('x.proto-field-column-drift', () => {
  const MIGRATION = 'db/migrations/V1__orders.sql';
  const SQL = `create table orders (
  id bigint generated always as identity primary key,
  customer_id bigint not null,
  total_cents integer not null,
  amount numeric(12, 2),
  status text not null,
  created_at timestamptz not null default now(),
  tags text[]
);
`;
  const SERVICE = 'proto/acme/orders/v1/orders_service.proto';
  const MESSAGES = 'proto/acme/orders/v1/order.proto';
  const service = `syntax = "proto3";
package acme.orders.v1;

import "acme/orders/v1/order.proto";

// Orders.
service OrderService {
  // Gets one order.
  rpc GetOrder(GetOrderRequest) returns (Order);
}

message GetOrderRequest { int64 id = 1; }
`;
  const messages = `syntax = "proto3";
package acme.orders.v1;

import "google/protobuf/timestamp.proto";

message Order {
  int32 id = 1;
  string customer_id = 2;
  int64 total_cents = 3;
  string amount = 4;
  Status status = 5;
  google.protobuf.Timestamp created_at = 6;
  repeated string tags = 7;
}

enum Status {
  STATUS_UNSPECIFIED = 0;
  OPEN = 1;
}
`;

  it('reports fields whose type disagrees with their column, at the field in the imported file, with the column as related', async () => {
    const files = { [MIGRATION]: SQL, [SERVICE]: service, [MESSAGES]: messages };
    const findings = run(protoFieldColumnDrift, await project(files));
    expect(findings.map((finding) => `${finding.location.file}:${finding.location.line} ${finding.severity} ${finding.message}`)).toEqual([
      `${MESSAGES}:${at(files, MESSAGES, 'int32 id = 1;').line} medium Field Order.id (int32) maps to public.orders.id, but the field is int32, the column is bigint: ids and counters above 2^31 overflow in clients. Message Order <-> table orders by name.`,
      `${MESSAGES}:${at(files, MESSAGES, 'string customer_id = 2;').line} medium Field Order.customer_id (string) maps to public.orders.customer_id, but the field is string, the column is bigint. Message Order <-> table orders by name.`,
      `${MESSAGES}:${at(files, MESSAGES, 'int64 total_cents = 3;').line} low Field Order.total_cents (int64) maps to public.orders.total_cents, but the field is int64, the column is integer: values above 2^31 are rejected by the database. Message Order <-> table orders by name.`,
    ]);
    expect(findings[1]).toMatchObject({ element: `${MESSAGES}#acme.orders.v1.Order.customer_id`, related: [at(files, MIGRATION, 'customer_id bigint not null')] });
  });

  it('is silent when every field matches its column (decimal as string, enum, timestamp, repeated for an array)', async () => {
    const matching = edit(edit(edit(messages, 'int32 id = 1;', 'int64 id = 1;'), 'string customer_id = 2;', 'int64 customer_id = 2;'), 'int64 total_cents = 3;', 'int32 total_cents = 3;');
    none(protoFieldColumnDrift, await project({ [MIGRATION]: SQL, [SERVICE]: service, [MESSAGES]: matching }));
  });
});
