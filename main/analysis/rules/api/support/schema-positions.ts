/**
 * Every schema a spec holds, each once with its position: component schemas, inline schemas of
 * parameters, bodies, responses and headers, their nested properties, items and composition
 * members, and schemas in other files reached by `$ref`. Document-level schema rules walk this list.
 */
import { asArray, asRecord } from '../../../../ingest/elements.js';
import { atAnyOf, hasAnyKey, type Located, type SpecWorkspace } from './spec-workspace.js';

export interface SchemaVisit {
  at: Located;
  schema: Record<string, unknown>;
  /** Property names declared by sibling `allOf` members (and their parent), for `required` checks. */
  inherited: Set<string>;
}

const SINGLE_CHILDREN = ['additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'];
const MAP_CHILDREN = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const LIST_CHILDREN = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/** Every key that can hold subschemas: a schema without any of them is a leaf (most schemas are). */
const CHILD_KEYS = new Set([...SINGLE_CHILDREN, ...MAP_CHILDREN, ...LIST_CHILDREN, 'items']);

const cache = new WeakMap<SpecWorkspace, SchemaVisit[]>();

/** `inherited` of schemas that inherit nothing: one shared set, never written to. */
const NOTHING: Set<string> = new Set();

/** All schemas of all root specs (and the files they reference), deduplicated by location. */
export function allSchemas(workspace: SpecWorkspace): SchemaVisit[] {
  const cached = cache.get(workspace);
  if (cached) return cached;
  const out: SchemaVisit[] = [];
  // Each schema once per place (file and pointer). A place always holds the same object, so places are looked up
  // by the object: only an object seen before (reached again through `$ref`, or a YAML alias) compares places.
  const placesOf = new Map<object, Located[]>();
  const firstVisit = (at: Located, schema: object): boolean => {
    const places = placesOf.get(schema);
    if (!places) {
      placesOf.set(schema, [at]);
      return true;
    }
    if (atAnyOf(places, at)) return false;
    places.push(at);
    return true;
  };
  const visit = (raw: Located, inherited: Set<string>, depth: number) => {
    const at = workspace.deref(raw);
    const schema = asRecord(at.value);
    if (!schema || typeof schema.$ref === 'string' || depth > 64) return;
    if (!firstVisit(at, schema)) return;
    out.push({ at, schema, inherited });
    if (!hasAnyKey(schema, CHILD_KEYS)) return;
    for (const name of MAP_CHILDREN) {
      for (const child of Object.keys(asRecord(schema[name]) ?? {})) visit(workspace.child(at, name, child), NOTHING, depth + 1);
    }
    for (const name of SINGLE_CHILDREN) if (asRecord(schema[name])) visit(workspace.child(at, name), NOTHING, depth + 1);
    if (asRecord(schema.items)) visit(workspace.child(at, 'items'), NOTHING, depth + 1);
    else asArray(schema.items).forEach((_, index) => visit(workspace.child(at, 'items', index), NOTHING, depth + 1));
    // What allOf members inherit: only built when there are allOf members to pass it to.
    const allOf = asArray(schema.allOf);
    let members = NOTHING;
    if (allOf.length) {
      members = new Set<string>(Object.keys(asRecord(schema.properties) ?? {}));
      for (const member of allOf) {
        for (const name of Object.keys(asRecord(asRecord(workspace.deref({ ...at, value: member }).value)?.properties) ?? {})) members.add(name);
      }
      for (const name of inherited) members.add(name);
    }
    for (const list of LIST_CHILDREN) {
      asArray(schema[list]).forEach((_, index) => visit(workspace.child(at, list, index), list === 'allOf' ? members : NOTHING, depth + 1));
    }
  };
  /** `each` on every entry of the map under `key` of `owner` (nothing is built when there is no such map). */
  const eachValue = (owner: Located, key: string, each: (child: Located) => void) => {
    const map = asRecord(asRecord(owner.value)?.[key]);
    if (!map) return;
    const at = workspace.child(owner, key);
    for (const name of Object.keys(map)) each(workspace.child(at, name));
  };
  const mediaSchemas = (holder: Located) => eachValue(workspace.deref(holder), 'content', (media) => visit(workspace.child(media, 'schema'), NOTHING, 0));
  const parameter = (raw: Located, swagger: boolean) => {
    const at = workspace.deref(raw);
    const record = asRecord(at.value);
    if (!record) return;
    if (record.schema !== undefined) visit(workspace.child(at, 'schema'), NOTHING, 0);
    else if (swagger) visit(at, NOTHING, 0); // a Swagger 2.0 non-body parameter is its own schema
    mediaSchemas(at);
  };
  const response = (raw: Located, swagger: boolean) => {
    const at = workspace.deref(raw);
    if (swagger) visit(workspace.child(at, 'schema'), NOTHING, 0);
    mediaSchemas(at);
    eachValue(at, 'headers', (header) => swagger ? visit(header, NOTHING, 0) : parameter(header, false));
  };
  for (const spec of workspace.specs) {
    const sw = spec.swagger;
    if (sw) {
      const root = workspace.at(spec, []);
      eachValue(root, 'definitions', (schema) => visit(schema, NOTHING, 0));
      eachValue(root, 'parameters', (item) => parameter(item, true));
      eachValue(root, 'responses', (item) => response(item, true));
    } else {
      const components = workspace.at(spec, ['components']);
      eachValue(components, 'schemas', (schema) => visit(schema, NOTHING, 0));
      eachValue(components, 'parameters', (item) => parameter(item, false));
      eachValue(components, 'headers', (item) => parameter(item, false));
      eachValue(components, 'responses', (item) => response(item, false));
      eachValue(components, 'requestBodies', (item) => mediaSchemas(item));
    }
  }
  for (const operation of workspace.operations) {
    const sw = operation.spec.swagger;
    for (const owner of [operation.item, operation.at]) {
      asArray(asRecord(owner.value)?.parameters).forEach((_, index) => parameter(workspace.child(owner, 'parameters', index), sw));
    }
    mediaSchemas(workspace.child(operation.at, 'requestBody'));
    eachValue(operation.at, 'responses', (item) => response(item, sw));
  }
  cache.set(workspace, out);
  return out;
}
