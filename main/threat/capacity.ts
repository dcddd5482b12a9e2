/**
 * Connection budget of each PostgreSQL (or MySQL) datastore: the callers' replicas (the autoscaler's
 * maximum when there is one) times their connection-pool size (`DB_POOL_SIZE`, `*_POOL_MAX`, ...)
 * against the server's `max_connections` (compose `command: -c max_connections=N`, or archbench.yaml
 * `properties.maxConnections`). Only judged where both sides are declared.
 */
import type { Component, EnvVar, SourceLocation } from '../../shared/model/model.js';
import type { ModelIndex } from './model-index.js';

export interface ConnectionBudget {
  datastore: string;
  maxConnections: number;
  /** Where max_connections is set. */
  maxConnectionsSource: SourceLocation;
  callers: Array<{ component: string; replicas: number; replicasFrom: string; poolSize: number; pool: EnvVar; connections: number }>;
  /** Callers whose pool size is not declared (not counted). */
  unknownCallers: string[];
  total: number;
}

const POOL = /(^|_)(POOL_SIZE|POOL_MAX|MAX_POOL_SIZE|POOL_MAX_SIZE|MAX_POOL|POOLSIZE|MAX_CONNECTIONS|MAXIMUM_POOL_SIZE|CONNECTION_LIMIT|DEFAULT_POOL_SIZE)$|^DB_POOL|^DATABASE_POOL/;
const OVERFLOW = /(^|_)MAX_OVERFLOW$/;

/** Connection budgets of the model's relational datastores where both sides are declared. */
export function connectionBudgets(index: ModelIndex): ConnectionBudget[] {
  const out: ConnectionBudget[] = [];
  for (const datastore of index.model.components) {
    if (datastore.kind !== 'datastore') continue;
    const limit = maxConnectionsOf(datastore);
    if (!limit) continue;
    const callers: ConnectionBudget['callers'] = [];
    const unknownCallers: string[] = [];
    for (const flow of index.incoming.get(datastore.id) ?? []) {
      const caller = index.byId.get(flow.from);
      if (!caller || callers.some((entry) => entry.component === caller.id)) continue;
      const pool = poolOf(caller);
      if (!pool) { unknownCallers.push(caller.id); continue; }
      const { replicas, from } = worstCaseReplicas(caller);
      const overflow = (caller.env ?? []).find((variable) => OVERFLOW.test(variable.name.toUpperCase()) && /^\d+$/.test(variable.value ?? ''));
      const poolSize = Number(pool.value) + (overflow ? Number(overflow.value) : 0);
      callers.push({ component: caller.id, replicas, replicasFrom: from, poolSize, pool, connections: replicas * poolSize });
    }
    if (!callers.length) continue;
    out.push({ datastore: datastore.id, maxConnections: limit.value, maxConnectionsSource: limit.source, callers, unknownCallers, total: callers.reduce((sum, caller) => sum + caller.connections, 0) });
  }
  return out;
}

function maxConnectionsOf(component: Component): { value: number; source: SourceLocation } | undefined {
  const declared = Number(component.properties?.maxConnections);
  if (Number.isFinite(declared) && declared > 0) return { value: declared, source: component.source };
  const command = component.properties?.command;
  const text = Array.isArray(command) ? command.map(String).join(' ') : typeof command === 'string' ? command : '';
  const match = /max_connections\s*=\s*(\d+)/.exec(text);
  if (match) return { value: Number(match[1]), source: component.source };
  for (const variable of component.env ?? []) {
    if (/^(POSTGRES_MAX_CONNECTIONS|PG_MAX_CONNECTIONS|MYSQL_MAX_CONNECTIONS|MAX_CONNECTIONS)$/i.test(variable.name) && /^\d+$/.test(variable.value ?? '')) {
      return { value: Number(variable.value), source: variable.source ?? component.source };
    }
  }
  return undefined;
}

function poolOf(component: Component): EnvVar | undefined {
  return (component.env ?? []).find((variable) => POOL.test(variable.name.toUpperCase()) && /^\s*\d+\s*$/.test(variable.value ?? ''));
}

/** Replicas in the worst case: the autoscaler's maximum, else the declared count, else 1. */
export function worstCaseReplicas(component: Component): { replicas: number; from: string } {
  const autoscaler = component.properties?.autoscaler as { maxReplicas?: unknown; name?: string } | undefined;
  const maximum = Number(autoscaler?.maxReplicas);
  if (Number.isFinite(maximum) && maximum > 0) return { replicas: maximum, from: `HorizontalPodAutoscaler ${autoscaler?.name ?? ''} maxReplicas`.replace('  ', ' ') };
  if (component.replicas !== undefined) return { replicas: component.replicas, from: 'replicas' };
  return { replicas: 1, from: 'replicas not declared (1)' };
}
