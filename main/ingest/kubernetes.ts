/**
 * Kubernetes manifests (multi-document YAML or JSON, plain or Kustomize-rendered): one component
 * per workload (id = metadata.name), namespaces as trust boundaries, and the raw facts the merge
 * needs to wire files together: Services (selector -> workload), Ingresses, NetworkPolicies, PDBs,
 * HPAs and env values that name a Service. Unrendered Helm templates are reported, not parsed.
 */
import type { Component, EnvVar, PortBinding, Probe, SourceLocation, TrustBoundary } from '../../shared/model/model.js';
import { asArray, asNumber, asRecord, asString, compact, newComponent, strings, text } from './elements.js';
import { findHostMentions } from './hosts.js';
import { inferKind } from './kinds.js';
import { parseStructured, sourceAt, type PathSegment } from './positions.js';
import type { FileContribution, Importer, KubernetesFacts, KubernetesIngressFact } from './types.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

/** Import one Kubernetes manifest file. */
export const importKubernetes: Importer = (file, environment, out) => {
  if (file.detail === 'kustomization' || /^kind\s*:\s*Kustomization\b/m.test(file.text)) {
    // A build recipe, not objects; recorded so rules find what it generates (secretGenerator) in overlays that hold no manifest.
    out.kubernetes = { workloads: [], services: [], ingresses: [], policies: [], objects: [{ kind: 'Kustomization', name: file.path, namespace: 'default', source: { file: file.path, line: 1 } }] };
    return;
  }
  if (file.detail === 'helm-template' || hasTemplateSyntax(file.text)) {
    const line = lineOfTemplate(file.text);
    environment.report({
      line, column: 1, severity: 'info', code: 'helm.template',
      message: 'Unrendered Helm template: render it (`helm template`) and add the output to include these objects in the model.',
    });
    return;
  }
  const parsed = parseStructured(file.text, file.path, environment.limits, file.detail);
  out.diagnostics.push(...parsed.diagnostics);
  const facts: KubernetesFacts = { workloads: [], services: [], ingresses: [], policies: [], objects: [] };
  out.kubernetes = facts;
  const namespaces = new Map<string, TrustBoundary>();
  for (const document of parsed.documents) {
    if (environment.outOfTime()) break;
    const value = asRecord(document.value);
    if (!value) continue;
    const at = (path: PathSegment[]): SourceLocation => sourceAt(file.path, document, path, 'yaml-path', document.index);
    if (value.kind === 'List') {
      asArray(value.items).forEach((item, index) => readObject(asRecord(item), ['items', index], at, out, facts, namespaces));
    } else {
      readObject(value, [], at, out, facts, namespaces);
    }
  }
  out.trustBoundaries.push(...namespaces.values());
};

function readObject(
  object: Record<string, unknown> | undefined, base: PathSegment[], at: (path: PathSegment[]) => SourceLocation,
  out: FileContribution, facts: KubernetesFacts, namespaces: Map<string, TrustBoundary>,
): void {
  if (!object) return;
  const kind = asString(object.kind);
  const metadata = asRecord(object.metadata) ?? {};
  const name = asString(metadata.name);
  if (!kind || !name) return;
  const namespace = asString(metadata.namespace) ?? 'default';
  const spec = asRecord(object.spec) ?? {};
  const source = at([...base, 'metadata', 'name']);
  const boundary = (ns: string) => {
    let found = namespaces.get(ns);
    if (!found) {
      found = { id: `namespace:${ns}`, name: ns, kind: 'namespace', components: [], source, sources: [source] };
      namespaces.set(ns, found);
    }
    return found;
  };
  // Every object but workloads is listed with where it is written, so rules find files the model has no element from.
  if (!WORKLOADS.has(kind)) facts.objects?.push(compact({ kind, apiVersion: asString(object.apiVersion), name, namespace, source }));
  if (kind === 'Namespace') { boundary(name); return; }
  if (WORKLOADS.has(kind)) {
    const component = workloadComponent(kind, name, namespace, object, base, at, out, facts);
    out.components.push(component);
    boundary(namespace).components.push(component.id);
    component.boundaries = [`namespace:${namespace}`];
    return;
  }
  switch (kind) {
    case 'Service': {
      const type = asString(spec.type) ?? 'ClusterIP';
      facts.services.push(compact({
        name, namespace, type, source,
        selector: stringMap(spec.selector),
        externalName: asString(spec.externalName),
        ports: asArray(spec.ports).map((port) => {
          const record = asRecord(port) ?? {};
          return compact({
            name: asString(record.name), port: asNumber(record.port), nodePort: asNumber(record.nodePort), protocol: asString(record.protocol),
            targetPort: asNumber(record.targetPort) ?? asString(record.targetPort),
          });
        }),
      }));
      if (type === 'ExternalName') {
        const component = newComponent(name, 'external', 'kubernetes:ExternalName', source, 'kubernetes', { properties: { externalName: spec.externalName, namespace } });
        out.components.push(component);
      }
      return;
    }
    case 'Ingress':
      facts.ingresses.push(ingressFact(name, namespace, spec, source));
      return;
    case 'NetworkPolicy':
      facts.policies.push({
        kind, name, namespace, source, selector: stringMap(asRecord(spec.podSelector)?.matchLabels) ?? {},
        summary: compact({ policyTypes: spec.policyTypes, ingress: spec.ingress, egress: spec.egress }),
      });
      return;
    case 'PodDisruptionBudget':
      facts.policies.push({
        kind, name, namespace, source, selector: stringMap(asRecord(spec.selector)?.matchLabels) ?? {},
        summary: compact({ minAvailable: spec.minAvailable, maxUnavailable: spec.maxUnavailable }),
      });
      return;
    case 'HorizontalPodAutoscaler': {
      const target = asRecord(spec.scaleTargetRef);
      facts.policies.push({
        kind, name, namespace, source,
        target: { kind: asString(target?.kind) ?? '', name: asString(target?.name) ?? '' },
        summary: compact({ minReplicas: spec.minReplicas ?? 1, maxReplicas: spec.maxReplicas, metrics: spec.metrics, targetCPUUtilizationPercentage: spec.targetCPUUtilizationPercentage }),
      });
      return;
    }
    default:
      // ConfigMaps, Secrets, ServiceAccounts, RBAC, custom resources: referenced from workloads, not components of their own.
  }
}

function workloadComponent(
  kind: string, name: string, namespace: string, object: Record<string, unknown>, base: PathSegment[],
  at: (path: PathSegment[]) => SourceLocation, out: FileContribution, facts: KubernetesFacts,
): Component {
  const spec = asRecord(object.spec) ?? {};
  const templatePath: PathSegment[] = kind === 'Pod' ? [] : kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
  const template = kind === 'Pod' ? object : asRecord(dig(object, templatePath)) ?? {};
  const podSpecPath = [...base, ...templatePath, 'spec'];
  const podSpec = asRecord(template.spec) ?? {};
  const podLabels = stringMap(asRecord(template.metadata)?.labels) ?? stringMap(asRecord(spec.selector)?.matchLabels) ?? {};
  const containers = asArray(podSpec.containers).map((container) => asRecord(container) ?? {});
  const initContainers = asArray(podSpec.initContainers).map((container) => asRecord(container) ?? {});
  const main = containers[0] ?? {};
  const image = asString(main.image);
  const ports: PortBinding[] = [];
  containers.forEach((container, containerIndex) => asArray(container.ports).forEach((port, portIndex) => {
    const record = asRecord(port) ?? {};
    ports.push(compact({
      containerPort: asNumber(record.containerPort), publishedPort: asNumber(record.hostPort), name: asString(record.name),
      protocol: asString(record.protocol), source: at([...podSpecPath, 'containers', containerIndex, 'ports', portIndex]),
    }));
  }));
  const guess = kind === 'Job' || kind === 'CronJob' ? { kind: 'job' as const, reason: `kubernetes:${kind}` }
    : inferKind({ image, name, ports: ports.map((port) => port.containerPort) });

  const env: EnvVar[] = [];
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const everyContainer: Array<[Record<string, unknown>, 'containers' | 'initContainers', number]> = [
    ...containers.map((container, index) => [container, 'containers', index] as [Record<string, unknown>, 'containers', number]),
    ...initContainers.map((container, index) => [container, 'initContainers', index] as [Record<string, unknown>, 'initContainers', number]),
  ];
  for (const [container, list, containerIndex] of everyContainer) {
    asArray(container.env).forEach((entry, envIndex) => {
      const record = asRecord(entry) ?? {};
      const variableName = asString(record.name);
      if (!variableName) return;
      const source = at([...podSpecPath, list, containerIndex, 'env', envIndex]);
      const valueFrom = describeValueFrom(asRecord(record.valueFrom), configMaps, secrets);
      const value = asString(record.value);
      if (!env.some((variable) => variable.name === variableName && variable.value === value)) env.push(compact({ name: variableName, value, valueFrom, source }));
      if (value === undefined) return;
      for (const mention of findHostMentions(variableName, value, 'env')) {
        out.references.push({ from: name, host: mention.host, port: mention.port, scheme: mention.scheme, via: `env:${variableName}`, namespace, source });
      }
    });
    for (const from of asArray(container.envFrom)) {
      const record = asRecord(from) ?? {};
      const configMap = asString(asRecord(record.configMapRef)?.name);
      const secret = asString(asRecord(record.secretRef)?.name);
      if (configMap) configMaps.add(configMap);
      if (secret) secrets.add(secret);
    }
    const args = [...strings(container.command), ...strings(container.args)].join(' ');
    for (const mention of findHostMentions(undefined, args, 'command')) {
      out.references.push({ from: name, host: mention.host, port: mention.port, scheme: mention.scheme, via: 'command', namespace, source: at([...podSpecPath, list, containerIndex]) });
    }
  }
  for (const volume of asArray(podSpec.volumes)) {
    const record = asRecord(volume) ?? {};
    const configMap = asString(asRecord(record.configMap)?.name);
    const secret = asString(asRecord(record.secret)?.secretName);
    if (configMap) configMaps.add(configMap);
    if (secret) secrets.add(secret);
  }

  const probe = (key: string): Probe | undefined => readProbe(asRecord(main[key]), at([...podSpecPath, 'containers', 0, key]));
  const liveness = probe('livenessProbe');
  const readiness = probe('readinessProbe');
  const startup = probe('startupProbe');
  const podSecurity = asRecord(podSpec.securityContext) ?? {};
  const mainSecurity = asRecord(main.securityContext) ?? {};
  facts.workloads.push({ id: name, namespace, podLabels });

  return newComponent(name, guess.kind, guess.reason, at([...base, 'metadata', 'name']), 'kubernetes', compact({
    image,
    replicas: kind === 'DaemonSet' || kind === 'Pod' || kind === 'Job' || kind === 'CronJob' ? undefined : asNumber(spec.replicas),
    ports: ports.length ? ports : undefined,
    env: env.length ? env : undefined,
    probes: liveness || readiness || startup ? compact({ liveness, readiness, startup }) : undefined,
    properties: compact({
      k8sKind: kind,
      namespace,
      labels: stringMap(asRecord(object.metadata)?.labels),
      podLabels,
      replicasDeclared: spec.replicas !== undefined,
      serviceAccountName: asString(podSpec.serviceAccountName),
      automountServiceAccountToken: podSpec.automountServiceAccountToken,
      hostNetwork: podSpec.hostNetwork, hostPID: podSpec.hostPID, hostIPC: podSpec.hostIPC,
      securityContext: Object.keys(podSecurity).length ? podSecurity : undefined,
      security: securitySummary(podSecurity, containers),
      resources: normalizedResources(asRecord(main.resources)),
      containers: containers.map((container) => compact({
        name: asString(container.name), image: asString(container.image), imagePullPolicy: asString(container.imagePullPolicy),
        securityContext: asRecord(container.securityContext), resources: asRecord(container.resources),
      })),
      initContainers: initContainers.length ? initContainers.map((container) => compact({ name: asString(container.name), image: asString(container.image) })) : undefined,
      volumes: asArray(podSpec.volumes).length ? asArray(podSpec.volumes).map((volume) => {
        const record = asRecord(volume) ?? {};
        return { name: record.name, type: Object.keys(record).find((key) => key !== 'name') };
      }) : undefined,
      configMaps: configMaps.size ? [...configMaps].sort() : undefined,
      secrets: secrets.size ? [...secrets].sort() : undefined,
      strategy: spec.strategy ?? spec.updateStrategy,
      schedule: kind === 'CronJob' ? spec.schedule : undefined,
      restartPolicy: podSpec.restartPolicy,
      terminationGracePeriodSeconds: podSpec.terminationGracePeriodSeconds,
      mainSecurityContext: Object.keys(mainSecurity).length ? mainSecurity : undefined,
    }),
  }));
}

function readProbe(probe: Record<string, unknown> | undefined, source: SourceLocation): Probe | undefined {
  if (!probe) return undefined;
  const http = asRecord(probe.httpGet);
  if (http) return compact({ kind: 'http' as const, path: asString(http.path), port: asNumber(http.port) ?? asString(http.port), source });
  const tcp = asRecord(probe.tcpSocket);
  if (tcp) return compact({ kind: 'tcp' as const, port: asNumber(tcp.port) ?? asString(tcp.port), source });
  const grpc = asRecord(probe.grpc);
  if (grpc) return compact({ kind: 'grpc' as const, port: asNumber(grpc.port), source });
  const exec = asRecord(probe.exec);
  if (exec) return compact({ kind: 'exec' as const, command: strings(exec.command).join(' '), source });
  return undefined;
}

function describeValueFrom(valueFrom: Record<string, unknown> | undefined, configMaps: Set<string>, secrets: Set<string>): string | undefined {
  if (!valueFrom) return undefined;
  const secret = asRecord(valueFrom.secretKeyRef);
  if (secret) { secrets.add(text(secret.name)); return `secretKeyRef:${text(secret.name)}/${text(secret.key)}`; }
  const configMap = asRecord(valueFrom.configMapKeyRef);
  if (configMap) { configMaps.add(text(configMap.name)); return `configMapKeyRef:${text(configMap.name)}/${text(configMap.key)}`; }
  const field = asRecord(valueFrom.fieldRef);
  if (field) return `fieldRef:${text(field.fieldPath)}`;
  const resource = asRecord(valueFrom.resourceFieldRef);
  if (resource) return `resourceFieldRef:${text(resource.resource)}`;
  return 'valueFrom';
}

function securitySummary(pod: Record<string, unknown>, containers: Array<Record<string, unknown>>): Record<string, unknown> {
  const contexts = containers.map((container) => asRecord(container.securityContext) ?? {});
  const every = (key: string) => contexts.length > 0 && contexts.every((context) => (context[key] ?? pod[key]) === true);
  const any = (key: string) => contexts.some((context) => context[key] === true);
  return compact({
    privileged: any('privileged'),
    allowPrivilegeEscalation: contexts.some((context) => context.allowPrivilegeEscalation !== false),
    readOnlyRootFilesystem: every('readOnlyRootFilesystem'),
    runAsNonRoot: every('runAsNonRoot'),
    runAsUser: contexts[0]?.runAsUser ?? pod.runAsUser,
    capabilitiesAdd: [...new Set(contexts.flatMap((context) => strings(asRecord(context.capabilities)?.add)))],
    capabilitiesDrop: [...new Set(contexts.flatMap((context) => strings(asRecord(context.capabilities)?.drop)))],
  });
}

function normalizedResources(resources: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!resources) return undefined;
  const limits = asRecord(resources.limits);
  const requests = asRecord(resources.requests);
  if (!limits && !requests) return undefined;
  return compact({
    limits: limits ? compact({ cpu: limits.cpu, memory: limits.memory }) : undefined,
    requests: requests ? compact({ cpu: requests.cpu, memory: requests.memory }) : undefined,
  });
}

function ingressFact(name: string, namespace: string, spec: Record<string, unknown>, source: SourceLocation): KubernetesIngressFact {
  const backends: KubernetesIngressFact['backends'] = [];
  const backendOf = (backend: Record<string, unknown> | undefined, host?: string, path?: string) => {
    if (!backend) return;
    const service = asRecord(backend.service);
    const serviceName = asString(service?.name) ?? asString(backend.serviceName);
    if (!serviceName) return;
    const port = asRecord(service?.port);
    backends.push(compact({ service: serviceName, port: asNumber(port?.number) ?? asString(port?.name) ?? asNumber(backend.servicePort) ?? asString(backend.servicePort), host, path }));
  };
  backendOf(asRecord(spec.defaultBackend) ?? asRecord(spec.backend));
  const hosts: string[] = [];
  for (const rule of asArray(spec.rules)) {
    const record = asRecord(rule) ?? {};
    const host = asString(record.host);
    if (host) hosts.push(host);
    for (const path of asArray(asRecord(record.http)?.paths)) {
      const entry = asRecord(path) ?? {};
      backendOf(asRecord(entry.backend), host, asString(entry.path));
    }
  }
  return { name, namespace, tls: asArray(spec.tls).length > 0, hosts, backends, source };
}

function stringMap(value: unknown): Record<string, string> | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(record)) {
    const text = asString(item);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

function dig(value: unknown, path: PathSegment[]): unknown {
  let current = value;
  for (const segment of path) current = asRecord(current)?.[segment as string];
  return current;
}

/** Go template actions outside comments: `{{ .Values.x }}`, `{{- include ... }}`. */
function hasTemplateSyntax(text: string): boolean {
  return /^(?!\s*#).*\{\{-?\s*[.$A-Za-z(/"-][\s\S]*?\}\}/m.test(text);
}

function lineOfTemplate(text: string): number {
  const index = text.search(/\{\{/);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}
