import { useEffect, useRef } from 'react';
import { createStore } from '../../state/store.js';
import { useWorkbench } from '../../state/workbench-store.js';
import { getDocument } from './documents.js';
import { monaco } from './monaco.js';
import { applyPendingReveal, registerCodeEditor } from './reveal.js';

const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  fontSize: 13,
  lineHeight: 20,
  fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  minimap: { enabled: true, renderCharacters: false, maxColumn: 100, scale: 1 },
  scrollBeyondLastLine: false,
  renderWhitespace: 'selection',
  tabSize: 2,
  insertSpaces: true,
  detectIndentation: true,
  fixedOverflowWidgets: true,
  padding: { top: 6 },
  smoothScrolling: false,
  stickyScroll: { enabled: true },
  bracketPairColorization: { enabled: true },
  guides: { indentation: true },
};

/** Where the cursor is in the code editor, for the status bar (kept apart: it changes on every keystroke). */
export const cursorStore = createStore<{ line: number; column: number; selected: number } | { line: null }>({ line: null });

/**
 * The one code editor instance of the editor area (like VS Code): switching tabs swaps its model and
 * restores where the user was in that file.
 */
export function CodeEditorHost({ path }: { path: string | null }) {
  const container = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const language = useWorkbench((s) => {
    const tab = path ? s.tabs.find((t) => t.type === 'file' && t.path === path) : undefined;
    return tab?.type === 'file' ? tab.language : null;
  });

  useEffect(() => {
    const instance = monaco.editor.create(container.current!, { ...EDITOR_OPTIONS, model: null });
    editor.current = instance;
    registerCodeEditor(instance);
    const report = () => {
      const position = instance.getPosition();
      const selection = instance.getSelection();
      const model = instance.getModel();
      if (!position || !model) return cursorStore.set({ line: null });
      cursorStore.set({ line: position.lineNumber, column: position.column, selected: selection && model ? model.getValueInRange(selection).length : 0 });
    };
    const subscriptions = [instance.onDidChangeCursorSelection(report), instance.onDidChangeModel(report)];
    return () => {
      for (const subscription of subscriptions) subscription.dispose();
      cursorStore.set({ line: null });
      registerCodeEditor(null);
      editor.current?.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = editor.current;
    const document = path ? getDocument(path) : undefined;
    if (!instance) return;
    instance.setModel(document?.model ?? null);
    if (document?.viewState) instance.restoreViewState(document.viewState);
    if (document) instance.focus();
    applyPendingReveal(); // a jump to a line (finding, model element) that switched to this tab
    return () => {
      // Remember where the user was (cursor, selection, scroll, folding) for when the tab comes back.
      if (document && getDocument(document.path) === document && instance.getModel() === document.model) {
        document.viewState = instance.saveViewState();
      }
    };
  }, [path]);

  return (
    <div
      className="code-editor"
      ref={container}
      hidden={!path}
      data-testid="code-editor"
      data-path={path ?? undefined}
      data-language={language ?? undefined}
    />
  );
}
