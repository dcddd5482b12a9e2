/**
 * System-level reasoning over the whole model: the STRIDE threat model, attack paths and the
 * reliability picture (blast radius, single points of failure, per-flow resilience, playbooks).
 * Produced by main/threat, consumed by the workbench views, the reports and the diagrams.
 */
import type { Severity } from './finding.js';
import type { SourceLocation } from './model.js';

export type StrideLetter = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';

export const STRIDE_NAMES: Record<StrideLetter, string> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
};

export type Level = 'low' | 'medium' | 'high' | 'very-high';

/** One STRIDE threat on a component or a flow. */
export interface Threat {
  /** Stable id: `${category}:${elementId}:${kind}`; risk tracking applies to it like to a finding. */
  id: string;
  /** Same scheme as finding fingerprints, so archbench.yaml risk entries apply to threats too. */
  fingerprint: string;
  stride: StrideLetter;
  /** Short name of the threat pattern, e.g. `unauthenticated-access`, `plaintext-across-boundary`. */
  kind: string;
  title: string;
  description: string;
  elementType: 'component' | 'flow' | 'boundary' | 'endpoint' | 'table';
  element: string;
  likelihood: Level;
  impact: Level;
  severity: Severity;
  /** What in the files shows it (each with a location). */
  evidence: Array<{ message: string; location?: SourceLocation }>;
  mitigations: string[];
  /** Controls the files show that mitigate it; a threat fully mitigated is listed with status 'mitigated' and not raised. */
  controls: string[];
  status: 'open' | 'mitigated' | 'accepted' | 'false-positive' | 'in-progress';
  cwe?: number;
  location: SourceLocation;
  /** The system rule that raises this threat as a finding (same element and fingerprint), when one does. */
  ruleId?: string;
  /** Tells several threats of one kind on one element apart; part of the fingerprint. */
  key?: string;
  /** The archbench.yaml risk decision that set the status, when one did. */
  tracking?: { status: string; justification?: string; by?: string; date?: string; expires?: string; source?: SourceLocation };
}

/** A path from an internet entry point to a datastore with confidential data. */
export interface AttackPath {
  id: string;
  entry: string;
  target: string;
  /** Component ids along the path, entry first. */
  components: string[];
  /** Flow ids along the path. */
  flows: string[];
  /** Controls missing along the path: `no auth on frontend->cartservice`, `plaintext across boundary`, `no NetworkPolicy`, `table orders without RLS`. */
  missingControls: Array<{ flow?: string; component?: string; control: string; message: string }>;
  severity: Severity;
  /** Public endpoints that open the path, when known. */
  endpoints?: string[];
  /** How sensitive the target is and where that comes from (`archbench.yaml`, `assumed: ...`). */
  targetClassification?: { classification?: string; source: string; assumed: boolean };
  /** Assumptions made for this path (in-process data, inferred endpoint attachment). */
  notes?: string[];
}

export interface ThreatModel {
  threats: Threat[];
  attackPaths: AttackPath[];
  /** Components exposed to the internet (the entry points of attack paths). */
  entryPoints: string[];
  /** Datastores / caches / queues holding confidential or restricted data (the targets). */
  crownJewels: string[];
  /** Elements per STRIDE letter, for the matrix view. */
  summary: Record<StrideLetter, number>;
  /** Why each entry point is one and what (if anything) stands in front of it. */
  entryPointDetails?: Array<{ component: string; reasons: string[]; direct: string[]; guardedBy: string[] }>;
  /** Assumptions and limits of this threat model (defaults used, paths left out). */
  notes?: string[];
}

export interface FlowResilience {
  flow: string;
  from: string;
  to: string;
  sync: boolean;
  timeoutMs?: number;
  retries?: number;
  backoff?: string;
  circuitBreaker?: boolean;
  /** Where each fact came from (`env:PAYMENTS_TIMEOUT_MS`, `archbench.yaml`, `istio VirtualService`). */
  evidence: string[];
  missing: Array<'timeout' | 'retries' | 'backoff' | 'circuit-breaker'>;
}

export interface ComponentReliability {
  component: string;
  replicas?: number;
  /** Entry points and endpoints that fail when this component fails (through synchronous chains). */
  blastRadius: { components: string[]; entryPoints: string[]; endpoints: string[] };
  singlePointOfFailure: boolean;
  /** Why it is (or is not) a SPOF: `1 replica`, `no PodDisruptionBudget`, `no failover declared`. */
  reasons: string[];
  detection: Array<{ kind: 'probe' | 'healthcheck' | 'alert' | 'metrics' | 'none'; detail: string; location?: SourceLocation }>;
  signals: { metrics: boolean; tracing: boolean; logs: boolean; alerts: boolean };
  /** On the synchronous path of an entry point or a component declared critical. */
  criticalPath?: boolean;
  /** Sizes of the blast radius before its lists were capped (endpoints are listed up to 200). */
  totals?: { components: number; entryPoints: number; endpoints: number };
  /** Probe facts worth knowing (identical liveness/readiness, readiness that cannot see a dependency). */
  health?: string[];
  /** What keeps it from scaling out or surviving a restart (local state behind replicas, no HPA, cache without persistence). */
  blockers?: string[];
}

export interface PlaybookEntry {
  component: string;
  criticality?: string;
  /** Why it is in the playbook: `criticality: critical (archbench.yaml)`, `largest blast radius`, `datastore on a critical path`. */
  why?: string;
  scenarios: Array<{ failure: string; blastRadius: string[]; detection: string[]; recovery: string[] }>;
}

export interface ReliabilityReport {
  components: ComponentReliability[];
  flows: FlowResilience[];
  /** Longest synchronous call chains with the product of retries along them (retry amplification). */
  chains: Array<{ components: string[]; depth: number; retryAmplification: number; missingTimeouts: number; flows?: string[]; root?: string }>;
  playbook: PlaybookEntry[];
  /** Single points of failure (component ids), most entry points affected first. */
  singlePointsOfFailure?: string[];
  /** Replicas x pool size against max_connections, where both are declared. */
  connectionBudgets?: Array<{ datastore: string; maxConnections: number; total: number; callers: Array<{ component: string; replicas: number; poolSize: number; connections: number }>; unknownCallers: string[] }>;
  /** Assumptions and limits (what the model cannot show). */
  notes?: string[];
}

/** The single points of failure of a reliability report in its ranking (`singlePointsOfFailure`: most entry points affected first). */
export function rankedSinglePoints(report: ReliabilityReport): ComponentReliability[] {
  const order = report.singlePointsOfFailure ?? [];
  const rank = new Map(order.map((id, index) => [id, index]));
  return report.components.filter((c) => c.singlePointOfFailure).sort((a, b) => (rank.get(a.component) ?? order.length) - (rank.get(b.component) ?? order.length));
}
