/**
 * Synchronous call chains: from each entry point (or each component nothing calls synchronously) the
 * deepest chain of request/response calls and the chain with the largest retry amplification (the
 * product of `retries + 1` along it: one user request becomes that many calls at the bottom when every
 * hop retries). Memoised depth-first search over the synchronous graph; cycles are cut where they close.
 */
import type { FlowResilience } from '../../shared/model/system-analysis.js';
import { deploymentUnknown } from '../../shared/model/inferred.js';
import type { ModelIndex } from './model-index.js';

export interface CallChain {
  components: string[];
  flows: string[];
  depth: number;
  retryAmplification: number;
  missingTimeouts: number;
  /** The entry point or root the chain starts at. */
  root: string;
}

interface Best { depth: number; next?: string; flow?: string; amp: number; ampNext?: string; ampFlow?: string }

/** Deepest and most amplifying chains from every root, most amplifying first, then deepest. */
export function callChains(index: ModelIndex, roots: string[], resilience: Map<string, FlowResilience>, limit = 25): CallChain[] {
  const memo = new Map<string, Best>();
  const onStack = new Set<string>();
  const visit = (id: string): Best => {
    const known = memo.get(id);
    if (known) return known;
    onStack.add(id);
    const best: Best = { depth: 0, amp: 1 };
    for (const flow of index.syncOut.get(id) ?? []) {
      if (onStack.has(flow.to) || flow.to === id) continue;
      const below = visit(flow.to);
      if (below.depth + 1 > best.depth) { best.depth = below.depth + 1; best.next = flow.to; best.flow = flow.id; }
      const factor = (resilience.get(flow.id)?.retries ?? 0) + 1;
      if (factor * below.amp > best.amp) { best.amp = factor * below.amp; best.ampNext = flow.to; best.ampFlow = flow.id; }
    }
    onStack.delete(id);
    memo.set(id, best);
    return best;
  };
  const chains = new Map<string, CallChain>();
  const add = (root: string, follow: 'depth' | 'amp') => {
    const components = [root];
    const flows: string[] = [];
    let current = root;
    for (let hops = 0; hops < 1000; hops++) {
      const best = memo.get(current);
      const next = follow === 'depth' ? best?.next : best?.ampNext;
      const flow = follow === 'depth' ? best?.flow : best?.ampFlow;
      if (!next || !flow || components.includes(next)) break;
      components.push(next);
      flows.push(flow);
      current = next;
    }
    if (!flows.length) return;
    const key = flows.join('|');
    if (chains.has(key)) return;
    const amplification = flows.reduce((product, flow) => product * ((resilience.get(flow)?.retries ?? 0) + 1), 1);
    const missingTimeouts = flows.filter((flow) => resilience.get(flow)?.timeoutMs === undefined).length;
    chains.set(key, { components, flows, depth: flows.length, retryAmplification: amplification, missingTimeouts, root });
  };
  for (const root of roots) {
    const best = visit(root);
    add(root, 'depth');
    if (best.amp > 1) add(root, 'amp');
  }
  return [...chains.values()]
    .sort((a, b) => b.retryAmplification - a.retryAmplification || b.depth - a.depth || a.root.localeCompare(b.root))
    .slice(0, limit);
}

/** Roots of chains: entry points with synchronous calls, else components nothing calls synchronously. */
export function chainRoots(index: ModelIndex, entryPoints: Iterable<string>): string[] {
  // A platform's own calls (Supabase's Data API to its database) are not the project's chains.
  const entries = [...entryPoints].filter((id) => (index.syncOut.get(id) ?? []).length && !deploymentUnknown(index.byId.get(id)));
  const roots = index.model.components
    .filter((component) => component.kind !== 'external' && component.kind !== 'client' && component.properties?.synthetic !== true && !deploymentUnknown(component) && !(index.syncIn.get(component.id) ?? []).some((flow) => flow.from !== component.id) && (index.syncOut.get(component.id) ?? []).length)
    .map((component) => component.id);
  return [...new Set([...entries, ...roots])];
}
