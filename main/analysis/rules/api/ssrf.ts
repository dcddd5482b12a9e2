/** Inputs the server will fetch or redirect to: server-side request forgery and open redirects. */
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints } from './support/endpoint-facts.js';
import { fieldLeaf, inputFields, type InputField } from './support/input-schemas.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const URL_NAME = /(^|_)(url|uri|urls|uris|href|callback|callback_url|callbacks|webhook|webhooks|webhook_url|redirect|redirect_uri|redirect_url|return_url|return_to|continue_url|next_url|image_url|avatar_url|feed_url|fetch_url|proxy_url)$/;
const REDIRECT_NAME = /(^|_)(redirect|redirect_uri|redirect_url|return_url|return_to|continue_url|next_url)$/;
const URL_FORMATS = new Set(['uri', 'url', 'iri', 'uri-reference', 'iri-reference', 'uri-template']);

function takesUrl(field: InputField): boolean {
  const type = field.schema.type;
  if (type !== undefined && type !== 'string' && !(Array.isArray(type) && type.includes('string'))) return false;
  if (field.schema.enum !== undefined || field.schema.const !== undefined) return false;
  return URL_NAME.test(fieldLeaf(field.name)) || (typeof field.schema.format === 'string' && URL_FORMATS.has(field.schema.format));
}

export const ssrfUrlParam: Rule = {
  id: 'api.ssrf-url-param',
  title: 'Input the server may fetch or redirect to',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 918,
  owaspApi: 'API7:2023',
  rationale: 'Callback, webhook, image and redirect URLs supplied by clients make the server send requests on their behalf (to cloud metadata endpoints, internal admin ports, the loopback interface) or send users to a site of the attacker\'s choosing.',
  remediation: 'Validate such URLs against an allow-list of schemes, hosts and ports; resolve and reject private, loopback and link-local addresses (also after redirects); fetch from an isolated egress proxy; for redirects accept only relative paths or registered URLs.',
  references: [REF.api7, REF.ssrfCheatSheet, REF.owaspRuleset],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      const operation = workspace.operationOf(endpoint);
      if (!operation) continue;
      const seen = new Set<string>();
      const fields = inputFields(workspace, operation).filter((field) => {
        if (!takesUrl(field) || seen.has(field.name)) return false;
        seen.add(field.name);
        return true;
      });
      if (!fields.length) continue;
      const names = fields.map((field) => field.name);
      const redirects = fields.some((field) => REDIRECT_NAME.test(fieldLeaf(field.name)));
      const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
      hits.push(endpointHit(endpoint, `${endpoint.id} takes URLs the server may ${redirects ? 'redirect users to' : 'fetch'} (${shown}): validate them against an allow-list${redirects ? ' (open redirect)' : ' (server-side request forgery)'}.`, {
        location: workspace.location(fields[0].declaredAt),
        related: fields.slice(1, 25).map((field) => ({ ...workspace.location(field.declaredAt), message: field.name })),
        evidence: names.join(', '),
      }));
    }
    return hits;
  },
};
