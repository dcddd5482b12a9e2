import { useMemo } from 'react';
import { useWorkbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { AnalysisSidebar, SidebarAction } from '../../workbench/SidebarView.js';
import { TreeList, type TreeListRow } from '../../workbench/TreeList.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { openExportDialog } from '../export/export-store.js';
import { selectFinding } from './finding-actions.js';
import { EMPTY_FILTER, filterFindings, groupFindings } from './findings-filter.js';
import { findingsViewStore, setFilter, useFindingsView } from './findings-view-store.js';
import { FindingsFilters } from './FindingsFilters.js';
import { FindingsSummary, FixedList, RuleFailures } from './FindingsSummary.js';
import { FindingRowContent, findingTooltip, GroupRowContent } from './FindingRowContent.js';
import './findings.css';

/** The Findings side bar: progress, rule failures, counts, filters, and the findings grouped by rule, file or element. */
export function FindingsView() {
  const selection = useWorkbench((s) => s.selection);
  const loaded = useAnalysis((s) => s.loaded);
  const result = useAnalysis((s) => s.result);
  const findings = useAnalysis((s) => s.findings);
  const rules = useAnalysis((s) => s.rules);
  const filter = useFindingsView((s) => s.filter);
  const groupBy = useFindingsView((s) => s.groupBy);
  const collapsed = useFindingsView((s) => s.collapsed);

  const filtered = useMemo(() => filterFindings(findings, filter), [findings, filter]);
  const groups = useMemo(() => groupFindings(filtered, groupBy, rules), [filtered, groupBy, rules]);
  const rows = useMemo<TreeListRow[]>(() => groups.flatMap((group) => {
    const expanded = !collapsed.has(group.key);
    const head: TreeListRow = {
      id: `group:${group.key}`, level: 1, expanded, content: <GroupRowContent group={group} groupBy={groupBy} />,
      testId: 'findings-group', data: { key: group.key, count: group.findings.length }, title: group.detail ? `${group.label} (${group.detail})` : group.label,
    };
    if (!expanded) return [head];
    return [head, ...group.findings.map((finding): TreeListRow => ({
      id: `finding:${group.key}:${finding.fingerprint}`,
      level: 2,
      tall: true,
      content: <FindingRowContent finding={finding} groupBy={groupBy} />,
      title: findingTooltip(finding),
      testId: 'finding-item',
      data: {
        fingerprint: finding.fingerprint, severity: finding.severity, status: finding.status, rule: finding.ruleId,
        file: finding.location.file, line: finding.location.line, new: String(finding.isNew),
      },
    }))];
  }), [groups, collapsed, groupBy]);

  const selectedRow = selection?.type === 'finding' ? rows.find((r) => r.data?.fingerprint === selection.fingerprint)?.id ?? null : null;
  const hiddenByStatus = filter.status === 'open' ? findings.length - findings.filter((f) => f.status === 'open').length : 0;
  const filtering = filter.text || filter.severities.size || filter.category !== 'all' || filter.file !== 'all' || filter.status !== 'open';

  const toggleGroup = (key: string) => findingsViewStore.set((s) => {
    const next = new Set(s.collapsed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return { collapsed: next };
  });

  const activate = (row: TreeListRow) => {
    if (row.id.startsWith('group:')) return toggleGroup(String(row.data?.key));
    const finding = findings.find((f) => f.fingerprint === row.data?.fingerprint);
    if (finding) selectFinding(finding);
  };

  return (
    <AnalysisSidebar
      title="Findings"
      className="findings-view"
      testId="findings-view"
      runTestId="findings-run"
      actions={(
        <>
          <SidebarAction icon="export" label="Export the report bundle" title="Export the report bundle…" testId="findings-export" disabled={!result?.run} onClick={openExportDialog} />
          <SidebarAction icon="collapse-all" label="Collapse all groups" title="Collapse all" onClick={() => findingsViewStore.set({ collapsed: new Set(groups.map((g) => g.key)) })} />
        </>
      )}
      loaded={loaded}
      loadingText="Loading the findings…"
      data={result?.run ? { run: result.run, fixed: result.fixed } : null}
    >
      {({ run, fixed }) => (
        <>
          <RuleFailures failures={run.ruleFailures} />
          <FindingsSummary run={run} />
          <FindingsFilters />
          <div className="view-scroll">
            {rows.length > 0 && (
              <TreeList rows={rows} label="Findings" selectedId={selectedRow} testId="findings-tree" onActivate={activate} onToggle={(row) => toggleGroup(String(row.data?.key))} />
            )}
            {!rows.length && (
              <div className="sidebar-empty findings-empty" data-testid="findings-empty">
                {!findings.length ? (
                  <p><Icon name="pass-filled" className="findings-clean" /> No findings in the last run.</p>
                ) : filtering ? (
                  <>
                    <p>No findings match the filter.</p>
                    <button type="button" className="button" onClick={() => setFilter(EMPTY_FILTER)}>Clear the filter</button>
                  </>
                ) : (
                  <p><Icon name="pass-filled" className="findings-clean" /> No open findings.</p>
                )}
              </div>
            )}
            {hiddenByStatus > 0 && (
              <p className="findings-hidden" data-testid="findings-hidden">
                {hiddenByStatus} tracked {hiddenByStatus === 1 ? 'finding is' : 'findings are'} hidden.{' '}
                <button type="button" className="link-button" onClick={() => setFilter({ status: 'all' })}>Show all</button>
              </p>
            )}
            <FixedList fixed={fixed} />
          </div>
        </>
      )}
    </AnalysisSidebar>
  );
}
