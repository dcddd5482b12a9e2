import { ARTIFACT_KINDS, type Artifact, type ArtifactKind } from '../../../shared/model/artifact.js';

/** One visible row of the Explorer tree. */
export type TreeRow =
  | { type: 'folder'; id: string; path: string; name: string; level: number; expanded: boolean; fileCount: number; problems: number }
  | { type: 'group'; id: string; kind: ArtifactKind; name: string; level: number; expanded: boolean; fileCount: number; problems: number }
  | { type: 'file'; id: string; path: string; name: string; level: number; artifact: Artifact; detail?: string };

interface FolderNode {
  path: string;
  name: string;
  folders: Map<string, FolderNode>;
  files: Artifact[];
  fileCount: number;
  problems: number;
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const hasProblem = (artifact: Artifact) => artifact.status !== 'ok';

function buildFolders(artifacts: Artifact[]): FolderNode {
  const root: FolderNode = { path: '', name: '', folders: new Map(), files: [], fileCount: 0, problems: 0 };
  for (const artifact of artifacts) {
    const parts = artifact.path.split('/');
    let node = root;
    node.fileCount++;
    if (hasProblem(artifact)) node.problems++;
    for (let i = 0; i < parts.length - 1; i++) {
      const path = parts.slice(0, i + 1).join('/');
      let child = node.folders.get(parts[i]);
      if (!child) node.folders.set(parts[i], (child = { path, name: parts[i], folders: new Map(), files: [], fileCount: 0, problems: 0 }));
      node = child;
      node.fileCount++;
      if (hasProblem(artifact)) node.problems++;
    }
    node.files.push(artifact);
  }
  return root;
}

/** Rows of the folder view: folders first, then files, both in natural name order; only unfolded folders show children. */
export function folderRows(artifacts: Artifact[], expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (node: FolderNode, level: number) => {
    for (const folder of [...node.folders.values()].sort((a, b) => byName.compare(a.name, b.name))) {
      // Chains of single-folder folders stay separate rows: paths in specs and manifests refer to them by name.
      const open = expanded.has(folder.path);
      rows.push({ type: 'folder', id: `folder:${folder.path}`, path: folder.path, name: folder.name, level, expanded: open, fileCount: folder.fileCount, problems: folder.problems });
      if (open) walk(folder, level + 1);
    }
    for (const artifact of [...node.files].sort((a, b) => byName.compare(nameOf(a.path), nameOf(b.path)))) {
      rows.push({ type: 'file', id: `file:${artifact.path}`, path: artifact.path, name: nameOf(artifact.path), level, artifact });
    }
  };
  walk(buildFolders(artifacts), 1);
  return rows;
}

/** Rows of the "by kind" view: one group per artifact kind present (in the contract's order), files by path. */
export function kindRows(artifacts: Artifact[], collapsedKinds: ReadonlySet<ArtifactKind>): TreeRow[] {
  const rows: TreeRow[] = [];
  for (const kind of ARTIFACT_KINDS) {
    const files = artifacts.filter((a) => a.kind === kind).sort((a, b) => byName.compare(a.path, b.path));
    if (!files.length) continue;
    const expanded = !collapsedKinds.has(kind);
    rows.push({ type: 'group', id: `group:${kind}`, kind, name: kind, level: 1, expanded, fileCount: files.length, problems: files.filter(hasProblem).length });
    if (!expanded) continue;
    for (const artifact of files) {
      const name = nameOf(artifact.path);
      rows.push({ type: 'file', id: `file:${artifact.path}`, path: artifact.path, name, level: 2, artifact, detail: artifact.path.slice(0, -name.length - 1) || undefined });
    }
  }
  return rows;
}

/** The folders that contain `path`, outermost first. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
