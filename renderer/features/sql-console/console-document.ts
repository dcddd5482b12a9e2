import { monaco } from '../editor/monaco.js';

/** The console's text lives in one Monaco model that outlives the tab (switching tabs unmounts the editor). */
let model: monaco.editor.ITextModel | null = null;
let modelRoot: string | null = null;
let viewState: monaco.editor.ICodeEditorViewState | null = null;
let editor: monaco.editor.IStandaloneCodeEditor | null = null;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Markers of the console's own errors (PostgreSQL's message at its position). */
export const CONSOLE_MARKER_OWNER = 'sql-console';

const STORAGE_PREFIX = 'archbench.sqlConsole.v1:';

export const STARTER_TEXT = [
  '-- Scratch copy of the replayed database: your files never change.',
  '-- Ctrl+Enter runs everything, or the selection. Explain shows the plan of the statement at the cursor.',
  '',
  '',
].join('\n');

function savedText(root: string): string | null {
  try {
    return localStorage.getItem(STORAGE_PREFIX + root);
  } catch {
    return null;
  }
}

function saveText(root: string, text: string): void {
  try {
    localStorage.setItem(STORAGE_PREFIX + root, text);
  } catch {
    // Storage full or disabled: the console text is a convenience.
  }
}

/** The console's model for a project, created (with the text left there last time) on first use. */
export function consoleModel(root: string): monaco.editor.ITextModel {
  if (model && modelRoot === root) return model;
  model?.dispose();
  clearTimeout(saveTimer);
  viewState = null;
  modelRoot = root;
  const created = monaco.editor.createModel(savedText(root) ?? STARTER_TEXT, 'pgsql', monaco.Uri.from({ scheme: 'archbench-console', path: '/console.sql' }));
  created.onDidChangeContent(() => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => saveText(root, created.getValue()), 400);
  });
  model = created;
  return created;
}

/** The console's model if it exists (for the open project). */
export function existingConsoleModel(): monaco.editor.ITextModel | null {
  return model;
}

/** The mounted console editor (SqlConsole registers it; null while the tab is hidden). */
export function registerConsoleEditor(instance: monaco.editor.IStandaloneCodeEditor | null): void {
  if (!instance && editor) viewState = editor.saveViewState();
  editor = instance;
  if (instance && viewState) instance.restoreViewState(viewState);
}

export function consoleEditor(): monaco.editor.IStandaloneCodeEditor | null {
  return editor;
}

/** Where the user was in the console when its tab was last hidden (cursor and selection). */
export function savedSelection(): monaco.Selection | null {
  const state = viewState?.cursorState?.[0];
  if (!state) return null;
  const { selectionStart, position } = state;
  return new monaco.Selection(selectionStart.lineNumber, selectionStart.column, position.lineNumber, position.column);
}
