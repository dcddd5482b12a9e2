import type { Rule } from '../../rule.js';
import { ACCESS_RULES } from './access.js';
import { DATA_CONTRACT_RULES } from './data-contract.js';
import { GRAPHQL_PROTO_CROSS_RULES } from './graphql-proto.js';
import { INFRA_CONTRACT_RULES } from './infra-contract.js';
import { OPERATIONS_RULES } from './operations.js';

/** Cross-artifact rules: spec <-> table <-> workload <-> topology (RULES.md 5.5). */
export const CROSS_RULES: readonly Rule[] = [...ACCESS_RULES, ...DATA_CONTRACT_RULES, ...OPERATIONS_RULES, ...GRAPHQL_PROTO_CROSS_RULES, ...INFRA_CONTRACT_RULES];
