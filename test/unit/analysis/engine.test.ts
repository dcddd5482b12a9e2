import { describe, expect, it } from 'vitest';
import { runRules } from '../../../main/analysis/engine.js';
import { fingerprintOf } from '../../../main/analysis/fingerprint.js';
import type { Rule } from '../../../main/analysis/rule.js';
import { emptyModel, type SystemModel } from '../../../shared/model/model.js';

const model = (): SystemModel => ({
  ...emptyModel(),
  components: [
    { id: 'api', name: 'api', kind: 'service', source: { file: 'docker-compose.yml', line: 4 }, sources: [] },
    { id: 'db', name: 'db', kind: 'datastore', source: { file: 'docker-compose.yml', line: 12 }, sources: [] },
  ],
});

const everyComponent: Rule = {
  id: 'test.every-component', title: 'Every component', category: 'reliability', severity: 'medium',
  rationale: 'r', remediation: 'm', references: [],
  check: ({ model: m }) => m.components.map((c) => ({ element: c.id, message: `${c.id} found`, location: c.source })),
};

const broken: Rule = { ...everyComponent, id: 'test.broken', check: () => { throw new Error('boom'); } };

describe('rule engine', () => {
  it('gives each finding the rule metadata and a fingerprint that ignores the line', () => {
    const first = runRules([everyComponent], { model: model(), readText: () => undefined });
    const moved = model();
    moved.components[0].source = { file: 'docker-compose.yml', line: 40 };
    const second = runRules([everyComponent], { model: moved, readText: () => undefined });
    expect(first.findings.map((f) => f.fingerprint).sort()).toEqual(second.findings.map((f) => f.fingerprint).sort());
    expect(first.findings[0]).toMatchObject({ ruleId: 'test.every-component', severity: 'medium', category: 'reliability', status: 'open', fingerprint: fingerprintOf('test.every-component', 'api') });
  });

  it('reports a rule that throws instead of hiding it, and still runs the others', () => {
    const result = runRules([broken, everyComponent], { model: model(), readText: () => undefined });
    expect(result.failures).toEqual([{ ruleId: 'test.broken', message: 'boom' }]);
    expect(result.findings).toHaveLength(2);
  });

  it('applies risk decisions by fingerprint or by rule and element, and lets expired ones lapse', () => {
    const source = { file: 'archbench.yaml', line: 3 };
    const result = runRules([everyComponent], { model: model(), readText: () => undefined }, {
      today: new Date('2026-11-27'),
      risks: [
        { fingerprint: fingerprintOf('test.every-component', 'api'), status: 'accepted', justification: 'internal only', by: 'ana', expires: '2027-01-01', source },
        { rule: 'test.every-component', element: 'db', status: 'mitigated', justification: 'fixed upstream', expires: '2026-11-01', source },
      ],
    });
    const api = result.findings.find((f) => f.element === 'api')!;
    const db = result.findings.find((f) => f.element === 'db')!;
    expect(api).toMatchObject({ status: 'accepted', tracking: { justification: 'internal only', by: 'ana', source } });
    expect(db.status).toBe('open');
    expect(db.expiredTracking).toMatchObject({ status: 'mitigated', expires: '2026-11-01' });
  });

  it('stops between rules when cancelled', () => {
    let calls = 0;
    const result = runRules([everyComponent, everyComponent, everyComponent].map((r, i) => ({ ...r, id: `r${i}` })), { model: model(), readText: () => undefined }, {
      isCancelled: () => calls++ >= 1,
    });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['r0', 'r0']);
  });
});
