import type { StoreDatabase } from '../../store/store.js';
import type { RuleFailure } from '../engine.js';
import type { Rule } from '../rule.js';
import { loadCustomRules } from '../custom-rules.js';
import { API_RULES } from './api/index.js';
import { CROSS_RULES } from './cross/index.js';
import { DB_RULES } from './db/index.js';
import { INFRA_RULES } from './infra/index.js';
import { SYSTEM_RULES } from './system/index.js';

/** Every built-in rule. A new rule is one module plus its test, and one entry in its family's index. */
export const BUILT_IN_RULES: readonly Rule[] = [...API_RULES, ...INFRA_RULES, ...SYSTEM_RULES, ...CROSS_RULES, ...DB_RULES];

/** The rules of one run: built-in plus the project's custom SQL rules (with their load errors). */
export function rulesFor(root: string, db: StoreDatabase): { rules: Rule[]; failures: RuleFailure[] } {
  const custom = loadCustomRules(root, db);
  return { rules: [...BUILT_IN_RULES, ...custom.rules], failures: custom.failures };
}
