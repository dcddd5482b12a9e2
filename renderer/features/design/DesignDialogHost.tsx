import { AddBoundaryDialog, AddComponentDialog, AddFlowDialog, RenameDialog } from './DesignDialogs.js';
import { useDesign } from './design-store.js';
import { NewApiSpecDialog, NewMigrationDialog, NewProjectDialog } from './ProjectDialogs.js';
import './design.css';

/** The design feature's one open dialog, if any (mounted once by the workbench). */
export function DesignDialogHost() {
  const dialog = useDesign((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.type) {
    case 'add-component': return <AddComponentDialog />;
    case 'add-flow': return <AddFlowDialog key={`${dialog.from}>${dialog.to}`} from={dialog.from} to={dialog.to} />;
    case 'add-boundary': return <AddBoundaryDialog />;
    case 'rename': return <RenameDialog key={dialog.id} id={dialog.id} />;
    case 'new-project': return <NewProjectDialog />;
    case 'new-api-spec': return <NewApiSpecDialog />;
    case 'new-migration': return <NewMigrationDialog />;
  }
}
