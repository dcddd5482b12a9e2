import type { Rule } from '../../rule.js';
import { deprecatedApiVersion } from './api-versions.js';
import { hpaMinReplicas, hpaTargetMissing, staticReplicasUnderHpa } from './autoscaling.js';
import { antiAffinityMissing, pdbBlocksEviction, pdbMissing, policySelectsNothing, rollingUpdateUnsafe, singleReplica } from './availability.js';
import { dangerousCapabilityAdded, netRawNotDropped } from './capabilities.js';
import { composeDependsOnNotHealthy, composeHealthcheckMissing, composeRestartPolicyMissing } from './compose-lifecycle.js';
import { ingressServiceMissing, serviceSelectorNoMatch, statefulSetServiceName } from './dangling.js';
import { duplicateEnv } from './env.js';
import {
  datastorePortPublished, networkPolicyMissing, portBoundAllInterfaces, privilegedHostPort, serviceExposed, sshPortExposed,
} from './exposure.js';
import { dockerSocketMounted, hostNamespace, hostPort, sensitiveHostPath } from './host-access.js';
import { imageLatestTag, imageNotPinned } from './images.js';
import { cronJobConcurrencyPolicy, cronJobDeadlineMissing, jobDeadlineMissing, jobTtlMissing } from './jobs.js';
import { privilegedContainer, privilegeEscalationAllowed, runAsRoot, writableRootFilesystem } from './privileges.js';
import { livenessProbeMissing, probePortNotExposed, probesIdentical, readinessProbeMissing } from './probes.js';
import { clusterAdminBinding, rbacSecretsAccess, rbacWildcard } from './rbac.js';
import { cpuLimitUnset, ephemeralStorageUnbounded, memoryLimitUnset, resourceRequestsUnset } from './resources.js';
import { seccompProfileUnset, seccompUnconfined } from './seccomp.js';
import { secretInConfigMap, secretLiteralInEnv, secretViaEnv } from './secrets.js';
import { defaultNamespace, defaultServiceAccount, serviceAccountTokenAutomount } from './service-accounts.js';
import { singleReplicaDependency } from './single-replica-dependency.js';

/** Compose and Kubernetes reliability and security rules. */
export const INFRA_RULES: readonly Rule[] = [
  // Reliability
  readinessProbeMissing, livenessProbeMissing, probesIdentical, probePortNotExposed,
  composeHealthcheckMissing, composeDependsOnNotHealthy, composeRestartPolicyMissing,
  singleReplica, pdbMissing, pdbBlocksEviction, antiAffinityMissing, rollingUpdateUnsafe, policySelectsNothing,
  hpaTargetMissing, hpaMinReplicas, staticReplicasUnderHpa,
  resourceRequestsUnset, memoryLimitUnset, cpuLimitUnset, ephemeralStorageUnbounded,
  serviceSelectorNoMatch, ingressServiceMissing, statefulSetServiceName,
  cronJobDeadlineMissing, cronJobConcurrencyPolicy, jobTtlMissing, jobDeadlineMissing,
  deprecatedApiVersion, duplicateEnv, imageLatestTag, imageNotPinned, singleReplicaDependency,
  // Security
  privilegedContainer, runAsRoot, privilegeEscalationAllowed, writableRootFilesystem,
  netRawNotDropped, dangerousCapabilityAdded,
  hostNamespace, dockerSocketMounted, sensitiveHostPath, hostPort,
  seccompUnconfined, seccompProfileUnset,
  secretLiteralInEnv, secretInConfigMap, secretViaEnv,
  networkPolicyMissing, serviceExposed, portBoundAllInterfaces, privilegedHostPort, sshPortExposed, datastorePortPublished,
  defaultNamespace, defaultServiceAccount, serviceAccountTokenAutomount,
  rbacWildcard, clusterAdminBinding, rbacSecretsAccess,
];
