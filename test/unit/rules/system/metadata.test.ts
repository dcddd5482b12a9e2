// Metadata of the system and cross-artifact rule families: complete, unique, registered.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULES } from '../../../../main/analysis/rules/index.js';
import { CROSS_RULES } from '../../../../main/analysis/rules/cross/index.js';
import { SYSTEM_RULES } from '../../../../main/analysis/rules/system/index.js';
import { RULE_OF_KIND } from '../../../../main/threat/issues.js';
import { SEVERITIES } from '../../../../shared/model/finding.js';

const FAMILY = [...SYSTEM_RULES, ...CROSS_RULES];

describe('system and cross-artifact rule metadata', () => {
  it('has unique ids, all registered among the built-in rules', () => {
    const ids = FAMILY.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(SYSTEM_RULES.length).toBe(17);
    expect(CROSS_RULES.length).toBe(19);
    for (const rule of FAMILY) expect(BUILT_IN_RULES).toContain(rule);
    expect(new Set(BUILT_IN_RULES.map((rule) => rule.id)).size).toBe(BUILT_IN_RULES.length);
  });

  it.each(FAMILY.map((rule) => [rule.id, rule] as const))('%s is fully described', (_id, rule) => {
    expect(rule.id).toMatch(/^(sys|x)\.[a-z0-9-]+$/);
    expect(['security', 'reliability', 'data', 'api']).toContain(rule.category);
    expect(SEVERITIES).toContain(rule.severity);
    expect(['S', 'T', 'R', 'I', 'D', 'E']).toContain(rule.stride);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(100);
    expect(rule.remediation.length).toBeGreaterThan(40);
    expect(rule.references.length).toBeGreaterThan(0);
    for (const reference of rule.references) expect(reference).toMatch(/^https:\/\//);
    if (rule.owaspApi) expect(rule.owaspApi).toMatch(/^API([1-9]|10):2023$/);
  });

  it('shares fingerprints with threats through rule ids that exist', () => {
    const ids = new Set(SYSTEM_RULES.map((rule) => rule.id));
    for (const rule of Object.values(RULE_OF_KIND)) expect(ids.has(rule), rule).toBe(true);
  });
});
