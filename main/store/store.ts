import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { STORE_MIGRATIONS, STORE_VERSION } from './migrations.js';

export type StoreDatabase = Database.Database;

export interface OpenedStore {
  db: StoreDatabase;
  path: string;
  /** Set when an unusable store was moved aside and a fresh one built in its place. */
  notice?: string;
  /** Where the old store went, when it was moved aside. */
  movedTo?: string;
}

/**
 * Open (or create) a project store: WAL mode, migrations applied in order inside a transaction,
 * a backup copy taken before migrating an existing store. A corrupt store, or one written by a
 * newer Archbench, is moved aside (never deleted) and rebuilt; the caller tells the user.
 */
export function openStore(path: string, now: () => Date = () => new Date()): OpenedStore {
  mkdirSync(dirname(path), { recursive: true });
  let problem: string | undefined;
  let db: StoreDatabase | undefined;
  try {
    // A write-ahead log left behind means the last process using the store did not close it (a crash, a kill,
    // or another process has it open): only then is the whole file checked, which takes time in proportion to
    // the store's size. A clean close removes the log; a damaged header fails the next statement either way.
    const unclean = existsSync(`${path}-wal`);
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    if (unclean) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > STORE_VERSION) {
      problem = `it was written by a newer Archbench (store version ${version}, this one knows ${STORE_VERSION})`;
    }
  } catch (error) {
    problem = `it could not be read (${(error as Error).message})`;
  }
  if (problem) {
    db?.close();
    const movedTo = moveAside(path, now());
    const fresh = openStore(path, now);
    const notice = `The project store ${path} was moved aside to ${movedTo} and rebuilt from the folder: ${problem}. Risk decisions live in archbench.yaml and are kept.`;
    fresh.db.prepare('INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)')
      .run(now().toISOString(), 'archbench', 'store.recovered', path, JSON.stringify({ movedTo, reason: problem }));
    return { db: fresh.db, path, notice, movedTo };
  }
  migrate(db!, path);
  db!.pragma('foreign_keys = ON');
  db!.pragma('synchronous = NORMAL');
  return { db: db!, path };
}

function migrate(db: StoreDatabase, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === STORE_VERSION) return;
  if (version > 0) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(path, `${path}.backup-v${version}`);
  }
  const apply = db.transaction(() => {
    for (let next = version; next < STORE_VERSION; next++) {
      db.exec(STORE_MIGRATIONS[next]);
      db.pragma(`user_version = ${next + 1}`);
    }
  });
  apply();
}

function moveAside(path: string, when: Date): string {
  const stamp = when.toISOString().replace(/[:.]/g, '-');
  let target = `${path}.unusable-${stamp}`;
  for (let n = 1; existsSync(target); n++) target = `${path}.unusable-${stamp}-${n}`;
  renameSync(path, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}
