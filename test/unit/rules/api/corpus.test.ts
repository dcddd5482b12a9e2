// Acceptance on real files read in place from ../shared/corpus: VAmPI, Twilio, SWAPI GraphQL, the microservices demo protos.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runRules } from '../../../../main/analysis/engine.js';
import type { RuleContext } from '../../../../main/analysis/rule.js';
import { API_RULES } from '../../../../main/analysis/rules/api/index.js';
import type { Finding } from '../../../../shared/model/finding.js';
import { corpus } from '../../../support/paths.js';
import { contextFromFolder } from '../../../support/rule-harness.js';

function runAll(context: RuleContext): Finding[] {
  const result = runRules(API_RULES, context);
  expect(result.failures).toEqual([]);
  return result.findings;
}

function countsByRule(findings: Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

describe('vampi (openapi_specs/openapi3.yml)', () => {
  const file = 'openapi_specs/openapi3.yml';
  let findings: Finding[];
  let lines: string[];
  beforeAll(() => {
    findings = runAll(contextFromFolder(corpus('vampi')));
    lines = readFileSync(join(corpus('vampi'), file), 'utf8').split('\n');
  });
  const at = (ruleId: string, element: string) => findings.filter((finding) => finding.ruleId === ruleId && finding.element === `${file}#${element}`);

  it('reports the unauthenticated debug endpoint that lists users with their passwords', () => {
    const [debug] = at('api.admin-security-distinct', 'GET /users/v1/_debug');
    expect(debug).toMatchObject({ severity: 'critical', location: { file, line: 89 }, owaspApi: 'API5:2023' });
    expect(lines[88 - 1]).toContain('/users/v1/_debug:');
    expect(debug.message).toContain('requires no authentication');
    expect(debug.message).toContain('password');
    const [password] = at('api.response-sensitive-field', 'GET /users/v1/_debug');
    expect(password).toMatchObject({ severity: 'high', location: { line: 114 } });
    expect(lines[114 - 1].trim()).toBe('password:');
    expect(at('api.op-unauthenticated-read', 'GET /users/v1/_debug')[0].location.line).toBe(89);
  });

  it('reports the registration body that accepts undeclared properties, naming the admin flag', () => {
    const [register] = at('api.mass-assignment', 'POST /users/v1/register');
    expect(register).toMatchObject({ severity: 'high', location: { file, line: 131 }, owaspApi: 'API3:2023' });
    expect(lines[131 - 1].trim()).toBe('schema:');
    expect(register.message).toBe('POST /users/v1/register accepts properties not declared in its schema (no `additionalProperties: false`): clients can set fields such as admin (returned by GET /users/v1/_debug).');
  });

  it('reports the missing rate limiting on login', () => {
    const [login] = at('api.429-declared', 'POST /users/v1/login');
    expect(login).toMatchObject({ severity: 'high', location: { file, line: 183 } });
    expect(lines[163 - 1].trim()).toBe('post:');
    expect(lines[183 - 1].trim()).toBe('responses:');
    expect(login.message).toContain('login operation open to anonymous callers and declares no 429');
  });

  it('also reports the GET that populates the database and the plain-HTTP local server', () => {
    expect(at('api.safe-method-side-effect', 'GET /createdb')[0].location.line).toBe(17);
    expect(findings.find((finding) => finding.ruleId === 'api.http-server')).toMatchObject({ severity: 'low', location: { line: 7 } });
    // Login and the admin-only delete are secured or exempt: no unauthenticated-write finding anywhere in VAmPI.
    expect(findings.filter((finding) => finding.ruleId === 'api.op-unauthenticated-write')).toEqual([]);
    console.log('vampi', findings.length, 'findings', countsByRule(findings));
  });
});

describe('twilio_api_v2010.yaml', () => {
  it('runs the whole API rule set without failures', () => {
    const context = contextFromFolder(corpus('twilio-openapi'));
    const started = performance.now();
    const result = runRules(API_RULES, context);
    const millis = performance.now() - started;
    expect(result.failures).toEqual([]);
    console.log(`twilio: ${API_RULES.length} rules in ${millis.toFixed(0)} ms, ${result.findings.length} findings`, countsByRule(result.findings));
  });
});

describe('swapi-graphql', () => {
  let findings: Finding[];
  beforeAll(() => { findings = runAll(contextFromFolder(corpus('swapi-graphql'))); });

  it('finds no unpaginated lists: every object list sits in a Relay connection paged by first/after/last/before', () => {
    expect(findings.filter((finding) => finding.ruleId === 'graphql.list-pagination')).toEqual([]);
    expect(findings.filter((finding) => finding.ruleId === 'graphql.debug-field')).toEqual([]);
  });

  it('reports the 12 root fields without a description; node has one', () => {
    const undocumented = findings.filter((finding) => finding.ruleId === 'graphql.operation-description');
    expect(undocumented).toHaveLength(12);
    expect(undocumented.map((finding) => finding.element)).not.toContain('schema.graphql#Query.node');
    expect(undocumented.find((finding) => finding.element === 'schema.graphql#Query.allFilms')?.location).toMatchObject({ file: 'schema.graphql', line: 644 });
  });
});

describe('microservices-demo protos', () => {
  it('reports ListProducts, which returns every product in one message', () => {
    const findings = runAll(contextFromFolder(corpus('microservices-demo')));
    const list = findings.filter((finding) => finding.ruleId === 'proto.list-pagination');
    expect(list.map((finding) => finding.element)).toContain('protos/demo.proto#hipstershop.ProductCatalogService/ListProducts');
    expect(list.find((finding) => finding.element.endsWith('/ListProducts'))?.location).toMatchObject({ file: 'protos/demo.proto', line: 72 });
  });
});
