import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pascalCase, relativeUri, sarifLevel, toSarif } from '../../../main/bundle/sarif.js';
import { tempDir } from '../../support/temp.js';
import { fixtureReport } from './fixture-data.js';
import { multitoolUnavailable, validateSarif } from './sarif-multitool.js';

const dir = tempDir('archbench-sarif-');
afterAll(() => dir.cleanup());
writeFileSync(join(dir.path, 'docker-compose.yml'), Array.from({ length: 20 }, (_, i) => `line ${i + 1}: token: abcdef${i}`).join('\n'));

type Sarif = { $schema: string; version: string; runs: Array<{ tool: { driver: { name: string; rules: any[] } }; results: any[]; originalUriBaseIds: Record<string, { uri: string }> }> };

describe('findings.sarif', () => {
  const data = fixtureReport({ root: dir.path });
  const sarif = toSarif({ ...data, baseline: { source: 'old.json', known: 1, matched: 1, newCount: 3, gone: 0 }, findings: data.findings.map((f, i) => ({ ...f, baseline: i === 2 })) }) as Sarif;
  const run = sarif.runs[0];

  it('is SARIF 2.1.0 with every rule described for code scanning', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    const auth = run.tool.driver.rules.find((r) => r.id === 'sec.fixture-auth');
    expect(auth).toMatchObject({
      name: 'EndpointWithoutAuthentication',
      shortDescription: { text: 'Endpoint without authentication.' },
      helpUri: 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '8.0', tags: expect.arrayContaining(['security', 'external/cwe/cwe-306']) },
    });
    expect(auth.help.markdown).toContain('### Remediation');
    expect(auth.help.text).toContain('Remediation: Declare a security scheme.');
    // A rule the registry does not know still gets an entry, so every ruleIndex resolves.
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(run.tool.driver.rules.find((r) => r.id === 'rel.fixture-timeout').properties['security-severity']).toBeUndefined();
  });

  it('points at files relative to %SRCROOT% with regions, snippets, related locations and stable fingerprints', () => {
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    const first = run.results[0];
    expect(first.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'docker-compose.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 3 },
      contextRegion: { startLine: 6, endLine: 10 },
    });
    expect(first.locations[0].physicalLocation.region.snippet.text).toMatch(/token: ‹redacted/);
    expect(first.partialFingerprints).toEqual({ 'archbench/v1': '0123456789abcdef0123456789abcdef' });
    expect(first.message.text).toMatch(/\.$/);
    expect(run.results[1].relatedLocations[0]).toMatchObject({ id: 1, physicalLocation: { artifactLocation: { uri: 'api.yaml' } } });
  });

  it('records risk decisions as external suppressions and the baseline state', () => {
    const accepted = run.results.find((r) => r.partialFingerprints['archbench/v1'] === 'fedcba9876543210fedcba9876543210');
    expect(accepted.suppressions).toEqual([expect.objectContaining({ kind: 'external', status: 'accepted', justification: expect.stringContaining('Internal only') })]);
    expect(run.results[0].suppressions).toBeUndefined();
    expect(run.results.map((r) => r.baselineState)).toEqual(['new', 'new', 'unchanged', 'new']);
  });

  it('encodes paths as URI references and names rules in Pascal case', () => {
    expect(relativeUri('"><img src=x onerror=alert(2)>.yaml')).toBe('%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E.yaml');
    expect(relativeUri('a b/c#d.yaml')).toBe('a%20b/c%23d.yaml');
    expect(pascalCase('503 response without Retry-After')).toBe('Status503ResponseWithoutRetryAfter');
    expect(pascalCase('Response exposes a password or secret')).toBe('ResponseExposesPasswordOrSecret');
    expect(pascalCase("char(n) column breaks the schema's naming")).toBe('CharnColumnBreaksSchemasNaming');
    expect(sarifLevel('critical')).toBe('error');
    expect(sarifLevel('medium')).toBe('warning');
    expect(sarifLevel('info')).toBe('note');
  });

  it.skipIf(!!multitoolUnavailable())('passes the SARIF multitool without errors or warnings', { timeout: 180_000 }, () => {
    const file = join(dir.path, 'fixture.sarif');
    writeFileSync(file, JSON.stringify(sarif, null, 2));
    const result = validateSarif([file]);
    expect(result.completed, result.output).toBe(true);
    expect(result.errors, result.output).toEqual([]);
    expect(result.warnings, result.output).toEqual([]);
  });
});
