/**
 * Cross-artifact rules between the API, the database and the infrastructure that runs them (RULES.md 5.5): ports
 * the manifests disagree on, server URLs the Ingress does not serve as written, rate limits nobody enforces,
 * Secrets nobody defines, database passwords shared in compose, and migration locks on tables the API serves.
 */
import type { Rule } from '../../rule.js';
import { hotTableLock } from './hot-table-lock.js';
import { probePortVsServicePort } from './port-contract.js';
import { rateLimitDeclaredNotEnforced } from './rate-limit-contract.js';
import { dbCredentialsPlaintextInCompose, envReferencesUnknownSecret } from './secret-contract.js';
import { serverUrlVsIngress } from './server-contract.js';

export const INFRA_CONTRACT_RULES: readonly Rule[] = [
  probePortVsServicePort, serverUrlVsIngress, rateLimitDeclaredNotEnforced, envReferencesUnknownSecret, dbCredentialsPlaintextInCompose, hotTableLock,
];
