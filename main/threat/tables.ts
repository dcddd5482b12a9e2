/**
 * Which database table an API operation reads or writes, and how we know: an `x-db-table` extension
 * (operation or schema), archbench.yaml (`components.<id>.properties.tables`), the PostgREST convention
 * (`/rest/v1/<table>`), the name of the response schema (`Order` <-> `orders`, singular / plural,
 * camelCase / snake_case), or the path's resource segment (`/orders/{id}` <-> `orders`). Every mapping
 * says which of these it used, so a finding can explain itself.
 */
import type { Endpoint, SystemModel, Table } from '../../shared/model/model.js';

export interface TableMapping {
  table: Table;
  /** How the operation was mapped to the table, for the finding's message. */
  how: string;
  /** Strength of the evidence: explicit (extension, archbench.yaml, PostgREST) or inferred from names. */
  confidence: 'explicit' | 'name';
}

type Schema = Record<string, unknown>;

const cache = new WeakMap<SystemModel, { signature: string; mappings: Map<Endpoint, TableMapping> }>();
const WRAPPERS = ['items', 'data', 'results', 'records', 'content', 'rows', 'list', 'entries', 'values'];
const VERSION = /^(v\d+(\.\d+)?|api|rest|public|internal)$/i;

function record(value: unknown): Schema | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value as Schema : undefined;
}

/** `OrderLine`, `order-lines`, `orderLines` -> `order_line` (snake case, last word singular). */
export function normalizeName(name: string): string {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s.]+/g, '_').toLowerCase();
  return singular(snake);
}

function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(xes|ches|shes|sses)$/.test(word)) return word.replace(/es$/, '');
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Endpoint -> table mappings of a model (HTTP and GraphQL operations with a table found). Cached per model. */
export function tableMappings(model: SystemModel): Map<Endpoint, TableMapping> {
  const signature = `${model.endpoints.length}|${model.tables.length}|${model.components.length}`;
  const cached = cache.get(model);
  if (cached && cached.signature === signature) return cached.mappings;
  const mappings = new Map<Endpoint, TableMapping>();
  if (model.tables.some(isMappable)) {
    const lookup = tableLookup(model);
    const componentTables = new Map<string, string[]>();
    for (const component of model.components) {
      const declared = component.properties?.tables;
      if (Array.isArray(declared)) componentTables.set(component.id, declared.map(String));
    }
    for (const endpoint of model.endpoints) {
      if (endpoint.protocol === 'grpc') continue;
      const found = mapEndpoint(endpoint, lookup, componentTables);
      if (found) mappings.set(endpoint, found);
    }
  }
  cache.set(model, { signature, mappings });
  return mappings;
}

function isMappable(table: Table): boolean {
  return !table.system && (table.kind ?? 'table') !== 'foreign-table';
}

/**
 * The table a name stands for (`Order`, `orders`, `order_lines`, `public.orders`): same name once snake-cased and singular,
 * preferring the named schema, then `public`. Only the project's own tables (not the environment's, not foreign tables).
 */
export function tableLookup(model: SystemModel): (name: string) => Table | undefined {
  const byName = new Map<string, Table[]>();
  for (const table of model.tables.filter(isMappable)) {
    const key = normalizeName(table.name);
    byName.set(key, [...(byName.get(key) ?? []), table]);
  }
  return (name: string): Table | undefined => {
    const [schema, bare] = name.includes('.') ? name.split('.', 2) : [undefined, name];
    const candidates = byName.get(normalizeName(bare)) ?? [];
    return (schema ? candidates.find((table) => table.schema === schema) : undefined)
      ?? candidates.find((table) => table.name === bare && table.schema === 'public') ?? candidates.find((table) => table.schema === 'public') ?? candidates[0];
  };
}

function mapEndpoint(endpoint: Endpoint, lookup: (name: string) => Table | undefined, componentTables: Map<string, string[]>): TableMapping | undefined {
  const extension = record(endpoint.properties?.extensions)?.['x-db-table'];
  if (typeof extension === 'string') {
    const table = lookup(extension);
    if (table) return { table, how: `the operation's x-db-table: ${extension}`, confidence: 'explicit' };
  }
  for (const schema of [...responseSchemas(endpoint), ...requestSchemas(endpoint)]) {
    const declared = findExtension(schema);
    if (declared) {
      const table = lookup(declared);
      if (table) return { table, how: `x-db-table: ${declared} on its schema`, confidence: 'explicit' };
    }
  }
  const resource = resourceOf(endpoint.path);
  const declaredTables = endpoint.component ? componentTables.get(endpoint.component) : undefined;
  if (declaredTables?.length) {
    const name = declaredTables.find((candidate) => resource && normalizeName(candidate.split('.').pop()!) === normalizeName(resource)) ?? (declaredTables.length === 1 ? declaredTables[0] : undefined);
    const table = name ? lookup(name) : undefined;
    if (table) return { table, how: `archbench.yaml lists ${name} in components.${endpoint.component}.properties.tables`, confidence: 'explicit' };
  }
  const rest = /\/rest\/v1\/([A-Za-z_][\w]*)/.exec(endpoint.path);
  const servers = Array.isArray(endpoint.properties?.servers) ? (endpoint.properties!.servers as unknown[]).map(String) : [];
  const restServer = servers.some((url) => /\/rest\/v1\/?$/.test(url));
  const postgrest = rest?.[1] ?? (restServer ? /^\/([A-Za-z_][\w]*)/.exec(endpoint.path)?.[1] : undefined);
  if (postgrest) {
    const table = lookup(postgrest);
    if (table) return { table, how: `PostgREST path ${rest ? `/rest/v1/${postgrest}` : `/${postgrest} on a /rest/v1 server`}`, confidence: 'explicit' };
  }
  if (endpoint.protocol === 'graphql') {
    const returns = endpoint.properties?.returns ?? endpoint.properties?.returnType;
    const type = typeof returns === 'string' ? returns.replace(/[[\]!]/g, '') : undefined;
    const table = type ? lookup(type) : undefined;
    if (table) return { table, how: `GraphQL type ${type} <-> table ${table.name}`, confidence: 'name' };
  }
  for (const schema of responseSchemas(endpoint)) {
    const name = schemaName(unwrap(schema) ?? schema);
    const table = name ? lookup(name) : undefined;
    if (table) return { table, how: `response schema ${name} <-> table ${table.schema}.${table.name}`, confidence: 'name' };
  }
  if (resource) {
    const table = lookup(resource);
    if (table) return { table, how: `path segment /${resource} <-> table ${table.schema}.${table.name}`, confidence: 'name' };
  }
  return undefined;
}

function findExtension(schema: Schema | undefined, depth = 0): string | undefined {
  if (!schema || depth > 3) return undefined;
  if (typeof schema['x-db-table'] === 'string') return schema['x-db-table'] as string;
  const items = record(schema.items);
  if (items) return findExtension(items, depth + 1);
  for (const wrapper of WRAPPERS) {
    const child = record(record(schema.properties)?.[wrapper]);
    if (child) { const found = findExtension(child, depth + 1); if (found) return found; }
  }
  return undefined;
}

/** The resource a path names: its last literal segment that is not a version (`/users/v1/{username}` -> users). */
export function resourceOf(path: string): string | undefined {
  const literals = path.split('/').filter((segment) => segment && !segment.includes('{') && !VERSION.test(segment));
  return literals.length ? literals[literals.length - 1].replace(/\.(json|xml)$/, '') : undefined;
}

/** `#/components/schemas/Order` -> Order (the ingest keeps the reference as `x-ref` when it inlines). */
function schemaName(schema: Schema | undefined): string | undefined {
  const ref = typeof schema?.['x-ref'] === 'string' ? schema['x-ref'] as string : typeof schema?.$ref === 'string' ? schema.$ref as string : undefined;
  if (ref) return ref.split('/').pop();
  return typeof schema?.title === 'string' ? schema.title as string : undefined;
}

/** Schemas of the 2xx responses. */
export function responseSchemas(endpoint: Endpoint): Schema[] {
  const out: Schema[] = [];
  for (const [status, raw] of Object.entries(record(endpoint.properties?.responses) ?? {})) {
    if (!/^2/.test(status)) continue;
    for (const media of Object.values(record(record(raw)?.content) ?? {})) {
      const schema = record(record(media)?.schema);
      if (schema) out.push(schema);
    }
  }
  return out;
}

/** Schemas of the request body. */
export function requestSchemas(endpoint: Endpoint): Schema[] {
  const out: Schema[] = [];
  for (const media of Object.values(record(record(endpoint.properties?.requestBody)?.content) ?? {})) {
    const schema = record(record(media)?.schema);
    if (schema) out.push(schema);
  }
  return out;
}

/** The object schema of one resource: array items, or the array inside a page wrapper (`{ items: [...] }`). */
export function unwrap(schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema || depth > 3) return undefined;
  if (schema.type === 'array' || record(schema.items)) return unwrap(record(schema.items), depth + 1) ?? record(schema.items);
  const properties = record(schema.properties);
  if (properties) {
    for (const wrapper of WRAPPERS) {
      const child = record(properties[wrapper]);
      if (child && (child.type === 'array' || record(child.items))) return unwrap(child, depth + 1);
    }
  }
  return schema;
}
