/** Artifact kinds: what a file in the project folder is, decided by its content first. */
export type ArtifactKind =
  | 'openapi'
  | 'sql'
  | 'compose'
  | 'kubernetes'
  | 'graphql'
  | 'proto'
  | 'archbench'
  | 'threagile'
  | 'threat-dragon'
  | 'other';

export const ARTIFACT_KINDS: readonly ArtifactKind[] = [
  'openapi', 'sql', 'compose', 'kubernetes', 'graphql', 'proto', 'archbench', 'threagile', 'threat-dragon', 'other',
];

/** Human labels for the explorer's groups and badges. */
export const ARTIFACT_KIND_LABELS: Record<ArtifactKind, string> = {
  openapi: 'OpenAPI',
  sql: 'SQL',
  compose: 'Compose',
  kubernetes: 'Kubernetes',
  graphql: 'GraphQL',
  proto: 'Protobuf',
  archbench: 'archbench.yaml',
  threagile: 'Threagile',
  'threat-dragon': 'Threat Dragon',
  other: 'Other',
};

export type ParseStatus = 'ok' | 'error' | 'skipped';

/** One file the project store knows about. */
export interface Artifact {
  /** Relative to the project root, `/`-separated. */
  path: string;
  kind: ArtifactKind;
  /** Extra detail from classification: `helm-template`, `swagger-2.0`, `openapi-3.1`, `json`, ... */
  detail?: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  hash: string;
  mtimeMs: number;
  status: ParseStatus;
  /** Why a file is `error` or `skipped` (too large, binary, unreadable). */
  message?: string;
}
