/** Collections returned whole: GET operations returning lists with no way to page and no bound on size. */
import type { Endpoint } from '../../../../shared/model/model.js';
import { asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints, isTemplated, parametersOf, pathSegments, responsesOf, snakeName, type Schema } from './support/endpoint-facts.js';
import { REF } from './support/references.js';

const PAGE_PARAMETER = /^(limit|per_page|page_size|pagesize|size|first|last|cursor|page|offset|after|before|skip|take|top|count|max_results|max_items|max_page_size|starting_after|ending_before|start|start_index|since_id|max_id|continuation|continuation_token|next|next_token|page_token|marker)$|^page_/;

/** The unbounded list a response returns: `(top level)` or the name of the array property, or undefined. */
function unboundedList(schema: Schema | undefined, collectionPath: boolean): string | undefined {
  if (!schema) return undefined;
  if (schema.type === 'array') return schema.maxItems === undefined ? '(the response itself)' : undefined;
  if (!collectionPath) return undefined;
  for (const [name, raw] of Object.entries(asRecord(schema.properties) ?? {})) {
    const property = asRecord(raw);
    const items = asRecord(property?.items);
    if (property?.type !== 'array' || property.maxItems !== undefined || !items) continue;
    if (items.type === 'object' || items.properties !== undefined || items.allOf !== undefined) return name;
  }
  return undefined;
}

function successSchema(endpoint: Endpoint): Schema | undefined {
  const responses = responsesOf(endpoint);
  const status = ['200', '206', '2XX'].find((code) => responses[code]) ?? Object.keys(responses).find((code) => code.startsWith('2'));
  if (!status) return undefined;
  const content = responses[status].content;
  const media = Object.keys(content).find((type) => /json/i.test(type)) ?? Object.keys(content)[0];
  return media ? content[media].schema : undefined;
}

export const listPagination: Rule = {
  id: 'api.list-pagination',
  title: 'List operation without pagination',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 770,
  owaspApi: 'API4:2023',
  rationale: 'A GET that returns a collection with neither paging parameters nor maxItems returns everything: responses, memory and database time grow with the data until the operation times out, and one client can make the server read a whole table.',
  remediation: 'Add cursor or limit/offset parameters (with a maximum page size), return a next-page cursor or link, and declare maxItems on the returned array.',
  references: [REF.api4, REF.aipPagination, REF.owaspRuleset],
  check(context) {
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      if (endpoint.method !== 'GET') continue;
      if (parametersOf(endpoint).some((parameter) => parameter.in !== 'path' && PAGE_PARAMETER.test(snakeName(parameter.name)))) continue;
      const segments = pathSegments(endpoint.path);
      const last = segments[segments.length - 1] ?? '';
      const list = unboundedList(successSchema(endpoint), !!last && !isTemplated(last));
      if (!list) continue;
      const what = list === '(the response itself)' ? 'an array' : `an array in "${list}"`;
      hits.push(endpointHit(endpoint, `${endpoint.id} returns ${what} with no pagination parameters and no maxItems: every call returns the whole collection.`));
    }
    return hits;
  },
};
