import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { resolveInside } from '../../main/fs/safe-path.js';
import { tempDir } from '../support/temp.js';

function setup() {
  const dir = tempDir();
  const root = join(dir.path, 'project');
  const outside = join(dir.path, 'outside');
  mkdirSync(join(root, 'api'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'api', 'spec.yaml'), 'openapi: 3.0.0\n');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'));
  symlinkSync(outside, join(root, 'escape-dir'));
  symlinkSync(join(root, 'api', 'spec.yaml'), join(root, 'inside-link.yaml'));
  symlinkSync(join(outside, 'missing.txt'), join(root, 'dangling.txt'));
  return { root, cleanup: dir.cleanup };
}

describe('path confinement', () => {
  it('resolves paths inside the folder, including new files and in-folder links', () => {
    const { root, cleanup } = setup();
    try {
      const realRoot = realpathSync(root);
      expect(resolveInside(root, 'api/spec.yaml')).toBe(join(realRoot, 'api', 'spec.yaml'));
      expect(resolveInside(root, 'api/new/file.yaml')).toBe(join(realRoot, 'api', 'new', 'file.yaml'));
      expect(resolveInside(root, 'inside-link.yaml')).toBe(join(realRoot, 'inside-link.yaml'));
      expect(resolveInside(root, './api/../api/spec.yaml')).toBe(join(realRoot, 'api', 'spec.yaml'));
    } finally {
      cleanup();
    }
  });

  it.each([
    ['../outside/secret.txt', /outside the project folder/],
    ['api/../../outside/secret.txt', /outside the project folder/],
    ['/etc/passwd', /Absolute paths are refused/],
    ['C:\\Windows\\system.ini', /Absolute paths are refused/],
    ['leak.txt', /symbolic link/],
    ['escape-dir/secret.txt', /symbolic link/],
    ['escape-dir/new-file.txt', /symbolic link/],
    ['dangling.txt', /symbolic link/],
    ['api/spec.yaml\0.png', /NUL/],
  ])('refuses %s with a clear error', (path, message) => {
    const { root, cleanup } = setup();
    try {
      expect(() => resolveInside(root, path)).toThrow(message);
      try {
        resolveInside(root, path);
      } catch (error) {
        expect((error as { code: string }).code).toBe('path-outside');
      }
    } finally {
      cleanup();
    }
  });
});
