import { useWorkbench } from '../../state/workbench-store.js';
import { AboutView } from '../about/AboutView.js';
import { SqlConsole } from '../sql-console/SqlConsole.js';
import { DiagramTab, ErdTab } from '../diagram/lazy-views.js';
import { StartPage } from '../welcome/StartPage.js';
import { Watermark } from '../welcome/Watermark.js';
import { CodeEditorHost } from './CodeEditorHost.js';
import { ConflictBar } from './ConflictBar.js';
import { DiffEditorHost } from './DiffEditorHost.js';
import { TabStrip } from './TabStrip.js';
import './editor.css';

/** The centre: tabs over the code editor, the diff editor or a view; the start page when nothing is open. */
export function EditorArea() {
  const hasProject = useWorkbench((s) => s.project !== null);
  const booting = useWorkbench((s) => s.booting);
  const tabCount = useWorkbench((s) => s.tabs.length);
  const hasFileTabs = useWorkbench((s) => s.tabs.some((t) => t.type === 'file'));
  const active = useWorkbench((s) => s.tabs.find((t) => t.id === s.activeTabId));

  if (!hasProject && !tabCount) return <main className="editor-area">{booting ? null : <StartPage />}</main>;

  const activeFile = active?.type === 'file' ? active : undefined;
  return (
    <main className="editor-area" aria-label="Editors">
      {tabCount > 0 && <TabStrip />}
      {activeFile && <ConflictBar tab={activeFile} />}
      <div className="editor-stack" id="editor-panel" role="tabpanel" aria-label={activeFile?.path ?? (active?.type === 'view' ? active.title : 'No editor')}>
        {hasFileTabs && <CodeEditorHost path={activeFile && !activeFile.comparing ? activeFile.path : null} />}
        {activeFile?.comparing && <DiffEditorHost key={activeFile.path} path={activeFile.path} />}
        {active?.type === 'view' && active.view === 'about' && <AboutView />}
        {active?.type === 'view' && active.view === 'sql-console' && <SqlConsole />}
        {active?.type === 'view' && active.view === 'diagram' && <DiagramTab />}
        {active?.type === 'view' && active.view === 'erd' && <ErdTab />}
        {!tabCount && <Watermark />}
      </div>
    </main>
  );
}
