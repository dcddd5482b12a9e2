/** Deprecation that tells clients when: Sunset / Deprecation headers or a sunset date on deprecated operations. */
import { asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints, responsesOf } from './support/endpoint-facts.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const SUNSET_EXTENSIONS = /^x-(sunset|sunset-date|deprecated-at|deprecation-date|deprecation|removal-date|removed-at|api-sunset)$/i;

export const deprecatedWithoutSunset: Rule = {
  id: 'api.deprecated-without-sunset',
  title: 'Deprecated operation without a sunset',
  category: 'api',
  severity: 'low',
  owaspApi: 'API9:2023',
  rationale: 'Marking an operation deprecated without saying when it goes away leaves it running forever: clients have no date to migrate by, and the old version stays in the inventory (and unpatched) long after anyone looks at it.',
  remediation: 'Send the Sunset header (RFC 8594) and the Deprecation header (RFC 9745) on the operation\'s responses and declare them in the spec, or at least record the date in an extension such as `x-sunset`.',
  references: [REF.sunset, REF.deprecationHeader, REF.api9],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      if (!endpoint.deprecated) continue;
      const headers = Object.values(responsesOf(endpoint)).flatMap((response) => response.headers.map((header) => header.toLowerCase()));
      if (headers.includes('sunset') || headers.includes('deprecation')) continue;
      if (Object.keys(asRecord(endpoint.properties?.extensions) ?? {}).some((name) => SUNSET_EXTENSIONS.test(name))) continue;
      hits.push(endpointHit(endpoint, `${endpoint.id} is deprecated but declares no Sunset or Deprecation header and no sunset date: clients cannot tell when it goes away.`, {
        location: workspace.locationIn(endpoint, 'deprecated'),
      }));
    }
    return hits;
  },
};
