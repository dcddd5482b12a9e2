import type { SqlConsoleError, SqlStatementResult } from '../../../shared/contract/index.js';
import { Icon } from '../../workbench/Icon.js';
import { monaco } from '../editor/monaco.js';
import { consoleEditor } from './console-document.js';
import { ResultGrid } from './ResultGrid.js';
import { toConsolePosition } from './sql-console-actions.js';
import { sqlConsoleStore, useSqlConsole, type ConsoleRun } from './sql-console-store.js';

const formatMs = (ms: number) => (ms < 1 ? '<1 ms' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Put the console's cursor at a position (a statement, an error). */
function goTo(line: number, column: number): void {
  const editor = consoleEditor();
  if (!editor) return;
  editor.setSelection(new monaco.Selection(line, column, line, column));
  editor.revealLineInCenterIfOutsideViewport(line);
  editor.focus();
}

/** The results pane under the console's editor: the error first, then one tab per statement. */
export function SqlResults() {
  const run = useSqlConsole((s) => s.run);
  const busy = useSqlConsole((s) => s.busy);
  const failure = useSqlConsole((s) => s.failure);
  const resetAt = useSqlConsole((s) => s.resetAt);
  const active = useSqlConsole((s) => s.activeResult);
  const seq = useSqlConsole((s) => s.seq);

  return (
    <section className="sql-results" aria-label="SQL results" data-testid="sql-results" data-busy={busy ?? undefined} data-run={seq}>
      {busy && <div className="sql-results-progress" data-testid="sql-busy"><Icon name="loading" className="spin" /> {busy === 'reset' ? 'Resetting the scratch database…' : busy === 'run' ? 'Running…' : 'Explaining…'}</div>}
      {failure && <p className="sql-results-failure" role="alert" data-testid="sql-failure"><Icon name="error" /> {failure}</p>}
      {resetAt && !run && (
        <p className="sql-results-notice" data-testid="sql-reset-done"><Icon name="check" /> Scratch database reset: it holds exactly what the migrations created again.</p>
      )}
      {!run && !failure && !resetAt && !busy && <p className="sql-results-empty">Run SQL (Ctrl+Enter) to see its rows here; Explain shows the plan of the statement at the cursor.</p>}
      {run && <RunResults run={run} active={Math.min(active, run.result.results.length - 1)} />}
    </section>
  );
}

function RunResults({ run, active }: { run: ConsoleRun; active: number }) {
  const { result, origin } = run;
  const shown = active >= 0 ? result.results[active] : undefined;
  return (
    <>
      {result.error && <ErrorBox error={result.error} origin={origin} notRun={result.notRun} ran={result.results.length} />}
      {result.diagnostics.length > 0 && (
        <ul className="sql-diagnostics">
          {result.diagnostics.map((d, index) => <li key={index}><Icon name="warning" /> line {toConsolePosition(origin, d.line, d.column ?? 1).line}: {d.message}</li>)}
        </ul>
      )}
      {result.results.length > 0 && (
        <div className="sql-result-tabs" role="tablist" aria-label="Statement results">
          {result.results.map((item, index) => (
            <button
              key={index}
              type="button"
              role="tab"
              aria-selected={index === active}
              className={`sql-result-tab${index === active ? ' active' : ''}`}
              data-testid="sql-result-tab"
              title={item.text}
              onClick={() => sqlConsoleStore.set({ activeResult: index })}
            >
              <span className="sql-result-command">{item.plan !== undefined ? 'PLAN' : item.command ?? 'OK'}</span>
              <span className="sql-result-tab-count">{item.plan !== undefined ? '' : item.fields.length ? item.rowCount : item.affectedRows ?? ''}</span>
            </button>
          ))}
          <span className="sql-result-total">{plural(result.results.length, 'statement')} · {formatMs(run.ms)}</span>
        </div>
      )}
      {shown && <StatementResult key={active} result={shown} origin={origin} />}
    </>
  );
}

function StatementResult({ result, origin }: { result: SqlStatementResult; origin: ConsoleRun['origin'] }) {
  const at = toConsolePosition(origin, result.line, result.column);
  const isPlan = result.plan !== undefined;
  const hasRows = result.fields.length > 0 && !isPlan;
  return (
    <div className="sql-result" data-testid="sql-result" data-statement={result.statement} data-command={result.command} data-row-count={result.rowCount}>
      <div className="sql-result-header">
        <button type="button" className="link-button sql-result-where" title="Show the statement in the console" onClick={() => goTo(at.line, at.column)}>line {at.line}</button>
        <code className="sql-result-text">{result.text.replace(/\s+/g, ' ').slice(0, 160)}</code>
        <span className="row-spacer" />
        {hasRows && <span data-testid="sql-row-count">{plural(result.rowCount, 'row')}</span>}
        {!hasRows && !isPlan && result.affectedRows !== undefined && <span data-testid="sql-affected">{plural(result.affectedRows, 'row')} affected</span>}
        <span className="sql-result-duration" data-testid="sql-duration">{formatMs(result.durationMs)}</span>
      </div>
      {result.truncated && (
        <p className="sql-result-truncated" data-testid="sql-truncated"><Icon name="warning" /> Showing the first {result.rows.length} of {result.rowCount} rows.</p>
      )}
      {isPlan ? (
        <pre className="sql-plan" data-testid="result-plan">{result.plan}</pre>
      ) : hasRows ? (
        <ResultGrid result={result} />
      ) : (
        <p className="sql-result-done">{result.command ?? 'Statement'} done{result.affectedRows ? `: ${plural(result.affectedRows, 'row')} affected` : ''}.</p>
      )}
    </div>
  );
}

function ErrorBox({ error, origin, notRun, ran }: { error: SqlConsoleError; origin: ConsoleRun['origin']; notRun: number; ran: number }) {
  const at = toConsolePosition(origin, error.line, error.column);
  return (
    <div className="sql-error" role="alert" data-testid="sql-error" data-line={at.line} data-column={at.column} data-code={error.code}>
      <div className="sql-error-title">
        <Icon name="error" />
        <span className="sql-error-message" data-testid="sql-error-message">{error.message}</span>
        {error.code && <code className="sql-error-code" title="SQLSTATE">{error.code}</code>}
      </div>
      {error.detail && <div className="sql-error-line"><span>Detail</span>{error.detail}</div>}
      {error.hint && <div className="sql-error-line"><span>Hint</span>{error.hint}</div>}
      <div className="sql-error-where">
        <button type="button" className="link-button" onClick={() => goTo(at.line, at.column)}>Line {at.line}, column {at.column}</button>
        {error.statement < 0 ? ' · syntax error: nothing ran' : ` · ${ran ? `${plural(ran, 'statement')} ran before it` : 'nothing ran before it'}${notRun ? `; ${plural(notRun, 'statement')} after it did not run` : ''}`}
      </div>
    </div>
  );
}
