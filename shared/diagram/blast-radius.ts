import type { SystemModel } from '../model/model.js';
import { isAsyncFlow } from './flow-style.js';

/** What fails with a component: everything that reaches it through synchronous flows, and those flows. */
export interface BlastRadius {
  /** The failing component. */
  origin: string;
  /** Components that fail with it (callers, their callers, ...), without the origin. */
  components: string[];
  /** The synchronous flows along which the failure travels back. */
  flows: string[];
}

/**
 * Reverse reachability over synchronous flows: a caller waiting on a failed callee fails too; a producer
 * writing to a queue does not (asynchronous flows stop the spread).
 */
export function blastRadius(model: Pick<SystemModel, 'components' | 'flows'>, origin: string): BlastRadius {
  const kinds = new Map(model.components.map((c) => [c.id, c]));
  const callers = new Map<string, Array<{ from: string; flow: string }>>();
  for (const flow of model.flows) {
    if (isAsyncFlow(flow, kinds.get(flow.to))) continue;
    if (!callers.has(flow.to)) callers.set(flow.to, []);
    callers.get(flow.to)!.push({ from: flow.from, flow: flow.id });
  }
  const reached = new Set<string>([origin]);
  const flows = new Set<string>();
  const queue = [origin];
  while (queue.length) {
    const current = queue.shift()!;
    for (const { from, flow } of callers.get(current) ?? []) {
      flows.add(flow);
      if (reached.has(from)) continue;
      reached.add(from);
      queue.push(from);
    }
  }
  reached.delete(origin);
  return { origin, components: [...reached], flows: [...flows] };
}
