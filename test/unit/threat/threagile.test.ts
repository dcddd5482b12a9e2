// Coverage of Threagile's built-in risk rules on Threagile's own demo model (demo/example/threagile.yaml, read in place).
//
// Mapping, Threagile rule id -> Archbench threat kind (rule that raises it as a finding):
//   unencrypted-communication              -> plaintext-flow              (sys.plaintext-across-boundary, when the flow crosses a boundary)
//   missing-authentication                 -> unauthenticated-flow        (sys.missing-auth-confidential-flow)
//   unguarded-access-from-internet         -> unguarded-internet-access   (sys.unguarded-internet-access; one per component, not per link)
//   unguarded-direct-datastore-access      -> unguarded-datastore-access  (sys.unguarded-datastore-access)
//   missing-network-segmentation           -> missing-segmentation        (sys.missing-network-segmentation)
//   missing-vault                          -> secrets-without-vault       (sys.secrets-without-vault; per component holding secrets)
//   missing-identity-propagation           -> identity-not-propagated     (sys.identity-not-propagated)
//   server-side-request-forgery            -> ssrf                        (sys.ssrf-prone-call, only when the caller's API takes URLs)
//   dos-risky-access-across-trust-boundary -> dos-across-boundary         (threat only)
//   sql-nosql-injection, ldap-injection, search-query-injection -> injection (threat only)
//   unencrypted-asset                      -> unencrypted-at-rest         (threat only; datastores with a declared `encryption`)
//   container-platform-escape              -> privileged-runtime          (threat only; needs privileged / host-namespace evidence)
// Not covered (they judge build pipelines, web-app code or model hygiene the files Archbench reads do not show):
//   accidental-secret-leak, code-backdooring, container-baseimage-backdooring, cross-site-request-forgery, cross-site-scripting,
//   incomplete-model, missing-authentication-second-factor, missing-build-infrastructure, missing-cloud-hardening,
//   missing-file-validation, missing-hardening, missing-identity-provider-isolation, missing-identity-store, missing-vault-isolation,
//   missing-waf, mixed-targets-on-shared-runtime, path-traversal, push-instead-of-pull-deployment, service-registry-poisoning,
//   unchecked-deployment, unnecessary-communication-link, unnecessary-data-asset, unnecessary-data-transfer,
//   unnecessary-technical-asset, untrusted-deserialization, wrong-communication-link-content, wrong-trust-boundary-content,
//   xml-external-entity.
//
// What Threagile raises on this model for the shared categories was derived by applying each rule's detection logic
// (pkg/risks/builtin/<rule>_rule.go) to the model, and cross-checked against a risks.json Threagile generated for an
// earlier revision of the same demo model (published in a third-party repository without a license, so not copied).
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../main/analysis/engine.js';
import { SYSTEM_RULES } from '../../../main/analysis/rules/system/index.js';
import { buildThreatModel } from '../../../main/threat/index.js';
import { contextFromFolder } from '../../support/rule-harness.js';
import { corpus } from '../../support/paths.js';
import { join } from 'node:path';

const MAPPING: Record<string, { kind: string; rule?: string }> = {
  'unencrypted-communication': { kind: 'plaintext-flow', rule: 'sys.plaintext-across-boundary' },
  'missing-authentication': { kind: 'unauthenticated-flow', rule: 'sys.missing-auth-confidential-flow' },
  'unguarded-access-from-internet': { kind: 'unguarded-internet-access', rule: 'sys.unguarded-internet-access' },
  'unguarded-direct-datastore-access': { kind: 'unguarded-datastore-access', rule: 'sys.unguarded-datastore-access' },
  'missing-network-segmentation': { kind: 'missing-segmentation', rule: 'sys.missing-network-segmentation' },
  'missing-vault': { kind: 'secrets-without-vault', rule: 'sys.secrets-without-vault' },
  'missing-identity-propagation': { kind: 'identity-not-propagated', rule: 'sys.identity-not-propagated' },
  'server-side-request-forgery': { kind: 'ssrf', rule: 'sys.ssrf-prone-call' },
  'dos-risky-access-across-trust-boundary': { kind: 'dos-across-boundary' },
  'sql-nosql-injection': { kind: 'injection' },
  'ldap-injection': { kind: 'injection' },
};

/** Threagile's risks on the demo model for the shared categories: rule -> the element Archbench names (component or `from->to` flow). */
const THREAGILE_RISKS: Array<[string, string]> = [
  ['unencrypted-communication', 'load-balancer->apache-webserver'],
  ['unencrypted-communication', 'marketing-cms->ldap-auth-server'],
  ['unencrypted-communication', 'erp-system->sql-database'],
  ['unencrypted-communication', 'erp-system->contract-file-server'],
  ['missing-authentication', 'load-balancer->marketing-cms'],
  ['missing-authentication', 'erp-system->contract-file-server'],
  ['unguarded-access-from-internet', 'git-repo'],
  ['unguarded-access-from-internet', 'jenkins-build-server'],
  ['missing-network-segmentation', 'apache-webserver'],
  ['missing-network-segmentation', 'jenkins-build-server'],
  ['missing-vault', 'erp-system'],
  ['missing-identity-propagation', 'apache-webserver->erp-system'],
  ['server-side-request-forgery', 'apache-webserver->erp-system'],
  ['server-side-request-forgery', 'apache-webserver->identity-provider'],
  ['dos-risky-access-across-trust-boundary', 'apache-webserver'],
  ['dos-risky-access-across-trust-boundary', 'erp-system'],
  ['dos-risky-access-across-trust-boundary', 'identity-provider'],
  ['dos-risky-access-across-trust-boundary', 'ldap-auth-server'],
  ['sql-nosql-injection', 'erp-system->sql-database'],
  ['ldap-injection', 'identity-provider->ldap-auth-server'],
  ['ldap-injection', 'marketing-cms->ldap-auth-server'],
];

/** Risks also raised as findings (the rest are threats only: inside one segment, or no URL inputs for SSRF). */
const AS_FINDINGS: Array<[string, string]> = [
  ['sys.plaintext-across-boundary', 'load-balancer->apache-webserver'],
  ['sys.plaintext-across-boundary', 'marketing-cms->ldap-auth-server'],
  ['sys.missing-auth-confidential-flow', 'load-balancer->marketing-cms'],
  ['sys.missing-auth-confidential-flow', 'erp-system->contract-file-server'],
  ['sys.unguarded-internet-access', 'git-repo'],
  ['sys.unguarded-internet-access', 'jenkins-build-server'],
  ['sys.missing-network-segmentation', 'apache-webserver'],
  ['sys.missing-network-segmentation', 'jenkins-build-server'],
  ['sys.secrets-without-vault', 'erp-system'],
  ['sys.identity-not-propagated', 'apache-webserver->erp-system'],
];

describe('Threagile demo model', () => {
  const context = contextFromFolder(join(corpus('threagile'), 'demo', 'example'));
  const model = buildThreatModel(context.model);
  const findings = runRules(SYSTEM_RULES, context).findings;

  it('raises an open threat of the mapped kind for every risk Threagile raises in the shared categories', () => {
    const missing = THREAGILE_RISKS.filter(([rule, element]) => !model.threats.some((threat) => threat.kind === MAPPING[rule].kind && threat.element === element && threat.status === 'open'));
    expect(missing).toEqual([]);
  });

  it('raises findings for the ones that cross a boundary or concern declared classifications', () => {
    const missing = AS_FINDINGS.filter(([rule, element]) => !findings.some((finding) => finding.ruleId === rule && finding.element === element));
    expect(missing).toEqual([]);
  });

  it('agrees with Threagile that no datastore is accessed directly across a network boundary here', () => {
    expect(model.threats.filter((threat) => threat.kind === 'unguarded-datastore-access')).toEqual([]);
  });

  it('sees the VPN and the redundancy Threagile reads', () => {
    const backoffice = model.threats.find((threat) => threat.kind === 'dos-across-boundary' && threat.key === 'backoffice-client->erp-system')!;
    expect(backoffice.description).toContain('VPN / IP-filtered');
    expect(backoffice.controls).toContain('Threagile `redundant: true`');
  });

  it('maps every Threagile rule id it claims to a threat kind the model produces', () => {
    const kinds = new Set(model.threats.map((threat) => threat.kind));
    for (const [rule, { kind }] of Object.entries(MAPPING)) if (rule !== 'unguarded-direct-datastore-access') expect(kinds, rule).toContain(kind);
  });
});
