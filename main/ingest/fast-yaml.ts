/**
 * A fast reader for the plain block YAML that generated API specs are written in (Twilio's 1.5 MB
 * spec: maps, lists, plain / quoted / block scalars, one-line flow collections). It reads the
 * YAML 1.2 core schema exactly as the `yaml` package does and records the offset of every key and
 * list item, so locating a path costs a lookup. Anything outside that subset (anchors, aliases,
 * tags, merge keys, complex keys, several documents, tabs, duplicate keys, anything the `yaml`
 * package would call an error) makes it give up and return undefined: the caller then parses
 * with `yaml`, which reports problems properly. It is about ten times faster on large specs.
 */

import { FlowReader, foldLines, GiveUp, INDICATOR_START, resolvePlain, unescapeDouble, type OffsetIndex } from './fast-yaml-scalars.js';

export type { OffsetIndex } from './fast-yaml-scalars.js';
export { resolvePlain } from './fast-yaml-scalars.js';

export interface FastYamlResult {
  value: unknown;
  offsets: OffsetIndex;
  /** Offset of the first character of the document's content. */
  rootOffset: number;
}

/** Parse `text` if it is plain block YAML; undefined when it needs the full parser. */
export function parseSimpleYaml(text: string): FastYamlResult | undefined {
  try {
    return new Reader(text).read();
  } catch (error) {
    if (error instanceof GiveUp || error instanceof RangeError) return undefined;
    throw error;
  }
}

class Reader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  /** Line holds nothing but spaces or a comment. */
  private readonly empty: boolean[] = [];
  private readonly offsets: OffsetIndex = new WeakMap();
  private line = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) throw new GiveUp();
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
      let indent = 0;
      while (start + indent < contentEnd && text[start + indent] === ' ') indent++;
      const first = text[start + indent];
      if (first === '\t') throw new GiveUp();
      this.starts.push(start);
      this.ends.push(contentEnd);
      this.indents.push(indent);
      this.empty.push(start + indent >= contentEnd || first === '#');
      // Document markers other than a leading `---` mean several documents: not this reader's business.
      if (indent === 0 && this.starts.length > 1 && /^(---|\.\.\.)(\s|$)/.test(text.slice(start, Math.min(contentEnd, start + 4)))) {
        if (this.starts.slice(0, -1).some((_, line) => !this.empty[line])) throw new GiveUp();
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
    this.skipEmpty();
    if (this.line < this.starts.length) throw new GiveUp(); // `---`, `...` or stray content
    return { value, offsets: this.offsets, rootOffset };
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
    const c = this.text[at];
    if (c === '-' && (at + 1 === end || this.text[at + 1] === ' ')) return this.sequence(line, column);
    if (this.explicitKey(line, column) || this.keyAt(at, end)) return this.mapping(line, column);
    return this.scalar(line, column, parent);
  }

  private sequence(line: number, column: number): unknown[] {
    const items: unknown[] = [];
    const offsets = new Map<string | number, number>();
    this.line = line;
    for (;;) {
      const start = this.starts[this.line] + column;
      if (this.text[start] !== '-' || !(start + 1 === this.ends[this.line] || this.text[start + 1] === ' ')) throw new GiveUp();
      let content = start + 1;
      while (content < this.ends[this.line] && this.text[content] === ' ') content++;
      const itemLine = this.line;
      if (content >= this.ends[this.line] || this.text[content] === '#') {
        offsets.set(items.length, start);
        this.line++;
        this.skipEmpty();
        if (this.line < this.starts.length && this.indents[this.line] > column) items.push(this.node(this.line, this.indents[this.line], column));
        else items.push(null);
      } else {
        offsets.set(items.length, content);
        items.push(this.node(itemLine, content - this.starts[itemLine], column));
      }
      this.skipEmpty();
      if (this.line >= this.starts.length || this.indents[this.line] < column) break;
      if (this.indents[this.line] > column) throw new GiveUp();
      const next = this.starts[this.line] + column;
      if (this.text[next] !== '-' || !(next + 1 === this.ends[this.line] || this.text[next + 1] === ' ')) break; // a key of the enclosing map
    }
    this.offsets.set(items, offsets);
    return items;
  }

  private mapping(line: number, column: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const offsets = new Map<string | number, number>();
    this.line = line;
    let first = true;
    for (;;) {
      const at = first ? this.starts[this.line] + column : this.starts[this.line] + this.indents[this.line];
      if (!first && this.indents[this.line] !== column) throw new GiveUp();
      first = false;
      const explicit = this.explicitKey(this.line, at - this.starts[this.line]);
      if (explicit) this.line = explicit.valueLine; // the value follows on the `:` line
      const key = explicit ?? this.keyAt(at, this.ends[this.line]);
      if (!key) throw new GiveUp();
      if (Object.prototype.hasOwnProperty.call(map, key.name) || key.name === '__proto__' || key.name === '<<') throw new GiveUp();
      offsets.set(key.name, explicit ? explicit.keyOffset : at);
      let value = key.valueStart;
      const end = this.ends[this.line];
      while (value < end && this.text[value] === ' ') value++;
      if (value >= end || this.text[value] === '#') {
        this.line++;
        this.skipEmpty();
        if (this.line < this.starts.length && this.indents[this.line] > column) {
          map[key.name] = this.node(this.line, this.indents[this.line], column);
        } else if (this.line < this.starts.length && this.indents[this.line] === column && this.isDash(this.line, column)) {
          map[key.name] = this.sequence(this.line, column);
        } else {
          map[key.name] = null;
        }
      } else if (explicit) {
        map[key.name] = this.node(this.line, value - this.starts[this.line], column);
      } else {
        map[key.name] = this.scalar(this.line, value - this.starts[this.line], column);
      }
      this.skipEmpty();
      if (this.line >= this.starts.length || this.indents[this.line] < column) break;
      if (this.indents[this.line] > column) throw new GiveUp();
      if (this.isDash(this.line, column)) break; // the next item of a list this map is in (`- a: 1\n- b: 2` is handled by the list)
    }
    this.offsets.set(map, offsets);
    return map;
  }

  private isDash(line: number, column: number): boolean {
    const at = this.starts[line] + column;
    return this.text[at] === '-' && (at + 1 === this.ends[line] || this.text[at + 1] === ' ');
  }

  /**
   * An explicit key (`? long.name` then `: value` on the next line at the same column), as emitters
   * write keys too long for an implicit key. Only one-line plain or quoted keys.
   */
  private explicitKey(line: number, column: number): { name: string; keyOffset: number; valueStart: number; valueLine: number } | undefined {
    const at = this.starts[line] + column;
    if (this.text[at] !== '?' || !(at + 1 === this.ends[line] || this.text[at + 1] === ' ')) return undefined;
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

  /** An implicit key at `at`: `name:` followed by a space or the end of the line. */
  private keyAt(at: number, end: number): { name: string; valueStart: number } | undefined {
    const c = this.text[at];
    if (c === '"' || c === "'") {
      const close = c === "'" ? this.text.indexOf("'", at + 1) : this.closingDoubleQuote(at, end);
      if (close < 0 || close >= end) return undefined;
      if (c === "'" && this.text[close + 1] === "'") throw new GiveUp(); // escaped quote in a key: rare, leave to `yaml`
      let colon = close + 1;
      while (colon < end && this.text[colon] === ' ') colon++;
      if (this.text[colon] !== ':' || !(colon + 1 === end || this.text[colon + 1] === ' ')) return undefined;
      const raw = this.text.slice(at + 1, close);
      return { name: c === '"' ? unescapeDouble(raw) : raw, valueStart: colon + 1 };
    }
    if (c === ',' || c === ']' || c === '}' || c === ':') throw new GiveUp();
    if (c === '[' || c === '{' || c === '?' || c === '#' || INDICATOR_START.test(c ?? '')) {
      if (c === '?' || c === '&' || c === '*' || c === '!') {
        // Complex keys, anchors, aliases and tags: not this reader's business.
        const colon = this.text.indexOf(':', at);
        if (colon >= 0 && colon < end) throw new GiveUp();
      }
      return undefined;
    }
    let colon = at;
    for (;;) {
      colon = this.text.indexOf(':', colon);
      if (colon < 0 || colon >= end) return undefined;
      if (colon + 1 === end || this.text[colon + 1] === ' ') break;
      colon++;
    }
    const raw = this.text.slice(at, colon);
    if (raw.includes(' #') || raw.trim() !== raw.trimStart()) throw new GiveUp();
    const name = raw.trimEnd();
    if (!name) throw new GiveUp();
    const resolved = resolvePlain(name);
    if (resolved === null) throw new GiveUp();
    return { name: String(resolved), valueStart: colon + 1 };
  }

  /** A scalar (or one-line flow collection) starting at `column` of `line`; continuation lines must be indented more than `parent`. */
  private scalar(line: number, column: number, parent: number): unknown {
    const at = this.starts[line] + column;
    const c = this.text[at];
    if (c === '"' || c === "'") return this.quoted(line, at, parent);
    if (c === '[' || c === '{') {
      const flow = new FlowReader(this.text, at, this.ends[line], this.offsets);
      const value = flow.value();
      flow.expectEnd();
      this.line = line + 1;
      return value;
    }
    if (c === '|' || c === '>') return this.block(line, at, parent);
    if (INDICATOR_START.test(c) || c === '?' || (c === '-' && this.text[at + 1] === ' ') || c === ',' || c === ']' || c === '}') throw new GiveUp();
    // Plain scalar, possibly over several lines.
    const parts: string[] = [this.plainPart(at, this.ends[line])];
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
      parts.push(blanks ? '\n'.repeat(blanks) : ' ', part);
      blanks = 0;
    }
    this.line = next - blanks;
    if (parts.length === 1) return resolvePlain(parts[0]);
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
    for (let i = from; i < end; i++) {
      if (this.text[i] !== "'") continue;
      if (this.text[i + 1] === "'") { i++; continue; }
      return i;
    }
    return -1;
  }

  /** Index of the `"` closing the double-quoted scalar opened at `open`, searching `[from, end)`. */
  private closingDoubleQuote(open: number, end: number, from = open + 1): number {
    for (let i = from; i < end; i++) {
      if (this.text[i] === '\\') { i++; continue; }
      if (this.text[i] === '"') return i;
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

