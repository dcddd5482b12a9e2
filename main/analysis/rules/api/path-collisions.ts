/** Paths that are the same template under different variable names, or that a request could match either way. */
import { asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { REF } from './support/references.js';
import { elementAt, SpecWorkspace, type Located } from './support/spec-workspace.js';

type Relation = 'equal' | 'left' | 'right' | 'disjoint';

interface PathKey {
  path: string;
  segments: string[];
  at: Located;
}

const shape = (segment: string) => segment.replace(/\{[^{}]*\}/g, '{}');

/** How two segments relate: the same, one more specific ('left' = the left one is), or never both matching. */
function relate(left: string, right: string): Relation {
  const a = shape(left);
  const b = shape(right);
  if (a === b) return 'equal';
  const aTemplated = a.includes('{}');
  const bTemplated = b.includes('{}');
  if (aTemplated && bTemplated) {
    if (a === '{}') return 'right';
    if (b === '{}') return 'left';
    return 'disjoint';
  }
  if (aTemplated) return matches(a, b) ? 'right' : 'disjoint';
  if (bTemplated) return matches(b, a) ? 'left' : 'disjoint';
  return 'disjoint';
}

function matches(template: string, literal: string): boolean {
  const pattern = template.split('{}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${pattern}$`).test(literal);
}

function pathKeys(context: RuleContext): PathKey[][] {
  const workspace = SpecWorkspace.of(context);
  return workspace.specs.map((spec) => {
    const paths = workspace.deref(workspace.at(spec, ['paths']));
    return Object.keys(asRecord(paths.value) ?? {}).map((path) => ({
      path, segments: path.split('/').filter(Boolean), at: workspace.child(paths, path),
    }));
  });
}

/** Pairs of paths of one spec with the same number of segments, the later one first. */
function comparePairs(context: RuleContext, visit: (later: PathKey, earlier: PathKey, relations: Relation[]) => RuleHit | undefined): RuleHit[] {
  const workspace = SpecWorkspace.of(context);
  const hits: RuleHit[] = [];
  for (const keys of pathKeys(context)) {
    const bySize = new Map<number, PathKey[]>();
    for (const key of keys) bySize.set(key.segments.length, [...(bySize.get(key.segments.length) ?? []), key]);
    for (const group of bySize.values()) {
      for (let j = 1; j < group.length; j++) {
        for (let i = 0; i < j; i++) {
          const relations = group[j].segments.map((segment, index) => relate(segment, group[i].segments[index]));
          if (relations.includes('disjoint')) continue;
          const hit = visit(group[j], group[i], relations);
          if (hit) hits.push({ ...hit, related: [{ ...workspace.location(group[i].at), message: group[i].path }] });
        }
      }
    }
  }
  return hits;
}

export const pathsIdentical: Rule = {
  id: 'api.paths-identical',
  title: 'Identical paths with different variable names',
  category: 'api',
  severity: 'high',
  rationale: 'OpenAPI treats `/users/{id}` and `/users/{userId}` as the same path and forbids both: a router serves one of them and the other operation is unreachable.',
  remediation: 'Merge the two path items into one and use the same variable name.',
  references: [REF.oasPaths],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    return comparePairs(context, (later, earlier, relations) => {
      if (!relations.every((relation) => relation === 'equal')) return undefined;
      return { element: elementAt(later.at), key: earlier.path, location: workspace.location(later.at), message: `Path "${later.path}" is the same template as "${earlier.path}"; only one of them can be routed.` };
    });
  },
};

export const pathsAmbiguous: Rule = {
  id: 'api.paths-ambiguous',
  title: 'Ambiguous paths',
  category: 'api',
  severity: 'medium',
  rationale: 'When each of two paths has a literal where the other has a variable (`/{org}/users` and `/acme/{resource}`), a request such as `/acme/users` matches both and neither is more specific: which operation runs depends on the router.',
  remediation: 'Make one path strictly more specific, or give the variable segments a distinguishing literal prefix.',
  references: [REF.oasPathTemplating],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    return comparePairs(context, (later, earlier, relations) => {
      if (!relations.includes('left') || !relations.includes('right')) return undefined;
      return { element: elementAt(later.at), key: earlier.path, location: workspace.location(later.at), message: `Path "${later.path}" and "${earlier.path}" can both match the same request and neither is more specific.` };
    });
  },
};
