import { useEffect, useRef } from 'react';
import { useWorkbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { Sash } from '../../workbench/Sash.js';
import { shortcutLabel } from '../../workbench/shortcuts.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { monaco } from '../editor/monaco.js';
import { useSchema } from '../schema/schema-store.js';
import { consoleModel, registerConsoleEditor } from './console-document.js';
import { resetScratchDatabase, runSql } from './sql-console-actions.js';
import { sqlConsoleStore, useSqlConsole } from './sql-console-store.js';
import { SqlResults } from './SqlResults.js';
import './sql-console.css';

const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  fontSize: 13,
  lineHeight: 20,
  fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  tabSize: 2,
  insertSpaces: true,
  fixedOverflowWidgets: true,
  padding: { top: 6 },
  renderLineHighlight: 'line',
  wordBasedSuggestions: 'currentDocument',
};

/** The SQL console tab: an editor on the scratch database over a results pane, as in DBeaver. */
export function SqlConsole() {
  const root = useWorkbench((s) => s.project?.root ?? null);
  const hasSql = useWorkbench((s) => s.tree.some((a) => a.kind === 'sql'));
  const info = useSchema((s) => s.info);
  const loaded = useSchema((s) => s.loaded);

  if (!root) return <div className="sql-console-empty">No folder is open.</div>;
  if (loaded && !hasSql && !info) {
    return (
      <div className="sql-console-empty" data-testid="sql-console-empty">
        <Icon name="database" className="sql-console-empty-icon" />
        <h2>No SQL migrations in this project</h2>
        <p>The console runs statements against a scratch copy of the database the migrations build. Add migrations (Flyway <code>V1__init.sql</code>, <code>supabase/migrations</code>, Prisma, or a <code>schema.sql</code> dump) and it opens on what they create.</p>
      </div>
    );
  }
  return <ConsoleLayout key={root} root={root} />;
}

function ConsoleLayout({ root }: { root: string }) {
  const container = useRef<HTMLDivElement>(null);
  const layout = useRef<HTMLDivElement>(null);
  const resultsHeight = useSqlConsole((s) => s.resultsHeight);

  useEffect(() => {
    const editor = monaco.editor.create(container.current!, { ...EDITOR_OPTIONS, model: consoleModel(root) });
    registerConsoleEditor(editor);
    // The console has its own Run: the .sql editors' "Run in SQL Console" stays out of its menu.
    editor.createContextKey('archbenchSqlConsole', true);
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void runSql('run'));
    const actions = [
      editor.addAction({ id: 'archbench.sql.run', label: 'Run SQL (the selection, or everything)', contextMenuGroupId: 'navigation', contextMenuOrder: 1, run: () => void runSql('run') }),
      editor.addAction({ id: 'archbench.sql.explain', label: 'Explain the Statement', contextMenuGroupId: 'navigation', contextMenuOrder: 2, run: () => void runSql('plan') }),
      editor.addAction({ id: 'archbench.sql.explainAnalyze', label: 'Explain Analyze the Statement', contextMenuGroupId: 'navigation', contextMenuOrder: 3, run: () => void runSql('analyze') }),
    ];
    editor.focus();
    return () => {
      for (const action of actions) action.dispose();
      registerConsoleEditor(null);
      editor.dispose();
    };
  }, [root]);

  return (
    <div className="sql-console" data-testid="sql-console" ref={layout}>
      <ScratchBanner />
      <Toolbar />
      <div className="sql-console-editor" ref={container} data-testid="sql-console-editor" />
      <Sash
        orientation="horizontal" label="Resize the results" value={resultsHeight} min={60} direction={-1}
        max={() => Math.max(60, (layout.current?.clientHeight ?? 600) - 140)}
        onChange={(height) => sqlConsoleStore.set({ resultsHeight: height })}
      />
      <div className="sql-console-results" style={{ height: resultsHeight }}>
        <SqlResults />
      </div>
    </div>
  );
}

function ScratchBanner() {
  const migrations = useSchema((s) => s.info?.plan.migrations.length ?? null);
  const scheme = useSchema((s) => s.info?.plan.scheme);
  const missing = useSchema((s) => s.info?.missing.length ?? 0);
  const replaying = useAnalysis((s) => s.running !== null);
  return (
    <div className="sql-banner" data-testid="sql-banner" role="note">
      <Icon name="database" className="sql-banner-icon" />
      <span className="sql-banner-text">
        <strong>Scratch copy of the replayed database: your files never change.</strong>{' '}
        {migrations === null
          ? 'The migrations have not been replayed yet; statements wait for the first replay.'
          : `Built by ${migrations} ${scheme ?? ''} migration${migrations === 1 ? '' : 's'}${missing ? ` (${missing} objects missing: see the Schema view)` : ''}. Changes last until Reset or the next replay.`}
      </span>
      {replaying && <span className="sql-banner-busy"><Icon name="loading" className="spin" /> replaying…</span>}
    </div>
  );
}

function Toolbar() {
  const busy = useSqlConsole((s) => s.busy);
  return (
    <div className="sql-toolbar" role="toolbar" aria-label="SQL console">
      <button type="button" className="button small primary" disabled={!!busy} data-testid="sql-run" title={`Run the selection, or everything (${shortcutLabel('Mod+Enter')})`} onClick={() => void runSql('run')}>
        <Icon name="play" /> Run
      </button>
      <button type="button" className="button small" disabled={!!busy} data-testid="sql-explain" title="EXPLAIN the statement at the cursor (or the selection)" onClick={() => void runSql('plan')}>
        Explain
      </button>
      <button type="button" className="button small" disabled={!!busy} data-testid="sql-explain-analyze" title="EXPLAIN ANALYZE: runs the statement in the scratch copy and shows the actual plan" onClick={() => void runSql('analyze')}>
        Explain Analyze
      </button>
      <span className="sql-toolbar-hint">{shortcutLabel('Mod+Enter')} runs the selection, or everything</span>
      <span className="row-spacer" />
      <button
        type="button" className="button small" disabled={!!busy} data-testid="sql-reset"
        title="Throw away what the console changed: a fresh copy of the replayed database"
        onClick={() => void resetScratchDatabase()}
      >
        <Icon name="debug-restart" /> Reset Scratch Database
      </button>
    </div>
  );
}
