/**
 * Per-flow resilience settings as the files declare them: archbench.yaml (`timeoutMs`, `retries`
 * with backoff, `circuitBreaker`) and the caller's environment (`PAYMENTS_TIMEOUT_MS`,
 * `DB_TIMEOUT`, `HTTP_CLIENT_RETRIES`, `*_BACKOFF*`, `*_CIRCUIT_BREAKER*`), matched to the flow by
 * the variable's prefix (the target's name, the variable the flow was found in, or a protocol word).
 * Service-mesh resources (Istio VirtualService / DestinationRule) are not in the model, so they are
 * not read here.
 */
import type { EnvVar, Flow } from '../../shared/model/model.js';
import type { FlowResilience } from '../../shared/model/system-analysis.js';
import { flowEnv, prefixOf, targetWords } from './flow-facts.js';
import { isSyncFlow, type ModelIndex } from './model-index.js';

const TIMEOUT = /(^|_)((CONNECT|READ|WRITE|REQUEST|CALL|RPC|IDLE|SOCKET|STATEMENT|QUERY|CLIENT)_)?(TIMEOUT|DEADLINE)S?(_|$)/;
const RETRIES = /(^|_)(MAX_RETRIES|RETRIES|RETRY_COUNT|RETRY_ATTEMPTS|MAX_RETRY|RETRY|MAX_ATTEMPTS|ATTEMPTS)$/;
const BACKOFF = /(^|_)(BACKOFF|RETRY_(DELAY|INTERVAL|WAIT|BASE|JITTER))/;
const CIRCUIT = /(^|_)(CIRCUIT|BREAKER|CB)(_|$)/;
const PROTOCOL_WORDS: Array<[RegExp, (flow: Flow, targetKind: string | undefined) => boolean]> = [
  [/^(HTTP|HTTP_CLIENT|CLIENT|REQUEST|UPSTREAM|OUTBOUND|API|REST|DOWNSTREAM)$/, (flow) => /^(http|https|grpc|unknown)$/.test(String(flow.protocol))],
  [/^(GRPC|RPC)$/, (flow) => flow.protocol === 'grpc'],
  [/^(DB|DATABASE|PG|POSTGRES|POSTGRESQL|SQL|MYSQL|JDBC|MONGO|MONGODB)$/, (flow, kind) => /^(postgres|mysql|mongodb|jdbc|sql)$/.test(String(flow.protocol)) || kind === 'datastore'],
  [/^(REDIS|CACHE|MEMCACHED)$/, (flow, kind) => flow.protocol === 'redis' || flow.protocol === 'memcached' || kind === 'cache'],
  [/^(AMQP|RABBIT|RABBITMQ|KAFKA|BROKER|QUEUE|MQ|NATS)$/, (flow, kind) => !isSyncFlow(flow, undefined) || kind === 'queue'],
];

/** The resilience of one flow. */
export function flowResilience(index: ModelIndex, flow: Flow): FlowResilience {
  const target = index.byId.get(flow.to);
  const sync = isSyncFlow(flow, target);
  const evidence: string[] = [];
  const result: FlowResilience = { flow: flow.id, from: flow.from, to: flow.to, sync, evidence, missing: [] };
  const overlay = flow.inferredFrom.includes('archbench.yaml') ? 'archbench.yaml' : flow.inferredFrom.includes('threagile') ? 'Threagile' : 'model';
  if (flow.timeoutMs !== undefined) { result.timeoutMs = flow.timeoutMs; evidence.push(`${overlay}: timeoutMs ${flow.timeoutMs}`); }
  if (flow.retries !== undefined) { result.retries = flow.retries; evidence.push(`${overlay}: retries ${flow.retries}`); }
  const policy = flow.properties?.retryPolicy as { backoff?: string; jitter?: boolean } | undefined;
  if (policy?.backoff) { result.backoff = `${policy.backoff}${policy.jitter ? ' with jitter' : ''}`; evidence.push(`${overlay}: backoff ${result.backoff}`); }
  if (flow.circuitBreaker !== undefined) { result.circuitBreaker = flow.circuitBreaker; evidence.push(`${overlay}: circuitBreaker ${flow.circuitBreaker}`); }
  for (const variable of matchingEnv(index, flow, target?.kind)) {
    const name = variable.name.toUpperCase();
    const value = variable.value ?? '';
    if (TIMEOUT.test(name)) {
      const parsed = parseDurationMs(name, value);
      if (parsed !== undefined) {
        const note = result.timeoutMs === undefined ? parsed.assumed : parsed.ms === result.timeoutMs ? 'agrees' : `differs from ${result.timeoutMs} ms; the declaration wins`;
        if (result.timeoutMs === undefined) result.timeoutMs = parsed.ms;
        evidence.push(`env:${variable.name}=${value}${note ? ` (${note})` : ''}`);
        continue;
      }
    }
    if (result.retries === undefined && RETRIES.test(name) && !BACKOFF.test(name) && /^\s*\d+\s*$/.test(value)) {
      result.retries = Number(value);
      evidence.push(`env:${variable.name}=${value}`);
      continue;
    }
    if (result.backoff === undefined && BACKOFF.test(name) && value) {
      result.backoff = `env:${variable.name}=${value}`;
      evidence.push(result.backoff);
      continue;
    }
    if (result.circuitBreaker === undefined && CIRCUIT.test(name) && value) {
      result.circuitBreaker = !/^(false|0|off|no|disabled?)$/i.test(value.trim());
      evidence.push(`env:${variable.name}=${value}`);
    }
  }
  if (sync) {
    if (result.timeoutMs === undefined) result.missing.push('timeout');
    if (result.retries === undefined) result.missing.push('retries');
    if ((result.retries ?? 0) > 0 && !result.backoff) result.missing.push('backoff');
    if (result.circuitBreaker !== true) result.missing.push('circuit-breaker');
  }
  return result;
}

/**
 * The caller's variables that configure this flow: those whose prefix names the target (PAYMENTS for
 * payments-api), shares the prefix of the variable the flow was found in (PAYMENTS_URL), or is a protocol
 * word that covers the flow (DB_, HTTP_CLIENT_); a bare `TIMEOUT` applies to every call.
 */
function matchingEnv(index: ModelIndex, flow: Flow, targetKind: string | undefined): EnvVar[] {
  const caller = index.byId.get(flow.from);
  if (!caller?.env?.length) return [];
  const words = targetWords(index.byId.get(flow.to)).map(singular);
  const via = flowEnv(index, flow).map((variable) => singular(prefixOf(variable.name, /_(URL|URI|ADDR|ADDRESS|HOST|HOSTNAME|ENDPOINT|DSN|SERVICE_ADDR|SERVICE_URL|SERVICE_HOST)$/)));
  const specific: EnvVar[] = [];
  const generic: EnvVar[] = [];
  for (const variable of caller.env) {
    const name = variable.name.toUpperCase();
    const tail = TIMEOUT.exec(name) ?? RETRIES.exec(name) ?? BACKOFF.exec(name) ?? CIRCUIT.exec(name);
    if (!tail) continue;
    const prefix = singular(name.slice(0, tail.index).replace(/_+$/, ''));
    if (!prefix) { generic.push(variable); continue; }
    if (words.includes(prefix) || via.includes(prefix) || words.some((word) => prefix === `${word}_SERVICE` || prefix === `${word}_API` || prefix === `${word}_CLIENT`)) {
      specific.push(variable);
      continue;
    }
    const protocolWord = PROTOCOL_WORDS.find(([pattern]) => pattern.test(prefix));
    if (protocolWord && protocolWord[1](flow, targetKind)) generic.push(variable);
  }
  return [...specific, ...generic];
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('S') && !word.endsWith('SS') ? word.slice(0, -1) : word;
}

/** `2000` with `_MS`, `5s`, `1m30s`, `1.5` (seconds assumed) -> milliseconds. */
export function parseDurationMs(name: string, value: string): { ms: number; assumed?: string } | undefined {
  const text = value.trim().toLowerCase();
  if (!text) return undefined;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|us|seconds?|secs|sec|s|minutes?|mins|min|m|h)?/g)];
  if (!parts.length || parts.map((part) => part[0]).join('').replace(/\s/g, '') !== text.replace(/\s/g, '')) return undefined;
  const unitOfName = /(_MS|_MILLIS|_MILLISECONDS)$/.test(name) ? 'ms' : /(_S|_SEC|_SECS|_SECONDS)$/.test(name) ? 's' : /(_MIN|_MINS|_MINUTES)$/.test(name) ? 'm' : undefined;
  let total = 0;
  let assumed: string | undefined;
  for (const part of parts) {
    const amount = Number(part[1]);
    let unit = part[2];
    if (!unit) {
      unit = unitOfName ?? (amount <= 300 ? 's' : 'ms');
      if (!unitOfName) assumed = `unit not given; ${unit === 's' ? 'seconds' : 'milliseconds'} assumed`;
    }
    const factor = unit === 'ms' ? 1 : unit === 'us' ? 0.001 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : 3_600_000;
    total += amount * factor;
  }
  return { ms: Math.round(total), ...(assumed ? { assumed } : {}) };
}
