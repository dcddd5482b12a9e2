/**
 * What the cross-artifact rules share: operations mapped to tables (main/threat/tables.ts), the
 * resource properties of their requests and responses with the line each is declared on, column and
 * spec type families, primary keys, enum values from CHECK constraints and Postgres enums.
 */
import type { Column, Endpoint, SourceLocation, Table } from '../../../../shared/model/model.js';
import { endpointElement } from '../../../threat/api-facts.js';
import { isSecured } from '../../../threat/exposure.js';
import { tableMappings, type TableMapping } from '../../../threat/tables.js';
import type { RuleContext } from '../../rule.js';
import { inputFields, responseFields, type InputField } from '../api/support/input-schemas.js';
import { SpecWorkspace } from '../api/support/spec-workspace.js';

export { endpointElement, isSecured };

export interface MappedOperation {
  endpoint: Endpoint;
  mapping: TableMapping;
  table: Table;
}

export interface LocatedProperty {
  name: string;
  schema: Record<string, unknown>;
  required: boolean;
  location: SourceLocation;
  /** `file#pointer` of the declaration: shared schemas give one element for every operation using them. */
  declaration: string;
}

const WRAPPER_PREFIX = /^(response\[\]|body\[\]|items\[\]|data\[\]|data|results\[\]|records\[\]|content\[\]|rows\[\]|list\[\]|entries\[\])\./;

/** Operations mapped to a table, in model order. */
export function mappedOperations(context: RuleContext): MappedOperation[] {
  const out: MappedOperation[] = [];
  for (const [endpoint, mapping] of tableMappings(context.model)) out.push({ endpoint, mapping, table: mapping.table });
  return out;
}

function topLevel(fields: InputField[], workspace: SpecWorkspace, wanted: (field: InputField) => boolean): LocatedProperty[] {
  const out = new Map<string, LocatedProperty>();
  for (const field of fields) {
    if (!wanted(field)) continue;
    const name = field.name.replace(WRAPPER_PREFIX, '');
    if (!name || name.includes('.') || name.includes('[')) continue;
    if (out.has(name)) continue;
    const location = workspace.location(field.declaredAt);
    out.set(name, { name, schema: field.schema, required: false, location, declaration: `${location.file}#${location.pointer ?? ''}` });
  }
  return [...out.values()];
}

/** The properties of the resource an operation returns (2xx), with where each is declared. */
export function responseProperties(context: RuleContext, endpoint: Endpoint): LocatedProperty[] {
  const workspace = SpecWorkspace.of(context);
  const operation = workspace.operationOf(endpoint);
  if (!operation) return [];
  const properties = topLevel(responseFields(workspace, operation), workspace, () => true);
  return markRequired(properties, requiredOf(endpoint, 'response'));
}

/** The properties of an operation's request body, with where each is declared and whether it is required. */
export function requestProperties(context: RuleContext, endpoint: Endpoint): LocatedProperty[] {
  const workspace = SpecWorkspace.of(context);
  const operation = workspace.operationOf(endpoint);
  if (!operation) return [];
  const properties = topLevel(inputFields(workspace, operation), workspace, (field) => field.in === 'body');
  return markRequired(properties, requiredOf(endpoint, 'request'));
}

function markRequired(properties: LocatedProperty[], required: Set<string>): LocatedProperty[] {
  return properties.map((property) => ({ ...property, required: required.has(property.name) }));
}

/** Names the resource schema lists as required (from the ingest's inlined schemas; allOf members merged). */
function requiredOf(endpoint: Endpoint, side: 'request' | 'response'): Set<string> {
  const out = new Set<string>();
  const visit = (schema: unknown, depth: number) => {
    const record = schema && typeof schema === 'object' ? schema as Record<string, unknown> : undefined;
    if (!record || depth > 4) return;
    if (record.type === 'array' || record.items) return visit(record.items, depth + 1);
    const properties = record.properties as Record<string, unknown> | undefined;
    const wrapper = properties && ['items', 'data', 'results', 'records', 'content', 'rows'].find((key) => {
      const child = properties[key] as Record<string, unknown> | undefined;
      return child && (child.type === 'array' || child.items);
    });
    if (wrapper) return visit((properties![wrapper] as Record<string, unknown>).items, depth + 1);
    for (const name of Array.isArray(record.required) ? record.required : []) out.add(String(name));
    for (const member of Array.isArray(record.allOf) ? record.allOf : []) visit(member, depth + 1);
  };
  const holder = side === 'request' ? endpoint.properties?.requestBody : endpoint.properties?.responses;
  if (side === 'request') {
    for (const media of Object.values(((holder as Record<string, unknown> | undefined)?.content ?? {}) as Record<string, { schema?: unknown }>)) visit(media?.schema, 0);
  } else {
    for (const [status, response] of Object.entries((holder ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>)) {
      if (!/^2/.test(status)) continue;
      for (const media of Object.values(response?.content ?? {})) visit(media?.schema, 0);
    }
  }
  return out;
}

/** The column a property maps to: same name, or camelCase <-> snake_case. */
export function columnFor(table: Table, property: string): Column | undefined {
  const snake = property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return table.columns.find((column) => column.name === property) ?? table.columns.find((column) => column.name.toLowerCase() === snake);
}

export type TypeFamily = 'integer' | 'number' | 'string' | 'uuid' | 'boolean' | 'temporal' | 'json' | 'array' | 'binary' | 'enum' | 'other';

/** Family of a PostgreSQL column type (`character varying(64)`, `bigint`, `timestamp with time zone`, an enum type). */
export function columnFamily(type: string, enumTypes: Set<string>): TypeFamily {
  const lower = type.toLowerCase().trim();
  if (lower.endsWith('[]')) return 'array';
  if (/^(smallint|integer|bigint|int[248]?|serial|bigserial|smallserial)\b/.test(lower)) return 'integer';
  if (/^(numeric|decimal|real|double precision|float[48]?|money)\b/.test(lower)) return 'number';
  if (/^uuid\b/.test(lower)) return 'uuid';
  if (/^bool(ean)?\b/.test(lower)) return 'boolean';
  if (/^(timestamp|date|time|interval)\b/.test(lower)) return 'temporal';
  if (/^jsonb?\b/.test(lower)) return 'json';
  if (/^bytea\b/.test(lower)) return 'binary';
  if (/^(text|character|char|varchar|citext|name|inet|cidr|macaddr|tsvector|xml)\b/.test(lower)) return 'string';
  if (enumTypes.has(lower) || enumTypes.has(lower.split('.').pop()!)) return 'enum';
  return 'other';
}

/** Family a spec schema describes, or undefined when it says nothing about its type. */
export function schemaFamily(schema: Record<string, unknown>): TypeFamily | undefined {
  const types = Array.isArray(schema.type) ? schema.type.map(String).filter((type) => type !== 'null') : schema.type !== undefined ? [String(schema.type)] : [];
  const type = types[0];
  if (!type) return schema.enum ? 'string' : undefined;
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') return 'array';
  if (type === 'object') return 'json';
  if (type === 'string') {
    const format = String(schema.format ?? '');
    if (format === 'uuid') return 'uuid';
    if (/^(date|date-time|time|duration)$/.test(format)) return 'temporal';
    if (/^(byte|binary)$/.test(format)) return 'binary';
    return 'string';
  }
  return undefined;
}

/** `character varying(64)` -> 64. */
export function varcharLength(type: string): number | undefined {
  const match = /^(character varying|varchar|character|char)\s*\((\d+)\)/i.exec(type.trim());
  return match ? Number(match[2]) : undefined;
}

/** Values a column may hold according to a CHECK (`col = ANY (ARRAY['a'::text, ...])`, `col IN ('a', 'b')`) or its enum type. */
export function allowedValues(table: Table, column: Column, enums: Map<string, string[]>): { values: string[]; from: string } | undefined {
  const byType = enums.get(column.type.toLowerCase()) ?? enums.get(column.type.toLowerCase().split('.').pop()!);
  if (byType) return { values: byType, from: `enum type ${column.type}` };
  for (const check of table.checkConstraints ?? []) {
    const expression = check.expression;
    if (!new RegExp(`\\b${column.name}\\b`).test(expression) || !/(ANY\s*\(\s*ARRAY\s*\[|\bIN\s*\()/i.test(expression)) continue;
    const values = [...expression.matchAll(/'((?:[^']|'')*)'/g)].map((match) => match[1].replace(/''/g, "'"));
    if (values.length) return { values, from: `CHECK ${check.name}` };
  }
  return undefined;
}

/** Enum types of the replayed database (`schema.name` and `name` -> values). */
export function enumValues(context: RuleContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const type of context.database?.schema?.enums ?? []) {
    out.set(`${type.schema}.${type.name}`.toLowerCase(), type.values);
    out.set(type.name.toLowerCase(), type.values);
  }
  return out;
}

/** The primary-key columns of a table. */
export function primaryKeyOf(table: Table): Column[] {
  const names = table.primaryKey?.length ? table.primaryKey : table.indexes.find((index) => index.primary)?.columns ?? [];
  return names.map((name) => table.columns.find((column) => column.name === name)).filter((column): column is Column => !!column);
}

/** Sequential integer keys: serial / identity / a nextval default. */
export function isSequential(column: Column): boolean {
  return column.identity === true || /nextval\(/i.test(column.default ?? '');
}

/** How an operation was mapped, for messages: `GET /orders (mapped to public.orders by response schema Order <-> table public.orders)`. */
export function describeMapping(operation: MappedOperation): string {
  return `${operation.endpoint.id} is mapped to ${operation.table.schema}.${operation.table.name} by ${operation.mapping.how}`;
}

/** The table's qualified name. */
export function tableName(table: Table): string {
  return `${table.schema}.${table.name}`;
}

export const ALWAYS_TRUE = /^\s*\(*\s*true\s*\)*\s*$/i;
export const SENSITIVE_COLUMN = /(^|_)(password|passwd|pwd|pass_hash|password_hash|hashed_password|password_digest|encrypted_password|secret|token|api_?key|access_key|ssn|social_security(_number)?|card_number|credit_card|cvv|cvc|iban|private_key|salt|otp|otp_secret|mfa_secret|totp_secret|recovery_codes?|refresh_token|session_token)(_|$)/i;

/** Findings about endpoints use the API rules' element: `file#METHOD /path`. */
export function elementOfEndpoint(endpoint: Endpoint): string {
  return endpointElement(endpoint);
}
