import { useMemo } from 'react';
import { useWorkbench } from '../../state/workbench-store.js';
import { CodeSpans } from '../../workbench/CodeSpans.js';
import { AnalysisSidebar, SidebarAction } from '../../workbench/SidebarView.js';
import { TreeList, type TreeListRow } from '../../workbench/TreeList.js';
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
  const selection = useWorkbench((s) => s.selection);
  const loaded = useSystem((s) => s.loaded);
  const analysis = useSystem((s) => s.analysis);
  const error = useSystem((s) => s.error);
  const stride = useThreatsView((s) => s.stride);
  const groupBy = useThreatsView((s) => s.groupBy);
  const collapsed = useThreatsView((s) => s.collapsed);

  const threats = useMemo(() => analysis?.threats.threats ?? [], [analysis]);
  const openOnly = useThreatsView((s) => s.openOnly);
  const groups = useMemo(() => groupThreats(threats.filter((t) => (!stride.size || stride.has(t.stride)) && (!openOnly || t.status === 'open')), groupBy), [threats, stride, groupBy, openOnly]);
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
    <AnalysisSidebar
      title="Threats"
      className="threats-view"
      testId="threats-view"
      actions={<SidebarAction icon="collapse-all" label="Collapse all groups" title="Collapse all" onClick={() => threatsViewStore.set({ collapsed: new Set(groups.map((g) => g.key)) })} />}
      loaded={loaded}
      loadingText="Loading the threat model…"
      error={error && <>The threat model could not be read: {error}</>}
      data={analysis}
    >
      {(system) => (
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
            <label className="threats-open-only" title="Hide threats the files show mitigated, and those with a risk decision">
              <input type="checkbox" checked={openOnly} data-testid="threats-open-only" onChange={(e) => threatsViewStore.set({ openOnly: e.target.checked })} /> Open only
            </label>
          </div>
          <div className="view-scroll">
            {rows.length > 0 ? (
              <TreeList rows={rows} label="Threats" selectedId={selectedRow} testId="threats-tree" onActivate={activate} onToggle={(row) => toggleGroup(String(row.data?.key))} />
            ) : (
              <p className="sidebar-empty" data-testid="threats-empty">{!threats.length ? 'No threats in the last analysis.' : openOnly ? 'No open threat here: every one is mitigated or has a risk decision.' : 'No threats of this category.'}</p>
            )}
            <AttackPathList paths={system.threats.attackPaths} />
            {(system.threats.notes?.length ?? 0) > 0 && (
              <section className="threat-notes" aria-label="Assumptions and limits" data-testid="threats-notes">
                <h3 className="threat-notes-title">Assumptions and limits</h3>
                <ul>{(system.threats.notes ?? []).map((note) => <li key={note} data-testid="threats-note"><CodeSpans text={note} /></li>)}</ul>
              </section>
            )}
          </div>
        </>
      )}
    </AnalysisSidebar>
  );
}
