import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Archbench package folder: the nearest ancestor of this module with our package.json (works from source and from dist/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'archbench') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Archbench package folder.');
    dir = parent;
  }
}

const root = packageRoot();

/** Archbench's version, from package.json. */
export const VERSION: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/** Where the built renderer and the bundled resources are. */
export function packagePaths(): { root: string; rendererDir: string; resourcesDir: string } {
  return { root, rendererDir: join(root, 'dist', 'renderer'), resourcesDir: join(root, 'resources') };
}
