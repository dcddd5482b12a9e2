import type { FSWatcher } from 'chokidar';
import { readFileSync, statSync, realpathSync } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import type { Artifact } from '../../shared/model/artifact.js';
import { RpcError } from '../../shared/contract/errors.js';
import type { FileContent, SaveResult } from '../../shared/contract/file.js';
import type { Events } from '../../shared/contract/index.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { resolveInside, toProjectPath } from '../fs/safe-path.js';
import { ArtifactTable } from '../store/artifact-table.js';
import type { StoreDatabase } from '../store/store.js';
import { discoverFilesSync, describeLink, IgnoreRules } from './discovery.js';
import { MAX_ARTIFACT_BYTES, readArtifactSync, sha256 } from './read-artifact.js';

export interface SyncResult {
  added: string[];
  removed: string[];
  changed: string[];
  /** Files whose bytes were read (new or with a different size / mtime). */
  filesRead: number;
  truncated: boolean;
}

type Emit = <E extends keyof Events>(event: E, payload: Events[E]) => void;

/** An opened project folder: its artifacts in the store, kept current by a watcher; confined file I/O. */
export class Project {
  readonly root: string;
  readonly name: string;
  readonly artifacts: ArtifactTable;
  private readonly rules: IgnoreRules;
  private watcher?: FSWatcher;
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(root: string, readonly db: StoreDatabase, private readonly emit: Emit) {
    this.root = realpathSync(root);
    this.name = basename(this.root);
    this.artifacts = new ArtifactTable(db);
    this.rules = new IgnoreRules(this.root);
  }

  /** Bring the store's artifact list up to date with the folder. Unchanged files (same size and mtime) are not read. */
  syncSync(): SyncResult {
    const known = new Map(this.artifacts.all().map((a) => [a.path, a]));
    const { files, truncated } = discoverFilesSync(this.root, this.rules);
    const put: Artifact[] = [];
    const added: string[] = [];
    const changed: string[] = [];
    let filesRead = 0;
    for (const file of files) {
      const previous = known.get(file.path);
      known.delete(file.path);
      if (previous && previous.size === file.size && previous.mtimeMs === file.mtimeMs) continue;
      const artifact = readArtifactSync(file);
      if (artifact.status !== 'skipped') filesRead++;
      put.push(artifact);
      if (!previous) added.push(file.path);
      else if (previous.hash !== artifact.hash || previous.kind !== artifact.kind) changed.push(file.path);
    }
    const removed = [...known.keys()];
    if (put.length || removed.length) this.artifacts.apply({ put, remove: removed });
    return { added, removed, changed, filesRead, truncated };
  }

  /** Resolves once the watcher has scanned the folder (tests wait for it; users do not). */
  watcherReady: Promise<void> = Promise.resolve();

  /**
   * Start watching the folder; changes update the store and are pushed as events. Opening does not wait for
   * the watcher's own scan (about 1 s for 10,000 files): a sync once it is ready catches anything changed meanwhile.
   */
  startWatching(): void {
    // chokidar loads here, not at startup: the CLI never watches.
    this.watcherReady = import('chokidar').then(({ watch }) => {
      if (!this.closed) return this.watch(watch);
    });
  }

  private closed = false;

  /** Resolves once the watcher has scanned the folder. */
  private watch(watch: typeof import('chokidar').watch): Promise<void> {
    const watcher = watch(this.root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (absolute: string, stats?: { isDirectory(): boolean }) => {
        const rel = relative(this.root, absolute).split(sep).join('/');
        return rel !== '' && this.rules.ignores(rel, stats?.isDirectory() ?? false);
      },
    });
    this.watcher = watcher;
    const onPath = (absolute: string) => this.schedule(toProjectPath(this.root, absolute));
    watcher.on('add', onPath).on('change', onPath).on('unlink', onPath);
    watcher.on('unlinkDir', () => this.scheduleFullSync());
    watcher.on('error', () => { /* a vanished folder: the next sync corrects the store */ });
    return new Promise((resolve) => watcher.once('ready', () => {
      if (this.watcher === watcher) this.refreshPath('\0full');
      resolve();
    }));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }

  /** Read a file of the project for the editor. */
  readFile(path: string): FileContent {
    const absolute = resolveInside(this.root, path);
    let st;
    try {
      st = statSync(absolute);
    } catch {
      throw new RpcError('not-found', `"${path}" does not exist in the project folder.`, { path });
    }
    if (!st.isFile()) throw new RpcError('not-found', `"${path}" is not a file.`, { path });
    if (st.size > MAX_ARTIFACT_BYTES) throw new RpcError('too-large', `"${path}" is ${(st.size / 1048576).toFixed(1)} MiB; the editor opens files up to ${MAX_ARTIFACT_BYTES / 1048576} MiB.`, { path });
    const bytes = readFileSync(absolute);
    return { path: toProjectPath(this.root, absolute), content: bytes.toString('utf8'), hash: sha256(bytes), mtimeMs: st.mtimeMs };
  }

  /** Save atomically. With `expectedHash`, refuse when the file on disk is no longer what the editor started from. */
  saveFile(path: string, content: string, expectedHash?: string): SaveResult {
    const absolute = resolveInside(this.root, path);
    const rel = toProjectPath(this.root, absolute);
    if (expectedHash !== undefined) {
      let current: string | null = null;
      try { current = sha256(readFileSync(absolute)); } catch { current = null; }
      if (current !== expectedHash) {
        throw new RpcError('conflict', current === null
          ? `"${rel}" was deleted on disk since it was opened.`
          : `"${rel}" changed on disk since it was opened. Reload it, keep your version (save again to overwrite) or compare.`, { path: rel, diskHash: current });
      }
    }
    try {
      writeFileAtomicSync(absolute, content);
    } catch (error) {
      throw new RpcError('io', `Could not save "${rel}": ${(error as Error).message}`, { path: rel });
    }
    const st = statSync(absolute);
    const artifact = readArtifactSync({ path: rel, absolute, size: st.size, mtimeMs: st.mtimeMs });
    const previous = this.artifacts.get(rel);
    this.artifacts.apply({ put: [artifact], remove: [] });
    if (!previous) this.emit('project.treeChanged', { added: [rel], removed: [], changed: [] });
    else if (previous.kind !== artifact.kind) this.emit('project.treeChanged', { added: [], removed: [], changed: [rel] });
    return { path: rel, hash: artifact.hash, mtimeMs: st.mtimeMs };
  }

  private schedule(rel: string): void {
    clearTimeout(this.pending.get(rel));
    this.pending.set(rel, setTimeout(() => {
      this.pending.delete(rel);
      this.refreshPath(rel);
    }, 25));
  }

  private scheduleFullSync(): void {
    this.schedule('\0full');
  }

  /** Re-read one path after a watcher event; emit only when the store's view of it really changed. */
  private refreshPath(rel: string): void {
    if (rel === '\0full') {
      const result = this.syncSync();
      if (result.added.length || result.removed.length || result.changed.length) {
        this.emit('project.treeChanged', { added: result.added, removed: result.removed, changed: result.changed });
      }
      for (const path of result.removed) this.emit('file.changedOnDisk', { path, hash: null, mtimeMs: null });
      for (const path of result.changed) {
        const artifact = this.artifacts.get(path);
        if (artifact) this.emit('file.changedOnDisk', { path, hash: artifact.hash, mtimeMs: artifact.mtimeMs });
      }
      return;
    }
    // A new report bundle's manifest.json turns its folder into output the discovery skips.
    if (rel.endsWith('.gitignore') || rel.endsWith('.archbenchignore') || rel === 'manifest.json' || rel.endsWith('/manifest.json')) {
      this.rules.invalidate(rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
      this.scheduleFullSync();
    }
    const previous = this.artifacts.get(rel);
    const absolute = `${this.root}${sep}${rel.split('/').join(sep)}`;
    let st;
    try {
      st = statSync(absolute);
    } catch {
      st = undefined;
    }
    if (!st || !st.isFile()) {
      if (previous) {
        this.artifacts.apply({ put: [], remove: [rel] });
        this.emit('project.treeChanged', { added: [], removed: [rel], changed: [] });
        this.emit('file.changedOnDisk', { path: rel, hash: null, mtimeMs: null });
      }
      return;
    }
    if (previous && previous.size === st.size && previous.mtimeMs === st.mtimeMs) return;
    const file = describeLink(this.root, rel, absolute);
    const artifact = readArtifactSync(file.skipReason ? file : { path: rel, absolute, size: st.size, mtimeMs: st.mtimeMs });
    this.artifacts.apply({ put: [artifact], remove: [] });
    if (!previous) {
      this.emit('project.treeChanged', { added: [rel], removed: [], changed: [] });
    } else if (previous.kind !== artifact.kind) {
      this.emit('project.treeChanged', { added: [], removed: [], changed: [rel] });
    }
    if (!previous || previous.hash !== artifact.hash) {
      this.emit('file.changedOnDisk', { path: rel, hash: artifact.hash, mtimeMs: artifact.mtimeMs });
    }
  }
}
