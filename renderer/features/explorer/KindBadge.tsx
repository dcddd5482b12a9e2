import { ARTIFACT_KIND_LABELS, type ArtifactKind } from '../../../shared/model/artifact.js';

/** Short badge texts: the row is narrow; the full label is the tooltip and the accessible name. */
const SHORT: Record<ArtifactKind, string> = {
  openapi: 'OpenAPI', sql: 'SQL', compose: 'Compose', kubernetes: 'K8s', graphql: 'GraphQL', proto: 'Proto',
  archbench: 'Arch', threagile: 'Threagile', 'threat-dragon': 'Dragon', other: 'Other',
};

/** The artifact kind of a file, as a small coloured tag. */
export function KindBadge({ kind, detail }: { kind: ArtifactKind; detail?: string }) {
  const label = ARTIFACT_KIND_LABELS[kind];
  return (
    <span className="kind-badge" data-kind={kind} data-testid="kind-badge" title={detail ? `${label} (${detail})` : label} aria-label={label}>
      {SHORT[kind]}
    </span>
  );
}
