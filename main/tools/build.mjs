// Build everything a fresh clone needs: main (CLI, browser host, Electron main + preload) with esbuild,
// the renderer with Vite. Runs on `npm install` (prepare) and before `npm test`.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const only = process.argv[2]; // 'main' | 'renderer' | 'bench' | undefined (main and renderer)

/** `import text from './x.sql?raw'`, as Vite does it. */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.replace(/\?raw$/, '')), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', plugins: [rawPlugin], absWorkingDir: root };

if (only === 'bench') {
  // Benchmarks import main/ code (with ?raw SQL), so they are bundled the same way.
  await build({ ...common, entryPoints: { run: 'test/bench/run.ts' }, outdir: 'dist/bench', format: 'esm', packages: 'external',
    banner: { js: "import { createRequire as __archbenchCreateRequire } from 'node:module'; const require = __archbenchCreateRequire(import.meta.url);" } });
  process.exit(0);
}

if (only !== 'renderer') {
  const started = Date.now();
  await Promise.all([
    build({ ...common, entryPoints: { cli: 'main/cli/cli.ts', 'analysis-worker': 'main/analysis/analysis-worker.ts' }, outdir: 'dist/main', format: 'esm', packages: 'external',
      banner: { js: "import { createRequire as __archbenchCreateRequire } from 'node:module'; const require = __archbenchCreateRequire(import.meta.url);" } }),
    build({ ...common, entryPoints: { main: 'main/electron/main.ts' }, outdir: 'dist/main/electron', outExtension: { '.js': '.cjs' }, format: 'cjs', packages: 'external', external: ['electron'],
      // The Electron host passes the worker path itself; import.meta-based defaults are never used there.
      logOverride: { 'empty-import-meta': 'silent' } }),
    build({ ...common, entryPoints: { preload: 'main/electron/preload.ts' }, outdir: 'dist/main/electron', outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['electron'] }),
  ]);
  console.log(`main built in ${Date.now() - started} ms`);
}
if (only !== 'main') {
  const started = Date.now();
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`renderer built in ${Date.now() - started} ms`);
}
