// Cross-artifact rules (RULES.md 5.5): spec <-> table <-> workload. Tables are built by hand here (the shape the
// PostgreSQL engine writes into model.tables) and pushed into the context built from the spec and compose files.
import { describe, expect, it } from 'vitest';
import { endpointTableWithoutRls, unauthenticatedAnonGrant, writeEndpointWithoutPolicy } from '../../../../main/analysis/rules/cross/access.js';
import {
  idTypeMismatch, listFilterUnindexed, migrationBreaksEndpoint, responseExposesSensitiveColumn, schemaColumnDrift,
} from '../../../../main/analysis/rules/cross/data-contract.js';
import { envReferencesUnknownService, probePathNotInSpec, probeRequiresAuth } from '../../../../main/analysis/rules/cross/operations.js';
import type { RuleContext } from '../../../../main/analysis/rule.js';
import type { Column, Policy, Table } from '../../../../shared/model/model.js';
import { contextFromFiles, type ProjectFiles } from '../../../support/rule-harness.js';
import { at, edit, none, only, run } from '../system/support.js';

function column(name: string, type: string, extra: Partial<Column> = {}): Column {
  return { name, type, nullable: true, ...extra };
}

function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    schema: 'public', name, rlsEnabled: false, columns, indexes: [{ name: `${name}_pkey`, columns: ['id'], unique: true, primary: true }],
    primaryKey: ['id'], foreignKeys: [], source: { file: 'supabase/migrations/0001_init.sql', line: 3 }, ...extra,
  };
}

function policy(name: string, command: Policy['command'], using: string, withCheck?: string): Policy {
  return { name, command, permissive: true, roles: ['authenticated'], using, ...(withCheck ? { withCheck } : {}), source: { file: 'supabase/migrations/0002_rls.sql', line: 7 } };
}

/** A context from files with hand-built tables pushed into the model, as the pipeline does after replaying migrations. */
function withTables(files: ProjectFiles, tables: Table[], database?: unknown): RuleContext {
  const context = contextFromFiles(files);
  context.model.tables.push(...tables);
  if (database) (context as { database?: unknown }).database = database;
  return context;
}

const POSTGREST = `openapi: 3.0.3
info: { title: Supabase REST, version: '1' }
servers:
  - url: https://abc.supabase.co
paths:
  /rest/v1/profiles:
    get:
      security: []
      responses:
        '200':
          description: rows
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    id: { type: string, format: uuid }
                    display_name: { type: string }
`;
const PROFILES = (extra: Partial<Table> = {}) => table('profiles', [column('id', 'uuid', { nullable: false }), column('display_name', 'text')], extra);

describe('x.endpoint-table-without-rls', () => {
  it('reports an unauthenticated operation on a table without RLS, at the operation, and says how it was mapped', () => {
    const files = { 'rest.yaml': POSTGREST };
    const finding = only(endpointTableWithoutRls, withTables(files, [PROFILES()]));
    expect(finding).toMatchObject({ element: 'rest.yaml#GET /rest/v1/profiles', location: at(files, 'rest.yaml', '    get:') });
    expect(finding.message).toContain('public.profiles row-level security is disabled');
    expect(finding.message).toContain('by PostgREST path /rest/v1/profiles');
    expect(finding.related?.[0]).toMatchObject({ file: 'supabase/migrations/0001_init.sql', line: 3 });
  });

  it('reports an always-true policy, and is silent when RLS scopes rows', () => {
    const open = only(endpointTableWithoutRls, withTables({ 'rest.yaml': POSTGREST }, [PROFILES({ rlsEnabled: true, policies: [policy('anyone', 'SELECT', 'true')] })]));
    expect(open.message).toContain('policy anyone is always true');
    none(endpointTableWithoutRls, withTables({ 'rest.yaml': POSTGREST }, [PROFILES({ rlsEnabled: true, policies: [policy('own', 'SELECT', '(auth.uid() = id)')] })]));
  });
});

describe('x.unauthenticated-anon-grant', () => {
  it('reports an unauthenticated read of a table granted to anon, at the operation', () => {
    const files = { 'rest.yaml': POSTGREST };
    const finding = only(unauthenticatedAnonGrant, withTables(files, [PROFILES({ rlsEnabled: true, policies: [policy('own', 'SELECT', '(auth.uid() = id)')], grants: { anon: ['SELECT'], authenticated: ['SELECT'] } })]));
    expect(finding).toMatchObject({ severity: 'medium', location: at(files, 'rest.yaml', '    get:') });
    expect(finding.message).toContain('anon holds SELECT on public.profiles');
  });

  it('is silent when only authenticated holds the grant', () => {
    none(unauthenticatedAnonGrant, withTables({ 'rest.yaml': POSTGREST }, [PROFILES({ grants: { authenticated: ['SELECT'] } })]));
  });
});

const ORDERS_SPEC = `openapi: 3.0.3
info: { title: Orders API, version: '1' }
security:
  - bearerAuth: []
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
  schemas:
    Order:
      type: object
      required: [id, status]
      properties:
        id: { type: integer, format: int64 }
        status: { type: string, enum: [pending, paid] }
        legacy_code: { type: string }
    NewOrder:
      type: object
      required: [status]
      properties:
        status: { type: string, enum: [pending, paid] }
        note: { type: string, maxLength: 200 }
paths:
  /orders:
    get:
      parameters:
        - name: status
          in: query
          schema: { type: string }
      responses:
        '200':
          description: page
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: { type: array, items: { $ref: '#/components/schemas/Order' } }
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewOrder' }
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
  /orders/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema: { type: integer, format: int64 }
    get:
      responses:
        '200':
          description: one
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
    delete:
      responses:
        '204': { description: deleted }
`;
const ORDERS = (extra: Partial<Table> = {}, columns?: Column[]) => table('orders', columns ?? [
  column('id', 'bigint', { nullable: false, identity: true, identityKind: 'always' }),
  column('status', 'text', { nullable: false, default: "'pending'::text" }),
  column('note', 'character varying(200)'),
  column('legacy_code', 'text'),
], { checkConstraints: [{ name: 'orders_status_check', expression: "status = ANY (ARRAY['pending'::text, 'paid'::text])" }], ...extra });

describe('x.write-endpoint-without-policy', () => {
  it('reports a DELETE on an RLS table with no DELETE policy, at the operation', () => {
    const files = { 'orders.yaml': ORDERS_SPEC };
    const finding = only(writeEndpointWithoutPolicy, withTables(files, [ORDERS({ rlsEnabled: true, policies: [policy('read own', 'SELECT', '(owner = auth.uid())')] })]));
    expect(finding).toMatchObject({ element: 'orders.yaml#DELETE /orders/{id}', location: at(files, 'orders.yaml', '    delete:') });
    expect(finding.message).toContain('no DELETE (or ALL) policy');
    expect(finding.message).toContain('by path segment /orders <-> table public.orders');
  });

  it('is silent with a DELETE policy', () => {
    none(writeEndpointWithoutPolicy, withTables({ 'orders.yaml': ORDERS_SPEC }, [ORDERS({ rlsEnabled: true, policies: [policy('own', 'ALL', '(owner = auth.uid())', '(owner = auth.uid())')] })]));
  });
});

describe('x.response-exposes-sensitive-column', () => {
  const users = (withHash: boolean) => `openapi: 3.0.3
info: { title: Users, version: '1' }
paths:
  /users/{id}:
    get:
      security: [{ bearerAuth: [] }]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string, format: uuid } }
      responses:
        '200':
          description: one
          content:
            application/json:
              schema: { $ref: '#/components/schemas/User' }
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
  schemas:
    User:
      type: object
      properties:
        id: { type: string, format: uuid }
        email: { type: string }
${withHash ? '        password_hash: { type: string }\n' : ''}`;
  const USERS = table('users', [column('id', 'uuid', { nullable: false }), column('email', 'text'), column('password_hash', 'text')]);

  it('reports a response property that is a password-hash column, at the property', () => {
    const files = { 'users.yaml': users(true) };
    const finding = only(responseExposesSensitiveColumn, withTables(files, [USERS]));
    expect(finding.location).toMatchObject(at(files, 'users.yaml', 'password_hash'));
    expect(finding.message).toContain('column public.users.password_hash');
    expect(finding.message).toContain('by response schema User <-> table public.users');
  });

  it('is silent when the response leaves it out', () => {
    none(responseExposesSensitiveColumn, withTables({ 'users.yaml': users(false) }, [USERS]));
  });
});

describe('x.schema-column-drift', () => {
  it('reports a request string longer than its varchar column, at the property', () => {
    const files = { 'orders.yaml': edit(ORDERS_SPEC, 'note: { type: string, maxLength: 200 }', 'note: { type: string }') };
    const findings = run(schemaColumnDrift, withTables(files, [ORDERS()]));
    expect(findings.map((finding) => finding.message)).toHaveLength(1);
    expect(findings[0].location).toMatchObject(at(files, 'orders.yaml', 'note: { type: string }'));
    expect(findings[0].message).toContain('the column is character varying(200) and the spec sets no maxLength');
  });

  it('reports an enum value the CHECK constraint rejects, and a type the column cannot hold', () => {
    const files = { 'orders.yaml': edit(ORDERS_SPEC, 'status: { type: string, enum: [pending, paid] }\n        note', 'status: { type: string, enum: [pending, paid, refunded] }\n        note') };
    const findings = run(schemaColumnDrift, withTables(files, [ORDERS()]));
    expect(findings.map((finding) => finding.message).join('\n')).toContain('the spec allows refunded, which CHECK orders_status_check rejects');
    const typed = run(schemaColumnDrift, withTables({ 'orders.yaml': edit(ORDERS_SPEC, 'legacy_code: { type: string }', 'legacy_code: { type: boolean }') }, [ORDERS()]));
    expect(typed.map((finding) => finding.message).join('\n')).toContain('the spec says boolean, the column is text');
  });

  it('is silent when spec and columns agree', () => {
    none(schemaColumnDrift, withTables({ 'orders.yaml': ORDERS_SPEC }, [ORDERS()]));
  });
});

describe('x.id-type-mismatch', () => {
  it('reports an integer {id} over a uuid primary key, at the operation', () => {
    const files = { 'orders.yaml': ORDERS_SPEC };
    const uuidOrders = ORDERS({}, [column('id', 'uuid', { nullable: false, default: 'gen_random_uuid()' }), column('status', 'text', { nullable: false })]);
    const findings = run(idTypeMismatch, withTables(files, [uuidOrders]));
    expect(findings.map((finding) => finding.element).sort()).toEqual(['orders.yaml#DELETE /orders/{id}', 'orders.yaml#GET /orders/{id}']);
    const get = findings.find((finding) => finding.element === 'orders.yaml#GET /orders/{id}')!;
    expect(get).toMatchObject({ severity: 'high', location: at(files, 'orders.yaml', '    get:', 2) });
    expect(get.message).toContain('takes {id} as an integer, but public.orders.id is a uuid');
  });

  it('reports an integer {id} over an identity key as enumerable (confirmed BOLA), and is silent for a uuid id over a uuid key', () => {
    const findings = run(idTypeMismatch, withTables({ 'orders.yaml': ORDERS_SPEC }, [ORDERS()]));
    expect(findings.map((finding) => finding.message).join('\n')).toContain('ids are sequential and guessable');
    const uuidSpec = ORDERS_SPEC.replace('schema: { type: integer, format: int64 }\n    get', 'schema: { type: string, format: uuid }\n    get');
    none(idTypeMismatch, withTables({ 'orders.yaml': uuidSpec }, [ORDERS({}, [column('id', 'uuid', { nullable: false }), column('status', 'text', { nullable: false })])]));
  });
});

describe('x.list-filter-unindexed', () => {
  it('reports a list filter on an unindexed column, at the operation', () => {
    const files = { 'orders.yaml': ORDERS_SPEC };
    const finding = only(listFilterUnindexed, withTables(files, [ORDERS()]));
    expect(finding).toMatchObject({ element: 'orders.yaml#GET /orders', location: at(files, 'orders.yaml', '    get:', 1) });
    expect(finding.message).toContain('filters or sorts by status (public.orders.status)');
  });

  it('is silent when an index starts with the column', () => {
    const indexed = ORDERS({ indexes: [{ name: 'orders_pkey', columns: ['id'], unique: true, primary: true }, { name: 'orders_status', columns: ['status', 'id'], unique: false }] });
    none(listFilterUnindexed, withTables({ 'orders.yaml': ORDERS_SPEC }, [indexed]));
  });
});

describe('x.migration-breaks-endpoint', () => {
  const dropped = ORDERS({}, [column('id', 'bigint', { nullable: false, identity: true }), column('status', 'text', { nullable: false })]);
  const database = (alterations: unknown[]) => ({ facts: { alterations, tables: [], indexes: [], transactions: [] } });
  const drop = { kind: 'drop-column', table: { schema: 'public', name: 'orders' }, column: 'legacy_code', applied: true, migration: 3, source: { file: 'db/V3__drop_legacy.sql', line: 2 } };

  it('reports a dropped column an operation still returns, at the migration', () => {
    const findings = run(migrationBreaksEndpoint, withTables({ 'orders.yaml': ORDERS_SPEC }, [dropped], database([drop])));
    expect(findings.map((finding) => finding.location)).toContainEqual({ file: 'db/V3__drop_legacy.sql', line: 2 });
    expect(findings[0]).toMatchObject({ element: 'public.orders.legacy_code' });
    expect(findings.map((finding) => finding.message).join('\n')).toContain('A migration drops public.orders.legacy_code, which GET /orders/{id} still returns as legacy_code');
  });

  it('is silent without such a migration, or when the column exists again at the end', () => {
    none(migrationBreaksEndpoint, withTables({ 'orders.yaml': ORDERS_SPEC }, [dropped], database([])));
    none(migrationBreaksEndpoint, withTables({ 'orders.yaml': ORDERS_SPEC }, [ORDERS()], database([drop])));
  });
});

const SERVICE = `services:
  api:
    image: shop/api:1.0
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
    environment:
      INVENTORY_URL: http://inventory:8080
`;
const API = (health: string) => `openapi: 3.0.3
info: { title: Shop API, version: '1' }
x-archbench-component: api
security:
  - bearerAuth: []
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
paths:
  /orders:
    get:
      responses:
        '200': { description: ok }
${health}`;

describe('x.probe-path-not-in-spec', () => {
  it('reports a healthcheck URL the spec does not declare, at the healthcheck', () => {
    const files = { 'docker-compose.yml': SERVICE, 'api.yaml': API('') };
    const finding = only(probePathNotInSpec, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'docker-compose.yml', 'healthcheck:') });
    expect(finding.message).toContain('calls GET /health, which api\'s spec (api.yaml) does not declare');
  });

  it('is silent when the spec declares it', () => {
    none(probePathNotInSpec, { 'docker-compose.yml': SERVICE, 'api.yaml': API('  /health:\n    get:\n      security: []\n      responses:\n        \'200\': { description: ok }\n') });
  });
});

describe('x.probe-requires-auth', () => {
  it('reports a probe path that inherits security from the root, at the healthcheck', () => {
    const files = { 'docker-compose.yml': SERVICE, 'api.yaml': API('  /health:\n    get:\n      responses:\n        \'200\': { description: ok }\n') };
    const finding = only(probeRequiresAuth, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'docker-compose.yml', 'healthcheck:') });
    expect(finding.message).toContain('declares with security (bearerAuth)');
  });

  it('is silent with security: []', () => {
    none(probeRequiresAuth, { 'docker-compose.yml': SERVICE, 'api.yaml': API('  /health:\n    get:\n      security: []\n      responses:\n        \'200\': { description: ok }\n') });
  });
});

describe('x.env-references-unknown-service', () => {
  it('reports a URL naming a service nothing defines, at the variable', () => {
    const files = { 'docker-compose.yml': SERVICE };
    const finding = only(envReferencesUnknownService, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'docker-compose.yml', 'INVENTORY_URL') });
    expect(finding.message).toContain('no compose service, network alias or Kubernetes Service is named inventory');
  });

  it('is silent when the service exists, and for public hosts', () => {
    none(envReferencesUnknownService, { 'docker-compose.yml': `${SERVICE}  inventory:\n    image: shop/inventory:1.0\n` });
    none(envReferencesUnknownService, { 'docker-compose.yml': edit(SERVICE, 'http://inventory:8080', 'https://api.partner.example.com') });
  });
});
