import type { Column, DbFunction, ForeignKey, Index, Policy, Table } from '../../../shared/model/model.js';
import { Icon } from '../../workbench/Icon.js';
import { GROUP_LABELS, rlsState, SECTION_LABELS, type SchemaRow } from './schema-rows.js';

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const dirname = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const location = (l: { file: string; line: number }) => `${l.file}:${l.line}`;
const count = (shown: number, total: number) => (shown === total ? String(total) : `${shown} of ${total}`);

/** PostgreSQL's long type names as people write them (the full name is in the tooltip). */
const SHORT_TYPES: Array<[RegExp, string]> = [
  [/^timestamp(\(\d+\))? with time zone/, 'timestamptz$1'], [/^timestamp(\(\d+\))? without time zone/, 'timestamp$1'],
  [/^time(\(\d+\))? with time zone/, 'timetz$1'], [/^time(\(\d+\))? without time zone/, 'time$1'],
  [/^character varying/, 'varchar'], [/^character\b/, 'char'], [/^double precision/, 'float8'], [/^boolean/, 'bool'],
];

function shortType(type: string): string {
  for (const [pattern, short] of SHORT_TYPES) if (pattern.test(type)) return type.replace(pattern, short);
  return type;
}

/** What one row of the Schema view shows. */
export function SchemaRowContent({ row }: { row: SchemaRow }) {
  switch (row.type) {
    case 'section':
      return (
        <>
          <span className="row-label schema-section-label">{SECTION_LABELS[row.section]}</span>
          {row.detail && <span className="schema-scheme">{row.detail}</span>}
          <span className="row-spacer" />
          <span className="row-count">{count(row.shown, row.total)}</span>
        </>
      );
    case 'problem':
      return (
        <span className="schema-two-lines">
          <span className="schema-line">
            <Icon name={row.severity === 'error' ? 'error' : row.severity === 'warning' ? 'warning' : 'info'} className={`schema-problem-icon ${row.severity}`} />
            <span className="schema-wrap">{row.title}</span>
          </span>
          {row.message && <span className="schema-line secondary schema-indent"><span className="schema-wrap">{row.message}</span></span>}
          {row.location && <span className="schema-line secondary schema-indent"><span className="schema-location" title={row.code}>{location(row.location)}</span></span>}
        </span>
      );
    case 'plan':
      return <span className="schema-plan schema-wrap" data-testid="migration-scheme" data-scheme={row.scheme}>{row.reason}</span>;
    case 'migration':
      return (
        <>
          <span className="schema-ordinal">{row.index}.</span>
          <span className="row-label mono">{basename(row.path)}</span>
          {row.repeatable && <span className="schema-badge">repeatable</span>}
          <span className="row-detail">{dirname(row.path)}</span>
        </>
      );
    case 'excluded-group':
      return (
        <>
          <span className="row-icon"><Icon name="circle-slash" /></span>
          <span className="row-label">Not replayed</span>
          <span className="row-spacer" />
          <span className="row-count">{row.shown}</span>
        </>
      );
    case 'excluded':
      return (
        <span className="schema-two-lines">
          <span className="schema-line"><span className="row-label mono">{row.path}</span>{row.kind && <span className="schema-badge">{row.kind}</span>}</span>
          <span className="schema-line secondary"><span className="schema-wrap">{row.reason}</span></span>
        </span>
      );
    case 'override':
      return (
        <span className="schema-override">
          <Icon name="lightbulb" className="row-icon" />
          <span className="schema-wrap">Wrong order? Set it in <code>archbench.yaml</code> → <code>migrations.order</code></span>
        </span>
      );
    case 'schema':
      return (
        <>
          <span className="row-icon"><Icon name="symbol-namespace" /></span>
          <span className="row-label strong">{row.schema.name}</span>
          {row.exposed && <span className="schema-badge exposed" title="Exposed: API roles (anon, authenticated) or PostgREST reach tables here">exposed</span>}
          {row.schema.system && <span className="schema-badge">system</span>}
          <span className="row-spacer" />
          <span className="row-count" title={`${row.tables} tables`}>{row.tables}</span>
        </>
      );
    case 'group':
      return (
        <>
          <span className="row-label schema-group-label">{GROUP_LABELS[row.group]}</span>
          {row.detail && <span className="row-detail">{row.detail}</span>}
          <span className="row-spacer" />
          <span className="row-count">{count(row.shown, row.total)}</span>
        </>
      );
    case 'table':
      return <TableContent table={row.table} exposed={row.exposed} />;
    case 'column':
      return <ColumnContent column={row.column} primaryKey={row.primaryKey} foreignKey={row.foreignKey} />;
    case 'index':
      return <IndexContent index={row.index} />;
    case 'foreign-key':
      return <ForeignKeyContent foreignKey={row.foreignKey} />;
    case 'policy':
      return <PolicyContent policy={row.policy} />;
    case 'grant':
      return (
        <>
          <span className="row-icon"><Icon name="person" /></span>
          <span className="row-label">{row.role}</span>
          <span className="row-detail" title={row.privileges.join(', ')}>{row.privileges.join(', ')}</span>
        </>
      );
    case 'trigger':
      return (
        <>
          <span className="row-icon"><Icon name="zap" /></span>
          <span className="row-label">{row.trigger.name}</span>
          <span className="row-detail" title={row.trigger.definition}>{row.trigger.timing} {row.trigger.events.join(' OR ')} → {row.trigger.function}()</span>
        </>
      );
    case 'note':
      return (
        <span className={`schema-note ${row.tone}`}>
          <Icon name={row.tone === 'warning' ? 'warning' : 'info'} className="row-icon" />
          <span className="schema-wrap">{row.text}</span>
        </span>
      );
    case 'view':
      return (
        <>
          <span className="row-icon"><Icon name="eye" /></span>
          <span className="row-label" title={row.view.definition}>{row.view.name}</span>
          {row.view.materialized && <span className="schema-badge">materialized</span>}
          {row.view.securityInvoker && <span className="schema-badge" title="security_invoker: the caller's privileges and RLS apply">invoker</span>}
          <span className="row-detail">{row.view.columns.length} columns</span>
        </>
      );
    case 'function':
      return <FunctionContent fn={row.fn} />;
    case 'enum':
      return (
        <>
          <span className="row-icon"><Icon name="symbol-enum" /></span>
          <span className="row-label">{row.enumType.name}</span>
          <span className="row-detail mono" title={row.enumType.values.join(', ')}>{row.enumType.values.join(' | ')}</span>
        </>
      );
    case 'sequence':
      return (
        <>
          <span className="row-icon"><Icon name="list-ordered" /></span>
          <span className="row-label">{row.sequence.name}</span>
          <span className="row-detail">{row.sequence.dataType}{row.sequence.ownedBy ? ` · owned by ${row.sequence.ownedBy}` : ''}</span>
        </>
      );
    case 'extension':
      return (
        <>
          <span className="row-icon"><Icon name="extensions" /></span>
          <span className="row-label">{row.extension.name}</span>
          {!row.extension.available && <span className="schema-badge warning" title="The embedded PostgreSQL does not have this extension: objects that need it are missing">unavailable</span>}
          <span className="row-detail">{[row.extension.version, row.extension.schema && `in ${row.extension.schema}`].filter(Boolean).join(' · ')}</span>
        </>
      );
  }
}

const RLS_TITLES = {
  forced: 'Row-level security is enabled and forced: even the table owner is filtered by the policies',
  enabled: 'Row-level security is enabled: the policies decide which rows each role sees',
  off: 'Row-level security is off: every role with table privileges sees every row',
};

function TableContent({ table, exposed }: { table: Table; exposed: boolean }) {
  const rls = rlsState(table);
  const policies = table.policies?.length ?? 0;
  const exposedOff = rls === 'off' && exposed;
  return (
    <>
      <span className="row-icon"><Icon name="table" /></span>
      <span className="row-label" title={`${table.schema}.${table.name}: ${table.columns.length} columns`}>{table.name}</span>
      {table.kind === 'partitioned-table' && <span className="schema-badge">partitioned</span>}
      {table.kind === 'foreign-table' && <span className="schema-badge">foreign</span>}
      <span className="row-spacer" />
      <span
        className={`schema-rls rls-${rls}${exposedOff ? ' exposed' : ''}`}
        data-testid="rls-badge"
        data-rls={rls}
        title={`${RLS_TITLES[rls]}${exposedOff ? `; ${table.schema} is exposed to API roles` : ''}${rls !== 'off' ? ` (${policies} ${policies === 1 ? 'policy' : 'policies'})` : ''}`}
      >
        <Icon name={rls === 'off' ? 'unlock' : 'lock'} />
        {rls === 'off' ? 'RLS off' : rls === 'forced' ? 'RLS forced' : 'RLS'}
        {rls !== 'off' && <span className="schema-rls-count" data-testid="policy-count">{policies}</span>}
      </span>
    </>
  );
}

function ColumnContent({ column, primaryKey, foreignKey }: { column: Column; primaryKey: boolean; foreignKey?: ForeignKey }) {
  const target = foreignKey && `${foreignKey.referencedSchema}.${foreignKey.referencedTable}(${foreignKey.referencedColumns.join(', ')})`;
  const identity = column.identityKind ? `GENERATED ${column.identityKind === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY` : column.identity ? 'IDENTITY' : undefined;
  const title = [
    `${column.name} ${column.type}${column.nullable ? '' : ' NOT NULL'}`,
    identity,
    column.default !== undefined && (column.generatedKind ? `GENERATED ALWAYS AS (${column.default}) ${column.generatedKind.toUpperCase()}` : `DEFAULT ${column.default}`),
    primaryKey && 'Primary key',
    target && `References ${target}`,
    column.comment,
  ].filter(Boolean).join('\n');
  return (
    <>
      <span className={`schema-key${primaryKey ? ' pk' : foreignKey ? ' fk' : ''}`}>
        {primaryKey ? <span className="schema-marker pk" title="Primary key">PK</span> : foreignKey ? <span className="schema-marker fk" title={`References ${target}`}>FK</span> : <Icon name="symbol-field" />}
      </span>
      <span className="row-label schema-name" title={title}>{column.name}</span>
      <span className="schema-type" title={column.type}>{shortType(column.type)}</span>
      {!column.nullable && !primaryKey && <span className="schema-notnull" title="NOT NULL"><span className="long">NOT NULL</span><span className="short">NN</span></span>}
      {identity && <span className="schema-badge" title={identity}>identity</span>}
      {column.default !== undefined && !identity && <span className="schema-default" title={title}>= {column.default}</span>}
    </>
  );
}

function IndexContent({ index }: { index: Index }) {
  return (
    <>
      <span className="row-icon"><Icon name={index.primary ? 'key' : 'list-ordered'} /></span>
      <span className="row-label schema-name" title={index.definition}>{index.name}</span>
      <span className="schema-type">({(index.expressions ?? index.columns).join(', ')})</span>
      {index.primary ? <span className="schema-badge">primary</span> : index.unique && <span className="schema-badge">unique</span>}
      {(index.partial || index.predicate) && <span className="schema-badge" title={index.predicate ? `WHERE ${index.predicate}` : undefined}>partial</span>}
      {index.method && index.method !== 'btree' && <span className="schema-badge">{index.method}</span>}
      {index.valid === false && <span className="schema-badge warning">invalid</span>}
    </>
  );
}

function ForeignKeyContent({ foreignKey: fk }: { foreignKey: ForeignKey }) {
  const target = `${fk.referencedSchema === 'public' ? '' : `${fk.referencedSchema}.`}${fk.referencedTable}(${fk.referencedColumns.join(', ')})`;
  return (
    <>
      <span className="row-icon"><Icon name="link" /></span>
      <span className="row-label" title={`${fk.name}: ${fk.definition ?? ''}`}>({fk.columns.join(', ')}) → {target}</span>
      {fk.onDelete && fk.onDelete !== 'NO ACTION' && <span className="schema-badge" title={`ON DELETE ${fk.onDelete}`}>on delete {fk.onDelete.toLowerCase()}</span>}
      {fk.validated === false && <span className="schema-badge warning">not valid</span>}
    </>
  );
}

function PolicyContent({ policy }: { policy: Policy }) {
  const clauses = [policy.using && `USING (${policy.using})`, policy.withCheck && `WITH CHECK (${policy.withCheck})`].filter(Boolean).join('  ');
  return (
    <span className="schema-two-lines" title={`${policy.name}\n${policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${policy.command} TO ${policy.roles.join(', ')}\n${clauses}`}>
      <span className="schema-line">
        <Icon name="shield" className="row-icon" />
        <span className="schema-wrap schema-policy-name">{policy.name}</span>
        <span className="schema-command">{policy.command}</span>
        {!policy.permissive && <span className="schema-badge">restrictive</span>}
      </span>
      <span className="schema-line secondary schema-clause">
        <span className="schema-wrap"><span className="schema-roles">to {policy.roles.join(', ')}</span>{clauses && <code>{clauses}</code>}</span>
      </span>
    </span>
  );
}

function FunctionContent({ fn }: { fn: DbFunction }) {
  const definerTitle = fn.securityDefiner
    ? `SECURITY DEFINER: runs with the privileges of ${fn.owner}${fn.searchPath ? ` (search_path=${fn.searchPath})` : '; no search_path is set, so callers can shadow the objects it uses'}`
    : undefined;
  return (
    <>
      <span className="row-icon"><Icon name="symbol-method" /></span>
      <span className="row-label" title={`${fn.schema}.${fn.name}(${fn.arguments}) RETURNS ${fn.returns}\nLANGUAGE ${fn.language} ${fn.volatility.toUpperCase()}${fn.config.length ? `\nSET ${fn.config.join(', ')}` : ''}`}>{fn.name}({fn.arguments})</span>
      {fn.securityDefiner && (
        <span className={`schema-badge definer${fn.searchPath ? '' : ' unsafe'}`} data-testid="security-definer" title={definerTitle}>security definer</span>
      )}
      <span className="row-detail">→ {fn.returns} · {fn.language}{fn.searchPath ? ` · search_path=${fn.searchPath}` : ''}</span>
    </>
  );
}
