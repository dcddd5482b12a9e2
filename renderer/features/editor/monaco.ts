/**
 * Monaco, bundled: the editor core with its contributions, only the languages Archbench edits, and the
 * workers as Vite `?worker` chunks (served from 'self', so the strict CSP and offline use both hold).
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import './monaco-contributions.js';
import 'monaco-editor/language/json/monaco.contribution.js'; // JSON language service (worker below)
import 'monaco-editor/languages/definitions/yaml/register.js';
import 'monaco-editor/languages/definitions/sql/register.js';
import 'monaco-editor/languages/definitions/pgsql/register.js';
import 'monaco-editor/languages/definitions/graphql/register.js';
import 'monaco-editor/languages/definitions/protobuf/register.js';
import 'monaco-editor/languages/definitions/markdown/register.js';
import 'monaco-editor/languages/definitions/dockerfile/register.js';
import 'monaco-editor/languages/definitions/shell/register.js';
import 'monaco-editor/languages/definitions/ini/register.js';
import 'monaco-editor/languages/definitions/xml/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker.js?worker';
import type { Theme } from '../../state/workbench-store.js';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker: (_workerId, label) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

// Editor backgrounds match the workbench's CSS variables (styles/theme.css) so the centre does not look pasted in.
monaco.editor.defineTheme('archbench-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#1e1f23',
    'editorGutter.background': '#1e1f23',
    'editor.lineHighlightBackground': '#26282d',
    'editorLineNumber.foreground': '#5c616b',
    'editorLineNumber.activeForeground': '#aeb3bb',
    'editorWidget.background': '#25272c',
    'diffEditor.insertedTextBackground': '#3b8a4a33',
    'diffEditor.removedTextBackground': '#b3443f33',
  },
});
monaco.editor.defineTheme('archbench-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#ffffff',
    'editor.lineHighlightBackground': '#f3f5f8',
    'editorLineNumber.foreground': '#a0a6b0',
    'editorLineNumber.activeForeground': '#3d434b',
  },
});

/** Switch every editor to the workbench theme. */
export function applyMonacoTheme(theme: Theme): void {
  monaco.editor.setTheme(theme === 'dark' ? 'archbench-dark' : 'archbench-light');
}

export { monaco };
