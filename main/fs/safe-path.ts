import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep, dirname } from 'node:path';
import { RpcError } from '../../shared/contract/errors.js';

/**
 * Resolve a project-relative path to an absolute one that is guaranteed to stay inside `root`:
 * refuses absolute paths, `..` escapes, NUL bytes, and symlinks (anywhere on the way) that lead outside.
 * The target itself may not exist yet (for saves of new files); its nearest existing ancestor is checked.
 */
export function resolveInside(root: string, relativePath: string): string {
  if (relativePath.includes('\0')) throw new RpcError('path-outside', 'The path contains a NUL byte.', { path: relativePath });
  const normalised = relativePath.replace(/\\/g, '/');
  if (isAbsolute(normalised) || /^[a-zA-Z]:/.test(normalised)) {
    throw new RpcError('path-outside', `Absolute paths are refused: "${relativePath}". Use a path relative to the project folder.`, { path: relativePath });
  }
  const realRoot = realpathSync(root);
  const candidate = resolve(realRoot, normalised);
  if (!isWithin(realRoot, candidate)) {
    throw new RpcError('path-outside', `"${relativePath}" is outside the project folder.`, { path: relativePath });
  }
  const real = realpathOfNearestExisting(candidate);
  if (!isWithin(realRoot, real)) {
    throw new RpcError('path-outside', `"${relativePath}" leads outside the project folder through a symbolic link.`, { path: relativePath });
  }
  return candidate;
}

/** True when `child` is `parent` or below it (both absolute, already resolved). */
export function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/** The real path of `target`, or of its nearest existing ancestor joined with the rest. */
function realpathOfNearestExisting(target: string): string {
  let current = target;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(current);
      return rest.length ? resolve(real, ...rest.reverse()) : real;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      if (isDanglingLink(current)) {
        throw new RpcError('path-outside', 'The path goes through a symbolic link whose target does not exist.', { path: current });
      }
      const parent = dirname(current);
      if (parent === current) return target;
      rest.push(current.slice(parent.length + 1));
      current = parent;
    }
  }
}

/** Project-relative, `/`-separated form of an absolute path inside `root`. */
export function toProjectPath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
