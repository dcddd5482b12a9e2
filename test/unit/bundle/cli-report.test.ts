import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sha256Hex } from '../../../main/bundle/manifest.js';
import { storeLocation } from '../../../main/core/workbench.js';
import { corpus, REPO_ROOT } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const home = tempDir('archbench-cli-report-');
afterAll(() => home.cleanup());
const CHROMIUM = process.env.ARCHBENCH_CHROMIUM ?? '/usr/bin/chromium';

/** The real `archbench` command as CI runs it (dist/ must be built: node main/tools/build.mjs main). */
function archbench(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'main/cli/archbench.mjs'), ...args], {
    encoding: 'utf8', env: { ...process.env, ARCHBENCH_HOME: join(home.path, 'data'), ...env }, timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const out = (name: string) => join(home.path, name);

describe('archbench analyze: gate, baseline and bundle options', () => {
  it('exits 1 when an open finding reaches --fail-on and 0 when none does', () => {
    const gates = ['critical', 'high', 'medium', 'low'] as const;
    for (const name of ['vampi', 'microservices-demo']) {
      expect(archbench(['analyze', corpus(name), '--out', out(`gate-${name}`), '--fail-on', 'none', '--format', 'json']).code).toBe(0);
      const open: Record<string, number> = JSON.parse(readFileSync(join(out(`gate-${name}`), 'findings.json'), 'utf8')).summary.openBySeverity;
      const codes = gates.map((gate) => archbench(['analyze', corpus(name), '--out', out(`gate-${name}`), '--fail-on', gate, '--format', 'json']).code);
      const expected = gates.map((_, i) => (gates.slice(0, i + 1).some((s) => open[s] > 0) ? 1 : 0));
      expect(codes, `${name}: ${JSON.stringify(open)}`).toEqual(expected);
      // The corpus has both outcomes: the test means something.
      if (name === 'vampi') expect(codes).toContain(1);
    }
    expect(archbench(['analyze', corpus('vampi'), '--out', out('gate-vampi'), '--fail-on', 'critical', '--format', 'json']).code).toBe(1);
  }, 180_000);

  it('with --baseline reports and gates only on findings the baseline does not know', () => {
    const first = archbench(['analyze', corpus('vampi'), '--out', out('run1'), '--zip', out('run1.zip'), '--fail-on', 'none']);
    expect(first.code).toBe(0);
    for (const baseline of [join(out('run1'), 'findings.json'), out('run1'), out('run1.zip')]) {
      const second = archbench(['analyze', corpus('vampi'), '--out', out('run2'), '--fail-on', 'low', '--baseline', baseline]);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('0 new since the baseline');
    }
    const findings = JSON.parse(readFileSync(join(out('run2'), 'findings.json'), 'utf8'));
    expect(findings.findings.every((f: { baseline: boolean }) => f.baseline)).toBe(true);
    expect(findings.summary.baseline).toMatchObject({ newCount: 0, matched: findings.findings.length });
    const sarif = JSON.parse(readFileSync(join(out('run2'), 'findings.sarif'), 'utf8'));
    expect(new Set(sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState))).toEqual(new Set(['unchanged']));
    expect(readFileSync(join(out('run2'), 'report.html'), 'utf8')).toContain('0 new</span> since the baseline');

    // A baseline that lacks a finding lets that finding gate again.
    const partial = { ...JSON.parse(readFileSync(join(out('run1'), 'findings.json'), 'utf8')) };
    partial.findings = partial.findings.filter((f: { severity: string }) => f.severity !== 'critical');
    writeFileSync(out('partial.json'), JSON.stringify(partial));
    const third = archbench(['analyze', corpus('vampi'), '--out', out('run3'), '--fail-on', 'critical', '--baseline', out('partial.json')]);
    expect(third.code).toBe(1);
    expect(third.stdout).toContain('1 new since the baseline');
  }, 180_000);

  it('compares with the last exported run and records every export in the audit log', () => {
    expect(archbench(['analyze', corpus('threat-dragon'), '--out', out('td1'), '--fail-on', 'none']).code).toBe(0);
    expect(archbench(['analyze', corpus('threat-dragon'), '--out', out('td2'), '--fail-on', 'none']).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out('td2'), 'findings.json'), 'utf8')).summary;
    expect(summary.comparedWith).toMatchObject({ kind: 'export' });
    expect(summary).toMatchObject({ newSinceLastExport: 0, fixedSinceLastExport: 0 });
    const { storePath } = storeLocation(corpus('threat-dragon'), join(home.path, 'data'));
    const db = new Database(storePath, { readonly: true });
    try {
      const rows = db.prepare("SELECT subject, details FROM audit_log WHERE action = 'report.exported' ORDER BY id").all() as Array<{ subject: string; details: string }>;
      const last = rows.at(-1)!;
      expect(last.subject).toBe(out('td2'));
      expect(JSON.parse(last.details)).toMatchObject({ bundleSha256: sha256Hex(readFileSync(join(out('td2'), 'manifest.json'))), runId: expect.any(Number) });
    } finally {
      db.close();
    }
  }, 120_000);

  it('exits 2 with one line for a baseline or output folder it cannot use, and leaves a foreign folder alone', () => {
    const missing = archbench(['analyze', corpus('vampi'), '--out', out('x'), '--baseline', out('nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such baseline/);
    writeFileSync(out('garbage.json'), '[1, 2');
    expect(archbench(['analyze', corpus('vampi'), '--out', out('x'), '--baseline', out('garbage.json')]).stderr).toMatch(/not valid JSON/);
    mkdirSync(out('someones-folder'));
    writeFileSync(join(out('someones-folder'), 'notes.txt'), 'mine');
    const refused = archbench(['analyze', corpus('vampi'), '--out', out('someones-folder'), '--fail-on', 'none', '--format', 'json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not an Archbench bundle/);
    expect(readdirSync(out('someones-folder'))).toEqual(['notes.txt']);
  }, 120_000);

  it('replaces an earlier bundle whole: no stale file survives', () => {
    expect(archbench(['analyze', corpus('vampi'), '--out', out('swap'), '--fail-on', 'none']).code).toBe(0);
    expect(existsSync(join(out('swap'), 'report.html'))).toBe(true);
    expect(archbench(['analyze', corpus('vampi'), '--out', out('swap'), '--fail-on', 'none', '--format', 'sarif']).code).toBe(0);
    expect(readdirSync(out('swap')).sort()).toEqual(['findings.sarif', 'manifest.json']);
    expect(readdirSync(home.path).filter((n) => n.includes('archbench-tmp') || n.includes('archbench-old'))).toEqual([]);
  }, 120_000);

  it.skipIf(!existsSync(CHROMIUM))('prints report.pdf with Chromium when asked', () => {
    const result = archbench(['analyze', corpus('vampi'), '--out', out('pdf'), '--fail-on', 'none', '--format', 'html,pdf']);
    expect(result.code, result.stderr).toBe(0);
    const pdf = readFileSync(join(out('pdf'), 'report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(50_000);
    const manifest = JSON.parse(readFileSync(join(out('pdf'), 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(['report.html', 'report.pdf']);
    expect(archbench(['verify', out('pdf')]).code).toBe(0);
  }, 120_000);

  it('skips report.pdf with a note (stdout and manifest) when there is no Chromium', () => {
    const result = archbench(['analyze', corpus('vampi'), '--out', out('nopdf'), '--fail-on', 'none', '--pdf'], { ARCHBENCH_CHROMIUM: out('no-chromium-here') });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/note: report\.pdf skipped: no Chromium found/);
    expect(existsSync(join(out('nopdf'), 'report.pdf'))).toBe(false);
    expect(existsSync(join(out('nopdf'), 'report.html'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out('nopdf'), 'manifest.json'), 'utf8')).skipped).toEqual([{ path: 'report.pdf', reason: expect.stringMatching(/no Chromium/) }]);
  }, 120_000);
});
