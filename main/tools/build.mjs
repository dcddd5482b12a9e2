// Build everything a fresh clone needs: main (CLI, browser host, Electron main + preload) with esbuild,
// the renderer with Vite. Runs on `npm install` (prepare) and before `npm test`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const only = process.argv[2]; // 'main' | 'renderer' | 'bench' | undefined (main and renderer)

// The first `npx archbench` in a clone installs the folder into npm's npx cache, which runs `prepare` again:
// a second full build (5.6 s and 937 MB of the call's 0.8 s and 115 MB otherwise), under whatever NODE_ENV the
// caller has (a test runner's `test` gave React's development build). The folder is built already: leave it.
if (process.env.npm_command === 'exec' && process.env.npm_lifecycle_event === 'prepare'
  && existsSync(resolve(root, 'dist/main/cli.js')) && existsSync(resolve(root, 'dist/renderer/index.html'))) {
  process.exit(0);
}

/** `import text from './x.sql?raw'`, as Vite does it. */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.replace(/\?raw$/, '')), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

/**
 * A hash of everything that decides what an analysis finds: main/ and shared/ sources, the resources (schemas,
 * templates) and the lock file. An unchanged project analysed by the same build reuses its findings (main/analysis/reuse.ts).
 */
function buildId() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(resolve(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}\0`).update(readFileSync(resolve(root, path))).update('\0');
    }
  };
  for (const dir of ['main', 'shared', 'resources']) walk(dir);
  hash.update(readFileSync(resolve(root, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', plugins: [rawPlugin], absWorkingDir: root };

if (only === 'bench') {
  // Benchmarks import main/ code (with ?raw SQL), so they are bundled the same way.
  await build({ ...common, entryPoints: { run: 'test/bench/run.ts' }, outdir: 'dist/bench', format: 'esm', packages: 'external',
    banner: { js: "import { createRequire as __archbenchCreateRequire } from 'node:module'; const require = __archbenchCreateRequire(import.meta.url);" } });
  process.exit(0);
}

/**
 * Run `archbench analyze` once on a copy of the sample project (its SQL left out: no PostgreSQL to start) so the
 * analysis bundle's code cache holds what an analysis compiles (main/core/code-cache.ts). Best effort: without the
 * cache the CLI compiles the bundle as usual.
 */
function trainCodeCache() {
  const work = mkdtempSync(join(tmpdir(), 'archbench-train-'));
  try {
    const project = join(work, 'project');
    cpSync(resolve(root, 'resources/sample-project'), project, { recursive: true, filter: (source) => !source.endsWith('.sql') });
    const run = spawnSync(process.execPath, [resolve(root, 'main/cli/archbench.mjs'), 'analyze', project, '--out', join(work, 'report'), '--fail-on', 'none'],
      { env: { ...process.env, ARCHBENCH_HOME: join(work, 'home'), ARCHBENCH_TRAIN_CODE_CACHE: '1' }, encoding: 'utf8' });
    if (run.status !== 0) console.warn(`archbench build: code cache not written (the CLI will compile on each run): ${run.stderr.trim()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (only !== 'renderer') {
  const started = Date.now();
  const id = buildId();
  // Chunk names carry a content hash: drop the previous build's, or dist/ grows with every build; the same for code caches.
  rmSync(resolve(root, 'dist/main/chunks'), { recursive: true, force: true });
  for (const name of existsSync(resolve(root, 'dist/main')) ? readdirSync(resolve(root, 'dist/main')) : []) {
    if (name.endsWith('.cache')) rmSync(resolve(root, 'dist/main', name), { force: true });
  }
  const define = { 'process.env.ARCHBENCH_BUILD_ID': JSON.stringify(id) };
  // Small pure-JS dependencies are bundled (Node resolving and wrapping each package costs more than the code);
  // native and WebAssembly packages stay in node_modules, and so do the big ones loaded on first use (core/lazy.ts).
  const external = ['better-sqlite3', 'libpg-query', '@electric-sql/pglite', 'playwright-core', 'tsx', 'esbuild', 'bufferutil', 'utf-8-validate',
    'elkjs', 'graphql', 'protobufjs', 'fflate', 'ws', 'chokidar'];
  await Promise.all([
    // Split into chunks: each command and rarely needed parts load with their first use (see main/cli/cli.ts).
    build({ ...common, entryPoints: { cli: 'main/cli/cli.ts', 'analysis-worker': 'main/analysis/analysis-worker.ts' }, outdir: 'dist/main', format: 'esm',
      splitting: true, chunkNames: 'chunks/[name]-[hash]', mainFields: ['module', 'main'], define, external,
      banner: { js: "import { createRequire as __archbenchCreateRequire } from 'node:module'; const require = __archbenchCreateRequire(import.meta.url);" } }),
    // `archbench analyze` loads the analysis as one CommonJS file through V8's code cache (main/core/code-cache.ts).
    // `import()` becomes `require()` there: a script compiled from V8's code cache loses Node's dynamic-import hook.
    build({ ...common, entryPoints: { analyze: 'main/bundle/analyze.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' }, format: 'cjs',
      mainFields: ['module', 'main'], external, define: { ...define, 'import.meta.url': '__archbenchImportMetaUrl' }, supported: { 'dynamic-import': false },
      banner: { js: "const __archbenchImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" } }),
    build({ ...common, entryPoints: { main: 'main/electron/main.ts' }, outdir: 'dist/main/electron', outExtension: { '.js': '.cjs' }, format: 'cjs', packages: 'external', external: ['electron'],
      // The Electron host passes the worker path itself; import.meta-based defaults are never used there.
      logOverride: { 'empty-import-meta': 'silent' } }),
    build({ ...common, entryPoints: { preload: 'main/electron/preload.ts' }, outdir: 'dist/main/electron', outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['electron'] }),
  ]);
  const trained = Date.now();
  trainCodeCache();
  console.log(`main built in ${Date.now() - started} ms (code cache ${Date.now() - trained} ms)`);
}
if (only !== 'main') {
  const started = Date.now();
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`renderer built in ${Date.now() - started} ms`);
}
