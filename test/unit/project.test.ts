import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkbench, type Workbench } from '../../main/core/workbench.js';
import type { Events, ProjectInfo } from '../../shared/contract/index.js';
import type { Artifact } from '../../shared/model/artifact.js';
import { corpus, REPO_ROOT } from '../support/paths.js';
import { tempCopy, tempDir } from '../support/temp.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function workbench(watch = true): Workbench {
  const data = tempDir('archbench-data-');
  const wb = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'cli', version: 'test', watch });
  cleanups.push(data.cleanup, () => wb.close());
  return wb;
}

function project(source = corpus('vampi')) {
  const copy = tempCopy(source);
  cleanups.push(copy.cleanup);
  return copy.path;
}

/** Resolve with the first event matching `predicate`. */
function nextEvent<E extends keyof Events>(wb: Workbench, event: E, predicate: (p: Events[E]) => boolean = () => true): Promise<Events[E]> {
  return new Promise((resolve) => {
    const off = wb.on(event, (payload) => {
      if (predicate(payload)) { off(); resolve(payload); }
    });
  });
}

describe('opening a project folder', () => {
  it('records every file with kind, size and hash in .archbench/store.db', async () => {
    const root = project(corpus('microservices-demo'));
    const wb = workbench(false);
    const info = await wb.invoke('project.open', { path: root }) as ProjectInfo;
    expect(info.storePath).toBe(join(root, '.archbench', 'store.db'));
    expect(existsSync(info.storePath)).toBe(true);
    const tree = await wb.invoke('project.tree', {}) as Artifact[];
    const byPath = new Map(tree.map((a) => [a.path, a]));
    expect(byPath.get('kubernetes-manifests/cartservice.yaml')?.kind).toBe('kubernetes');
    expect(byPath.get('protos/demo.proto')?.kind).toBe('proto');
    expect(byPath.get('LICENSE')?.kind).toBe('other');
    expect(byPath.get('protos/demo.proto')?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect([...byPath.keys()].some((p) => p.startsWith('.archbench'))).toBe(false);
    expect(info.filesRead).toBe(tree.length);
  });

  it('re-reads no file when reopening an unchanged folder, and only the changed one after an edit', async () => {
    const root = project();
    const first = workbench(false);
    await first.invoke('project.open', { path: root });
    await first.close();
    const second = workbench(false);
    const reopened = await second.invoke('project.open', { path: root }) as ProjectInfo;
    expect(reopened.filesRead).toBe(0);
    await second.close();
    writeFileSync(join(root, 'docker-compose.yaml'), readFileSync(join(root, 'docker-compose.yaml'), 'utf8') + '\n# edited\n');
    utimesSync(join(root, 'docker-compose.yaml'), new Date(), new Date(Date.now() + 5000));
    const third = workbench(false);
    const afterEdit = await third.invoke('project.open', { path: root }) as ProjectInfo;
    expect(afterEdit.filesRead).toBe(1);
  });

  it('respects .gitignore and .archbenchignore', async () => {
    const root = project();
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build', 'out.yaml'), 'services:\n  x:\n    image: y\n');
    writeFileSync(join(root, 'scratch.sql'), 'create table t (id int);');
    writeFileSync(join(root, '.gitignore'), 'build/\n');
    writeFileSync(join(root, '.archbenchignore'), 'scratch.sql\n');
    const wb = workbench(false);
    await wb.invoke('project.open', { path: root });
    const paths = (await wb.invoke('project.tree', {}) as Artifact[]).map((a) => a.path);
    expect(paths).not.toContain('build/out.yaml');
    expect(paths).not.toContain('scratch.sql');
    expect(paths).toContain('openapi_specs/openapi3.yml');
  });

  it('skips report bundles Archbench wrote into the folder (their manifest names the tool)', async () => {
    const root = project();
    mkdirSync(join(root, 'archbench-report'));
    writeFileSync(join(root, 'archbench-report', 'manifest.json'), '{\n  "tool": "archbench",\n  "version": "0.1.0",\n  "files": []\n}\n');
    writeFileSync(join(root, 'archbench-report', 'model.json'), '{"components": []}');
    // A folder with some other manifest.json is an ordinary folder.
    mkdirSync(join(root, 'web'));
    writeFileSync(join(root, 'web', 'manifest.json'), '{"name": "pwa"}');
    const wb = workbench(false);
    await wb.invoke('project.open', { path: root });
    const paths = (await wb.invoke('project.tree', {}) as Artifact[]).map((a) => a.path);
    expect(paths.filter((p) => p.startsWith('archbench-report/'))).toEqual([]);
    expect(paths).toContain('web/manifest.json');
  });

  it('lists a symlink that leaves the folder as skipped and never reads it', async () => {
    const root = project();
    const outside = tempDir();
    cleanups.push(outside.cleanup);
    writeFileSync(join(outside.path, 'secret.yaml'), 'openapi: 3.0.0\n');
    symlinkSync(join(outside.path, 'secret.yaml'), join(root, 'linked.yaml'));
    const wb = workbench(false);
    await wb.invoke('project.open', { path: root });
    const linked = (await wb.invoke('project.tree', {}) as Artifact[]).find((a) => a.path === 'linked.yaml');
    expect(linked).toMatchObject({ status: 'skipped', kind: 'other', hash: '' });
    expect(linked?.message).toMatch(/outside the project folder/);
    await expect(wb.invoke('file.read', { path: 'linked.yaml' })).rejects.toMatchObject({ code: 'path-outside' });
  });

  it('keeps the store of a folder it cannot write in the app data folder', async () => {
    const root = project();
    chmodSync(root, 0o555);
    cleanups.push(() => chmodSync(root, 0o755));
    const wb = workbench(false);
    const info = await wb.invoke('project.open', { path: root }) as ProjectInfo;
    expect(info.storeInAppData).toBe(true);
    expect(info.storePath.startsWith(join(root, '.archbench'))).toBe(false);
    expect(existsSync(join(root, '.archbench'))).toBe(false);
    expect(info.artifactCount).toBeGreaterThan(0);
  });

  it('rebuilds a corrupt store and tells the user', async () => {
    const root = project();
    mkdirSync(join(root, '.archbench'));
    writeFileSync(join(root, '.archbench', 'store.db'), 'garbage'.repeat(1000));
    const wb = workbench(false);
    const info = await wb.invoke('project.open', { path: root }) as ProjectInfo;
    expect(info.storeNotice).toMatch(/moved aside/);
    expect(info.artifactCount).toBeGreaterThan(0);
  });

  it('refuses a missing folder with a clear error', async () => {
    const wb = workbench(false);
    await expect(wb.invoke('project.open', { path: '/definitely/not/here' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('/definitely/not/here') });
  });
});

describe('reading and saving files', () => {
  it('saves atomically and detects a conflicting change on disk', async () => {
    const root = project();
    const wb = workbench(false);
    await wb.invoke('project.open', { path: root });
    const file = await wb.invoke('file.read', { path: 'openapi_specs/openapi3.yml' }) as { content: string; hash: string };
    const saved = await wb.invoke('file.save', { path: 'openapi_specs/openapi3.yml', content: file.content + '\n# reviewed\n', expectedHash: file.hash }) as { hash: string };
    expect(readFileSync(join(root, 'openapi_specs/openapi3.yml'), 'utf8')).toMatch(/# reviewed\n$/);
    expect(saved.hash).not.toBe(file.hash);
    // Someone else edits the file; a save based on the old hash is refused.
    writeFileSync(join(root, 'openapi_specs/openapi3.yml'), 'changed elsewhere');
    await expect(wb.invoke('file.save', { path: 'openapi_specs/openapi3.yml', content: 'mine', expectedHash: saved.hash }))
      .rejects.toMatchObject({ code: 'conflict' });
    expect(readFileSync(join(root, 'openapi_specs/openapi3.yml'), 'utf8')).toBe('changed elsewhere');
    // Without expectedHash the user overwrites deliberately ("keep mine").
    await wb.invoke('file.save', { path: 'openapi_specs/openapi3.yml', content: 'mine' });
    expect(readFileSync(join(root, 'openapi_specs/openapi3.yml'), 'utf8')).toBe('mine');
  });

  it('refuses paths outside the folder for reads and saves', async () => {
    const root = project();
    const wb = workbench(false);
    await wb.invoke('project.open', { path: root });
    await expect(wb.invoke('file.read', { path: '../../etc/passwd' })).rejects.toMatchObject({ code: 'path-outside' });
    await expect(wb.invoke('file.save', { path: '/tmp/evil', content: 'x' })).rejects.toMatchObject({ code: 'path-outside' });
  });
});

describe('the file watcher', () => {
  it('reports outside edits, new files and deletions, and keeps the store current', async () => {
    const root = project();
    const wb = workbench(true);
    await wb.invoke('project.open', { path: root });
    await wb.project()!.watcherReady;

    const changed = nextEvent(wb, 'file.changedOnDisk', (e) => e.path === 'docker-compose.yaml');
    writeFileSync(join(root, 'docker-compose.yaml'), 'services:\n  api:\n    image: vampi:2\n');
    expect((await changed).hash).toMatch(/^[0-9a-f]{64}$/);

    const added = nextEvent(wb, 'project.treeChanged', (e) => e.added.includes('db/001_init.sql'));
    mkdirSync(join(root, 'db'));
    writeFileSync(join(root, 'db', '001_init.sql'), 'CREATE TABLE users (id bigint primary key);\n');
    await added;
    expect((await wb.invoke('project.tree', {}) as Artifact[]).find((a) => a.path === 'db/001_init.sql')?.kind).toBe('sql');

    const removed = nextEvent(wb, 'project.treeChanged', (e) => e.removed.includes('db/001_init.sql'));
    unlinkSync(join(root, 'db', '001_init.sql'));
    await removed;

    const dirRemoved = nextEvent(wb, 'project.treeChanged', (e) => e.removed.includes('openapi_specs/openapi3.yml'));
    rmSync(join(root, 'openapi_specs'), { recursive: true });
    await dirRemoved;
    expect((await wb.invoke('project.tree', {}) as Artifact[]).map((a) => a.path)).not.toContain('openapi_specs/openapi3.yml');
  });

  it('ignores a report bundle exported into the open folder, files and all', async () => {
    const root = project();
    const wb = workbench(true);
    await wb.invoke('project.open', { path: root });
    await wb.project()!.watcherReady;
    const seen: string[] = [];
    wb.on('project.treeChanged', (e) => seen.push(...e.added));
    // Written the way bundles are: a staging folder renamed into place (a second export replaces it whole).
    for (let i = 0; i < 2; i++) {
      const staging = join(root, `.bundle.${i}.archbench-tmp`);
      mkdirSync(staging);
      writeFileSync(join(staging, 'report.md'), `# report ${i}\n`);
      writeFileSync(join(staging, 'manifest.json'), '{\n  "tool": "archbench",\n  "files": []\n}\n');
      if (i > 0) rmSync(join(root, 'bundle'), { recursive: true });
      renameSync(staging, join(root, 'bundle'));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const marker = nextEvent(wb, 'file.changedOnDisk', (e) => e.path === 'LICENSE');
    writeFileSync(join(root, 'LICENSE'), 'changed');
    await marker;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.filter((p) => p.startsWith('bundle/') || p.includes('archbench-tmp'))).toEqual([]);
    expect((await wb.invoke('project.tree', {}) as Artifact[]).map((a) => a.path).filter((p) => p.startsWith('bundle/'))).toEqual([]);
  });

  it('does not report its own saves as outside changes', async () => {
    const root = project();
    const wb = workbench(true);
    await wb.invoke('project.open', { path: root });
    await wb.project()!.watcherReady;
    const seen: string[] = [];
    wb.on('file.changedOnDisk', (e) => seen.push(e.path));
    const file = await wb.invoke('file.read', { path: 'docker-compose.yaml' }) as { content: string; hash: string };
    await wb.invoke('file.save', { path: 'docker-compose.yaml', content: file.content + '#\n', expectedHash: file.hash });
    // A later outside change to another file proves the watcher ran past our save.
    const marker = nextEvent(wb, 'file.changedOnDisk', (e) => e.path === 'LICENSE');
    writeFileSync(join(root, 'LICENSE'), 'changed');
    await marker;
    expect(seen).not.toContain('docker-compose.yaml');
  });
});
