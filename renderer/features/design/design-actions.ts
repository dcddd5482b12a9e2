import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { DesignOp, DesignState } from '../../../shared/contract/index.js';
import type { TrustBoundary } from '../../../shared/model/model.js';
import { ClientError, invoke } from '../../api/client.js';
import { log } from '../../state/output.js';
import { findFileTab, workbench } from '../../state/workbench-store.js';
import { analysisStore } from '../analysis/analysis-store.js';
import { flowName } from './design-labels.js';
import { designStore, NO_HISTORY, openDesignDialog } from './design-store.js';

const OVERLAY = 'archbench.yaml';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function setHistory(history: DesignState): void {
  designStore.set({ history: { canUndo: history.canUndo, canRedo: history.canRedo, undoLabel: history.undoLabel, redoLabel: history.redoLabel } });
}

/** Ask main what undo / redo would do now (after opening a project, turning design mode on, outside edits). */
export async function refreshDesignHistory(): Promise<void> {
  if (!workbench.get().project) return designStore.set({ history: NO_HISTORY });
  try {
    setHistory(await invoke('design.state', {}));
  } catch (error) {
    if (!(error instanceof ClientError && (error.code === 'no-project' || error.code === 'disconnected'))) log(`Could not read the design history: ${messageOf(error)}`, 'warn');
  }
}

/** An unsaved archbench.yaml tab would be overwritten by (or conflict with) a design edit: say so instead. */
function unsavedOverlayProblem(): string | null {
  return findFileTab(OVERLAY)?.dirty ? 'archbench.yaml has unsaved changes in its editor: save or revert them first.' : null;
}

/**
 * Apply edits as one undoable step. Returns null when written, or main's reason for refusing (also kept
 * in the design store, where the design bar and the properties panel show it).
 */
export function applyDesign(ops: DesignOp[], label: string, at: 'bar' | 'props' = 'bar'): Promise<string | null> {
  // One at a time, in order: a property changed while the previous one is being written waits for it.
  const run = queue.then(() => applyNow(ops, label, at));
  queue = run.then(() => undefined);
  return run;
}

let queue: Promise<void> = Promise.resolve();

async function applyNow(ops: DesignOp[], label: string, at: 'bar' | 'props'): Promise<string | null> {
  const problem = unsavedOverlayProblem();
  if (problem) {
    designStore.set({ error: problem, errorAt: at });
    return problem;
  }
  designStore.set({ busy: true, error: null });
  try {
    const result = await invoke('design.apply', { ops, label });
    setHistory(result);
    log(`${label}: written to ${result.path}${result.created ? ' (created)' : ''}`);
    return null;
  } catch (error) {
    const message = messageOf(error);
    log(`${label} refused: ${message}`, 'warn');
    designStore.set({ error: message, errorAt: at });
    return message;
  } finally {
    designStore.set({ busy: false });
  }
}

/** Undo and redo join the edits' queue: a second Ctrl+Z pressed while the first is being written is not lost. */
function step(direction: 'undo' | 'redo'): Promise<void> {
  const run = queue.then(() => stepNow(direction));
  queue = run;
  return run;
}

async function stepNow(direction: 'undo' | 'redo'): Promise<void> {
  const { history } = designStore.get();
  if (!(direction === 'undo' ? history.canUndo : history.canRedo)) return;
  const problem = unsavedOverlayProblem();
  if (problem) return designStore.set({ error: problem, errorAt: 'bar' });
  const label = direction === 'undo' ? history.undoLabel : history.redoLabel;
  designStore.set({ busy: true, error: null });
  try {
    setHistory(await invoke(direction === 'undo' ? 'design.undo' : 'design.redo', {}));
    log(`${direction === 'undo' ? 'Undid' : 'Redid'}: ${label ?? 'design edit'}`);
  } catch (error) {
    designStore.set({ error: messageOf(error), errorAt: 'bar' });
    log(`Could not ${direction} ${label ?? 'the design edit'}: ${messageOf(error)}`, 'warn');
    void refreshDesignHistory();
  } finally {
    designStore.set({ busy: false });
  }
}

export const undoDesign = () => step('undo');
export const redoDesign = () => step('redo');

/** Turn design mode on or off; leaving it drops a half-picked flow and a flow selection (flows are selectable only here). */
export function setDesignMode(enabled: boolean): void {
  designStore.set({ enabled, picking: null, error: null });
  if (enabled) void refreshDesignHistory();
  else if (workbench.get().selection?.type === 'flow') workbench.set({ selection: null });
}

/** Start picking a new flow's source and target on the diagram. */
export function startFlowPick(): void {
  designStore.set({ picking: { from: null }, error: null });
}

export function cancelFlowPick(): void {
  designStore.set({ picking: null });
}

/** Select an element once the model holds it (a just-added component appears after main re-reads the project). */
export function selectWhenPresent(selection: { type: 'component'; id: string } | { type: 'flow'; from: string; to: string } | { type: 'boundary'; name: string }): void {
  const find = (): string | undefined => {
    const model = analysisStore.get().model;
    if (selection.type === 'component') return model?.components.some((c) => c.id === selection.id) ? selection.id : undefined;
    if (selection.type === 'boundary') return model?.trustBoundaries.find((b) => b.name === selection.name && isDeclaredInOverlay(b))?.id;
    return model?.flows.find((f) => f.from === selection.from && f.to === selection.to)?.id;
  };
  const select = (id: string) => workbench.set({ selection: { type: selection.type, id } });
  const now = find();
  if (now) return select(now);
  const stop = analysisStore.subscribe(() => {
    const id = find();
    if (!id) return;
    stop();
    clearTimeout(timer);
    select(id);
  });
  const timer = setTimeout(stop, 15_000);
}

/** The component or flow design edits act on: the current selection. */
export function designTarget(): { type: 'component'; id: string } | { type: 'flow'; id: string; from: string; to: string } | null {
  const selection = workbench.get().selection;
  const model = analysisStore.get().model;
  if (selection?.type === 'component' && model?.components.some((c) => c.id === selection.id)) return selection;
  if (selection?.type === 'flow') {
    const flow = model?.flows.find((f) => f.id === selection.id);
    if (flow) return { type: 'flow', id: flow.id, from: flow.from, to: flow.to };
  }
  return null;
}

/** Remove the selected component or flow (main refuses for ones defined in compose, Kubernetes or specs, naming the file). */
export async function removeSelected(): Promise<void> {
  const selection = workbench.get().selection;
  if (selection?.type === 'boundary') return removeBoundary(selection.id);
  const target = designTarget();
  if (!target) return designStore.set({ error: 'Select a component, a flow or a boundary to delete.', errorAt: 'bar' });
  const failed = target.type === 'component'
    ? await applyDesign([{ op: 'component.remove', id: target.id }], `Remove component ${target.id}`)
    : await applyDesign([{ op: 'flow.remove', from: target.from, to: target.to }], `Remove flow ${flowName(target.from, target.to)}`);
  if (!failed) workbench.set({ selection: null });
}

/** Rename the selected component (a dialog). */
export function renameSelected(): void {
  const target = designTarget();
  if (target?.type === 'component') openDesignDialog({ type: 'rename', id: target.id });
  else designStore.set({ error: 'Select a component to rename.', errorAt: 'bar' });
}

/**
 * A click on the diagram in design mode: picks a new flow's ends, or selects a flow by its edge.
 * Returns true when design mode handled it (the diagram then does nothing else).
 */
export function designItemClick(kind: string, id: string, edgeFlows: (edgeId: string) => string[] | undefined): boolean {
  const { enabled, picking } = designStore.get();
  if (!enabled) return false;
  const isComponent = analysisStore.get().model?.components.some((c) => c.id === id) ?? false;
  if (picking) {
    if (kind !== 'node' || !isComponent) return true;
    if (!picking.from) designStore.set({ picking: { from: id } });
    else if (picking.from === id) designStore.set({ error: 'A flow needs two different components: click the target.', errorAt: 'bar' });
    else openDesignDialog({ type: 'add-flow', from: picking.from, to: id });
    return true;
  }
  if (kind === 'edge') {
    const flow = edgeFlows(id)?.[0];
    if (flow) workbench.set({ selection: { type: 'flow', id: flow } });
    return true;
  }
  if (kind === 'group' && analysisStore.get().model?.trustBoundaries.some((b) => b.id === id)) {
    workbench.set({ selection: { type: 'boundary', id } });
    return true;
  }
  return false;
}

/** A trust boundary declared in archbench.yaml (the ones design edits can rename and remove), by its model id. */
export function declaredBoundary(id: string): TrustBoundary | undefined {
  const boundary = analysisStore.get().model?.trustBoundaries.find((b) => b.id === id);
  return boundary && isDeclaredInOverlay(boundary) ? boundary : undefined;
}

export function isDeclaredInOverlay(boundary: TrustBoundary): boolean {
  return [boundary.source, ...(boundary.sources ?? [])].some((s) => s?.file === 'archbench.yaml');
}

/** Rename or remove the selected boundary (declared in archbench.yaml; others are where compose or Kubernetes define them). */
async function removeBoundary(id: string): Promise<void> {
  const boundary = declaredBoundary(id);
  if (!boundary) return designStore.set({ error: 'Only trust boundaries declared in archbench.yaml can be removed here; networks and namespaces come from compose and Kubernetes files.', errorAt: 'bar' });
  const failed = await applyDesign([{ op: 'boundary.remove', name: boundary.name }], `Remove boundary ${boundary.name}`);
  if (!failed) workbench.set({ selection: null });
}

/** A double-click in design mode renames the component (instead of opening its source). */
export function designItemDoubleClick(kind: string, id: string): boolean {
  if (!designStore.get().enabled || kind !== 'node') return false;
  if (!analysisStore.get().model?.components.some((c) => c.id === id)) return false;
  openDesignDialog({ type: 'rename', id });
  return true;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('.monaco-editor');
}

/** Keys while the diagram has focus in design mode: Delete, F2, Escape, Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y. */
export function designKeyDown(event: ReactKeyboardEvent | KeyboardEvent): void {
  if (!designStore.get().enabled || isTyping(event.target)) return;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  let action: (() => void) | undefined;
  if (!mod && (event.key === 'Delete' || event.key === 'Backspace')) action = () => void removeSelected();
  else if (!mod && event.key === 'F2') action = renameSelected;
  else if (!mod && event.key === 'Escape' && designStore.get().picking) action = cancelFlowPick;
  else if (mod && !event.altKey && key === 'z') action = () => void (event.shiftKey ? redoDesign() : undoDesign());
  else if (mod && !event.altKey && !event.shiftKey && key === 'y') action = () => void redoDesign();
  if (!action) return;
  event.preventDefault();
  event.stopPropagation();
  action();
}
