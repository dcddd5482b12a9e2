/**
 * Guards against hostile folders: file size, YAML alias expansion, nesting depth and time per file.
 *
 * Depth is checked twice: a cheap scan of the text before parsing (the `yaml` package runs out of
 * memory on 100,000 nested `[`, which no try/catch can stop) and the height of the parsed value after.
 * Time is cooperative: importers call `deadline.expired()` between units of work, so one parser call
 * cannot be interrupted. Callers that need a hard stop run ingest in a worker and terminate it.
 */

export interface IngestLimits {
  /** Most alias expansions a YAML document may need (billion-laughs guard). */
  maxAliasCount: number;
  /** Deepest nesting of maps and lists a document may have. */
  maxDepth: number;
  /** Time budget per file; importers stop early and report `limit.time` when it runs out. */
  maxMillisPerFile: number;
  /** Largest file (UTF-8 bytes) an importer reads. */
  maxBytes: number;
}

/** Limits unless the caller says otherwise: 10 MiB, 1000 aliases, depth 200, 5 s per file. */
export const DEFAULT_LIMITS: IngestLimits = {
  maxAliasCount: 1000,
  maxDepth: 200,
  maxMillisPerFile: 5000,
  maxBytes: 10 * 1024 * 1024,
};

/** The default limits with the caller's overrides applied. */
export function resolveLimits(overrides?: Partial<IngestLimits>): IngestLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** UTF-8 length of `text`, without encoding it when the answer is obvious. */
export function utf8Length(text: string, atMost: number): number {
  if (text.length > atMost) return text.length;
  if (text.length * 3 <= atMost) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

/** A clock for one file: `expired()` turns true once the budget is spent. */
export interface Deadline {
  expired(): boolean;
  elapsed(): number;
}

/** Start the clock for one file. */
export function startDeadline(maxMillis: number): Deadline {
  const started = performance.now();
  return {
    expired: () => performance.now() - started > maxMillis,
    elapsed: () => performance.now() - started,
  };
}

/**
 * Height of a parsed value (a scalar is 0, `[[1]]` is 2) and whether it contains a cycle
 * (YAML `&a [*a]` resolves to one). Iterative, so hostile depth cannot overflow the stack.
 */
export function measureValue(root: unknown, maxDepth: number): { depth: number; cyclic: boolean } {
  if (root === null || typeof root !== 'object') return { depth: 0, cyclic: false };
  const height = new Map<object, number>();
  const onPath = new Set<object>();
  const stack: Array<{ node: object; children: unknown[]; index: number; best: number }> = [];
  const push = (node: object) => {
    onPath.add(node);
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), index: 0, best: 0 });
  };
  push(root);
  while (stack.length) {
    if (stack.length > maxDepth + 1) return { depth: stack.length, cyclic: false };
    const top = stack[stack.length - 1];
    if (top.index < top.children.length) {
      const child = top.children[top.index++];
      if (child === null || typeof child !== 'object') continue;
      if (onPath.has(child)) return { depth: Infinity, cyclic: true };
      const known = height.get(child);
      if (known !== undefined) top.best = Math.max(top.best, known);
      else push(child);
      continue;
    }
    stack.pop();
    onPath.delete(top.node);
    const h = top.best + 1;
    height.set(top.node, h);
    if (stack.length) {
      const parent = stack[stack.length - 1];
      parent.best = Math.max(parent.best, h);
    } else {
      return { depth: h, cyclic: false };
    }
  }
  return { depth: 0, cyclic: false };
}

/** Deepest bracket nesting of JSON text, strings skipped. Stops counting once past `limit`. */
export function scanJsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > max) { max = depth; if (max > limit) return max; }
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

/**
 * Deepest nesting of C-like text (GraphQL, protobuf): `{`, `[` and `(` outside strings and comments.
 * `lineComment` is `#` for GraphQL and `//` for protobuf.
 */
export function scanBracketDepth(text: string, limit: number, lineComment: '#' | '//'): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const triple = c === '"' && text.startsWith('"""', i);
      const end = triple ? '"""' : c;
      for (i += end.length; i < text.length; i++) {
        if (text[i] === '\\') { i++; continue; }
        if (text.startsWith(end, i)) { i += end.length - 1; break; }
        if (!triple && text[i] === '\n') break;
      }
    } else if (text.startsWith(lineComment, i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (lineComment === '//' && text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
      if (depth > max) { max = depth; if (max > limit) return max; }
    } else if ((c === '}' || c === ']' || c === ')') && depth > 0) depth--;
  }
  return max;
}

/**
 * Approximate nesting depth of YAML text without parsing it: block indentation levels, `- `
 * and `? ` indicators, and flow brackets, with quoted scalars, comments and block scalars skipped.
 * It errs towards counting more, which only matters for files no person writes (depth > 200).
 */
export function scanYamlDepth(text: string, limit: number): number {
  const indents: number[] = [];
  let flow = 0;
  let max = 0;
  let blockScalarParent = -1; // indentation of the line that opened a `|` / `>` scalar
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line.
    let indent = 0;
    while (i < n && text[i] === ' ') { indent++; i++; }
    let lineEnd = nextLineEnd(text, i);
    const blank = i >= lineEnd || text[i] === '#' || text[i] === '\r';
    if (blockScalarParent >= 0) {
      if (blank || indent > blockScalarParent) { i = lineEnd + 1; continue; }
      blockScalarParent = -1;
    }
    if (blank && flow === 0) { i = lineEnd + 1; continue; }
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    let tokenStart = true;
    let level = 0;
    for (; i < lineEnd; i++) {
      const c = text[i];
      if (c === ' ' || c === '\t') { if (flow === 0) tokenStart = tokenStart || text[i - 1] === ':'; continue; }
      if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) { i = lineEnd; break; }
      if (tokenStart && (c === '"' || c === "'")) {
        i = skipQuoted(text, i, c);
        if (i >= lineEnd) lineEnd = nextLineEnd(text, i);
        tokenStart = false;
        continue;
      }
      if (flow > 0) {
        if (c === '[' || c === '{') { flow++; tokenStart = true; }
        else if (c === ']' || c === '}') { flow--; tokenStart = false; }
        else if (c === ',') tokenStart = true;
        else tokenStart = false;
      } else if (tokenStart && (c === '[' || c === '{')) {
        flow = 1;
        tokenStart = true;
      } else if (tokenStart && (c === '-' || c === '?') && (text[i + 1] === ' ' || i + 1 >= lineEnd)) {
        level++;
      } else if (tokenStart && (c === '|' || c === '>')) {
        blockScalarParent = indent;
        i = lineEnd;
        break;
      } else {
        tokenStart = false;
      }
      const depth = indents.length + level + flow;
      if (depth > max) { max = depth; if (max > limit) return max; }
    }
    const depth = indents.length + level + flow;
    if (depth > max) { max = depth; if (max > limit) return max; }
    i = lineEnd + 1;
  }
  return max;
}

function nextLineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Index of the closing quote of a YAML quoted scalar starting at `start` (may span lines). */
function skipQuoted(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') { i++; continue; }
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") { i++; continue; }
      return i;
    }
  }
  return text.length;
}
