/**
 * The infra rules' view of the project's compose files and Kubernetes manifests, read again from
 * the files. The model merges every file that describes a component into one element, which is
 * right for the architecture picture but loses what each file says on its own (per container, per
 * variant). These rules judge each file's own text and point at exact lines, so they re-parse the
 * files the model names with the ingest's position-aware parser (through the shared parses: a file the
 * ingest or an earlier run read with the same text is not parsed again). Built once per rule context and
 * shared by every infra rule.
 */
import { posix } from 'node:path';
import type { Component, SourceLocation, SystemModel } from '../../../../shared/model/model.js';
import { resolveExtends } from '../../../ingest/compose-extends.js';
import { asArray, asNumber, asRecord, asString } from '../../../ingest/elements.js';
import { DEFAULT_LIMITS } from '../../../ingest/limits.js';
import { parseStructuredShared, parseYamlDocumentsShared, sourceAt, type LocatedDocument, type PathSegment } from '../../../ingest/positions.js';
import type { RuleContext } from '../../rule.js';

export type Path = PathSegment[];
type Mapping = Record<string, unknown>;

/** One Kubernetes object as one file writes it. */
export interface K8sObject {
  file: string;
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  /** True when the file writes `metadata.namespace`. */
  namespaceDeclared: boolean;
  value: Mapping;
  /** `Kind/namespace/name`: the same object written in several files shares it. */
  identity: string;
  /** Finding element: the component id for workloads, `${first file}#${identity}` for other objects. */
  element: string;
  /** Where `metadata.name` is: the object's own line. */
  location: SourceLocation;
  /** Location of a path inside the object (the nearest existing ancestor when the path is absent). */
  at(path: Path): SourceLocation;
}

/** One container of a pod template. */
export interface Container {
  name: string;
  list: 'containers' | 'initContainers';
  index: number;
  value: Mapping;
  /** The container's own securityContext (empty when unset). */
  securityContext: Mapping;
  /** Location of a path inside the container (`[]`: the container itself). */
  at(path: Path): SourceLocation;
}

/** A Kubernetes object that runs pods. */
export interface Workload extends K8sObject {
  component?: Component;
  podSpec: Mapping;
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  containers: Container[];
  initContainers: Container[];
  /** Deployments, StatefulSets, DaemonSets, ReplicaSets and restarting Pods: not Jobs or CronJobs. */
  longRunning: boolean;
  /** Location of a path inside the pod spec. */
  atPod(path: Path): SourceLocation;
  /** Location of a path inside the pod template (`['metadata', 'annotations']`). */
  atTemplate(path: Path): SourceLocation;
}

/** One compose service as one file writes it (`extends` resolved). */
export interface ComposeService {
  file: string;
  name: string;
  value: Mapping;
  component?: Component;
  /** Finding element: the component id. */
  element: string;
  location: SourceLocation;
  /** A swarm stack file: `deploy` semantics apply (restart_policy defaults to `any`). */
  swarm: boolean;
  at(path: Path): SourceLocation;
}

/** Everything the infra rules read, in file order (the order of every component's `sources`). */
export interface InfraIndex {
  model: SystemModel;
  objects: K8sObject[];
  workloads: Workload[];
  composeServices: ComposeService[];
  /** Objects of a kind, first copy of each identity only (per-service files and a release bundle agree). */
  unique(kind: string): K8sObject[];
  componentById(id: string): Component | undefined;
  /** The kustomization file of a directory (`kustomization.yaml`, `.yml` or `Kustomization`), parsed. */
  kustomization(directory: string): Mapping | undefined;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
/** Objects without a namespace: their identity leaves it out. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'PodSecurityPolicy', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService',
  'CSIDriver', 'CSINode', 'VolumeAttachment', 'Node', 'CertificateSigningRequest']);

const cache = new WeakMap<RuleContext, InfraIndex>();

/** The infra view of a rule context, built on first use and cached for the other rules of the run. */
export function infraIndex(context: RuleContext): InfraIndex {
  let index = cache.get(context);
  if (!index) {
    index = buildIndex(context);
    cache.set(context, index);
  }
  return index;
}

function buildIndex(context: RuleContext): InfraIndex {
  const { model } = context;
  const bySource = new Map<string, Component>();
  for (const component of model.components) {
    for (const source of component.sources) bySource.set(`${source.file}\u0000${source.line}`, component);
  }
  const kustomizations = new Map<string, Mapping | undefined>();
  const kustomization = (directory: string): Mapping | undefined => {
    if (!kustomizations.has(directory)) kustomizations.set(directory, readKustomization(context, directory));
    return kustomizations.get(directory);
  };
  const candidates = candidateFiles(model);
  addKustomizeResources(candidates, kustomization);
  const objects: K8sObject[] = [];
  const workloads: Workload[] = [];
  const composeServices: ComposeService[] = [];
  for (const [file, origin] of sortedFiles(candidates)) {
    const text = context.readText(file);
    if (text === undefined || text.length > DEFAULT_LIMITS.maxBytes) continue;
    const parsed = origin === 'compose' ? parseYamlDocumentsShared(text, file, DEFAULT_LIMITS) : parseStructuredShared(text, file, DEFAULT_LIMITS);
    if (origin === 'compose') composeServices.push(...readCompose(file, parsed.documents[0], context, bySource));
    else readKubernetes(file, parsed.documents, bySource, objects, workloads);
  }
  const firstFile = new Map<string, string>();
  for (const object of objects) if (!firstFile.has(object.identity)) firstFile.set(object.identity, object.file);
  for (const object of objects) {
    const workload = object as Workload;
    object.element = workload.component?.id ?? `${firstFile.get(object.identity)}#${object.identity}`;
  }
  const uniqueByKind = new Map<string, K8sObject[]>();
  const components = new Map(model.components.map((component) => [component.id, component]));
  return {
    model, objects, workloads, composeServices,
    unique(kind) {
      let found = uniqueByKind.get(kind);
      if (!found) {
        const first = new Map<string, K8sObject>();
        for (const object of objects) if (object.kind === kind && !first.has(object.identity)) first.set(object.identity, object);
        found = [...first.values()];
        uniqueByKind.set(kind, found);
      }
      return found;
    },
    componentById: (id) => components.get(id),
    kustomization,
  };
}

/**
 * The compose and Kubernetes files the model was built from.
 * The model does not list artifacts, so they are found through what points into them: component
 * sources, namespace and network boundaries, Ingress flows, and the resources of a kustomization
 * beside them. A manifest holding only objects the model does not record (a file of ConfigMaps or
 * RBAC alone) that no kustomization lists is not found.
 */
function candidateFiles(model: SystemModel): Map<string, 'compose' | 'kubernetes'> {
  const files = new Map<string, 'compose' | 'kubernetes'>();
  const add = (file: string, origin: 'compose' | 'kubernetes') => {
    if (/\.(ya?ml|json)$/i.test(file) && !files.has(file)) files.set(file, origin);
  };
  for (const component of model.components) {
    const origins = component.origins ?? [];
    for (const source of component.sources) {
      if (origins.includes('kubernetes') && /^\[\d+\]/.test(source.pointer ?? '')) add(source.file, 'kubernetes');
      else if (origins.includes('compose') && (/^services\b/.test(source.pointer ?? '') || /compose/i.test(source.file))) add(source.file, 'compose');
    }
  }
  for (const boundary of model.trustBoundaries) {
    const origin = boundary.kind === 'namespace' ? 'kubernetes' : boundary.kind === 'network' ? 'compose' : undefined;
    if (origin) for (const source of boundary.sources ?? (boundary.source ? [boundary.source] : [])) add(source.file, origin);
  }
  for (const flow of model.flows) {
    if (flow.inferredFrom.some((via) => via.startsWith('ingress:'))) for (const source of flow.sources ?? [flow.source]) add(source.file, 'kubernetes');
  }
  return files;
}

/** Manifests a kustomization beside a known manifest lists (RBAC, ConfigMaps and Services files the model does not point into). */
function addKustomizeResources(files: Map<string, 'compose' | 'kubernetes'>, kustomization: (directory: string) => Mapping | undefined): void {
  const directories = new Set([...files].filter(([, origin]) => origin === 'kubernetes').map(([file]) => posix.dirname(file)));
  for (const directory of directories) {
    for (const resource of asArray(kustomization(directory)?.resources)) {
      const relative = asString(resource);
      if (!relative || !/\.(ya?ml|json)$/i.test(relative) || relative.includes('://')) continue;
      const file = directory === '.' ? posix.normalize(relative) : posix.normalize(posix.join(directory, relative));
      if (!file.startsWith('../') && !files.has(file)) files.set(file, 'kubernetes');
    }
  }
}

function readKustomization(context: RuleContext, directory: string): Mapping | undefined {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const path = directory === '.' ? name : `${directory}/${name}`;
    const text = context.readText(path);
    if (text !== undefined) return asRecord(parseYamlDocumentsShared(text, path, DEFAULT_LIMITS).documents[0]?.value);
  }
  return undefined;
}

function sortedFiles(files: Map<string, 'compose' | 'kubernetes'>): Array<[string, 'compose' | 'kubernetes']> {
  return [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function readCompose(file: string, document: LocatedDocument | undefined, context: RuleContext, bySource: Map<string, Component>): ComposeService[] {
  const root = asRecord(document?.value);
  if (!document || !root) return [];
  const legacy = !('services' in root) && Object.values(root).some((value) => asRecord(value) && ('image' in asRecord(value)! || 'build' in asRecord(value)!));
  const prefix: Path = legacy ? [] : ['services'];
  const declared = asRecord(legacy ? root : root.services);
  if (!declared) return [];
  const services = resolveExtends(declared as Record<string, Mapping>, file, {
    loadServices: (path) => {
      const text = context.readText(path);
      const other = text === undefined ? undefined : parseYamlDocumentsShared(text, path, DEFAULT_LIMITS).documents[0];
      return asRecord(asRecord(other?.value)?.services) as Record<string, Mapping> | undefined;
    },
    report: () => undefined,
  });
  const swarm = /(swarm|stack)/i.test(file.split('/').pop() ?? '');
  const out: ComposeService[] = [];
  for (const [name, raw] of Object.entries(services)) {
    const value = asRecord(raw);
    if (!value) continue;
    const at = (path: Path) => sourceAt(file, document, [...prefix, name, ...path], 'yaml-path');
    const location = at([]);
    const component = bySource.get(`${file}\u0000${location.line}`);
    out.push({ file, name, value, component, element: component?.id ?? `${file}#services.${name}`, location, swarm, at });
  }
  return out;
}

/** The objects (and, among them, the workloads) of one parsed manifest; `element` is left for the caller to set. */
export function readKubernetes(file: string, documents: LocatedDocument[], bySource: Map<string, Component>, objects: K8sObject[], workloads: Workload[]): void {
  for (const document of documents) {
    const value = asRecord(document.value);
    if (!value) continue;
    const items: Array<[Mapping | undefined, Path]> = value.kind === 'List'
      ? asArray(value.items).map((item, index) => [asRecord(item), ['items', index]])
      : [[value, []]];
    for (const [object, base] of items) {
      if (!object) continue;
      const kind = asString(object.kind);
      const metadata = asRecord(object.metadata) ?? {};
      const name = asString(metadata.name);
      if (!kind || !name || kind === 'Kustomization') continue;
      const namespace = asString(metadata.namespace) ?? 'default';
      const at = (path: Path) => sourceAt(file, document, [...base, ...path], 'yaml-path', document.index);
      const entry: K8sObject = {
        file, kind, name, namespace, value: object, at,
        apiVersion: asString(object.apiVersion) ?? '',
        namespaceDeclared: asString(metadata.namespace) !== undefined,
        identity: CLUSTER_SCOPED.has(kind) ? `${kind}/${name}` : `${kind}/${namespace}/${name}`,
        element: '',
        location: at(['metadata', 'name']),
      };
      if (WORKLOAD_KINDS.has(kind)) {
        const workload = toWorkload(entry, bySource);
        workloads.push(workload);
        objects.push(workload);
      } else {
        objects.push(entry);
      }
    }
  }
}

function toWorkload(object: K8sObject, bySource: Map<string, Component>): Workload {
  const templatePath: Path = object.kind === 'Pod' ? [] : object.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
  const template = object.kind === 'Pod' ? object.value : asRecord(dig(object.value, templatePath)) ?? {};
  const podSpecPath: Path = [...templatePath, 'spec'];
  const podSpec = asRecord(template.spec) ?? {};
  const metadata = asRecord(template.metadata) ?? {};
  const containersOf = (list: 'containers' | 'initContainers'): Container[] => asArray(podSpec[list]).map((raw, index) => {
    const value = asRecord(raw) ?? {};
    return {
      name: asString(value.name) ?? `#${index}`, list, index, value,
      securityContext: asRecord(value.securityContext) ?? {},
      at: (path: Path) => object.at([...podSpecPath, list, index, ...path]),
    };
  });
  const restartPolicy = asString(podSpec.restartPolicy);
  return {
    ...object,
    component: bySource.get(`${object.location.file}\u0000${object.location.line}`),
    podSpec,
    podLabels: stringMap(metadata.labels) ?? stringMap(asRecord(asRecord(object.value.spec)?.selector)?.matchLabels) ?? {},
    podAnnotations: stringMap(metadata.annotations) ?? {},
    containers: containersOf('containers'),
    initContainers: containersOf('initContainers'),
    longRunning: LONG_RUNNING.has(object.kind) || (object.kind === 'Pod' && (restartPolicy === undefined || restartPolicy === 'Always')),
    atPod: (path: Path) => object.at([...podSpecPath, ...path]),
    atTemplate: (path: Path) => object.at([...templatePath, ...path]),
  };
}

/** A compose service that keeps running: not a one-shot job by the model's reckoning, not `restart: "no"`. */
export function composeLongRunning(service: ComposeService): boolean {
  if (service.component?.kind === 'job') return false;
  const restart = asString(service.value.restart);
  return restart !== 'no' && restart !== 'false';
}

/** `Deployment cartservice` (with the namespace when it is not `default`). */
export function describeObject(object: K8sObject): string {
  return `${object.kind} ${object.namespace === 'default' ? '' : `${object.namespace}/`}${object.name}`;
}

/** `container server of Deployment cartservice`. */
export function describeContainer(workload: Workload, container: Container): string {
  return `${container.list === 'initContainers' ? 'init container' : 'container'} ${container.name} of ${describeObject(workload)}`;
}

/** Declared replicas of a workload (1 when unset; undefined for kinds without replicas). */
export function declaredReplicas(workload: Workload): number | undefined {
  if (!['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(workload.kind)) return undefined;
  return asNumber(asRecord(workload.value.spec)?.replicas) ?? 1;
}

/** Does a Kubernetes label selector (`matchLabels` / `matchExpressions`, or a Service's plain map) select these labels? */
export function selects(selector: unknown, labels: Record<string, string>, plainMap = false): boolean {
  const record = asRecord(selector) ?? {};
  const matchLabels = plainMap ? record : asRecord(record.matchLabels) ?? {};
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== asString(value)) return false;
  if (plainMap) return true;
  for (const raw of asArray(record.matchExpressions)) {
    const expression = asRecord(raw) ?? {};
    const key = asString(expression.key) ?? '';
    const values = asArray(expression.values).map(String);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expression.operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** True when a selector has nothing in it (it then selects every pod of the namespace, for policies). */
export function emptySelector(selector: unknown): boolean {
  const record = asRecord(selector) ?? {};
  return Object.keys(asRecord(record.matchLabels) ?? {}).length === 0 && asArray(record.matchExpressions).length === 0;
}

/** Services (first copy of each) whose selector selects the workload's pods. */
export function servicesSelecting(index: InfraIndex, workload: Workload): K8sObject[] {
  return index.unique('Service').filter((service) => {
    const selector = asRecord(asRecord(service.value.spec)?.selector);
    return service.namespace === workload.namespace && selector && Object.keys(selector).length > 0 && selects(selector, workload.podLabels, true);
  });
}

/** PodDisruptionBudgets (first copy of each) that select the workload's pods. */
export function budgetsSelecting(index: InfraIndex, workload: Workload): K8sObject[] {
  return index.unique('PodDisruptionBudget').filter((budget) => budget.namespace === workload.namespace
    && selects(asRecord(budget.value.spec)?.selector, workload.podLabels) && !emptySelector(asRecord(budget.value.spec)?.selector));
}

/** The HorizontalPodAutoscaler (first copy) that scales the workload. */
export function autoscalerOf(index: InfraIndex, workload: Workload): K8sObject | undefined {
  return index.unique('HorizontalPodAutoscaler').find((autoscaler) => {
    const target = asRecord(asRecord(autoscaler.value.spec)?.scaleTargetRef);
    return autoscaler.namespace === workload.namespace && asString(target?.name) === workload.name && asString(target?.kind) === workload.kind;
  });
}

/** Fewest pods the workload runs: the HPA's minReplicas when one scales it, the declared replicas otherwise. */
export function minimumReplicas(index: InfraIndex, workload: Workload): number | undefined {
  const declared = declaredReplicas(workload);
  if (declared === undefined) return undefined;
  const autoscaler = autoscalerOf(index, workload);
  return autoscaler ? asNumber(asRecord(autoscaler.value.spec)?.minReplicas) ?? 1 : declared;
}

/** String-valued entries of a mapping. */
export function stringMap(value: unknown): Record<string, string> | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(record)) {
    const text = asString(item);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/** The value at a path of plain objects. */
export function dig(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else current = asRecord(current)?.[segment as string];
  }
  return current;
}
