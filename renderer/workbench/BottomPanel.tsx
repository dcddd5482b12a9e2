import { useEffect, useMemo, useRef } from 'react';
import type { Artifact } from '../../shared/model/artifact.js';
import { openFile } from '../features/editor/editor-actions.js';
import { useWorkbench, workbench, type PanelTab } from '../state/workbench-store.js';
import { Icon } from './Icon.js';
import { revealInExplorer } from './layout-actions.js';

/** The bottom panel: Problems (files that could not be read, later the open file's findings) and Output (what the UI did). */
export function BottomPanel() {
  const tab = useWorkbench((s) => s.panelTab);
  const tree = useWorkbench((s) => s.tree);
  const problems = useMemo(() => tree.filter((a) => a.status !== 'ok'), [tree]);
  const tabs: Array<{ id: PanelTab; label: string; count?: number }> = [
    { id: 'problems', label: 'Problems', count: problems.length },
    { id: 'output', label: 'Output' },
  ];
  return (
    <section className="panel" aria-label="Panel" data-testid="bottom-panel">
      <header className="panel-header">
        <div role="tablist" aria-label="Panel views" className="panel-tabs">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`panel-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls="panel-body"
              className={`panel-tab${tab === t.id ? ' active' : ''}`}
              data-testid={`panel-tab-${t.id}`}
              onClick={() => workbench.set({ panelTab: t.id })}
            >
              {t.label}
              {t.count ? <span className="panel-count">{t.count}</span> : null}
            </button>
          ))}
        </div>
        <div className="panel-actions">
          {tab === 'output' && (
            <button type="button" className="icon-button" title="Clear output" aria-label="Clear output" onClick={() => workbench.set({ output: [] })}>
              <Icon name="discard" />
            </button>
          )}
          <button type="button" className="icon-button" title="Hide panel (Ctrl+J)" aria-label="Hide panel" onClick={() => workbench.set({ panelVisible: false })}>
            <Icon name="close" />
          </button>
        </div>
      </header>
      <div className="panel-body" id="panel-body" role="tabpanel" aria-labelledby={`panel-tab-${tab}`}>
        {tab === 'problems' ? <ProblemsView problems={problems} /> : <OutputView />}
      </div>
    </section>
  );
}

function ProblemsView({ problems }: { problems: Artifact[] }) {
  const hasProject = useWorkbench((s) => s.project !== null);
  if (!problems.length) {
    return <p className="panel-empty" data-testid="problems-empty">{hasProject ? 'No problems: every file was read. Findings arrive with the analysis.' : 'No project open.'}</p>;
  }
  return (
    <ul className="problems" data-testid="problems-list">
      {problems.map((artifact) => (
        <li key={artifact.path}>
          <button
            type="button"
            className="problem"
            onClick={() => { revealInExplorer(artifact.path); if (artifact.status === 'error') void openFile(artifact.path); }}
            title={artifact.status === 'error' ? 'Open the file' : 'Show in the Explorer'}
          >
            <Icon name={artifact.status === 'error' ? 'error' : 'circle-slash'} className={`problem-icon ${artifact.status}`} />
            <span className="problem-message">{artifact.message ?? (artifact.status === 'error' ? 'Could not be read' : 'Skipped')}</span>
            <span className="problem-path">{artifact.path}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function OutputView() {
  const output = useWorkbench((s) => s.output);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' }); // braces: scrollIntoView returns a Promise in newer Chromium
  }, [output]);
  return (
    <div className="output" data-testid="output-log" role="log" aria-label="Output">
      {output.map((entry) => (
        <div key={entry.id} className={`output-line ${entry.level}`}>
          <span className="output-time">{timeFormat.format(entry.time)}</span>
          <span className="output-message">{entry.message}</span>
        </div>
      ))}
      <div ref={end} />
    </div>
  );
}
