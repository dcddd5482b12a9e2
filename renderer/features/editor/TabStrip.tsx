import type { KeyboardEvent, MouseEvent } from 'react';
import { useWorkbench, workbench, type Tab } from '../../state/workbench-store.js';
import { Icon, type IconName } from '../../workbench/Icon.js';
import { closeTab } from './editor-actions.js';

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The icons of view tabs: the ones their activity bar entries show. */
const VIEW_ICONS: Record<Extract<Tab, { type: 'view' }>['view'], IconName> = { about: 'info', 'sql-console': 'database', diagram: 'graph', erd: 'table' };

/** The editor tabs: dirty dot, close button, middle-click close, arrow keys between tabs. */
export function TabStrip() {
  const tabs = useWorkbench((s) => s.tabs);
  const activeTabId = useWorkbench((s) => s.activeTabId);
  const names = tabs.map((t) => (t.type === 'file' ? basename(t.path) : t.title));

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : -2;
    if (next === -2) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    workbench.set({ activeTabId: tab.id });
    (document.querySelector(`[data-tab-id="${CSS.escape(tab.id)}"]`) as HTMLElement | null)?.focus();
  };

  const onMouseDown = (event: MouseEvent) => {
    if (event.button === 1) event.preventDefault(); // no autoscroll cursor on middle-click
  };

  return (
    <div className="tab-strip" role="tablist" aria-label="Open editors" data-testid="tab-strip">
      {tabs.map((tab, index) => {
        const active = tab.id === activeTabId;
        // Two tabs with the same file name: show the folder too, as VS Code does.
        const duplicate = names.filter((n) => n === names[index]).length > 1;
        return (
          <div
            key={tab.id}
            role="tab"
            aria-selected={active}
            aria-controls="editor-panel"
            tabIndex={active ? 0 : -1}
            className={tabClass(tab, active)}
            title={tab.type === 'file' ? `${tab.path}${tab.deleted ? ' (deleted on disk)' : ''}${tab.dirty ? ' (unsaved)' : ''}` : tab.title}
            data-testid="editor-tab"
            data-tab-id={tab.id}
            data-path={tab.type === 'file' ? tab.path : undefined}
            data-dirty={tab.type === 'file' ? String(tab.dirty) : undefined}
            data-deleted={tab.type === 'file' && tab.deleted ? 'true' : undefined}
            onClick={() => workbench.set({ activeTabId: tab.id, ...(tab.type === 'file' ? { selectedPath: tab.path } : {}) })}
            onMouseDown={onMouseDown}
            onAuxClick={(e) => { if (e.button === 1) { e.preventDefault(); void closeTab(tab.id); } }}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            {tab.type === 'file' ? <span className="kind-swatch" data-kind={tab.kind} /> : <Icon name={VIEW_ICONS[tab.view]} className="tab-icon" />}
            <span className="tab-label">{names[index]}</span>
            {duplicate && tab.type === 'file' && <span className="tab-description">{tab.path.slice(0, -names[index].length - 1) || './'}</span>}
            {tab.type === 'file' && tab.conflict && <Icon name="warning" className="tab-conflict" title="Changed on disk" />}
            <button
              type="button"
              className="tab-close"
              tabIndex={-1}
              aria-label={`Close ${names[index]}`}
              title="Close (Ctrl+W)"
              data-testid="tab-close"
              onClick={(e) => { e.stopPropagation(); void closeTab(tab.id); }}
            >
              <Icon name="close" className="tab-close-icon" />
              <Icon name="circle-filled" className="tab-dirty-icon" />
            </button>
          </div>
        );
      })}
    </div>
  );
}

function tabClass(tab: Tab, active: boolean): string {
  const classes = ['tab'];
  if (active) classes.push('active');
  if (tab.type === 'file' && tab.dirty) classes.push('dirty');
  if (tab.type === 'file' && tab.deleted) classes.push('deleted');
  return classes.join(' ');
}
