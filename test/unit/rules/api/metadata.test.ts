// Every API rule carries the metadata the rule docs, SARIF and reports are generated from.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULES } from '../../../../main/analysis/rules/index.js';
import { API_RULES } from '../../../../main/analysis/rules/api/index.js';
import { SEVERITIES } from '../../../../shared/model/finding.js';

describe('API rule metadata', () => {
  it('has at least 45 OpenAPI rules plus GraphQL and proto rules, with unique ids, all registered', () => {
    const ids = API_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('api.')).length).toBeGreaterThanOrEqual(45);
    expect(ids.some((id) => id.startsWith('graphql.'))).toBe(true);
    expect(ids.some((id) => id.startsWith('proto.'))).toBe(true);
    for (const rule of API_RULES) expect(BUILT_IN_RULES).toContain(rule);
  });

  it.each(API_RULES.map((rule) => [rule.id, rule] as const))('%s is fully described', (_id, rule) => {
    expect(rule.id).toMatch(/^(api|graphql|proto)\.[a-zA-Z0-9-]+$/);
    expect(['api', 'security', 'reliability']).toContain(rule.category);
    expect(SEVERITIES).toContain(rule.severity);
    expect(rule.title.length).toBeGreaterThan(5);
    expect(rule.rationale.length).toBeGreaterThan(60);
    expect(rule.remediation.length).toBeGreaterThan(30);
    expect(rule.references.length).toBeGreaterThan(0);
    for (const reference of rule.references) expect(reference).toMatch(/^https:\/\//);
    if (rule.owaspApi) expect(rule.owaspApi).toMatch(/^API([1-9]|10):2023$/);
    if (rule.stride) expect('STRIDE').toContain(rule.stride);
    if (rule.category === 'security') expect(rule.cwe ?? rule.owaspApi).toBeDefined();
  });
});
