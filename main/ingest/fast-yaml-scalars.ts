/**
 * Scalars and one-line flow collections for the fast YAML reader (fast-yaml.ts): core-schema
 * resolution, flow scalar folding and double-quoted escapes, each exactly as the `yaml` package reads
 * them. `GiveUp` means "not in the subset": the caller falls back to the full parser.
 */

/** Thrown when the text leaves the subset the fast reader handles. */
export class GiveUp extends Error {}

/** Offsets of the keys (maps) and items (lists) of every collection in the parsed value. */
export type OffsetIndex = WeakMap<object, Map<string | number, number>>;

/** Characters that cannot start a plain scalar (anchors, aliases, tags, block scalars, reserved). */
export const INDICATOR_START = /^[&*!%@`|>]/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar resolved with the YAML 1.2 core schema, as the `yaml` package does. */
export function resolvePlain(text: string): unknown {
  // Most scalars are words: only these first characters can start a null, bool or number.
  if (text && !'0123456789+-.~nNtTfF'.includes(text[0])) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (OCT.test(text)) return parseInt(text.slice(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT_SPECIAL.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** One-line flow collections: `[a, "b", {c: 1}]`, with the offset of every key and item. */
export class FlowReader {
  /** `levels`: how many more levels of nesting the caller allows; deeper flows give up (the full parser reports them). */
  constructor(private readonly text: string, private at: number, private readonly end: number, private readonly offsets: OffsetIndex, private levels = Infinity) {}

  value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === '[') return this.list();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") return this.quoted();
    return resolvePlain(this.plain());
  }

  expectEnd(): void {
    this.space();
    if (this.at < this.end && this.text[this.at] !== '#') throw new GiveUp();
  }

  private list(): unknown[] {
    const items: unknown[] = [];
    const offsets = new Map<string | number, number>();
    this.offsets.set(items, offsets);
    this.at++;
    if (--this.levels < 0) throw new GiveUp();
    for (;;) {
      this.space();
      if (this.text[this.at] === ']') { this.at++; this.levels++; return items; }
      offsets.set(items.length, this.at);
      items.push(this.value());
      this.space();
      if (this.text[this.at] === ',') { this.at++; continue; }
      if (this.text[this.at] === ']') { this.at++; this.levels++; return items; }
      throw new GiveUp();
    }
  }

  private map(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const offsets = new Map<string | number, number>();
    this.offsets.set(map, offsets);
    this.at++;
    if (--this.levels < 0) throw new GiveUp();
    for (;;) {
      this.space();
      if (this.text[this.at] === '}') { this.at++; this.levels++; return map; }
      const keyAt = this.at;
      const c = this.text[this.at];
      const key = c === '"' || c === "'" ? this.quoted() : resolvePlain(this.plain());
      if (key === null || typeof key === 'object') throw new GiveUp();
      const name = String(key);
      if (Object.prototype.hasOwnProperty.call(map, name) || name === '__proto__' || name === '<<') throw new GiveUp();
      offsets.set(name, keyAt);
      this.space();
      if (this.text[this.at] !== ':') throw new GiveUp();
      this.at++;
      this.space();
      map[name] = this.text[this.at] === ',' || this.text[this.at] === '}' ? null : this.value();
      this.space();
      if (this.text[this.at] === ',') { this.at++; continue; }
      if (this.text[this.at] === '}') { this.at++; this.levels++; return map; }
      throw new GiveUp();
    }
  }

  private quoted(): string {
    const quote = this.text[this.at];
    for (let i = this.at + 1; i < this.end; i++) {
      if (quote === '"' && this.text[i] === '\\') { i++; continue; }
      if (this.text[i] !== quote) continue;
      if (quote === "'" && this.text[i + 1] === "'") { i++; continue; }
      const raw = this.text.slice(this.at + 1, i);
      this.at = i + 1;
      return quote === '"' ? unescapeDouble(raw) : raw.replace(/''/g, "'");
    }
    throw new GiveUp();
  }

  private plain(): string {
    const start = this.at;
    while (this.at < this.end) {
      const c = this.text[this.at];
      if (c === ',' || c === ']' || c === '}' || c === '[' || c === '{') break;
      const after = this.text[this.at + 1];
      if (c === ':' && (after === ' ' || after === ',' || after === '}' || after === ']' || this.at + 1 >= this.end)) break;
      if (c === '#' && this.text[this.at - 1] === ' ') throw new GiveUp();
      this.at++;
    }
    const text = this.text.slice(start, this.at).trim();
    if (!text || INDICATOR_START.test(text) || text === '-' || text.startsWith('? ')) throw new GiveUp();
    return text;
  }

  private space(): void {
    while (this.at < this.end && this.text[this.at] === ' ') this.at++;
  }
}

/** YAML line folding of a flow scalar: single breaks become spaces, n+1 breaks become n newlines. */
export function foldLines(raw: string): string {
  if (!raw.includes('\n')) return raw;
  const lines = raw.split('\n');
  let out = lines[0].replace(/[ \t]+$/, '');
  let blanks = 0;
  for (let index = 1; index < lines.length; index++) {
    const last = index === lines.length - 1;
    let text = lines[index].replace(/^[ \t]+/, '');
    if (!last) text = text.replace(/[ \t]+$/, '');
    if (text === '' && !last) { blanks++; continue; }
    out += blanks ? '\n'.repeat(blanks) : ' ';
    out += text;
    blanks = 0;
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"',
  '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/** Escapes and folding of a double-quoted scalar. */
export function unescapeDouble(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('\n')) return raw;
  // Escaped line breaks join lines without a space; fold the rest, then resolve escapes.
  const lines = raw.split('\n');
  let out = '';
  let blanks = 0;
  let joinNext = false;
  for (let index = 0; index < lines.length; index++) {
    let text = lines[index];
    const first = index === 0;
    const last = index === lines.length - 1;
    if (!first) text = text.replace(/^[ \t]+/, '');
    let escapedBreak = false;
    if (!last) {
      if (/\\[ \t]+$/.test(text)) throw new GiveUp(); // an escaped space before a line break: leave to `yaml`
      const backslashes = /\\*$/.exec(text)![0].length;
      if (backslashes % 2 === 1) {
        escapedBreak = true;
        text = text.slice(0, -1);
      } else {
        text = text.replace(/[ \t]+$/, '');
      }
    }
    if (!first) {
      if (text === '' && !last && !escapedBreak) { blanks++; continue; }
      out += joinNext ? '' : blanks ? '\n'.repeat(blanks) : ' ';
    }
    out += text;
    blanks = 0;
    joinNext = escapedBreak;
  }
  return out.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_match, code: string) => {
    if (code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    const escaped = ESCAPES[code];
    if (escaped === undefined) throw new GiveUp();
    return escaped;
  });
}
