import { useMemo } from 'react';
import { nothingDeployed } from '../../../shared/model/inferred.js';
import { rankedSinglePoints } from '../../../shared/model/system-analysis.js';
import { AnalysisSidebar, SidebarAction } from '../../workbench/SidebarView.js';
import { CodeSpans } from '../../workbench/CodeSpans.js';
import { useAnalysis } from '../analysis/analysis-store.js';
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
  const loaded = useSystem((s) => s.loaded);
  const report = useSystem((s) => s.analysis?.reliability ?? null);
  const error = useSystem((s) => s.error);
  const onlyLacking = useReliabilityView((s) => s.onlyLacking);
  // Components inferred from API descriptions or migrations alone: "nothing found" would be read as "all is well".
  const undescribed = useAnalysis((s) => nothingDeployed(s.model?.components ?? []));
  const notJudged = 'The files describe no deployment (only API descriptions or SQL migrations), so replicas, fallbacks and client timeouts are not judged.';

  const spofs = useMemo(() => (report ? rankedSinglePoints(report) : []), [report]);
  const flows = useMemo(() => (report?.flows ?? []).filter((f) => !onlyLacking || f.missing.length > 0), [report, onlyLacking]);

  return (
    <AnalysisSidebar
      title="Reliability"
      className="reliability-view"
      testId="reliability-view"
      actions={<SidebarAction icon="collapse-all" label="Collapse all sections" title="Collapse all" onClick={() => reliabilityViewStore.set({ collapsed: new Set(['spof', 'blast', 'flows', 'chains', 'playbook']) })} />}
      loaded={loaded}
      loadingText="Loading the reliability report…"
      error={error && <>The reliability report could not be read: {error}</>}
      data={report}
    >
      {(report) => (
        <div className="view-scroll reliability-scroll">
          <ReliabilitySection id="spof" title="Single points of failure" count={spofs.length}>
            <SpofList components={spofs} empty={undescribed ? notJudged : undefined} />
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
            <FlowResilienceList flows={flows} empty={undescribed ? notJudged : undefined} />
          </ReliabilitySection>
          <ReliabilitySection id="chains" title="Call chains" count={report.chains.length}>
            <ChainList chains={report.chains} />
          </ReliabilitySection>
          <ReliabilitySection id="playbook" title="Playbook" count={report.playbook.length}>
            <PlaybookList entries={report.playbook} />
          </ReliabilitySection>
          {report.notes?.length ? (
            <ul className="reliability-notes" data-testid="reliability-notes">{report.notes.map((note) => <li key={note}><CodeSpans text={note} /></li>)}</ul>
          ) : null}
        </div>
      )}
    </AnalysisSidebar>
  );
}
