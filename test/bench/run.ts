// `npm run bench`: every benchmark row, printed as a table. Timings are measured here, never asserted in tests.
import { benchAnalysis } from './analysis.bench.js';
import { benchBundle } from './bundle.bench.js';
import { benchDatabase } from './database.bench.js';
import { benchDiagram } from './diagram.bench.js';
import { benchIngest } from './ingest.bench.js';
import { benchOpenFolder } from './open-folder.bench.js';
import { printTable, type BenchRow } from './table.js';

const suites: Array<[string, () => Promise<BenchRow[]>]> = [
  ['Project store', benchOpenFolder],
  ['Ingest', benchIngest],
  ['Analysis', benchAnalysis],
  ['Database', benchDatabase],
  ['Bundle', benchBundle],
  ['Diagrams', benchDiagram],
];

const only = process.argv[2];
const all: BenchRow[] = [];
for (const [title, run] of suites) {
  if (only && !title.toLowerCase().includes(only.toLowerCase())) continue;
  const rows = await run();
  all.push(...rows);
  printTable(title, rows);
}
const missed = all.filter((r) => r.met === false);
console.log(`\n${all.length} rows, ${missed.length} aims missed${missed.length ? ': ' + missed.map((r) => r.name).join('; ') : ''}`);
