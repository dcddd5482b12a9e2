import type { Rule } from '../../rule.js';
import { ACCESS_RULES } from './access.js';
import { DATA_CONTRACT_RULES } from './data-contract.js';
import { OPERATIONS_RULES } from './operations.js';

/** Cross-artifact rules: spec <-> table <-> workload <-> topology (RULES.md 5.5). */
export const CROSS_RULES: readonly Rule[] = [...ACCESS_RULES, ...DATA_CONTRACT_RULES, ...OPERATIONS_RULES];
