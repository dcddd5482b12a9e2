/**
 * Diagram benchmarks: layout time and edge crossings of generated systems (100 to 2,000 components),
 * Archbench's layout against default elkjs layered on the same graph (same nodes, sizes, edges and
 * protocol labels, flat, options left at their defaults), and the time until the diagram of a
 * 1,000-component system is on screen and interactive in Chromium.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** CPU seconds of this process (main, its worker threads) and of every Chromium process it started. */
function cpuSeconds(): number {
  const tick = 100; // USER_HZ on Linux
  const own = process.cpuUsage();
  let total = (own.user + own.system) / 1e6;
  if (process.platform !== 'linux') return total;
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / tick);
    } catch {
      // gone meanwhile
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  for (const [pid, seconds] of cpu) if (descends(pid)) total += seconds;
  return total;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/**
 * Time until the 1,000-component diagram is on screen and has answered a click (Fit), in Chromium through
 * the browser host, on a project holding the generated system as archbench.yaml. Every run is a fresh page
 * (reloaded: workers start, JIT cold, nothing in memory) with background layout in the page off:
 * - stored layout: the project was analysed before, so main laid the diagram out after that analysis and
 *   the store holds its boxes (the page reads them with the model; ELK does not run in the page);
 * - never laid out: the store's boxes are deleted first, so the page lays out itself (overview first);
 * - prefetched: the page laid the model out in the background after it arrived (as before the store layout).
 * Two times per run: from the click on the activity bar (the page loaded, the model arrived), and from the
 * navigation (reload) with the click as soon as the activity bar is there. CPU: this process and its
 * Chromium processes, over the whole run.
 */
async function interactiveRows(): Promise<BenchRow[]> {
  const reason = e2eUnavailableReason();
  if (reason) return [{ name: 'diagram of 1,000 components interactive in Chromium', ms: NaN, note: `skipped: ${reason}` }];
  const dir = tempDir('archbench-bench-diagram-');
  writeFileSync(join(dir.path, 'archbench.yaml'), toArchbenchYaml(generateSystem(1000)));
  const rows: BenchRow[] = [];
  const runs = Number(process.env.ARCHBENCH_BENCH_RUNS ?? 3);
  const session = await benchSession(dir.path);
  try {
    await session.workbench.session()!.analysis.whenIdle();
    const db = session.workbench.session()!.store.db;
    const storedBoxes = () => (db.prepare("SELECT count(*) AS n FROM diagram_layouts WHERE diagram = 'system'").get() as { n: number }).n;
    // Main lays the diagram out after the analysis: wait until its boxes are in the store.
    for (let last = -1; ;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const now = storedBoxes();
      if (now > 0 && now === last) break;
      last = now;
    }
    const modes = (['stored layout', 'never laid out', 'prefetched'] as const).filter((m) => !process.env.ARCHBENCH_BENCH_MODES || process.env.ARCHBENCH_BENCH_MODES.split(',').includes(m));
    for (const mode of modes) {
      const click: number[] = [];
      const navigation: number[] = [];
      const full: number[] = [];
      const cpu: number[] = [];
      const overviewLayout: number[] = [];
      let phase = '';
      let status = '';
      for (let run = 0; run < runs; run++) {
        if (mode === 'never laid out') db.prepare("DELETE FROM diagram_layouts WHERE diagram = 'system'").run();
        await session.page.evaluate((prefetch) => localStorage.setItem('archbench.diagram.prefetch', prefetch), mode === 'prefetched' ? 'on' : 'off');
        for (const fromNavigation of [false, true]) {
          if (mode === 'never laid out') db.prepare("DELETE FROM diagram_layouts WHERE diagram = 'system'").run();
          const cpuBefore = cpuSeconds();
          const navigated = performance.now();
          await session.page.reload();
          await session.page.getByTestId('activity-diagram').waitFor();
          if (!fromNavigation) {
            await session.page.getByTestId('status-bar').waitFor();
            if (mode === 'prefetched') await session.page.waitForFunction(() => document.querySelector('[data-testid="output-log"]')?.textContent?.includes('Diagram laid out'), null, { timeout: 60_000 }).catch(() => undefined);
            else await session.page.waitForTimeout(1500); // the model has arrived; nothing else runs
          }
          const diagram = new DiagramPage(session.page);
          const started = performance.now();
          await diagram.open();
          await diagram.fit();
          await session.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
          const ended = performance.now();
          if (fromNavigation) navigation.push(ended - navigated);
          else {
            click.push(ended - started);
            phase = (await session.page.getByTestId('diagram-view').getAttribute('data-phase')) ?? '';
            const log = (await session.page.getByTestId('output-log').textContent().catch(() => '')) ?? '';
            const overviewMs = [...log.matchAll(/Diagram overview in (\d+) ms/g)].at(-1)?.[1];
            if (overviewMs) overviewLayout.push(Number(overviewMs));
          }
          await session.page.locator('[data-testid="diagram-view"][data-phase="full"][data-nodes="1000"]').waitFor({ timeout: 120_000 });
          if (!fromNavigation) {
            full.push(performance.now() - started);
            status = (await session.page.getByTestId('diagram-status').textContent()) ?? '';
            cpu.push(cpuSeconds() - cpuBefore);
          }
        }
      }
      const ms = median(click);
      rows.push({
        name: `diagram of 1,000 components interactive in Chromium (${mode})`, ms, aim: '< 2000 ms', met: ms < 2000,
        note: `median of ${runs}, ${click.map((x) => Math.round(x)).join('/')} ms from the click; first picture: ${phase === 'overview' ? `overview with boundaries collapsed (its layout ${overviewLayout.join('/')} ms)` : 'every component'}`,
      });
      rows.push({ name: `  from navigation (reload) to interactive (${mode})`, ms: median(navigation), note: `${navigation.map((x) => Math.round(x)).join('/')} ms` });
      rows.push({ name: `  every component drawn (${mode})`, ms: median(full), note: `CPU ${median(cpu).toFixed(1)} s (page load to every component drawn, all processes) · ${status}` });
    }
  } finally {
    await session.close();
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
  // `ARCHBENCH_BENCH_DIAGRAM=layout` or `=interactive` runs one half (both by default).
  const part = process.env.ARCHBENCH_BENCH_DIAGRAM;
  return [...(part === 'interactive' ? [] : await layoutRows()), ...(part === 'layout' ? [] : await interactiveRows())];
}
