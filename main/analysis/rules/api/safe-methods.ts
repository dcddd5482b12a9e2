/** GET and HEAD are safe methods: operations named for changing state should not use them. */
import type { Endpoint } from '../../../../shared/model/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints } from './support/endpoint-facts.js';
import { REF } from './support/references.js';

const VERBS = new Set(['create', 'delete', 'remove', 'update', 'reset', 'drop', 'populate', 'purge', 'destroy', 'truncate', 'wipe', 'seed', 'insert', 'modify', 'cancel', 'approve', 'revoke', 'restart', 'shutdown', 'trigger', 'execute', 'send']);
const SUMMARY_VERBS = new Set([...VERBS].flatMap((verb) => [verb, `${verb}s`, verb.endsWith('e') ? `${verb}s` : `${verb}es`]));

function firstWord(name: string): string {
  return name.replace(/\.[a-z]+$/i, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_\-.]+/).filter(Boolean)[0]?.toLowerCase() ?? '';
}

/** The word that says the operation changes state, or undefined. */
function stateChangingWord(endpoint: Endpoint): string | undefined {
  const literals = endpoint.path.split('/').filter((segment) => segment && !segment.includes('{'));
  const candidates = [
    firstWord(literals[literals.length - 1] ?? ''),
    firstWord((endpoint.operationId ?? '').split('.').pop() ?? ''),
  ];
  const found = candidates.find((word) => VERBS.has(word));
  if (found) return found;
  const summary = firstWord(String(endpoint.properties?.summary ?? ''));
  return SUMMARY_VERBS.has(summary) ? summary : undefined;
}

export const safeMethodSideEffect: Rule = {
  id: 'api.safe-method-side-effect',
  title: 'GET operation that changes state',
  category: 'security',
  severity: 'medium',
  stride: 'T',
  cwe: 650,
  rationale: 'GET and HEAD are safe methods: browsers prefetch them, crawlers follow them, proxies and client libraries retry them, and an <img> tag on any site makes a logged-in browser send them (CSRF). An operation whose name says it creates, deletes or resets something must not be reachable that way.',
  remediation: 'Move the operation to POST (or PUT/DELETE as fits), protect it like other writes, and keep GET for reads.',
  references: [REF.http, REF.restCheatSheet],
  check(context) {
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      if (endpoint.method !== 'GET' && endpoint.method !== 'HEAD') continue;
      const word = stateChangingWord(endpoint);
      if (!word) continue;
      hits.push(endpointHit(endpoint, `${endpoint.id} is a ${endpoint.method} whose name says it changes state ("${word}"); safe methods are prefetched, retried and forgeable cross-site.`));
    }
    return hits;
  },
};
