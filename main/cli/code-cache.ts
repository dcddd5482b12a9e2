import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { writeFileAtomicSync } from '../fs/atomic-write.js';

/**
 * A CommonJS bundle loaded through V8's code cache. Node 20 has no compile cache for modules
 * (`module.enableCompileCache` arrived in Node 22), and compiling the analysis code (2.5 MB) took
 * longer than parsing Twilio's spec. The build writes the cache after a training run (main/tools/build.mjs),
 * named with the build id, so a cache never meets another build's bundle; a cache from another Node or V8
 * is rejected by V8 and the bundle compiles as usual.
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
