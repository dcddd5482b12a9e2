/**
 * Parse SQL files with the real PostgreSQL parser (libpg-query). Each file is cut into
 * statements first (see split.ts) so that one syntax error costs one statement, not the file,
 * and every statement keeps its file, line and column. Never throws on any input.
 */
import type * as PgQuery from 'libpg-query';
import type { Diagnostic } from '../../shared/model/model.js';
import { lazyModule } from '../core/lazy.js';
import { splitSql, type CopyDataBlock, type MetaCommand } from './split.js';

/** A node of libpg-query's JSON AST (`{ CreateStmt: {...} }` unwrapped to the inner object). */
export type AstNode = Record<string, any>;

/** One parsed statement with its place in the file. Lines and columns are 1-based; columns count UTF-16 code units (as Monaco does). */
export interface ParsedStatement {
  file: string;
  /** Position of the statement within its file, from 0. */
  index: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** JavaScript string offsets into the file text. */
  start: number;
  end: number;
  text: string;
  /** The AST node type: `CreateStmt`, `AlterTableStmt`, `IndexStmt`, ... */
  nodeType: string;
  /** The statement's AST (the object under `nodeType`). */
  ast: AstNode;
  /** AST `location` values are UTF-8 byte offsets; this is the one that corresponds to the start of `text`. */
  astOffset: number;
}

/** A parsed SQL file: its statements and what could not be parsed. */
export interface ParsedSqlFile {
  file: string;
  statements: ParsedStatement[];
  /** Syntax errors (one per failed statement), skipped meta-commands and COPY data. */
  diagnostics: Diagnostic[];
  metaCommands: MetaCommand[];
  copyData: CopyDataBlock[];
}

/** The parser is loaded with the first SQL file: a project without SQL never pays for its WebAssembly. */
const pgQuery = lazyModule<typeof PgQuery>('libpg-query');

let ready: Promise<void> | undefined;

/** Load the parser's WASM module once; call before `parseSqlFile`. */
export function loadSqlParser(): Promise<void> {
  ready ??= pgQuery().loadModule();
  return ready;
}

/** Maps string offsets to 1-based line and column. */
export interface LineIndex {
  position(offset: number): { line: number; column: number };
}

/** Build a line index over a text. */
export function createLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return {
    position(offset: number) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo + 1, column: offset - starts[lo] + 1 };
    },
  };
}

/** Convert a UTF-8 byte offset inside `text` to a JavaScript string index. */
export function byteOffsetToIndex(text: string, byteOffset: number): number {
  if (!/[^\x00-\x7f]/.test(text)) return Math.min(byteOffset, text.length);
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byteOffset) {
    const code = text.codePointAt(i)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  return i;
}

/** Convert a code point offset (how PostgreSQL counts error cursors) to a JavaScript string index. */
export function codePointOffsetToIndex(text: string, codePoints: number): number {
  let i = 0;
  for (let k = 0; k < codePoints && i < text.length; k++) i += text.codePointAt(i)! >= 0x10000 ? 2 : 1;
  return i;
}

/** Parse one SQL file into statements; failures become diagnostics. Requires `loadSqlParser()`. */
export function parseSqlFile(file: string, text: string): ParsedSqlFile {
  const diagnostics: Diagnostic[] = [];
  const statements: ParsedStatement[] = [];
  const lines = createLineIndex(text);
  let split;
  try {
    split = splitSql(text);
  } catch (error) {
    diagnostics.push({ file, line: 1, severity: 'error', code: 'sql.split', message: `Could not split the file: ${errorMessage(error)}` });
    return { file, statements, diagnostics, metaCommands: [], copyData: [] };
  }

  for (const meta of split.metaCommands) {
    const at = lines.position(meta.start);
    const command = meta.text.split(/\s/, 1)[0];
    diagnostics.push({
      file, line: at.line, column: at.column, severity: 'info', code: 'sql.psql-meta',
      message: `psql meta-command ${command} skipped (only psql understands it)`,
    });
  }
  for (const block of split.copyData) {
    const at = lines.position(block.start);
    const rows = text.slice(block.start, block.end).split('\n').length - (block.terminated ? 1 : 0);
    diagnostics.push({
      file, line: at.line, column: 1, severity: block.terminated ? 'info' : 'warning', code: 'sql.copy-data',
      message: block.terminated
        ? `COPY data (${rows} rows) skipped: data is not replayed`
        : 'COPY ... FROM stdin data runs to the end of the file without a \\. line',
    });
  }

  for (const chunk of split.chunks) {
    let result;
    try {
      result = pgQuery().parseSync(chunk.text);
    } catch (error) {
      const cursor = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
      const offset = chunk.start + (typeof cursor === 'number' && cursor >= 0 ? codePointOffsetToIndex(chunk.text, cursor) : 0);
      const at = lines.position(Math.min(offset, text.length));
      diagnostics.push({ file, line: at.line, column: at.column, severity: 'error', code: 'sql.parse', message: errorMessage(error) });
      continue;
    }
    for (const raw of result.stmts ?? []) {
      const node = raw.stmt as AstNode | undefined;
      if (!node) continue;
      const nodeType = Object.keys(node)[0] ?? 'Unknown';
      const from = byteOffsetToIndex(chunk.text, raw.stmt_location ?? 0);
      const to = raw.stmt_len ? byteOffsetToIndex(chunk.text, (raw.stmt_location ?? 0) + raw.stmt_len) : chunk.text.length;
      const startInChunk = skipLeadingTrivia(chunk.text, from);
      const start = chunk.start + startInChunk;
      const end = chunk.start + to;
      const begin = lines.position(start);
      const finish = lines.position(end);
      statements.push({
        file, index: statements.length, line: begin.line, column: begin.column, endLine: finish.line, endColumn: finish.column,
        start, end, text: chunk.text.slice(start - chunk.start, end - chunk.start), nodeType, ast: node[nodeType] ?? {},
        astOffset: Buffer.byteLength(chunk.text.slice(0, startInChunk), 'utf8'),
      });
    }
  }
  return { file, statements, diagnostics, metaCommands: split.metaCommands, copyData: split.copyData };
}

/** Line and column in the file of an AST `location` inside a statement. */
export function locateInStatement(statement: Pick<ParsedStatement, 'text' | 'line' | 'column' | 'astOffset'>, location: number | undefined): { line: number; column: number } {
  if (location === undefined || location < statement.astOffset) return { line: statement.line, column: statement.column };
  const index = byteOffsetToIndex(statement.text, location - statement.astOffset);
  const before = statement.text.slice(0, index);
  const newlines = before.split('\n').length - 1;
  if (newlines === 0) return { line: statement.line, column: statement.column + index };
  return { line: statement.line + newlines, column: index - before.lastIndexOf('\n') };
}

/** Parse one SQL file, loading the parser first if needed. */
export async function parseSql(file: string, text: string): Promise<ParsedSqlFile> {
  await loadSqlParser();
  return parseSqlFile(file, text);
}

function skipLeadingTrivia(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('--', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else {
      return i;
    }
  }
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
