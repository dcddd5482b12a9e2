/** Object identifiers in paths that can be enumerated by counting. */
import { asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints, snakeName } from './support/endpoint-facts.js';
import { rawParameters } from './support/input-schemas.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const ID_NAME = /(^|_)(id|pk|key|no|number|num)$/;

export const numericIds: Rule = {
  id: 'api.numeric-ids',
  title: 'Sequential numeric id in a path',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 639,
  owaspApi: 'API1:2023',
  rationale: 'An integer object id in the path (`/orders/{id}` with `type: integer`) invites enumeration: an attacker changes 1041 to 1042 and gets someone else\'s object wherever the server forgets an ownership check (broken object level authorization, the top API risk).',
  remediation: 'Check on every operation that the caller may access the object (and test it). Prefer unguessable identifiers (UUIDs, random ids) in URLs; keep sequential keys internal.',
  references: [REF.api1, REF.owaspRuleset],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      const operation = workspace.operationOf(endpoint);
      if (!operation) continue;
      for (const { at, parameter } of rawParameters(workspace, operation)) {
        const name = asString(parameter.name) ?? '';
        if (parameter.in !== 'path' || !ID_NAME.test(snakeName(name))) continue;
        const schema = asRecord(workspace.deref(workspace.child(at, 'schema')).value) ?? parameter;
        if (schema.type !== 'integer' && !(schema.type === 'number' && schema.format === undefined)) continue;
        hits.push(endpointHit(endpoint, `${endpoint.id} identifies the object by integer {${name}}: ids can be enumerated by counting, so every request must be checked against the caller's access to that object.`, {
          key: name, location: workspace.location(at),
        }));
      }
    }
    return hits;
  },
};
