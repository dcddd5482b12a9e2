/**
 * `$ref` resolution for OpenAPI: local (`#/components/schemas/User`) and relative files
 * (`schemas/user.yaml#/User`, read through the ingest context), cycle-safe. Schemas are inlined
 * into endpoint properties only to a bounded depth and size, with `x-circular` where a reference
 * loops, so rules see request and response shapes without the model growing without limit.
 */
import type { SourceLocation } from '../../shared/model/model.js';
import { asRecord, resolveProjectPath } from './elements.js';
import { utf8Length } from './limits.js';
import { parseStructured, sourceAt, type LocatedDocument, type PathSegment } from './positions.js';
import type { ImportEnvironment } from './types.js';

/** A value together with where it lives. */
export interface Located {
  value: unknown;
  file: string;
  document: LocatedDocument;
  path: PathSegment[];
}

const DROPPED_KEYS = new Set(['description', 'example', 'examples', 'externalDocs', 'xml']);
const SCHEMA_CHILDREN = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'oneOf', 'anyOf', 'prefixItems']);
const SCHEMA_SINGLES = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems']);

/** Resolves `$ref`s of one spec and the files it references, caching each file it reads. */
export class RefResolver {
  private readonly documents = new Map<string, LocatedDocument | null>();
  private readonly reported = new Set<string>();
  /**
   * Targets by the file a `$ref` is written in and the reference (Twilio's spec repeats a few hundred references
   * thousands of times). A reference that does not resolve reported its problem the first time.
   */
  private readonly targets = new Map<string, Located | undefined>();

  constructor(private readonly mainFile: string, mainDocument: LocatedDocument, private readonly environment: ImportEnvironment) {
    this.documents.set(mainFile, mainDocument);
  }

  /** Follow `$ref`s from `at` until a value that is not a reference (or a cycle / dead end, reported once). */
  deref(at: Located): Located {
    let current = at;
    const seen = new Set<string>();
    for (let hops = 0; hops < 64; hops++) {
      const ref = asRecord(current.value)?.$ref;
      if (typeof ref !== 'string') return current;
      const key = `${current.file}|${ref}`;
      if (seen.has(key)) {
        this.problem(current, 'openapi.ref-cycle', `$ref cycle through "${ref}".`, 'warning');
        return current;
      }
      seen.add(key);
      const target = this.lookup(ref, current);
      if (!target) return current;
      current = target;
    }
    return current;
  }

  /** The value a `$ref` string points at, relative to the file of `from`. */
  lookup(ref: string, from: Located): Located | undefined {
    const key = `${from.file}\u0000${ref}`;
    if (this.targets.has(key)) return this.targets.get(key);
    const target = this.lookupUncached(ref, from);
    this.targets.set(key, target);
    return target;
  }

  private lookupUncached(ref: string, from: Located): Located | undefined {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
      this.problem(from, 'openapi.ref-remote', `Remote $ref "${ref}" is not fetched (Archbench works offline).`, 'info');
      return undefined;
    }
    const hash = ref.indexOf('#');
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    const file = filePart ? resolveProjectPath(from.file, decodeUri(filePart)) : from.file;
    if (!file) {
      this.problem(from, 'openapi.ref-outside', `$ref "${ref}" points outside the project; not read.`, 'warning');
      return undefined;
    }
    const document = this.document(file, from);
    if (!document) return undefined;
    const path = fragment.split('/').slice(1).map((segment) => decodeSegment(segment));
    let value: unknown = document.value;
    for (const segment of path) {
      const record = value as Record<string, unknown> | unknown[] | null;
      value = record && typeof record === 'object' ? (record as Record<string, unknown>)[segment as string] : undefined;
      if (value === undefined) {
        this.problem(from, 'openapi.ref-unresolved', `$ref "${ref}" points at nothing.`, 'warning');
        return undefined;
      }
    }
    return { value, file, document, path };
  }

  /** A bounded, serialisable copy of a schema: `$ref`s inlined up to `depth`, cycles marked `x-circular`. */
  inlineSchema(at: Located, depth = 4, budget = { nodes: 300 }): unknown {
    return this.inline(at, depth, budget, []);
  }

  /** Source location of a located value. */
  source(at: Located, style: 'json-pointer' = 'json-pointer'): SourceLocation {
    return sourceAt(at.file, at.document, at.path, style);
  }

  private inline(at: Located, depth: number, budget: { nodes: number }, chain: string[]): unknown {
    const record = asRecord(at.value);
    if (!record) return at.value;
    if (budget.nodes-- <= 0) return { 'x-truncated': true };
    const ref = record.$ref;
    if (typeof ref === 'string') {
      if (depth <= 0) return { $ref: ref };
      const target = this.lookup(ref, at);
      if (!target) return { $ref: ref, 'x-unresolved': true };
      // A cycle is the same target reached again, whatever relative spelling the $ref used.
      const key = `${target.file}#${target.path.join('/')}`;
      if (chain.includes(key)) return { $ref: ref, 'x-circular': true };
      const inlined = this.inline(target, depth - 1, budget, [...chain, key]);
      return asRecord(inlined) ? { ...(inlined as object), 'x-ref': ref } : inlined;
    }
    const out: Record<string, unknown> = {};
    const child = (item: unknown, ...path: PathSegment[]) => this.inline({ value: item, file: at.file, document: at.document, path: at.path.concat(path) }, depth, budget, chain);
    for (const key of Object.keys(record)) {
      if (DROPPED_KEYS.has(key)) continue;
      const value = record[key];
      if (SCHEMA_CHILDREN.has(key) && asRecord(value)) {
        const children: Record<string, unknown> = {};
        for (const name of Object.keys(value as object)) children[name] = child((value as Record<string, unknown>)[name], key, name);
        out[key] = children;
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
        out[key] = value.map((item, index) => child(item, key, index));
      } else if (SCHEMA_SINGLES.has(key) && asRecord(value)) {
        out[key] = child(value, key);
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  private document(file: string, from: Located): LocatedDocument | undefined {
    if (this.documents.has(file)) return this.documents.get(file) ?? undefined;
    const text = this.environment.context.readText(file);
    let document: LocatedDocument | null = null;
    if (text === undefined) {
      this.problem(from, 'openapi.ref-unresolved', `$ref file ${file} cannot be read.`, 'warning');
    } else if (utf8Length(text, this.environment.limits.maxBytes) > this.environment.limits.maxBytes) {
      this.environment.report({ file, line: 1, column: 1, severity: 'error', code: 'limit.size', message: `${file} is larger than ${this.environment.limits.maxBytes} bytes; not read.` });
    } else {
      const parsed = parseStructured(text, file, this.environment.limits);
      for (const diagnostic of parsed.diagnostics) this.environment.report(diagnostic);
      document = parsed.documents[0] ?? null;
    }
    this.documents.set(file, document);
    return document ?? undefined;
  }

  private problem(at: Located, code: string, message: string, severity: 'warning' | 'info'): void {
    const key = `${code}|${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const where = at.document.locate([...at.path, '$ref']);
    this.environment.report({ file: at.file, line: where.line, column: where.column, severity, code, message });
  }

  /** Files other than the main spec that were read. */
  get externalFiles(): string[] {
    return [...this.documents.keys()].filter((file) => file !== this.mainFile && this.documents.get(file));
  }
}

function decodeUri(text: string): string {
  try { return decodeURI(text); } catch { return text; }
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%') && !segment.includes('~')) return segment; // nothing to decode: the common case
  let text = segment;
  try { text = decodeURIComponent(segment); } catch { /* keep as written */ }
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}
