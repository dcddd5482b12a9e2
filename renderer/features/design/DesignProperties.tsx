import type { ComponentProps, FlowProps, RetryProps } from '../../../shared/contract/index.js';
import { COMPONENT_KINDS, type Component, type Flow, type TrustBoundary } from '../../../shared/model/model.js';
import { Fragment } from 'react';
import { workbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { SourceLinks } from '../inspector/SourceLinks.js';
import { applyDesign, isDeclaredInOverlay, removeSelected, selectWhenPresent } from './design-actions.js';
import { componentPropLabel, flowName, flowPropLabel } from './design-labels.js';
import { designStore, useDesign } from './design-store.js';
import { AUTHENTICATIONS, PROTOCOLS } from './DesignDialogs.js';
import { BooleanProp, SelectProp, TextProp } from './PropertyFields.js';
import './design.css';

const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
const BACKOFFS = ['none', 'fixed', 'exponential'] as const;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The refusal of the last edit, where the user made it. */
function EditError() {
  const error = useDesign((s) => (s.errorAt === 'props' ? s.error : null));
  if (!error) return null;
  return (
    <p className="design-error" role="alert" data-testid="design-props-error">
      {error}
      <button type="button" className="icon-button" aria-label="Dismiss the message" onClick={() => designStore.set({ error: null })}><Icon name="close" /></button>
    </p>
  );
}

/** Design mode's editable properties of a component (each change is one undoable archbench.yaml edit). */
export function ComponentDesignSection({ component }: { component: Component }) {
  const enabled = useDesign((s) => s.enabled);
  const boundaries = useAnalysis((s) => s.model?.trustBoundaries);
  if (!enabled) return null;
  const id = component.id;
  const set = <K extends keyof ComponentProps>(key: K, value: ComponentProps[K]) => {
    void applyDesign([{ op: 'component.set', id, props: { [key]: value } }], componentPropLabel(id, key, value), 'props');
  };
  const declared = (boundaries ?? []).filter((b) => b.kind === 'declared');
  const inside = declared.find((b) => b.components.includes(id));
  const move = (to: string | null) => {
    const name = to ? declared.find((b) => b.id === to)?.name ?? to : null;
    void applyDesign([{ op: 'boundary.move', component: id, to }], to ? `Move ${id} into ${name}` : `Take ${id} out of ${inside?.name ?? 'its boundary'}`, 'props');
  };

  return (
    <section className="details-section design-props" aria-label={`Properties of ${id}`} data-testid="design-component-props">
      <h3>Properties <span className="details-muted">· archbench.yaml</span></h3>
      <EditError />
      <div className="design-props-grid">
        <SelectProp label="Kind" value={component.kind} options={COMPONENT_KINDS} required onCommit={(v) => set('kind', v as Component['kind'])} testId="prop-kind" />
        <SelectProp label="Criticality" value={component.criticality} options={CRITICALITIES} onCommit={(v) => set('criticality', v as Component['criticality'] | null)} testId="prop-criticality" />
        <SelectProp label="Data" value={component.dataClassification} options={CLASSIFICATIONS} onCommit={(v) => set('dataClassification', v as Component['dataClassification'] | null)} testId="prop-data-classification" />
        <BooleanProp label="Internet-facing" value={component.internetFacing} onCommit={(v) => set('internetFacing', v)} testId="prop-internet-facing" />
        <TextProp label="Replicas" numeric value={component.replicas} onCommit={(v) => set('replicas', v as number | null)} testId="prop-replicas" />
        <TextProp label="Owner" value={text(component.properties?.owner)} placeholder="team or person" onCommit={(v) => set('owner', v as string | null)} testId="prop-owner" />
        {declared.length > 0 && (
          <SelectProp label="Boundary" value={inside?.id} options={declared.map((b) => b.id)} onCommit={move} testId="prop-boundary" />
        )}
        <TextProp label="Description" multiline value={text(component.properties?.description)} placeholder="What it does (Ctrl+Enter to save)" onCommit={(v) => set('description', v as string | null)} testId="prop-description" />
      </div>
    </section>
  );
}

/** The retry policy of a flow: the model keeps the count, archbench.yaml's policy the backoff and jitter. */
function retryPolicy(flow: Flow): RetryProps | undefined {
  const policy = flow.properties?.retryPolicy as Partial<RetryProps> | undefined;
  if (flow.retries === undefined && !policy) return undefined;
  return { count: policy?.count ?? flow.retries ?? 0, backoff: policy?.backoff, jitter: policy?.jitter };
}

function FlowDesignSection({ flow }: { flow: Flow }) {
  const { from, to } = flow;
  const set = <K extends keyof FlowProps>(key: K, value: FlowProps[K]) => {
    void applyDesign([{ op: 'flow.set', from, to, props: { [key]: value } }], flowPropLabel(from, to, key, value), 'props');
  };
  const retries = retryPolicy(flow);
  const setRetries = (patch: Partial<RetryProps> | null) => {
    if (patch === null) return set('retries', null);
    const next: RetryProps = { count: retries?.count ?? 0, ...(retries?.backoff ? { backoff: retries.backoff } : {}), ...(retries?.jitter !== undefined ? { jitter: retries.jitter } : {}), ...patch };
    set('retries', next);
  };

  return (
    <section className="details-section design-props" aria-label={`Properties of ${flowName(from, to)}`} data-testid="design-flow-props">
      <h3>Properties <span className="details-muted">· archbench.yaml</span></h3>
      <EditError />
      <div className="design-props-grid">
        <TextProp label="Protocol" value={flow.protocol} list="design-prop-protocols" onCommit={(v) => set('protocol', v as string | null)} testId="prop-protocol" />
        <TextProp label="Port" numeric value={flow.port} onCommit={(v) => set('port', v as number | null)} testId="prop-port" />
        <TextProp label="Authentication" value={flow.authentication} list="design-prop-auth" onCommit={(v) => set('authentication', v as string | null)} testId="prop-authentication" />
        <BooleanProp label="Encrypted" value={flow.encrypted} onCommit={(v) => set('encrypted', v)} testId="prop-encrypted" />
        <BooleanProp label="Synchronous" value={flow.sync} onCommit={(v) => set('sync', v)} testId="prop-sync" />
        <TextProp label="Timeout" numeric unit="ms" value={flow.timeoutMs} onCommit={(v) => set('timeoutMs', v as number | null)} testId="prop-timeout" />
        <TextProp label="Retries" numeric value={retries?.count} onCommit={(v) => setRetries(v === null ? null : { count: v as number })} testId="prop-retries" />
        {retries && (
          <>
            <SelectProp label="Backoff" value={retries.backoff} options={BACKOFFS} onCommit={(v) => setRetries({ backoff: (v ?? undefined) as RetryProps['backoff'] })} testId="prop-backoff" />
            <BooleanProp label="Jitter" value={retries.jitter} onCommit={(v) => setRetries({ jitter: v ?? undefined })} testId="prop-jitter" />
          </>
        )}
        <BooleanProp label="Circuit breaker" value={flow.circuitBreaker} onCommit={(v) => set('circuitBreaker', v)} testId="prop-circuit-breaker" />
        <SelectProp label="Data" value={flow.dataClassification} options={CLASSIFICATIONS} onCommit={(v) => set('dataClassification', v as Flow['dataClassification'] | null)} testId="prop-flow-data-classification" />
        <TextProp label="Description" multiline value={text(flow.properties?.description)} placeholder="What it carries (Ctrl+Enter to save)" onCommit={(v) => set('description', v as string | null)} testId="prop-flow-description" />
      </div>
      <datalist id="design-prop-protocols">{PROTOCOLS.map((p) => <option key={p} value={p} />)}</datalist>
      <datalist id="design-prop-auth">{AUTHENTICATIONS.map((a) => <option key={a} value={a} />)}</datalist>
    </section>
  );
}

/** The inspector for a flow selected on the diagram: what it is, where it comes from, and (in design mode) its properties. */
export function FlowDetails({ id }: { id: string }) {
  const flow = useAnalysis((s) => s.model?.flows.find((f) => f.id === id));
  // Flows the other way between the same two components: the diagram draws them on this flow's line.
  const reverse = useAnalysis((s) => (flow ? s.model?.flows.filter((f) => f.from === flow.to && f.to === flow.from).map((f) => f.id).join('\n') : '') ?? '');
  const enabled = useDesign((s) => s.enabled);
  if (!flow) return <p className="inspector-empty">This flow is not in the current model.</p>;
  const sources = flow.sources?.length ? flow.sources : [flow.source];
  return (
    <article className="component-details" data-testid="flow-details" data-id={flow.id}>
      <div className="details-tags">
        <span className="details-tag">{flow.protocol}</span>
        {flow.sync === false && <span className="details-tag">async</span>}
        {flow.encrypted && <span className="details-tag"><Icon name="lock" /> encrypted</span>}
      </div>
      <h2 className="details-title">{flowName(flow.from, flow.to)}</h2>
      {typeof flow.properties?.asyncBecause === 'string' && <p className="details-muted" data-testid="flow-async-because">Asynchronous: {flow.properties.asyncBecause}.</p>}
      {reverse && (
        <p className="details-muted" data-testid="flow-reverse">
          The diagram draws it and{' '}
          {reverse.split('\n').map((other, index) => (
            <Fragment key={other}>{index > 0 && ', '}<button type="button" className="link-button" data-testid="flow-reverse-link" onClick={() => workbench.set({ selection: { type: 'flow', id: other } })}>{other}</button></Fragment>
          ))}
          , the flow back, as one line with an arrowhead at each end.
        </p>
      )}
      <dl className="details-grid">
        {([['From', flow.from], ['To', flow.to]] as const).map(([label, component]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd><button type="button" className="link-button" data-testid={`flow-${label.toLowerCase()}`} onClick={() => workbench.set({ selection: { type: 'component', id: component } })}>{component}</button></dd>
          </Fragment>
        ))}
      </dl>
      {enabled ? <FlowDesignSection key={flow.id} flow={flow} /> : <p className="details-muted">Turn on Design in the diagram’s toolbar to edit this flow.</p>}
      <section className="details-section">
        <h3>Found in</h3>
        <SourceLinks sources={sources} />
        {flow.inferredFrom.length > 0 && <p className="details-muted">From {flow.inferredFrom.join(', ')}</p>}
      </section>
    </article>
  );
}

const BOUNDARY_KINDS = ['declared', 'internet', 'network', 'cloud', 'vpc', 'cluster', 'namespace', 'datacenter', 'third-party'] as const;

/** Design mode's properties of a boundary declared in archbench.yaml: name (a rename), kind, description, remove. */
function BoundaryDesignSection({ boundary }: { boundary: TrustBoundary }) {
  const name = boundary.name;
  const set = (key: 'kind' | 'description', value: string | null) => {
    void applyDesign([{ op: 'boundary.set', name, props: { [key]: value } }], value === null ? `Clear ${key} of boundary ${name}` : `Set ${key} of boundary ${name} to ${value}`, 'props');
  };
  const rename = (next: string | number | null) => {
    const newName = typeof next === 'string' ? next.trim() : '';
    if (!newName || newName === name) return;
    // The boundary's id follows its name: keep it selected under the new one.
    void applyDesign([{ op: 'boundary.rename', name, newName }], `Rename boundary ${name} to ${newName}`, 'props').then((failed) => { if (!failed) selectWhenPresent({ type: 'boundary', name: newName }); });
  };
  const kinds = BOUNDARY_KINDS.includes(boundary.kind as (typeof BOUNDARY_KINDS)[number]) ? BOUNDARY_KINDS : [boundary.kind, ...BOUNDARY_KINDS];
  return (
    <section className="details-section design-props" aria-label={`Properties of ${name}`} data-testid="design-boundary-props">
      <h3>Properties <span className="details-muted">· archbench.yaml</span></h3>
      <EditError />
      <div className="design-props-grid">
        <TextProp label="Name" value={name} onCommit={rename} testId="prop-boundary-name" />
        <SelectProp label="Kind" value={boundary.kind} options={kinds} required onCommit={(v) => set('kind', v)} testId="prop-boundary-kind" />
        <TextProp label="Description" multiline value={text(boundary.properties?.description)} placeholder="What it separates (Ctrl+Enter to save)" onCommit={(v) => set('description', v as string | null)} testId="prop-boundary-description" />
      </div>
      <button type="button" className="button" data-testid="boundary-remove" onClick={() => void removeSelected()}>
        <Icon name="trash" /> Remove the boundary
      </button>
      <p className="details-muted">Its components stay; boundaries nested in it move up one level.</p>
    </section>
  );
}

/** The inspector for a trust boundary selected on the diagram: members, sources and (in design mode, when declared in archbench.yaml) its properties. */
export function BoundaryDetails({ id }: { id: string }) {
  const boundary = useAnalysis((s) => s.model?.trustBoundaries.find((b) => b.id === id));
  const enabled = useDesign((s) => s.enabled);
  if (!boundary) return <p className="inspector-empty">This boundary is not in the current model.</p>;
  const sources = boundary.sources?.length ? boundary.sources : boundary.source ? [boundary.source] : [];
  const declared = isDeclaredInOverlay(boundary);
  return (
    <article className="component-details" data-testid="boundary-details" data-id={boundary.id}>
      <div className="details-tags"><span className="details-tag">{boundary.kind}</span></div>
      <h2 className="details-title">{boundary.name}</h2>
      {enabled && declared && <BoundaryDesignSection key={boundary.id} boundary={boundary} />}
      {enabled && !declared && <p className="details-muted">Defined by {sources[0]?.file ?? 'a project file'}: rename or remove it there. Boundaries declared in archbench.yaml are edited here.</p>}
      {!enabled && <p className="details-muted">Turn on Design in the diagram’s toolbar to edit boundaries declared in archbench.yaml.</p>}
      <section className="details-section">
        <h3>Components ({boundary.components.length})</h3>
        <p className="details-muted">{boundary.components.join(', ') || 'none'}</p>
      </section>
      {sources.length > 0 && (
        <section className="details-section">
          <h3>Found in</h3>
          <SourceLinks sources={sources} />
        </section>
      )}
    </article>
  );
}
