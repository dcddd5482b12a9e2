import { useEffect, useRef } from 'react';
import { ProblemsView, useProblemCount } from '../features/problems/ProblemsView.js';
import { useWorkbench, workbench, type PanelTab } from '../state/workbench-store.js';
import { Icon } from './Icon.js';

/** The bottom panel: Problems (the open file's findings and diagnostics, unreadable files) and Output (what the UI and the analysis did). */
export function BottomPanel() {
  const tab = useWorkbench((s) => s.panelTab);
  const problemCount = useProblemCount();
  const tabs: Array<{ id: PanelTab; label: string; count?: number }> = [
    { id: 'problems', label: 'Problems', count: problemCount },
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
        {tab === 'problems' ? <ProblemsView /> : <OutputView />}
      </div>
    </section>
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
