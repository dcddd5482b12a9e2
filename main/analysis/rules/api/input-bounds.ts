/** Unrestricted resource consumption: inputs whose size or value the contract does not bound. */
import type { Endpoint } from '../../../../shared/model/model.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { allowsType, endpointHit, httpEndpoints } from './support/endpoint-facts.js';
import { inputFields, type InputField } from './support/input-schemas.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const BOUNDED_FORMATS = new Set(['date', 'date-time', 'time', 'uuid', 'ipv4', 'ipv6', 'int32', 'int64', 'duration', 'binary', 'byte']);

/** An anchored pattern with no unbounded quantifier (`^AC[0-9a-f]{32}$`) bounds the length. */
function boundedPattern(pattern: unknown): boolean {
  return typeof pattern === 'string' && pattern.startsWith('^') && pattern.endsWith('$') && !/[*+]|\{\d+,\}/.test(pattern.replace(/\\./g, ''));
}

function isUnboundedString(field: InputField): boolean {
  const schema = field.schema;
  if (!allowsType(schema, 'string') || field.in === 'path') return false;
  if (schema.maxLength !== undefined || schema.enum !== undefined || schema.const !== undefined) return false;
  if (typeof schema.format === 'string' && BOUNDED_FORMATS.has(schema.format)) return false;
  return !boundedPattern(schema.pattern);
}

const isUnboundedArray = (field: InputField) => allowsType(field.schema, 'array') && field.schema.maxItems === undefined;

const isUnboundedInteger = (field: InputField) => allowsType(field.schema, 'integer') && field.schema.maximum === undefined
  && field.schema.exclusiveMaximum === undefined && field.schema.enum === undefined && field.schema.const === undefined;

/** One hit per operation listing its offending fields, located at the first. */
function boundsCheck(context: RuleContext, unbounded: (field: InputField) => boolean, describe: (endpoint: Endpoint, shown: string, fields: InputField[]) => string): RuleHit[] {
  const workspace = SpecWorkspace.of(context);
  const hits: RuleHit[] = [];
  for (const endpoint of httpEndpoints(context.model)) {
    const operation = workspace.operationOf(endpoint);
    if (!operation) continue;
    const seen = new Set<string>();
    const fields = inputFields(workspace, operation).filter((field) => {
      if (!unbounded(field) || seen.has(`${field.in}:${field.name}`)) return false;
      seen.add(`${field.in}:${field.name}`);
      return true;
    });
    if (!fields.length) continue;
    const names = fields.map((field) => field.name);
    const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', ');
    hits.push(endpointHit(endpoint, describe(endpoint, shown, fields), {
      location: workspace.location(fields[0].declaredAt),
      related: fields.slice(1, 25).map((field) => ({ ...workspace.location(field.declaredAt), message: field.name })),
      evidence: names.join(', '),
    }));
  }
  return hits;
}

export const unboundedString: Rule = {
  id: 'api.unbounded-string',
  title: 'String input without maxLength',
  category: 'security',
  severity: 'low',
  stride: 'D',
  cwe: 770,
  owaspApi: 'API4:2023',
  rationale: 'A string input with no maxLength (and no enum, bounded format or anchored pattern) lets one request carry megabytes into parsing, validation, storage and logs. Path parameters are left out: the URL length limit of servers bounds them.',
  remediation: 'Give every string input a maxLength that fits the data (and the column it is stored in), or an enum, format or anchored pattern.',
  references: [REF.api4, REF.owaspRuleset],
  check: (context) => boundsCheck(context, isUnboundedString, (endpoint, shown, fields) =>
    `${endpoint.id} accepts ${fields.length === 1 ? 'a string' : `${fields.length} strings`} without maxLength: ${shown}.`),
};

export const unboundedArray: Rule = {
  id: 'api.unbounded-array',
  title: 'Array input without maxItems',
  category: 'security',
  severity: 'medium',
  stride: 'D',
  cwe: 770,
  owaspApi: 'API4:2023',
  rationale: 'An array input with no maxItems lets one request ask the server to process, store or fan out to any number of elements: the classic batch amplification of OWASP API4.',
  remediation: 'Set maxItems on every array input to the largest batch the operation is sized for, and enforce it before doing any work.',
  references: [REF.api4, REF.owaspRuleset],
  check: (context) => boundsCheck(context, isUnboundedArray, (endpoint, shown, fields) =>
    `${endpoint.id} accepts ${fields.length === 1 ? 'an array' : `${fields.length} arrays`} without maxItems: ${shown}.`),
};

export const unboundedInteger: Rule = {
  id: 'api.unbounded-integer',
  title: 'Integer input without maximum',
  category: 'security',
  severity: 'low',
  stride: 'D',
  cwe: 1284,
  owaspApi: 'API4:2023',
  rationale: 'Integers without a maximum reach the server as whatever the client likes: page sizes of a billion, quantities that overflow a 32-bit column, loops and allocations sized by the caller. Without `format` the contract does not even say whether it is 32 or 64 bits.',
  remediation: 'Set `minimum` and `maximum` (and `format: int32` or `int64`) on every integer input.',
  references: [REF.api4, REF.owaspRuleset],
  check: (context) => boundsCheck(context, isUnboundedInteger, (endpoint, shown, fields) => {
    const noFormat = fields.filter((field) => field.schema.format === undefined).length;
    const format = noFormat ? `; ${noFormat === fields.length ? 'none declares' : `${noFormat} do not declare`} a format either` : '';
    return `${endpoint.id} accepts ${fields.length === 1 ? 'an integer' : `${fields.length} integers`} without maximum: ${shown}${format}.`;
  }),
};
