import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failsGate } from '../../../main/bundle/analyze.js';
import { applyBaseline, BaselineError, readBaseline } from '../../../main/bundle/baseline.js';
import { zipBundle } from '../../../main/bundle/zip.js';
import { tempDir } from '../../support/temp.js';
import { fixtureFindings } from './fixture-data.js';

const dir = tempDir('archbench-baseline-');
afterAll(() => dir.cleanup());
const at = (name: string) => join(dir.path, name);

const findingsJson = JSON.stringify({ findings: [{ fingerprint: '0123456789abcdef0123456789abcdef' }, { fingerprint: 'dddddddddddddddddddddddddddddddd' }], summary: {} });
const sarif = JSON.stringify({ version: '2.1.0', runs: [{ results: [{ partialFingerprints: { 'archbench/v1': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' } }] }] });

describe('--baseline', () => {
  it('reads fingerprints from findings.json, a bundle folder, a bundle zip or a SARIF log', () => {
    writeFileSync(at('findings.json'), findingsJson);
    mkdirSync(at('bundle'));
    writeFileSync(at('bundle/findings.json'), findingsJson);
    writeFileSync(at('bundle.zip'), zipBundle(new Map([['findings.json', Buffer.from(findingsJson)], ['manifest.json', Buffer.from('{}')]])));
    mkdirSync(at('sarif-only'));
    writeFileSync(at('sarif-only/findings.sarif'), sarif);
    writeFileSync(at('scan.sarif'), sarif);
    for (const source of ['findings.json', 'bundle', 'bundle.zip']) {
      expect([...readBaseline(at(source)).fingerprints].sort(), source).toEqual(['0123456789abcdef0123456789abcdef', 'dddddddddddddddddddddddddddddddd']);
    }
    expect([...readBaseline(at('sarif-only')).fingerprints]).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
    expect([...readBaseline(at('scan.sarif')).fingerprints]).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
  });

  it('says clearly what is wrong with a baseline it cannot use', () => {
    writeFileSync(at('broken.json'), '{ nope');
    writeFileSync(at('other.json'), '{"hello": 1}');
    mkdirSync(at('empty'));
    expect(() => readBaseline(at('nowhere.json'))).toThrow(/no such baseline/);
    expect(() => readBaseline(at('broken.json'))).toThrow(/not valid JSON/);
    expect(() => readBaseline(at('other.json'))).toThrow(/neither an Archbench findings.json/);
    expect(() => readBaseline(at('empty'))).toThrow(/has no findings.json or findings.sarif/);
    expect(() => readBaseline(at('empty'))).toThrow(BaselineError);
  });

  it('marks known findings, counts new and gone ones, and gates only on the new', () => {
    const findings = fixtureFindings();
    const { findings: marked, summary } = applyBaseline(findings, { source: 'old', fingerprints: new Set(['0123456789abcdef0123456789abcdef', 'dddddddddddddddddddddddddddddddd']) });
    expect(marked.map((f) => f.baseline)).toEqual([true, false, false, false]);
    expect(summary).toEqual({ source: 'old', known: 2, matched: 1, newCount: 3, gone: 1 });
    // The open high finding is in the baseline; the critical one is accepted: nothing new reaches high.
    expect(failsGate(findings, 'high')).toBe(true);
    expect(failsGate(marked, 'high')).toBe(false);
    expect(failsGate(marked, 'medium')).toBe(true);
    expect(failsGate(marked, 'none')).toBe(false);
  });
});
