import { workbench } from '../../state/workbench-store.js';
import { analysisStore } from '../analysis/analysis-store.js';
import { diagramStore } from '../diagram/diagram-store.js';
import { openDiagram } from '../diagram/install-diagrams.js';
import { openFileAt } from '../editor/reveal.js';

/** Select a component (the inspector shows it) and open the file that defines it at its line. */
export function revealComponent(id: string): void {
  workbench.set({ selection: { type: 'component', id } });
  const source = analysisStore.get().model?.components.find((c) => c.id === id)?.source;
  if (source) void openFileAt(source.file, source.line, source.column);
}

/** Open the file that declares a flow, at its line (falls back to the calling component). */
export function revealFlow(flowId: string, from: string): void {
  const flow = analysisStore.get().model?.flows.find((f) => f.id === flowId);
  if (flow?.source) void openFileAt(flow.source.file, flow.source.line, flow.source.column);
  else revealComponent(from);
}

/** Open the system diagram in blast-radius mode on a component (the diagram highlights what fails with it). */
export function showBlastRadiusInDiagram(id: string): void {
  workbench.set({ selection: { type: 'component', id } });
  diagramStore.set({ blast: true });
  openDiagram();
}
