/**
 * The inputs of an operation as written in the spec, with positions: each parameter and each
 * request-body property (nested properties, array items and composition members included),
 * followed through `$ref` so a finding can point at the line that needs the fix, whether it
 * sits inline in the operation or in a shared component.
 */
import { asArray, asRecord, asString } from '../../../../ingest/elements.js';
import { snakeName, type Schema } from './endpoint-facts.js';
import { atAnyOf, hasAnyKey, type Located, type SpecWorkspace } from './spec-workspace.js';

export interface InputField {
  /** `limit` for a parameter, `user.address.city` for a body property, `tags[]` for array items. */
  name: string;
  /** Where it comes from: `query`, `path`, `header`, `cookie`, `body`, `formData`. */
  in: string;
  /** The schema (after `$ref`), with its location. */
  schema: Schema;
  at: Located;
  /** Where the field is declared (the parameter, or the property key). */
  declaredAt: Located;
}

const COMPOSITIONS = ['allOf', 'oneOf', 'anyOf'];
/** The keys walkSchema descends into: a schema with none of them is a leaf (most are). */
const NESTING_KEYS = new Set([...COMPOSITIONS, 'properties', 'items']);
const SWAGGER_SCHEMA_KEYS = ['type', 'format', 'items', 'enum', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'const'];

/** A parameter in effect for an operation, after `$ref`, with where it is declared. */
export interface RawParameter {
  at: Located;
  parameter: Record<string, unknown>;
}

/**
 * Several rules ask for the parameters and fields of the same operation: each is worked out once per run. The answer
 * depends only on the located operation, so it is kept on that object: the workspace hands out one per operation
 * (`operationOf` and `operations` share it).
 */
const operationCache = new WeakMap<Located, Map<'parameters' | 'input' | 'response', unknown>>();

function perOperation<T>(operation: Located, kind: 'parameters' | 'input' | 'response', compute: () => T): T {
  let answers = operationCache.get(operation);
  if (!answers) operationCache.set(operation, answers = new Map());
  if (!answers.has(kind)) answers.set(kind, compute());
  return answers.get(kind) as T;
}

function cachedFields(operation: Located, kind: 'input' | 'response', compute: () => InputField[]): InputField[] {
  return perOperation(operation, kind, compute).slice(); // callers get their own list; the fields themselves are shared and read-only
}

/** Parameters in effect (operation-level overrides path-level), each followed through `$ref`. Shared between rules: read-only. */
export function rawParameters(workspace: SpecWorkspace, operation: Located): readonly RawParameter[] {
  return perOperation(operation, 'parameters', () => collectParameters(workspace, operation, pathItemOf(workspace, operation)));
}

function collectParameters(workspace: SpecWorkspace, operation: Located, item: Located): RawParameter[] {
  const merged = new Map<string, RawParameter>();
  for (const list of [workspace.child(item, 'parameters'), workspace.child(operation, 'parameters')]) {
    asArray(list.value).forEach((_, index) => {
      const at = workspace.deref(workspace.child(list, index));
      const parameter = asRecord(at.value);
      if (!parameter || asRecord(parameter)?.$ref) return;
      merged.set(`${asString(parameter.in)}:${asString(parameter.name)}`, { at, parameter });
    });
  }
  return [...merged.values()];
}

/** The path item an operation belongs to (its parent in the document). */
export function pathItemOf(workspace: SpecWorkspace, operation: Located): Located {
  const path = operation.path.slice(0, -1);
  const value = path.reduce<unknown>((node, segment) => asRecord(node)?.[segment as string], operation.document.value);
  return { ...operation, value, path };
}

/** Every input field of an operation: parameters, then request-body properties (depth-limited, cycle-safe). */
export function inputFields(workspace: SpecWorkspace, operation: Located): InputField[] {
  return cachedFields(operation, 'input', () => collectInputFields(workspace, operation));
}

function collectInputFields(workspace: SpecWorkspace, operation: Located): InputField[] {
  const fields: InputField[] = [];
  for (const { at, parameter } of rawParameters(workspace, operation)) {
    const name = asString(parameter.name) ?? '?';
    const location = asString(parameter.in) ?? 'query';
    if (location === 'body') {
      walkSchema(workspace, workspace.child(at, 'schema'), '', 'body', at, fields, [], 0);
    } else if (parameter.schema !== undefined) {
      walkSchema(workspace, workspace.child(at, 'schema'), name, location, at, fields, [], 0);
    } else {
      // Swagger 2: the parameter object is its own schema.
      const schema: Schema = {};
      for (const key of SWAGGER_SCHEMA_KEYS) if (parameter[key] !== undefined) schema[key] = parameter[key];
      fields.push({ name, in: location, schema, at, declaredAt: at });
      if (schema.type === 'array' && asRecord(schema.items)) walkSchema(workspace, workspace.child(at, 'items'), `${name}[]`, location, at, fields, [], 1);
    }
  }
  const body = workspace.deref(workspace.child(operation, 'requestBody'));
  const content = workspace.child(body, 'content');
  for (const type of Object.keys(asRecord(content.value) ?? {})) {
    walkSchema(workspace, workspace.child(content, type, 'schema'), '', 'body', workspace.child(content, type), fields, [], 0);
  }
  return fields;
}

/** The property a field name ends with, snake_cased (`user.accountId` and `ids[]` give `account_id` and `ids`). */
export function fieldLeaf(name: string): string {
  return snakeName(name.replace(/\[\]/g, '').split('.').pop() ?? '');
}

/** A response field named for the body itself (`body`, `body[]...`): called `response` here. */
const RESPONSE_BODY = /^body(?=\[|$)/;

/** Fields of the 2xx response bodies of an operation (status is recorded in `in`, e.g. `200`). */
export function responseFields(workspace: SpecWorkspace, operation: Located): InputField[] {
  return cachedFields(operation, 'response', () => collectResponseFields(workspace, operation));
}

function collectResponseFields(workspace: SpecWorkspace, operation: Located): InputField[] {
  const fields: InputField[] = [];
  const responses = workspace.child(operation, 'responses');
  for (const status of Object.keys(asRecord(responses.value) ?? {})) {
    if (!/^2/.test(status)) continue;
    const response = workspace.deref(workspace.child(responses, status));
    if (asRecord(response.value)?.schema !== undefined) walkSchema(workspace, workspace.child(response, 'schema'), '', status, response, fields, [], 0);
    const content = workspace.child(response, 'content');
    for (const type of Object.keys(asRecord(content.value) ?? {})) {
      walkSchema(workspace, workspace.child(content, type, 'schema'), '', status, workspace.child(content, type), fields, [], 0);
    }
  }
  return fields.map((field) => RESPONSE_BODY.test(field.name) ? { ...field, name: field.name.replace(RESPONSE_BODY, 'response') } : field);
}

/** The request-body schemas of an operation (one per media type), after `$ref`. */
export function bodySchemas(workspace: SpecWorkspace, operation: Located): Array<{ mediaType: string; at: Located }> {
  const out: Array<{ mediaType: string; at: Located }> = [];
  const body = workspace.deref(workspace.child(operation, 'requestBody'));
  const content = workspace.child(body, 'content');
  for (const type of Object.keys(asRecord(content.value) ?? {})) {
    const at = workspace.deref(workspace.child(content, type, 'schema'));
    if (asRecord(at.value)) out.push({ mediaType: type, at });
  }
  for (const { at } of rawParameters(workspace, operation)) {
    const parameter = asRecord(at.value)!;
    if (parameter.in === 'body') {
      const schema = workspace.deref(workspace.child(at, 'schema'));
      if (asRecord(schema.value)) out.push({ mediaType: 'application/json', at: schema });
    }
  }
  return out;
}

/** `above`: the schemas on the way down to this one (a cycle guard), pushed here and popped when done. */
function walkSchema(workspace: SpecWorkspace, raw: Located, name: string, location: string, declaredAt: Located, out: InputField[], above: Located[], depth: number): void {
  const at = workspace.deref(raw);
  const schema = asRecord(at.value);
  if (!schema || schema.$ref !== undefined || depth > 8) return;
  if (atAnyOf(above, at)) return;
  if (name) out.push({ name, in: location, schema, at, declaredAt });
  else if (depth === 0 && schema.type !== undefined && schema.type !== 'object') out.push({ name: 'body', in: location, schema, at, declaredAt });
  if (!hasAnyKey(schema, NESTING_KEYS)) return;
  above.push(at);
  for (const composition of COMPOSITIONS) {
    asArray(schema[composition]).forEach((_, index) => walkSchema(workspace, workspace.child(at, composition, index), name, location, declaredAt, out, above, depth + 1));
  }
  for (const property of Object.keys(asRecord(schema.properties) ?? {})) {
    const child = workspace.child(at, 'properties', property);
    walkSchema(workspace, child, name ? `${name}.${property}` : property, location, child, out, above, depth + 1);
  }
  if (asRecord(schema.items)) walkSchema(workspace, workspace.child(at, 'items'), `${name || 'body'}[]`, location, declaredAt, out, above, depth + 1);
  above.pop();
}
