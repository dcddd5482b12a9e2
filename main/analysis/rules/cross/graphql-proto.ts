/**
 * GraphQL and gRPC contracts against the tables behind them, matched by name the way OpenAPI schemas are
 * (`Order` <-> `orders`, main/threat/tables.ts): GraphQL object types over tables that row-level security does
 * not guard where the project relies on it, and proto message fields whose type disagrees with their column.
 */
import type { Column, Table } from '../../../../shared/model/model.js';
import { tableLookup } from '../../../threat/tables.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { graphqlViews, nodeLocation, reachableTypes, rootTypeNames, typeDefinitions } from '../api/graphql-schema.js';
import { definitions, fieldLocation, protoFilesWithImports } from '../api/proto.js';
import { accessOf } from '../db/access.js';
import { typeDrift } from './data-contract.js';
import { CROSS_REFERENCES as REF } from './references.js';
import { columnFamily, columnFor, enumValues, tableName } from './support.js';

const PROTO_JSON_MAPPING = 'https://protobuf.dev/programming-guides/json/';
const PROTO_SCALARS = 'https://protobuf.dev/programming-guides/proto3/#scalar';
const SPLINTER_GRAPHQL = 'https://supabase.com/docs/guides/database/database-advisors?lint=0026_pg_graphql_anon_table_exposed';

/** Roles other than the owner that may read the table and that row-level security would apply to (not superusers, not BYPASSRLS). */
function readersSubjectToRls(context: RuleContext, table: Table): string[] {
  const roles = new Map((context.database?.schema.roles ?? []).map((role) => [role.name, role]));
  return Object.entries(table.grants ?? {})
    .filter(([role, privileges]) => role !== table.owner && privileges.some((privilege) => /^(SELECT|ALL)$/i.test(privilege))
      && !roles.get(role)?.superuser && !roles.get(role)?.bypassRls)
    .map(([role]) => role);
}

/** Why row-level security is how this project limits rows, so a table without it is open; undefined when nothing says so. */
function rlsReliance(context: RuleContext, table: Table): { reason: string; severity: RuleHit['severity'] } | undefined {
  if (context.database) {
    const access = accessOf(context, context.database);
    const reach = access.reach(table);
    if (reach.length) {
      const roles = reach.map((entry) => `${entry.role} (${entry.privileges.join(', ')})`).join(' and ');
      return { reason: `${roles} can reach the table directly (${access.exposedBecause}), so ${access.audience(reach.map((entry) => entry.role))} reads every row`, severity: 'high' };
    }
  }
  const guarded = context.model.tables.filter((other) => other !== table && !other.system && other.rlsEnabled);
  const readers = readersSubjectToRls(context, table);
  if (!guarded.length || !readers.length) return undefined;
  const names = guarded.slice(0, 3).map(tableName).join(', ') + (guarded.length > 3 ? `, ... (${guarded.length})` : '');
  return {
    reason: `the project guards other tables with it (${names}) and ${readers.join(', ')} may read this one, so requests running as ${readers.length > 1 ? 'those roles' : readers[0]} see every row`,
    severity: 'medium',
  };
}

export const graphqlTypeExposesUnprotectedTable: Rule = {
  id: 'x.graphql-type-exposes-unprotected-table',
  title: 'GraphQL type over a table without row-level security',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 862,
  owaspApi: 'API1:2023',
  rationale: 'A GraphQL object type named after a table (`Order` <-> `orders`) returns that table\'s rows, and the table has row-level security '
    + 'disabled in a project that relies on it: the API roles (Supabase anon / authenticated, PostgREST or pg_graphql roles) can reach the table, or '
    + 'other tables are guarded by policies and a role RLS would apply to may read this one. Any query that reaches the type, at any depth, then '
    + 'returns rows of every owner; GraphQL makes such paths easy to find. A table no API role reaches, in a project that uses row-level security '
    + 'nowhere, is not reported: there the resolvers are the access control.',
  remediation: 'Enable row-level security on the table (`ALTER TABLE ... ENABLE ROW LEVEL SECURITY`) with policies that scope rows to the caller, '
    + 'or stop exposing the type (or the API roles\' privileges on the table).',
  references: [REF.rls, REF.supabaseRls, SPLINTER_GRAPHQL, REF.api1],
  check(context) {
    if (!context.model.tables.length) return [];
    const lookup = tableLookup(context.model);
    const hits: RuleHit[] = [];
    for (const view of graphqlViews(context)) {
      const roots = rootTypeNames(view);
      const reachable = view.closed ? reachableTypes(view) : undefined;
      for (const definition of typeDefinitions(view)) {
        const name = definition.name.value;
        if (definition.kind !== 'ObjectTypeDefinition' || roots.has(name) || (reachable && !reachable.has(name))) continue;
        const table = lookup(name);
        if (!table || table.rlsEnabled) continue;
        const reliance = rlsReliance(context, table);
        if (!reliance) continue;
        const location = nodeLocation(view, definition.name, name);
        hits.push({
          element: `${location.file}#${name}`,
          key: tableName(table),
          location,
          message: `GraphQL type ${name} maps by name to table ${tableName(table)}, which has row-level security disabled; ${reliance.reason}.`,
          related: [{ ...table.source, message: `CREATE TABLE ${tableName(table)}: row-level security is not enabled` }],
          severity: reliance.severity,
        });
      }
    }
    return hits;
  },
};

const INTEGER_32 = { type: 'integer', format: 'int32' };
const INTEGER_64 = { type: 'integer', format: 'int64' };
/** The JSON Schema each proto scalar and well-known type stands for, as x.schema-column-drift compares OpenAPI properties. */
const PROTO_SCHEMA: Record<string, Record<string, unknown>> = {
  double: { type: 'number', format: 'double' }, float: { type: 'number', format: 'float' },
  int32: INTEGER_32, sint32: INTEGER_32, sfixed32: INTEGER_32, uint32: INTEGER_32, fixed32: INTEGER_32,
  int64: INTEGER_64, sint64: INTEGER_64, sfixed64: INTEGER_64, uint64: INTEGER_64, fixed64: INTEGER_64,
  bool: { type: 'boolean' }, string: { type: 'string' }, bytes: { type: 'string', format: 'byte' },
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' }, 'google.type.Date': { type: 'string', format: 'date' },
  'google.protobuf.StringValue': { type: 'string' }, 'google.protobuf.BoolValue': { type: 'boolean' }, 'google.protobuf.BytesValue': { type: 'string', format: 'byte' },
  'google.protobuf.Int32Value': INTEGER_32, 'google.protobuf.UInt32Value': INTEGER_32,
  'google.protobuf.Int64Value': INTEGER_64, 'google.protobuf.UInt64Value': INTEGER_64,
  'google.protobuf.DoubleValue': { type: 'number', format: 'double' }, 'google.protobuf.FloatValue': { type: 'number', format: 'float' },
};

/** The schema a field stands for; undefined for enums and messages, which carry no column type of their own. */
function fieldSchema(field: { type: string; repeated: boolean; map: boolean }): Record<string, unknown> | undefined {
  if (field.map) return { type: 'object' };
  if (field.repeated) return { type: 'array' };
  return PROTO_SCHEMA[field.type.replace(/^\./, '')];
}

/** Representations proto has no other way to write: a decimal as a string, a uuid as 16 bytes. */
function protoIdiom(type: string, family: ReturnType<typeof columnFamily>): boolean {
  return (type === 'string' && family === 'number') || (type === 'bytes' && family === 'uuid');
}

export const protoFieldColumnDrift: Rule = {
  id: 'x.proto-field-column-drift',
  title: 'Proto field and column disagree',
  category: 'data',
  severity: 'medium',
  stride: 'T',
  cwe: 1284,
  rationale: 'A gRPC message named after a table (`Order` <-> `orders`) carries its rows, and a field declares another type than its column holds: '
    + 'a string for an integer column, a number for text, a scalar for an array, or int32 for a bigint column, whose values above 2^31 do not fit the '
    + 'field. Each is a conversion error at runtime, or numbers silently cut, on the path between the database and every client generated from the '
    + '.proto. The same comparison x.schema-column-drift makes for OpenAPI properties.',
  remediation: 'Give the field the column\'s type (int64 for bigint, google.protobuf.Timestamp for timestamps, repeated for arrays), or change the '
    + 'column; adding a new field number with the right type and reserving the old one keeps the change wire-compatible.',
  references: [PROTO_SCALARS, PROTO_JSON_MAPPING, REF.dataTypes, REF.cwe(1284)],
  check(context) {
    if (!context.model.tables.length) return [];
    const lookup = tableLookup(context.model);
    const enumTypes = new Set(enumValues(context).keys());
    const hits: RuleHit[] = [];
    for (const proto of protoFilesWithImports(context)) {
      for (const message of definitions(proto).messages) {
        const table = lookup(message.name);
        if (!table) continue;
        const messageName = message.fullName.replace(/^\./, '');
        for (const field of message.fieldsArray) {
          const schema = fieldSchema(field);
          const column: Column | undefined = schema && columnFor(table, field.name);
          if (!schema || !column) continue;
          const family = columnFamily(column.type, enumTypes);
          if (protoIdiom(field.type, family)) continue;
          const location = fieldLocation(proto, message, field);
          const declaration = `${proto.file}#${messageName}.${field.name}`;
          const drift = typeDrift({ name: field.name, schema, required: false, location, declaration }, column, family);
          if (!drift) continue;
          const written = field.map ? 'map' : field.repeated ? `repeated ${field.type}` : field.type;
          hits.push({
            element: declaration,
            key: `${tableName(table)}.${column.name}:${drift.aspect}`,
            location,
            message: `Field ${message.name}.${field.name} (${written}) maps to ${tableName(table)}.${column.name}, but ${drift.message.replace(/^the spec says [^,]+/, `the field is ${written}`)}. `
              + `Message ${message.name} <-> table ${table.name} by name.`,
            related: [{ ...(column.source ?? table.source), message: `${tableName(table)}.${column.name} ${column.type}${column.nullable ? '' : ' NOT NULL'}` }],
            ...(drift.severity ? { severity: drift.severity } : {}),
          });
        }
      }
    }
    return hits;
  },
};

export const GRAPHQL_PROTO_CROSS_RULES = [graphqlTypeExposesUnprotectedTable, protoFieldColumnDrift];
