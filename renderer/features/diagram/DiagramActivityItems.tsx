import { useWorkbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { openDiagram, openErd } from './install-diagrams.js';

/** Activity bar entries that open the diagrams as centre tabs (they are not side bar views). */
export function DiagramActivityItems() {
  const active = useWorkbench((s) => s.activeTabId);
  const hasProject = useWorkbench((s) => s.project !== null);
  if (!hasProject) return null;
  return (
    <>
      <button type="button" className={`activity-item${active === 'view:diagram' ? ' active' : ''}`} aria-label="System diagram" title="System diagram" data-testid="activity-diagram" onClick={openDiagram}>
        <Icon name="graph" />
      </button>
      <button type="button" className={`activity-item${active === 'view:erd' ? ' active' : ''}`} aria-label="ERD (database diagram)" title="ERD (database diagram)" data-testid="activity-erd" onClick={openErd}>
        <Icon name="table" />
      </button>
    </>
  );
}
