// Availability rules: replicas, PodDisruptionBudgets, spreading, rollout strategy, stale selectors, autoscalers.
import { describe, expect, it } from 'vitest';
import { hpaMinReplicas, hpaTargetMissing, staticReplicasUnderHpa } from '../../../../main/analysis/rules/infra/autoscaling.js';
import {
  antiAffinityMissing, pdbBlocksEviction, pdbMissing, policySelectsNothing, rollingUpdateUnsafe, singleReplica,
} from '../../../../main/analysis/rules/infra/availability.js';
import { at, edit, GOOD_JOBS, GOOD_K8S, none, only } from './support.js';

const PDB = `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: api
`;
const SPREAD = `      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: api
`;
const hpa = (target: string, minReplicas: number) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${target}
  minReplicas: ${minReplicas}
  maxReplicas: 10
`;

describe('infra.single-replica', () => {
  it('reports replicas: 1 at the replicas line', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'replicas: 3', 'replicas: 1') };
    const finding = only(singleReplica, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'shop.yaml', 'replicas: 1') });
    expect(finding.message).toBe('Deployment shop/api runs a single replica: it is unavailable during every node drain, crash or rollout failure.');
  });

  it('reports unset replicas at the workload name', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '') };
    expect(only(singleReplica, files).location).toMatchObject(at(files, 'shop.yaml', '  name: api', 1));
  });

  it('is silent for replicated workloads, Jobs, DaemonSets and autoscaled workloads', () => {
    none(singleReplica, { 'shop.yaml': GOOD_K8S, 'jobs.yaml': GOOD_JOBS });
    none(singleReplica, { 'shop.yaml': edit(GOOD_K8S, 'kind: Deployment', 'kind: DaemonSet') });
    none(singleReplica, { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '') + hpa('api', 2) });
  });
});

describe('infra.pdb-missing', () => {
  it('reports a replicated Deployment no budget selects, at its name', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, PDB, '') };
    const finding = only(pdbMissing, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '  name: api', 1));
    expect(finding.message).toContain('Deployment shop/api runs 3 replicas but no PodDisruptionBudget selects its pods');
  });

  it('is silent with a budget, and for single replicas (a budget cannot help them)', () => {
    none(pdbMissing, { 'shop.yaml': GOOD_K8S });
    none(pdbMissing, { 'shop.yaml': edit(edit(GOOD_K8S, PDB, ''), 'replicas: 3', 'replicas: 1') });
  });
});

describe('infra.pdb-blocks-eviction', () => {
  it('reports maxUnavailable: 0 at that line', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'maxUnavailable: 1', 'maxUnavailable: 0') };
    const finding = only(pdbBlocksEviction, files);
    expect(finding).toMatchObject({ element: 'shop.yaml#PodDisruptionBudget/shop/api', location: at(files, 'shop.yaml', 'maxUnavailable: 0') });
  });

  it('reports minAvailable equal to the replica count', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'maxUnavailable: 1', 'minAvailable: 3') };
    const finding = only(pdbBlocksEviction, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'minAvailable: 3'));
    expect(finding.message).toContain('minAvailable is 3 and api runs 3 replicas');
  });

  it('is silent when a pod may be evicted', () => {
    none(pdbBlocksEviction, { 'shop.yaml': GOOD_K8S });
    none(pdbBlocksEviction, { 'shop.yaml': edit(GOOD_K8S, 'maxUnavailable: 1', 'minAvailable: 2') });
  });
});

describe('infra.anti-affinity-missing', () => {
  it('reports replicas with no spread constraint, at the pod spec', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, SPREAD, '') };
    expect(only(antiAffinityMissing, files).location).toMatchObject(at(files, 'shop.yaml', '    spec:'));
  });

  it('is silent with topology spread or pod anti-affinity', () => {
    none(antiAffinityMissing, { 'shop.yaml': GOOD_K8S });
    none(antiAffinityMissing, { 'shop.yaml': edit(GOOD_K8S, SPREAD, `      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    app: api
`) });
  });
});

describe('infra.rolling-update-unsafe', () => {
  it('reports the Recreate strategy at its type', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '  replicas: 3\n  strategy:\n    type: Recreate\n') };
    expect(only(rollingUpdateUnsafe, files).location).toMatchObject(at(files, 'shop.yaml', 'type: Recreate'));
  });

  it('reports a maxUnavailable that covers every replica', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 100%\n') };
    expect(only(rollingUpdateUnsafe, files).location).toMatchObject(at(files, 'shop.yaml', 'maxUnavailable: 100%'));
  });

  it('is silent for the default and for bounded rolling updates', () => {
    none(rollingUpdateUnsafe, { 'shop.yaml': GOOD_K8S });
    none(rollingUpdateUnsafe, { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 1\n') });
  });
});

describe('infra.policy-selects-nothing', () => {
  it('reports a budget whose selector matches no workload, at the selector', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, PDB, PDB.replace('app: api', 'app: api-v1')) };
    const finding = only(policySelectsNothing, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '  selector:', 3)); // Deployment, Service, then the budget
    expect(finding.message).toContain('PodDisruptionBudget shop/api selects no pods');
  });

  it('is silent for matching and namespace-wide selectors', () => {
    none(policySelectsNothing, { 'shop.yaml': GOOD_K8S });
  });
});

describe('infra.hpa-target-missing', () => {
  it('reports an autoscaler scaling a Deployment no manifest defines, at the target name', () => {
    const files = { 'shop.yaml': GOOD_K8S + hpa('api-v2', 3) };
    const finding = only(hpaTargetMissing, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'name: api-v2'));
  });

  it('is silent when the target exists', () => {
    none(hpaTargetMissing, { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '') + hpa('api', 3) });
  });
});

describe('infra.hpa-min-replicas', () => {
  it('reports minReplicas 1 at that line', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '') + hpa('api', 1) };
    expect(only(hpaMinReplicas, files).location).toMatchObject(at(files, 'shop.yaml', 'minReplicas: 1'));
  });

  it('is silent for minReplicas 2 or more', () => {
    none(hpaMinReplicas, { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '') + hpa('api', 2) });
  });
});

describe('infra.static-replicas-under-hpa', () => {
  it('reports spec.replicas on an autoscaled workload, at replicas', () => {
    const files = { 'shop.yaml': GOOD_K8S + hpa('api', 3) };
    const finding = only(staticReplicasUnderHpa, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'replicas: 3'));
    expect(finding.related?.[0]).toMatchObject({ file: 'shop.yaml', message: 'HorizontalPodAutoscaler shop/api' });
  });

  it('is silent when the autoscaler alone sets the count', () => {
    none(staticReplicasUnderHpa, { 'shop.yaml': edit(GOOD_K8S, '  replicas: 3\n', '') + hpa('api', 3) });
    none(staticReplicasUnderHpa, { 'shop.yaml': GOOD_K8S });
  });
});
