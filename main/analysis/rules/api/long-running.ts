/** Asynchronous operations: a 202 Accepted must tell the client where to follow the work. */
import { asArray, asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints, responseHasHeader, responsesOf, snakeName, type Schema } from './support/endpoint-facts.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const STATUS_LINK = /^(location|status_url|status_uri|status_link|monitor|monitor_url|href|url|uri|links|_links|link|self|operation_location|job_url|poll_url|status_location)$/;

function hasStatusLink(schema: Schema | undefined, depth = 0): boolean {
  if (!schema || depth > 3) return false;
  for (const [name, child] of Object.entries(asRecord(schema.properties) ?? {})) {
    if (STATUS_LINK.test(snakeName(name))) return true;
    if (hasStatusLink(asRecord(child), depth + 1)) return true;
  }
  return [...asArray(schema.allOf), ...asArray(schema.oneOf), ...asArray(schema.anyOf)].some((member) => hasStatusLink(asRecord(member), depth + 1));
}

export const longRunning202Location: Rule = {
  id: 'api.long-running-202-location',
  title: '202 Accepted without a status location',
  category: 'reliability',
  severity: 'low',
  rationale: 'A 202 says the work continues after the response. Without a Location header or a status link in the body, clients cannot find out whether it succeeded: they poll something undocumented, resubmit (doing the work twice), or never learn of the failure.',
  remediation: 'Return a Location header (or a status link in the body) pointing at a status resource the client can GET, and document that resource and its terminal states.',
  references: [REF.status202, REF.http],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      const response = responsesOf(endpoint)['202'];
      if (!response || responseHasHeader(response, 'location') || responseHasHeader(response, 'operation-location')) continue;
      if (Object.values(response.content).some((media) => hasStatusLink(media.schema))) continue;
      hits.push(endpointHit(endpoint, `${endpoint.id} answers 202 Accepted without a Location header or status link: clients cannot follow the outcome of the work.`, {
        location: workspace.locationIn(endpoint, 'responses', '202'),
      }));
    }
    return hits;
  },
};
