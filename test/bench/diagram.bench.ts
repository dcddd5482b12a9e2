/**
 * Diagram benchmarks: layout time and edge crossings of generated systems (100 to 2,000 components),
 * Archbench's layout against default elkjs layered on the same graph (same nodes, sizes, edges and
 * protocol labels, flat, options left at their defaults), and the time until the diagram of a
 * 1,000-component system is on screen and interactive in Chromium.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countCrossings, elkEdgePolylines } from '../../shared/diagram/crossings.js';
import { buildDiagramGraph } from '../../shared/diagram/diagram-graph.js';
import { edgeLabelSize } from '../../shared/diagram/edge-label.js';
import type { ElkNode } from '../../shared/diagram/elk-runner.js';
import { DEFAULT_ELK_OPTIONS } from '../../shared/diagram/layout-options.js';
import { layoutSystem } from '../../shared/diagram/system-layout.js';
import type { SystemModel } from '../../shared/model/model.js';
import { chromium } from 'playwright-core';
import { createWorkbench } from '../../main/core/workbench.js';
import { startBrowserHost } from '../../main/host/browser-host.js';
import { CHROMIUM, CHROMIUM_ARGS, e2eUnavailableReason } from '../e2e/harness.js';
import { REPO_ROOT } from '../support/paths.js';
import { DiagramPage } from '../e2e/pages/diagram-page.js';
import { tempDir } from '../support/temp.js';
import { generateSystem, toArchbenchYaml } from '../unit/diagram/generated-system.js';
import type { BenchRow } from './table.js';

const SIZES = [100, 500, 1000, 2000];

/** The same graph default ELK gets: every diagram node and edge with its label, no boundaries, no options. */
function defaultGraph(model: SystemModel): ElkNode {
  const graph = buildDiagramGraph(model);
  return {
    id: 'root', layoutOptions: { ...DEFAULT_ELK_OPTIONS },
    children: graph.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to], labels: e.label ? [{ text: e.label, ...edgeLabelSize(e) }] : [] })),
  };
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: Awaited<T> }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** Runs `a` and `b` alternately, `runs` times each after one warm-up each, and returns their median times. */
async function interleaved<A, B>(a: () => Promise<A>, b: () => Promise<B>, runs: number): Promise<{ a: number; b: number; valueA: Awaited<A>; valueB: Awaited<B> }> {
  let valueA = await a();
  let valueB = await b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ra = await timed(a);
    const rb = await timed(b);
    ta.push(ra.ms);
    tb.push(rb.ms);
    valueA = ra.value;
    valueB = rb.value;
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { a: median(ta), b: median(tb), valueA, valueB };
}

async function layoutRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const elk = new ELK();
  for (const n of SIZES) {
    const model = generateSystem(n);
    const runs = n >= 1000 ? 1 : 3;
    const result = await interleaved(() => layoutSystem(model, elk), () => elk.layout(defaultGraph(model)), runs);
    const ours = countCrossings(Object.values(result.valueA.edges));
    const theirs = countCrossings(elkEdgePolylines(result.valueB));
    const speedup = result.b / result.a;
    const aim = n === 1000;
    rows.push({
      name: `layout ${n} components (${model.flows.length} flows): Archbench`, ms: result.a,
      aim: aim ? '≥ 3× faster than default ELK, crossings not higher' : undefined,
      met: aim ? speedup >= 3 && ours <= theirs : undefined,
      note: `${ours} crossings, ${speedup.toFixed(1)}× faster, ${Math.round(result.valueA.width)}×${Math.round(result.valueA.height)} px, ${result.valueA.stats.subLayouts} boxes`,
    });
    rows.push({ name: `layout ${n} components: default elkjs layered`, ms: result.b, note: `${theirs} crossings, ${Math.round(result.valueB.width ?? 0)}×${Math.round(result.valueB.height ?? 0)} px` });
  }
  return rows;
}

/**
 * Time from clicking the diagram's activity bar entry until the 1,000-component diagram is drawn and has
 * answered a click (Fit), in Chromium through the browser host, on a project holding the generated system
 * as archbench.yaml. Cold: background layout off, first diagram of a fresh page (workers start, JIT cold).
 * Prefetched: the page laid the model out in the background after it arrived (what a user gets).
 */
async function interactiveRows(): Promise<BenchRow[]> {
  const reason = e2eUnavailableReason();
  if (reason) return [{ name: 'diagram of 1,000 components interactive in Chromium', ms: NaN, note: `skipped: ${reason}` }];
  const dir = tempDir('archbench-bench-diagram-');
  writeFileSync(join(dir.path, 'archbench.yaml'), toArchbenchYaml(generateSystem(1000)));
  const rows: BenchRow[] = [];
  try {
    for (const mode of ['cold', 'prefetched'] as const) {
      const session = await benchSession(dir.path);
      try {
        await session.workbench.session()!.analysis.whenIdle();
        if (mode === 'cold') {
          await session.page.evaluate(() => localStorage.setItem('archbench.diagram.prefetch', 'off'));
          await session.page.evaluate(() => indexedDB.deleteDatabase('archbench-diagram'));
          await session.page.reload();
        }
        await session.page.getByTestId('status-bar').waitFor();
        await session.page.getByTestId('activity-diagram').waitFor();
        if (mode === 'prefetched') await session.page.waitForFunction(() => document.querySelector('[data-testid="output-log"]')?.textContent?.includes('Diagram laid out'), null, { timeout: 60_000 }).catch(() => undefined);
        else await session.page.waitForTimeout(1500); // the model has arrived; nothing else runs
        const diagram = new DiagramPage(session.page);
        const started = performance.now();
        await diagram.open();
        await diagram.fit();
        await session.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
        const ms = performance.now() - started;
        const phase = await session.page.getByTestId('diagram-view').getAttribute('data-phase');
        await session.page.locator('[data-testid="diagram-view"][data-phase="full"][data-nodes="1000"]').waitFor({ timeout: 120_000 });
        const full = performance.now() - started;
        const status = await session.page.getByTestId('diagram-status').textContent();
        rows.push({ name: `diagram of 1,000 components interactive in Chromium (${mode})`, ms, aim: '< 2000 ms', met: ms < 2000, note: `first picture: ${phase === 'overview' ? 'overview with boundaries collapsed' : 'every component'}` });
        rows.push({ name: `  every component drawn (${mode})`, ms: full, note: status ?? '' });
      } finally {
        await session.close();
      }
    }
  } finally {
    dir.cleanup();
  }
  return rows;
}

/** The e2e harness's session, with the analysis worker the build put in dist/main (the bench bundle lives elsewhere). */
async function benchSession(folder: string) {
  const data = tempDir('archbench-bench-data-');
  const workbench = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'browser', version: 'bench', analysisWorker: join(REPO_ROOT, 'dist', 'main', 'analysis-worker.js') });
  await workbench.invoke('project.open', { path: folder });
  const host = await startBrowserHost({ workbench, rendererDir: join(REPO_ROOT, 'dist', 'renderer') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(host.url);
  return {
    workbench, page,
    async close() {
      await browser.close();
      await host.close();
      await workbench.close();
      data.cleanup();
    },
  };
}

/** Every diagram benchmark row (registered in run.ts). */
export async function benchDiagram(): Promise<BenchRow[]> {
  return [...(await layoutRows()), ...(await interactiveRows())];
}
