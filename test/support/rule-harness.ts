import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildModel } from '../../main/ingest/index.js';
import { classifyArtifact } from '../../main/project/classify.js';
import { runRules } from '../../main/analysis/engine.js';
import type { Rule, RuleContext } from '../../main/analysis/rule.js';
import type { Finding } from '../../shared/model/finding.js';

/** Files of a small in-memory project: relative path -> text. */
export type ProjectFiles = Record<string, string>;

/** The rule context for an in-memory project (classified by content, built by the real ingest). */
export function contextFromFiles(files: ProjectFiles): RuleContext {
  const ingestFiles = Object.entries(files).map(([path, text]) => ({ path, text, ...classifyArtifact(path, text) }));
  const readText = (path: string) => files[path];
  return { model: buildModel(ingestFiles, { readText }), readText };
}

/** The rule context for a real folder (a corpus folder read in place). */
export function contextFromFolder(root: string): RuleContext {
  const files: ProjectFiles = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return contextFromFiles(files);
}

/** Run rules (one or several) over a context and return their findings. */
export function findingsOf(rules: Rule | readonly Rule[], context: RuleContext): Finding[] {
  const result = runRules(Array.isArray(rules) ? rules : [rules as Rule], context);
  if (result.failures.length) throw new Error(`rule failed: ${result.failures.map((f) => `${f.ruleId}: ${f.message}`).join('; ')}`);
  return result.findings;
}
