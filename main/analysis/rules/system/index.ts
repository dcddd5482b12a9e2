import type { Rule } from '../../rule.js';
import { RELIABILITY_SYSTEM_RULES } from './reliability.js';
import { SECURITY_SYSTEM_RULES } from './security.js';

/** System-level rules: threats and reliability over paths, chains and boundaries of the whole model (main/threat). */
export const SYSTEM_RULES: readonly Rule[] = [...SECURITY_SYSTEM_RULES, ...RELIABILITY_SYSTEM_RULES];
