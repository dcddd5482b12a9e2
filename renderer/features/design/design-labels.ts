import type { ComponentProps, FlowProps, RetryProps } from '../../../shared/contract/index.js';

/** How a flow is named in labels and titles. */
export function flowName(from: string, to: string): string {
  return `${from} → ${to}`;
}

const COMPONENT_PROP_NAMES: Record<keyof ComponentProps, string> = {
  name: 'name', kind: 'kind', criticality: 'criticality', dataClassification: 'data classification',
  internetFacing: 'internet-facing', replicas: 'replicas', description: 'description', owner: 'owner',
};

const FLOW_PROP_NAMES: Record<keyof FlowProps, string> = {
  protocol: 'protocol', port: 'port', authentication: 'authentication', encrypted: 'encryption', sync: 'sync',
  timeoutMs: 'timeout', retries: 'retries', circuitBreaker: 'circuit breaker', dataClassification: 'data classification',
  description: 'description',
};

function retriesText(retries: RetryProps): string {
  const extras = [retries.backoff && retries.backoff !== 'none' ? `${retries.backoff} backoff` : '', retries.jitter ? 'jitter' : ''].filter(Boolean);
  return `${retries.count}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

function valueText(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (key === 'timeoutMs') return `${String(value)} ms`;
  if (key === 'retries' && value && typeof value === 'object') return retriesText(value as RetryProps);
  if (typeof value === 'string' && value.length > 40) return `“${value.slice(0, 37)}…”`;
  return typeof value === 'string' && (key === 'description' || key === 'owner') ? `“${value}”` : String(value);
}

/** "Set timeout of a → b to 2000 ms", "Clear owner of orders-api": the label undo / redo show for one property. */
export function propertyLabel(target: string, key: string, value: unknown, names: Record<string, string>): string {
  const name = names[key] ?? key;
  if (value === null || value === undefined || value === '') return `Clear ${name} of ${target}`;
  return `Set ${name} of ${target} to ${valueText(key, value)}`;
}

export function componentPropLabel(id: string, key: keyof ComponentProps, value: unknown): string {
  return propertyLabel(id, key, value, COMPONENT_PROP_NAMES);
}

export function flowPropLabel(from: string, to: string, key: keyof FlowProps, value: unknown): string {
  return propertyLabel(flowName(from, to), key, value, FLOW_PROP_NAMES);
}

/** A component id from a typed name: what archbench.yaml uses as the key ("Fraud Check" -> "fraud-check"). */
export function idFromName(name: string): string {
  return name.trim().toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 200);
}
