// Shared helpers for the database engine tests: the corpus and fixtures are read in place.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlFileInput } from '../../../main/db/engine.js';

export const corpusDir = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../../fixtures/db/', import.meta.url));

/** One cacheDir for every db test file, so the PGlite base data directories are built once per machine. */
export const sharedCacheDir = join(tmpdir(), 'archbench-db-tests-cache');

/** A fresh, empty temporary folder. */
export function freshTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every .sql file under `root`, with paths relative to it (`/`-separated). */
export function loadSqlFiles(root: string): SqlFileInput[] {
  const files: SqlFileInput[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.sql')) files.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return files;
}
