import { useMemo, useState } from 'react';
import type { ArtifactKind } from '../../../shared/model/artifact.js';
import { useWorkbench, workbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { openFolder, openSample, refreshTree } from '../../workbench/project-actions.js';
import { openFile } from '../editor/editor-actions.js';
import { ExplorerTree } from './ExplorerTree.js';
import { folderRows, kindRows, type TreeRow } from './file-tree.js';
import './explorer.css';

/** The Explorer side bar: the project's files as a folder tree with kind badges, or grouped by artifact kind. */
export function ExplorerView() {
  const project = useWorkbench((s) => s.project);
  const booting = useWorkbench((s) => s.booting);
  const tree = useWorkbench((s) => s.tree);
  const mode = useWorkbench((s) => s.explorerMode);
  const expanded = useWorkbench((s) => s.expandedFolders);
  const selectedPath = useWorkbench((s) => s.selectedPath);
  const tabs = useWorkbench((s) => s.tabs);
  const [collapsedKinds, setCollapsedKinds] = useState<ReadonlySet<ArtifactKind>>(new Set());

  const rows = useMemo(
    () => (mode === 'folders' ? folderRows(tree, expanded) : kindRows(tree, collapsedKinds)),
    [mode, tree, expanded, collapsedKinds],
  );
  const dirtyPaths = useMemo(() => new Set(tabs.flatMap((t) => (t.type === 'file' && t.dirty ? [t.path] : []))), [tabs]);

  const toggle = (row: TreeRow) => {
    if (row.type === 'folder') {
      workbench.set((s) => {
        const next = new Set(s.expandedFolders);
        if (next.has(row.path)) next.delete(row.path);
        else next.add(row.path);
        return { expandedFolders: next };
      });
    } else if (row.type === 'group') {
      setCollapsedKinds((current) => {
        const next = new Set(current);
        if (next.has(row.kind)) next.delete(row.kind);
        else next.add(row.kind);
        return next;
      });
    }
  };

  const collapseAll = () => {
    if (mode === 'folders') workbench.set({ expandedFolders: new Set() });
    else setCollapsedKinds(new Set(tree.map((a) => a.kind)));
  };

  return (
    <section className="explorer" aria-label="Explorer" data-testid="explorer">
      <header className="sidebar-header">
        <h2 className="sidebar-title">Explorer</h2>
        {project && (
          <div className="sidebar-actions" role="toolbar" aria-label="Explorer actions">
            <button
              type="button"
              className="icon-button"
              data-testid="explorer-mode-kinds"
              aria-pressed={mode === 'kinds'}
              title={mode === 'kinds' ? 'Show the folder tree' : 'Group files by artifact kind'}
              aria-label="Group by artifact kind"
              onClick={() => workbench.set({ explorerMode: mode === 'kinds' ? 'folders' : 'kinds' })}
            >
              <Icon name={mode === 'kinds' ? 'list-tree' : 'list-flat'} />
            </button>
            <button type="button" className="icon-button" title="Refresh" aria-label="Refresh the file list" onClick={() => void refreshTree()}>
              <Icon name="refresh" />
            </button>
            <button type="button" className="icon-button" title="Collapse all" aria-label="Collapse all" onClick={collapseAll}>
              <Icon name="collapse-all" />
            </button>
          </div>
        )}
      </header>
      {project ? (
        <>
          <div className="explorer-project" title={project.root}>
            <span className="explorer-project-name">{project.name}</span>
            <span className="explorer-project-count">{tree.length} files</span>
          </div>
          <div className="explorer-scroll">
            {tree.length ? (
              <ExplorerTree
                rows={rows}
                label={`Files of ${project.name}${mode === 'kinds' ? ', by artifact kind' : ''}`}
                selectedId={selectedPath ? `file:${selectedPath}` : null}
                dirtyPaths={dirtyPaths}
                showBadges={mode === 'folders'}
                onToggle={toggle}
                onOpen={(path) => void openFile(path)}
                onSelect={(row) => row.type === 'file' && workbench.set({ selectedPath: row.path })}
              />
            ) : (
              <p className="sidebar-empty">No files here that Archbench reads.</p>
            )}
          </div>
        </>
      ) : booting ? null : (
        <div className="sidebar-empty">
          <p>No folder is open.</p>
          <button type="button" className="button primary" onClick={() => void openFolder()}>Open Folder…</button>
          <button type="button" className="button" onClick={() => void openSample()}>Open the Sample Project</button>
        </div>
      )}
    </section>
  );
}
