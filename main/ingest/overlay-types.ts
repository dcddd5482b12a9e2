/** The archbench.yaml overlay as the merge applies it (see resources/schema/archbench.schema.json). */
import type {
  ComponentKind, Criticality, DataAsset, DataClassification, MigrationSettings, RiskTrackingEntry, SourceLocation,
} from '../../shared/model/model.js';

export interface OverlayComponent {
  id: string;
  name?: string;
  kind?: ComponentKind;
  /** Shorthand for a system outside the project (`kind: external` unless a kind is given). */
  external?: boolean;
  criticality?: Criticality;
  dataClassification?: DataClassification;
  internetFacing?: boolean;
  replicas?: number;
  description?: string;
  owner?: string;
  tags?: string[];
  properties?: Record<string, unknown>;
  source: SourceLocation;
}

export interface OverlayBoundary {
  id: string;
  name: string;
  kind: string;
  components: string[];
  children: string[];
  description?: string;
  source: SourceLocation;
}

export interface RetryPolicy {
  count: number;
  backoff?: string;
  jitter?: boolean;
  initialDelayMs?: number;
}

export interface OverlayFlow {
  from: string;
  to: string;
  protocol?: string;
  port?: number;
  authentication?: string;
  encrypted?: boolean;
  sync?: boolean;
  timeoutMs?: number;
  retries?: RetryPolicy;
  circuitBreaker?: boolean;
  circuitBreakerPolicy?: Record<string, unknown>;
  dataClassification?: DataClassification;
  description?: string;
  source: SourceLocation;
}

export interface OverlayApi {
  /** Spec path relative to the project root; `*` and `**` globs allowed. */
  spec: string;
  component: string;
  source: SourceLocation;
}

export interface ArchbenchOverlay {
  project?: { name?: string; description?: string; source: SourceLocation };
  components: OverlayComponent[];
  trustBoundaries: OverlayBoundary[];
  flows: OverlayFlow[];
  dataAssets: DataAsset[];
  apis: OverlayApi[];
  migrations?: MigrationSettings;
  risks: RiskTrackingEntry[];
}
