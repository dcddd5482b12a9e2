import { hostKind } from '../api/client.js';
import { AnalysisStatusItems } from '../features/analysis/AnalysisStatus.js';
import { cursorStore } from '../features/editor/CodeEditorHost.js';
import { LANGUAGE_LABELS } from '../features/editor/language.js';
import { useStore } from '../state/store.js';
import { useWorkbench, workbench } from '../state/workbench-store.js';
import { Icon } from './Icon.js';
import { showPanel } from './layout-actions.js';

const CONNECTION_LABELS = { connected: 'Connected', connecting: 'Connecting…', disconnected: 'Disconnected: retrying' } as const;

/** The status bar: project, artifact and problem counts, findings by severity and the analysis, the active file's language, connection and host. */
export function StatusBar() {
  const project = useWorkbench((s) => s.project);
  const artifactCount = useWorkbench((s) => s.tree.length);
  const problemCount = useWorkbench((s) => s.tree.reduce((n, a) => n + (a.status === 'ok' ? 0 : 1), 0));
  const connection = useWorkbench((s) => s.connection);
  const language = useWorkbench((s) => {
    const tab = s.tabs.find((t) => t.id === s.activeTabId);
    return tab?.type === 'file' ? tab.language : null;
  });
  const saving = useWorkbench((s) => s.tabs.some((t) => t.type === 'file' && t.saving));
  const cursor = useStore(cursorStore, (c) => c);

  return (
    <footer className="status-bar" data-testid="status-bar" aria-label="Status bar">
      <div className="status-left">
        {project ? (
          <>
            <button type="button" className="status-item" data-testid="status-project" title={project.root} onClick={() => workbench.set({ sidebarVisible: true })}>
              <Icon name="folder" /> {project.name}
            </button>
            <span className="status-item" data-testid="status-artifacts">{artifactCount} {artifactCount === 1 ? 'artifact' : 'artifacts'}</span>
            <button type="button" className="status-item" data-testid="status-problems" title={`${problemCount} files skipped or unreadable: show Problems`} onClick={() => showPanel('problems', true)}>
              <Icon name={problemCount ? 'warning' : 'pass-filled'} /> {problemCount}
            </button>
            <AnalysisStatusItems />
          </>
        ) : (
          <span className="status-item">No folder open</span>
        )}
        {saving && <span className="status-item">Saving…</span>}
      </div>
      <div className="status-right">
        {language && cursor.line !== null && (
          <span className="status-item" data-testid="status-cursor">
            Ln {cursor.line}, Col {cursor.column}{cursor.selected ? ` (${cursor.selected} selected)` : ''}
          </span>
        )}
        {language && <span className="status-item" data-testid="status-language">{LANGUAGE_LABELS[language] ?? language}</span>}
        <span className={`status-item connection-${connection}`} data-testid="status-connection" data-state={connection} title="Connection to the Archbench core">
          <Icon name={connection === 'connected' ? 'plug' : 'debug-disconnect'} /> {CONNECTION_LABELS[connection]}
        </span>
        <span className="status-item" data-testid="status-host" data-host={hostKind} title={hostKind === 'electron' ? 'Desktop app' : 'Browser host on 127.0.0.1'}>
          <Icon name={hostKind === 'electron' ? 'window' : 'globe'} /> {hostKind === 'electron' ? 'Desktop' : 'Browser'}
        </span>
      </div>
    </footer>
  );
}
