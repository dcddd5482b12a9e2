/**
 * The system analysis of one model: its index, exposure and reliability facts, and every detector's
 * issues, each computed once and only when asked for. The threat model, the reliability report and the
 * system rules of one analysis run all read from the same instance (cached on the model).
 */
import type { Component, SystemModel } from '../../shared/model/model.js';
import { exposureOf, type Exposure } from './exposure.js';
import type { SystemIssue } from './issues.js';
import { deploymentUnknown, undeployedFlow } from '../../shared/model/inferred.js';
import { indexModel, type ModelIndex } from './model-index.js';
import { readMonitoringObjects, signalsOf, type MonitoringObjects, type Signals } from './observability.js';
import { reliabilityCore, type ReliabilityCore } from './reliability-core.js';
import {
  callsWithoutTimeout, connectionBudgetExceeded, publicPathWithoutAutoscaler, retriesOnNonIdempotent, retriesWithoutBackoff, retryAmplification,
  singlePointsOfFailure, statefulBehindLoadBalancer, unobservedCriticalComponents,
} from './reliability-issues.js';
import {
  denialOfServiceThreats, encryptionAtRestThreats, identityNotPropagated, injectionThreats, missingSegmentation, plaintextFlows, privilegedRuntimeThreats,
  repudiationThreats, secretsWithoutVault, serverSideRequestForgery, unauthenticatedEndpoints, unauthenticatedFlows, unguardedDatastoreAccess,
  unguardedInternetAccess, type IssueContext,
} from './security-issues.js';

export interface SystemAnalysis extends IssueContext {
  /** Issues of one detector kind (computed on first use). */
  issues(kind: DetectorKind): SystemIssue[];
  /** Observability signals of a component (with Kubernetes monitoring objects when files can be read). */
  signals(component: Component): Signals;
}

export type DetectorKind =
  | 'unguarded-internet-access' | 'unguarded-datastore-access' | 'missing-segmentation' | 'secrets-without-vault' | 'identity-not-propagated'
  | 'ssrf' | 'plaintext-flow' | 'unauthenticated-flow' | 'injection' | 'dos-across-boundary' | 'unauthenticated-endpoint' | 'privileged-runtime'
  | 'unencrypted-at-rest' | 'no-audit-trail' | 'sync-call-without-timeout' | 'retry-without-backoff' | 'retry-non-idempotent' | 'retry-amplification'
  | 'single-point-of-failure' | 'critical-path-unobserved' | 'stateful-behind-load-balancer' | 'public-path-no-autoscaler' | 'connection-budget';

/** Detectors whose issues are STRIDE threats of the threat model. */
export const THREAT_DETECTORS: readonly DetectorKind[] = [
  'unguarded-internet-access', 'unguarded-datastore-access', 'missing-segmentation', 'secrets-without-vault', 'identity-not-propagated', 'ssrf',
  'plaintext-flow', 'unauthenticated-flow', 'injection', 'dos-across-boundary', 'unauthenticated-endpoint', 'privileged-runtime', 'unencrypted-at-rest',
  'no-audit-trail', 'single-point-of-failure',
];

/** Detectors that judge how a component is deployed (replicas, what is in front, monitoring, runtime, storage). */
const DEPLOYMENT_DETECTORS: ReadonlySet<DetectorKind> = new Set<DetectorKind>([
  'unguarded-internet-access', 'missing-segmentation', 'secrets-without-vault', 'privileged-runtime', 'unencrypted-at-rest', 'no-audit-trail',
  'single-point-of-failure', 'critical-path-unobserved', 'stateful-behind-load-balancer', 'public-path-no-autoscaler', 'connection-budget', 'dos-across-boundary',
]);

const cache = new WeakMap<ModelIndex, { withFiles?: SystemAnalysis; withoutFiles?: SystemAnalysis }>();

/** The analysis of a model; `readText` lets it read Kubernetes monitoring objects from the files. */
export function systemAnalysis(model: SystemModel, readText?: (path: string) => string | undefined): SystemAnalysis {
  const index = indexModel(model);
  const entry = cache.get(index) ?? {};
  cache.set(index, entry);
  const slot = readText ? 'withFiles' : 'withoutFiles';
  const known = entry[slot];
  if (known) return known;
  const exposure: Exposure = exposureOf(index);
  const core: ReliabilityCore = reliabilityCore(index);
  let monitoring: MonitoringObjects | undefined;
  const signalCache = new Map<string, Signals>();
  const signals = (component: Component): Signals => {
    let found = signalCache.get(component.id);
    if (!found) {
      if (readText && !monitoring) monitoring = readMonitoringObjects(index, readText);
      found = signalsOf(index, component, monitoring);
      signalCache.set(component.id, found);
    }
    return found;
  };
  const context: IssueContext = { index, exposure, core };
  const detectors: Record<DetectorKind, () => SystemIssue[]> = {
    'unguarded-internet-access': () => unguardedInternetAccess(context),
    'unguarded-datastore-access': () => unguardedDatastoreAccess(context),
    'missing-segmentation': () => missingSegmentation(context),
    'secrets-without-vault': () => secretsWithoutVault(context),
    'identity-not-propagated': () => identityNotPropagated(context),
    'ssrf': () => serverSideRequestForgery(context),
    'plaintext-flow': () => plaintextFlows(context),
    'unauthenticated-flow': () => unauthenticatedFlows(context),
    'injection': () => injectionThreats(context),
    'dos-across-boundary': () => denialOfServiceThreats(context),
    'unauthenticated-endpoint': () => unauthenticatedEndpoints(context),
    'privileged-runtime': () => privilegedRuntimeThreats(context),
    'unencrypted-at-rest': () => encryptionAtRestThreats(context),
    'no-audit-trail': () => repudiationThreats(context, signals),
    'sync-call-without-timeout': () => callsWithoutTimeout(context),
    'retry-without-backoff': () => retriesWithoutBackoff(context),
    'retry-non-idempotent': () => retriesOnNonIdempotent(context),
    'retry-amplification': () => retryAmplification(context),
    'single-point-of-failure': () => singlePointsOfFailure(context),
    'critical-path-unobserved': () => unobservedCriticalComponents(context, signals),
    'stateful-behind-load-balancer': () => statefulBehindLoadBalancer(context),
    'public-path-no-autoscaler': () => publicPathWithoutAutoscaler(context),
    'connection-budget': () => connectionBudgetExceeded(context),
  };
  const results = new Map<DetectorKind, SystemIssue[]>();
  // A flow between two components the project does not deploy (Supabase's Data API and its database) is the platform's:
  // its TLS, timeouts and queries are not the project's to judge.
  const componentOf = (id: string) => index.byId.get(id);
  const undeployed = new Set(index.model.flows.filter((flow) => undeployedFlow(flow, componentOf)).map((flow) => flow.id));
  const judgedOnDeployment = (issue: SystemIssue) => (issue.elementType === 'flow' && undeployed.has(issue.element))
    || (DEPLOYMENT_DETECTORS.has(issue.kind as DetectorKind) && issue.elementType === 'component' && deploymentUnknown(index.byId.get(issue.element)));
  const analysis: SystemAnalysis = {
    ...context,
    issues(kind) {
      let found = results.get(kind);
      if (!found) {
        found = detectors[kind]().filter((issue) => !judgedOnDeployment(issue));
        results.set(kind, found);
      }
      return found;
    },
    signals,
  };
  entry[slot] = analysis;
  return analysis;
}
