import { useWorkbench, workbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { FindingDetails } from '../findings/FindingDetails.js';
import { AttackPathDetails } from '../threats/AttackPathDetails.js';
import { ThreatDetails } from '../threats/ThreatDetails.js';
import { BoundaryDetails, FlowDetails } from '../design/DesignProperties.js';
import { ComponentDetails } from './ComponentDetails.js';
import './inspector.css';

const TITLES = { finding: 'Finding', component: 'Component', flow: 'Flow', boundary: 'Trust Boundary', threat: 'Threat', 'attack-path': 'Attack Path' } as const;

/** The right-hand inspector: details of the selected finding, component, threat or attack path; closing it clears the selection. */
export function Inspector() {
  const selection = useWorkbench((s) => s.selection);
  if (!selection) return null;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector" data-type={selection.type}>
      <header className="sidebar-header">
        <h2 className="sidebar-title">{TITLES[selection.type]}</h2>
        <div className="sidebar-actions">
          <button type="button" className="icon-button" title="Close the inspector" aria-label="Close the inspector" data-testid="inspector-close" onClick={() => workbench.set({ selection: null })}>
            <Icon name="close" />
          </button>
        </div>
      </header>
      <div className="inspector-body">
        {selection.type === 'finding' && <FindingDetails fingerprint={selection.fingerprint} />}
        {selection.type === 'component' && <ComponentDetails id={selection.id} />}
        {selection.type === 'flow' && <FlowDetails id={selection.id} />}
        {selection.type === 'boundary' && <BoundaryDetails id={selection.id} />}
        {selection.type === 'threat' && <ThreatDetails id={selection.id} />}
        {selection.type === 'attack-path' && <AttackPathDetails id={selection.id} />}
      </div>
    </aside>
  );
}
