import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ARTIFACT_KIND_LABELS } from '../../../shared/model/artifact.js';
import { useWorkbench, workbench } from '../../state/workbench-store.js';
import { openFile } from '../editor/editor-actions.js';
import { allCommands, isEnabled } from './command-registry.js';
import { fuzzyMatch } from './fuzzy.js';
import './palette.css';

interface Item {
  id: string;
  label: string;
  prefix?: string;
  detail?: string;
  hint?: string;
  disabled: boolean;
  positions: number[];
  score: number;
  run(): void;
}

const MAX_FILES = 200;

/** Ctrl/Cmd+Shift+P lists every command; Ctrl/Cmd+P (or deleting the ">") lists the project's files. */
export function CommandPalette() {
  const initial = useWorkbench((s) => s.palette);
  if (initial === null) return null;
  return <PaletteDialog initial={initial} />;
}

function close(): void {
  workbench.set({ palette: null });
}

function PaletteDialog({ initial }: { initial: string }) {
  const [query, setQuery] = useState(initial);
  const [selected, setSelected] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const tree = useWorkbench((s) => s.tree);
  const commandMode = query.startsWith('>');

  const items = useMemo<Item[]>(() => {
    const text = commandMode ? query.slice(1) : query;
    if (commandMode) {
      return allCommands().flatMap((command) => {
        // The title first; the category ("File: ...") only when the title alone does not match.
        const offset = command.category.length + 2;
        const inTitle = fuzzyMatch(text, command.title);
        const inFull = inTitle ? null : fuzzyMatch(text, `${command.category}: ${command.title}`);
        const match = inTitle ?? (inFull && { score: inFull.score - 5, positions: inFull.positions.map((p) => p - offset) });
        if (!match) return [];
        const disabled = !isEnabled(command);
        return [{
          id: command.id, label: command.title, prefix: `${command.category}: `, hint: command.keybinding, disabled,
          positions: match.positions.filter((p) => p >= 0), score: match.score - (disabled ? 100 : 0),
          run: () => { close(); void command.run(); },
        }];
      }).sort((a, b) => (text.trim() ? b.score - a.score : 0));
    }
    return tree.flatMap((artifact) => {
      const name = artifact.path.slice(artifact.path.lastIndexOf('/') + 1);
      const match = fuzzyMatch(text, artifact.path);
      if (!match) return [];
      const nameStart = artifact.path.length - name.length;
      return [{
        id: artifact.path, label: name, detail: artifact.path.slice(0, nameStart).replace(/\/$/, ''),
        hint: ARTIFACT_KIND_LABELS[artifact.kind], disabled: false,
        positions: match.positions.filter((p) => p >= nameStart).map((p) => p - nameStart),
        score: match.score + (match.positions.every((p) => p >= nameStart) ? 20 : 0),
        run: () => { close(); void openFile(artifact.path); },
      }];
    }).sort((a, b) => b.score - a.score).slice(0, MAX_FILES);
  }, [query, commandMode, tree]);

  useEffect(() => {
    input.current?.focus();
  }, []);
  useEffect(() => {
    setSelected(0);
  }, [query]);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const move = (delta: number) => {
    if (!items.length) return;
    setSelected((current) => Math.max(0, Math.min(items.length - 1, current + delta)));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    switch (event.key) {
      case 'ArrowDown': move(1); break;
      case 'ArrowUp': move(-1); break;
      case 'PageDown': move(10); break;
      case 'PageUp': move(-10); break;
      case 'Enter': {
        const item = items[selected];
        if (item && !item.disabled) item.run();
        break;
      }
      case 'Escape': close(); break;
      default: return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const activeId = items[selected] ? `palette-item-${selected}` : undefined;
  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div className="palette" role="dialog" aria-label="Command palette" data-testid="command-palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          className="palette-input"
          data-testid="palette-input"
          value={query}
          placeholder={commandMode ? 'Type a command' : 'Search files by name (type > for commands)'}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={activeId}
          aria-autocomplete="list"
          spellCheck={false}
        />
        <ul className="palette-list" id="palette-list" role="listbox" ref={list} aria-label={commandMode ? 'Commands' : 'Files'}>
          {items.map((item, index) => (
            <li
              key={item.id}
              id={`palette-item-${index}`}
              data-index={index}
              data-testid="palette-item"
              data-command={commandMode ? item.id : undefined}
              role="option"
              aria-selected={index === selected}
              aria-disabled={item.disabled || undefined}
              className="palette-item"
              onMouseMove={() => index !== selected && setSelected(index)}
              onClick={() => !item.disabled && item.run()}
            >
              <span className="palette-label">
                {item.prefix && <span className="palette-prefix">{item.prefix}</span>}
                <Highlighted text={item.label} positions={item.positions} />
                {item.detail && <span className="palette-detail">{item.detail}</span>}
              </span>
              {item.hint && (commandMode ? <kbd>{item.hint}</kbd> : <span className="palette-hint">{item.hint}</span>)}
            </li>
          ))}
          {!items.length && <li className="palette-empty" role="presentation">{commandMode ? 'No matching commands' : tree.length ? 'No matching files' : 'No project open'}</li>}
        </ul>
      </div>
    </div>
  );
}

function Highlighted({ text, positions }: { text: string; positions: number[] }) {
  if (!positions.length) return <>{text}</>;
  const marks = new Set(positions);
  const parts: ReactNode[] = [];
  let run = '';
  let runMarked = false;
  const flush = (key: number) => {
    if (run) parts.push(runMarked ? <mark key={key}>{run}</mark> : run);
    run = '';
  };
  [...text].forEach((char, i) => {
    if (marks.has(i) !== runMarked) {
      flush(i);
      runMarked = marks.has(i);
    }
    run += char;
  });
  flush(text.length);
  return <>{parts}</>;
}
