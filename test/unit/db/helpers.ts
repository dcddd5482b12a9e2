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

/** The sqitch.plan of Sqitch's tutorial: a change reworked after a tag (users), its older script `users@v1.0.0-dev1.sql`. */
export const SQITCH_PLAN = [
  '%syntax-version=1.0.0',
  '%project=flipr',
  '',
  'appschema 2013-12-30T23:19:15Z Marge <marge@example.com> # Add schema for all flipr objects.',
  'users [appschema] 2013-12-30T23:49:00Z Marge <marge@example.com> # Creates table to track our users.',
  '@v1.0.0-dev1 2013-12-31T00:01:02Z Marge <marge@example.com> # Tag v1.0.0-dev1.',
  'flips [appschema users] 2014-01-02T00:00:00Z Marge <marge@example.com> # Adds table for storing flips.',
  'users [users@v1.0.0-dev1] 2014-01-03T00:00:00Z Marge <marge@example.com> # Adds twitter column.',
].join('\n');
