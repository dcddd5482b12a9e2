import { EditorArea } from '../features/editor/EditorArea.js';
import { ExplorerView } from '../features/explorer/ExplorerView.js';
import { FindingsView } from '../features/findings/FindingsView.js';
import { TrackDialogHost } from '../features/findings/TrackDialog.js';
import { Inspector } from '../features/inspector/Inspector.js';
import { ModelView } from '../features/model/ModelView.js';
import { SchemaView } from '../features/schema/SchemaView.js';
import { ThreatsView } from '../features/threats/ThreatsView.js';
import { ReliabilityView } from '../features/reliability/ReliabilityView.js';
import { CommandPalette } from '../features/palette/CommandPalette.js';
import { DesignDialogHost } from '../features/design/DesignDialogHost.js';
import { ExportDialogHost } from '../features/export/ExportDialog.js';
import { useWorkbench, workbench } from '../state/workbench-store.js';
import { ActivityBar } from './ActivityBar.js';
import { BottomPanel } from './BottomPanel.js';
import { DialogHost, StoreNotice, Toasts } from './Overlays.js';
import { Sash } from './Sash.js';
import { StatusBar } from './StatusBar.js';
import './workbench.css';

/** The side bar's view: the activity bar chooses it. */
function SideBarView() {
  const view = useWorkbench((s) => s.sideView);
  if (view === 'model') return <ModelView />;
  if (view === 'findings') return <FindingsView />;
  if (view === 'schema') return <SchemaView />;
  if (view === 'threats') return <ThreatsView />;
  if (view === 'reliability') return <ReliabilityView />;
  return <ExplorerView />;
}

/** The whole window: activity bar, side bar, editors over the panel, the inspector, status bar, and the overlays. */
export function Workbench() {
  const sidebarVisible = useWorkbench((s) => s.sidebarVisible);
  const sidebarWidth = useWorkbench((s) => s.sidebarWidth);
  const panelVisible = useWorkbench((s) => s.panelVisible);
  const panelHeight = useWorkbench((s) => s.panelHeight);
  const inspectorVisible = useWorkbench((s) => s.selection !== null);
  const inspectorWidth = useWorkbench((s) => s.inspectorWidth);
  const theme = useWorkbench((s) => s.theme);

  return (
    <div className="workbench" data-testid="workbench" data-theme={theme}>
      <div className="workbench-body">
        <ActivityBar />
        {sidebarVisible && (
          <>
            <aside className="sidebar" style={{ width: sidebarWidth }} aria-label="Side bar">
              <SideBarView />
            </aside>
            <Sash
              orientation="vertical" label="Resize the side bar" value={sidebarWidth} min={170} direction={1}
              max={() => Math.max(170, window.innerWidth - 420)}
              onChange={(width) => workbench.set({ sidebarWidth: width })}
            />
          </>
        )}
        <div className="workbench-centre">
          <StoreNotice />
          <EditorArea />
          {panelVisible && (
            <>
              <Sash
                orientation="horizontal" label="Resize the panel" value={panelHeight} min={80} direction={-1}
                max={() => Math.max(80, window.innerHeight - 200)}
                onChange={(height) => workbench.set({ panelHeight: height })}
              />
              <div className="panel-container" style={{ height: panelHeight }}>
                <BottomPanel />
              </div>
            </>
          )}
        </div>
        {inspectorVisible && (
          <>
            <Sash
              orientation="vertical" label="Resize the inspector" value={inspectorWidth} min={240} direction={-1}
              max={() => Math.max(240, window.innerWidth - sidebarWidth - 420)}
              onChange={(width) => workbench.set({ inspectorWidth: width })}
            />
            <div className="inspector-container" style={{ width: inspectorWidth }}>
              <Inspector />
            </div>
          </>
        )}
      </div>
      <StatusBar />
      <CommandPalette />
      <DialogHost />
      <TrackDialogHost />
      <DesignDialogHost />
      <ExportDialogHost />
      <Toasts />
    </div>
  );
}
