import { useMemo, useState } from 'react';
import type { SchemaInfo } from '../../../shared/contract/index.js';
import { useWorkbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { SidebarAction, SidebarFilter, SidebarView } from '../../workbench/SidebarView.js';
import { TreeList, type TreeListRow } from '../../workbench/TreeList.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { runAnalysis } from '../analysis/analysis-sync.js';
import { openFileAt } from '../editor/reveal.js';
import { openSqlConsole } from '../sql-console/sql-console-actions.js';
import { locationOf } from './schema-location.js';
import { exposedSchemas, listedMissing, schemaRows, type SchemaRow } from './schema-rows.js';
import { useSchema } from './schema-store.js';
import { refreshSchema } from './schema-sync.js';
import { SchemaRowContent } from './SchemaRowContent.js';
import './schema.css';

function dataOf(row: SchemaRow): TreeListRow['data'] {
  const location = locationOf(row);
  const base = location ? { file: location.file, line: location.line } : {};
  switch (row.type) {
    case 'section': return { section: row.section, count: row.shown };
    case 'problem': return { ...base, severity: row.severity };
    case 'migration': return { ...base, index: row.index, path: row.path };
    case 'excluded': return { ...base, path: row.path };
    case 'schema': return { ...base, name: row.schema.name, count: row.tables };
    case 'group': return { group: row.group, count: row.shown };
    case 'table': return { ...base, schema: row.table.schema, name: row.table.name, rls: row.table.rlsEnabled ? (row.table.rlsForced ? 'forced' : 'enabled') : 'off', policies: row.table.policies?.length ?? 0 };
    case 'column': return { ...base, name: row.column.name, type: row.column.type, pk: row.primaryKey ? 'true' : undefined, fk: row.foreignKey ? 'true' : undefined };
    case 'index': return { ...base, name: row.index.name };
    case 'foreign-key': return { ...base, name: row.foreignKey.name };
    case 'policy': return { ...base, name: row.policy.name, command: row.policy.command };
    case 'grant': return { role: row.role };
    case 'trigger': return { ...base, name: row.trigger.name };
    case 'view': return { ...base, schema: row.view.schema, name: row.view.name };
    case 'function': return { ...base, schema: row.fn.schema, name: row.fn.name, definer: row.fn.securityDefiner ? 'true' : undefined };
    case 'enum': return { ...base, name: row.enumType.name };
    case 'sequence': return { ...base, name: row.sequence.name };
    case 'extension': return { ...base, name: row.extension.name };
    default: return base;
  }
}

/** Rows of two lines (text that wraps) get the tall layout. */
const TALL = new Set<SchemaRow['type']>(['problem', 'plan', 'excluded', 'override', 'note']);

/** The Schema side bar: the migration order, then the replayed database by schema, each object leading to its statement. */
export function SchemaView() {
  const hasSql = useWorkbench((s) => s.tree.some((a) => a.kind === 'sql'));
  const info = useSchema((s) => s.info);
  const loaded = useSchema((s) => s.loaded);
  const running = useAnalysis((s) => s.running !== null);
  const [filter, setFilter] = useState('');
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [showSystem, setShowSystem] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const rows = useMemo(() => (info ? schemaRows(info, { filter, toggled, showSystem }) : []), [info, filter, toggled, showSystem]);
  const treeRows = useMemo<TreeListRow[]>(() => rows.map((row) => ({
    id: row.id,
    level: row.level,
    expanded: 'expanded' in row ? row.expanded : undefined,
    content: <SchemaRowContent row={row} />,
    // A database view's row must not share the view's own test id.
    testId: row.type === 'view' ? 'schema-db-view' : `schema-${row.type}`,
    data: dataOf(row),
    className: `schema-row-${row.type}${row.type === 'table' && !row.table.rlsEnabled && row.exposed ? ' exposed-off' : ''}`,
    tall: TALL.has(row.type) || (row.type === 'policy' && !!(row.policy.using || row.policy.withCheck)),
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
    if (location) void openFileAt(location.file, location.line, location.column);
    else if ('expanded' in row) toggle(row.id);
  };

  return (
    <SidebarView
      title="Schema"
      className="schema-view"
      testId="schema-view"
      actions={(
        <>
          <SidebarAction icon="terminal" label="Open SQL Console" testId="schema-open-console" onClick={() => openSqlConsole()} />
          <SidebarAction
            icon="symbol-namespace" label="Show system objects" pressed={showSystem} testId="schema-show-system"
            title={showSystem ? 'Hide objects the environment created (Supabase auth, storage…)' : 'Show objects the environment created (Supabase auth, storage…)'}
            onClick={() => setShowSystem((v) => !v)}
          />
          <SidebarAction icon="refresh" label="Reload the schema" onClick={() => void refreshSchema()} />
          <SidebarAction icon="collapse-all" label="Collapse all" onClick={() => setToggled(new Set(rows.filter((r) => r.level <= 2 && 'expanded' in r && r.expanded).map((r) => r.id)))} />
        </>
      )}
    >
      {(project) => (!info ? (
        <SchemaEmpty loaded={loaded} hasSql={hasSql} running={running} />
      ) : (
        <>
          <SidebarFilter value={filter} onChange={setFilter} placeholder="Filter tables, columns, policies, functions" label="Filter the schema" testId="schema-filter" />
          <SchemaSummary info={info} showSystem={showSystem} />
          <div className="view-scroll">
            <TreeList rows={treeRows} label={`Schema of ${project.name}`} selectedId={selectedId} testId="schema-tree" onActivate={activate} onToggle={(row) => toggle(row.id)} />
            {filter && !rows.some((r) => r.type !== 'section' && r.type !== 'plan' && r.type !== 'override') && <p className="sidebar-empty">Nothing in the schema matches “{filter}”.</p>}
          </div>
        </>
      ))}
    </SidebarView>
  );
}

function SchemaEmpty({ loaded, hasSql, running }: { loaded: boolean; hasSql: boolean; running: boolean }) {
  if (!loaded) return <p className="sidebar-empty">Reading the schema…</p>;
  if (!hasSql) return <p className="sidebar-empty" data-testid="schema-empty">This project has no SQL migrations or schema dumps.</p>;
  if (running) return <p className="sidebar-empty" data-testid="schema-replaying"><span><Icon name="loading" className="spin" /> Replaying the migrations in an embedded PostgreSQL…</span></p>;
  return (
    <div className="sidebar-empty" data-testid="schema-empty">
      <p>No replayed schema yet: the analysis replays the migrations.</p>
      <button type="button" className="button" onClick={() => void runAnalysis()}>Run Analysis</button>
    </div>
  );
}

function SchemaSummary({ info, showSystem }: { info: SchemaInfo; showSystem: boolean }) {
  const { schema, plan, timings, supabase } = info;
  const own = <T extends { system?: boolean }>(list: T[]) => (showSystem ? list : list.filter((o) => !o.system));
  const tables = own(schema.tables);
  const exposed = exposedSchemas(info);
  const exposedOff = tables.filter((t) => !t.rlsEnabled && exposed.has(t.schema)).length;
  const views = own(schema.views).length;
  const functions = own(schema.functions).length;
  const problems = listedMissing(info).length + plan.diagnostics.length + schema.diagnostics.filter((d) => d.severity !== 'info').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    <p className="schema-summary" data-testid="schema-summary" data-tables={tables.length} data-migrations={plan.migrations.length}>
      <span className="schema-summary-line">
        {[plural(tables.length, 'table'), views && plural(views, 'view'), functions && plural(functions, 'function'), plural(plan.migrations.length, 'migration')]
          .filter(Boolean).map((text) => <span key={String(text)}>{text}</span>)}
      </span>
      <span className="schema-summary-line">
        {exposedOff > 0 && <span className="schema-summary-warning" title="Tables in a schema API roles reach, without row-level security">{exposedOff} exposed without RLS</span>}
        {problems > 0 && <span className="schema-summary-error">{plural(problems, 'problem')}</span>}
        {supabase.supabase && <span className="schema-badge" title={supabase.reason}>Supabase</span>}
        <span title={`Replay ${Math.round(timings.replayMs)} ms, introspection ${Math.round(timings.introspectMs)} ms${timings.cached ? ' (from the cache)' : ''}`}>
          replayed in {formatMs(timings.totalMs)}{timings.cached ? ' (cached)' : ''}
        </span>
      </span>
    </p>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
