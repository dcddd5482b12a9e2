/**
 * System-level security rules: exposure and guarding, boundaries and segmentation, authentication and
 * encryption of the flows that carry confidential data, secrets, identity propagation and SSRF. They
 * judge paths and boundaries over the whole model; per-file checks stay with the infra and API rules.
 */
import { SYSTEM_REFERENCES as REF, systemRule } from './system-rule.js';

export const unguardedInternetAccess = systemRule({
  id: 'sys.unguarded-internet-access',
  title: 'Internet-facing component with no gateway in front',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 501,
  rationale: 'A component exposed directly (a LoadBalancer or NodePort Service, a compose port published on all interfaces, a flow from an internet client) '
    + 'receives every request unfiltered: no TLS termination policy, rate limiting, request-size limits, WAF rules or authentication at the edge. '
    + 'An Ingress controller or gateway in front is one place to enforce all of that. Datastores exposed this way are found by scanners within hours.',
  remediation: 'Expose only a gateway, reverse proxy or Ingress, and give the component a ClusterIP Service (or drop the published port, or bind it to 127.0.0.1). '
    + 'If direct exposure is intended, accept the risk in archbench.yaml with the reason.',
  references: [REF.attackSurface, REF.threagileRules, REF.cwe(501)],
}, 'unguarded-internet-access');

export const unguardedDatastoreAccess = systemRule({
  id: 'sys.unguarded-datastore-access',
  title: 'Datastore accessed directly across a trust boundary',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 501,
  rationale: 'A datastore holding confidential data that is called from another segment (another namespace or network, a client, the internet) has no '
    + 'service of its own between it and the caller: the caller\'s compromise is the datastore\'s, and its network exposure grows with every caller.',
  remediation: 'Reach the datastore only through the service that owns it, in the same segment; give other consumers an API. Where direct access is '
    + 'required (reporting), use a read replica with a least-privilege role.',
  references: [REF.attackSurface, REF.threagileRules, REF.cwe(501)],
}, 'unguarded-datastore-access');

export const missingAuthOnConfidentialFlow = systemRule({
  id: 'sys.missing-auth-confidential-flow',
  title: 'Flow carrying confidential data without authentication',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 306,
  rationale: 'Data declared confidential or restricted (archbench.yaml, data assets) travels on a flow with no authentication declared or visible: no '
    + 'credentials in the connection URL or env, no security on the callee\'s endpoints, `authentication: none`. Anything that reaches the callee on '
    + 'the network can read or change that data.',
  remediation: 'Authenticate the caller (mTLS, a service token, database credentials from a secret) and authorize what it may do; record the '
    + 'authentication on the flow in archbench.yaml so the model shows it.',
  references: [REF.authentication, REF.microservices, REF.threagileRules],
}, 'unauthenticated-flow');

export const plaintextAcrossBoundary = systemRule({
  id: 'sys.plaintext-across-boundary',
  title: 'Unencrypted communication across a trust boundary',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 319,
  rationale: 'A flow that leaves its segment (to another namespace or network, to or from the internet) without TLS can be read and altered by anyone on '
    + 'the path; credentials it carries can be replayed. The severity follows the data it carries.',
  remediation: 'Use TLS on the connection (https, grpcs, sslmode=require, rediss, amqps) or a service mesh with mTLS, and declare `encrypted: true` '
    + 'on the flow in archbench.yaml when encryption happens outside the files.',
  references: [REF.transportLayer, REF.threagileRules, REF.cwe(319)],
}, 'plaintext-flow');

export const missingNetworkSegmentation = systemRule({
  id: 'sys.missing-network-segmentation',
  title: 'Sensitive component in a flat segment with exposed components',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 1008,
  rationale: 'A datastore with confidential data (or a critical component) shares its compose network or namespace with internet-facing or less protected '
    + 'components that never talk to it, and no NetworkPolicy restricts who may connect. Compromising the exposed neighbour puts it one hop away.',
  remediation: 'Give sensitive components their own network or namespace, or add a NetworkPolicy that admits only their actual callers.',
  references: [REF.networkPolicies, REF.threagileRules, REF.cwe(1008)],
}, 'missing-segmentation');

export const secretsWithoutVault = systemRule({
  id: 'sys.secrets-without-vault',
  title: 'Secrets handed out with no secret manager in the system',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 522,
  rationale: 'Components get credentials as env literals, passwords in URLs, compose secret files or Kubernetes Secrets, and nothing in the system is a vault '
    + 'or secret manager: secrets cannot be rotated, audited or revoked in one place, and a leaked one stays valid.',
  remediation: 'Keep secrets in a secret manager (HashiCorp Vault, a cloud secret manager, External Secrets or Sealed Secrets) and inject them at runtime; '
    + 'rotate every secret that was ever written in a file.',
  references: [REF.secrets, REF.threagileRules, REF.cwe(522)],
}, 'secrets-without-vault');

export const identityNotPropagated = systemRule({
  id: 'sys.identity-not-propagated',
  title: 'End-user identity not propagated downstream',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 284,
  rationale: 'A component authenticates its end users (security on its public operations, a session or token from clients) but calls other services with no '
    + 'credentials, or with a technical identity only. The downstream service cannot authorize per user, so a compromise of any caller, or a confused '
    + 'deputy bug, acts for every user.',
  remediation: 'Forward the user\'s token (or exchange it for a narrower downstream token) and authorize per user in the downstream service; declare '
    + '`authentication` on the flow in archbench.yaml.',
  references: [REF.accessControl, REF.microservices, REF.threagileRules],
}, 'identity-not-propagated');

export const ssrfProneCall = systemRule({
  id: 'sys.ssrf-prone-call',
  title: 'Component takes URLs and makes outbound calls',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 918,
  owaspApi: 'API7:2023',
  rationale: 'The component\'s API takes URL inputs (callbacks, webhooks, image or feed URLs) and the model shows it making outbound web calls: it has an HTTP '
    + 'client and network egress. A crafted URL makes it call internal services, the cloud metadata endpoint or the loopback interface for the attacker.',
  remediation: 'Validate URLs against an allow-list of schemes and hosts, resolve and reject private, loopback and link-local addresses (also after '
    + 'redirects), and send outbound calls through an egress proxy that enforces the same list.',
  references: [REF.ssrf, REF.api7, REF.cwe(918)],
}, 'ssrf');

export const SECURITY_SYSTEM_RULES = [
  unguardedInternetAccess, unguardedDatastoreAccess, missingAuthOnConfidentialFlow, plaintextAcrossBoundary, missingNetworkSegmentation,
  secretsWithoutVault, identityNotPropagated, ssrfProneCall,
];
