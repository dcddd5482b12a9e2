/**
 * YAML and JSON parsing with source positions. Importers work on plain values (aliases and
 * merge keys resolved) and ask the document for the line and column of a path only when they
 * create an element, so positions cost nothing for the parts of a file nobody points at.
 *
 * Pointers: specs get JSON pointers (`/paths/~1users/get`); compose and Kubernetes get YAML paths
 * (`services.api.ports[0]`, prefixed with the document index for multi-document files: `[2].spec.replicas`).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../../shared/model/model.js';
import { locateOffset, parseSimpleYaml } from './fast-yaml.js';
import { measureValue, scanJsonDepth, scanYamlDepth, type IngestLimits } from './limits.js';

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
}

/** One parsed document: its value and a way back from a path to the text. */
export interface LocatedDocument {
  value: unknown;
  /** Index of the document in a multi-document YAML file (0 for JSON). */
  index: number;
  /** Position of the entry at `path` (the key of a map entry, the start of a list item), or of its nearest existing ancestor. */
  locate(path: readonly PathSegment[]): Position;
  /** Position of a character offset in the file. */
  position(offset: number): Position;
}

export interface ParseResult {
  documents: LocatedDocument[];
  diagnostics: Diagnostic[];
}

const START: Position = { line: 1, column: 1 };

/** Files at least this large try the fast reader first (generated specs); smaller ones go straight to `yaml`. */
export const FAST_YAML_THRESHOLD = 64 * 1024;

/** Parse every YAML document of `text` with the alias, depth and cycle guards applied. */
export function parseYamlDocuments(text: string, file: string, limits: IngestLimits, fastThreshold = FAST_YAML_THRESHOLD): ParseResult {
  if (keeping > 0 && fastThreshold === FAST_YAML_THRESHOLD) return sharedParse('yaml', text, file, limits);
  return parseYaml(text, file, limits, fastThreshold);
}

function parseYaml(text: string, file: string, limits: IngestLimits, fastThreshold: number): ParseResult {
  const diagnostics: Diagnostic[] = [];
  if (text.length >= fastThreshold) {
    // No aliases, so no cycles; the reader counts the nesting itself and leaves anything deeper than the limit to the path below.
    const fast = parseSimpleYaml(text, limits.maxDepth);
    if (fast) {
      const starts = fast.lineStarts;
      const position = (offset: number): Position => positionIn(starts, offset);
      const document: LocatedDocument = { value: fast.value, index: 0, position, locate: (path) => position(locateOffset(fast, path)) };
      fastDocuments.add(document);
      return { documents: [document], diagnostics };
    }
  }
  const depth = scanYamlDepth(text, limits.maxDepth);
  if (depth > limits.maxDepth) {
    diagnostics.push({ file, line: 1, column: 1, severity: 'error', code: 'limit.depth', message: `Nesting deeper than ${limits.maxDepth} levels; file not parsed.` });
    return { documents: [], diagnostics };
  }
  const lineCounter = new LineCounter();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return line === 0 ? { line: 1, column: offset + 1 } : { line, column: col };
  };
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: true, logLevel: 'error' }) as Document.Parsed[];
    if (!Array.isArray(parsed)) parsed = [parsed];
  } catch (error) {
    diagnostics.push(failure(file, error, limits));
    return { documents: [], diagnostics };
  }
  const documents: LocatedDocument[] = [];
  for (const [index, doc] of parsed.entries()) {
    for (const problem of [...doc.errors, ...doc.warnings]) {
      const linePos = problem.linePos?.[0];
      const at = linePos ? { line: linePos.line, column: linePos.col } : position(problem.pos[0]);
      diagnostics.push({
        file,
        line: at.line,
        column: at.column,
        severity: doc.errors.includes(problem as never) ? 'error' : 'warning',
        code: doc.errors.includes(problem as never) ? 'yaml.parse' : 'yaml.warning',
        message: firstLine(problem.message),
      });
    }
    if (isEmptyDocument(doc)) continue; // `---` with nothing after it
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      const alias = /Unresolved alias.*: (\S+)$/.exec(error instanceof Error ? error.message : '');
      const index = alias ? text.indexOf(`*${alias[1]}`, doc.range?.[0] ?? 0) : -1;
      const at = position(index >= 0 ? index : doc.range?.[0] ?? 0);
      diagnostics.push(alias
        ? { file, line: at.line, column: at.column, severity: 'error', code: 'yaml.parse', message: `Alias *${alias[1]} names no anchor defined before it; document skipped.` }
        : { ...failure(file, error, limits, 'yaml.parse'), line: at.line, column: at.column });
      continue;
    }
    const measured = measureValue(value, limits.maxDepth);
    if (measured.cyclic || measured.depth > limits.maxDepth) {
      const at = position(doc.range?.[0] ?? 0);
      diagnostics.push({
        file, line: at.line, column: at.column, severity: 'error', code: 'limit.depth',
        message: measured.cyclic ? 'A recursive alias makes this document infinitely deep; document skipped.' : `Nesting deeper than ${limits.maxDepth} levels; document skipped.`,
      });
      continue;
    }
    documents.push({ value, index, position, locate: (path) => locateYaml(doc, path, position) });
  }
  return { documents, diagnostics };
}

/** Parse JSON (comments and trailing commas tolerated) with the depth guard applied. */
export function parseJsonDocument(text: string, file: string, limits: IngestLimits): ParseResult {
  if (keeping > 0) return sharedParse('json', text, file, limits);
  return parseJson(text, file, limits);
}

function parseJson(text: string, file: string, limits: IngestLimits): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lines = lineStarts(text);
  const position = (offset: number): Position => positionIn(lines, offset);
  if (scanJsonDepth(text, limits.maxDepth) > limits.maxDepth) {
    diagnostics.push({ file, line: 1, column: 1, severity: 'error', code: 'limit.depth', message: `Nesting deeper than ${limits.maxDepth} levels; file not parsed.` });
    return { documents: [], diagnostics };
  }
  const errors: ParseError[] = [];
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (error) {
    diagnostics.push(failure(file, error, limits));
    return { documents: [], diagnostics };
  }
  for (const error of errors.slice(0, 20)) {
    const at = position(error.offset);
    diagnostics.push({ file, line: at.line, column: at.column, severity: 'error', code: 'json.parse', message: `JSON syntax error: ${printParseErrorCode(error.error)}` });
  }
  if (!tree) return { documents: [], diagnostics };
  const root = tree;
  return {
    documents: [{ value: getNodeValue(root), index: 0, position, locate: (path) => locateJson(root, path, position) }],
    diagnostics,
  };
}

/** JSON when the file says so (extension, detail or a leading `{`), YAML otherwise. */
export function parseStructured(text: string, file: string, limits: IngestLimits, detail?: string): ParseResult {
  return looksLikeJson(text, file, detail) ? parseJsonDocument(text, file, limits) : parseYamlDocuments(text, file, limits);
}

/*
 * Parses shared between readers of the same file: the rules read again the specs and manifests the ingest
 * has just read, and in the workbench's analysis worker they read the same unchanged files on every run.
 * An entry is used only for the same file, parser and limits and the same text, so a changed file is parsed
 * again. Bounded by entries and by weight (about 25 MB held at most); the least recently used goes first.
 * Shared results are read-only: importers and rules build new objects from parsed values and never write to them.
 */
const SHARED_MAX_ENTRIES = 64;
const SHARED_MAX_WEIGHT = 4 * 1024 * 1024;
/** Weight per character: the fast reader's values hold about 4 bytes per character, `yaml` and `jsonc-parser` trees about 45. */
const FAST_WEIGHT = 1;
const TREE_WEIGHT = 12;
const shared = new Map<string, { text: string; result: ParseResult; weight: number }>();
let sharedWeight = 0;
/** Documents read by the fast YAML reader (the light ones). */
const fastDocuments = new WeakSet<LocatedDocument>();
/** Above zero while the parses made are kept for later readers (see `keepingParses`). */
let keeping = 0;

/** Run `fn` with the parses it makes kept for later readers: the ingest of files the rules read again. */
export function keepingParses<T>(fn: () => T): T {
  keeping++;
  try {
    return fn();
  } finally {
    keeping--;
  }
}

/** `parseStructured` through the shared parses: the same file with the same text is parsed once. Do not modify the result. */
export function parseStructuredShared(text: string, file: string, limits: IngestLimits): ParseResult {
  return sharedParse(looksLikeJson(text, file) ? 'json' : 'yaml', text, file, limits);
}

/** `parseYamlDocuments` through the shared parses. Do not modify the result. */
export function parseYamlDocumentsShared(text: string, file: string, limits: IngestLimits): ParseResult {
  return sharedParse('yaml', text, file, limits);
}

function sharedParse(parser: 'json' | 'yaml', text: string, file: string, limits: IngestLimits): ParseResult {
  const key = `${parser}\u0000${limits.maxDepth}\u0000${limits.maxAliasCount}\u0000${file}`;
  const entry = shared.get(key);
  if (entry) {
    shared.delete(key);
    sharedWeight -= entry.weight;
  }
  const result = entry && entry.text === text ? entry.result
    : parser === 'json' ? parseJson(text, file, limits) : parseYaml(text, file, limits, FAST_YAML_THRESHOLD);
  const weight = text.length * (result.documents.length === 1 && fastDocuments.has(result.documents[0]) ? FAST_WEIGHT : TREE_WEIGHT);
  if (weight <= SHARED_MAX_WEIGHT) {
    shared.set(key, { text, result, weight }); // (re)inserted last: the most recently used
    sharedWeight += weight;
    for (const [oldest, { weight: dropped }] of shared) {
      if (shared.size <= SHARED_MAX_ENTRIES && sharedWeight <= SHARED_MAX_WEIGHT) break;
      shared.delete(oldest);
      sharedWeight -= dropped;
    }
  }
  return { documents: [...result.documents], diagnostics: [...result.diagnostics] };
}

/** True when `text` should be read as JSON. */
export function looksLikeJson(text: string, file: string, detail?: string): boolean {
  return /\.json$/i.test(file) || detail === 'json' || /^\s*[{[]/.test(text.slice(0, 200)) && !/\.ya?ml$/i.test(file);
}

/** `services.api.ports[0]`; `[2].spec.replicas` when the document index is given for a multi-document file. */
export function yamlPath(path: readonly PathSegment[], documentIndex?: number): string {
  let out = documentIndex === undefined ? '' : `[${documentIndex}]`;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** RFC 6901 JSON pointer for a path. */
export function jsonPointer(path: readonly PathSegment[]): string {
  // Hot in the API rules (every schema they visit is keyed by its pointer): escape only segments that need it.
  let out = '';
  for (const segment of path) {
    const text = typeof segment === 'string' ? segment : String(segment);
    out += text.includes('~') || text.includes('/') ? '/' + text.replace(/~/g, '~0').replace(/\//g, '~1') : '/' + text;
  }
  return out;
}

/** A source location for `path` in `document`, with a JSON pointer or a YAML path. */
export function sourceAt(
  file: string, document: LocatedDocument, path: readonly PathSegment[],
  style: 'json-pointer' | 'yaml-path' = 'json-pointer', documentIndex?: number,
): SourceLocation {
  const at = document.locate(path);
  return { file, line: at.line, column: at.column, pointer: style === 'json-pointer' ? jsonPointer(path) : yamlPath(path, documentIndex) };
}

function locateYaml(doc: Document.Parsed, path: readonly PathSegment[], position: (offset: number) => Position): Position {
  let node: unknown = doc.contents;
  let offset = (node as YamlNode | null)?.range?.[0] ?? 0;
  for (const segment of path) {
    node = dereference(doc, node);
    if (isMap(node)) {
      const pair = findPair(doc, node, String(segment), 0);
      if (!pair) break;
      offset = (pair.key as YamlNode | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return position(offset);
}

function dereference(doc: Document.Parsed, node: unknown): unknown {
  for (let hops = 0; isAlias(node) && hops < 50; hops++) node = node.resolve(doc);
  return node;
}

type Pair = { key: unknown; value: unknown };

/** The entry `key` of a map, looking through `<<` merge keys as the value does. */
function findPair(doc: Document.Parsed, map: { items: Pair[] }, key: string, depth: number): Pair | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  if (depth > 20) return undefined;
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const source = dereference(doc, pair.value);
    const sources = isSeq(source) ? source.items.map((item) => dereference(doc, item)) : [source];
    for (const candidate of sources) {
      if (!isMap(candidate)) continue;
      const found = findPair(doc, candidate as unknown as { items: Pair[] }, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** `<<` (the parser gives merge keys a symbol value when merge keys are enabled). */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<') || key.source === '<<');
}

function isEmptyDocument(doc: Document.Parsed): boolean {
  if (doc.errors.length) return false;
  const contents = doc.contents as YamlNode | null;
  return contents === null || (isScalar(contents) && contents.value === null && contents.range?.[0] === contents.range?.[1]);
}

function locateJson(root: JsonNode, path: readonly PathSegment[], position: (offset: number) => Position): Position {
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(root, path.slice(0, length) as PathSegment[]);
    if (!node) continue;
    const keyed = node.parent?.type === 'property' ? node.parent : node;
    return position(keyed.offset);
  }
  return START;
}

/** Offsets at which each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of `offset`, given the line starts of its text. */
export function positionIn(starts: ArrayLike<number>, offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

function failure(file: string, error: unknown, limits: IngestLimits, code = 'parse.failed'): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  if (/alias count|resource exhaustion/i.test(message)) {
    return { file, line: 1, column: 1, severity: 'error', code: 'limit.aliases', message: `More than ${limits.maxAliasCount} alias expansions (a "billion laughs" document?); document skipped.` };
  }
  if (error instanceof RangeError) {
    return { file, line: 1, column: 1, severity: 'error', code: 'limit.depth', message: `Too deeply nested to parse (${message}).` };
  }
  return { file, line: 1, column: 1, severity: 'error', code, message: firstLine(message) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
