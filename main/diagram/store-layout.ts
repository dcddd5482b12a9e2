/**
 * The system diagram laid out in main after each analysis (in the analysis worker, with plain elkjs), its
 * boxes kept in the store: the renderer reads them with the model, so opening the diagram of a project
 * analysed before draws it at once instead of running ELK in the page first.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkLike, ElkNode } from '../../shared/diagram/elk-runner.js';
import { layoutSystem, overviewOptions, type SubLayout } from '../../shared/diagram/system-layout.js';
import type { SystemModel } from '../../shared/model/model.js';
import { storeLayoutCache } from '../store/diagram-tables.js';
import type { StoreDatabase } from '../store/store.js';

let elk: InstanceType<typeof ELK> | null = null;

/** Thrown (and swallowed) when a newer analysis makes this layout pointless. */
class Superseded extends Error {}

/**
 * Lay out the model's system diagram as the renderer first shows it (no filters, nothing collapsed) and
 * keep its boxes in the store. Boxes already there are not laid out again. `stale()` is asked between
 * ELK calls (a newer run started): the layout stops there and what was finished is still kept.
 */
export async function layoutSystemIntoStore(db: StoreDatabase, model: SystemModel, modelHash: string, stale: () => boolean = () => false): Promise<{ ms: number; boxes: number; laidOut: number } | null> {
  if (!model.components.length) return null;
  elk ??= new ELK();
  const engine = elk;
  const cache = storeLayoutCache<SubLayout>(db, 'system');
  // Several calls per depth instead of one: between them the worker answers messages (a new run, SQL).
  const yielding: ElkLike = {
    parallelism: 4,
    async layout(graph: ElkNode) {
      await new Promise((resolve) => setImmediate(resolve));
      if (stale()) throw new Superseded();
      return engine.layout(graph);
    },
  };
  try {
    // The overview first (a small graph): a page that opens the diagram before the full layout is here draws it at once.
    const quick = overviewOptions(model);
    if (quick) await layoutSystem(model, yielding, { cache, ...quick });
    const layout = await layoutSystem(model, yielding, { cache });
    cache.flush(modelHash);
    return { ms: layout.stats.ms, boxes: layout.stats.subLayouts, laidOut: layout.stats.subLayouts - layout.stats.cached };
  } catch (error) {
    cache.flush(modelHash);
    if (error instanceof Superseded) return null;
    throw error;
  }
}
