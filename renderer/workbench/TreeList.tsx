import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Icon } from './Icon.js';
import './tree-list.css';

/** One row of a TreeList: the caller renders its content; the list does indentation, twisties, focus and keys. */
export interface TreeListRow {
  id: string;
  level: number;
  /** Has children: shows a twistie; undefined for leaves. */
  expanded?: boolean;
  content: ReactNode;
  title?: string;
  testId?: string;
  /** Extra data-* attributes for tests and styling (`{ severity: 'high' }` becomes data-severity). */
  data?: Record<string, string | number | undefined>;
  /** Taller rows (two lines of text). */
  tall?: boolean;
  className?: string;
}

interface Props {
  rows: TreeListRow[];
  label: string;
  selectedId: string | null;
  testId?: string;
  /** Click, Enter or Space on a row. */
  onActivate(row: TreeListRow): void;
  /** Twistie click, ArrowLeft / ArrowRight on a row with children. */
  onToggle(row: TreeListRow): void;
}

/** A keyboard-navigable tree (flat rows with aria-level and roving focus), as the Explorer's, for any content. */
export function TreeList({ rows, label, selectedId, testId, onActivate, onToggle }: Props) {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const container = useRef<HTMLUListElement>(null);
  const tabStop = rows.find((r) => r.id === focusedId)?.id ?? rows.find((r) => r.id === selectedId)?.id ?? rows[0]?.id;

  const focusRow = (id: string | undefined) => {
    if (!id) return;
    setFocusedId(id);
    const element = container.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`);
    element?.focus();
    element?.scrollIntoView({ block: 'nearest' });
  };

  const onKeyDown = (event: KeyboardEvent, row: TreeListRow, index: number) => {
    const parent = () => {
      for (let i = index - 1; i >= 0; i--) if (rows[i].level < row.level) return rows[i];
      return undefined;
    };
    const hasChildren = row.expanded !== undefined;
    switch (event.key) {
      case 'ArrowDown': focusRow(rows[index + 1]?.id); break;
      case 'ArrowUp': focusRow(rows[index - 1]?.id); break;
      case 'Home': focusRow(rows[0]?.id); break;
      case 'End': focusRow(rows[rows.length - 1]?.id); break;
      case 'ArrowRight':
        if (hasChildren && !row.expanded) onToggle(row);
        else if (hasChildren) focusRow(rows[index + 1]?.level > row.level ? rows[index + 1].id : undefined);
        break;
      case 'ArrowLeft':
        if (hasChildren && row.expanded) onToggle(row);
        else focusRow(parent()?.id);
        break;
      case 'Enter':
      case ' ':
        onActivate(row);
        break;
      default: return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <ul className="tree-list" role="tree" aria-label={label} ref={container} data-testid={testId}>
      {rows.map((row, index) => {
        const data = Object.fromEntries(Object.entries(row.data ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[`data-${k}`, String(v)]])));
        return (
          <li
            key={row.id}
            role="treeitem"
            aria-level={row.level}
            aria-expanded={row.expanded}
            aria-selected={row.id === selectedId}
            tabIndex={row.id === tabStop ? 0 : -1}
            className={`tree-list-row${row.tall ? ' tall' : ''}${row.className ? ` ${row.className}` : ''}`}
            style={{ paddingLeft: 4 + (row.level - 1) * 14 }}
            title={row.title}
            data-testid={row.testId}
            data-row-id={row.id}
            {...data}
            onClick={() => { setFocusedId(row.id); onActivate(row); }}
            onKeyDown={(e) => onKeyDown(e, row, index)}
            onFocus={() => setFocusedId(row.id)}
          >
            {row.expanded === undefined ? (
              <span className="tree-list-twistie" />
            ) : (
              <span
                className="tree-list-twistie"
                onClick={(e) => { e.stopPropagation(); setFocusedId(row.id); onToggle(row); }}
              >
                <Icon name={row.expanded ? 'chevron-down' : 'chevron-right'} />
              </span>
            )}
            {row.content}
          </li>
        );
      })}
    </ul>
  );
}
