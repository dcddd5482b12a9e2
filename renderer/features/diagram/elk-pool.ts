import type { ElkLike, ElkNode } from '../../../shared/diagram/elk-runner.js';
import LayoutWorker from './layout.worker.ts?worker';

interface Job {
  resolve(result: ElkNode): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

let pool: (ElkLike & { size: number }) | null = null;

/**
 * How many layout workers: one per core, at least two and at most four (each holds its own copy of ELK).
 * The page thread only stitches results while the workers run, so it does not need a core of its own.
 */
function poolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(2, Math.min(4, cores));
}

/**
 * The renderer's ELK: a pool of web workers, started once and warmed up with a tiny layout right away
 * (ELK's code is slow until the JIT has seen it), so the first real diagram does not pay for that.
 */
export function elkPool(): ElkLike {
  if (pool) return pool;
  const slots: Slot[] = [];
  const jobs = new Map<number, Job>();
  let nextId = 1;
  const size = poolSize();
  for (let i = 0; i < size; i++) {
    const worker = new LayoutWorker();
    const slot: Slot = { worker, busy: 0 };
    worker.onmessage = (event: MessageEvent<{ id: number; result?: ElkNode; error?: string }>) => {
      slot.busy--;
      const job = jobs.get(event.data.id);
      if (!job) return;
      jobs.delete(event.data.id);
      if (event.data.error !== undefined) job.reject(new Error(`Layout failed: ${event.data.error}`));
      else job.resolve(event.data.result!);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      for (const [id, job] of jobs) {
        job.reject(new Error(`The layout worker stopped: ${event.message}`));
        jobs.delete(id);
      }
    };
    slots.push(slot);
  }
  const run = (graph: ElkNode): Promise<ElkNode> => {
    const slot = slots.reduce((best, s) => (s.busy < best.busy ? s : best), slots[0]);
    const id = nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      jobs.set(id, { resolve, reject });
      slot.worker.postMessage({ id, graph });
    });
  };
  pool = { layout: run, parallelism: size, size };
  for (const slot of slots) {
    // Warm each worker's JIT while the model is still on its way.
    const id = nextId++;
    slot.busy++;
    jobs.set(id, { resolve: () => undefined, reject: () => undefined });
    slot.worker.postMessage({ id, graph: warmUpGraph() });
  }
  return pool;
}

/**
 * The pool, started only when a layout actually needs ELK: a diagram whose boxes all come from the store
 * (or the memory cache) never starts the workers, so they do not compete with the first paint for the CPU.
 */
export function lazyElkPool(): ElkLike {
  return {
    get parallelism() { return pool?.parallelism ?? poolSize(); },
    layout: (graph) => elkPool().layout(graph),
  };
}

function warmUpGraph(): ElkNode {
  const children = Array.from({ length: 14 }, (_, i) => ({ id: `n${i}`, width: 150, height: 56, ports: [{ id: `n${i}.i`, layoutOptions: { 'elk.port.side': 'WEST' } }, { id: `n${i}.o`, layoutOptions: { 'elk.port.side': 'EAST' } }], layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' } }));
  const edges = Array.from({ length: 22 }, (_, i) => ({ id: `e${i}`, sources: [`n${i % 14}.o`], targets: [`n${(i * 5 + 3) % 14}.i`], labels: [{ text: 'grpc', width: 40, height: 16 }] }));
  return { id: 'warm', layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' }, children, edges };
}
