import { useMemo, useState } from 'react';
import type { SourceLocation } from '../../../shared/model/model.js';
import { workbench } from '../../state/workbench-store.js';
import { SidebarAction, SidebarFilter, SidebarView } from '../../workbench/SidebarView.js';
import { TreeList, type TreeListRow } from '../../workbench/TreeList.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { refreshModel } from '../analysis/analysis-sync.js';
import { openFileAt } from '../editor/reveal.js';
import { modelRows, type ModelRow } from './model-rows.js';
import { ModelRowContent } from './ModelRowContent.js';
import './model.css';

/** Where a row leads when activated: its element's (first) source. */
function locationOf(row: ModelRow): SourceLocation | undefined {
  switch (row.type) {
    case 'component': return row.component.source;
    case 'source': return row.location;
    case 'flow': return row.flow.source;
    case 'boundary': return row.boundary.source;
    case 'member': return row.component?.source;
    case 'endpoint': return row.endpoint.source;
    default: return undefined;
  }
}

const TEST_IDS: Record<ModelRow['type'], string> = {
  section: 'model-section', kind: 'model-kind', component: 'model-component', source: 'model-source', flow: 'model-flow',
  boundary: 'model-boundary', member: 'model-member', 'endpoint-group': 'model-endpoint-group', endpoint: 'model-endpoint',
};

function dataOf(row: ModelRow): TreeListRow['data'] {
  const location = locationOf(row);
  const base = location ? { file: location.file, line: location.line } : {};
  switch (row.type) {
    case 'section': return { section: row.section, count: row.shown };
    case 'kind': return { kind: row.kind, count: row.shown };
    case 'component': return { ...base, id: row.component.id, kind: row.component.kind };
    case 'flow': return { ...base, from: row.flow.from, to: row.flow.to, protocol: row.flow.protocol };
    case 'boundary': return { ...base, id: row.boundary.id };
    case 'member': return { ...base, id: row.componentId };
    case 'endpoint': return { ...base, method: row.endpoint.method, path: row.endpoint.path };
    default: return base;
  }
}

/** The Model side bar: components by kind, flows, trust boundaries and endpoints, each leading to its source. */
export function ModelView() {
  const model = useAnalysis((s) => s.model);
  const loaded = useAnalysis((s) => s.loaded);
  const [filter, setFilter] = useState('');
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const rows = useMemo(() => (model ? modelRows(model, filter, toggled) : []), [model, filter, toggled]);
  const treeRows = useMemo<TreeListRow[]>(() => rows.map((row) => ({
    id: row.id,
    level: row.level,
    expanded: 'expanded' in row ? row.expanded : undefined,
    content: <ModelRowContent row={row} />,
    testId: TEST_IDS[row.type],
    data: dataOf(row),
    className: `model-row-${row.type}`,
    title: row.type === 'endpoint-group' ? [row.label, row.detail].filter(Boolean).join('\n') : row.type === 'source' ? `${row.location.file}:${row.location.line}` : undefined,
    tall: row.type === 'flow',
  })), [rows]);

  const toggle = (id: string) => setToggled((current) => {
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  const activate = (treeRow: TreeListRow) => {
    const row = rows.find((r) => r.id === treeRow.id);
    if (!row) return;
    setSelectedId(row.id);
    const location = locationOf(row);
    if (row.type === 'component' || (row.type === 'member' && row.component)) {
      workbench.set({ selection: { type: 'component', id: row.type === 'component' ? row.component.id : row.componentId } });
    }
    if (row.type === 'flow') workbench.set({ selection: { type: 'flow', id: row.flow.id } }); // the keyboard's way to a flow
    if (location) void openFileAt(location.file, location.line, location.column);
    else if ('expanded' in row) toggle(row.id);
  };

  const counts = model && { components: model.components.length, flows: model.flows.length, endpoints: model.endpoints.length };
  return (
    <SidebarView
      title="Model"
      className="model-view"
      testId="model-view"
      actions={(
        <>
          <SidebarAction icon="refresh" label="Reload the model" onClick={() => void refreshModel()} />
          <SidebarAction icon="collapse-all" label="Collapse all" onClick={() => setToggled(new Set(rows.filter((r) => r.level === 1 && 'expanded' in r && r.expanded).map((r) => r.id)))} />
        </>
      )}
    >
      {(project) => (!model ? (
        <p className="sidebar-empty">{loaded ? 'No model yet: it is built by the first analysis.' : 'Loading the model…'}</p>
      ) : (
        <>
          <SidebarFilter value={filter} onChange={setFilter} placeholder="Filter components, flows, endpoints" label="Filter the model" testId="model-filter" />
          {counts && (
            <p className="model-summary" data-testid="model-summary">
              {counts.components} components · {counts.flows} flows · {counts.endpoints} endpoints
              {model.diagnostics.length > 0 && <> · <span className="model-diagnostics">{model.diagnostics.length} import problems</span></>}
            </p>
          )}
          <div className="view-scroll">
            <TreeList
              rows={treeRows}
              label={`Model of ${project.name}`}
              selectedId={selectedId}
              testId="model-tree"
              onActivate={activate}
              onToggle={(row) => toggle(row.id)}
            />
            {filter && rows.every((r) => r.type === 'section') && <p className="sidebar-empty">Nothing in the model matches “{filter}”.</p>}
          </div>
        </>
      ))}
    </SidebarView>
  );
}
