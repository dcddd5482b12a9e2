import ignore, { type Ignore } from 'ignore';
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isWithin } from '../fs/safe-path.js';
import { isAtomicTempFile } from '../fs/atomic-write.js';

/** Folders never walked: VCS data, dependencies, Archbench's own store. */
export const ALWAYS_IGNORED = ['.git', '.hg', '.svn', 'node_modules', '.archbench'];

export interface DiscoveryLimits {
  /** Stop after this many files; the rest of the folder is reported, not silently dropped. */
  maxFiles: number;
  maxDepth: number;
}

export const DEFAULT_DISCOVERY_LIMITS: DiscoveryLimits = { maxFiles: 100_000, maxDepth: 64 };

export interface DiscoveredFile {
  path: string;          // relative, '/'-separated
  absolute: string;
  size: number;
  mtimeMs: number;
  /** Set for entries that must not be read: symlinks leaving the folder, symlinked folders, special files. */
  skipReason?: string;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  truncated: boolean;
}

/** Decides whether a project-relative path is ignored, from .gitignore / .archbenchignore files found on the way down. */
export class IgnoreRules {
  private readonly perDirectory = new Map<string, Ignore | null>();

  constructor(private readonly root: string) {}

  /** True when `relativePath` (a file or folder, '/'-separated) is ignored. */
  ignores(relativePath: string, isDirectory = false): boolean {
    const parts = relativePath.split('/');
    if (parts.some((p) => ALWAYS_IGNORED.includes(p) || isAtomicTempFile(p) || p.endsWith('.archbench-old'))) return true;
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      if (depth > 0 && this.isReportBundle(dir)) return true;
      const rules = this.rulesFor(dir);
      if (!rules) continue;
      const rest = parts.slice(depth).join('/') + (isDirectory ? '/' : '');
      if (rules.ignores(rest)) return true;
    }
    return isDirectory && this.isReportBundle(relativePath);
  }

  /** Forget cached rules for a folder (its .gitignore changed). */
  invalidate(dir: string): void {
    this.perDirectory.delete(dir);
    this.bundles.delete(dir);
  }

  private readonly bundles = new Map<string, boolean>();

  /**
   * A report bundle Archbench wrote into the project (`archbench analyze . --out archbench-report`, an export from
   * the workbench): its manifest.json names the tool. Its files are output, not input: reading them would make
   * every run see new files and re-analyse.
   */
  private isReportBundle(dir: string): boolean {
    let known = this.bundles.get(dir);
    if (known === undefined) {
      known = false;
      try {
        const head = readFileSync(join(this.root, dir, 'manifest.json'), 'utf8').slice(0, 200);
        known = /^\{\s*"tool":\s*"archbench"/.test(head);
      } catch {
        // no manifest.json: an ordinary folder
      }
      this.bundles.set(dir, known);
    }
    return known;
  }

  private rulesFor(dir: string): Ignore | null {
    if (this.perDirectory.has(dir)) return this.perDirectory.get(dir)!;
    let rules: Ignore | null = null;
    for (const name of ['.gitignore', '.archbenchignore']) {
      try {
        const text = readFileSync(join(this.root, dir, name), 'utf8');
        rules ??= ignore();
        rules.add(text);
      } catch {
        // no such file: nothing to add
      }
    }
    this.perDirectory.set(dir, rules);
    return rules;
  }
}

/** Walk the project folder: every file that is not ignored, with size and mtime (contents are not read here). */
export function discoverFilesSync(root: string, rules: IgnoreRules, limits: DiscoveryLimits = DEFAULT_DISCOVERY_LIMITS): DiscoveryResult {
  const realRoot = realpathSync(root);
  const files: DiscoveredFile[] = [];
  let truncated = false;
  const walk = (dirRelative: string, depth: number) => {
    if (truncated) return;
    if (depth > limits.maxDepth) { truncated = true; return; }
    let entries: Dirent[];
    try {
      entries = readdirSync(join(realRoot, dirRelative), { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to list
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dirRelative ? `${dirRelative}/${entry.name}` : entry.name;
      const absolute = join(realRoot, rel);
      if (entry.isDirectory()) {
        if (!rules.ignores(rel, true)) walk(rel, depth + 1);
        continue;
      }
      if (rules.ignores(rel)) continue;
      if (files.length >= limits.maxFiles) { truncated = true; return; }
      if (entry.isSymbolicLink()) {
        files.push(describeLink(realRoot, rel, absolute));
      } else if (entry.isFile()) {
        try {
          const st = statSync(absolute);
          files.push({ path: rel, absolute, size: st.size, mtimeMs: st.mtimeMs });
        } catch {
          // vanished between readdir and stat
        }
      }
    }
  };
  walk('', 0);
  return { files, truncated };
}

/** A symlink is read only when it resolves to a regular file inside the project folder. */
export function describeLink(realRoot: string, rel: string, absolute: string): DiscoveredFile {
  try {
    const target = realpathSync(absolute);
    const st = statSync(target);
    if (!isWithin(realRoot, target)) {
      return { path: rel, absolute, size: 0, mtimeMs: st.mtimeMs, skipReason: 'symbolic link leading outside the project folder' };
    }
    if (!st.isFile()) return { path: rel, absolute, size: 0, mtimeMs: st.mtimeMs, skipReason: 'symbolic link to a folder (not followed)' };
    return { path: rel, absolute, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return { path: rel, absolute, size: 0, mtimeMs: 0, skipReason: 'broken symbolic link' };
  }
}
