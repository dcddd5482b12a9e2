import { useEffect, useRef, useState } from 'react';
import { dropDiskContent, getDocument } from './documents.js';
import { monaco } from './monaco.js';

/** Monaco's diff editor: the disk version (left, read-only) against the tab's own model (right, still editable). */
export function DiffEditorHost({ path }: { path: string }) {
  const container = useRef<HTMLDivElement>(null);
  // The legend follows the split between the two sides (the user can drag it).
  const [leftWidth, setLeftWidth] = useState<number | null>(null);

  useEffect(() => {
    const document = getDocument(path);
    if (!document?.diskModel) return;
    const diff = monaco.editor.createDiffEditor(container.current!, {
      automaticLayout: true,
      fontSize: 13,
      lineHeight: 20,
      fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
      originalEditable: false,
      readOnly: false,
      renderSideBySide: true,
      enableSplitViewResizing: true,
      ignoreTrimWhitespace: false,
      renderOverviewRuler: true,
      scrollBeyondLastLine: false,
      minimap: { enabled: false },
    });
    diff.setModel({ original: document.diskModel, modified: document.model });
    // Closing or resolving can dispose a model before React unmounts this view: let go of it first.
    const detach = () => diff.setModel(null);
    const subscriptions = [
      document.diskModel.onWillDispose(detach),
      document.model.onWillDispose(detach),
      diff.getOriginalEditor().onDidLayoutChange((layout) => setLeftWidth(layout.width)),
    ];
    setLeftWidth(diff.getOriginalEditor().getLayoutInfo().width);
    diff.getModifiedEditor().focus();
    return () => {
      for (const subscription of subscriptions) subscription.dispose();
      diff.setModel(null);
      diff.dispose();
      // The disk copy only lives while compared; a later Compare reads the disk again.
      if (getDocument(path) === document) dropDiskContent(document);
    };
  }, [path]);

  return (
    <div className="diff-editor-wrap" data-testid="diff-editor" data-path={path}>
      <div className="diff-editor-legend" aria-hidden="true" style={leftWidth ? { gridTemplateColumns: `${leftWidth}px 1fr` } : undefined}>
        <span>On disk</span>
        <span>Yours (unsaved)</span>
      </div>
      <div className="diff-editor" ref={container} />
    </div>
  );
}
