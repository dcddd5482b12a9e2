/**
 * The API contract against the table behind it: responses that return sensitive columns, properties
 * whose type, nullability, length or allowed values disagree with their column, `{id}` parameters of
 * the wrong type for the primary key (and sequential keys that make ids enumerable), list filters on
 * unindexed columns, and migrations that drop or rename what an operation still returns.
 */
import type { Column, Endpoint, Table } from '../../../../shared/model/model.js';
import { normalizeName, resourceOf } from '../../../threat/tables.js';
import type { Rule, RuleHit } from '../../rule.js';
import { parametersOf } from '../api/support/endpoint-facts.js';
import { CROSS_REFERENCES as REF } from './references.js';
import {
  allowedValues, columnFamily, columnFor, describeMapping, elementOfEndpoint, enumValues, isSecured, isSequential, mappedOperations, primaryKeyOf,
  requestProperties, responseProperties, schemaFamily, SENSITIVE_COLUMN, tableName, varcharLength, type LocatedProperty, type MappedOperation,
} from './support.js';

export const responseExposesSensitiveColumn: Rule = {
  id: 'x.response-exposes-sensitive-column',
  title: 'Response returns a sensitive column',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 213,
  owaspApi: 'API3:2023',
  rationale: 'A response property maps to a column of the operation\'s table that holds a credential or personal secret (password hash, token, API key, '
    + 'SSN, card data). Returning it hands it to every client, logs and caches it on the way; a leaked hash is an offline cracking target.',
  remediation: 'Remove the property from the response schema and select only the columns the client needs (a view or an explicit column list, not `select *`).',
  references: [REF.api3, REF.splinterSensitive, REF.cwe(213)],
  check(context) {
    const hits: RuleHit[] = [];
    for (const operation of mappedOperations(context)) {
      for (const property of responseProperties(context, operation.endpoint)) {
        const column = columnFor(operation.table, property.name);
        if (!column || !SENSITIVE_COLUMN.test(column.name)) continue;
        hits.push({
          message: `${operation.endpoint.id} returns ${property.name}, which is column ${tableName(operation.table)}.${column.name} (${column.type}): a sensitive value leaves the database. ${describeMapping(operation)}.`,
          location: property.location,
          element: property.declaration,
          key: `${tableName(operation.table)}.${column.name}`,
          related: [{ ...(column.source ?? operation.table.source), message: `${tableName(operation.table)}.${column.name}` }, { ...operation.endpoint.source, message: operation.endpoint.id }],
          severity: isSecured(operation.endpoint) ? 'high' : 'critical',
        });
      }
    }
    return hits;
  },
};

export interface Drift { aspect: string; message: string; severity: RuleHit['severity'] }

/** How a property's type disagrees with its column's (type family, or int32 / int64 against the column's range), if it does. */
export function typeDrift(property: LocatedProperty, column: Column, family: ReturnType<typeof columnFamily>): Drift | undefined {
  const spec = schemaFamily(property.schema);
  if (!spec || family === 'other') return undefined;
  const compatible: Record<string, string[]> = {
    integer: ['integer'], number: ['number', 'integer'], string: ['string', 'uuid', 'temporal', 'binary'], uuid: ['uuid', 'string'], boolean: ['boolean'],
    temporal: ['temporal', 'string'], json: ['json', 'array', 'string', 'integer', 'number', 'boolean'], array: ['array'], binary: ['binary', 'string'], enum: ['string'],
  };
  // A bigint carried as a string (to survive JavaScript number precision) is a deliberate choice.
  if (family === 'integer' && spec === 'string' && /^(int64|int32|integer)$/.test(String(property.schema.format ?? ''))) return undefined;
  if (family === 'number' && spec === 'string' && /^(decimal|double|float|number)$/.test(String(property.schema.format ?? ''))) return undefined;
  if (!compatible[family]?.includes(spec)) {
    return { aspect: 'type', message: `the spec says ${describeSpec(property.schema)}, the column is ${column.type}`, severity: 'medium' };
  }
  if (family === 'integer' && spec === 'integer') {
    const format = String(property.schema.format ?? '');
    if (format === 'int32' && /^bigint|^int8|^bigserial/i.test(column.type)) return { aspect: 'int-range', message: `the spec says int32, the column is ${column.type}: ids and counters above 2^31 overflow in clients`, severity: 'medium' };
    if (format === 'int64' && /^(integer|int4|smallint|int2|serial)\b/i.test(column.type)) return { aspect: 'int-range', message: `the spec says int64, the column is ${column.type}: values above 2^31 are rejected by the database`, severity: 'low' };
  }
  return undefined;
}

function describeSpec(schema: Record<string, unknown>): string {
  return `${Array.isArray(schema.type) ? schema.type.join('|') : String(schema.type ?? 'untyped')}${schema.format ? ` (${String(schema.format)})` : ''}`;
}

function nullable(schema: Record<string, unknown>): boolean {
  return schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
}

export const schemaColumnDrift: Rule = {
  id: 'x.schema-column-drift',
  title: 'Spec property and column disagree',
  category: 'data',
  severity: 'medium',
  stride: 'T',
  cwe: 1284,
  rationale: 'The API promises one thing and the table stores another: a different type; int32 in the spec for a bigint column; a required, non-nullable '
    + 'response property over a nullable column; a request string without maxLength (or a larger one) for a varchar(n) column; enum values the CHECK '
    + 'constraint or Postgres enum does not allow; a NOT NULL column without a default that the create request does not require. Each is a runtime '
    + '500 or a client that breaks on valid data.',
  remediation: 'Make the spec say what the column holds (type, format, nullable, maxLength, enum), or change the column; generate one from the other where possible.',
  references: [REF.oasDataTypes, REF.dataTypes, REF.cwe(1284)],
  check(context) {
    const hits: RuleHit[] = [];
    const enums = enumValues(context);
    const enumTypes = new Set(enums.keys());
    for (const operation of mappedOperations(context)) {
      const { table } = operation;
      const push = (property: LocatedProperty, column: Column, drift: Drift, side: string) => hits.push({
        message: `${side} property ${property.name} of ${operation.endpoint.id} maps to ${tableName(table)}.${column.name}, but ${drift.message}. ${describeMapping(operation)}.`,
        location: property.location,
        element: property.declaration,
        key: `${tableName(table)}.${column.name}:${drift.aspect}`,
        related: [{ ...(column.source ?? table.source), message: `${tableName(table)}.${column.name} ${column.type}${column.nullable ? '' : ' NOT NULL'}` }],
        ...(drift.severity ? { severity: drift.severity } : {}),
      });
      for (const property of responseProperties(context, operation.endpoint)) {
        const column = columnFor(table, property.name);
        if (!column) continue;
        const family = columnFamily(column.type, enumTypes);
        const drift = typeDrift(property, column, family);
        if (drift) push(property, column, drift, 'Response');
        if (property.required && !nullable(property.schema) && column.nullable && !primaryKeyOf(table).includes(column)) {
          push(property, column, { aspect: 'nullability', message: 'the spec marks it required and not nullable while the column allows NULL: a row with NULL breaks clients that trust the spec', severity: 'low' }, 'Response');
        }
        const values = allowedValues(table, column, enums);
        if (values && Array.isArray(property.schema.enum)) {
          const spec = property.schema.enum.map(String);
          const missingInSpec = values.values.filter((value) => !spec.includes(value));
          if (missingInSpec.length) push(property, column, { aspect: 'enum', message: `the column also allows ${missingInSpec.join(', ')} (${values.from}), which the spec's enum does not list: clients reject valid responses`, severity: 'medium' }, 'Response');
        }
      }
      const method = operation.endpoint.method.toUpperCase();
      if (!['POST', 'PUT', 'PATCH'].includes(method)) continue;
      const request = requestProperties(context, operation.endpoint);
      for (const property of request) {
        const column = columnFor(table, property.name);
        if (!column) continue;
        const family = columnFamily(column.type, enumTypes);
        const drift = typeDrift(property, column, family);
        if (drift) push(property, column, drift, 'Request');
        const length = varcharLength(column.type);
        const maxLength = typeof property.schema.maxLength === 'number' ? property.schema.maxLength : undefined;
        if (length !== undefined && (maxLength === undefined || maxLength > length)) {
          push(property, column, { aspect: 'max-length', message: `the column is ${column.type} and the spec ${maxLength === undefined ? 'sets no maxLength' : `allows ${maxLength}`}: longer input passes validation and fails in the database`, severity: 'medium' }, 'Request');
        }
        const values = allowedValues(table, column, enums);
        if (values) {
          const spec = Array.isArray(property.schema.enum) ? property.schema.enum.map(String) : undefined;
          const extra = spec ? spec.filter((value) => !values.values.includes(value)) : [];
          if (!spec) push(property, column, { aspect: 'enum', message: `the column accepts only ${values.values.join(', ')} (${values.from}) and the spec declares no enum: other values pass validation and fail in the database`, severity: 'low' }, 'Request');
          else if (extra.length) push(property, column, { aspect: 'enum', message: `the spec allows ${extra.join(', ')}, which ${values.from} rejects`, severity: 'medium' }, 'Request');
        }
        if (method === 'POST' && !property.required && !column.nullable && column.default === undefined && !column.identity && !column.generated) {
          push(property, column, { aspect: 'not-null', message: 'the column is NOT NULL with no default and the create request does not require it: a request without it is a 500', severity: 'medium' }, 'Request');
        }
      }
    }
    return hits;
  },
};

/** The path parameter naming the row: `{id}`, `{order_id}`, `{orderId}` as the last template of the path. */
function idParameter(endpoint: Endpoint, table: Table): { name: string; schema: Record<string, unknown> } | undefined {
  const templates = [...endpoint.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const last = templates[templates.length - 1];
  if (!last || !endpoint.path.trim().endsWith(`{${last}}`)) return undefined;
  const singular = table.name.replace(/s$/, '');
  if (!/^(id|uuid|key)$/i.test(last) && !new RegExp(`^${singular}_?id$`, 'i').test(last)) return undefined;
  const parameter = parametersOf(endpoint).find((candidate) => candidate.in === 'path' && candidate.name === last);
  return { name: last, schema: parameter?.schema ?? {} };
}

/** A string parameter constrained to digits (`^[0-9]+$`, `^\d+$`) carries an integer key safely. */
const NUMERIC_PATTERN = /^\^?(\[0-9\]|\\d)[+*{]/;

export const idTypeMismatch: Rule = {
  id: 'x.id-type-mismatch',
  title: 'Path id does not match the primary key, or exposes a sequential key',
  category: 'api',
  severity: 'medium',
  stride: 'I',
  cwe: 639,
  owaspApi: 'API1:2023',
  rationale: 'An integer `{id}` over a uuid primary key (or the reverse) cannot address any row: every request is a 404 or a 500. An integer `{id}` over '
    + 'a serial / identity key is the confirmed form of the OWASP API1 warning: ids are sequential, so any caller can enumerate every object and only '
    + 'object-level authorization stands in the way.',
  remediation: 'Make the path parameter the primary key\'s type. For sequential keys, expose a random public id (uuid) instead, or check object ownership '
    + 'on every request and rate-limit enumeration.',
  references: [REF.api1, REF.cwe(639)],
  check(context) {
    const hits: RuleHit[] = [];
    for (const operation of mappedOperations(context)) {
      const { endpoint, table } = operation;
      const parameter = idParameter(endpoint, table);
      const key = primaryKeyOf(table);
      if (!parameter || key.length !== 1) continue;
      const column = key[0];
      const family = columnFamily(column.type, new Set());
      const spec = schemaFamily(parameter.schema) ?? 'string';
      const base = { location: endpoint.source, element: elementOfEndpoint(endpoint), related: [{ ...(column.source ?? table.source), message: `${tableName(table)} primary key ${column.name} ${column.type}` }] };
      if (family === 'uuid' && spec === 'integer') {
        hits.push({ ...base, key: 'type', message: `${endpoint.id} takes {${parameter.name}} as an integer, but ${tableName(table)}.${column.name} is a uuid: no request can address a row. ${describeMapping(operation)}.`, severity: 'high' });
      } else if (family === 'integer' && (spec === 'uuid' || (spec === 'string' && !NUMERIC_PATTERN.test(String(parameter.schema.pattern ?? ''))))) {
        hits.push({ ...base, key: 'type', message: `${endpoint.id} takes {${parameter.name}} as ${describeSpec(parameter.schema)}, but ${tableName(table)}.${column.name} is ${column.type}: non-numeric ids fail in the database with a 500 instead of a 404. ${describeMapping(operation)}.`, severity: spec === 'uuid' ? 'high' : 'low' });
      } else if (family === 'integer' && spec === 'integer' && isSequential(column)) {
        hits.push({
          ...base, key: 'enumerable',
          message: `${endpoint.id} takes {${parameter.name}} as an integer and ${tableName(table)}.${column.name} is ${column.identity ? 'an identity' : 'a serial'} column: ids are sequential and guessable, so any ${isSecured(endpoint) ? 'authenticated ' : ''}caller can enumerate every ${table.name.replace(/s$/, '')} (confirmed BOLA enumeration risk). ${describeMapping(operation)}.`,
          severity: isSecured(endpoint) ? 'medium' : 'high',
        });
      }
    }
    return hits;
  },
};

const FILTER_SUFFIX = /^(.*?)(_after|_before|_from|_to|_since|_until|_gte|_lte|_gt|_lt|_min|_max)$/;

export const listFilterUnindexed: Rule = {
  id: 'x.list-filter-unindexed',
  title: 'List filter or sort on an unindexed column',
  category: 'data',
  severity: 'low',
  stride: 'D',
  cwe: 405,
  rationale: 'A collection operation lets clients filter or sort by a column no index starts with: every such request scans the table, and the cost grows '
    + 'with it. Clients decide the load, so a few concurrent requests can saturate the database.',
  remediation: 'Add an index whose leading column is the filtered or sorted column (a composite one for filter + sort), or drop the parameter.',
  references: [REF.indexes, REF.cwe(405)],
  check(context) {
    const hits: RuleHit[] = [];
    for (const operation of mappedOperations(context)) {
      const { endpoint, table } = operation;
      if (endpoint.method.toUpperCase() !== 'GET' || /\}\/?$/.test(endpoint.path)) continue;
      const leading = new Set([...table.indexes.map((index) => index.columns[0]), ...(table.primaryKey?.slice(0, 1) ?? [])].filter(Boolean));
      for (const parameter of parametersOf(endpoint)) {
        if (parameter.in !== 'query') continue;
        const targets: string[] = [];
        const name = parameter.name.replace(/^filter\[(.+)\]$/, '$1');
        if (/^(sort|sort_by|sortBy|order|order_by|orderBy)$/.test(parameter.name)) {
          const values = Array.isArray(parameter.schema?.enum) ? parameter.schema!.enum.map(String) : [];
          for (const value of values) targets.push(value.replace(/^[-+]/, '').replace(/[:.](asc|desc)$/i, ''));
        } else {
          targets.push(name);
          const suffix = FILTER_SUFFIX.exec(name);
          if (suffix) targets.push(suffix[1], `${suffix[1]}_at`);
        }
        for (const target of targets) {
          const column = columnFor(table, target);
          if (!column || leading.has(column.name)) continue;
          hits.push({
            message: `${endpoint.id} filters or sorts by ${parameter.name} (${tableName(table)}.${column.name}), and no index of ${tableName(table)} starts with ${column.name}: each request scans the table. ${describeMapping(operation)}.`,
            location: endpoint.source, element: elementOfEndpoint(endpoint), key: `${parameter.name}:${column.name}`,
            related: [{ ...(column.source ?? table.source), message: `${tableName(table)}.${column.name}` }],
          });
          break;
        }
      }
    }
    return hits;
  },
};

export const migrationBreaksEndpoint: Rule = {
  id: 'x.migration-breaks-endpoint',
  title: 'Migration drops or renames what an operation returns',
  category: 'data',
  severity: 'high',
  stride: 'D',
  cwe: 1284,
  rationale: 'A migration drops or renames a column (or the table) that an operation of the API still returns: once it runs, the operation fails or returns '
    + 'less than its spec promises. Squawk can only say "may break clients"; the model names the operation.',
  remediation: 'Expand and contract: stop returning the column (and release the spec change) first, drop it in a later migration; for renames, add the new '
    + 'column, backfill, switch readers, then drop the old one.',
  references: [REF.expandContract, REF.cwe(1284)],
  check(context) {
    const alterations = context.database?.facts?.alterations ?? [];
    if (!alterations.length) return [];
    const hits: RuleHit[] = [];
    const operations = mappedOperations(context);
    for (const alteration of alterations) {
      if (!['drop-column', 'rename-column', 'drop-table', 'rename-table'].includes(alteration.kind) || alteration.applied === false) continue;
      const schema = alteration.table.schema ?? 'public';
      const affected = operations.filter((operation: MappedOperation) => operation.table.name === alteration.table.name && operation.table.schema === schema);
      for (const operation of affected) {
        if (alteration.kind === 'drop-column' || alteration.kind === 'rename-column') {
          if (!alteration.column || columnFor(operation.table, alteration.column)) continue; // the column exists again at the end of the migrations
          const property = responseProperties(context, operation.endpoint).find((candidate) => candidate.name === alteration.column || columnName(candidate.name) === alteration.column);
          if (!property) continue;
          hits.push({
            message: `${alteration.kind === 'drop-column' ? 'A migration drops' : 'A migration renames'} ${schema}.${alteration.table.name}.${alteration.column}, which ${operation.endpoint.id} still returns as ${property.name}. ${describeMapping(operation)}.`,
            location: alteration.source, element: `${schema}.${alteration.table.name}.${alteration.column}`, key: elementOfEndpoint(operation.endpoint),
            related: [{ ...property.location, message: `${operation.endpoint.id} returns ${property.name}` }],
          });
        }
      }
      if ((alteration.kind === 'drop-table' || alteration.kind === 'rename-table') && !context.model.tables.some((table) => table.name === alteration.table.name && table.schema === schema)) {
        // The table is gone from the final schema, so no operation maps to it any more: match by the path's resource name.
        for (const endpoint of context.model.endpoints) {
          const resource = endpoint.protocol === 'http' ? resourceOf(endpoint.path) : undefined;
          if (!resource || normalizeName(resource) !== normalizeName(alteration.table.name)) continue;
          hits.push({
            message: `${alteration.kind === 'drop-table' ? 'A migration drops' : 'A migration renames'} ${schema}.${alteration.table.name}, and ${endpoint.id} still serves it (path segment /${resource} <-> table ${alteration.table.name}).`,
            location: alteration.source, element: `${schema}.${alteration.table.name}`, key: elementOfEndpoint(endpoint),
            related: [{ ...endpoint.source, message: endpoint.id }],
          });
        }
      }
    }
    return hits;
  },
};

function columnName(property: string): string {
  return property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export const DATA_CONTRACT_RULES = [responseExposesSensitiveColumn, schemaColumnDrift, idTypeMismatch, listFilterUnindexed, migrationBreaksEndpoint];
