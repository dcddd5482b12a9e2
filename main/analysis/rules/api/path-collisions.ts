/** Paths that are the same template under different variable names, or that a request could match either way. */
import { asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { REF } from './support/references.js';
import { elementAt, SpecWorkspace, type Located } from './support/spec-workspace.js';

type Relation = 'equal' | 'left' | 'right' | 'disjoint';

interface PathKey {
  path: string;
  /** The segments with their variables blanked (`{}.json`). */
  shapes: string[];
  at: Located;
}

/** Two paths of one spec with the same number of segments, the later one first, that some request could match both. */
interface PathPair {
  later: PathKey;
  earlier: PathKey;
  relations: Relation[];
}

const shape = (segment: string) => segment.replace(/\{[^{}]*\}/g, '{}');

/** Tells how segments relate, given their shapes; the pattern of each templated shape is built once. */
class SegmentRelations {
  private readonly patterns = new Map<string, RegExp>();

  /** How two segments relate: the same, one more specific ('left' = the left one is), or never both matching. */
  relate(a: string, b: string): Relation {
    if (a === b) return 'equal';
    const aTemplated = a.includes('{}');
    const bTemplated = b.includes('{}');
    if (aTemplated && bTemplated) {
      if (a === '{}') return 'right';
      if (b === '{}') return 'left';
      return 'disjoint';
    }
    if (aTemplated) return this.matches(a, b) ? 'right' : 'disjoint';
    if (bTemplated) return this.matches(b, a) ? 'left' : 'disjoint';
    return 'disjoint';
  }

  private matches(template: string, literal: string): boolean {
    let pattern = this.patterns.get(template);
    if (!pattern) {
      pattern = new RegExp(`^${template.split('{}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
      this.patterns.set(template, pattern);
    }
    return pattern.test(literal);
  }
}

function pathKeys(context: RuleContext): PathKey[][] {
  const workspace = SpecWorkspace.of(context);
  return workspace.specs.map((spec) => {
    const paths = workspace.deref(workspace.at(spec, ['paths']));
    return Object.keys(asRecord(paths.value) ?? {}).map((path) => ({
      path, shapes: path.split('/').filter(Boolean).map(shape), at: workspace.child(paths, path),
    }));
  });
}

/** The pairs of a run: both rules read the same comparison of every two paths. */
const pairCache = new WeakMap<RuleContext, PathPair[]>();

/** Pairs of paths of one spec with the same number of segments, the later one first, that are not disjoint. */
function pathPairs(context: RuleContext): PathPair[] {
  const cached = pairCache.get(context);
  if (cached) return cached;
  const segments = new SegmentRelations();
  const pairs: PathPair[] = [];
  for (const keys of pathKeys(context)) {
    const bySize = new Map<number, PathKey[]>();
    for (const key of keys) {
      const group = bySize.get(key.shapes.length);
      if (group) group.push(key);
      else bySize.set(key.shapes.length, [key]);
    }
    for (const group of bySize.values()) {
      for (let j = 1; j < group.length; j++) {
        for (let i = 0; i < j; i++) {
          const relations: Relation[] = [];
          for (let index = 0; index < group[j].shapes.length; index++) {
            const relation = segments.relate(group[j].shapes[index], group[i].shapes[index]);
            if (relation === 'disjoint') break;
            relations.push(relation);
          }
          if (relations.length === group[j].shapes.length) pairs.push({ later: group[j], earlier: group[i], relations });
        }
      }
    }
  }
  pairCache.set(context, pairs);
  return pairs;
}

/** Hits on the pairs `visit` reports, each related to the earlier path. */
function comparePairs(context: RuleContext, visit: (later: PathKey, earlier: PathKey, relations: Relation[]) => RuleHit | undefined): RuleHit[] {
  const workspace = SpecWorkspace.of(context);
  const hits: RuleHit[] = [];
  for (const { later, earlier, relations } of pathPairs(context)) {
    const hit = visit(later, earlier, relations);
    if (hit) hits.push({ ...hit, related: [{ ...workspace.location(earlier.at), message: earlier.path }] });
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
