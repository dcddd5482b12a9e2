/**
 * The SQL console: run the user's SQL and EXPLAIN against a scratch copy of the replayed
 * database. The copy is its own PGlite, loaded from the replay's end-state dump, so nothing
 * typed here changes the replayed schema. It is one session: SET, BEGIN and temp tables carry
 * over between runs until `reset()`.
 *
 * Cancellation: PGlite ignores statement_timeout (WASM has no timer signal), so each statement
 * gets a time budget; past it the console's worker is terminated and the copy reloaded. The
 * session's changes are lost then, and the error says so.
 */
import { codePointOffsetToIndex, createLineIndex, loadSqlParser, parseSqlFile, type ParsedStatement } from './parse.js';
import { PgError, PgHost, PgTimeoutError } from './pg-host.js';

/** Options of a SQL console. */
export interface SqlConsoleOptions {
  /** Time budget per statement. Default 10 s. */
  timeoutMs?: number;
  /** Rows kept per result. Default 1000. */
  maxRows?: number;
}

// The console's result types are the RPC contract's (shared/contract/sql.ts): one definition for main and renderer.
import type { SqlConsoleError, SqlRunResult, SqlStatementResult } from '../../shared/contract/sql.js';

export type { SqlConsoleError, SqlRunResult, SqlStatementResult };

/** Options of SqlConsole.explain. */
export interface ExplainOptions {
  analyze?: boolean;
  format?: 'text' | 'json';
  timeoutMs?: number;
}

/** A scratch database session over a copy of the replayed schema. */
export class SqlConsole {
  private host: PgHost;
  private readonly closeListeners: Array<() => void> = [];
  private closed = false;

  private constructor(host: PgHost, private readonly dataDir: Uint8Array, private readonly options: SqlConsoleOptions) {
    this.host = host;
  }

  /** Open a console on a data directory tarball (the replay's end state). */
  static async open(dataDir: Uint8Array, options: SqlConsoleOptions = {}): Promise<SqlConsole> {
    await loadSqlParser();
    const host = await PgHost.start({ dataDir, timeoutMs: options.timeoutMs ?? 10_000 });
    return new SqlConsole(host, dataDir, options);
  }

  /** Run one or more statements; stops at the first error. */
  async run(sql: string, options: { timeoutMs?: number; maxRows?: number } = {}): Promise<SqlRunResult> {
    if (this.closed) throw new Error('SQL console is closed');
    const parsed = parseSqlFile('<console>', sql);
    const diagnostics = parsed.diagnostics.filter((d) => d.severity !== 'error');
    const syntax = parsed.diagnostics.find((d) => d.severity === 'error');
    if (syntax) {
      return { results: [], notRun: parsed.statements.length, diagnostics, error: { message: syntax.message, line: syntax.line, column: syntax.column ?? 1, statement: -1 } };
    }
    const lines = createLineIndex(sql);
    const results: SqlStatementResult[] = [];
    const maxRows = options.maxRows ?? this.options.maxRows ?? 1000;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 10_000;
    for (const [i, statement] of parsed.statements.entries()) {
      const started = performance.now();
      try {
        if (!this.host.alive) this.host = await PgHost.start({ dataDir: this.dataDir, timeoutMs });
        const [result] = await this.host.exec(statement.text, timeoutMs);
        const rows = result?.rows ?? [];
        const item: SqlStatementResult = {
          statement: i, text: statement.text, line: statement.line, column: statement.column, command: result?.command,
          fields: result?.fields ?? [], rows: rows.slice(0, maxRows), rowCount: rows.length, truncated: rows.length > maxRows,
          affectedRows: result?.affectedRows, durationMs: performance.now() - started,
        };
        if (statement.nodeType === 'ExplainStmt') item.plan = planText(rows);
        results.push(item);
      } catch (error) {
        return { results, notRun: parsed.statements.length - i - 1, diagnostics, error: await this.describeError(error, statement, i, lines) };
      }
    }
    return { results, notRun: 0, diagnostics };
  }

  /** EXPLAIN one statement (with ANALYZE when asked: it runs, in the scratch copy only). */
  async explain(sql: string, options: ExplainOptions = {}): Promise<SqlRunResult> {
    const flags = [options.analyze ? 'ANALYZE' : undefined, `FORMAT ${options.format === 'json' ? 'JSON' : 'TEXT'}`].filter(Boolean).join(', ');
    const prefix = `EXPLAIN (${flags}) `;
    const result = await this.run(prefix + sql.replace(/;\s*$/, ''), { timeoutMs: options.timeoutMs });
    // Report positions in the user's text, not in ours.
    if (result.error && result.error.line === 1) result.error.column = Math.max(1, result.error.column - prefix.length);
    for (const item of result.results) item.text = item.text.slice(prefix.length);
    return result;
  }

  /** Throw away this session's changes: reload the replayed database. */
  async reset(): Promise<void> {
    await this.host.close();
    this.host = await PgHost.start({ dataDir: this.dataDir, timeoutMs: this.options.timeoutMs ?? 10_000 });
  }

  /** Call `listener` when the console closes. */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Close the console and its database copy. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.host.close();
    for (const listener of this.closeListeners) listener();
  }

  private async describeError(error: unknown, statement: ParsedStatement, index: number, lines: ReturnType<typeof createLineIndex>): Promise<SqlConsoleError> {
    if (error instanceof PgTimeoutError) {
      return {
        message: `${error.message}; the scratch database was reloaded, so this session's earlier changes are gone`,
        code: '57014', line: statement.line, column: statement.column, statement: index,
      };
    }
    const pg = error instanceof PgError ? error : undefined;
    const offset = pg?.position ? statement.start + codePointOffsetToIndex(statement.text, pg.position - 1) : statement.start;
    const at = lines.position(offset);
    const described: SqlConsoleError = { message: pg?.message ?? String((error as Error)?.message ?? error), line: at.line, column: at.column, statement: index };
    if (pg?.code) described.code = pg.code;
    if (pg?.detail) described.detail = pg.detail;
    if (pg?.hint) described.hint = pg.hint;
    return described;
  }
}

function planText(rows: Array<Record<string, unknown>>): string {
  return rows.map((row) => {
    const value = Object.values(row)[0];
    return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  }).join('\n');
}
