import type { Component, Flow } from '../model/model.js';

/** A control a flow does not declare: no timeout (synchronous flows only), no authentication, no encryption. */
export type MissingControl = 'timeout' | 'auth' | 'encryption';

export const MISSING_CONTROL_LABELS: Record<MissingControl, string> = {
  timeout: 'no timeout declared',
  auth: 'no authentication declared',
  encryption: 'not encrypted',
};

const ASYNC_PROTOCOLS = new Set(['amqp', 'amqps', 'kafka', 'nats', 'queue', 'mqtt', 'mqtts', 'sqs', 'sns', 'pubsub', 'jms', 'stomp', 'zeromq', 'event']);
const ENCRYPTED_PROTOCOLS = new Set(['https', 'grpcs', 'tls', 'wss', 'amqps', 'mqtts', 'rediss', 'ldaps', 'smtps']);

/**
 * Asynchronous flows do not make the caller fail with the callee: message protocols (amqp, kafka, nats, queue, ...),
 * flows into a queue component, and flows the model marks `sync: false` (telemetry exports, archbench.yaml).
 */
export function isAsyncFlow(flow: Flow, target?: Pick<Component, 'kind'>): boolean {
  if (flow.sync === false) return true;
  if (ASYNC_PROTOCOLS.has(String(flow.protocol).toLowerCase())) return true;
  return target?.kind === 'queue';
}

/** What the flow lacks, for the diagram's markers. */
export function missingControls(flow: Flow, async: boolean): MissingControl[] {
  const missing: MissingControl[] = [];
  if (!async && flow.timeoutMs === undefined) missing.push('timeout');
  if (!flow.authentication || flow.authentication === 'none') missing.push('auth');
  const encrypted = flow.encrypted ?? ENCRYPTED_PROTOCOLS.has(String(flow.protocol).toLowerCase());
  if (!encrypted) missing.push('encryption');
  return missing;
}
