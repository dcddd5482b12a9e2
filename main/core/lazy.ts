import { createRequire } from 'node:module';
import { requireCached } from './code-cache.js';

// In the Electron main bundle (CommonJS) import.meta is empty and __filename is set.
const requireAtRuntime = createRequire(import.meta.url ?? __filename);

/**
 * A dependency loaded on first use. The CLI pays for every module it loads at startup
 * (Twilio's spec analyses in less time than loading GraphQL, protobuf, ELK and the rest
 * used to take), so parsers and writers that only some projects or formats need are
 * required when a file needs them. The id is passed at runtime, so bundlers leave the
 * package in node_modules and Node loads it as it ships.
 */
export function lazyModule<T>(id: string, options: { codeCache?: string } = {}): () => T {
  let loaded: T | undefined;
  // A self-contained file (ELK's bundle) can load through a code cache named `codeCache` (core/code-cache.ts).
  return () => (loaded ??= options.codeCache ? requireCached<T>(requireAtRuntime.resolve(id), options.codeCache) : requireAtRuntime(id) as T);
}
