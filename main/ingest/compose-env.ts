/**
 * Compose variable interpolation: `.env` files and `${VAR}`, `$VAR`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR:+replacement}` and `$$`, as the Compose spec defines
 * them. Only the `.env` beside the compose file is used, never the environment of this process,
 * so a model does not depend on the machine that built it.
 */
import type { PathSegment } from './positions.js';

export type VariableIssue = { variable: string; kind: 'unset' | 'required' | 'syntax'; message: string };

/** Variables of a `.env` file (`KEY=VALUE`, `export KEY=...`, quotes, comments). */
export function parseDotEnv(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    if (value.startsWith('"')) {
      // Double quotes may span lines and take escapes.
      let body = value.slice(1);
      while (!/(^|[^\\])"\s*(#.*)?$/.test(body) && index + 1 < lines.length) body += '\n' + lines[++index];
      body = body.replace(/"\s*(#.*)?$/, '');
      value = body.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      value = interpolateString(value, (name) => variables.get(name), () => undefined);
    } else if (value.startsWith("'")) {
      value = value.slice(1).replace(/'\s*(#.*)?$/, '');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
      value = interpolateString(value, (name) => variables.get(name), () => undefined);
    }
    variables.set(match[1], value);
  }
  return variables;
}

/**
 * Interpolate every string of a parsed compose file (values only, as Compose does).
 * `onIssue` gets the path of the value that named an unset or required variable.
 */
export function interpolateTree(
  value: unknown,
  lookup: (name: string) => string | undefined,
  onIssue: (path: PathSegment[], issue: VariableIssue) => void,
  path: PathSegment[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.includes('$') ? interpolateString(value, lookup, (issue) => onIssue(path, issue)) : value;
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateTree(item, lookup, onIssue, [...path, index]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = interpolateTree(item, lookup, onIssue, [...path, key]);
    return out;
  }
  return value;
}

/** Interpolate one string. */
export function interpolateString(
  text: string,
  lookup: (name: string) => string | undefined,
  onIssue: (issue: VariableIssue) => void,
): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') { out += c; i++; continue; }
    const next = text[i + 1];
    if (next === '$') { out += '$'; i += 2; continue; }
    if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        onIssue({ variable: '', kind: 'syntax', message: `Unclosed "\${" in "${text}".` });
        out += text.slice(i);
        break;
      }
      out += expand(text.slice(i + 2, close), lookup, onIssue);
      i = close + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (name) {
      out += resolve(name[0], lookup, onIssue);
      i += 1 + name[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function expand(body: string, lookup: (name: string) => string | undefined, onIssue: (issue: VariableIssue) => void): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!match) {
    onIssue({ variable: body, kind: 'syntax', message: `Invalid interpolation "\${${body}}".` });
    return '';
  }
  const [, name, operator, argument = ''] = match;
  const value = lookup(name);
  const unsetOrEmpty = value === undefined || value === '';
  const nested = () => interpolateString(argument, lookup, onIssue);
  switch (operator) {
    case ':-': return unsetOrEmpty ? nested() : value!;
    case '-': return value === undefined ? nested() : value;
    case ':+': return unsetOrEmpty ? '' : nested();
    case '+': return value === undefined ? '' : nested();
    case ':?':
    case '?':
      if (operator === ':?' ? unsetOrEmpty : value === undefined) {
        onIssue({ variable: name, kind: 'required', message: `Required variable ${name} is not set${argument ? `: ${nested()}` : ''}.` });
        return '';
      }
      return value!;
    default:
      return resolve(name, lookup, onIssue);
  }
}

function resolve(name: string, lookup: (name: string) => string | undefined, onIssue: (issue: VariableIssue) => void): string {
  const value = lookup(name);
  if (value === undefined) {
    onIssue({ variable: name, kind: 'unset', message: `Variable ${name} is not set (no .env entry); defaulting to a blank string.` });
    return '';
  }
  return value;
}
