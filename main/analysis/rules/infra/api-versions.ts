/** Kubernetes objects written against API versions that newer clusters no longer serve. */
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeObject, infraIndex } from './manifests.js';

interface Removal { removedIn: string; use: string }

/** apiVersion (optionally `apiVersion kind`) -> the release that stopped serving it and what replaces it (Kubernetes deprecation guide). */
const REMOVED: Record<string, Removal> = {
  'extensions/v1beta1 Deployment': { removedIn: '1.16', use: 'apps/v1' },
  'extensions/v1beta1 DaemonSet': { removedIn: '1.16', use: 'apps/v1' },
  'extensions/v1beta1 ReplicaSet': { removedIn: '1.16', use: 'apps/v1' },
  'extensions/v1beta1 NetworkPolicy': { removedIn: '1.16', use: 'networking.k8s.io/v1' },
  'extensions/v1beta1 PodSecurityPolicy': { removedIn: '1.16', use: 'Pod Security Admission (PodSecurityPolicy itself was removed in 1.25)' },
  'extensions/v1beta1 Ingress': { removedIn: '1.22', use: 'networking.k8s.io/v1' },
  'apps/v1beta1': { removedIn: '1.16', use: 'apps/v1' },
  'apps/v1beta2': { removedIn: '1.16', use: 'apps/v1' },
  'networking.k8s.io/v1beta1': { removedIn: '1.22', use: 'networking.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1': { removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1alpha1': { removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  'apiextensions.k8s.io/v1beta1': { removedIn: '1.22', use: 'apiextensions.k8s.io/v1' },
  'admissionregistration.k8s.io/v1beta1': { removedIn: '1.22', use: 'admissionregistration.k8s.io/v1' },
  'apiregistration.k8s.io/v1beta1': { removedIn: '1.22', use: 'apiregistration.k8s.io/v1' },
  'authentication.k8s.io/v1beta1': { removedIn: '1.22', use: 'authentication.k8s.io/v1' },
  'authorization.k8s.io/v1beta1': { removedIn: '1.22', use: 'authorization.k8s.io/v1' },
  'certificates.k8s.io/v1beta1': { removedIn: '1.22', use: 'certificates.k8s.io/v1' },
  'coordination.k8s.io/v1beta1': { removedIn: '1.22', use: 'coordination.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1': { removedIn: '1.22', use: 'scheduling.k8s.io/v1' },
  'scheduling.k8s.io/v1alpha1': { removedIn: '1.17', use: 'scheduling.k8s.io/v1' },
  'storage.k8s.io/v1beta1 CSIStorageCapacity': { removedIn: '1.27', use: 'storage.k8s.io/v1' },
  'storage.k8s.io/v1beta1': { removedIn: '1.22', use: 'storage.k8s.io/v1' },
  'batch/v1beta1': { removedIn: '1.25', use: 'batch/v1' },
  'batch/v2alpha1': { removedIn: '1.21', use: 'batch/v1' },
  'policy/v1beta1 PodSecurityPolicy': { removedIn: '1.25', use: 'Pod Security Admission (PodSecurityPolicy has no replacement API)' },
  'policy/v1beta1': { removedIn: '1.25', use: 'policy/v1' },
  'discovery.k8s.io/v1beta1': { removedIn: '1.25', use: 'discovery.k8s.io/v1' },
  'events.k8s.io/v1beta1': { removedIn: '1.25', use: 'events.k8s.io/v1' },
  'node.k8s.io/v1beta1': { removedIn: '1.25', use: 'node.k8s.io/v1' },
  'autoscaling/v2beta1': { removedIn: '1.25', use: 'autoscaling/v2' },
  'autoscaling/v2beta2': { removedIn: '1.26', use: 'autoscaling/v2' },
  'flowcontrol.apiserver.k8s.io/v1beta1': { removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta3': { removedIn: '1.32', use: 'flowcontrol.apiserver.k8s.io/v1' },
};

export const deprecatedApiVersion: Rule = {
  id: 'infra.deprecated-api-version',
  title: 'Object uses a removed Kubernetes API version',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 477,
  rationale: 'Clusters from the listed release on no longer serve the API version: applying the manifest fails, so the next cluster '
    + 'upgrade or disaster-recovery install breaks deployments that worked for years.',
  remediation: 'Move the object to the replacement API version (`kubectl convert` or the deprecation guide) and check the fields that '
    + 'changed (for example Ingress backends, a required Deployment selector).',
  references: [DOCS.deprecations],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.objects.map((object): RuleHit | undefined => {
      const removal = REMOVED[`${object.apiVersion} ${object.kind}`] ?? REMOVED[object.apiVersion];
      if (!removal) return undefined;
      return {
        message: `${describeObject(object)} uses ${object.apiVersion}, which Kubernetes ${removal.removedIn} and later no longer serve; use ${removal.use}.`,
        location: object.at(['apiVersion']),
        element: object.element,
        evidence: `apiVersion: ${object.apiVersion}`,
      };
    }));
  },
};
