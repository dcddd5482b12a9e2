/**
 * A small JSON Schema validator for the subset archbench.schema.json uses: local `$ref`s (`#/definitions/x`), `type`,
 * `enum`, `const`, `properties`, `patternProperties`, `additionalProperties`, `required`, `items`,
 * `minimum`, `maximum`, `minLength`, `pattern`, `minItems`, `anyOf`, `oneOf`, `allOf`. Violations
 * carry the path of the offending value so they can be reported at its line.
 */
import type { PathSegment } from './positions.js';

export interface SchemaViolation {
  path: PathSegment[];
  message: string;
}

type Schema = Record<string, unknown>;

/** Every violation of `schema` by `value` (empty when valid). */
export function validateJsonSchema(value: unknown, schema: Schema, root: Schema = schema, path: PathSegment[] = []): SchemaViolation[] {
  const ref = schema.$ref;
  const out: SchemaViolation[] = [];
  if (typeof ref === 'string') {
    const target = resolveRef(root, ref);
    if (target) out.push(...validateJsonSchema(value, target, root, path));
  }
  const type = schema.type as string | string[] | undefined;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((name) => isType(value, name))) {
      return [...out, { path, message: `must be ${types.join(' or ')}, not ${describe(value)}` }];
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    out.push({ path, message: `must be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}` });
  }
  if ('const' in schema && schema.const !== value) out.push({ path, message: `must be ${JSON.stringify(schema.const)}` });
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) out.push({ path, message: `must be at least ${schema.minimum}` });
    if (typeof schema.maximum === 'number' && value > schema.maximum) out.push({ path, message: `must be at most ${schema.maximum}` });
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) out.push({ path, message: `must have at least ${schema.minLength} characters` });
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) out.push({ path, message: `must match ${schema.pattern}` });
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push({ path, message: `must have at least ${schema.minItems} items` });
    const items = schema.items as Schema | undefined;
    if (items && typeof items === 'object') value.forEach((item, index) => out.push(...validateJsonSchema(item, items, root, [...path, index])));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...validateObject(value as Record<string, unknown>, schema, root, path));
  for (const sub of (schema.allOf as Schema[] | undefined) ?? []) out.push(...validateJsonSchema(value, sub, root, path));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key] as Schema[] | undefined;
    if (!branches) continue;
    const results = branches.map((branch) => validateJsonSchema(value, branch, root, path));
    const passing = results.filter((result) => result.length === 0).length;
    if (key === 'oneOf' && passing > 1) out.push({ path, message: 'matches more than one allowed form' });
    if (passing > 0) continue;
    // Report the branch that got furthest (fewest violations, deepest path) so the message is specific.
    const best = results.reduce((a, b) => (score(b) > score(a) ? b : a));
    if (best.length && best.every((violation) => violation.path.length > path.length)) out.push(...best);
    else out.push({ path, message: results.map((result) => result[0]?.message).filter(Boolean).join('; or ') });
  }
  return out;
}

function validateObject(value: Record<string, unknown>, schema: Schema, root: Schema, path: PathSegment[]): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  const patterns = Object.entries((schema.patternProperties as Record<string, Schema> | undefined) ?? {});
  for (const name of (schema.required as string[] | undefined) ?? []) {
    if (!(name in value)) out.push({ path, message: `is missing "${name}"` });
  }
  for (const [key, item] of Object.entries(value)) {
    if (properties[key]) {
      out.push(...validateJsonSchema(item, properties[key], root, [...path, key]));
      continue;
    }
    const pattern = patterns.find(([expression]) => new RegExp(expression, 'u').test(key));
    if (pattern) {
      out.push(...validateJsonSchema(item, pattern[1], root, [...path, key]));
      continue;
    }
    const additional = schema.additionalProperties;
    if (additional === false) {
      const known = Object.keys(properties);
      out.push({ path: [...path, key], message: `is not allowed here${known.length ? ` (expected one of: ${known.join(', ')})` : ''}` });
    } else if (additional && typeof additional === 'object') {
      out.push(...validateJsonSchema(item, additional as Schema, root, [...path, key]));
    }
  }
  return out;
}

function score(violations: SchemaViolation[]): number {
  if (violations.length === 0) return Infinity;
  return Math.max(...violations.map((violation) => violation.path.length)) * 100 - violations.length;
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const segment of ref.slice(2).split('/')) current = (current as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  return current && typeof current === 'object' ? (current as Schema) : undefined;
}

function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return !!value && typeof value === 'object' && !Array.isArray(value);
    default: return true;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
