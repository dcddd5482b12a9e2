// Every infra rule is silent on manifests written the way the rules ask for: the false-positive guard.
import { describe, expect, it } from 'vitest';
import { allRules } from '../../../../main/analysis/registry.js';
import { INFRA_RULES } from '../../../../main/analysis/rules/infra/index.js';
import { contextFromFiles, findingsOf } from '../../../support/rule-harness.js';
import { GOOD_COMPOSE, GOOD_JOBS, GOOD_K8S } from './support.js';

describe('infra rules on hardened baselines', () => {
  it('report nothing for a hardened Kubernetes app, Job and CronJob', () => {
    const findings = findingsOf(INFRA_RULES, contextFromFiles({ 'k8s/shop.yaml': GOOD_K8S, 'k8s/jobs.yaml': GOOD_JOBS }));
    expect(findings.map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.line} ${finding.message}`)).toEqual([]);
  });

  it('report nothing for a hardened compose app', () => {
    const findings = findingsOf(INFRA_RULES, contextFromFiles({ 'docker-compose.yml': GOOD_COMPOSE }));
    expect(findings.map((finding) => `${finding.ruleId} ${finding.location.file}:${finding.location.line} ${finding.message}`)).toEqual([]);
  });
});

describe('infra rule metadata', () => {
  it('every rule has complete metadata and a unique id in the dotted style', () => {
    const ids = INFRA_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(40);
    for (const rule of INFRA_RULES) {
      expect(rule.id).toMatch(/^(infra|sec)\.[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.category).toBe(rule.id.startsWith('sec.') ? 'security' : 'reliability');
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(rule.severity);
      expect(rule.stride).toMatch(/^[STRIDE]$/);
      expect(rule.cwe).toBeGreaterThan(0);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.rationale.length).toBeGreaterThan(80);
      expect(rule.remediation.length).toBeGreaterThan(30);
      expect(rule.references.length).toBeGreaterThan(0);
      for (const reference of rule.references) expect(reference).toMatch(/^https:\/\//);
    }
  });

  it('every rule is registered with the built-in rules', () => {
    const registered = new Set(allRules().map((rule) => rule.id));
    for (const rule of INFRA_RULES) expect(registered.has(rule.id)).toBe(true);
  });
});
