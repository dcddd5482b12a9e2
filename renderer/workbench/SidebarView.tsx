import type { ReactNode } from 'react';
import type { ProjectInfo } from '../../shared/contract/index.js';
import { useAnalysis } from '../features/analysis/analysis-store.js';
import { runAnalysis } from '../features/analysis/analysis-sync.js';
import { RunProgress } from '../features/analysis/RunProgress.js';
import { useWorkbench } from '../state/workbench-store.js';
import { Icon, type IconName } from './Icon.js';

interface SidebarViewProps {
  /** The heading and the view's accessible name ("Findings"); its toolbar is named "Findings actions". */
  title: string;
  /** The section's class name and test id ("findings-view"). */
  className: string;
  testId: string;
  /** The toolbar's buttons (SidebarAction), shown while a folder is open. */
  actions: ReactNode;
  /** The body, while a folder is open. */
  children(project: ProjectInfo): ReactNode;
}

/** A side bar view: the title with its toolbar, then "No folder is open." or the body for the open folder. */
export function SidebarView({ title, className, testId, actions, children }: SidebarViewProps) {
  const project = useWorkbench((s) => s.project);
  return (
    <section className={className} aria-label={title} data-testid={testId}>
      <header className="sidebar-header">
        <h2 className="sidebar-title">{title}</h2>
        {project && (
          <div className="sidebar-actions" role="toolbar" aria-label={`${title} actions`}>
            {actions}
          </div>
        )}
      </header>
      {!project ? <p className="sidebar-empty">No folder is open.</p> : children(project)}
    </section>
  );
}

interface SidebarActionProps {
  icon: IconName;
  /** The accessible name, and the tooltip unless `title` is given. */
  label: string;
  title?: string;
  testId?: string;
  disabled?: boolean;
  /** For a toggle button: whether it is on (aria-pressed). */
  pressed?: boolean;
  onClick(): void;
}

/** An icon button of a side bar view's toolbar. */
export function SidebarAction({ icon, label, title = label, testId, disabled, pressed, onClick }: SidebarActionProps) {
  return (
    <button type="button" className="icon-button" title={title} aria-label={label} aria-pressed={pressed} data-testid={testId} disabled={disabled} onClick={onClick}>
      <Icon name={icon} />
    </button>
  );
}

interface SidebarFilterProps {
  value: string;
  onChange(value: string): void;
  placeholder: string;
  /** The field's accessible name ("Filter the model"). */
  label: string;
  testId: string;
}

/** The filter field at the top of a side bar view; Escape clears it (and goes no further while there is text). */
export function SidebarFilter({ value, onChange, placeholder, label, testId }: SidebarFilterProps) {
  return (
    <div className="view-filter">
      <Icon name="list-filter" className="view-filter-icon" />
      <input
        className="text-input view-filter-input"
        data-testid={testId}
        type="search"
        placeholder={placeholder}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape' && value) { e.stopPropagation(); onChange(''); } }}
        spellCheck={false}
      />
    </div>
  );
}

interface AnalysisSidebarProps<T> extends Omit<SidebarViewProps, 'children'> {
  /** Test id of the "Run the analysis" button that leads the toolbar (before `actions`). */
  runTestId?: string;
  /** Whether the view's store has been read; until then `loadingText` shows. */
  loaded: boolean;
  loadingText: string;
  /** What the analysis left for this view: null or undefined before the first run. */
  data: T | null | undefined;
  /** Why the view's data could not be read, shown as an alert while there is no data. */
  error?: ReactNode;
  /** The body, once there is data. */
  children(data: T): ReactNode;
}

/**
 * A side bar view of what the analysis found: a "Run the analysis" button leads its toolbar; under the run's
 * progress it shows loading, the read error, "not analysed yet" with a Run Analysis button, or the body.
 */
export function AnalysisSidebar<T>({ runTestId, loaded, loadingText, data, error, actions, children, ...view }: AnalysisSidebarProps<T>) {
  const running = useAnalysis((s) => s.running !== null);
  const runAction = <SidebarAction icon="debug-start" label="Run the analysis" testId={runTestId} disabled={running} onClick={() => void runAnalysis()} />;
  return (
    <SidebarView {...view} actions={<>{runAction}{actions}</>}>
      {() => (
        <>
          <RunProgress />
          {!loaded ? (
            <p className="sidebar-empty">{loadingText}</p>
          ) : error && data == null ? (
            <p className="sidebar-empty" role="alert">{error}</p>
          ) : data == null ? (
            <div className="sidebar-empty">
              <p>{running ? 'The first analysis is running.' : 'The project has not been analysed yet.'}</p>
              {!running && <button type="button" className="button primary" onClick={() => void runAnalysis()}>Run Analysis</button>}
            </div>
          ) : (
            children(data)
          )}
        </>
      )}
    </SidebarView>
  );
}
