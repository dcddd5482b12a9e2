/**
 * The architecture model: one picture of the system built from every artifact in a
 * project folder. `model.json` in a report bundle is this type, serialised.
 * Every element carries where it came from so findings can point at a file and line.
 */

/** Where an element or finding comes from. `file` is relative to the project root, `/`-separated. */
export interface SourceLocation {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Structural address: a JSON pointer (`/paths/~1users/get`), a YAML path (`services.api.ports[0]`) or an object name. */
  pointer?: string;
}

export type ComponentKind = 'service' | 'datastore' | 'cache' | 'queue' | 'gateway' | 'external' | 'client' | 'job';

export const COMPONENT_KINDS: readonly ComponentKind[] = ['service', 'datastore', 'cache', 'queue', 'gateway', 'external', 'client', 'job'];

export type DataClassification = 'public' | 'internal' | 'confidential' | 'restricted';
export type Criticality = 'low' | 'medium' | 'high' | 'critical';

export interface Probe {
  kind: 'http' | 'tcp' | 'exec' | 'grpc' | 'compose-healthcheck';
  path?: string;
  port?: number | string;
  command?: string;
  source?: SourceLocation;
}

export interface PortBinding {
  /** Port the container or process listens on. */
  containerPort?: number;
  /** Port published on the host (compose `ports`), or a Service port. */
  publishedPort?: number;
  /** Host interface a compose port is bound to (`127.0.0.1`, `0.0.0.0`). */
  hostIp?: string;
  protocol?: string;
  name?: string;
  source?: SourceLocation;
}

export interface EnvVar {
  name: string;
  /** Literal value when given inline; absent when it comes from a secret / configMap ref. */
  value?: string;
  /** `secretKeyRef:name/key`, `configMapKeyRef:name/key`, `env_file`, ... */
  valueFrom?: string;
  source?: SourceLocation;
}

export interface Component {
  /** Stable id: the component's name as the artifacts give it. */
  id: string;
  name: string;
  kind: ComponentKind;
  /** Where the kind came from: `image:postgres`, `port:6379`, `archbench.yaml`, `default`. */
  kindReason?: string;
  /** First source; `sources` holds all of them when several files describe the same component. */
  source: SourceLocation;
  sources: SourceLocation[];
  image?: string;
  /** Declared replica count; undefined when the artifacts do not say (compose default is 1). */
  replicas?: number;
  ports?: PortBinding[];
  env?: EnvVar[];
  probes?: { liveness?: Probe; readiness?: Probe; startup?: Probe; healthcheck?: Probe };
  /** Trust boundary ids this component sits in (innermost last). */
  boundaries?: string[];
  criticality?: Criticality;
  dataClassification?: DataClassification;
  /** Exposed to the internet (LoadBalancer / NodePort / Ingress / published port / archbench.yaml). */
  internetFacing?: boolean;
  /** Free-form facts importers record for rules: `restart`, `resources`, `securityContext`, `privileged`, ... */
  properties?: Record<string, unknown>;
  /** Artifact kinds that contributed (compose, kubernetes, archbench, threagile, ...). */
  origins?: string[];
}

export type FlowProtocol = 'http' | 'https' | 'grpc' | 'tcp' | 'postgres' | 'mysql' | 'redis' | 'mongodb' | 'amqp' | 'kafka' | 'nats' | 'smtp' | 'unknown' | string;

export interface Flow {
  /** Stable id: `${from}->${to}` plus a suffix when several flows join the same pair. */
  id: string;
  from: string;
  to: string;
  protocol: FlowProtocol;
  /** Synchronous (request/response) or asynchronous (queue, event). */
  sync?: boolean;
  /** How the flow was found: `env:PRODUCT_CATALOG_SERVICE_ADDR`, `depends_on`, `ingress`, `archbench.yaml`, ... */
  inferredFrom: string[];
  source: SourceLocation;
  sources?: SourceLocation[];
  port?: number;
  authentication?: string;
  encrypted?: boolean;
  timeoutMs?: number;
  retries?: number;
  circuitBreaker?: boolean;
  dataClassification?: DataClassification;
  properties?: Record<string, unknown>;
}

export interface TrustBoundary {
  id: string;
  name: string;
  /** `network` (compose), `namespace` (k8s), `declared` (archbench.yaml / Threagile / Threat Dragon). */
  kind: 'network' | 'namespace' | 'declared' | 'internet' | string;
  components: string[];
  /** Nested boundaries. */
  children?: string[];
  source?: SourceLocation;
  /** Every file that describes this boundary (compose variants share their networks). */
  sources?: SourceLocation[];
  /** Facts from the artifacts: compose `internal` / `external` / `driver`, Threagile `type`, Threat Dragon geometry. */
  properties?: Record<string, unknown>;
}

export interface Endpoint {
  /** `${method} ${path}` for HTTP, `${package}.${Service}/${Method}` for gRPC, `${Query|Mutation|Subscription}.${field}` for GraphQL. */
  id: string;
  component?: string;
  /** `http` (OpenAPI), `grpc`, `graphql`. */
  protocol: 'http' | 'grpc' | 'graphql';
  /** HTTP method, `rpc`, or the GraphQL operation type. */
  method: string;
  path: string;
  operationId?: string;
  /** Security requirements in effect (OpenAPI semantics: alternatives of scheme sets). Empty array = explicitly none. */
  security: Array<Record<string, string[]>>;
  /** True when the spec says nothing about security at all (no root or operation `security`). */
  securityUndeclared?: boolean;
  deprecated?: boolean;
  source: SourceLocation;
  properties?: Record<string, unknown>;
}

export interface Column {
  name: string;
  type: string;
  nullable: boolean;
  default?: string;
  identity?: boolean;
  generated?: boolean;
  /** `always` or `by-default` for identity columns. */
  identityKind?: 'always' | 'by-default';
  /** `stored` or `virtual` for generated columns; the expression is in `default`. */
  generatedKind?: 'stored' | 'virtual';
  comment?: string;
  /** The statement that added the column, when it was not the CREATE TABLE. */
  source?: SourceLocation;
}

export interface Index {
  name: string;
  columns: string[];
  unique: boolean;
  primary?: boolean;
  partial?: boolean;
  definition?: string;
  source?: SourceLocation;
  /** Access method: btree, gin, gist, hash, brin, ... */
  method?: string;
  /** WHERE clause of a partial index. */
  predicate?: string;
  /** Constraint the index backs (primary key, unique, exclusion). */
  constraint?: string;
  /** False for an index left invalid (a failed CREATE INDEX CONCURRENTLY). */
  valid?: boolean;
  /** Columns the index covers in key order; expressions appear as their text. */
  expressions?: string[];
}

export interface ForeignKey {
  name: string;
  columns: string[];
  referencedSchema: string;
  referencedTable: string;
  referencedColumns: string[];
  onDelete?: string;
  onUpdate?: string;
  source?: SourceLocation;
  /** False for a constraint added NOT VALID and not validated since. */
  validated?: boolean;
  deferrable?: boolean;
  /** `SIMPLE`, `FULL` or `PARTIAL`. */
  matchType?: string;
  definition?: string;
}

export interface Policy {
  name: string;
  command: 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
  permissive: boolean;
  roles: string[];
  using?: string;
  withCheck?: string;
  source?: SourceLocation;
}

export interface Table {
  schema: string;
  name: string;
  rlsEnabled: boolean;
  rlsForced?: boolean;
  columns: Column[];
  primaryKey?: string[];
  indexes: Index[];
  foreignKeys: ForeignKey[];
  policies?: Policy[];
  /** Role -> privileges (`SELECT`, `INSERT`, ...). */
  grants?: Record<string, string[]>;
  source: SourceLocation;
  /** `table` (ordinary), `partitioned-table` or `foreign-table`. */
  kind?: 'table' | 'partitioned-table' | 'foreign-table';
  /** Created by the environment (the Supabase prelude), not by the project's migrations. */
  system?: boolean;
  owner?: string;
  comment?: string;
  /** The statement that last changed the table (ALTER TABLE, GRANT, ...), when not the one that created it. */
  lastChanged?: SourceLocation;
  checkConstraints?: CheckConstraint[];
  uniqueConstraints?: UniqueConstraint[];
  /** Column -> role -> privileges, for column-level grants. */
  columnGrants?: Record<string, Record<string, string[]>>;
  /** Parent table (`schema.name`) when this table is a partition. */
  partitionOf?: string;
}

export interface DataAsset {
  id: string;
  name: string;
  classification?: DataClassification;
  storedIn?: string[];
  processedBy?: string[];
  source?: SourceLocation;
  /** Description, CIA ratings and other facts from archbench.yaml, Threagile or OTM. */
  properties?: Record<string, unknown>;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem reading an artifact (parse error, guard tripped, unrendered template). Not a finding. */
export interface Diagnostic {
  file: string;
  line: number;
  column?: number;
  severity: DiagnosticSeverity;
  /** Short machine code: `yaml.parse`, `limit.size`, `limit.aliases`, `helm.template`, `sql.apply`, ... */
  code: string;
  message: string;
}

/** Status a user gives a finding in archbench.yaml `risks`. */
export type RiskStatus = 'accepted' | 'mitigated' | 'false-positive' | 'in-progress';

/** One risk-tracking entry from archbench.yaml: matches findings by fingerprint, or by rule and element. */
export interface RiskTrackingEntry {
  fingerprint?: string;
  rule?: string;
  element?: string;
  status: RiskStatus;
  justification?: string;
  by?: string;
  /** ISO date (YYYY-MM-DD) the status was set. */
  date?: string;
  /** ISO date after which the status no longer applies. */
  expires?: string;
  ticket?: string;
  source: SourceLocation;
}

/** archbench.yaml `migrations`: how the database engine finds and orders migrations when it cannot tell. */
export interface MigrationSettings {
  /** Folders (relative to the project root) holding migrations. */
  directories?: string[];
  /** Explicit order of migration files (relative paths); files not listed follow in the detected order. */
  order?: string[];
  /** Naming convention to assume: `flyway`, `timestamp`, `supabase`, `prisma`, `plain`. */
  convention?: string;
  source: SourceLocation;
}

export interface SystemModel {
  components: Component[];
  flows: Flow[];
  trustBoundaries: TrustBoundary[];
  endpoints: Endpoint[];
  tables: Table[];
  dataAssets: DataAsset[];
  diagnostics: Diagnostic[];
  /** Project name and description from archbench.yaml, Threagile or Threat Dragon. */
  project?: { name?: string; description?: string; source?: SourceLocation };
  /** Risk tracking from archbench.yaml. */
  risks?: RiskTrackingEntry[];
  /** Migration discovery overrides from archbench.yaml. */
  migrations?: MigrationSettings;
  /** Kubernetes objects other than workloads (Services, Ingresses, Secrets, custom resources): where each is written, for rules that check references between manifests. */
  kubernetesObjects?: KubernetesObject[];
}

/** A Kubernetes object that is not a workload: a Service or Ingress, a Secret or ConfigMap, RBAC, a custom resource (SealedSecret, HTTPRoute, Middleware). */
export interface KubernetesObject {
  kind: string;
  apiVersion?: string;
  name: string;
  /** `metadata.namespace`, `default` when the file does not say. */
  namespace: string;
  /** Where `metadata.name` is. */
  source: SourceLocation;
}

/** An empty model, the starting point for importers and merges. */
export function emptyModel(): SystemModel {
  return { components: [], flows: [], trustBoundaries: [], endpoints: [], tables: [], dataAssets: [], diagnostics: [] };
}

// Database schema

export interface CheckConstraint {
  name: string;
  expression: string;
  /** False for a constraint added NOT VALID and not validated since. */
  validated?: boolean;
  source?: SourceLocation;
}

export interface UniqueConstraint {
  name: string;
  columns: string[];
  deferrable?: boolean;
  nullsNotDistinct?: boolean;
  source?: SourceLocation;
}

export interface DbSchemaInfo {
  name: string;
  owner: string;
  system?: boolean;
  /** Role -> privileges (`USAGE`, `CREATE`). */
  grants: Record<string, string[]>;
  source?: SourceLocation;
}

export interface View {
  schema: string;
  name: string;
  materialized: boolean;
  definition: string;
  /** `security_invoker = true`: the view checks the caller's privileges and RLS, not the owner's. */
  securityInvoker: boolean;
  securityBarrier?: boolean;
  /** `local` or `cascaded` for WITH CHECK OPTION views. */
  checkOption?: string;
  owner: string;
  columns: Column[];
  /** Materialized views can have indexes. */
  indexes?: Index[];
  grants: Record<string, string[]>;
  system?: boolean;
  comment?: string;
  source?: SourceLocation;
  lastChanged?: SourceLocation;
}

export interface DbFunction {
  schema: string;
  name: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  /** Identity arguments as PostgreSQL prints them (`account_id uuid, role text`). */
  arguments: string;
  returns: string;
  language: string;
  securityDefiner: boolean;
  volatility: 'immutable' | 'stable' | 'volatile';
  /** `proconfig`: settings fixed on the function (`search_path=public`). */
  config: string[];
  /** The search_path fixed on the function, if any. */
  searchPath?: string;
  owner: string;
  /** Role -> privileges (`EXECUTE`); `PUBLIC` when everyone may execute. */
  grants: Record<string, string[]>;
  /** Whether anon / authenticated can execute it, directly, through PUBLIC or by role membership. */
  executableBy: string[];
  system?: boolean;
  comment?: string;
  source?: SourceLocation;
  lastChanged?: SourceLocation;
}

export interface Trigger {
  schema: string;
  table: string;
  name: string;
  /** `schema.name` of the trigger function. */
  function: string;
  timing: 'BEFORE' | 'AFTER' | 'INSTEAD OF';
  events: string[];
  level: 'ROW' | 'STATEMENT';
  enabled: boolean;
  definition: string;
  source?: SourceLocation;
}

export interface DbExtension {
  name: string;
  version?: string;
  schema?: string;
  /** False when a migration asked for it and the embedded PostgreSQL does not have it. */
  available: boolean;
  system?: boolean;
  source?: SourceLocation;
}

export interface DbEnumType {
  schema: string;
  name: string;
  values: string[];
  system?: boolean;
  source?: SourceLocation;
  lastChanged?: SourceLocation;
}

export interface DbSequence {
  schema: string;
  name: string;
  dataType: string;
  /** `schema.table.column` of the column that owns it (serial, identity). */
  ownedBy?: string;
  grants: Record<string, string[]>;
  source?: SourceLocation;
}

/** ALTER DEFAULT PRIVILEGES: what objects `role` creates (in `schema`, or anywhere) will grant. */
export interface DefaultPrivilege {
  role: string;
  schema?: string;
  objectType: 'tables' | 'sequences' | 'functions' | 'types' | 'schemas';
  grants: Record<string, string[]>;
}

export interface DbRole {
  name: string;
  superuser: boolean;
  bypassRls: boolean;
  login: boolean;
  inherit: boolean;
  memberOf: string[];
  system?: boolean;
}

/** Everything read back from the catalog after replaying the migrations. */
export interface DatabaseSchema {
  schemas: DbSchemaInfo[];
  tables: Table[];
  views: View[];
  functions: DbFunction[];
  triggers: Trigger[];
  extensions: DbExtension[];
  enums: DbEnumType[];
  sequences: DbSequence[];
  defaultPrivileges: DefaultPrivilege[];
  roles: DbRole[];
  diagnostics: Diagnostic[];
}
