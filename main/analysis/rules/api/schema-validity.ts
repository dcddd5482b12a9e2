/** Schemas that contradict themselves: enums, arrays without items, required properties that do not exist. */
import { asArray, asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { allowsType, schemaTypes } from './support/endpoint-facts.js';
import { REF } from './support/references.js';
import { allSchemas } from './support/schema-positions.js';
import { elementAt, SpecWorkspace } from './support/spec-workspace.js';

function fits(value: unknown, type: string): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return !!asRecord(value);
    case 'null': return value === null;
    default: return true;
  }
}

export const enumDuplicate: Rule = {
  id: 'api.enum-duplicate',
  title: 'Duplicate enum value',
  category: 'api',
  severity: 'low',
  rationale: 'JSON Schema requires enum values to be unique; generators producing enum types fail or drop one, and a duplicate is often a typo for a value that is now missing.',
  remediation: 'Remove the duplicate, or correct it to the value that was meant.',
  references: [REF.jsonSchemaValidation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const { at, schema } of allSchemas(workspace)) {
      if (!Array.isArray(schema.enum)) continue;
      const seen = new Set<string>();
      schema.enum.forEach((value, index) => {
        const key = JSON.stringify(value);
        if (!seen.has(key)) { seen.add(key); return; }
        hits.push({
          element: elementAt(at), key,
          location: workspace.location(workspace.child(at, 'enum', index)),
          message: `Enum value ${key} appears more than once.`,
        });
      });
    }
    return hits;
  },
};

export const enumTypeMismatch: Rule = {
  id: 'api.enum-type-mismatch',
  title: 'Enum value does not match the schema type',
  category: 'api',
  severity: 'medium',
  rationale: 'An enum value of the wrong type (a number in a string enum, often YAML reading `1` or `on` unquoted) can never validate: the value the designer listed is rejected at runtime and generated enums do not compile.',
  remediation: 'Quote the value or fix the type; allow `null` explicitly (`nullable: true` in 3.0, `type: [..., "null"]` in 3.1) if it is an option.',
  references: [REF.jsonSchemaValidation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const { at, schema } of allSchemas(workspace)) {
      if (!Array.isArray(schema.enum)) continue;
      const types = schemaTypes(schema);
      if (!types.length) continue;
      schema.enum.forEach((value, index) => {
        if (value === null && (schema.nullable === true || types.includes('null'))) return;
        if (types.some((type) => fits(value, type))) return;
        hits.push({
          element: elementAt(at), key: JSON.stringify(value),
          location: workspace.location(workspace.child(at, 'enum', index)),
          message: `Enum value ${JSON.stringify(value)} is not of type ${types.join(' or ')}.`,
        });
      });
    }
    return hits;
  },
};

export const arrayItemsMissing: Rule = {
  id: 'api.array-items-missing',
  title: 'Array schema without items',
  category: 'api',
  severity: 'medium',
  rationale: 'An array without `items` accepts elements of any type and size (OpenAPI 3.0 makes `items` mandatory): nothing in the contract constrains what clients send or receive.',
  remediation: 'Describe the elements with `items` (and bound the array with `maxItems` on inputs).',
  references: [REF.oas30, REF.jsonSchemaValidation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const { at, schema } of allSchemas(workspace)) {
      if (!allowsType(schema, 'array') || schema.items !== undefined || schema.prefixItems !== undefined) continue;
      hits.push({ element: elementAt(at), location: workspace.location(at), message: `Schema ${at.path.join('.')} is an array without items.` });
    }
    return hits;
  },
};

export const requiredPropertyUndefined: Rule = {
  id: 'api.required-property-undefined',
  title: 'Required property not defined',
  category: 'api',
  severity: 'medium',
  rationale: 'A name in `required` that is not among the schema\'s properties (or those of its allOf siblings) is usually a renamed or misspelt property: validation then demands a field the documented shape does not have.',
  remediation: 'Add the property, or fix or remove the name in `required`.',
  references: [REF.jsonSchemaValidation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const { at, schema, inherited } of allSchemas(workspace)) {
      const properties = asRecord(schema.properties);
      if (!properties || !Array.isArray(schema.required)) continue;
      const known = new Set([...Object.keys(properties), ...inherited]);
      for (const member of asArray(schema.allOf)) {
        for (const name of Object.keys(asRecord(asRecord(workspace.deref({ ...at, value: member }).value)?.properties) ?? {})) known.add(name);
      }
      schema.required.forEach((name, index) => {
        if (typeof name !== 'string' || known.has(name)) return;
        hits.push({
          element: elementAt(at), key: name,
          location: workspace.location(workspace.child(at, 'required', index)),
          message: `"${name}" is required but not defined among the properties of ${at.path.join('.')}.`,
        });
      });
    }
    return hits;
  },
};
