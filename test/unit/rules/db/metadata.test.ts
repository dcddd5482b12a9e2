// Every database rule carries the metadata rule docs, SARIF and reports are generated from, and is registered.
import { describe, expect, it } from 'vitest';
import { allRules } from '../../../../main/analysis/registry.js';
import { DB_RULES } from '../../../../main/analysis/rules/db/index.js';
import { runRules } from '../../../../main/analysis/engine.js';
import { emptyModel } from '../../../../shared/model/model.js';

describe('database rule metadata', () => {
  it('has at least 35 rules with unique ids, all registered with the built-in rules', () => {
    const ids = DB_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(35);
    const registered = new Set(allRules().map((rule) => rule.id));
    for (const id of ids) expect(registered.has(id)).toBe(true);
  });

  it.each(DB_RULES.map((rule) => [rule.id, rule] as const))('%s is fully described', (_id, rule) => {
    expect(rule.id).toMatch(/^(db|mig)\.[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(['data', 'security', 'reliability']).toContain(rule.category);
    expect(['critical', 'high', 'medium', 'low', 'info']).toContain(rule.severity);
    expect(rule.stride).toMatch(/^[STRIDE]$/);
    expect(rule.cwe).toBeGreaterThan(0);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(80);
    expect(rule.remediation.length).toBeGreaterThan(30);
    expect(rule.references.length).toBeGreaterThan(0);
    for (const reference of rule.references) expect(reference).toMatch(/^https:\/\//);
    if (rule.owaspApi) expect(rule.owaspApi).toMatch(/^API([1-9]|10):2023$/);
  });

  it('does nothing without a replayed database', () => {
    const result = runRules(DB_RULES, { model: emptyModel(), readText: () => undefined });
    expect(result).toMatchObject({ findings: [], failures: [] });
  });
});
