import { getDocument } from './documents.js';
import { openFile } from './editor-actions.js';
import { monaco } from './monaco.js';

/** Where to put the cursor once the editor shows the file (the tab switch renders asynchronously). */
let pending: { path: string; line: number; column?: number } | null = null;
let editor: monaco.editor.IStandaloneCodeEditor | null = null;

/** The code editor instance of the editor area (CodeEditorHost registers it; null once disposed). */
export function registerCodeEditor(instance: monaco.editor.IStandaloneCodeEditor | null): void {
  editor = instance;
}

/** The code editor, for features that read its cursor or model. */
export function codeEditor(): monaco.editor.IStandaloneCodeEditor | null {
  return editor;
}

/** The project path of the file the code editor shows, or null. */
export function codeEditorPath(): string | null {
  const uri = editor?.getModel()?.uri;
  return uri?.scheme === 'archbench' ? uri.path.slice(1) : null;
}

/** Open a file and put the cursor on a line (and column), scrolled into view and briefly highlighted. */
export async function openFileAt(path: string, line: number, column?: number): Promise<boolean> {
  pending = { path, line, column };
  if (!(await openFile(path))) {
    pending = null;
    return false;
  }
  applyPendingReveal();
  return true;
}

/** Apply a reveal waiting for this editor's model (called after every model switch). */
export function applyPendingReveal(): void {
  if (!editor || !pending) return;
  const document = getDocument(pending.path);
  if (!document || editor.getModel() !== document.model) return;
  const { line, column } = pending;
  pending = null;
  revealInEditor(editor, line, column);
}

function revealInEditor(instance: monaco.editor.IStandaloneCodeEditor, line: number, column?: number): void {
  const model = instance.getModel();
  if (!model) return;
  const lineNumber = Math.max(1, Math.min(line, model.getLineCount()));
  const col = Math.max(1, Math.min(column ?? (model.getLineFirstNonWhitespaceColumn(lineNumber) || 1), model.getLineMaxColumn(lineNumber)));
  instance.setSelection(new monaco.Selection(lineNumber, col, lineNumber, col));
  instance.revealLineInCenterIfOutsideViewport(lineNumber, monaco.editor.ScrollType.Immediate);
  const highlight = instance.createDecorationsCollection([
    { range: new monaco.Range(lineNumber, 1, lineNumber, 1), options: { isWholeLine: true, className: 'reveal-highlight' } },
  ]);
  setTimeout(() => highlight.clear(), 1500);
  instance.focus();
}
