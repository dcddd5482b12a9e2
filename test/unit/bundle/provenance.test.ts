import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRevision } from '../../../main/bundle/provenance.js';
import { toSarif } from '../../../main/bundle/sarif.js';
import { tempDir } from '../../support/temp.js';
import { fixtureReport } from './fixture-data.js';
import { multitoolUnavailable, validateSarif } from './sarif-multitool.js';

const dir = tempDir('archbench-git-');
afterAll(() => dir.cleanup());
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

/** A `.git` folder as git leaves it: HEAD on a branch, the branch in packed-refs, an origin with credentials. */
function fakeCheckout(root: string, url: string): void {
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(root, '.git', 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${COMMIT} refs/heads/main\n`);
  writeFileSync(join(root, '.git', 'config'), `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`);
}

describe('the analysed revision', () => {
  it('reads branch, commit and origin from .git, without credentials, from a subfolder too', () => {
    const repo = join(dir.path, 'repo');
    fakeCheckout(repo, 'https://ci-bot:ghp_secret@github.com/acme/shop.git');
    mkdirSync(join(repo, 'services', 'api'), { recursive: true });
    expect(readRevision(join(repo, 'services', 'api'))).toEqual({ branch: 'main', revisionId: COMMIT, repositoryUri: 'https://github.com/acme/shop.git', worktree: repo });
    const scp = join(dir.path, 'scp');
    fakeCheckout(scp, 'git@github.com:acme/shop.git');
    expect(readRevision(scp)?.repositoryUri).toBe('ssh://git@github.com/acme/shop.git');
    expect(readRevision(join(dir.path))).toBeUndefined();
  });

  it.skipIf(!!multitoolUnavailable())('goes into SARIF as versionControlProvenance mapped to the checkout, still valid', { timeout: 180_000 }, () => {
    const revision = { branch: 'main', revisionId: COMMIT, repositoryUri: 'https://github.com/acme/shop.git', worktree: '/ci/work/shop' };
    type Run = { versionControlProvenance: unknown; originalUriBaseIds: Record<string, unknown> };
    const atTop = (toSarif({ ...fixtureReport({ root: '/ci/work/shop' }), revision }) as { runs: Run[] }).runs[0];
    expect(atTop.versionControlProvenance).toEqual([{ repositoryUri: 'https://github.com/acme/shop.git', revisionId: COMMIT, branch: 'main', mappedTo: { uriBaseId: '%SRCROOT%' } }]);
    const sub = (toSarif({ ...fixtureReport({ root: '/ci/work/shop/services/api' }), revision }) as { runs: Run[] }).runs[0];
    expect(sub.originalUriBaseIds).toMatchObject({ REPOROOT: { uri: 'file:///ci/work/shop/' }, '%SRCROOT%': { uri: 'services/api/', uriBaseId: 'REPOROOT' } });
    const files = [join(dir.path, 'vcp-top.sarif'), join(dir.path, 'vcp-sub.sarif')];
    writeFileSync(files[0], JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [atTop] }));
    writeFileSync(files[1], JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [sub] }));
    const result = validateSarif(files);
    expect(result.errors, result.output).toEqual([]);
    expect(result.warnings, result.output).toEqual([]);
  });
});
