import { useMemo } from 'react';
import { workbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { compareFindings, KIND_ICONS } from '../analysis/labels.js';
import { selectFinding } from '../findings/finding-actions.js';
import { ComponentDesignSection } from '../design/DesignProperties.js';
import { SourceLinks } from './SourceLinks.js';

/** A flow of the component: selects it (the Inspector then shows the flow, where it was found and its ends). */
function FlowLink({ id, label }: { id: string; label: string }) {
  return <button type="button" className="link-button location-link" data-testid="component-flow" data-flow={id} onClick={() => workbench.set({ selection: { type: 'flow', id } })}>{label}</button>;
}

/** A model component: its facts, every file that describes it, its flows and its findings. */
export function ComponentDetails({ id }: { id: string }) {
  const model = useAnalysis((s) => s.model);
  const allFindings = useAnalysis((s) => s.findings);
  const component = model?.components.find((c) => c.id === id);
  const findings = useMemo(() => allFindings.filter((f) => f.element === id).sort(compareFindings), [allFindings, id]);
  if (!model || !component) return <p className="inspector-empty">This component is not in the current model.</p>;
  const outgoing = model.flows.filter((f) => f.from === id);
  const incoming = model.flows.filter((f) => f.to === id);
  const boundaries = model.trustBoundaries.filter((b) => b.components.includes(id));
  const endpoints = model.endpoints.filter((e) => e.component === id).length;
  // A service inferred from an API description alone: its deployment (replicas among it) is unknown.
  const inferredFrom = component.properties?.inferredFrom;

  return (
    <article className="component-details" data-testid="component-details" data-id={component.id}>
      <div className="details-tags">
        <span className="details-tag model-kind-icon" data-kind={component.kind}><Icon name={KIND_ICONS[component.kind]} /> {component.kind}</span>
        {component.internetFacing && <span className="details-tag"><Icon name="globe" /> internet-facing</span>}
        {component.criticality && <span className="details-tag">criticality: {component.criticality}</span>}
      </div>
      <h2 className="details-title">{component.name}</h2>
      <ComponentDesignSection component={component} />
      <dl className="details-grid">
        {component.image && <><dt>Image</dt><dd className="mono">{component.image}</dd></>}
        {typeof inferredFrom === 'string'
          ? <><dt>Known from</dt><dd data-testid="component-inferred">{inferredFrom}</dd></>
          : <><dt>Replicas</dt><dd>{component.replicas ?? 'not declared'}</dd></>}
        {component.kindReason && <><dt>Kind from</dt><dd>{component.kindReason}</dd></>}
        {boundaries.length > 0 && <><dt>Boundaries</dt><dd>{boundaries.map((b) => b.name).join(', ')}</dd></>}
        {component.dataClassification && <><dt>Data</dt><dd>{component.dataClassification}</dd></>}
        <dt>Endpoints</dt><dd>{endpoints}</dd>
      </dl>
      <section className="details-section">
        <h3>Defined in</h3>
        <SourceLinks sources={component.sources} testId="component-source" />
      </section>
      {(outgoing.length > 0 || incoming.length > 0) && (
        <section className="details-section">
          <h3>Flows</h3>
          <ul className="details-related">
            {outgoing.map((flow) => (
              <li key={flow.id}><FlowLink id={flow.id} label={`→ ${flow.to}`} /> <span className="details-muted">{flow.protocol}</span></li>
            ))}
            {incoming.map((flow) => (
              <li key={flow.id}><FlowLink id={flow.id} label={`← ${flow.from}`} /> <span className="details-muted">{flow.protocol}</span></li>
            ))}
          </ul>
        </section>
      )}
      <section className="details-section">
        <h3>Findings ({findings.length})</h3>
        {findings.length ? (
          <ul className="details-related">
            {findings.map((finding) => (
              <li key={finding.fingerprint}>
                <button type="button" className="link-button details-finding" onClick={() => selectFinding(finding)}>
                  <SeverityIcon severity={finding.severity} /> {finding.title}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="details-muted">None in the last run.</p>
        )}
      </section>
    </article>
  );
}
