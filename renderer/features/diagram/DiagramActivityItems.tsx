import { useWorkbench } from '../../state/workbench-store.js';
import { openDiagram, openErd } from './install-diagrams.js';

const GRAPH = String.fromCodePoint(0xeb03);
const TABLE = String.fromCodePoint(0xebb7);

/** Activity bar entries that open the diagrams as centre tabs (they are not side bar views). */
export function DiagramActivityItems() {
  const active = useWorkbench((s) => s.activeTabId);
  const hasProject = useWorkbench((s) => s.project !== null);
  if (!hasProject) return null;
  return (
    <>
      <button type="button" className={`activity-item${active === 'view:diagram' ? ' active' : ''}`} aria-label="System diagram" title="System diagram" data-testid="activity-diagram" onClick={openDiagram}>
        <span className="icon" aria-hidden="true">{GRAPH}</span>
      </button>
      <button type="button" className={`activity-item${active === 'view:erd' ? ' active' : ''}`} aria-label="ERD (database diagram)" title="ERD (database diagram)" data-testid="activity-erd" onClick={openErd}>
        <span className="icon" aria-hidden="true">{TABLE}</span>
      </button>
    </>
  );
}
