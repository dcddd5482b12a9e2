import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { analyzeFolder } from '../../../main/bundle/analyze.js';
import { sha256Hex } from '../../../main/bundle/manifest.js';
import { verifyBundle } from '../../../main/bundle/verify.js';
import { CORPUS, corpus } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';
import { multitoolUnavailable, validateSarif } from './sarif-multitool.js';

const home = tempDir('archbench-bundles-');
afterAll(() => home.cleanup());
const FOLDERS = readdirSync(CORPUS).sort();
const WHOLE_BUNDLE = ['model.json', 'findings.json', 'findings.sarif', 'report.html', 'report.md', 'threat-model.md', 'reliability-playbook.md', 'diagram.svg', 'manifest.json'];
const sarifFiles: string[] = [];

describe('report bundles of every corpus folder', () => {
  for (const name of FOLDERS) {
    it(`${name}: every file, a manifest that verifies, a zip that round-trips`, async () => {
      const out = join(home.path, name);
      const zip = join(home.path, `${name}.zip`);
      const result = await analyzeFolder({ root: corpus(name), outDir: out, zip, failOn: 'none', dataDir: join(home.path, 'data') });
      const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
      const ownTables = model.tables.filter((t: { system?: boolean }) => !t.system).length;
      const expected = [...WHOLE_BUNDLE, ...(ownTables ? ['erd.svg'] : [])];
      expect(readdirSync(out).sort()).toEqual(expected.sort());
      expect(result.files.at(-1)).toBe('manifest.json');

      // findings.json keeps DESIGN.md's fields.
      const findings = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
      expect(findings.summary).toMatchObject({ total: result.findings.length, bySeverity: expect.any(Object) });
      for (const f of findings.findings) {
        expect(Object.keys(f)).toEqual(expect.arrayContaining(['ruleId', 'severity', 'category', 'title', 'message', 'location', 'element', 'fingerprint', 'status']));
        expect(f.location).toHaveProperty('file');
        expect(f.location).toHaveProperty('line');
      }
      expect(model).toHaveProperty('components');
      expect(model).toHaveProperty('artifacts');

      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toContain('Content-Security-Policy');
      expect(html).not.toMatch(/<script/i);
      // With components, the threat engine's model and the reliability report are in the report, not the fallbacks.
      if (model.components.length) {
        expect(html).toContain('id="threat-list"');
        expect(html).toContain('id="rel-blast"');
        expect(readFileSync(join(out, 'threat-model.md'), 'utf8')).not.toContain('produced no threat model');
      }
      expect(readFileSync(join(out, 'diagram.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      sarifFiles.push(join(out, 'findings.sarif'));

      // The manifest pins every file; the bundle hash is the manifest's hash.
      const manifestBytes = readFileSync(join(out, 'manifest.json'));
      expect(result.bundle.bundleHash).toBe(sha256Hex(manifestBytes));
      const manifest = JSON.parse(manifestBytes.toString('utf8'));
      expect(manifest).toMatchObject({ tool: 'archbench', ruleSetVersion: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), project: expect.any(String) });
      expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(expected.filter((f) => f !== 'manifest.json').sort());
      expect(await verifyBundle(out)).toMatchObject({ ok: true, problems: [] });

      // The zip holds the same bytes and verifies on its own.
      const entries = unzipSync(readFileSync(zip));
      expect(Object.keys(entries).sort()).toEqual(expected.sort());
      for (const file of expected) expect(Buffer.from(entries[file]).equals(readFileSync(join(out, file))), file).toBe(true);
      expect(await verifyBundle(zip)).toMatchObject({ ok: true });
      // Nothing was written into the read-only corpus folder.
      expect(existsSync(join(corpus(name), '.archbench'))).toBe(false);
    }, 180_000);
  }

  it('detects a tampered, a missing and an extra file', async () => {
    const out = join(home.path, 'vampi');
    const report = join(out, 'report.md');
    const original = readFileSync(report);
    writeFileSync(report, Buffer.concat([original, Buffer.from('\nall good, trust me\n')]));
    writeFileSync(join(out, 'extra.txt'), 'x');
    const result = await verifyBundle(out);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(expect.arrayContaining(['changed: report.md (SHA-256 differs from manifest.json)', 'not in manifest: extra.txt']));
  });

  it.skipIf(!!multitoolUnavailable())('every findings.sarif passes the SARIF multitool with no error and no warning', () => {
    expect(sarifFiles.length).toBe(FOLDERS.length);
    const result = validateSarif(sarifFiles);
    expect(result.completed, result.output).toBe(true);
    expect(result.errors, result.output).toEqual([]);
    expect(result.warnings, result.output).toEqual([]);
    expect(result.output).toContain(`Done. ${FOLDERS.length} files scanned.`);
  }, 180_000);
});
