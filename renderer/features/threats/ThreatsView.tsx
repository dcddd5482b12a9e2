import { useMemo } from 'react';
import { useWorkbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { TreeList, type TreeListRow } from '../../workbench/TreeList.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { runAnalysis } from '../analysis/analysis-sync.js';
import { RunProgress } from '../analysis/RunProgress.js';
import { AttackPathList } from './AttackPathList.js';
import { StrideSummary } from './StrideSummary.js';
import { useSystem } from './system-store.js';
import { selectThreat } from './threat-actions.js';
import { groupThreats } from './threat-groups.js';
import { ThreatGroupContent, ThreatRowContent, threatTooltip } from './ThreatRowContent.js';
import { threatsViewStore, toggleGroup, useThreatsView, type ThreatGroupBy } from './threats-view-store.js';
import './threats.css';

/** The Threats side bar: STRIDE counts (a filter), the threats grouped by element, letter or status, and the attack paths. */
export function ThreatsView() {
  const project = useWorkbench((s) => s.project);
  const selection = useWorkbench((s) => s.selection);
  const running = useAnalysis((s) => s.running !== null);
  const loaded = useSystem((s) => s.loaded);
  const analysis = useSystem((s) => s.analysis);
  const error = useSystem((s) => s.error);
  const stride = useThreatsView((s) => s.stride);
  const groupBy = useThreatsView((s) => s.groupBy);
  const collapsed = useThreatsView((s) => s.collapsed);

  const threats = useMemo(() => analysis?.threats.threats ?? [], [analysis]);
  const groups = useMemo(() => groupThreats(threats.filter((t) => !stride.size || stride.has(t.stride)), groupBy), [threats, stride, groupBy]);
  const rows = useMemo<TreeListRow[]>(() => groups.flatMap((group) => {
    const expanded = !collapsed.has(group.key);
    const head: TreeListRow = {
      id: `group:${group.key}`, level: 1, expanded, content: <ThreatGroupContent group={group} groupBy={groupBy} />,
      testId: 'threats-group', data: { key: group.key, count: group.threats.length }, title: group.label,
    };
    if (!expanded) return [head];
    return [head, ...group.threats.map((threat): TreeListRow => ({
      id: `threat:${group.key}:${threat.id}`,
      level: 2,
      tall: true,
      content: <ThreatRowContent threat={threat} groupBy={groupBy} />,
      title: threatTooltip(threat),
      testId: 'threat-item',
      className: threat.status === 'open' ? undefined : 'muted',
      data: { id: threat.id, fingerprint: threat.fingerprint, stride: threat.stride, severity: threat.severity, status: threat.status, element: threat.element, kind: threat.kind },
    }))];
  }), [groups, collapsed, groupBy]);

  const selectedRow = selection?.type === 'threat' ? rows.find((r) => r.data?.id === selection.id)?.id ?? null : null;
  const activate = (row: TreeListRow) => {
    if (row.id.startsWith('group:')) return toggleGroup(String(row.data?.key));
    const threat = threats.find((t) => t.id === row.data?.id);
    if (threat) selectThreat(threat);
  };

  return (
    <section className="threats-view" aria-label="Threats" data-testid="threats-view">
      <header className="sidebar-header">
        <h2 className="sidebar-title">Threats</h2>
        {project && (
          <div className="sidebar-actions" role="toolbar" aria-label="Threats actions">
            <button type="button" className="icon-button" title="Run the analysis" aria-label="Run the analysis" disabled={running} onClick={() => void runAnalysis()}>
              <Icon name="debug-start" />
            </button>
            <button type="button" className="icon-button" title="Collapse all" aria-label="Collapse all groups" onClick={() => threatsViewStore.set({ collapsed: new Set(groups.map((g) => g.key)) })}>
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
            <p className="sidebar-empty">Loading the threat model…</p>
          ) : error && !analysis ? (
            <p className="sidebar-empty" role="alert">The threat model could not be read: {error}</p>
          ) : !analysis ? (
            <div className="sidebar-empty">
              <p>{running ? 'The first analysis is running.' : 'The project has not been analysed yet.'}</p>
              {!running && <button type="button" className="button primary" onClick={() => void runAnalysis()}>Run Analysis</button>}
            </div>
          ) : (
            <>
              <StrideSummary threats={threats} />
              <div className="threats-toolbar">
                <label className="threats-group-by">
                  <span>Group by</span>
                  <select className="select-input" data-testid="threats-group-by" value={groupBy} onChange={(e) => threatsViewStore.set({ groupBy: e.target.value as ThreatGroupBy })}>
                    <option value="stride">STRIDE category</option>
                    <option value="element">Element</option>
                    <option value="status">Status</option>
                  </select>
                </label>
              </div>
              <div className="view-scroll">
                {rows.length > 0 ? (
                  <TreeList rows={rows} label="Threats" selectedId={selectedRow} testId="threats-tree" onActivate={activate} onToggle={(row) => toggleGroup(String(row.data?.key))} />
                ) : (
                  <p className="sidebar-empty" data-testid="threats-empty">{threats.length ? 'No threats of this category.' : 'No threats in the last analysis.'}</p>
                )}
                <AttackPathList paths={analysis.threats.attackPaths} />
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}
