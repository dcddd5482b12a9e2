/** A statement's place in the console text: [start, end) without the closing semicolon, trimmed of blanks. */
export interface StatementRange {
  start: number;
  end: number;
}

/**
 * Split SQL at top-level semicolons, skipping those inside quotes, comments and dollar-quoted bodies
 * (enough to find "the statement at the cursor"; the server parses what is sent for real).
 */
export function splitStatements(text: string): StatementRange[] {
  const ranges: StatementRange[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const range = trim(text, start, end);
    if (range.end > range.start && hasCode(text.slice(range.start, range.end))) ranges.push(range);
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline + 1;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; } else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; } else i++;
      }
    } else if (c === "'" || c === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === c && text[i + 1] === c) i += 2;
        else if (text[i] === c) { i++; break; } else i++;
      }
    } else if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
      const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? text.length : close + tag[0].length;
      } else i++;
    } else if (c === ';') {
      push(i);
      start = i + 1;
      i++;
    } else i++;
  }
  push(text.length);
  return ranges;
}

/** The statement the cursor is in, or the one just before it when the cursor sits after a semicolon. */
export function statementAt(text: string, offset: number): StatementRange | undefined {
  const ranges = splitStatements(text);
  let best: StatementRange | undefined;
  for (const range of ranges) {
    if (range.start <= offset) best = range;
    // The statement ends at its semicolon: a cursor right after it still means that statement.
    if (offset >= range.start && offset <= range.end + 1) return range;
  }
  return best ?? ranges[0];
}

function trim(text: string, start: number, end: number): StatementRange {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** Is there anything but comments? */
function hasCode(text: string): boolean {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim().length > 0;
}
