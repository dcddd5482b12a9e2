/** One benchmark result row. */
export interface BenchRow {
  name: string;
  /** Median wall time in milliseconds. */
  ms: number;
  /** What the issue aims for, e.g. `< 2000 ms`. */
  aim?: string;
  /** Whether the aim was met; undefined when there is no aim. */
  met?: boolean;
  /** Extra facts: counts, memory. */
  note?: string;
}

/** Print rows as an aligned text table. */
export function printTable(title: string, rows: BenchRow[]): void {
  const header = ['benchmark', 'ms', 'aim', 'met', 'note'];
  const cells = rows.map((r) => [r.name, r.ms.toFixed(1), r.aim ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 1 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

/** Median of `runs` timings of `fn` (after one warm-up when `warmup`). */
export async function median(fn: () => unknown | Promise<unknown>, runs = 5, warmup = true): Promise<number> {
  if (warmup) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MiB`;
}
