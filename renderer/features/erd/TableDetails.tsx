import { useMemo } from 'react';
import type { ErdTable } from '../../../shared/diagram/erd-layout.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { compareFindings } from '../analysis/labels.js';
import { openFileAt } from '../editor/reveal.js';
import { selectFinding } from '../findings/finding-actions.js';

/** The selected table: RLS and policies, columns, keys, findings, each leading to the statement that made it. */
export function TableDetails({ table, onClose }: { table: ErdTable; onClose(): void }) {
  const model = useAnalysis((s) => s.model);
  const all = useAnalysis((s) => s.findings);
  const source = model?.tables.find((t) => `${t.schema}.${t.name}` === table.id);
  const findings = useMemo(() => all.filter((f) => f.element === table.id).sort(compareFindings), [all, table.id]);
  const open = (location?: { file: string; line: number; column?: number }) => { if (location) void openFileAt(location.file, location.line, location.column); };
  return (
    <aside className="erd-details" aria-label={`Table ${table.id}`} data-testid="erd-details" data-table={table.id}>
      <header>
        <h2 title={table.id}>{table.schema === 'public' ? table.name : table.id}</h2>
        <button type="button" className="icon-button" aria-label="Close the table details" onClick={onClose}><Icon name="close" /></button>
      </header>
      <button type="button" className="link-button" data-testid="erd-goto-definition" onClick={() => open(table.source)}>{table.source.file}:{table.source.line}</button>
      {table.rlsInPlay && (
        <p className={table.rlsEnabled ? 'erd-rls on' : 'erd-rls off'}>
          <Icon name={table.rlsEnabled ? 'lock' : 'unlock'} /> {table.rlsEnabled ? `Row-level security on${table.rlsForced ? ' (forced)' : ''}` : 'Row-level security off'} · {table.policies} {table.policies === 1 ? 'policy' : 'policies'}
        </p>
      )}
      {source?.policies?.length ? (
        <ul className="erd-list">
          {source.policies.map((p) => <li key={p.name}><button type="button" className="link-button" onClick={() => open(p.source)}>{p.name}</button> <span className="diagram-muted">{p.command} · {p.roles.join(', ') || 'public'}</span></li>)}
        </ul>
      ) : null}
      <h3>Findings ({findings.length})</h3>
      {findings.length ? (
        <ul className="erd-list">
          {findings.map((f) => <li key={f.fingerprint}><button type="button" className="link-button" onClick={() => selectFinding(f)}><SeverityIcon severity={f.severity} /> {f.title}</button></li>)}
        </ul>
      ) : <p className="diagram-muted">None in the last run.</p>}
      <h3>Columns ({(source?.columns.length ?? table.columns.length)})</h3>
      <ul className="erd-columns">
        {(source?.columns ?? []).map((c) => {
          const drawn = table.columns.find((x) => x.name === c.name);
          return (
            <li key={c.name} title={`${c.name} ${c.type}${c.nullable ? ' (nullable)' : ' not null'}`}>
              <span className="erd-column-key">{drawn?.primaryKey ? <Icon name="key" /> : drawn?.foreignKey ? 'FK' : ''}</span>
              {c.source ? <button type="button" className="link-button" onClick={() => open(c.source)}>{c.name}</button> : <span>{c.name}</span>}
              <span className="erd-column-type">{c.type}{c.nullable ? '?' : ''}</span>
            </li>
          );
        })}
      </ul>
      {source?.foreignKeys.length ? (
        <>
          <h3>Foreign keys</h3>
          <ul className="erd-list">
            {source.foreignKeys.map((fk) => (
              <li key={fk.name}><button type="button" className="link-button" onClick={() => open(fk.source)}>{fk.columns.join(', ')} → {fk.referencedSchema === 'public' ? '' : `${fk.referencedSchema}.`}{fk.referencedTable}({fk.referencedColumns.join(', ')})</button>{fk.onDelete ? <span className="diagram-muted"> on delete {fk.onDelete}</span> : null}</li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}
