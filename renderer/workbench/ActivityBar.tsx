import { useWorkbench, workbench } from '../state/workbench-store.js';
import { Icon } from './Icon.js';
import { openAbout, toggleTheme } from './layout-actions.js';

/**
 * The activity bar. Explorer is the only view today; Model, Findings, Threats, Reliability and Schema
 * join it with the analysis (no placeholders until they have something real to show).
 */
export function ActivityBar() {
  const sidebarVisible = useWorkbench((s) => s.sidebarVisible);
  const theme = useWorkbench((s) => s.theme);
  return (
    <nav className="activity-bar" aria-label="Views">
      <div className="activity-top" role="toolbar" aria-orientation="vertical" aria-label="Views">
        <button
          type="button"
          className={`activity-item${sidebarVisible ? ' active' : ''}`}
          aria-pressed={sidebarVisible}
          aria-label="Explorer"
          title="Explorer (Ctrl+B toggles)"
          data-testid="activity-explorer"
          onClick={() => workbench.set((s) => ({ sidebarVisible: !s.sidebarVisible }))}
        >
          <Icon name="files" />
        </button>
      </div>
      <div className="activity-bottom">
        <button type="button" className="activity-item" aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`} title="Toggle theme" data-testid="toggle-theme" onClick={toggleTheme}>
          <Icon name="color-mode" />
        </button>
        <button type="button" className="activity-item" aria-label="About and diagnostics" title="About / Diagnostics" data-testid="activity-about" onClick={openAbout}>
          <Icon name="info" />
        </button>
      </div>
    </nav>
  );
}
