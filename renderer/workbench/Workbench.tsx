import { EditorArea } from '../features/editor/EditorArea.js';
import { ExplorerView } from '../features/explorer/ExplorerView.js';
import { CommandPalette } from '../features/palette/CommandPalette.js';
import { useWorkbench, workbench } from '../state/workbench-store.js';
import { ActivityBar } from './ActivityBar.js';
import { BottomPanel } from './BottomPanel.js';
import { DialogHost, StoreNotice, Toasts } from './Overlays.js';
import { Sash } from './Sash.js';
import { StatusBar } from './StatusBar.js';
import './workbench.css';

/** The whole window: activity bar, side bar, editors over the panel, status bar, and the overlays. */
export function Workbench() {
  const sidebarVisible = useWorkbench((s) => s.sidebarVisible);
  const sidebarWidth = useWorkbench((s) => s.sidebarWidth);
  const panelVisible = useWorkbench((s) => s.panelVisible);
  const panelHeight = useWorkbench((s) => s.panelHeight);
  const theme = useWorkbench((s) => s.theme);

  return (
    <div className="workbench" data-testid="workbench" data-theme={theme}>
      <div className="workbench-body">
        <ActivityBar />
        {sidebarVisible && (
          <>
            <aside className="sidebar" style={{ width: sidebarWidth }} aria-label="Side bar">
              <ExplorerView />
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
      </div>
      <StatusBar />
      <CommandPalette />
      <DialogHost />
      <Toasts />
    </div>
  );
}
