/** Reading Kubernetes security contexts (pod defaults, container overrides) and compose security options. */
import type { SourceLocation } from '../../../../shared/model/model.js';
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { ComposeService, Container, Path, Workload } from './manifests.js';

/** Fields a pod-level securityContext sets for every container. */
const POD_LEVEL = new Set(['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile', 'seLinuxOptions', 'appArmorProfile', 'windowsOptions']);

/** A container's effective security setting: its own, else the pod's default for pod-level fields. */
export function effective(workload: Workload, container: Container, key: string): unknown {
  const own = container.securityContext[key];
  if (own !== undefined || !POD_LEVEL.has(key)) return own;
  return asRecord(workload.podSpec.securityContext)?.[key];
}

/** Where a security setting is (or belongs): the field, the pod default, the container's securityContext, or the container. */
export function securityLocation(workload: Workload, container: Container, key: string, subpath: Path = []): SourceLocation {
  if (container.securityContext[key] !== undefined) return container.at(['securityContext', key, ...subpath]);
  if (POD_LEVEL.has(key) && asRecord(workload.podSpec.securityContext)?.[key] !== undefined) return workload.atPod(['securityContext', key, ...subpath]);
  if (container.value.securityContext !== undefined) return container.at(['securityContext']);
  return container.at([]);
}

/** Every container of a pod, init containers included. */
export function everyContainer(workload: Workload): Container[] {
  return [...workload.containers, ...workload.initContainers];
}

/** A Windows pod: Linux-only settings (runAsNonRoot, capabilities, seccomp) do not apply. */
export function windowsPod(workload: Workload): boolean {
  return asString(asRecord(workload.podSpec.os)?.name) === 'windows';
}

/** Capability names without the `CAP_` prefix, upper-cased. */
export function capabilityNames(value: unknown): string[] {
  return asArray(value).map((entry) => String(entry).toUpperCase().replace(/^CAP_/, ''));
}

/** Compose `security_opt` entries as [option, value] pairs (`no-new-privileges:true`, `seccomp=unconfined`, bare `no-new-privileges`). */
export function securityOptions(service: ComposeService): Array<{ option: string; value: string; index: number }> {
  return asArray(service.value.security_opt).flatMap((entry, index) => {
    const text = asString(entry);
    if (!text) return [];
    const match = /^([^:=]+)[:=]?(.*)$/.exec(text.trim());
    return match ? [{ option: match[1].trim().toLowerCase(), value: match[2].trim(), index }] : [];
  });
}
