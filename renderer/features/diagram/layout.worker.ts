/// <reference lib="webworker" />
/**
 * The layout worker: plain elkjs (the bundled build, which runs in this worker's own thread) answering
 * `{ id, graph }` with `{ id, result }` or `{ id, error }`. The diagrams' orchestration stays in the page;
 * only ELK's work runs here, so several workers can lay out independent boundaries at once.
 */
import ELK from 'elkjs/lib/elk.bundled.js';

const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; graph: unknown }>) => {
  const { id, graph } = event.data;
  try {
    const result = await elk.layout(graph as Parameters<typeof elk.layout>[0]);
    (self as unknown as Worker).postMessage({ id, result });
  } catch (error) {
    (self as unknown as Worker).postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
