import type { Rule } from '../../rule.js';

/** OpenAPI, GraphQL and proto rules. */
export const API_RULES: readonly Rule[] = [];
