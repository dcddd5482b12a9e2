import { useMemo } from 'react';
import { useWorkbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { runAnalysis } from '../analysis/analysis-sync.js';
import { RunProgress } from '../analysis/RunProgress.js';
import { useSystem } from '../threats/system-store.js';
import { BlastRadiusList } from './BlastRadiusList.js';
import { ChainList } from './ChainList.js';
import { FlowResilienceList } from './FlowResilienceList.js';
import { PlaybookList } from './PlaybookList.js';
import { ReliabilitySection } from './ReliabilitySection.js';
import { reliabilityViewStore, useReliabilityView } from './reliability-view-store.js';
import { SpofList } from './SpofList.js';
import '../threats/threats.css';
import './reliability.css';

/** The Reliability side bar: single points of failure, blast radius, flow resilience, call chains and the playbook. */
export function ReliabilityView() {
  const project = useWorkbench((s) => s.project);
  const running = useAnalysis((s) => s.running !== null);
  const loaded = useSystem((s) => s.loaded);
  const report = useSystem((s) => s.analysis?.reliability ?? null);
  const error = useSystem((s) => s.error);
  const onlyLacking = useReliabilityView((s) => s.onlyLacking);

  const spofs = useMemo(() => {
    if (!report) return [];
    const order = report.singlePointsOfFailure ?? [];
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    return report.components.filter((c) => c.singlePointOfFailure).sort((a, b) => rank(a.component) - rank(b.component));
  }, [report]);
  const flows = useMemo(() => (report?.flows ?? []).filter((f) => !onlyLacking || f.missing.length > 0), [report, onlyLacking]);

  return (
    <section className="reliability-view" aria-label="Reliability" data-testid="reliability-view">
      <header className="sidebar-header">
        <h2 className="sidebar-title">Reliability</h2>
        {project && (
          <div className="sidebar-actions" role="toolbar" aria-label="Reliability actions">
            <button type="button" className="icon-button" title="Run the analysis" aria-label="Run the analysis" disabled={running} onClick={() => void runAnalysis()}>
              <Icon name="debug-start" />
            </button>
            <button type="button" className="icon-button" title="Collapse all" aria-label="Collapse all sections" onClick={() => reliabilityViewStore.set({ collapsed: new Set(['spof', 'blast', 'flows', 'chains', 'playbook']) })}>
              <Icon name="collapse-all" />
            </button>
          </div>
        )}
      </header>
      {!project ? (
        <p className="sidebar-empty">No folder is open.</p>
      ) : (
        <>
          <RunProgress />
          {!loaded ? (
            <p className="sidebar-empty">Loading the reliability report…</p>
          ) : error && !report ? (
            <p className="sidebar-empty" role="alert">The reliability report could not be read: {error}</p>
          ) : !report ? (
            <div className="sidebar-empty">
              <p>{running ? 'The first analysis is running.' : 'The project has not been analysed yet.'}</p>
              {!running && <button type="button" className="button primary" onClick={() => void runAnalysis()}>Run Analysis</button>}
            </div>
          ) : (
            <div className="view-scroll reliability-scroll">
              <ReliabilitySection id="spof" title="Single points of failure" count={spofs.length}>
                <SpofList components={spofs} />
              </ReliabilitySection>
              <ReliabilitySection id="blast" title="Blast radius" count={report.components.length}>
                <BlastRadiusList components={report.components} />
              </ReliabilitySection>
              <ReliabilitySection
                id="flows"
                title="Flows lacking resilience"
                count={flows.length}
                actions={(
                  <label className="reliability-check" title="Also list flows that lack nothing">
                    <input type="checkbox" checked={!onlyLacking} data-testid="flows-show-all" onChange={(e) => reliabilityViewStore.set({ onlyLacking: !e.target.checked })} /> all
                  </label>
                )}
              >
                <FlowResilienceList flows={flows} />
              </ReliabilitySection>
              <ReliabilitySection id="chains" title="Call chains" count={report.chains.length}>
                <ChainList chains={report.chains} />
              </ReliabilitySection>
              <ReliabilitySection id="playbook" title="Playbook" count={report.playbook.length}>
                <PlaybookList entries={report.playbook} />
              </ReliabilitySection>
              {report.notes?.length ? (
                <ul className="reliability-notes">{report.notes.map((note) => <li key={note}>{note}</li>)}</ul>
              ) : null}
            </div>
          )}
        </>
      )}
    </section>
  );
}
