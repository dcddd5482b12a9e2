/** API inventory: the same operation alive in several versions. */
import type { Endpoint } from '../../../../shared/model/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints, serversOf } from './support/endpoint-facts.js';
import { REF } from './support/references.js';
import { serverEntries } from './servers.js';
import { elementAt, SpecWorkspace } from './support/spec-workspace.js';

const VERSION_SEGMENT = /^(v\d+(\.\d+)*|\d{4}-\d{2}-\d{2})$/i;

interface Versioned {
  version: string;
  /** The path with its version segment and variable names blanked: `GET /{version}/users/{}`. */
  key: string;
}

function versioned(method: string, fullPath: string): Versioned | undefined {
  const segments = fullPath.split('/').filter(Boolean);
  const index = segments.findIndex((segment) => VERSION_SEGMENT.test(segment));
  if (index < 0) return undefined;
  const key = segments.map((segment, position) => position === index ? '{version}' : segment.replace(/\{[^}]*\}/g, '{}')).join('/');
  return { version: segments[index].toLowerCase(), key: `${method} /${key}` };
}

/** Orders `v1` < `v1.1` < `v2` and dates by value. */
export function compareVersions(a: string, b: string): number {
  const numbers = (version: string) => version.replace(/^v/i, '').split(/[.-]/).map(Number);
  const [left, right] = [numbers(a), numbers(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference) return difference;
  }
  return 0;
}

function basePath(endpoint: Endpoint): string {
  const url = serversOf(endpoint)[0] ?? '';
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return path.startsWith('/') ? path.replace(/\/$/, '') : '';
}

export const inventoryVersions: Rule = {
  id: 'api.inventory-versions',
  title: 'Several versions of the same operation in service',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 1059,
  owaspApi: 'API9:2023',
  rationale: 'When /v1 and /v2 of the same operation are both described and neither is marked deprecated, the old version stays deployed indefinitely: it misses fixes made to the new one (attackers call the old path to get around them) and nobody owns its retirement.',
  remediation: 'Mark the old version `deprecated: true` with a Sunset date, publish a retirement plan, monitor its traffic, and remove it; keep an inventory of which versions run where.',
  references: [REF.api9, REF.sunset],
  check(context) {
    const hits: RuleHit[] = [];
    const groups = new Map<string, Array<{ endpoint: Endpoint; version: string }>>();
    for (const endpoint of httpEndpoints(context.model)) {
      const found = versioned(endpoint.method, `${basePath(endpoint)}${endpoint.path}`);
      if (found) groups.set(found.key, [...(groups.get(found.key) ?? []), { endpoint, version: found.version }]);
    }
    for (const members of groups.values()) {
      const versions = [...new Set(members.map((member) => member.version))].sort(compareVersions);
      if (versions.length < 2) continue;
      const newest = versions[versions.length - 1];
      const current = members.find((member) => member.version === newest)!.endpoint;
      for (const { endpoint, version } of members) {
        if (version === newest || endpoint.deprecated) continue;
        hits.push(endpointHit(endpoint, `${endpoint.id} (${version}) is still described alongside ${current.id} (${newest}) and is not marked deprecated: the older version has no planned retirement.`, {
          related: [{ ...current.source, message: current.id }],
        }));
      }
    }
    const workspace = SpecWorkspace.of(context);
    for (const spec of workspace.specs) {
      const byKey = new Map<string, Array<{ version: string; entry: ReturnType<typeof serverEntries>[number] }>>();
      for (const entry of serverEntries(context).filter((server) => server.spec === spec)) {
        const found = versioned('', entry.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '/'));
        if (found) byKey.set(found.key, [...(byKey.get(found.key) ?? []), { version: found.version, entry }]);
      }
      for (const members of byKey.values()) {
        const versions = [...new Set(members.map((member) => member.version))].sort(compareVersions);
        if (versions.length < 2) continue;
        const newest = members.find((member) => member.version === versions[versions.length - 1])!;
        for (const { version, entry } of members) {
          if (version === newest.version) continue;
          hits.push({
            element: elementAt(entry.at),
            location: workspace.location(entry.at),
            message: `Server "${entry.url}" (${version}) serves the same operations as "${newest.entry.url}" (${newest.version}): two API versions are exposed by one description.`,
          });
        }
      }
    }
    return hits;
  },
};
