import { readFileSync, statSync } from 'node:fs';
import type { SourceLocation } from '../../shared/model/model.js';
import { resolveInside } from '../fs/safe-path.js';

export interface ExcerptLine {
  number: number;
  text: string;
  /** The line the finding points at. */
  hit: boolean;
}

export interface SourceExcerpt {
  file: string;
  lines: ExcerptLine[];
  /** Some text was left out: a long line shortened around the column, or a value masked as a secret. */
  shortened: boolean;
  redacted: boolean;
}

/** Reads the lines around a location from the project's files (cached per file); undefined when it cannot. */
export type SourceReader = (location: SourceLocation, context?: number) => SourceExcerpt | undefined;

/** Files larger than this are not quoted (generated dumps, minified bundles). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Longer lines are cut to a window around the column so one minified line cannot fill pages. */
const MAX_LINE_CHARS = 220;

/**
 * A reader of source lines for the report: paths stay inside `root` (symlinks included), binary and huge files are
 * skipped, and values that look like secrets are masked, because the report leaves the workbench.
 */
export function createSourceReader(root: string): SourceReader {
  const cache = new Map<string, string[] | null>();
  const linesOf = (file: string): string[] | null => {
    if (cache.has(file)) return cache.get(file)!;
    let lines: string[] | null = null;
    try {
      const path = resolveInside(root, file);
      if (statSync(path).size <= MAX_FILE_BYTES) {
        const text = readFileSync(path, 'utf8');
        if (!text.includes('\u0000')) lines = text.split(/\r\n|\r|\n/);
      }
    } catch {
      lines = null;
    }
    cache.set(file, lines);
    return lines;
  };
  // The same excerpt is quoted by report.html, report.md and findings.sarif: cut and masked once.
  const excerpts = new Map<string, SourceExcerpt | undefined>();
  return (location, context = 2) => {
    if (!location.file || !(location.line >= 1)) return undefined;
    const key = `${location.file}\u0000${location.line}\u0000${location.column ?? 0}\u0000${context}`;
    if (excerpts.has(key)) return excerpts.get(key);
    const excerpt = excerptAt(location, context);
    excerpts.set(key, excerpt);
    return excerpt;
  };

  function excerptAt(location: SourceLocation, context: number): SourceExcerpt | undefined {
    const lines = linesOf(location.file);
    if (!lines || location.line > lines.length) return undefined;
    const first = Math.max(1, location.line - context);
    const last = Math.min(lines.length, location.line + context);
    let shortened = false;
    let redacted = false;
    const out: ExcerptLine[] = [];
    for (let n = first; n <= last; n++) {
      const cut = shortenLine(lines[n - 1], n === location.line ? location.column : undefined);
      const masked = redactSecrets(cut.text);
      shortened ||= cut.shortened;
      redacted ||= masked !== cut.text;
      out.push({ number: n, text: masked, hit: n === location.line });
    }
    return { file: location.file, lines: out, shortened, redacted };
  }
}

function shortenLine(text: string, column?: number): { text: string; shortened: boolean } {
  if (text.length <= MAX_LINE_CHARS) return { text, shortened: false };
  const centre = column && column > 0 ? column - 1 : 0;
  const start = Math.max(0, Math.min(centre - 60, text.length - MAX_LINE_CHARS));
  const end = start + MAX_LINE_CHARS;
  return { text: `${start > 0 ? '… ' : ''}${text.slice(start, end)}${end < text.length ? ' …' : ''}`, shortened: true };
}

/** Names whose values are secrets: `password: x`, `API_KEY=x`, `"client_secret": "x"`. */
const SECRET_ASSIGNMENT = /((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|auth[_-]?key|client[_-]?secret|connection[_-]?string|dsn)\w*["']?\s*[:=]\s*["']?)([^\s"',;}{]{3,})/gi;
/** Well-known token shapes, wherever they appear. */
const TOKEN_SHAPES = [
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{8,}\b/g, // Stripe
  /\bgh[pousr]_[0-9A-Za-z]{20,}\b/g, // GitHub
  /\bxox[abprs]-[0-9A-Za-z-]{10,}\b/g, // Slack
  /\beyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{5,}\b/g, // JWT
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/g,
];
/** URL credentials: scheme://user:password@host. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi;

/** Mask values that look like secrets (keeping their length visible) so quoting a line never leaks one. */
export function redactSecrets(line: string): string {
  let out = line.replace(URL_PASSWORD, (_m, head: string, secret: string, at: string) => `${head}${mask(secret)}${at}`);
  out = out.replace(SECRET_ASSIGNMENT, (whole, head: string, value: string) => (isReference(value) ? whole : `${head}${mask(value)}`));
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, (token) => mask(token));
  return out;
}

/** Values that only name where a secret comes from are fine to show. */
function isReference(value: string): boolean {
  return /^\$\{?[A-Za-z_]|^\$\(|^<|^https?:\/\/|^\*{3,}|^(?:true|false|null|none|required|optional|string|secretKeyRef|valueFrom)$/i.test(value);
}

function mask(secret: string): string {
  return `‹redacted, ${secret.length} characters›`;
}

/** An environment value as it may leave the workbench: masked when its name or shape says secret. */
export function redactEnvValue(name: string, value: string): string {
  return redactSecrets(`${name}=${value}`).slice(name.length + 1);
}
