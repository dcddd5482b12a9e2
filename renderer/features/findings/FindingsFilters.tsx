import { useMemo } from 'react';
import type { FindingCategory } from '../../../shared/model/finding.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { CATEGORY_LABELS } from '../analysis/labels.js';
import type { GroupBy, StatusFilter } from './findings-filter.js';
import { findingsViewStore, setFilter, useFindingsView } from './findings-view-store.js';

const STATUS_OPTIONS: Array<[StatusFilter, string]> = [['open', 'Open'], ['tracked', 'Tracked'], ['new', 'New since last run'], ['all', 'All statuses']];
const GROUP_OPTIONS: Array<[GroupBy, string]> = [['rule', 'Group by rule'], ['file', 'Group by file'], ['element', 'Group by element']];

/** The text filter and the status / category / file / grouping choices of the Findings view. */
export function FindingsFilters() {
  const filter = useFindingsView((s) => s.filter);
  const groupBy = useFindingsView((s) => s.groupBy);
  const findings = useAnalysis((s) => s.findings);
  const files = useMemo(() => [...new Set(findings.map((f) => f.location.file))].sort(), [findings]);

  return (
    <div className="findings-filters">
      <div className="view-filter">
        <Icon name="list-filter" className="view-filter-icon" />
        <input
          className="text-input view-filter-input"
          data-testid="findings-filter"
          type="search"
          placeholder="Filter: text, rule, element, file"
          aria-label="Filter the findings"
          value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })}
          onKeyDown={(e) => { if (e.key === 'Escape' && filter.text) { e.stopPropagation(); setFilter({ text: '' }); } }}
          spellCheck={false}
        />
      </div>
      <div className="filter-grid">
        <select className="select-input" data-testid="findings-status" aria-label="Status" value={filter.status} onChange={(e) => setFilter({ status: e.target.value as StatusFilter })}>
          {STATUS_OPTIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
        <select className="select-input" data-testid="findings-category" aria-label="Category" value={filter.category} onChange={(e) => setFilter({ category: e.target.value as FindingCategory | 'all' })}>
          <option value="all">All categories</option>
          {(Object.keys(CATEGORY_LABELS) as FindingCategory[]).map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
        </select>
        <select className="select-input" data-testid="findings-file" aria-label="File" value={filter.file} onChange={(e) => setFilter({ file: e.target.value })}>
          <option value="all">All files</option>
          {files.map((file) => <option key={file} value={file}>{file}</option>)}
          {filter.file !== 'all' && !files.includes(filter.file) && <option value={filter.file}>{filter.file}</option>}
        </select>
        <select className="select-input" data-testid="findings-group" aria-label="Group by" value={groupBy} onChange={(e) => findingsViewStore.set({ groupBy: e.target.value as GroupBy, collapsed: new Set() })}>
          {GROUP_OPTIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
    </div>
  );
}
