/**
 * The inputs of an operation as written in the spec, with positions: each parameter and each
 * request-body property (nested properties, array items and composition members included),
 * followed through `$ref` so a finding can point at the line that needs the fix, whether it
 * sits inline in the operation or in a shared component.
 */
import { asArray, asRecord, asString } from '../../../../ingest/elements.js';
import { jsonPointer } from '../../../../ingest/positions.js';
import type { Schema } from './endpoint-facts.js';
import { samePlace, type Located, type SpecWorkspace } from './spec-workspace.js';

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
const SWAGGER_SCHEMA_KEYS = ['type', 'format', 'items', 'enum', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'const'];

/**
 * Several rules ask for the fields of the same operation: the walk is done once per run. The answer depends on the
 * operation object and where it sits, so it is kept per workspace, per operation object, per file and pointer.
 */
const fieldCache = new WeakMap<SpecWorkspace, WeakMap<object, Map<string, InputField[]>>>();

function cachedFields(workspace: SpecWorkspace, operation: Located, kind: 'input' | 'response', compute: () => InputField[]): InputField[] {
  const holder = operation.value;
  if (!holder || typeof holder !== 'object') return compute();
  let byValue = fieldCache.get(workspace);
  if (!byValue) fieldCache.set(workspace, byValue = new WeakMap());
  let byPlace = byValue.get(holder);
  if (!byPlace) byValue.set(holder, byPlace = new Map());
  const key = `${kind}\u0000${operation.file}\u0000${jsonPointer(operation.path)}`;
  let fields = byPlace.get(key);
  if (!fields) byPlace.set(key, fields = compute());
  return fields.slice(); // callers get their own list; the fields themselves are shared and read-only
}

/** Parameters in effect (operation-level overrides path-level), each followed through `$ref`. */
export function rawParameters(workspace: SpecWorkspace, operation: Located, item: Located | undefined): Array<{ at: Located; parameter: Record<string, unknown> }> {
  const merged = new Map<string, { at: Located; parameter: Record<string, unknown> }>();
  const lists = [item ? workspace.child(item, 'parameters') : undefined, workspace.child(operation, 'parameters')];
  for (const list of lists) {
    if (!list) continue;
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
  return cachedFields(workspace, operation, 'input', () => collectInputFields(workspace, operation));
}

function collectInputFields(workspace: SpecWorkspace, operation: Located): InputField[] {
  const fields: InputField[] = [];
  const item = pathItemOf(workspace, operation);
  for (const { at, parameter } of rawParameters(workspace, operation, item)) {
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

/** Fields of the 2xx response bodies of an operation (status is recorded in `in`, e.g. `200`). */
export function responseFields(workspace: SpecWorkspace, operation: Located): InputField[] {
  return cachedFields(workspace, operation, 'response', () => collectResponseFields(workspace, operation));
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
  return fields.map((field) => ({ ...field, name: field.name.replace(/^body(?=\[|$)/, 'response') }));
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
  for (const { at } of rawParameters(workspace, operation, pathItemOf(workspace, operation))) {
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
  if (above.some((place) => samePlace(place, at))) return;
  above.push(at);
  if (name) out.push({ name, in: location, schema, at, declaredAt });
  else if (depth === 0 && schema.type !== undefined && schema.type !== 'object') out.push({ name: 'body', in: location, schema, at, declaredAt });
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
