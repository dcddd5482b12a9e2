import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { writeFileAtomicSync } from '../fs/atomic-write.js';

/**
 * CommonJS files loaded through V8's code cache. Node 20 has no compile cache for modules
 * (`module.enableCompileCache` arrived in Node 22): compiling the analysis code (2 MB) took longer than
 * parsing Twilio's spec, and ELK's 1.6 MB took longer than laying out its diagram. The build writes the
 * caches after a training run (main/tools/build.mjs), named with the build id, so a cache never meets
 * another build's code; a cache from another Node or V8 is rejected by V8 and the file compiles as usual.
 */
export interface CachedBundle<T> {
  exports: T;
  /** True when a cache was there and V8 accepted it. */
  cacheUsed: boolean;
  /** Write the cache, with every function compiled so far: called by the build's training run. */
  writeCache(): void;
}

export function requireWithCodeCache<T>(bundle: string, cacheFile: string): CachedBundle<T> {
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // The wrapper Node puts around a CommonJS module (`Module.wrap`).
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8')}\n});`;
  // No `import()` in the bundle (the build turns it into `require()`): a script compiled from the cache loses Node's hook for it.
  const script = new Script(source, { filename: bundle, cachedData });
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return {
    exports: module.exports,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    writeCache: () => writeFileAtomicSync(cacheFile, script.createCachedData()),
  };
}

/** Where the CLI keeps caches for the single-file packages it loads (set by the CLI; the desktop app leaves it off). */
let packageCaches: { dir: string; buildId: string; loaded: Array<CachedBundle<unknown>> } | undefined;

/** Load single-file packages (`requireCached`) through code caches in `dir` from now on. */
export function enablePackageCodeCache(dir: string, buildId: string): void {
  packageCaches = { dir, buildId, loaded: [] };
}

/** `require(file)` of a self-contained CommonJS file (no requires of its own files), through its code cache when enabled. */
export function requireCached<T>(file: string, name: string): T {
  if (!packageCaches) return createRequire(file)(file) as T;
  const bundle = requireWithCodeCache<T>(file, join(packageCaches.dir, `${name}.${packageCaches.buildId}.cache`));
  packageCaches.loaded.push(bundle as CachedBundle<unknown>);
  return bundle.exports;
}

/** Write the caches of the packages loaded so far (the build's training run). */
export function writePackageCodeCaches(): void {
  for (const bundle of packageCaches?.loaded ?? []) bundle.writeCache();
}
