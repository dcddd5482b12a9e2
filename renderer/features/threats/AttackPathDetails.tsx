import type { AttackPath } from '../../../shared/model/system-analysis.js';
import { workbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { SEVERITY_LABELS } from '../analysis/labels.js';
import { openLocation } from '../findings/finding-actions.js';
import { PathChain } from './AttackPathList.js';
import { useSystem } from './system-store.js';
import { showAttackPathOnDiagram } from './threat-actions.js';

type Missing = AttackPath['missingControls'][number];

/** One hop of the path: a component, then the flow to the next one, each with the controls missing there. */
function Hop({ component, flow, missing, last }: { component: string; flow?: string; missing: Missing[]; last: boolean }) {
  const source = useAnalysis((s) => s.model?.components.find((c) => c.id === component)?.source);
  const own = missing.filter((m) => m.component === component && !m.flow);
  const onFlow = flow ? missing.filter((m) => m.flow === flow) : [];
  return (
    <li className="path-step" data-testid="path-step" data-component={component}>
      <button
        type="button"
        className="path-chip link"
        title={source ? `${source.file}:${source.line}` : component}
        onClick={() => {
          workbench.set({ selection: { type: 'component', id: component } });
          if (source) openLocation(source);
        }}
      >
        {component}
      </button>
      <MissingList items={own} />
      {!last && flow && (
        <div className="path-flow">
          <Icon name="arrow-right" className="path-arrow down" />
          <span className="path-flow-name">{flow}</span>
          <MissingList items={onFlow} />
        </div>
      )}
    </li>
  );
}

function MissingList({ items }: { items: Missing[] }) {
  if (!items.length) return null;
  return (
    <ul className="path-missing" data-testid="path-missing">
      {items.map((item, index) => (
        <li key={index} data-control={item.control}><Icon name="circle-slash" /> <span><strong>{item.control}</strong>: {item.message}</span></li>
      ))}
    </ul>
  );
}

/** An attack path from an internet entry point to a confidential datastore, hop by hop with the missing controls. */
export function AttackPathDetails({ id }: { id: string }) {
  const path = useSystem((s) => s.analysis?.threats.attackPaths.find((p) => p.id === id));
  if (!path) return <p className="inspector-empty">This attack path is not in the latest analysis.</p>;
  const placed = new Set(path.components.flatMap((c, i) => [c, path.flows[i]]).filter(Boolean));
  const elsewhere = path.missingControls.filter((m) => !(m.flow && placed.has(m.flow)) && !(m.component && placed.has(m.component)));
  return (
    <article className="attack-path-details" data-testid="attack-path-details" data-id={path.id}>
      <div className="details-tags">
        <span className={`severity-tag severity-${path.severity}`}><SeverityIcon severity={path.severity} /> {SEVERITY_LABELS[path.severity]}</span>
        <span className="details-tag">{path.components.length - 1} {path.components.length === 2 ? 'hop' : 'hops'}</span>
        <span className="details-tag">{path.missingControls.length} missing controls</span>
      </div>
      <h2 className="details-title">{path.entry} → {path.target}</h2>
      <PathChain path={path} />
      <div className="details-actions">
        <button type="button" className="button small" data-testid="attack-path-show-diagram" title="Open the system diagram with this path highlighted and the hops lacking controls marked" onClick={() => void showAttackPathOnDiagram(path)}>
          <Icon name="type-hierarchy" /> Show on diagram
        </button>
      </div>
      {path.targetClassification && (
        <p className="details-muted path-classification">
          Target data: {path.targetClassification.classification ?? 'unclassified'} ({path.targetClassification.source})
        </p>
      )}
      <section className="details-section">
        <h3>Hops and missing controls</h3>
        <ol className="path-steps">
          {path.components.map((component, index) => (
            <Hop key={`${index}:${component}`} component={component} flow={path.flows[index]} missing={path.missingControls} last={index === path.components.length - 1} />
          ))}
        </ol>
        <MissingList items={elsewhere} />
      </section>
      <section className="details-section">
        <h3>Endpoints that open the path</h3>
        {path.endpoints?.length ? (
          <ul className="details-related" data-testid="path-endpoints">
            {path.endpoints.map((endpoint) => <li key={endpoint}><code>{endpoint}</code></li>)}
          </ul>
        ) : (
          <p className="details-muted">No endpoint is known to lead here: the entry point itself is exposed.</p>
        )}
      </section>
      {path.notes?.length ? (
        <section className="details-section">
          <h3>Assumptions</h3>
          <ul className="threat-list">{path.notes.map((note) => <li key={note}>{note}</li>)}</ul>
        </section>
      ) : null}
    </article>
  );
}
