/**
 * Security detections over the whole system, one function per pattern: direct internet exposure,
 * datastores reached across boundaries, flat segments, secrets with no vault, identity that stops at
 * the edge, server-side request forgery, plaintext and unauthenticated flows. Each looks at paths and
 * boundaries, not at one file; per-file checks (a literal secret, a missing NetworkPolicy) are the infra
 * and API rules' job.
 */
import type { Component, Flow } from '../../shared/model/model.js';
import { endpointElement, isCredentialFlow, isWrite, urlInputs } from './api-facts.js';
import {
  atLeastConfidential, atLeastHigh, flowSensitivity, impactOfClassification, impactOfCriticality, isStore, sensitivityOf, shift, type Sensitivity,
} from './classification.js';
import { endpointsServedBy, isGateway, isOperationalPath, isSecured, type Exposure } from './exposure.js';
import { flowAuthentication, flowEncryption, isDevOpsFlow, isProcessLocal } from './flow-facts.js';
import { listOf, type SystemIssue } from './issues.js';
import { crossesBoundary, shareParentBoundary, segmentMates, type ModelIndex } from './model-index.js';
import type { ReliabilityCore } from './reliability-core.js';

export interface IssueContext {
  index: ModelIndex;
  exposure: Exposure;
  core: ReliabilityCore;
}

const LESS_PROTECTED_TECHNOLOGY = /^(web-server|web-application|cms|client-system|build-pipeline|sourcecode-repository|monitoring|browser|desktop|mobile-app|devops-client|wiki|application-server|web-service-rest|web-service-soap|report-engine|ide|tool|cli)$/;
const VAULT = /(^|[^a-z])(vault|secrets?-?manager|key-?vault|kms|hsm|sealed-secrets|external-secrets|sops|doppler|infisical|conjur|akeyless|1password|bitwarden)([^a-z]|$)/i;
const IDENTITY = /(identity-provider|identity-store|keycloak|auth0|okta|dex|hydra|zitadel|authentik|cognito|(^|-)idp($|-)|(^|-)auth(-service|-server)?$|oauth)/i;
const SECRET_NAME = /(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CLIENT_SECRET|CREDENTIALS?|AUTH_KEY|SIGNING_KEY|ENCRYPTION_KEY)$/i;
const USER_PROPAGATION = /(end-user|enduser|propagat|on-behalf|token-exchange|jwt|oidc|bearer|user)/i;
const WEB = /^(http|https|ws|wss)$/i;
const QUERY_PROTOCOLS: Array<[RegExp, number, string]> = [
  [/^(postgres|postgresql|mysql|mariadb|jdbc|odbc|sql|mssql|oracle|cockroach)/i, 89, 'SQL injection'],
  [/^(mongodb|cassandra|couchdb|redis|dynamodb|neo4j|bolt)/i, 943, 'NoSQL injection'],
  [/^ldaps?$/i, 90, 'LDAP injection'],
  [/^(elasticsearch|opensearch|solr|search)/i, 74, 'search-query injection'],
];

function technology(component: Component | undefined): string {
  return String(component?.properties?.technology ?? '');
}

function describeSensitivity(sensitivity: Sensitivity): string {
  if (!sensitivity.classification) return 'unclassified';
  return sensitivity.assumed ? `${sensitivity.classification} (assumed: nothing is classified)` : `${sensitivity.classification} (${sensitivity.source})`;
}

/** Internet-facing components that are not gateways and have nothing in front. */
export function unguardedInternetAccess({ index, exposure }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const entry of exposure.entryPoints.values()) {
    const component = index.byId.get(entry.component)!;
    if (isGateway(component)) continue;
    const sensitivity = sensitivityOf(index, component);
    const impact = isStore(component) ? shift(impactOfClassification(sensitivity.classification), 1) : sensitivity.classification ? impactOfClassification(sensitivity.classification) : 'medium';
    const what = isStore(component) ? `${component.kind} ${component.id} (${describeSensitivity(sensitivity)})` : component.id;
    const base = {
      kind: 'unguarded-internet-access', stride: 'E' as const, cwe: 501, elementType: 'component' as const, element: component.id,
      title: 'Unguarded access from the internet', location: entry.location, likelihood: 'very-high' as const, impact,
      evidence: entry.reasons.map((reason) => ({ message: reason })),
      mitigations: ['Put a gateway, reverse proxy or Ingress (with TLS, rate limiting and request filtering) in front and stop exposing the component itself.'],
    };
    if (!entry.direct.length) {
      out.push({ ...base, message: `${what} is reachable from the internet only through ${listOf(entry.guardedBy)}.`, controls: entry.guardedBy, mitigated: true });
      continue;
    }
    const datastore = isStore(component) ? ' A datastore on the internet is probed for default credentials within hours.' : '';
    out.push({
      ...base,
      message: `${what} is reachable from the internet directly (${listOf(entry.direct)}) with no gateway or reverse proxy in front: every request reaches it unfiltered.${datastore}`,
      controls: entry.guardedBy, mitigated: false,
    });
  }
  return out;
}

/** Datastores (holding confidential data) called across a network boundary by something other than a guarding service. */
export function unguardedDatastoreAccess({ index, exposure }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const store of index.model.components) {
    if (store.kind !== 'datastore' && store.kind !== 'cache') continue;
    const sensitivity = sensitivityOf(index, store);
    if (!atLeastConfidential(sensitivity.classification)) continue;
    for (const flow of index.incoming.get(store.id) ?? []) {
      const caller = index.byId.get(flow.from);
      if (!caller || isDevOpsFlow(flow)) continue;
      if (/identity-store/.test(technology(store)) && /identity-provider/.test(technology(caller))) continue;
      if (/file-server/.test(technology(store)) && /^s?ftps?$/i.test(String(flow.protocol))) continue;
      const fromInternet = exposure.internetSources.has(caller.id);
      if (!fromInternet && (!crossesBoundary(index, flow) || shareParentBoundary(index, caller.id, store.id))) continue;
      const callerKind = fromInternet ? 'from the internet' : caller.kind === 'client' ? `by the client ${caller.id}` : `by ${caller.id}`;
      out.push({
        kind: 'unguarded-datastore-access', stride: 'E', cwe: 501, elementType: 'flow', element: flow.id,
        title: 'Unguarded direct datastore access',
        message: `${store.kind} ${store.id} (${describeSensitivity(sensitivity)}) is accessed directly ${callerKind} across a trust boundary (${boundaryNames(index, caller.id)} -> ${boundaryNames(index, store.id)}), with no service guarding it.`,
        location: flow.source, related: [{ ...store.source, message: `${store.id}` }],
        likelihood: fromInternet || caller.kind === 'client' ? 'very-high' : 'high', impact: impactOfClassification(sensitivity.classification),
        evidence: [{ message: `flow ${flow.id} (${flow.protocol}, ${flow.inferredFrom.join(', ')})`, location: flow.source }],
        mitigations: [`Reach ${store.id} only through the service that owns it; keep it in that service's segment.`],
        controls: [], mitigated: false,
      });
    }
  }
  return out;
}

function boundaryNames(index: ModelIndex, id: string): string {
  const boundaries = index.direct.get(id) ?? [];
  return boundaries.length ? boundaries.map((boundary) => index.boundaryById.get(boundary)?.name ?? boundary).join('+') : 'no boundary';
}

/** Sensitive components that share a flat segment with less-protected components they never talk to. */
export function missingSegmentation({ index, exposure }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    if (exposure.internetSources.has(component.id) || component.kind === 'client' || component.kind === 'external') continue;
    if (isGateway(component)) continue; // the gateway is the exposed edge itself
    const exposedItself = exposure.entryPoints.has(component.id);
    const sensitivity = sensitivityOf(index, component);
    const sensitive = (isStore(component) && atLeastConfidential(sensitivity.classification))
      || (atLeastConfidential(sensitivity.classification) && !sensitivity.assumed) || component.criticality === 'critical';
    if (!sensitive) continue;
    const exposed = segmentMates(index, component.id).filter(({ component: other }) => {
      const mate = index.byId.get(other);
      if (!mate || index.connected.has(`${component.id}\u0000${other}`)) return false;
      // Another internet-facing neighbour adds nothing for a component that is internet-facing itself; clients and weaker tiers still do.
      return (!exposedItself && exposure.entryPoints.has(other)) || mate.kind === 'client' || LESS_PROTECTED_TECHNOLOGY.test(technology(mate));
    });
    if (!exposed.length) continue;
    const policies = Array.isArray(component.properties?.networkPolicies) ? (component.properties!.networkPolicies as Array<{ name?: string }>).map((policy) => `NetworkPolicy ${policy.name ?? ''}`.trim()) : [];
    const segment = index.boundaryById.get(exposed[0].boundary);
    const segmentName = `${segment?.kind === 'namespace' ? 'namespace' : segment?.kind === 'network' ? 'network' : 'segment'} ${segment?.name ?? exposed[0].boundary}`;
    const mates = exposed.map(({ component: other }) => `${other} (${exposure.entryPoints.has(other) ? 'internet-facing' : index.byId.get(other)?.kind === 'client' ? 'client' : technology(index.byId.get(other)) || 'less protected'})`);
    const callers = [...new Set((index.incoming.get(component.id) ?? []).map((flow) => flow.from))];
    out.push({
      kind: 'missing-segmentation', stride: 'E', cwe: 1008, elementType: 'component', element: component.id,
      title: 'Missing network segmentation',
      message: policies.length
        ? `${component.id} shares ${segmentName} with ${listOf(mates)}, and ${listOf(policies)} restricts who reaches it.`
        : `${component.id} (${describeSensitivity(sensitivity)}) shares ${segmentName} with ${listOf(mates)}, which never ${exposed.length > 1 ? 'talk' : 'talks'} to it, and no NetworkPolicy restricts who reaches it: compromising ${exposed[0].component} puts ${component.id} one hop away.`,
      location: component.source,
      related: [...(segment?.source ? [{ ...segment.source, message: segmentName }] : []), ...exposed.slice(0, 5).map(({ component: other }) => ({ ...index.byId.get(other)!.source, message: other }))],
      likelihood: 'medium', impact: isStore(component) ? impactOfClassification(sensitivity.classification) : impactOfCriticality(component.criticality),
      evidence: exposed.map(({ component: other }) => ({ message: `${other} in ${segmentName}, no flow to or from ${component.id}`, location: index.byId.get(other)!.source })),
      mitigations: [`Move ${component.id} into its own network / namespace, or select it with a NetworkPolicy admitting only ${callers.length ? listOf(callers) : 'its callers'}.`],
      controls: policies, mitigated: policies.length > 0,
    });
  }
  return out;
}

/** Secrets handed to components when the system has no secret manager. */
export function secretsWithoutVault({ index }: IssueContext): SystemIssue[] {
  const vaults = index.model.components.filter((component) => VAULT.test(`${component.id} ${component.image ?? ''} ${technology(component)}`) || /^(vault|hsm)$/.test(technology(component)));
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    if (component.kind === 'client' || component.kind === 'external' || vaults.includes(component)) continue;
    const evidence: SystemIssue['evidence'] = [];
    let likelihood: SystemIssue['likelihood'] = 'low';
    for (const variable of component.env ?? []) {
      if (!variable.value) continue;
      if (SECRET_NAME.test(variable.name) && !/^\$\{.*\}$/.test(variable.value.trim()) && !/^\/(run|var\/run)\/secrets\//.test(variable.value)) {
        evidence.push({ message: `env:${variable.name} is a literal`, location: variable.source });
        likelihood = 'high';
      } else if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i.test(variable.value)) {
        evidence.push({ message: `env:${variable.name} carries a password in its URL`, location: variable.source });
        likelihood = 'high';
      }
    }
    const composeSecrets = Array.isArray(component.properties?.secrets) && component.origins?.includes('compose') ? component.properties!.secrets as unknown[] : [];
    if (composeSecrets.length) evidence.push({ message: `compose secrets ${composeSecrets.map((secret) => typeof secret === 'string' ? secret : String((secret as Record<string, unknown>)?.source ?? '')).join(', ')} (files on the host)`, location: component.source });
    const k8sSecrets = component.properties?.k8sKind && Array.isArray(component.properties?.secrets) ? component.properties!.secrets as string[] : [];
    if (k8sSecrets.length) evidence.push({ message: `Kubernetes Secrets ${k8sSecrets.join(', ')} (base64 in etcd, readable by anyone who can read Secrets)`, location: component.source });
    const credentialFlows = (index.outgoing.get(component.id) ?? []).filter((flow) => /^(credentials|token|api-key|apikey|client-certificate|password|basic)$/i.test(flow.authentication ?? ''));
    if (credentialFlows.length) {
      evidence.push({ message: `holds credentials for ${listOf(credentialFlows.map((flow) => `${flow.to} (${flow.authentication})`))}`, location: credentialFlows[0].source });
      if (likelihood === 'low') likelihood = 'medium';
    }
    if (!evidence.length) continue;
    const mitigated = vaults.length > 0;
    out.push({
      kind: 'secrets-without-vault', stride: 'I', cwe: 522, elementType: 'component', element: component.id,
      title: 'Secrets without a vault',
      message: mitigated
        ? `${component.id} uses secrets; the system has a secret manager (${listOf(vaults.map((vault) => vault.id))}).`
        : `${component.id} uses secrets (${listOf(evidence.map((item) => item.message), 4)}) and the system has no vault or secret manager: secrets are not rotated, audited or revocable in one place.`,
      location: evidence.find((item) => item.location)?.location ?? component.source,
      likelihood, impact: 'high', evidence,
      mitigations: ['Keep secrets in a secret manager (Vault, a cloud secret manager, External Secrets / Sealed Secrets) and inject them at runtime; rotate what was ever committed.'],
      controls: vaults.map((vault) => `secret manager ${vault.id}`), mitigated,
    });
  }
  return out;
}

/** Components that authenticate end users call other services without the user's identity. */
export function identityNotPropagated({ index, exposure }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const caller of index.model.components) {
    if (isGateway(caller) || caller.kind === 'client' || caller.kind === 'external' || isStore(caller)) continue;
    const userFacing = endUserAuthentication(index, exposure, caller);
    if (!userFacing) continue;
    for (const flow of index.syncOut.get(caller.id) ?? []) {
      const target = index.byId.get(flow.to);
      if (!target || target.kind !== 'service' || IDENTITY.test(`${target.id} ${technology(target)}`) || isDevOpsFlow(flow)) continue;
      const authorization = String(flow.properties?.authorization ?? '');
      const auth = flowAuthentication(index, flow);
      const propagated = authorization === 'end-user-identity-propagation' || (auth.state === 'present' && USER_PROPAGATION.test(flow.authentication ?? '') && authorization !== 'technical-user');
      const sensitivity = sensitivityOf(index, target);
      const technical = auth.state === 'present' && !propagated;
      out.push({
        kind: 'identity-not-propagated', stride: 'E', cwe: 284, elementType: 'flow', element: flow.id,
        title: 'End-user identity not propagated',
        message: propagated
          ? `${caller.id} passes the end user's identity to ${target.id} (${authorization || auth.evidence}).`
          : `${caller.id} authenticates end users (${userFacing}) but its call to ${target.id} carries ${technical ? `only a technical identity (${auth.evidence}${authorization ? `, authorization ${authorization}` : ''})` : 'no credentials or user identity'}: ${target.id} cannot authorize per user, so any caller inside the network acts for every user.`,
        location: flow.source,
        likelihood: technical ? 'low' : 'medium',
        impact: sensitivity.classification ? impactOfClassification(sensitivity.classification) : 'medium',
        evidence: [{ message: `${caller.id}: ${userFacing}` }, { message: `${flow.id}: ${auth.evidence}`, location: flow.source }],
        mitigations: [`Forward the user's token (or exchange it for a downstream token) on calls to ${target.id} and authorize there per user.`],
        controls: propagated ? [authorization || auth.evidence] : technical ? [auth.evidence] : [], mitigated: propagated,
      });
    }
  }
  return out;
}

/** How a component authenticates its end users, or undefined when it does not (visibly). */
function endUserAuthentication(index: ModelIndex, exposure: Exposure, component: Component): string | undefined {
  const secured = endpointsServedBy(index, component.id).filter((endpoint) => endpoint.protocol === 'http' && isSecured(endpoint));
  if (secured.length) {
    const schemes = [...new Set(secured.flatMap((endpoint) => endpoint.security.flatMap((requirement) => Object.keys(requirement))))];
    return `${schemes.join(' or ')} on ${secured[0].id}${secured.length > 1 ? ` and ${secured.length - 1} more` : ''}`;
  }
  for (const flow of index.incoming.get(component.id) ?? []) {
    const source = index.byId.get(flow.from);
    const fromUsers = exposure.internetSources.has(flow.from) || source?.kind === 'client' || isGateway(source);
    if (fromUsers && flow.authentication && !/^none$/i.test(flow.authentication) && !isDevOpsFlow(flow)) return `${flow.authentication} on ${flow.id}`;
  }
  return undefined;
}

/** Server-to-server web calls (SSRF); likely where the caller's API takes URLs. */
export function serverSideRequestForgery({ index, exposure }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const caller of index.model.components) {
    if (caller.kind === 'client' || caller.kind === 'external' || isGateway(caller) || exposure.internetSources.has(caller.id) || isStore(caller)) continue;
    // Flows into browsers and apps are responses drawn as data flows, not requests the server makes.
    const webFlows = (index.outgoing.get(caller.id) ?? []).filter((flow) => WEB.test(String(flow.protocol)) && index.byId.get(flow.to)?.kind !== 'client');
    const unresolved = Array.isArray(caller.properties?.unresolvedHosts) ? (caller.properties!.unresolvedHosts as Array<{ host: string; via?: string }>).filter((entry) => entry.host.includes('.')) : [];
    if (!webFlows.length && !unresolved.length) continue;
    const urlInputsOf = endpointsServedBy(index, caller.id).map((endpoint) => ({ endpoint, inputs: urlInputs(endpoint) })).filter((entry) => entry.inputs.length);
    const externals = webFlows.filter((flow) => index.byId.get(flow.to)?.kind === 'external').map((flow) => flow.to);
    const sensitiveNear = (index.direct.get(caller.id) ?? []).flatMap((boundary) => index.members.get(boundary) ?? []).filter((id) => id !== caller.id && atLeastConfidential(sensitivityOf(index, index.byId.get(id)!).classification));
    const impact = sensitiveNear.length ? 'high' : 'medium';
    if (urlInputsOf.length) {
      const first = urlInputsOf[0];
      const targets = [...new Set([...externals, ...unresolved.map((entry) => entry.host), ...webFlows.map((flow) => flow.to)])];
      out.push({
        kind: 'ssrf', stride: 'I', cwe: 918, elementType: 'component', element: caller.id,
        title: 'Server-side request forgery on outbound calls',
        message: `${caller.id} takes URLs from its clients (${listOf(urlInputsOf.flatMap((entry) => entry.inputs.map((input) => `${input} on ${entry.endpoint.id}`)), 4)}) and makes outbound web calls (${listOf(targets, 5)}): a crafted URL makes it call internal services${sensitiveNear.length ? ` such as ${listOf(sensitiveNear, 3)}` : ''} or cloud metadata endpoints on the attacker's behalf.`,
        location: first.endpoint.source,
        related: webFlows.slice(0, 5).map((flow) => ({ ...flow.source, message: flow.id })),
        likelihood: 'high', impact,
        evidence: [...urlInputsOf.map((entry) => ({ message: `${entry.endpoint.id}: ${entry.inputs.join(', ')}`, location: entry.endpoint.source })), ...webFlows.slice(0, 5).map((flow) => ({ message: `outbound ${flow.id}`, location: flow.source }))],
        mitigations: ['Resolve and check URLs against an allow-list of hosts and schemes, block private and link-local ranges after DNS resolution, and send outbound calls through an egress proxy.'],
        controls: [], mitigated: false,
      });
      continue;
    }
    for (const flow of webFlows) {
      out.push({
        kind: 'ssrf', stride: 'I', cwe: 918, elementType: 'flow', element: flow.id, key: 'outbound',
        title: 'Server-side request forgery on outbound calls',
        message: `${caller.id} makes server-side web requests to ${flow.to}: if any part of the URL comes from a request, it can be pointed at internal services or metadata endpoints. Its API takes no URL inputs, so this is unlikely.`,
        location: flow.source, likelihood: 'low', impact,
        evidence: [{ message: `${flow.id} (${flow.protocol})`, location: flow.source }],
        mitigations: ['Build outbound URLs from configuration, never from request data.'],
        controls: [], mitigated: false, threatOnly: true,
      });
    }
  }
  return out;
}

/** Flows that carry sensitive data or credentials without TLS; raised as findings when they cross a boundary. */
export function plaintextFlows({ index, exposure }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const flow of index.model.flows) {
    if (!index.byId.has(flow.from) || !index.byId.has(flow.to) || isProcessLocal(flow)) continue;
    const encryption = flowEncryption(index, flow);
    const sensitivity = flowSensitivity(index, flow);
    const carriesCredentials = !!flow.authentication && !/^none$/i.test(flow.authentication);
    const internet = exposure.internetSources.has(flow.from) || exposure.internetSources.has(flow.to);
    const crossing = internet || crossesBoundary(index, flow);
    const sensitive = atLeastConfidential(sensitivity.classification) || carriesCredentials;
    if (!sensitive && !crossing) continue;
    const what = [
      ...(atLeastConfidential(sensitivity.classification) ? [`${sensitivity.classification} data${sensitivity.assumed ? ' (assumed)' : ''}`] : []),
      ...(carriesCredentials ? [`${flow.authentication} credentials`] : []),
    ];
    const impact = atLeastConfidential(sensitivity.classification) ? impactOfClassification(sensitivity.classification) : carriesCredentials ? 'medium' : 'low';
    const where = internet ? 'over the internet' : crossing ? `across a trust boundary (${boundaryNames(index, flow.from)} -> ${boundaryNames(index, flow.to)})` : 'inside one segment';
    out.push({
      kind: 'plaintext-flow', stride: 'I', cwe: 319, elementType: 'flow', element: flow.id,
      title: 'Unencrypted communication',
      message: encryption.state === 'present'
        ? `${flow.id} is encrypted (${encryption.evidence}).`
        : `${flow.id} (${flow.protocol}) carries ${what.length ? listOf(what) : 'traffic'} ${where} without TLS (${encryption.evidence}): anyone on the path can read${carriesCredentials ? ' and replay' : ''} it.`,
      location: flow.source,
      likelihood: internet ? 'very-high' : crossing ? 'high' : 'low', impact,
      evidence: [{ message: encryption.evidence, location: flow.source }, ...(sensitivity.classification ? [{ message: `classification: ${sensitivity.classification} (${sensitivity.source})` }] : [])],
      mitigations: ['Use TLS on this connection (https, grpcs, sslmode=require, rediss) or a service mesh with mTLS.'],
      controls: encryption.state === 'present' ? [encryption.evidence] : [], mitigated: encryption.state === 'present',
      threatOnly: !crossing,
    });
  }
  return out;
}

/** Flows into sensitive components with no authentication; raised as findings when the data is declared confidential. */
export function unauthenticatedFlows({ index, exposure }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const flow of index.model.flows) {
    const caller = index.byId.get(flow.from);
    const target = index.byId.get(flow.to);
    if (!caller || !target || isProcessLocal(flow) || isGateway(target) || isStore(caller) || exposure.internetSources.has(caller.id)) continue;
    if (target.kind === 'external' || target.kind === 'client') continue;
    const targetSensitivity = sensitivityOf(index, target);
    const sensitivity = flowSensitivity(index, flow);
    const classification = atLeastConfidential(sensitivity.classification) ? sensitivity : targetSensitivity;
    const sensitive = atLeastConfidential(classification.classification) || atLeastHigh(target.criticality) || target.properties?.multiTenant === true;
    if (!sensitive) continue;
    const auth = flowAuthentication(index, flow);
    // Raised as a finding when what it reaches is classified in the files (not assumed): the flow's data, or the target's.
    const declared = (atLeastConfidential(sensitivity.classification) && !sensitivity.assumed) || (atLeastConfidential(targetSensitivity.classification) && !targetSensitivity.assumed);
    out.push({
      kind: 'unauthenticated-flow', stride: 'E', cwe: 306, elementType: 'flow', element: flow.id,
      title: 'Missing authentication',
      message: auth.state === 'present'
        ? `${flow.id} is authenticated (${auth.evidence}).`
        : `${flow.id} (${flow.protocol}) reaches ${target.id} (${describeSensitivity(classification)}${atLeastHigh(target.criticality) ? `, criticality ${target.criticality}` : ''}) with ${auth.state === 'absent' ? 'authentication: none' : 'no authentication declared or visible (no credentials in its connection settings, no security on the target\'s endpoints)'}: anything that can reach ${target.id} on the network can use it.`,
      location: flow.source,
      likelihood: auth.state === 'absent' ? 'high' : 'medium',
      impact: atLeastConfidential(classification.classification) ? impactOfClassification(classification.classification) : impactOfCriticality(target.criticality),
      evidence: [{ message: auth.evidence, location: flow.source }, { message: `classification: ${describeSensitivity(classification)}` }],
      mitigations: [`Authenticate ${flow.from} to ${target.id} (mTLS, a service token, database credentials) and authorize what it may do.`],
      controls: auth.state === 'present' ? [auth.evidence] : [], mitigated: auth.state === 'present',
      threatOnly: !declared,
    });
  }
  return out;
}

/** Query, LDAP and search flows into datastores: injection threats (nothing in the files can rule them out). */
export function injectionThreats({ index }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const flow of index.model.flows) {
    const target = index.byId.get(flow.to);
    if (!target || !index.byId.has(flow.from) || isDevOpsFlow(flow) || /^(ssh|sftp|scp|rdp|vnc)$/i.test(String(flow.protocol))) continue;
    const technologyOfTarget = technology(target);
    const protocol = String(flow.protocol);
    const match = QUERY_PROTOCOLS.find(([pattern]) => pattern.test(protocol))
      ?? (target.kind === 'datastore' && /database/.test(technologyOfTarget) ? QUERY_PROTOCOLS[0] : undefined)
      ?? (/identity-store-ldap/.test(technologyOfTarget) ? QUERY_PROTOCOLS[2] : undefined)
      ?? (/search/.test(technologyOfTarget) ? QUERY_PROTOCOLS[3] : undefined);
    if (!match) continue;
    const sensitivity = sensitivityOf(index, target);
    out.push({
      kind: 'injection', stride: 'T', cwe: match[1], elementType: 'flow', element: flow.id,
      title: match[2][0].toUpperCase() + match[2].slice(1),
      message: `${flow.from} queries ${target.id} over ${protocol}: ${match[2]} if any query is built from request data.`,
      location: flow.source, likelihood: 'medium', impact: sensitivity.classification ? impactOfClassification(sensitivity.classification) : 'medium',
      evidence: [{ message: `${flow.id} (${protocol})`, location: flow.source }],
      mitigations: ['Use parameterised queries / prepared statements or an ORM, escape LDAP filters, and give the caller a least-privilege database role.'],
      controls: [], mitigated: false, threatOnly: true,
    });
  }
  return out;
}

/** Critical components reachable across a boundary or from the internet: denial of service. */
export function denialOfServiceThreats({ index, exposure, core }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    if (isGateway(component) || component.kind === 'client' || component.kind === 'external' || exposure.internetSources.has(component.id)) continue;
    const entry = exposure.entryPoints.get(component.id);
    const critical = atLeastHigh(component.criticality);
    if (!entry && !critical) continue;
    const replication = core.replication.get(component.id);
    const controls = [
      ...((replication?.count ?? 1) > 1 ? [`${replication!.count} replicas`] : []),
      ...(replication?.autoscaler ? [`HorizontalPodAutoscaler ${replication.autoscaler.name ?? ''}`.trim()] : []),
      ...(replication?.failover ? [replication.failover] : []),
      ...(entry?.guardedBy ?? []),
    ];
    const sources: Array<{ key: string; message: string; location: Flow['source']; likelihood: SystemIssue['likelihood'] }> = [];
    if (entry?.direct.length) sources.push({ key: 'internet', message: `exposed to the internet (${listOf(entry.direct)})`, location: entry.location, likelihood: 'high' });
    if (critical) {
      for (const flow of index.incoming.get(component.id) ?? []) {
        if (isDevOpsFlow(flow) || !crossesBoundary(index, flow) || exposure.internetSources.has(flow.from)) continue;
        const vpn = flow.properties?.vpn === true || flow.properties?.ipFiltered === true;
        sources.push({ key: flow.id, message: `called across a trust boundary by ${flow.from} (${flow.id})${vpn ? ', VPN / IP-filtered' : ''}`, location: flow.source, likelihood: vpn ? 'low' : 'medium' });
      }
    }
    for (const source of sources) {
      const likelihood = controls.length ? shift(source.likelihood, -1) : source.likelihood;
      out.push({
        kind: 'dos-across-boundary', stride: 'D', cwe: 400, elementType: 'component', element: component.id, key: source.key,
        title: 'Denial of service across a trust boundary',
        message: `${component.id}${critical ? ` (criticality ${component.criticality})` : ''} is ${source.message}${controls.length ? `; ${listOf(controls)} absorb part of a flood` : ', with a single instance and no rate limiting visible'}.`,
        location: source.location, likelihood, impact: critical ? impactOfCriticality(component.criticality) : 'medium',
        evidence: [{ message: source.message, location: source.location }],
        mitigations: ['Rate-limit and set quotas at the edge, run several replicas with autoscaling, and shed load before saturation.'],
        controls, mitigated: false, threatOnly: true,
      });
    }
  }
  return out;
}

/** Unauthenticated operations of internet-facing components (sign-in, health and docs are public by design). */
export function unauthenticatedEndpoints({ exposure }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  const SENSITIVE_PATH = /(user|account|admin|debug|internal|password|token|payment|card|order|customer|profile|secret|key|export|backup|createdb|reset)/i;
  for (const [endpoint, served] of exposure.servedBy) {
    if (endpoint.protocol === 'grpc' || !served.components.some((id) => exposure.entryPoints.has(id))) continue;
    if (isOperationalPath(endpoint.path) || isCredentialFlow(endpoint)) continue;
    const secured = isSecured(endpoint);
    const write = isWrite(endpoint);
    const sensitivePath = SENSITIVE_PATH.test(endpoint.path);
    const schemes = [...new Set(endpoint.security.flatMap((requirement) => Object.keys(requirement)))];
    out.push({
      kind: 'unauthenticated-endpoint', stride: 'S', cwe: 306, elementType: 'endpoint', element: endpointElement(endpoint),
      title: 'Unauthenticated operation on the internet',
      message: secured
        ? `${endpoint.id} requires ${schemes.join(' or ')}.`
        : `${endpoint.id} on ${listOf(served.components)} (internet-facing) requires no authentication${endpoint.securityUndeclared ? ' (the spec declares no security at all)' : ''}: anyone can ${write ? 'change data through it' : 'call it'}.`,
      location: endpoint.source, likelihood: 'very-high', impact: write || sensitivePath ? 'high' : 'medium',
      evidence: [{ message: `${endpoint.id}: security ${JSON.stringify(endpoint.security)}`, location: endpoint.source }, ...(served.how !== 'attached by the ingest' ? [{ message: `served by ${served.components.join(', ')}: ${served.how}` }] : [])],
      mitigations: ['Require authentication on the operation (and authorize per object), or document why it is public.'],
      controls: secured ? [`security: ${schemes.join(' or ')}`] : [], mitigated: secured, threatOnly: true,
    });
  }
  return out;
}

/** Privileged containers, host namespaces and the Docker socket: escape to the host. */
export function privilegedRuntimeThreats({ index }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    const properties = component.properties ?? {};
    const security = properties.security as { privileged?: boolean } | undefined;
    const reasons: string[] = [];
    if (security?.privileged === true || properties.privileged === true) reasons.push('privileged container');
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (properties[key] === true) reasons.push(key);
    if (properties.pid === 'host' || properties.network_mode === 'host') reasons.push(properties.pid === 'host' ? 'pid: host' : 'network_mode: host');
    const volumes = JSON.stringify(properties.volumes ?? '');
    if (/docker\.sock/.test(volumes)) reasons.push('Docker socket mounted');
    if (!reasons.length) continue;
    const sensitivity = sensitivityOf(index, component);
    out.push({
      kind: 'privileged-runtime', stride: 'E', cwe: 250, elementType: 'component', element: component.id,
      title: 'Container can escape to the host',
      message: `${component.id} runs with ${listOf(reasons)}: a compromise of it is a compromise of the host and every workload on it.`,
      location: component.source, likelihood: 'medium', impact: shift(sensitivity.classification ? impactOfClassification(sensitivity.classification) : 'high', 0),
      evidence: reasons.map((reason) => ({ message: reason, location: component.source })),
      mitigations: ['Drop privileged mode, host namespaces and the Docker socket; use a dedicated, isolated node if it is truly needed.'],
      controls: [], mitigated: false, threatOnly: true,
    });
  }
  return out;
}

/** Sensitive stores whose model says how they encrypt data at rest. */
export function encryptionAtRestThreats({ index }: IssueContext): SystemIssue[] {
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    const encryption = component.properties?.encryption;
    if (typeof encryption !== 'string' || !isStore(component)) continue;
    const sensitivity = sensitivityOf(index, component);
    if (!atLeastConfidential(sensitivity.classification)) continue;
    const none = encryption === 'none';
    out.push({
      kind: 'unencrypted-at-rest', stride: 'I', cwe: 311, elementType: 'component', element: component.id,
      title: 'Sensitive data stored unencrypted',
      message: none ? `${component.id} stores ${sensitivity.classification} data with encryption: none: a stolen disk, snapshot or backup is readable.` : `${component.id} encrypts data at rest (${encryption}).`,
      location: component.source, likelihood: 'low', impact: impactOfClassification(sensitivity.classification),
      evidence: [{ message: `encryption: ${encryption}`, location: component.source }],
      mitigations: ['Encrypt volumes, snapshots and backups (transparent encryption at least; per-tenant keys for restricted data).'],
      controls: none ? [] : [`encryption: ${encryption}`], mitigated: !none, threatOnly: true,
    });
  }
  return out;
}

/** Components that change confidential data with no trace of who did what (no tracing or log shipping). */
export function repudiationThreats(context: IssueContext, signals: (component: Component) => { tracing: boolean; logs: boolean }): SystemIssue[] {
  const { index } = context;
  const out: SystemIssue[] = [];
  for (const component of index.model.components) {
    if (component.kind !== 'service' && component.kind !== 'gateway') continue;
    const writes = endpointsServedBy(index, component.id).filter(isWrite);
    if (!writes.length) continue;
    const sensitivity = sensitivityOf(index, component);
    const stores = (index.outgoing.get(component.id) ?? []).map((flow) => index.byId.get(flow.to)).filter((target): target is Component => isStore(target));
    const storeSensitivity = stores.map((store) => sensitivityOf(index, store)).find((item) => atLeastConfidential(item.classification));
    const classification = atLeastConfidential(sensitivity.classification) ? sensitivity : storeSensitivity;
    if (!classification) continue;
    const seen = signals(component);
    const controls = [...(seen.tracing ? ['tracing'] : []), ...(seen.logs ? ['log shipping'] : [])];
    out.push({
      kind: 'no-audit-trail', stride: 'R', cwe: 778, elementType: 'component', element: component.id,
      title: 'Changes to sensitive data leave no trail',
      message: controls.length
        ? `${component.id} changes ${classification.classification} data (${listOf(writes.map((endpoint) => endpoint.id), 3)}) and ships ${listOf(controls)}.`
        : `${component.id} changes ${classification.classification} data (${listOf(writes.map((endpoint) => endpoint.id), 3)}) and nothing in the files shows tracing or log shipping: who changed what cannot be shown afterwards.`,
      location: writes[0].source, likelihood: 'low', impact: 'medium',
      evidence: writes.slice(0, 5).map((endpoint) => ({ message: endpoint.id, location: endpoint.source })),
      mitigations: ['Write an audit log of who changed what (user, time, before/after) to an append-only store outside the service.'],
      controls, mitigated: controls.length > 0, threatOnly: true,
    });
  }
  return out;
}
