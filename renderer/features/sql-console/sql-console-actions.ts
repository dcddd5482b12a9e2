import type { SqlConsoleError } from '../../../shared/contract/index.js';
import { invoke } from '../../api/client.js';
import { log } from '../../state/output.js';
import { workbench } from '../../state/workbench-store.js';
import { monaco } from '../editor/monaco.js';
import { CONSOLE_MARKER_OWNER, consoleEditor, consoleModel, existingConsoleModel, savedSelection } from './console-document.js';
import { splitStatements, statementAt } from './sql-statements.js';
import { resetSqlConsole, sqlConsoleStore, type RunMode } from './sql-console-store.js';

export const SQL_CONSOLE_TAB_ID = 'view:sql-console';

const MODE_LABELS: Record<RunMode, string> = { run: 'Run', plan: 'EXPLAIN', analyze: 'EXPLAIN ANALYZE' };

/** Open (or focus) the SQL console tab. */
export function openSqlConsole(): void {
  const root = workbench.get().project?.root;
  if (!root) return;
  if (sqlConsoleStore.get().root !== root) resetSqlConsole(root);
  consoleModel(root);
  workbench.set((s) => (s.tabs.some((t) => t.id === SQL_CONSOLE_TAB_ID)
    ? { activeTabId: SQL_CONSOLE_TAB_ID }
    : { tabs: [...s.tabs, { type: 'view', id: SQL_CONSOLE_TAB_ID, view: 'sql-console', title: 'SQL Console' }], activeTabId: SQL_CONSOLE_TAB_ID }));
  requestAnimationFrame(() => consoleEditor()?.focus());
}

/** The SQL to send and where it starts in the console: the selection, else everything (run) or the statement at the cursor (explain). */
function submission(mode: RunMode, range?: monaco.Selection): { sql: string; origin: monaco.IPosition } | { empty: string } {
  const model = existingConsoleModel()!;
  const selection = range ?? consoleEditor()?.getSelection() ?? savedSelection();
  if (selection && !selection.isEmpty()) {
    const sql = model.getValueInRange(selection);
    // The server prefixes EXPLAIN to the text it gets: a second statement would simply run.
    if (mode !== 'run' && splitStatements(sql).length > 1) return { empty: 'EXPLAIN takes one statement: select just one, or put the cursor in it.' };
    return { sql, origin: selection.getStartPosition() };
  }
  const text = model.getValue();
  if (mode === 'run') {
    return text.trim() ? { sql: text, origin: { lineNumber: 1, column: 1 } } : { empty: 'The console is empty: type a statement first.' };
  }
  // EXPLAIN takes one statement: the one at the cursor, as DBeaver and DataGrip do.
  const cursor = selection ? model.getOffsetAt(selection.getPosition()) : text.length;
  const statement = statementAt(text, cursor);
  if (!statement) return { empty: 'There is no statement to explain: type one, or put the cursor in it.' };
  return { sql: text.slice(statement.start, statement.end), origin: model.getPositionAt(statement.start) };
}

/** Map a position in the submitted text to the console's. */
export function toConsolePosition(origin: { line: number; column: number }, line: number, column: number): { line: number; column: number } {
  return line <= 1 ? { line: origin.line, column: origin.column + Math.max(column, 1) - 1 } : { line: origin.line + line - 1, column: Math.max(column, 1) };
}

/** Put PostgreSQL's error at its place in the console: a marker with the message, detail and hint. */
function markError(error: SqlConsoleError | undefined, origin: { line: number; column: number }): void {
  const model = existingConsoleModel();
  if (!model) return;
  if (!error) {
    monaco.editor.setModelMarkers(model, CONSOLE_MARKER_OWNER, []);
    return;
  }
  const at = toConsolePosition(origin, error.line, error.column);
  const line = Math.max(1, Math.min(at.line, model.getLineCount()));
  const column = Math.max(1, Math.min(at.column, model.getLineMaxColumn(line)));
  const word = model.getWordAtPosition({ lineNumber: line, column });
  const endColumn = word && word.startColumn <= column ? word.endColumn : Math.min(column + 1, model.getLineMaxColumn(line));
  const message = [error.message, error.detail && `Detail: ${error.detail}`, error.hint && `Hint: ${error.hint}`].filter(Boolean).join('\n');
  monaco.editor.setModelMarkers(model, CONSOLE_MARKER_OWNER, [{
    severity: monaco.MarkerSeverity.Error, message, source: 'PostgreSQL', code: error.code,
    startLineNumber: line, startColumn: word && word.startColumn <= column ? word.startColumn : column, endLineNumber: line, endColumn: Math.max(endColumn, column + 1),
  }]);
}

/** Run the console's SQL (the selection, or everything), or EXPLAIN the statement at the cursor. */
export async function runSql(mode: RunMode = 'run', range?: monaco.Selection): Promise<void> {
  const root = workbench.get().project?.root;
  if (!root) return;
  const state = sqlConsoleStore.get();
  if (state.busy) return;
  if (state.root !== root || !existingConsoleModel()) openSqlConsole();
  else if (workbench.get().activeTabId !== SQL_CONSOLE_TAB_ID) openSqlConsole();
  const submitted = submission(mode, range);
  if ('empty' in submitted) {
    sqlConsoleStore.set((s) => ({ failure: submitted.empty, run: null, seq: s.seq + 1 }));
    return;
  }
  const origin = { line: submitted.origin.lineNumber, column: submitted.origin.column };
  sqlConsoleStore.set({ busy: mode, failure: null });
  const started = performance.now();
  try {
    const result = await invoke('sql.run', { sql: submitted.sql, explain: mode === 'run' ? 'off' : mode });
    if (sqlConsoleStore.get().root !== root) return;
    const ms = performance.now() - started;
    markError(result.error, origin);
    const last = result.results.length - 1;
    sqlConsoleStore.set((s) => ({ busy: null, run: { mode, result, origin, at: Date.now(), ms }, activeResult: Math.max(0, last), resetAt: null, seq: s.seq + 1 }));
    const summary = result.error
      ? `failed at line ${toConsolePosition(origin, result.error.line, result.error.column).line}: ${result.error.message}`
      : `${result.results.length} statement${result.results.length === 1 ? '' : 's'} in ${Math.round(ms)} ms`;
    log(`SQL console ${MODE_LABELS[mode]}: ${summary}`, result.error ? 'warn' : 'info');
  } catch (error) {
    if (sqlConsoleStore.get().root !== root) return;
    const message = error instanceof Error ? error.message : String(error);
    sqlConsoleStore.set((s) => ({ busy: null, failure: message, seq: s.seq + 1 }));
    log(`SQL console ${MODE_LABELS[mode]} failed: ${message}`, 'error');
  }
}

/** Throw the console's changes away: a fresh copy of the replayed database. */
export async function resetScratchDatabase(): Promise<void> {
  const root = workbench.get().project?.root;
  if (!root || sqlConsoleStore.get().busy) return;
  sqlConsoleStore.set({ busy: 'reset', failure: null });
  try {
    await invoke('sql.reset', {});
    if (sqlConsoleStore.get().root !== root && sqlConsoleStore.get().root !== null) return;
    const model = existingConsoleModel();
    if (model) monaco.editor.setModelMarkers(model, CONSOLE_MARKER_OWNER, []);
    sqlConsoleStore.set((s) => ({ busy: null, run: null, resetAt: Date.now(), seq: s.seq + 1 }));
    log('SQL console: scratch database reset to the replayed migrations');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    sqlConsoleStore.set((s) => ({ busy: null, failure: `Could not reset the scratch database: ${message}`, seq: s.seq + 1 }));
    log(`SQL console reset failed: ${message}`, 'error');
  }
}

/** Append SQL from a file to the console and run just that part (the "Run in SQL Console" of .sql editors). */
export async function runInConsole(sql: string): Promise<void> {
  const root = workbench.get().project?.root;
  if (!root || !sql.trim()) return;
  openSqlConsole();
  const model = consoleModel(root);
  const current = model.getValue();
  const prefix = current.trim() ? (current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n') : '';
  const start = current.trim() ? model.getPositionAt(current.length + prefix.length) : { lineNumber: 1, column: 1 };
  const range = current.trim() ? model.getFullModelRange().collapseToEnd() : model.getFullModelRange();
  model.pushEditOperations([], [{ range, text: prefix + sql }], () => null);
  const end = model.getPositionAt(model.getValueLength());
  const appended = new monaco.Selection(start.lineNumber, start.column, end.lineNumber, end.column);
  // The tab renders on the next frame: select the new text there too, so the user sees what ran.
  requestAnimationFrame(() => {
    consoleEditor()?.setSelection(appended);
    consoleEditor()?.revealLineInCenterIfOutsideViewport(start.lineNumber);
  });
  await runSql('run', appended);
}
