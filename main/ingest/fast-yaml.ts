/**
 * A fast reader for the plain block YAML that generated API specs are written in (Twilio's 1.5 MB
 * spec: maps, lists, plain / quoted / block scalars, one-line flow collections). It reads the
 * YAML 1.2 core schema exactly as the `yaml` package does and records the offset of every key and
 * list item, so locating a path costs a few lookups. Anything outside that subset (anchors, aliases,
 * tags, merge keys, complex keys, several documents, tabs, duplicate keys, anything the `yaml`
 * package would call an error) makes it give up and return undefined: the caller then parses
 * with `yaml`, which reports problems properly. It is about ten times faster on large specs.
 */

import { FlowReader, foldLines, GiveUp, resolvePlain, unescapeDouble, type OffsetIndex } from './fast-yaml-scalars.js';

export type { OffsetIndex } from './fast-yaml-scalars.js';
export { resolvePlain } from './fast-yaml-scalars.js';

/**
 * Where the entries of one block collection start, with the entries of their values in turn:
 * `[key, offset, entries, key, offset, entries, ...]` for a map, `[offset, entries, ...]` for a list;
 * undefined entries for scalars and one-line flows (those record their offsets in `flowOffsets`).
 * One flat array per collection: much cheaper to build than a map per collection in a weak map.
 */
export type BlockEntries = Array<string | number | BlockEntries | undefined>;

export interface FastYamlResult {
  value: unknown;
  /** Entries of the root collection (undefined when the document is a scalar or a flow). */
  entries: BlockEntries | undefined;
  /** Offsets of the keys and items of one-line flow collections. */
  flowOffsets: OffsetIndex;
  /** Offset of the first character of the document's content. */
  rootOffset: number;
  /** Offset at which each line starts (what `lineStarts` in positions.ts computes). */
  lineStarts: ArrayLike<number>;
}

/** Offset of the entry at `path` (the key of a map entry, the start of a list item), or of its nearest existing ancestor. */
export function locateOffset(parsed: FastYamlResult, path: ReadonlyArray<string | number>): number {
  let node: unknown = parsed.value;
  let entries = parsed.entries;
  let offset = parsed.rootOffset;
  for (const segment of path) {
    if (!node || typeof node !== 'object') break;
    let found: number | undefined;
    let inner: BlockEntries | undefined;
    if (!entries) {
      found = parsed.flowOffsets.get(node)?.get(Array.isArray(node) ? segment : String(segment));
    } else if (Array.isArray(node)) {
      if (typeof segment === 'number' && Number.isInteger(segment) && segment >= 0 && 2 * segment < entries.length) {
        found = entries[2 * segment] as number;
        inner = entries[2 * segment + 1] as BlockEntries | undefined;
      }
    } else {
      const key = String(segment);
      for (let index = 0; index < entries.length; index += 3) {
        if (entries[index] === key) {
          found = entries[index + 1] as number;
          inner = entries[index + 2] as BlockEntries | undefined;
          break;
        }
      }
    }
    if (found === undefined) break;
    offset = found;
    entries = inner;
    node = (node as Record<string, unknown>)[segment as string];
  }
  return offset;
}

/**
 * Parse `text` if it is plain block YAML nested at most `maxDepth` levels (each block or flow collection is
 * one); undefined when it needs the full parser, which measures the depth and reports a file that is too deep.
 */
export function parseSimpleYaml(text: string, maxDepth = Infinity): FastYamlResult | undefined {
  try {
    return new Reader(text, maxDepth).read();
  } catch (error) {
    if (error instanceof GiveUp || error instanceof RangeError) return undefined;
    throw error;
  }
}

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const QUESTION = 0x3f;
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CARRIAGE_RETURN = 0x0d;

/** `INDICATOR_START` as a test of one character code (`&*!%@\`|>`). */
function isIndicator(code: number): boolean {
  return code === 0x26 || code === 0x2a || code === 0x21 || code === 0x25 || code === 0x40 || code === 0x60 || code === 0x7c || code === 0x3e;
}

/** The plain scalars of the core schema that start with a letter and are not strings. */
const CORE_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/**
 * `resolvePlain` without its regular expressions for the common case: a plain scalar that starts with
 * anything but a digit, sign, dot or `~` is a string unless it is one of the core schema's words.
 */
function resolveScalar(text: string): unknown {
  if (text && !'0123456789+-.~'.includes(text[0]) && !((text.length === 4 || text.length === 5) && CORE_WORDS.has(text))) return text;
  return resolvePlain(text);
}

class Reader {
  /** Per line: offset of its first character, of the end of its content (before `\r\n`), its indentation. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly indents: Int32Array;
  /** Line holds nothing but spaces or a comment (1). */
  private readonly empty: Uint8Array;
  private readonly flowOffsets: OffsetIndex = new WeakMap();
  private line = 0;
  /** Entries of the collection the last node call read (undefined for scalars): read right after the call. */
  private produced: BlockEntries | undefined;
  /** The implicit key `keyAt` found: its name and where its value may start. */
  private keyName = '';
  private keyValueStart = 0;
  /** Collections open around the one being read. */
  private depth = 0;

  constructor(private readonly text: string, private readonly maxDepth: number) {
    if (text.charCodeAt(0) === 0xfeff) throw new GiveUp();
    let count = 1;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', newline + 1)) count++;
    this.starts = new Int32Array(count);
    this.ends = new Int32Array(count);
    this.indents = new Int32Array(count);
    this.empty = new Uint8Array(count);
    let start = 0;
    for (let line = 0; start <= text.length; line++) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const contentEnd = end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end;
      let indent = 0;
      while (start + indent < contentEnd && text.charCodeAt(start + indent) === SPACE) indent++;
      const first = text.charCodeAt(start + indent);
      if (first === TAB) throw new GiveUp();
      this.starts[line] = start;
      this.ends[line] = contentEnd;
      this.indents[line] = indent;
      this.empty[line] = start + indent >= contentEnd || first === HASH ? 1 : 0;
      // Document markers other than a leading `---` mean several documents: not this reader's business.
      if (indent === 0 && (first === DASH || first === DOT) && line > 0 && /^(---|\.\.\.)(\s|$)/.test(text.slice(start, Math.min(contentEnd, start + 4)))) {
        for (let before = 0; before < line; before++) if (!this.empty[before]) throw new GiveUp();
      }
      start = end + 1;
    }
  }

  read(): FastYamlResult {
    this.skipEmpty();
    if (this.line < this.starts.length && this.lineText(this.line).trimEnd() === '---') { this.line++; this.skipEmpty(); }
    if (this.line >= this.starts.length) throw new GiveUp(); // empty document: let `yaml` say what it is
    const indent = this.indents[this.line];
    if (indent !== 0) throw new GiveUp();
    const rootOffset = this.starts[this.line];
    const value = this.node(this.line, 0, -1);
    const entries = this.produced;
    this.skipEmpty();
    if (this.line < this.starts.length) throw new GiveUp(); // `---`, `...` or stray content
    return { value, entries, flowOffsets: this.flowOffsets, rootOffset, lineStarts: this.starts };
  }

  private lineText(line: number): string {
    return this.text.slice(this.starts[line], this.ends[line]);
  }

  private skipEmpty(): void {
    while (this.line < this.starts.length && this.empty[this.line]) this.line++;
  }

  /** The node starting at `column` of `line`; `parent` is the indentation of the collection holding it. */
  private node(line: number, column: number, parent: number): unknown {
    const at = this.starts[line] + column;
    const end = this.ends[line];
    if (this.text.charCodeAt(at) === DASH && (at + 1 === end || this.text.charCodeAt(at + 1) === SPACE)) return this.sequence(line, column);
    if (this.explicitKey(line, column) || this.keyAt(at, end)) return this.mapping(line, column);
    return this.scalar(line, column, parent);
  }

  /** One more level of nesting; deeper than allowed is not this reader's business. */
  private enter(): void {
    if (++this.depth > this.maxDepth) throw new GiveUp();
  }

  private sequence(line: number, column: number): unknown[] {
    this.enter();
    const items: unknown[] = [];
    const entries: BlockEntries = [];
    const text = this.text;
    this.line = line;
    for (;;) {
      const start = this.starts[this.line] + column;
      if (text.charCodeAt(start) !== DASH || !(start + 1 === this.ends[this.line] || text.charCodeAt(start + 1) === SPACE)) throw new GiveUp();
      let content = start + 1;
      while (content < this.ends[this.line] && text.charCodeAt(content) === SPACE) content++;
      const itemLine = this.line;
      if (content >= this.ends[this.line] || text.charCodeAt(content) === HASH) {
        entries.push(start);
        this.line++;
        this.skipEmpty();
        if (this.line < this.starts.length && this.indents[this.line] > column) {
          items.push(this.node(this.line, this.indents[this.line], column));
          entries.push(this.produced);
        } else {
          items.push(null);
          entries.push(undefined);
        }
      } else {
        entries.push(content);
        items.push(this.node(itemLine, content - this.starts[itemLine], column));
        entries.push(this.produced);
      }
      this.skipEmpty();
      if (this.line >= this.starts.length || this.indents[this.line] < column) break;
      if (this.indents[this.line] > column) throw new GiveUp();
      if (!this.isDash(this.line, column)) break; // a key of the enclosing map
    }
    this.produced = entries;
    this.depth--;
    return items;
  }

  private mapping(line: number, column: number): Record<string, unknown> {
    this.enter();
    const map: Record<string, unknown> = {};
    const entries: BlockEntries = [];
    const text = this.text;
    this.line = line;
    let first = true;
    for (;;) {
      const at = first ? this.starts[this.line] + column : this.starts[this.line] + this.indents[this.line];
      if (!first && this.indents[this.line] !== column) throw new GiveUp();
      first = false;
      const explicit = this.explicitKey(this.line, at - this.starts[this.line]);
      let name: string;
      let valueStart: number;
      if (explicit) {
        this.line = explicit.valueLine; // the value follows on the `:` line
        name = explicit.name;
        valueStart = explicit.valueStart;
      } else {
        if (!this.keyAt(at, this.ends[this.line])) throw new GiveUp();
        name = this.keyName;
        valueStart = this.keyValueStart;
      }
      if (name === '__proto__' || name === '<<' || this.seenKey(map, entries, name)) throw new GiveUp();
      entries.push(name, explicit ? explicit.keyOffset : at);
      let value = valueStart;
      const end = this.ends[this.line];
      while (value < end && text.charCodeAt(value) === SPACE) value++;
      if (value >= end || text.charCodeAt(value) === HASH) {
        this.line++;
        this.skipEmpty();
        if (this.line < this.starts.length && this.indents[this.line] > column) {
          map[name] = this.node(this.line, this.indents[this.line], column);
        } else if (this.line < this.starts.length && this.indents[this.line] === column && this.isDash(this.line, column)) {
          map[name] = this.sequence(this.line, column);
        } else {
          map[name] = null;
          this.produced = undefined;
        }
      } else if (explicit) {
        map[name] = this.node(this.line, value - this.starts[this.line], column);
      } else {
        map[name] = this.scalar(this.line, value - this.starts[this.line], column);
      }
      entries.push(this.produced);
      this.skipEmpty();
      if (this.line >= this.starts.length || this.indents[this.line] < column) break;
      if (this.indents[this.line] > column) throw new GiveUp();
      if (this.isDash(this.line, column)) break; // the next item of a list this map is in (`- a: 1\n- b: 2` is handled by the list)
    }
    this.produced = entries;
    this.depth--;
    return map;
  }

  /** Whether `map` already has `name`: a scan of the few keys of a small map, an own-property test otherwise. */
  private seenKey(map: Record<string, unknown>, entries: BlockEntries, name: string): boolean {
    if (entries.length > 24) return Object.prototype.hasOwnProperty.call(map, name);
    for (let index = 0; index < entries.length; index += 3) if (entries[index] === name) return true;
    return false;
  }

  private isDash(line: number, column: number): boolean {
    const at = this.starts[line] + column;
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.ends[line] || this.text.charCodeAt(at + 1) === SPACE);
  }

  /**
   * An explicit key (`? long.name` then `: value` on the next line at the same column), as emitters
   * write keys too long for an implicit key. Only one-line plain or quoted keys.
   */
  private explicitKey(line: number, column: number): { name: string; keyOffset: number; valueStart: number; valueLine: number } | undefined {
    const at = this.starts[line] + column;
    if (this.text.charCodeAt(at) !== QUESTION || !(at + 1 === this.ends[line] || this.text.charCodeAt(at + 1) === SPACE)) return undefined;
    let keyStart = at + 1;
    while (keyStart < this.ends[line] && this.text[keyStart] === ' ') keyStart++;
    const raw = this.text.slice(keyStart, this.ends[line]);
    let name: string;
    if (/^"[^"\\]*"$/.test(raw) || /^'[^']*'$/.test(raw)) name = raw.slice(1, -1);
    else if (raw && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(raw) && !/: | #|:$|\t/.test(raw)) {
      const resolved = resolvePlain(raw);
      if (resolved === null) throw new GiveUp();
      name = String(resolved);
    } else throw new GiveUp();
    let next = line + 1;
    while (next < this.starts.length && this.empty[next]) next++;
    const colon = this.starts[next] + column;
    if (next >= this.starts.length || this.indents[next] !== column || this.text[colon] !== ':' || !(colon + 1 === this.ends[next] || this.text[colon + 1] === ' ')) throw new GiveUp();
    return { name, keyOffset: keyStart, valueStart: colon + 1, valueLine: next };
  }

  /** An implicit key at `at` (`name:` followed by a space or the end of the line): true with `keyName` and `keyValueStart` set. */
  private keyAt(at: number, end: number): boolean {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const close = code === SINGLE_QUOTE ? text.indexOf("'", at + 1) : this.closingDoubleQuote(at, end);
      if (close < 0 || close >= end) return false;
      if (code === SINGLE_QUOTE && text.charCodeAt(close + 1) === SINGLE_QUOTE) throw new GiveUp(); // escaped quote in a key: rare, leave to `yaml`
      let colon = close + 1;
      while (colon < end && text.charCodeAt(colon) === SPACE) colon++;
      if (text.charCodeAt(colon) !== COLON || !(colon + 1 === end || text.charCodeAt(colon + 1) === SPACE)) return false;
      const raw = text.slice(at + 1, close);
      this.keyName = code === DOUBLE_QUOTE ? unescapeDouble(raw) : raw;
      this.keyValueStart = colon + 1;
      return true;
    }
    const c = text[at];
    if (c === ',' || c === ']' || c === '}' || c === ':') throw new GiveUp();
    if (c === '[' || c === '{' || c === '?' || c === '#' || isIndicator(code)) {
      if (c === '?' || c === '&' || c === '*' || c === '!') {
        // Complex keys, anchors, aliases and tags: not this reader's business.
        const colon = text.indexOf(':', at);
        if (colon >= 0 && colon < end) throw new GiveUp();
      }
      return false;
    }
    let colon = at;
    for (;;) {
      colon = text.indexOf(':', colon);
      if (colon < 0 || colon >= end) return false;
      if (colon + 1 === end || text.charCodeAt(colon + 1) === SPACE) break;
      colon++;
    }
    const raw = text.slice(at, colon);
    if (raw.includes(' #')) throw new GiveUp();
    // Trailing white space before the colon is left to `yaml`; a key ending in a visible ASCII character has none.
    const last = raw.charCodeAt(raw.length - 1);
    const name = last > SPACE && last < 0x7f ? raw : raw.trimEnd();
    if (name !== raw && raw.trim() !== raw.trimStart()) throw new GiveUp();
    if (!name) throw new GiveUp();
    const resolved = resolveScalar(name);
    if (resolved === null) throw new GiveUp();
    this.keyName = String(resolved);
    this.keyValueStart = colon + 1;
    return true;
  }

  /** A scalar (or one-line flow collection) starting at `column` of `line`; continuation lines must be indented more than `parent`. */
  private scalar(line: number, column: number, parent: number): unknown {
    this.produced = undefined; // no block entries below a scalar; a flow records its own offsets
    const at = this.starts[line] + column;
    const c = this.text[at];
    if (c === '"' || c === "'") return this.quoted(line, at, parent);
    if (c === '[' || c === '{') {
      const flow = new FlowReader(this.text, at, this.ends[line], this.flowOffsets, this.maxDepth - this.depth);
      const value = flow.value();
      flow.expectEnd();
      this.line = line + 1;
      return value;
    }
    if (c === '|' || c === '>') return this.block(line, at, parent);
    if (isIndicator(this.text.charCodeAt(at)) || c === '?' || (c === '-' && this.text[at + 1] === ' ') || c === ',' || c === ']' || c === '}') throw new GiveUp();
    // Plain scalar, possibly over several lines (the list of parts only when it does).
    const head = this.plainPart(at, this.ends[line]);
    let parts: string[] | undefined;
    let next = line + 1;
    let blanks = 0;
    for (; next < this.starts.length; next++) {
      if (this.empty[next]) {
        if (this.starts[next] + this.indents[next] < this.ends[next]) break; // a comment ends the scalar
        blanks++;
        continue;
      }
      if (this.indents[next] <= parent) break;
      const part = this.plainPart(this.starts[next] + this.indents[next], this.ends[next]);
      if (part.endsWith(':') || part.startsWith('- ') || part === '-') throw new GiveUp();
      (parts ??= [head]).push(blanks ? '\n'.repeat(blanks) : ' ', part);
      blanks = 0;
    }
    this.line = next - blanks;
    if (!parts) return resolveScalar(head);
    return parts.join('');
  }

  private plainPart(from: number, end: number): string {
    let text = this.text.slice(from, end);
    const comment = text.indexOf(' #');
    if (comment >= 0) text = text.slice(0, comment);
    text = text.trim();
    // `a: b: c` and `a: b:` are nested implicit keys, which `yaml` rejects.
    if (text.includes(': ') || text.endsWith(':') || text.includes('\t')) throw new GiveUp();
    return text;
  }

  private quoted(line: number, at: number, parent: number): string {
    const quote = this.text[at];
    let close = -1;
    let last = line;
    for (let scan = line, from = at + 1; scan < this.starts.length; scan++, from = this.starts[scan] ?? 0) {
      if (scan > line && !this.empty[scan] && this.indents[scan] <= parent) throw new GiveUp();
      close = quote === "'" ? this.closingSingleQuote(from, this.ends[scan]) : this.closingDoubleQuote(from - 1, this.ends[scan], from);
      if (close >= 0) { last = scan; break; }
    }
    if (close < 0) throw new GiveUp();
    const rest = this.text.slice(close + 1, this.ends[last]).trim();
    if (rest && !rest.startsWith('#')) throw new GiveUp();
    this.line = last + 1;
    const raw = this.text.slice(at + 1, close);
    if (quote === "'") return foldLines(raw.replace(/\r\n/g, '\n')).replace(/''/g, "'");
    return unescapeDouble(raw.replace(/\r\n/g, '\n'));
  }

  private closingSingleQuote(from: number, end: number): number {
    const text = this.text;
    for (let i = from; i < end; i++) {
      if (text.charCodeAt(i) !== SINGLE_QUOTE) continue;
      if (text.charCodeAt(i + 1) === SINGLE_QUOTE) { i++; continue; }
      return i;
    }
    return -1;
  }

  /** Index of the `"` closing the double-quoted scalar opened at `open`, searching `[from, end)`. */
  private closingDoubleQuote(open: number, end: number, from = open + 1): number {
    const text = this.text;
    for (let i = from; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === BACKSLASH) { i++; continue; }
      if (code === DOUBLE_QUOTE) return i;
    }
    return -1;
  }

  /** `|` and `>` block scalars with `-` / `+` chomping (explicit indentation is left to `yaml`). */
  private block(line: number, at: number, parent: number): string {
    const header = this.text.slice(at, this.ends[line]).replace(/\s+#.*$/, '').trimEnd();
    const match = /^([|>])([-+]?)$/.exec(header);
    if (!match) throw new GiveUp();
    const [, style, chomp] = match;
    const lines: string[] = [];
    let next = line + 1;
    let indent = -1;
    for (; next < this.starts.length; next++) {
      const blank = this.starts[next] + this.indents[next] >= this.ends[next];
      if (blank) { lines.push(''); continue; }
      if (indent < 0) {
        if (this.indents[next] <= parent) break;
        indent = this.indents[next];
      }
      if (this.indents[next] < indent) break;
      if (this.indents[next] > indent && style === '>') throw new GiveUp(); // more-indented folded lines: leave to `yaml`
      lines.push(this.text.slice(this.starts[next] + indent, this.ends[next]));
    }
    if (indent < 0) throw new GiveUp();
    // Blank lines with more spaces than the indentation keep them in a literal scalar: leave to `yaml`.
    let trailing = 0;
    while (lines.length && lines[lines.length - 1] === '') { lines.pop(); trailing++; }
    for (let back = next - 1; back > line && trailing > 0; back--) {
      if (this.starts[back] + this.indents[back] < this.ends[back]) break;
      if (this.indents[back] > 0) throw new GiveUp();
    }
    if (lines.some((text, index) => text === '' && this.indents[line + 1 + index] > 0)) throw new GiveUp();
    this.line = next;
    let body: string;
    if (style === '|') body = lines.join('\n');
    else {
      body = '';
      let blanks = 0;
      let started = false;
      for (const text of lines) {
        if (text === '') { blanks++; continue; }
        if (started) body += blanks ? '\n'.repeat(blanks) : ' ';
        else body += '\n'.repeat(blanks);
        body += text;
        blanks = 0;
        started = true;
      }
    }
    if (!lines.length) return chomp === '+' ? '\n'.repeat(trailing) : '';
    if (chomp === '-') return body;
    if (chomp === '+') return body + '\n'.repeat(trailing + 1);
    return body + '\n';
  }
}

