import { useAnalysis } from '../features/analysis/analysis-store.js';
import { DiagramActivityItems } from '../features/diagram/DiagramActivityItems.js';
import { useWorkbench, type SideView } from '../state/workbench-store.js';
import { Icon, type IconName } from './Icon.js';
import { openAbout, toggleSideView, toggleTheme } from './layout-actions.js';
import { shortcutLabel } from './shortcuts.js';

const VIEWS: Array<{ view: SideView; label: string; icon: IconName; shortcut?: string }> = [
  { view: 'explorer', label: 'Explorer', icon: 'files', shortcut: 'Mod+Shift+E' },
  { view: 'model', label: 'Model', icon: 'type-hierarchy' },
  { view: 'findings', label: 'Findings', icon: 'checklist', shortcut: 'Mod+Shift+F' },
  { view: 'schema', label: 'Schema', icon: 'database' },
  { view: 'threats', label: 'Threats', icon: 'shield' },
  { view: 'reliability', label: 'Reliability', icon: 'pulse' },
];

/** The activity bar: the side bar's views (a click on the showing one hides the side bar), theme and About. */
export function ActivityBar() {
  const sidebarVisible = useWorkbench((s) => s.sidebarVisible);
  const sideView = useWorkbench((s) => s.sideView);
  const theme = useWorkbench((s) => s.theme);
  const openFindings = useAnalysis((s) => s.findings.reduce((n, f) => n + (f.status === 'open' ? 1 : 0), 0));
  return (
    <nav className="activity-bar" aria-label="Views">
      <div className="activity-top" role="toolbar" aria-orientation="vertical" aria-label="Views">
        {VIEWS.map(({ view, label, icon, shortcut }) => {
          const active = sidebarVisible && sideView === view;
          return (
            <button
              key={view}
              type="button"
              className={`activity-item${active ? ' active' : ''}`}
              aria-pressed={active}
              aria-label={view === 'findings' && openFindings ? `${label} (${openFindings} open)` : label}
              title={`${label}${shortcut ? ` (${shortcutLabel(shortcut)})` : ''}`}
              data-testid={`activity-${view}`}
              onClick={() => toggleSideView(view)}
            >
              <Icon name={icon} />
              {view === 'findings' && openFindings > 0 && <span className="activity-badge" data-testid="activity-findings-count">{openFindings > 99 ? '99+' : openFindings}</span>}
            </button>
          );
        })}
        <DiagramActivityItems />
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
