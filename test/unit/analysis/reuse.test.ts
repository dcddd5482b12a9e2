import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, REPO_ROOT } from '../../support/paths.js';
import { tempCopy, tempDir } from '../../support/temp.js';

const home = tempDir('archbench-home-');
const copy = tempCopy(corpus('vampi'));
afterAll(() => { home.cleanup(); copy.cleanup(); });

const REUSED = /nothing changed since the last analysis: its findings were reused/;

/** The built CLI (it carries the build id that reuse is keyed by), on the writable copy. */
function analyze(env: NodeJS.ProcessEnv = {}) {
  const out = join(home.path, 'out');
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'main/cli/archbench.mjs'), 'analyze', copy.path, '--out', out, '--format', 'json', '--fail-on', 'none'], {
    encoding: 'utf8', env: { ...process.env, ARCHBENCH_HOME: home.path, ...env }, timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  const findings = (JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')).findings as Array<{ fingerprint: string; ruleId: string; location: { file: string; line: number } }>);
  return { stdout: result.stdout, findings: findings.map((f) => `${f.ruleId} ${f.fingerprint} ${f.location.file}:${f.location.line}`).sort() };
}

describe('an unchanged project reuses the findings of its last analysis', () => {
  it('reuses only while nothing that findings depend on has changed', () => {
    const first = analyze();
    expect(first.stdout).not.toMatch(REUSED);
    expect(first.findings.length).toBeGreaterThan(20);

    const second = analyze();
    expect(second.stdout).toMatch(REUSED);
    expect(second.findings).toEqual(first.findings);

    // Asked not to: the rules run again and find the same.
    const fresh = analyze({ ARCHBENCH_NO_REUSE: '1' });
    expect(fresh.stdout).not.toMatch(REUSED);
    expect(fresh.findings).toEqual(first.findings);

    // Any edit to a file, even a comment, means analysing again.
    const spec = join(copy.path, 'openapi_specs', 'openapi3.yml');
    writeFileSync(spec, readFileSync(spec, 'utf8') + '\n# edited\n');
    const edited = analyze();
    expect(edited.stdout).not.toMatch(REUSED);
    expect(edited.findings).toEqual(first.findings);

    // A new custom rule changes what is checked: analysed again, and its finding is there.
    mkdirSync(join(copy.path, '.archbench', 'rules'), { recursive: true });
    writeFileSync(join(copy.path, '.archbench', 'rules', 'endpoints.sql'), [
      '-- id: every-endpoint', '-- title: Every endpoint', '-- category: api', '-- severity: info',
      "SELECT id AS element, 'endpoint ' || path AS message, file, line FROM endpoints WHERE path = '/users/v1'",
    ].join('\n'));
    const withRule = analyze();
    expect(withRule.stdout).not.toMatch(REUSED);
    expect(withRule.findings.some((f) => f.startsWith('custom.every-endpoint '))).toBe(true);
    expect(analyze().stdout).toMatch(REUSED);
  });

  it('keeps the replayed database in the model of a reused run', () => {
    const sql = tempCopy(corpus('supabase-nextjs-subscription-payments'));
    try {
      const out = join(home.path, 'out-sql');
      const run = () => {
        const result = spawnSync(process.execPath, [join(REPO_ROOT, 'main/cli/archbench.mjs'), 'analyze', sql.path, '--out', out, '--format', 'json', '--fail-on', 'none'], {
          encoding: 'utf8', env: { ...process.env, ARCHBENCH_HOME: home.path }, timeout: 120_000,
        });
        expect(result.status, result.stderr).toBe(0);
        const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { tables: Array<{ name: string }> };
        return { stdout: result.stdout, tables: model.tables.map((t) => t.name).sort() };
      };
      const first = run();
      expect(first.tables).toContain('customers');
      const second = run();
      expect(second.stdout).toMatch(REUSED);
      expect(second.tables).toEqual(first.tables);
    } finally {
      sql.cleanup();
    }
  }, 180_000);
});
