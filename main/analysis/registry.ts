import type { RuleMeta } from '../../shared/model/finding.js';
import { BUILT_IN_RULES } from './rules/index.js';

export { SEVERITIES, type Severity, type RuleMeta } from '../../shared/model/finding.js';

/** Metadata of every built-in rule, in id order (the `rules` command, rule docs, SARIF). */
export function allRules(): RuleMeta[] {
  return BUILT_IN_RULES.map(({ check: _check, ...meta }) => meta).sort((a, b) => a.id.localeCompare(b.id));
}
