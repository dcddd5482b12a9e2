import { registerCommands, type Command } from '../palette/command-registry.js';
import { activeTab, workbench } from '../../state/workbench-store.js';
import { shortcutLabel } from '../../workbench/shortcuts.js';
import { getDocument } from '../editor/documents.js';
import { monaco } from '../editor/monaco.js';
import { codeEditor } from '../editor/reveal.js';
import { openSqlConsole, resetScratchDatabase, runInConsole, runSql } from './sql-console-actions.js';
import { installSqlCompletion } from './sql-completion.js';
import { resetSqlConsole, sqlConsoleStore } from './sql-console-store.js';

const hasProject = () => workbench.get().project !== null;
const idle = () => hasProject() && sqlConsoleStore.get().busy === null;

/** The active editor tab's SQL file, if it is one. */
function activeSqlFile(): string | undefined {
  const tab = activeTab();
  return tab?.type === 'file' && tab.language === 'pgsql' ? tab.path : undefined;
}

/** Send the active .sql editor's selection (or the whole file) to the console and run it there. */
function runActiveFileInConsole(): void {
  const path = activeSqlFile();
  const document = path ? getDocument(path) : undefined;
  if (!document) return;
  const editor = codeEditor();
  const selection = editor?.getModel() === document.model ? editor.getSelection() : null;
  const sql = selection && !selection.isEmpty() ? document.model.getValueInRange(selection) : document.model.getValue();
  void runInConsole(sql);
}

/** The SQL console's palette commands. */
export const SQL_CONSOLE_COMMANDS: Command[] = [
  { id: 'sql.openConsole', category: 'SQL', title: 'Open SQL Console', enabled: hasProject, run: openSqlConsole },
  { id: 'sql.run', category: 'SQL', title: 'Run SQL', keybinding: shortcutLabel('Mod+Enter'), enabled: idle, run: () => runSql('run') },
  { id: 'sql.explain', category: 'SQL', title: 'Explain SQL', enabled: idle, run: () => runSql('plan') },
  { id: 'sql.explainAnalyze', category: 'SQL', title: 'Explain Analyze SQL', enabled: idle, run: () => runSql('analyze') },
  { id: 'sql.reset', category: 'SQL', title: 'Reset Scratch Database', enabled: idle, run: resetScratchDatabase },
  { id: 'sql.runFileInConsole', category: 'SQL', title: 'Run the SQL File (or Selection) in the SQL Console', enabled: () => idle() && !!activeSqlFile(), run: runActiveFileInConsole },
];

/** Register the console's commands, a "Run in SQL Console" action in .sql editors, and schema completion; forget results on a project switch. */
export function installSqlConsole(): void {
  registerCommands(SQL_CONSOLE_COMMANDS);
  installSqlCompletion();
  monaco.editor.addEditorAction({
    id: 'archbench.sql.runInConsole',
    label: 'Run in SQL Console (the selection, or the whole file)',
    precondition: 'editorLangId == pgsql && !archbenchSqlConsole',
    contextMenuGroupId: 'navigation',
    contextMenuOrder: 1.5,
    run: (editor) => {
      if (editor.getModel()?.uri.scheme === 'archbench') runActiveFileInConsole();
    },
  });
  let root: string | null = null;
  workbench.subscribe(() => {
    const next = workbench.get().project?.root ?? null;
    if (next === root) return;
    root = next;
    resetSqlConsole(next);
  });
}
