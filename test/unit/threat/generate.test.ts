// The synthetic system generator and the scale of the system analysis on it (1,000 components, 3,000 flows).
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../main/analysis/engine.js';
import { CROSS_RULES } from '../../../main/analysis/rules/cross/index.js';
import { SYSTEM_RULES } from '../../../main/analysis/rules/system/index.js';
import { analyseReliability, buildThreatModel, generateSystem } from '../../../main/threat/index.js';

describe('generateSystem', () => {
  it('builds the requested size, deterministically for a seed', () => {
    const model = generateSystem(1000, 3000, 7);
    expect(model.components).toHaveLength(1000);
    expect(model.flows).toHaveLength(3000);
    expect(new Set(model.flows.map((flow) => flow.id)).size).toBe(3000);
    expect(JSON.stringify(generateSystem(50, 120, 3))).toBe(JSON.stringify(generateSystem(50, 120, 3)));
    expect(JSON.stringify(generateSystem(50, 120, 3))).not.toBe(JSON.stringify(generateSystem(50, 120, 4)));
  });

  it('analyses 1,000 components and 3,000 flows in well under the budget', () => {
    const model = generateSystem(1000, 3000, 42);
    const started = performance.now();
    const threats = buildThreatModel(model);
    const reliability = analyseReliability(model);
    const elapsed = performance.now() - started;
    const findings = runRules([...SYSTEM_RULES, ...CROSS_RULES], { model, readText: () => undefined });
    expect(findings.failures).toEqual([]);
    expect(threats.entryPoints.length).toBeGreaterThan(0);
    expect(threats.attackPaths.length).toBeGreaterThan(0);
    expect(reliability.components).toHaveLength(1000);
    // The target is 2 s on an idle machine; the bound leaves room for a loaded CI box.
    expect(elapsed).toBeLessThan(8000);
  });
});
