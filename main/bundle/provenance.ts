import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** Which version of the project was analysed, from its git checkout (no git binary needed). */
export interface Revision {
  /** The `origin` remote, credentials removed; absent when there is none or it is not a URL. */
  repositoryUri?: string;
  /** The commit HEAD points at. */
  revisionId?: string;
  branch?: string;
  /** The checkout's top folder (absolute), for mapping SARIF paths into the repository; never written to JSON as is. */
  worktree?: string;
}

/**
 * The git revision of the folder (or of the repository it sits in), read from `.git` directly: HEAD, the branch ref
 * (loose or packed) and the origin URL. Undefined outside a git checkout; never throws.
 */
export function readRevision(root: string): Revision | undefined {
  try {
    const gitDir = findGitDir(resolve(root));
    if (!gitDir) return undefined;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const out: Revision = {};
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
    if (ref) {
      out.branch = ref.replace(/^refs\/heads\//, '');
      out.revisionId = readRef(gitDir, ref);
    } else if (/^[0-9a-f]{40,64}$/.test(head)) {
      out.revisionId = head;
    }
    const uri = originUri(gitDir);
    if (uri) out.repositoryUri = uri;
    out.worktree = worktreeOf(resolve(root));
    return out.revisionId || out.branch ? out : undefined;
  } catch {
    return undefined;
  }
}

/** The nearest folder up from `start` that holds `.git`. */
function worktreeOf(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** A revision as it may leave the workbench (JSON, manifest): without the local folder. */
export function publicRevision(revision: Revision): Omit<Revision, 'worktree'> {
  const { worktree: _worktree, ...rest } = revision;
  return rest;
}

function findGitDir(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory()) return dotGit;
      // Worktrees and submodules: `.git` is a file naming the real folder.
      const target = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      return target ? (isAbsolute(target) ? target : resolve(dir, target)) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readRef(gitDir: string, ref: string): string | undefined {
  const commonDir = existsSync(join(gitDir, 'commondir')) ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim()) : gitDir;
  for (const dir of [gitDir, commonDir]) {
    const loose = join(dir, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
  }
  const packed = join(commonDir, 'packed-refs');
  if (!existsSync(packed)) return undefined;
  for (const line of readFileSync(packed, 'utf8').split('\n')) {
    const [hash, name] = line.trim().split(/\s+/);
    if (name === ref && /^[0-9a-f]{40,64}$/.test(hash)) return hash;
  }
  return undefined;
}

/** The origin remote as an absolute URL without credentials (`git@host:owner/repo.git` becomes `ssh://git@host/owner/repo.git`). */
function originUri(gitDir: string): string | undefined {
  const configPath = existsSync(join(gitDir, 'commondir')) ? join(resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim()), 'config') : join(gitDir, 'config');
  if (!existsSync(configPath)) return undefined;
  const config = readFileSync(configPath, 'utf8');
  const section = /\[remote\s+"origin"\]([^[]*)/.exec(config)?.[1];
  const raw = section && /^\s*url\s*=\s*(\S+)/m.exec(section)?.[1];
  if (!raw) return undefined;
  const scp = /^([\w.-]+@)?([\w.-]+):(?!\/)(.+)$/.exec(raw);
  const candidate = scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? `ssh://${scp[1] ?? ''}${scp[2]}/${scp[3]}` : raw;
  try {
    const url = new URL(candidate);
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
    url.password = '';
    if (url.protocol !== 'ssh:') url.username = '';
    return url.href;
  } catch {
    return undefined;
  }
}
