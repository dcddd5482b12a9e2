import { monaco } from './monaco.js';

/** The Monaco side of an open file: its model, the version that matches the disk, and where the user was. */
export interface Document {
  path: string;
  model: monaco.editor.ITextModel;
  /** `getAlternativeVersionId()` of the text that was last read from or written to disk. */
  savedVersion: number;
  viewState: monaco.editor.ICodeEditorViewState | null;
  /** The disk version, while comparing (the diff editor's left side). */
  diskModel: monaco.editor.ITextModel | null;
  subscription: monaco.IDisposable;
  /** The dirty state last reported to `onDirtyChange`. */
  reportedDirty: boolean;
  replacing: boolean;
  onDirtyChange(dirty: boolean): void;
}

const documents = new Map<string, Document>();

const uriFor = (scheme: string, path: string) => monaco.Uri.from({ scheme, path: `/${path}` });

/** Create the model of a newly opened file; `onDirtyChange` fires when the text starts or stops matching the disk. */
export function createDocument(path: string, content: string, language: string, onDirtyChange: (dirty: boolean) => void): Document {
  disposeDocument(path);
  const model = monaco.editor.createModel(content, language, uriFor('archbench', path));
  const document: Document = {
    path, model, savedVersion: model.getAlternativeVersionId(), viewState: null, diskModel: null,
    reportedDirty: false, replacing: false, onDirtyChange,
    subscription: model.onDidChangeContent(() => {
      if (!document.replacing) syncDirty(document);
    }),
  };
  documents.set(path, document);
  return document;
}

export function getDocument(path: string): Document | undefined {
  return documents.get(path);
}

export function isDirty(document: Document): boolean {
  return document.model.getAlternativeVersionId() !== document.savedVersion;
}

function syncDirty(document: Document): void {
  const dirty = isDirty(document);
  if (dirty !== document.reportedDirty) document.onDirtyChange((document.reportedDirty = dirty));
}

/** Record that the text at `version` is what the disk holds now (typing during a save keeps the tab dirty). */
export function markSaved(document: Document, version = document.model.getAlternativeVersionId()): void {
  document.savedVersion = version;
  syncDirty(document);
}

/**
 * Replace the text with the disk version as one undoable edit that touches only the lines that differ,
 * so the cursor and scroll position outside the changed region stay where they were.
 */
export function replaceWithDiskContent(document: Document, content: string): void {
  const { model } = document;
  const current = model.getValue();
  if (current !== content) {
    let start = 0;
    const shortest = Math.min(current.length, content.length);
    while (start < shortest && current.charCodeAt(start) === content.charCodeAt(start)) start++;
    let end = 0;
    while (end < shortest - start && current.charCodeAt(current.length - 1 - end) === content.charCodeAt(content.length - 1 - end)) end++;
    const range = monaco.Range.fromPositions(model.getPositionAt(start), model.getPositionAt(current.length - end));
    document.replacing = true;
    try {
      model.pushStackElement();
      model.pushEditOperations([], [{ range, text: content.slice(start, content.length - end) }], () => null);
      model.pushStackElement();
    } finally {
      document.replacing = false;
    }
  }
  markSaved(document);
}

/** Hold the disk version for the diff editor. */
export function setDiskContent(document: Document, content: string): monaco.editor.ITextModel {
  if (document.diskModel) document.diskModel.setValue(content);
  else document.diskModel = monaco.editor.createModel(content, document.model.getLanguageId(), uriFor('archbench-disk', document.path));
  return document.diskModel;
}

export function dropDiskContent(document: Document): void {
  document.diskModel?.dispose();
  document.diskModel = null;
}

export function setDocumentLanguage(document: Document, language: string): void {
  if (document.model.getLanguageId() !== language) monaco.editor.setModelLanguage(document.model, language);
  if (document.diskModel) monaco.editor.setModelLanguage(document.diskModel, language);
}

export function disposeDocument(path: string): void {
  const document = documents.get(path);
  if (!document) return;
  documents.delete(path);
  document.subscription.dispose();
  dropDiskContent(document);
  document.model.dispose();
}
