/**
 * One walk over a parsed API document that collects what the document-level rules look for anywhere in it:
 * `$ref`s (api.ref-unresolved, api.unused-component), discriminator mappings (api.unused-component), rich
 * texts (api.markdown-unsafe) and declared headers (api.cors-origin-declared). A 1.5 MB spec is walked once
 * instead of once per rule.
 *
 * Each collection keeps the reach its rule always had: `$ref`s are not looked for in literal example data
 * (`example`, the `value` of an entry of `examples`), texts and headers not under `example` or `examples` at
 * all, and discriminator mappings everywhere.
 */
import { asRecord } from '../../../../ingest/elements.js';
import type { PathSegment } from '../../../../ingest/positions.js';

/** An object holding a string `$ref`. */
export interface RefHolder {
  ref: string;
  path: PathSegment[];
  holder: Record<string, unknown>;
}

/** A `description`, `summary` or `title` string. */
export interface RichText {
  /** The path of the object holding it. */
  path: PathSegment[];
  key: string;
  text: string;
}

export interface DocumentScan {
  /** `$ref`s outside literal example data, in document order. */
  refs: RefHolder[];
  /** Schema names discriminator mappings name without a `$ref` (`dog: Dog` or `dog: '#/components/schemas/Dog'`). */
  discriminatorTargets: Set<string>;
  /** Rich texts outside examples that contain `<` or `:`, in document order: markup and URL schemes need one of them. */
  markupCandidates: RichText[];
  /**
   * Header names (lower-cased) that `headers` maps outside examples declare, each with the depth of the shallowest
   * object holding such a map (its path length: every key and list index is a level).
   */
  headerDepths: Map<string, number>;
}

const TEXT_KEYS = new Set(['description', 'summary', 'title']);

/** Walks `root` once; see DocumentScan for what is collected where. */
export function scanDocument(root: unknown): DocumentScan {
  const scan: DocumentScan = { refs: [], discriminatorTargets: new Set(), markupCandidates: [], headerDepths: new Map() };
  const path: PathSegment[] = []; // the walk's stack: copied only for what is collected
  const walk = (value: unknown, refs: boolean, texts: boolean): void => {
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        walk(value[index], refs, texts);
        path.pop();
      }
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (refs && typeof record.$ref === 'string') scan.refs.push({ ref: record.$ref, path: path.slice(), holder: record });
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      const child = record[key];
      if (typeof child === 'string') {
        if (texts && TEXT_KEYS.has(key) && (child.includes('<') || child.includes(':'))) scan.markupCandidates.push({ path: path.slice(), key, text: child });
      } else if (child && typeof child === 'object') {
        if (key === 'discriminator') addMappingTargets(scan.discriminatorTargets, child);
        if (texts && key === 'headers') declareHeaders(scan.headerDepths, child, path.length);
        const literal = key === 'example' || (key === 'value' && path[path.length - 2] === 'examples');
        path.push(key);
        walk(child, refs && !literal, texts && key !== 'example' && key !== 'examples');
        path.pop();
      }
    }
  };
  walk(root, true, true);
  return scan;
}

function addMappingTargets(targets: Set<string>, discriminator: object): void {
  for (const target of Object.values(asRecord(asRecord(discriminator)?.mapping) ?? {})) {
    if (typeof target === 'string') targets.add(target.split('/').pop()!);
  }
}

function declareHeaders(depths: Map<string, number>, headers: object, depth: number): void {
  for (const name of Object.keys(headers)) {
    const header = name.toLowerCase();
    const shallowest = depths.get(header);
    if (shallowest === undefined || depth < shallowest) depths.set(header, depth);
  }
}
