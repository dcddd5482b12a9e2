// The threat model on the sample project (compose + OpenAPI + archbench.yaml) and on small in-memory systems:
// entry points, crown jewels, attack paths and their missing controls, mitigated threats, fingerprints shared
// with the system rules, and archbench.yaml risk decisions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../main/analysis/engine.js';
import { SYSTEM_RULES } from '../../../main/analysis/rules/system/index.js';
import { buildThreatModel } from '../../../main/threat/index.js';
import { contextFromFiles, type ProjectFiles } from '../../support/rule-harness.js';
import { REPO_ROOT } from '../../support/paths.js';

function sampleFiles(): ProjectFiles {
  const root = join(REPO_ROOT, 'resources', 'sample-project');
  const files: ProjectFiles = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

describe('threat model of the sample project', () => {
  const files = sampleFiles();
  const context = contextFromFiles(files);
  const model = buildThreatModel(context.model, { today: new Date('2026-01-01') });

  it('finds the entry points (the gateway and the published Postgres port) and the crown jewel', () => {
    expect(model.entryPoints).toEqual(['gateway', 'orders-db']);
    expect(model.crownJewels).toEqual(['orders-db']);
    expect(model.entryPointDetails?.find((entry) => entry.component === 'orders-db')?.reasons).toEqual(['published port 5432 on all interfaces']);
  });

  it('walks the shortest attack paths and names the controls missing on them', () => {
    const direct = model.attackPaths.find((path) => path.id === 'orders-db=>orders-db')!;
    expect(direct).toMatchObject({ components: ['orders-db'], flows: [], severity: 'high', targetClassification: { classification: 'confidential', source: 'archbench.yaml', assumed: false } });
    expect(direct.missingControls.map((missing) => missing.message)).toEqual(['orders-db is exposed directly (published port 5432) with no gateway in front']);
    const viaGateway = model.attackPaths.find((path) => path.id === 'gateway=>orders-db')!;
    expect(viaGateway.components).toEqual(['gateway', 'orders-api', 'orders-db']);
    expect(viaGateway.flows).toEqual(['gateway->orders-api', 'orders-api->orders-db']);
    // The gateway is the guard; orders-api requires bearerAuth and the database URL carries credentials.
    expect(viaGateway.missingControls).toEqual([]);
    expect(viaGateway.severity).toBe('low');
  });

  it('raises STRIDE threats with evidence, likelihood and impact from the files and archbench.yaml', () => {
    const exposed = model.threats.find((threat) => threat.id === 'E:orders-db:unguarded-internet-access')!;
    expect(exposed).toMatchObject({ stride: 'E', status: 'open', likelihood: 'very-high', impact: 'very-high', severity: 'critical', cwe: 501, elementType: 'component' });
    expect(exposed.location).toMatchObject({ file: 'docker-compose.yml', line: files['docker-compose.yml'].split('\n').indexOf('      - "5432:5432"') + 1 });
    const propagation = model.threats.find((threat) => threat.kind === 'identity-not-propagated' && threat.element === 'orders-api->payments-api')!;
    expect(propagation.description).toContain('authenticates end users (bearerAuth on GET /orders and 3 more)');
    expect(Object.values(model.summary).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  });

  it('lists threats the files mitigate with their controls, and does not count them as open', () => {
    const database = model.threats.find((threat) => threat.kind === 'unauthenticated-flow' && threat.element === 'orders-api->orders-db')!;
    expect(database).toMatchObject({ status: 'mitigated', controls: ['credentials in env:DATABASE_URL'] });
    const psp = model.threats.find((threat) => threat.kind === 'plaintext-flow' && threat.element === 'payments-api->psp')!;
    expect(psp).toMatchObject({ status: 'mitigated', controls: ['encrypted protocol https'], likelihood: 'low' });
    const gateway = model.threats.find((threat) => threat.kind === 'unauthenticated-flow' && threat.element === 'gateway->orders-api')!;
    expect(gateway.controls).toEqual(['orders-api requires bearerAuth on its endpoints']);
  });

  it('fingerprints a threat like the finding of the system rule that raises it', () => {
    const findings = runRules(SYSTEM_RULES, context).findings;
    const finding = findings.find((candidate) => candidate.ruleId === 'sys.unguarded-internet-access' && candidate.element === 'orders-db')!;
    const threat = model.threats.find((candidate) => candidate.kind === 'unguarded-internet-access' && candidate.element === 'orders-db')!;
    expect(threat.fingerprint).toBe(finding.fingerprint);
    expect(threat.ruleId).toBe('sys.unguarded-internet-access');
  });

  it('applies archbench.yaml risk decisions by rule and element, until they expire', () => {
    const accept = (expires: string) => ({
      ...files,
      'archbench.yaml': files['archbench.yaml'].replace('risks: []', `risks:\n  - rule: sys.unguarded-internet-access\n    element: orders-db\n    status: accepted\n    justification: local only\n    expires: ${expires}\n`),
    });
    const accepted = buildThreatModel(contextFromFiles(accept('2030-01-01')).model, { today: new Date('2026-01-01') });
    expect(accepted.threats.find((threat) => threat.id === 'E:orders-db:unguarded-internet-access')).toMatchObject({ status: 'accepted', tracking: { justification: 'local only' } });
    const expired = buildThreatModel(contextFromFiles(accept('2025-01-01')).model, { today: new Date('2026-01-01') });
    expect(expired.threats.find((threat) => threat.id === 'E:orders-db:unguarded-internet-access')?.status).toBe('open');
  });
});

describe('threat model of small systems', () => {
  it('treats datastores as confidential when nothing is classified, and says so', () => {
    const model = buildThreatModel(contextFromFiles({
      'docker-compose.yml': 'services:\n  web:\n    image: shop/web:1\n    ports: ["80:8080"]\n    environment:\n      DB_URL: postgres://db:5432/x\n  db:\n    image: postgres:16\n',
    }).model);
    expect(model.crownJewels).toEqual(['db']);
    expect(model.attackPaths[0].targetClassification).toMatchObject({ classification: 'confidential', assumed: true });
    expect(model.notes?.[0]).toContain('No data classification is declared');
  });

  it('says when there is no entry point', () => {
    const model = buildThreatModel(contextFromFiles({ 'docker-compose.yml': 'services:\n  api:\n    image: shop/api:1\n' }).model);
    expect(model.entryPoints).toEqual([]);
    expect(model.attackPaths).toEqual([]);
    expect(model.notes?.join('\n')).toContain('No internet entry point is visible');
  });

  it('marks a table reachable without authentication and without RLS, and a table RLS guards as mitigated', () => {
    const context = contextFromFiles({
      'rest.yaml': "openapi: 3.0.3\ninfo: { title: r, version: '1' }\npaths:\n  /rest/v1/notes:\n    get:\n      security: []\n      responses:\n        '200': { description: ok }\n  /rest/v1/todos:\n    get:\n      security: []\n      responses:\n        '200': { description: ok }\n",
    });
    const base = { schema: 'public', columns: [{ name: 'id', type: 'uuid', nullable: false }], indexes: [], foreignKeys: [], source: { file: 'm.sql', line: 1 } };
    context.model.tables.push({ ...base, name: 'notes', rlsEnabled: false }, { ...base, name: 'todos', rlsEnabled: true, policies: [{ name: 'own', command: 'SELECT', permissive: true, roles: ['authenticated'], using: '(auth.uid() = id)' }] });
    const threats = buildThreatModel(context.model).threats.filter((threat) => threat.kind === 'table-without-rls');
    expect(threats.map((threat) => [threat.element, threat.status])).toEqual([['public.notes', 'open'], ['public.todos', 'mitigated']]);
    expect(threats[0].description).toContain('row-level security is disabled');
  });
});
