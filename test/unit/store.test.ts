import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../main/store/store.js';
import { STORE_MIGRATIONS, STORE_VERSION } from '../../main/store/migrations.js';
import { tempDir } from '../support/temp.js';

describe('project store', () => {
  it('creates a WAL store at the latest version with the artifacts table', () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, '.archbench', 'store.db');
      const { db, notice } = openStore(path);
      expect(notice).toBeUndefined();
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(STORE_VERSION);
      const columns = db.prepare("SELECT name FROM pragma_table_info('artifacts')").all().map((r: any) => r.name);
      expect(columns).toEqual(expect.arrayContaining(['path', 'kind', 'size', 'hash', 'mtime_ms', 'status']));
      db.close();
      // Reopening keeps the data and does not migrate again.
      const again = openStore(path);
      expect(again.notice).toBeUndefined();
      again.db.close();
    } finally {
      dir.cleanup();
    }
  });

  it('checks the whole store after an unclean shutdown and rebuilds it when a page is damaged', () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'store.db');
      const first = openStore(path);
      const insert = first.db.prepare('INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)');
      first.db.transaction(() => { for (let i = 0; i < 2000; i++) insert.run('2026-01-01', 'test', 'filler', `row ${i}`, 'x'.repeat(200)); })();
      first.db.close();
      expect(existsSync(`${path}-wal`)).toBe(false);
      // Damage an interior page (not the header), then leave a write-ahead log behind as a killed process would.
      const bytes = readFileSync(path);
      const page = 4096;
      bytes.fill(0xa5, 5 * page, 5 * page + 64);
      writeFileSync(path, bytes);
      writeFileSync(`${path}-wal`, '');
      const { db, notice, movedTo } = openStore(path);
      expect(notice).toMatch(/integrity check failed/);
      expect(movedTo && existsSync(movedTo)).toBe(true);
      db.close();
    } finally {
      dir.cleanup();
    }
  });

  it('moves a corrupt store aside, rebuilds it and says so', () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'store.db');
      writeFileSync(path, 'this is not an SQLite database, just text that got here somehow'.repeat(100));
      const { db, notice, movedTo } = openStore(path);
      expect(notice).toMatch(/moved aside/);
      expect(movedTo && existsSync(movedTo)).toBe(true);
      expect(db.pragma('user_version', { simple: true })).toBe(STORE_VERSION);
      const audit = db.prepare('SELECT action FROM audit_log').all() as Array<{ action: string }>;
      expect(audit.map((a) => a.action)).toContain('store.recovered');
      db.close();
    } finally {
      dir.cleanup();
    }
  });

  it('moves aside a store written by a newer Archbench instead of touching it', () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'store.db');
      const future = new Database(path);
      future.exec('CREATE TABLE from_the_future (x)');
      future.pragma(`user_version = ${STORE_VERSION + 5}`);
      future.close();
      const { db, notice, movedTo } = openStore(path);
      expect(notice).toMatch(/newer Archbench/);
      const kept = new Database(movedTo!, { readonly: true });
      expect(kept.pragma('user_version', { simple: true })).toBe(STORE_VERSION + 5);
      kept.close();
      db.close();
      expect(readdirSync(dir.path).filter((f) => f.includes('unusable')).length).toBeGreaterThan(0);
    } finally {
      dir.cleanup();
    }
  });

  it('migrates an older store in a transaction, keeping its data and a backup copy', () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'store.db');
      const old = new Database(path);
      old.exec(STORE_MIGRATIONS[0]);
      old.pragma('user_version = 1');
      old.prepare("INSERT INTO artifacts (path, kind, size, hash, mtime_ms, status, updated_at) VALUES ('a.yaml', 'compose', 1, 'h', 1, 'ok', 'now')").run();
      old.close();
      const { db, notice } = openStore(path);
      expect(notice).toBeUndefined();
      expect(db.pragma('user_version', { simple: true })).toBe(STORE_VERSION);
      expect(db.prepare('SELECT path FROM artifacts').all()).toEqual([{ path: 'a.yaml' }]);
      db.close();
      const backup = new Database(`${path}.backup-v1`, { readonly: true });
      expect(backup.pragma('user_version', { simple: true })).toBe(1);
      backup.close();
    } finally {
      dir.cleanup();
    }
  });
});
