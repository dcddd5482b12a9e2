/**
 * What the files show about one flow's controls: is it authenticated (declared authentication, a
 * password in the connection URL, a credential variable for that target, a callee that requires
 * authentication on every endpoint) and is it encrypted (TLS scheme, `sslmode=require`, a declaration).
 */
import type { Component, EnvVar, Flow } from '../../shared/model/model.js';
import type { ModelIndex } from './model-index.js';
import { isSecured } from './exposure.js';

export type ControlState = 'present' | 'absent' | 'unknown';

export interface ControlFact {
  state: ControlState;
  /** `authentication: token (archbench.yaml)`, `password in env:DATABASE_URL`, `no TLS declared`. */
  evidence: string;
}

const ENCRYPTED_PROTOCOLS = /^(https|grpcs|wss|ldaps|ssh|sftp|ftps|smtps|amqps|mqtts|rediss|tls)$|(^|-)encrypted$/i;
const PROCESS_LOCAL = /^(in-process|in-process-library-call|local-file-access|inter-process-communication|ipc|local)$/i;
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_KEY|CREDENTIALS?|AUTH)$/i;

/** In-process calls and local files: nothing crosses a network. */
export function isProcessLocal(flow: Flow): boolean {
  return PROCESS_LOCAL.test(String(flow.protocol));
}

/** The env variables a flow was found in (`env:DATABASE_URL` -> DATABASE_URL of the caller). */
export function flowEnv(index: ModelIndex, flow: Flow): EnvVar[] {
  const caller = index.byId.get(flow.from);
  const names = flow.inferredFrom.filter((via) => via.startsWith('env:')).map((via) => via.slice(4));
  return (caller?.env ?? []).filter((variable) => names.includes(variable.name));
}

/** Upper-case words that name a target in env variables: `payments-api` -> PAYMENTS, PAYMENTS_API. */
export function targetWords(component: Component | undefined): string[] {
  if (!component) return [];
  const tokens = component.id.split('/').pop()!.toUpperCase().split(/[^A-Z0-9]+/).filter((token) => token.length > 1);
  const joined = tokens.join('_');
  const generic = new Set(['API', 'SERVICE', 'SVC', 'SERVER', 'APP', 'DB', 'V1', 'V2']);
  return [...new Set([joined, ...tokens.filter((token) => !generic.has(token))])];
}

/** Prefix of an env variable before its last words (`PAYMENTS_TIMEOUT_MS` with tail TIMEOUT -> PAYMENTS). */
export function prefixOf(name: string, tail: RegExp): string {
  const upper = name.toUpperCase();
  const match = tail.exec(upper);
  return match ? upper.slice(0, match.index).replace(/_+$/, '') : upper;
}

const authCache = new WeakMap<ModelIndex, Map<Flow, ControlFact>>();
const encryptionCache = new WeakMap<ModelIndex, Map<Flow, ControlFact>>();

function cached(store: WeakMap<ModelIndex, Map<Flow, ControlFact>>, index: ModelIndex, flow: Flow, compute: () => ControlFact): ControlFact {
  let map = store.get(index);
  if (!map) { map = new Map(); store.set(index, map); }
  let fact = map.get(flow);
  if (!fact) { fact = compute(); map.set(flow, fact); }
  return fact;
}

/** Authentication of a flow as the files show it (cached per model). */
export function flowAuthentication(index: ModelIndex, flow: Flow): ControlFact {
  return cached(authCache, index, flow, () => computeAuthentication(index, flow));
}

/** Encryption of a flow as the files show it (cached per model). */
export function flowEncryption(index: ModelIndex, flow: Flow): ControlFact {
  return cached(encryptionCache, index, flow, () => computeEncryption(index, flow));
}

function computeAuthentication(index: ModelIndex, flow: Flow): ControlFact {
  const declared = flow.authentication?.trim();
  if (declared && !/^none$/i.test(declared)) return { state: 'present', evidence: `authentication: ${declared} (${declaredBy(flow)})` };
  for (const variable of flowEnv(index, flow)) {
    if (variable.value && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i.test(variable.value)) return { state: 'present', evidence: `credentials in env:${variable.name}` };
  }
  const caller = index.byId.get(flow.from);
  const target = index.byId.get(flow.to);
  const words = targetWords(target);
  const viaNames = flowEnv(index, flow).map((variable) => prefixOf(variable.name, /_(URL|URI|ADDR|ADDRESS|HOST|HOSTNAME|ENDPOINT|DSN|SERVICE_ADDR)$/));
  for (const variable of caller?.env ?? []) {
    if (!CREDENTIAL_NAME.test(variable.name)) continue;
    const prefix = prefixOf(variable.name, /_?(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_KEY|CREDENTIALS?|AUTH)$/);
    if (prefix && (words.includes(prefix) || viaNames.includes(prefix) || words.some((word) => prefix.startsWith(word)))) {
      return { state: 'present', evidence: `credential env:${variable.name} for ${flow.to}` };
    }
  }
  const endpoints = target ? (index.endpointsOf.get(target.id) ?? []).filter((endpoint) => endpoint.protocol !== 'grpc' || endpoint.security.length > 0) : [];
  if (endpoints.length && endpoints.filter((endpoint) => !/health|metrics|ready|live/i.test(endpoint.path)).every(isSecured)) {
    const schemes = [...new Set(endpoints.flatMap((endpoint) => endpoint.security.flatMap((requirement) => Object.keys(requirement))))];
    return { state: 'present', evidence: `${flow.to} requires ${schemes.join(' or ')} on its endpoints` };
  }
  if (declared) return { state: 'absent', evidence: `authentication: none (${declaredBy(flow)})` };
  return { state: 'unknown', evidence: 'no authentication declared or visible' };
}

function computeEncryption(index: ModelIndex, flow: Flow): ControlFact {
  if (flow.encrypted === true) return { state: 'present', evidence: `encrypted (${ENCRYPTED_PROTOCOLS.test(String(flow.protocol)) ? flow.protocol : declaredBy(flow)})` };
  if (ENCRYPTED_PROTOCOLS.test(String(flow.protocol))) return { state: 'present', evidence: `encrypted protocol ${flow.protocol}` };
  for (const variable of flowEnv(index, flow)) {
    if (variable.value && /[?&](sslmode=(require|verify-ca|verify-full)|ssl=true|tls=true)/i.test(variable.value)) return { state: 'present', evidence: `TLS required in env:${variable.name}` };
  }
  if (flow.encrypted === false) return { state: 'absent', evidence: `plaintext ${flow.protocol} (${declaredBy(flow)})` };
  return { state: 'unknown', evidence: `no TLS declared for ${flow.protocol}` };
}

function declaredBy(flow: Flow): string {
  if (flow.inferredFrom.includes('archbench.yaml')) return 'archbench.yaml';
  if (flow.inferredFrom.includes('threagile')) return 'Threagile';
  const env = flow.inferredFrom.find((via) => via.startsWith('env:'));
  if (env) return env;
  return flow.inferredFrom[0] ?? 'the model';
}

/** The Threagile `usage: devops` of a flow (deployment and admin access is judged differently). */
export function isDevOpsFlow(flow: Flow): boolean {
  return flow.properties?.usage === 'devops';
}
