import type { Rule } from '../../rule.js';

/** Compose and Kubernetes reliability and security rules. */
export const INFRA_RULES: readonly Rule[] = [];
