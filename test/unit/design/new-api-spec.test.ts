// design.newApiSpec: an OpenAPI 3.1 skeleton that passes Archbench's own API rules, placed beside the project's specs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRules } from '../../../main/analysis/engine.js';
import { API_RULES } from '../../../main/analysis/rules/api/index.js';
import { apiSpecSkeleton } from '../../../main/design/api-spec.js';
import type { CreatedFile } from '../../../shared/contract/index.js';
import { contextFromFiles } from '../../support/rule-harness.js';
import { tempDir } from '../../support/temp.js';
import { openProject } from './helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('the API spec skeleton', () => {
  for (const name of ['Orders API', 'billing', 'Customer Accounts']) {
    it(`"${name}" reads without diagnostics and has no high or medium API findings`, () => {
      const context = contextFromFiles({ 'api/spec.yaml': apiSpecSkeleton(name) });
      expect(context.model.diagnostics).toEqual([]);
      expect(context.model.endpoints.map((e) => e.method).sort()).toEqual(['GET', 'GET', 'POST']);
      const result = runRules(API_RULES, context);
      expect(result.failures).toEqual([]);
      const serious = result.findings.filter((f) => f.severity === 'critical' || f.severity === 'high' || f.severity === 'medium');
      expect(serious.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
      // What remains is advice that depends on the API's audience (CORS for browser clients).
      expect(result.findings.map((f) => f.ruleId)).toEqual(['api.cors-origin-declared']);
    });
  }

  it('declares the whole error contract as problem+json, 429 and 503 with Retry-After', () => {
    const text = apiSpecSkeleton('Orders API');
    for (const status of ['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'UnprocessableContent', 'TooManyRequests', 'InternalError', 'ServiceUnavailable']) {
      expect(text).toMatch(new RegExp(`\\n    ${status}:\\n(.*\\n)*?        application/problem\\+json:`));
    }
    expect(text).toMatch(/TooManyRequests:\n.*\n      headers:\n        Retry-After:/);
    expect(text).toContain('format: uuid');
    expect(text).toContain('name: Idempotency-Key');
    expect(text).toContain('maxItems: 100');
  });
});

describe('design.newApiSpec', () => {
  it('writes beside the existing specs, never overwrites, and links the spec to a component', async () => {
    const dir = tempDir('archbench-spec-');
    cleanups.push(dir.cleanup);
    mkdirSync(join(dir.path, 'openapi'));
    writeFileSync(join(dir.path, 'openapi', 'pets.yaml'), 'openapi: 3.1.0\ninfo: { title: Pets, version: "1" }\npaths: {}\n');
    writeFileSync(join(dir.path, 'docker-compose.yml'), 'services:\n  orders:\n    image: example/orders:1.0.0\n');
    writeFileSync(join(dir.path, 'archbench.yaml'), '# mine\nversion: 1\n');
    const opened = await openProject(dir.path, cleanups);
    const first = await opened.wb.invoke('design.newApiSpec', { name: 'Orders API' }) as CreatedFile;
    expect(first.path).toBe('openapi/orders-api.yaml');
    expect(readFileSync(join(dir.path, first.path), 'utf8').split('\n')[first.line - 1]).toBe('  /orders:');
    const second = await opened.wb.invoke('design.newApiSpec', { name: 'Orders API', component: 'orders' }) as CreatedFile;
    expect(second.path).toBe('openapi/orders-api-2.yaml');
    expect(readFileSync(join(dir.path, 'archbench.yaml'), 'utf8')).toBe('# mine\nversion: 1\napis:\n  - spec: openapi/orders-api-2.yaml\n    component: orders\n');
    expect(await opened.wb.invoke('design.state', {})).toMatchObject({ canUndo: true, undoLabel: 'Link openapi/orders-api-2.yaml to orders' });
    await expect(opened.wb.invoke('design.newApiSpec', { name: 'Ghost', component: 'ghost' })).rejects.toMatchObject({ code: 'invalid-args' });
    expect(opened.wb.project()!.artifacts.all().map((a) => a.path)).not.toContain('openapi/ghost.yaml');
  });

  it('uses api/ when the project has no spec yet', async () => {
    const dir = tempDir('archbench-spec-');
    cleanups.push(dir.cleanup);
    const opened = await openProject(dir.path, cleanups, { analyse: false });
    const created = await opened.wb.invoke('design.newApiSpec', { name: 'Billing' }) as CreatedFile;
    expect(created.path).toBe('api/billing.yaml');
    expect(opened.wb.project()!.artifacts.get('api/billing.yaml')).toMatchObject({ kind: 'openapi' });
  });
});
