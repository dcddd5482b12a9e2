import type { ArtifactKind } from '../../../shared/model/artifact.js';

const BY_EXTENSION: Record<string, string> = {
  yaml: 'yaml', yml: 'yaml', json: 'json', sql: 'pgsql', graphql: 'graphql', graphqls: 'graphql', gql: 'graphql',
  proto: 'protobuf', md: 'markdown', markdown: 'markdown', sh: 'shell', bash: 'shell', ini: 'ini', toml: 'ini',
  cfg: 'ini', conf: 'ini', env: 'ini', xml: 'xml',
};

/** The Monaco language of a file: its artifact kind first (content decides), then its extension. */
export function languageFor(path: string, kind: ArtifactKind | undefined): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  switch (kind) {
    case 'sql': return 'pgsql';
    case 'graphql': return 'graphql';
    case 'proto': return 'protobuf';
    case 'compose': case 'kubernetes': case 'archbench': case 'threagile':
      return 'yaml';
    case 'threat-dragon': return 'json';
    case 'openapi': return extension === 'json' ? 'json' : 'yaml';
    default: break;
  }
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || extension === 'dockerfile') return 'dockerfile';
  if (name === '.env' || name.startsWith('.env.')) return 'ini';
  return BY_EXTENSION[extension] ?? 'plaintext';
}

/** The label shown in the status bar for a Monaco language id. */
export const LANGUAGE_LABELS: Record<string, string> = {
  yaml: 'YAML', json: 'JSON', pgsql: 'PostgreSQL', sql: 'SQL', graphql: 'GraphQL', protobuf: 'Protocol Buffers',
  markdown: 'Markdown', dockerfile: 'Dockerfile', shell: 'Shell', ini: 'INI', xml: 'XML', plaintext: 'Plain Text',
};
