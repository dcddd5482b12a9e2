import { useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { ARTIFACT_KIND_LABELS } from '../../../shared/model/artifact.js';
import { Icon } from '../../workbench/Icon.js';
import { KindBadge } from './KindBadge.js';
import type { TreeRow } from './file-tree.js';

interface Props {
  rows: TreeRow[];
  label: string;
  selectedId: string | null;
  dirtyPaths: ReadonlySet<string>;
  /** Kind badges on file rows (the folder view); the by-kind view shows the kind on its groups instead. */
  showBadges: boolean;
  onToggle(row: TreeRow): void;
  onOpen(path: string): void;
  onSelect(row: TreeRow): void;
}

/** The Explorer's tree: flat rows with aria-level, roving focus, and the arrow-key behaviour of VS Code's tree. */
export function ExplorerTree({ rows, label, selectedId, dirtyPaths, showBadges, onToggle, onOpen, onSelect }: Props) {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const container = useRef<HTMLUListElement>(null);
  const tabStop = rows.find((r) => r.id === focusedId)?.id ?? rows.find((r) => r.id === selectedId)?.id ?? rows[0]?.id;

  const focusRow = (id: string | undefined) => {
    if (!id) return;
    setFocusedId(id);
    container.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`)?.focus();
  };

  const activate = (row: TreeRow) => {
    if (row.type === 'file') onOpen(row.path);
    else onToggle(row);
  };

  const onKeyDown = (event: KeyboardEvent, row: TreeRow, index: number) => {
    const parent = () => {
      for (let i = index - 1; i >= 0; i--) if (rows[i].level < row.level) return rows[i];
      return undefined;
    };
    switch (event.key) {
      case 'ArrowDown': focusRow(rows[index + 1]?.id); break;
      case 'ArrowUp': focusRow(rows[index - 1]?.id); break;
      case 'Home': focusRow(rows[0]?.id); break;
      case 'End': focusRow(rows[rows.length - 1]?.id); break;
      case 'ArrowRight':
        if (row.type !== 'file' && !row.expanded) onToggle(row);
        else if (row.type !== 'file') focusRow(rows[index + 1]?.level > row.level ? rows[index + 1].id : undefined);
        break;
      case 'ArrowLeft':
        if (row.type !== 'file' && row.expanded) onToggle(row);
        else focusRow(parent()?.id);
        break;
      case 'Enter':
      case ' ':
        onSelect(row);
        activate(row);
        break;
      default: return;
    }
    event.preventDefault();
  };

  const onClick = (event: MouseEvent, row: TreeRow) => {
    setFocusedId(row.id);
    onSelect(row);
    if (event.detail <= 1 || row.type === 'file') activate(row);
  };

  return (
    <ul className="tree" role="tree" aria-label={label} ref={container} data-testid="explorer-tree">
      {rows.map((row, index) => {
        const isFile = row.type === 'file';
        const problem = isFile && row.artifact.status !== 'ok' ? row.artifact : undefined;
        const title = isFile
          ? `${row.path}${problem ? `\n${problem.status === 'error' ? 'Error' : 'Skipped'}: ${problem.message ?? 'no reason given'}` : ''}`
          : row.type === 'folder' ? `${row.path} (${row.fileCount} files)` : `${ARTIFACT_KIND_LABELS[row.kind]} (${row.fileCount} files)`;
        return (
          <li
            key={row.id}
            role="treeitem"
            aria-level={row.level}
            aria-expanded={isFile ? undefined : row.expanded}
            aria-selected={row.id === selectedId}
            aria-description={problem ? `${problem.status}: ${problem.message ?? ''}` : undefined}
            tabIndex={row.id === tabStop ? 0 : -1}
            className={`tree-row${problem ? ` status-${problem.status}` : ''}`}
            style={{ paddingLeft: 6 + (row.level - 1) * 12 }}
            title={title}
            data-testid={isFile ? 'tree-item' : row.type === 'group' ? 'tree-group' : 'tree-folder'}
            data-row-id={row.id}
            data-path={isFile || row.type === 'folder' ? row.path : undefined}
            data-kind={isFile ? row.artifact.kind : row.type === 'group' ? row.kind : undefined}
            data-status={isFile ? row.artifact.status : undefined}
            onClick={(e) => onClick(e, row)}
            onKeyDown={(e) => onKeyDown(e, row, index)}
            onFocus={() => setFocusedId(row.id)}
          >
            {isFile
              ? <span className="tree-twistie" />
              : <Icon name={row.expanded ? 'chevron-down' : 'chevron-right'} className="tree-twistie" />}
            {row.type === 'group'
              ? <><span className="kind-swatch" data-kind={row.kind} /><span className="tree-label">{ARTIFACT_KIND_LABELS[row.kind]}</span></>
              : <span className="tree-label">{row.name}</span>}
            {isFile && row.detail && <span className="tree-detail">{row.detail}</span>}
            <span className="tree-spacer" />
            {isFile && dirtyPaths.has(row.path) && <Icon name="circle-filled" className="tree-dirty" title="Unsaved changes" />}
            {problem && (
              <span className="tree-status" data-testid="tree-status" title={`${problem.status === 'error' ? 'Error' : 'Skipped'}: ${problem.message ?? 'no reason given'}`}>
                <Icon name={problem.status === 'error' ? 'error' : 'circle-slash'} />
              </span>
            )}
            {isFile && showBadges && row.artifact.kind !== 'other' && <KindBadge kind={row.artifact.kind} detail={row.artifact.detail} />}
            {!isFile && row.problems > 0 && (
              <span className="tree-problems" title={`${row.problems} file${row.problems > 1 ? 's' : ''} skipped or unreadable`}>{row.problems}</span>
            )}
            {row.type === 'group' && <span className="tree-count">{row.fileCount}</span>}
          </li>
        );
      })}
    </ul>
  );
}
