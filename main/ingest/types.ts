/**
 * What importers read and what they hand to the merge. A contribution holds the model elements
 * one file describes plus the raw facts the merge needs to wire files together (host references,
 * Kubernetes Services and Ingresses, the archbench.yaml overlay). Contributions are plain data
 * so the store can cache one per file and re-merge cheaply after an edit.
 */
import type { ArtifactKind } from '../../shared/model/artifact.js';
import type {
  Component, DataAsset, Diagnostic, DiagnosticSeverity, Endpoint, Flow, KubernetesObject, SourceLocation, TrustBoundary,
} from '../../shared/model/model.js';
import type { Deadline, IngestLimits } from './limits.js';
import type { ArchbenchOverlay } from './overlay-types.js';

export type { IngestLimits } from './limits.js';

export interface IngestFile {
  /** Relative to the project root, `/`-separated. */
  path: string;
  kind: ArtifactKind;
  detail?: string;
  text: string;
}

export interface IngestContext {
  /** Auxiliary reads (`.env`, multi-file `$ref`, compose `extends` files); the caller confines paths to the project. */
  readText(relativePath: string): string | undefined;
  limits?: Partial<IngestLimits>;
}

/** A host name found in configuration (env value, command argument) that names another component. */
export interface HostReference {
  /** Component id whose configuration holds the reference. */
  from: string;
  host: string;
  port?: number;
  /** URI scheme when the value was a URI (`postgres`, `redis`, `https`, ...). */
  scheme?: string;
  /** How it was found: `env:REDIS_ADDR`, `command`. */
  via: string;
  /** Kubernetes namespace of `from`, to resolve short Service names. */
  namespace?: string;
  source: SourceLocation;
}

export interface KubernetesWorkloadFact {
  id: string;
  namespace: string;
  podLabels: Record<string, string>;
}

export interface KubernetesServicePort {
  name?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
}

export interface KubernetesServiceFact {
  name: string;
  namespace: string;
  type: string;
  selector?: Record<string, string>;
  ports: KubernetesServicePort[];
  externalName?: string;
  source: SourceLocation;
}

export interface KubernetesIngressFact {
  name: string;
  namespace: string;
  tls: boolean;
  hosts: string[];
  backends: Array<{ service: string; port?: number | string; host?: string; path?: string }>;
  source: SourceLocation;
}

/** NetworkPolicy, PodDisruptionBudget and HorizontalPodAutoscaler: attached to workloads at merge. */
export interface KubernetesPolicyFact {
  kind: 'NetworkPolicy' | 'PodDisruptionBudget' | 'HorizontalPodAutoscaler';
  name: string;
  namespace: string;
  /** Pod selector (NetworkPolicy, PDB). */
  selector?: Record<string, string>;
  /** Scale target (HPA). */
  target?: { kind: string; name: string };
  summary: Record<string, unknown>;
  source: SourceLocation;
}

export interface KubernetesFacts {
  workloads: KubernetesWorkloadFact[];
  services: KubernetesServiceFact[];
  ingresses: KubernetesIngressFact[];
  policies: KubernetesPolicyFact[];
  /** Every object but workloads (Services, Secrets, ConfigMaps, RBAC, custom resources), with where it is written; absent in contributions cached before it existed. */
  objects?: KubernetesObject[];
}

/** What an API description says about the component that serves it. */
export interface ApiFacts {
  /** `x-archbench-component` in the spec. */
  component?: string;
  title?: string;
  /** Host names of the spec's servers. */
  hosts: string[];
  /** Where the spec describes itself (`info`). */
  source?: SourceLocation;
}

export interface FileContribution {
  file: string;
  kind: ArtifactKind;
  components: Component[];
  flows: Flow[];
  trustBoundaries: TrustBoundary[];
  endpoints: Endpoint[];
  dataAssets: DataAsset[];
  diagnostics: Diagnostic[];
  /** Compose: the project directory the service names of this file are local to ('' for the root). */
  composeProject?: string;
  /** References this file could not resolve on its own; the merge resolves them against every file. */
  references: HostReference[];
  kubernetes?: KubernetesFacts;
  api?: ApiFacts;
  overlay?: ArchbenchOverlay;
  /** Project name and description (Threagile title, Threat Dragon summary, OTM project). */
  project?: { name?: string; description?: string; source?: SourceLocation };
  /** Time spent importing this file. */
  millis?: number;
}

/** What an importer gets besides the file: the context, resolved limits, the clock and a diagnostic helper. */
export interface ImportEnvironment {
  context: IngestContext;
  limits: IngestLimits;
  deadline: Deadline;
  /** Record a diagnostic on `file` (default: the file being imported). */
  report(diagnostic: Omit<Diagnostic, 'file'> & { file?: string; severity?: DiagnosticSeverity }): void;
  /** True once the time budget is spent; reports `limit.time` the first time. */
  outOfTime(): boolean;
}

export type Importer = (file: IngestFile, environment: ImportEnvironment, out: FileContribution) => void;

/** A contribution with nothing in it yet. */
export function emptyContribution(file: IngestFile): FileContribution {
  return {
    file: file.path,
    kind: file.kind,
    components: [],
    flows: [],
    trustBoundaries: [],
    endpoints: [],
    dataAssets: [],
    diagnostics: [],
    references: [],
  };
}
