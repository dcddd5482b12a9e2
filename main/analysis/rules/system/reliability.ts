/**
 * System-level reliability rules: timeouts and retries along synchronous call chains, single points of
 * failure on critical paths, observability of the critical path, state behind replicas, autoscaling of
 * the public path and connection budgets. Per-workload checks (replicas, PDBs, probes) are the infra rules'.
 */
import { SYSTEM_REFERENCES as REF, systemRule } from './system-rule.js';

export const syncCallWithoutTimeout = systemRule({
  id: 'sys.sync-call-without-timeout',
  title: 'Synchronous call without a timeout',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 1088,
  rationale: 'A request/response call with no timeout waits as long as the callee takes. One slow dependency then holds the caller\'s threads and '
    + 'connections until it stops serving too, and the failure climbs the chain to the entry point. The deeper the chain and the closer to a '
    + 'critical path, the wider the outage (severity rises with both; calls inferred only from depends_on are low).',
  remediation: 'Set a client timeout on every call, each below the caller\'s own deadline (the timeout budget shrinks down the chain). Declare it in '
    + 'the caller\'s env (`PAYMENTS_TIMEOUT_MS`) or in archbench.yaml `flows[].timeoutMs` so the model can see it.',
  references: [REF.timeouts, REF.overload, REF.cwe(1088)],
}, 'sync-call-without-timeout');

export const retryWithoutBackoff = systemRule({
  id: 'sys.retry-without-backoff',
  title: 'Retries without backoff',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 400,
  rationale: 'Immediate retries turn a struggling dependency\'s errors into more load on it at the worst moment; every client retrying in step keeps it '
    + 'down after the original cause is gone.',
  remediation: 'Retry with exponential backoff and jitter, cap the attempts and the total retry budget; declare it in archbench.yaml `retries.backoff`.',
  references: [REF.timeouts, REF.retryBudgets],
}, 'retry-without-backoff');

export const retryOnNonIdempotent = systemRule({
  id: 'sys.retry-non-idempotent',
  title: 'Retries on non-idempotent operations',
  category: 'reliability',
  severity: 'high',
  stride: 'T',
  cwe: 837,
  rationale: 'A retry policy on a flow into a service whose POST or PATCH operations take no Idempotency-Key repeats writes the callee may already have '
    + 'applied: after a timeout the retry creates a second order or charges the card twice.',
  remediation: 'Send an Idempotency-Key on retried writes and deduplicate on it in the callee, or restrict the retry policy to idempotent methods.',
  references: [REF.idempotency, REF.timeouts, REF.cwe(837)],
}, 'retry-non-idempotent');

export const retryAmplification = systemRule({
  id: 'sys.retry-amplification',
  title: 'Retry amplification along a call chain',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 400,
  rationale: 'When several hops of a synchronous chain retry, the attempts multiply: three attempts at each of three hops make one user request 27 calls '
    + 'to the bottom service, exactly when it is failing. Reported when the product of (retries + 1) along a chain is above 8.',
  remediation: 'Retry at one layer (usually the outermost), make inner hops fail fast, and use retry budgets or circuit breakers so retries stop when '
    + 'a dependency is down.',
  references: [REF.retryBudgets, REF.timeouts, REF.overload],
}, 'retry-amplification');

export const spofOnCriticalPath = systemRule({
  id: 'sys.spof-critical-path',
  title: 'Single point of failure on a critical path',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 410,
  rationale: 'A component that runs one replica (or a datastore with no failover) and sits on the synchronous path of an entry point or a critical '
    + 'component takes everything upstream of it down when it fails: its blast radius is the finding\'s message. Unlike the per-workload replica '
    + 'rules this follows the call graph across compose, Kubernetes and declared models.',
  remediation: 'Run it replicated (at least 2 replicas over nodes with a PodDisruptionBudget; a replicated datastore with automatic failover), and make '
    + 'its callers degrade gracefully with timeouts, fallbacks and circuit breakers.',
  references: [REF.disruptions, REF.overload, REF.cwe(410)],
}, 'single-point-of-failure');

export const criticalPathUnobserved = systemRule({
  id: 'sys.critical-path-unobserved',
  title: 'Critical-path component without metrics or alerts',
  category: 'reliability',
  severity: 'low',
  stride: 'R',
  cwe: 778,
  rationale: 'A component on the path of an entry point with no metrics (no metrics port, Prometheus annotation, ServiceMonitor or OpenTelemetry settings) '
    + 'and no alert rule fails silently: users notice before the team does, and the incident starts without data.',
  remediation: 'Expose RED metrics (rate, errors, duration), scrape them (ServiceMonitor / annotations), and alert on the error rate and latency of the '
    + 'entry points it serves; record alerts in archbench.yaml `properties.alerts` when they live elsewhere.',
  references: [REF.monitoring, REF.cwe(778)],
}, 'critical-path-unobserved');

export const statefulBehindLoadBalancer = systemRule({
  id: 'sys.stateful-behind-load-balancer',
  title: 'Stateful component load-balanced over replicas',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  rationale: 'A component that keeps state on a local volume, or a datastore run as a Deployment, with more than one replica behind one Service or address: '
    + 'each replica has its own copy, so a read lands on a replica that never saw the write.',
  remediation: 'Move the state to a shared datastore; run datastores as a StatefulSet with replication and a headless Service (or an operator); otherwise '
    + 'run one replica and accept the single point of failure explicitly.',
  references: [REF.statefulSets],
}, 'stateful-behind-load-balancer');

export const publicPathWithoutAutoscaler = systemRule({
  id: 'sys.public-path-no-autoscaler',
  title: 'Public-path service without autoscaling',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 400,
  rationale: 'A Deployment on the synchronous path of an internet entry point with a fixed replica count cannot absorb a traffic spike; it saturates and its '
    + 'errors propagate to the entry point.',
  remediation: 'Add a HorizontalPodAutoscaler (CPU or request-rate based) with minReplicas of at least 2 and set resource requests so it can scale.',
  references: [REF.hpa, REF.overload],
}, 'public-path-no-autoscaler');

export const connectionBudget = systemRule({
  id: 'sys.connection-budget',
  title: 'Connection budget exceeds max_connections',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 770,
  rationale: 'The callers of a PostgreSQL or MySQL datastore can open replicas x pool size connections (at the autoscaler\'s maximum), more than the '
    + 'server\'s max_connections: at peak, or during a rolling update when old and new pods overlap, new connections are refused and requests fail.',
  remediation: 'Put a connection pooler (PgBouncer) in front, lower the per-replica pool size, or raise max_connections with the memory to match.',
  references: [REF.postgresConnections, REF.cwe(770)],
}, 'connection-budget');

export const RELIABILITY_SYSTEM_RULES = [
  syncCallWithoutTimeout, retryWithoutBackoff, retryOnNonIdempotent, retryAmplification, spofOnCriticalPath, criticalPathUnobserved,
  statefulBehindLoadBalancer, publicPathWithoutAutoscaler, connectionBudget,
];
