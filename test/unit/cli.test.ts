import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, REPO_ROOT } from '../support/paths.js';
import { tempCopy, tempDir } from '../support/temp.js';

const home = tempDir('archbench-home-');
afterAll(() => home.cleanup());

/** Run the real `archbench` command as CI would (the build that `npm install` made). */
function archbench(...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'main/cli/archbench.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ARCHBENCH_HOME: home.path },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('archbench CLI', () => {
  it('documents every command in --help', () => {
    const { code, stdout } = archbench('--help');
    expect(code).toBe(0);
    for (const command of ['analyze', 'serve', 'rules', 'verify']) expect(stdout).toContain(command);
    expect(archbench('analyze', '--help').stdout).toMatch(/--fail-on.*\n?.*critical/);
  });

  it('does not build again when npx installs this folder into its cache (the first `npx archbench` in a clone)', () => {
    const built = statSync(join(REPO_ROOT, 'dist/renderer/index.html')).mtimeMs;
    // What npm sets for the `prepare` it runs then; NODE_ENV=production so that a build, were there one, would still be a sound one.
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'main/tools/build.mjs')], {
      cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production', npm_command: 'exec', npm_lifecycle_event: 'prepare' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('built in');
    expect(statSync(join(REPO_ROOT, 'dist/renderer/index.html')).mtimeMs).toBe(built);
  });

  it('exits 2 with a one-line reason on usage and input errors', () => {
    const missing = archbench('analyze', join(home.path, 'no-such-folder'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/not a folder/);
    expect(archbench('analyze', corpus('vampi'), '--fail-on', 'sometimes').code).toBe(2);
    expect(archbench('analyze', corpus('vampi'), '--format', 'docx').stderr).toMatch(/unknown format "docx"/);
    expect(archbench('frobnicate').code).toBe(2);
  });

  it('writes the whole bundle with a verifiable manifest, without touching a read-only project', () => {
    const out = join(home.path, 'bundle');
    const zip = join(home.path, 'bundle.zip');
    const { code, stdout } = archbench('analyze', corpus('microservices-demo'), '--out', out, '--zip', zip, '--fail-on', 'none');
    expect(code).toBe(0);
    expect(stdout).toMatch(/microservices-demo: \d+ artifacts/);
    for (const file of ['model.json', 'findings.json', 'findings.sarif', 'report.html', 'report.md', 'threat-model.md', 'reliability-playbook.md', 'diagram.svg', 'manifest.json']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    // The corpus folder has no write bits: its store went to the app data folder.
    expect(existsSync(join(corpus('microservices-demo'), '.archbench'))).toBe(false);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.artifacts.find((a: { path: string }) => a.path === 'protos/demo.proto')).toMatchObject({ kind: 'proto' });
    const findings = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(findings).toHaveProperty('findings');
    expect(findings).toHaveProperty('summary');
    expect(JSON.parse(readFileSync(join(out, 'findings.sarif'), 'utf8')).version).toBe('2.1.0');

    expect(archbench('verify', out)).toMatchObject({ code: 0 });
    expect(archbench('verify', zip)).toMatchObject({ code: 0 });
    writeFileSync(join(out, 'report.md'), readFileSync(join(out, 'report.md'), 'utf8') + '\nall good, trust me\n');
    const tampered = archbench('verify', out);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('changed: report.md');
  });

  it('writes only the formats asked for', () => {
    const project = tempCopy(corpus('vampi'));
    try {
      const out = join(home.path, 'sarif-only');
      const run = archbench('analyze', project.path, '--out', out, '--format', 'sarif', '--fail-on', 'none', '--timings');
      expect(run.code).toBe(0);
      expect(existsSync(join(out, 'findings.sarif'))).toBe(true);
      // --timings: the phases and the slowest rules on stderr, stdout left to the summary.
      expect(run.stderr).toMatch(/^Timings\n/);
      expect(run.stderr).toMatch(/^ {2}rules +\d+\.\d ms$/m);
      expect(run.stderr).toMatch(/^Slowest rules\n {2}[a-z]+\.[a-z-]+ +\d+\.\d ms$/m);
      expect(run.stdout).not.toContain('Timings');
      // The build trained V8's code cache for the analysis code (main/core/code-cache.ts), and this run used it.
      expect(run.stderr).toMatch(/^load the analysis code \(code cache\) +\d/m);
      expect(existsSync(join(out, 'report.html'))).toBe(false);
      expect(existsSync(join(project.path, '.archbench', 'store.db'))).toBe(true);
    } finally {
      project.cleanup();
    }
  });

  it('lists rules as JSON for machines', () => {
    const { code, stdout } = archbench('rules', '--json');
    expect(code).toBe(0);
    expect(Array.isArray(JSON.parse(stdout).rules)).toBe(true);
  });
});

describe('archbench export', () => {
  it('writes the model as Threat Dragon v2 and OTM JSON that the importers read back', async () => {
    const { buildModel } = await import('../../main/ingest/index.js');
    const { classifyArtifact } = await import('../../main/project/classify.js');
    const td = join(home.path, 'demo.td.json');
    const otm = join(home.path, 'demo.otm.json');
    const first = archbench('export', corpus('microservices-demo'), '--format', 'threat-dragon', '--out', td);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/12 components/);
    expect(archbench('export', corpus('microservices-demo'), '--format', 'otm', '--out', otm).code).toBe(0);
    for (const [file, name] of [[td, 'model.json'], [otm, 'model.otm.json']]) {
      const text = readFileSync(file, 'utf8');
      const again = buildModel([{ path: name, text, ...classifyArtifact(name, text) }], { readText: () => undefined });
      expect(again.components.map((c) => c.name)).toEqual(expect.arrayContaining(['frontend', 'cartservice', 'redis-cart']));
    }
    expect(archbench('export', corpus('microservices-demo'), '--format', 'pdf', '--out', td).code).toBe(2);
  });
});
