import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../main/fs/atomic-write.js';
import { tempDir } from '../support/temp.js';

describe('atomic save', () => {
  it('replaces the content, keeps the permissions and leaves no temp file', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'deploy.sh');
      writeFileSync(file, 'old');
      chmodSync(file, 0o750);
      writeFileAtomicSync(file, 'new content ✓');
      expect(readFileSync(file, 'utf8')).toBe('new content ✓');
      expect(statSync(file).mode & 0o777).toBe(0o750);
      expect(readdirSync(dir.path)).toEqual(['deploy.sh']);
    } finally {
      dir.cleanup();
    }
  });

  it('creates new files with ordinary permissions', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'new.yaml');
      writeFileAtomicSync(file, 'a: 1\n');
      expect(readFileSync(file, 'utf8')).toBe('a: 1\n');
      expect(statSync(file).mode & 0o777).toBe(0o644);
    } finally {
      dir.cleanup();
    }
  });

  it('leaves the old file intact and cleans up when the write cannot complete', () => {
    const dir = tempDir();
    try {
      const target = join(dir.path, 'target');
      mkdirSync(target); // renaming a file over a folder fails
      writeFileSync(join(target, 'keep.txt'), 'kept');
      expect(() => writeFileAtomicSync(target, 'x')).toThrow();
      expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('kept');
      expect(readdirSync(dir.path)).toEqual(['target']);
    } finally {
      dir.cleanup();
    }
  });
});
