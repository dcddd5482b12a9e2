import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, REPO_ROOT } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const home = tempDir('archbench-home-');
const project = tempDir('archbench-project-');
afterAll(() => { home.cleanup(); project.cleanup(); });

describe('SQL that breaks the embedded PostgreSQL', () => {
  it('costs the database rules, not the analysis: the other findings and a diagnostic at the file', () => {
    // PostgreSQL's own regression test of stack depth: after it, PGlite answers every catalog query with an error.
    mkdirSync(join(project.path, 'migrations'));
    copyFileSync(join(corpus('postgres-regression-suite'), 'postgres/regression_suite/infinite_recurse.sql'), join(project.path, 'migrations/001_recurse.sql'));
    writeFileSync(join(project.path, 'openapi.yaml'), 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /users:\n    post:\n      responses: {"201": {description: created}}\n');
    const out = join(home.path, 'out');
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'main/cli/archbench.mjs'), 'analyze', project.path, '--out', out, '--format', 'json', '--fail-on', 'none'], {
      encoding: 'utf8', env: { ...process.env, ARCHBENCH_HOME: home.path }, timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.diagnostics).toContainEqual(expect.objectContaining({ file: 'migrations/001_recurse.sql', severity: 'error', code: 'sql.engine-failed' }));
    const findings = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')).findings as Array<{ ruleId: string; location: { file: string } }>;
    expect(findings.some((f) => f.ruleId.startsWith('api.') && f.location.file === 'openapi.yaml')).toBe(true);
  });
});
