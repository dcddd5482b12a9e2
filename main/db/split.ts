/**
 * A psql-like lexical splitter: cuts a SQL file into statements the way psql would send them,
 * without understanding the grammar. It knows quotes, dollar quotes, nested comments,
 * parentheses (CREATE RULE ... DO (a; b)), SQL-standard function bodies (BEGIN ATOMIC ... END),
 * psql meta-commands (lines starting with a backslash) and COPY ... FROM stdin data blocks.
 * It never throws: an unterminated quote or comment just runs to the end of the file.
 */

/** One statement as psql would send it. Offsets are JavaScript string indices into the file text. */
export interface SqlChunk {
  /** First character of the statement (leading whitespace and comments skipped). */
  start: number;
  /** End (exclusive), before the terminating semicolon. */
  end: number;
  /** The statement text; psql meta-commands inside it are blanked out with spaces (offsets kept). */
  text: string;
}

/** A psql meta-command (`\connect db`, `\set x 1`, `\.`). */
export interface MetaCommand {
  start: number;
  end: number;
  text: string;
}

/** Rows of a `COPY ... FROM stdin` block, up to and including the `\.` line. */
export interface CopyDataBlock {
  start: number;
  end: number;
  /** Whether the block reached a `\.` terminator before the end of the file. */
  terminated: boolean;
}

/** A file cut into statements, meta-commands and COPY data. */
export interface SplitResult {
  chunks: SqlChunk[];
  metaCommands: MetaCommand[];
  copyData: CopyDataBlock[];
}

const COPY_FROM_STDIN = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i;

// Character codes rather than a regular expression per character: the splitter looks at every character of every file.
/** `[A-Za-z_\u0080-\uffff]` */
function isIdentStart(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
}

/** `[A-Za-z0-9_$\u0080-\uffff]` */
function isIdentChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code >= 0x80;
}

/** Split SQL text into statements, meta-commands and COPY data blocks. */
export function splitSql(text: string): SplitResult {
  const chunks: SqlChunk[] = [];
  const metaCommands: MetaCommand[] = [];
  const copyData: CopyDataBlock[] = [];
  const n = text.length;

  let stmtStart = -1; // first significant char of the current statement
  let blanks: Array<[number, number]> = []; // meta-commands inside the current statement
  let parenDepth = 0;
  let beginDepth = 0;
  let identifiers: string[] = []; // first letters of the leading words, for BEGIN ATOMIC tracking
  let identifierCount = 0;

  const finish = (end: number): void => {
    if (stmtStart >= 0) {
      let chunkText = text.slice(stmtStart, end);
      for (const [s, e] of blanks) {
        chunkText = chunkText.slice(0, s - stmtStart) + ' '.repeat(e - s) + chunkText.slice(e - stmtStart);
      }
      if (chunkText.trim() !== '') chunks.push({ start: stmtStart, end, text: chunkText });
    }
    stmtStart = -1;
    blanks = [];
    parenDepth = 0;
    beginDepth = 0;
    identifiers = [];
    identifierCount = 0;
  };
  const mark = (i: number): void => {
    if (stmtStart < 0) stmtStart = i;
  };

  let i = 0;
  while (i < n) {
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
      i++;
      continue;
    }

    if (ch === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; }
        else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; }
        else i++;
      }
      continue;
    }
    if (ch === '\\') {
      // psql meta-command: runs to the end of the line. `\g...` and `\;`-free forms send the query buffer.
      let end = i + 1;
      while (end < n && text[end] !== '\n') end++;
      const command = text.slice(i, end);
      metaCommands.push({ start: i, end, text: command });
      const sends = /^\\(g|gx|gset|gexec|gdesc|crosstabview|watch)\b/.test(command);
      if (stmtStart >= 0) {
        if (sends) finish(i);
        else blanks.push([i, end]);
      }
      i = end;
      continue;
    }
    if (ch === ';') {
      if (parenDepth === 0 && beginDepth === 0) {
        const statementText = stmtStart >= 0 ? text.slice(stmtStart, i) : '';
        finish(i);
        i++;
        // COPY ... FROM stdin: the rows follow the statement until a line holding only `\.`.
        if (COPY_FROM_STDIN.test(statementText)) i = skipCopyData(text, i, copyData);
        continue;
      }
      i++;
      continue;
    }

    mark(i);
    if (ch === '(') { parenDepth++; i++; continue; }
    if (ch === ')') { if (parenDepth > 0) parenDepth--; i++; continue; }
    if (ch === "'") { i = skipQuoted(text, i, escapeStringPrefix(text, i)); continue; }
    if (ch === '"') { i = skipQuoted(text, i, false, '"'); continue; }
    if (ch === '$') {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 80));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
        continue;
      }
      i++;
      continue;
    }
    if (isIdentStart(ch)) {
      let end = i + 1;
      while (end < n && isIdentChar(text[end])) end++;
      const word = text.slice(i, end).toLowerCase();
      trackWord(word);
      i = end;
      continue;
    }
    i++;
  }
  finish(n);
  return { chunks, metaCommands, copyData };

  // psql's heuristic for CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END.
  function trackWord(word: string): void {
    if (identifierCount < 4 && ['create', 'function', 'procedure', 'or', 'replace'].includes(word)) {
      identifiers[identifierCount] = word[0];
    }
    identifierCount++;
    const isRoutine = identifiers[0] === 'c' && (identifiers[1] === 'f' || identifiers[1] === 'p'
      || (identifiers[1] === 'o' && identifiers[2] === 'r' && (identifiers[3] === 'f' || identifiers[3] === 'p')));
    if (!isRoutine || parenDepth !== 0) return;
    if (word === 'begin') beginDepth++;
    else if (word === 'case') { if (beginDepth > 0) beginDepth++; }
    else if (word === 'end') { if (beginDepth > 0) beginDepth--; }
  }
}

/** True when the quote at `i` opens an E'...' string (backslash escapes active). */
function escapeStringPrefix(text: string, i: number): boolean {
  const prev = text[i - 1];
  if (prev !== 'e' && prev !== 'E') return false;
  const before = text[i - 2];
  return before === undefined || !isIdentChar(before);
}

function skipQuoted(text: string, i: number, backslashEscapes: boolean, quote = "'"): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text[j];
    if (backslashEscapes && c === '\\') { j += 2; continue; }
    if (c === quote) {
      if (text[j + 1] === quote) { j += 2; continue; }
      return j + 1;
    }
    j++;
  }
  return n;
}

function skipCopyData(text: string, from: number, out: CopyDataBlock[]): number {
  // Data starts on the line after the statement.
  let start = text.indexOf('\n', from);
  if (start < 0) return text.length;
  start++;
  let pos = start;
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    if (line === '\\.') {
      out.push({ start, end: lineEnd, terminated: true });
      return lineEnd;
    }
    pos = lineEnd + 1;
  }
  out.push({ start, end: text.length, terminated: false });
  return text.length;
}
