/**
 * The OpenAPI documents behind the model, re-read with positions so document-level rules
 * (servers, components, references, path templates) can point at the exact line. One workspace
 * per analysis run (cached on the rule context), so a 1.5 MB spec is parsed once for all rules.
 *
 * Root specs are the files the model's HTTP endpoints come from that declare `openapi` or
 * `swagger`; every file reachable from them through `$ref` is read too, so references and
 * component usage are judged across files.
 */
import { posix } from 'node:path';
import type { Endpoint, SourceLocation } from '../../../../../shared/model/model.js';
import { asRecord } from '../../../../ingest/elements.js';
import { DEFAULT_LIMITS } from '../../../../ingest/limits.js';
import { jsonPointer, parseStructuredShared, type LocatedDocument, type PathSegment } from '../../../../ingest/positions.js';
import type { RuleContext } from '../../../rule.js';
import { scanDocument, type DocumentScan } from './document-scan.js';

/** A value in a parsed document, with where it lives. */
export interface Located {
  value: unknown;
  file: string;
  document: LocatedDocument;
  path: PathSegment[];
}

/** A root OpenAPI / Swagger document. */
export interface Spec {
  file: string;
  document: LocatedDocument;
  root: Record<string, unknown>;
  /** Swagger 2.0 (`securityDefinitions`, `definitions`, `host`). */
  swagger: boolean;
  /** The `openapi` or `swagger` version string. */
  version: string;
}

/** One operation of a root spec as written (path items followed through `$ref`). */
export interface SpecOperation {
  spec: Spec;
  path: string;
  method: string;
  /** The operation object. */
  at: Located;
  /** The path item that holds it. */
  item: Located;
  /** The model endpoint built from it, when the ingest made one. */
  endpoint?: Endpoint;
}

/** One `$ref` found in a document, with its target when it resolves. */
export interface RefUse {
  ref: string;
  /** The object that holds the `$ref` key. */
  at: Located;
  target?: Located;
  /** Why it does not resolve; undefined when it does or when it is remote (not fetched). */
  problem?: string;
  remote?: boolean;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const cache = new WeakMap<RuleContext, SpecWorkspace>();

/** Conventional names of a root OpenAPI document, tried when only a split-out path file is known. */
const ROOT_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.json', 'swagger.yaml', 'swagger.yml', 'swagger.json', 'api.yaml', 'api.yml', 'api.json', 'spec.yaml', 'spec.yml', 'index.yaml', 'index.yml', 'main.yaml', 'root.yaml'];

/** The folders containing `file`, innermost first ('' is the project root). */
function ancestors(file: string): string[] {
  const out: string[] = [];
  let folder = posix.dirname(file);
  for (;;) {
    out.push(folder === '.' ? '' : folder);
    if (folder === '.' || folder === '/' || !folder) return out;
    folder = posix.dirname(folder);
  }
}

export class SpecWorkspace {
  private readonly documents = new Map<string, LocatedDocument | null>();
  /** `$ref` resolutions by the file they are written in, then by the reference: the same answer every time. */
  private readonly resolutions = new Map<string, Map<string, { target?: Located; problem?: string; remote?: boolean }>>();
  private readonly operationByEndpoint = new Map<Endpoint, Located | undefined>();
  /** One walk per document for the rules that look at every part of it (see document-scan.ts). */
  private readonly scans = new Map<string, DocumentScan | undefined>();
  private specList?: Spec[];
  private refList?: RefUse[];
  private operationList?: SpecOperation[];
  private operationsByEndpoint?: Map<Endpoint, SpecOperation>;

  private constructor(private readonly context: RuleContext) {}

  /** The workspace of one analysis run. */
  static of(context: RuleContext): SpecWorkspace {
    let workspace = cache.get(context);
    if (!workspace) {
      workspace = new SpecWorkspace(context);
      cache.set(context, workspace);
    }
    return workspace;
  }

  /**
   * Root specs, in file order. An endpoint whose path item lives in another file carries that file, so
   * when an endpoint file is a fragment the root is looked for under conventional names in its folder
   * and the folders above it (the rule context cannot list folders).
   */
  get specs(): Spec[] {
    if (this.specList) return this.specList;
    const endpointFiles = [...new Set(this.context.model.endpoints.filter((endpoint) => endpoint.protocol === 'http').map((endpoint) => endpoint.source.file))];
    const roots = new Set<string>();
    const fragments: string[] = [];
    for (const file of endpointFiles) {
      if (this.rootOf(file)) roots.add(file);
      else fragments.push(file);
    }
    for (const fragment of fragments) {
      const found = ancestors(fragment).flatMap((folder) => ROOT_NAMES.map((name) => folder ? `${folder}/${name}` : name)).find((candidate) => this.rootOf(candidate));
      if (found) roots.add(found);
    }
    this.specList = [...roots].sort().map((file) => this.rootOf(file)!);
    return this.specList;
  }

  private rootOf(file: string): Spec | undefined {
    const document = this.document(file);
    const root = asRecord(document?.value);
    const version = root?.openapi ?? root?.swagger;
    if (!document || !root || version === undefined) return undefined;
    return { file, document, root, swagger: root.swagger !== undefined, version: String(version) };
  }

  /** The parsed document of a project file (undefined when it cannot be read or parsed). */
  document(file: string): LocatedDocument | undefined {
    if (this.documents.has(file)) return this.documents.get(file) ?? undefined;
    const text = this.context.readText(file);
    // The ingest's guards apply here too: a file it would not read is not read for positions either.
    const document = text === undefined || text.length > DEFAULT_LIMITS.maxBytes ? undefined : parseStructuredShared(text, file, DEFAULT_LIMITS).documents[0];
    this.documents.set(file, document ?? null);
    return document;
  }

  /** The value at `path` of a spec (its value is undefined when nothing is there). */
  at(spec: Spec, path: PathSegment[]): Located {
    return { value: valueAt(spec.root, path), file: spec.file, document: spec.document, path };
  }

  /** A child of a located value. */
  child(at: Located, ...segments: PathSegment[]): Located {
    return { value: valueAt(at.value, segments), file: at.file, document: at.document, path: at.path.concat(segments) };
  }

  /** Follow `$ref`s until a value that is not a reference (a dead end or a cycle returns the last reference). */
  deref(at: Located): Located {
    if (typeof asRecord(at.value)?.$ref !== 'string') return at;
    let current = at;
    const seen: Located[] = []; // the places passed: a chain is a few hops long
    for (let hops = 0; hops < 32; hops++) {
      const ref = asRecord(current.value)?.$ref;
      if (typeof ref !== 'string') return current;
      if (atAnyOf(seen, current)) return current;
      seen.push(current);
      const resolved = this.resolve(ref, current);
      if (!resolved.target) return current;
      current = resolved.target;
    }
    return current;
  }

  /** Where a `$ref` written at `from` points. */
  resolve(ref: string, from: Located): { target?: Located; problem?: string; remote?: boolean } {
    // The answer depends only on the reference and the file it is written in.
    let inFile = this.resolutions.get(from.file);
    if (!inFile) this.resolutions.set(from.file, inFile = new Map());
    let resolved = inFile.get(ref);
    if (!resolved) {
      resolved = this.resolveUncached(ref, from.file);
      inFile.set(ref, resolved);
    }
    return resolved;
  }

  private resolveUncached(ref: string, fromFile: string): { target?: Located; problem?: string; remote?: boolean } {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return { remote: true };
    const hash = ref.indexOf('#');
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    if (fragment && !fragment.startsWith('/')) return { remote: true }; // a plain-name anchor ($anchor): not a pointer
    const file = filePart ? posix.normalize(posix.join(posix.dirname(fromFile), filePart)) : fromFile;
    const document = this.document(file);
    if (!document) return { problem: `${file} cannot be read` };
    const path = fragment ? fragment.split('/').slice(1).map(decodeSegment) : [];
    let value: unknown = document.value;
    for (const segment of path) {
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
      if (value === undefined) return { problem: `${file} has nothing at #${fragment}` };
    }
    return { target: { value, file, document, path } };
  }

  /** What one walk over the whole document found (see document-scan.ts); undefined when it cannot be read. */
  scan(file: string): DocumentScan | undefined {
    if (this.scans.has(file)) return this.scans.get(file);
    const document = this.document(file);
    const scan = document ? scanDocument(document.value) : undefined;
    this.scans.set(file, scan);
    return scan;
  }

  /** Every `$ref` in the root specs and in the files they reach. */
  get refs(): RefUse[] {
    if (this.refList) return this.refList;
    const out: RefUse[] = [];
    const visited = new Set<string>();
    const queue = this.specs.map((spec) => spec.file);
    while (queue.length) {
      const file = queue.shift()!;
      if (visited.has(file)) continue;
      visited.add(file);
      const document = this.document(file);
      if (!document) continue;
      for (const { ref, path, holder } of this.scan(file)!.refs) {
        const at: Located = { value: holder, file, document, path };
        const resolved = this.resolve(ref, at);
        out.push({ ref, at, ...resolved });
        if (resolved.target && resolved.target.file !== file) queue.push(resolved.target.file);
      }
    }
    this.refList = out;
    return out;
  }

  /** Every operation of every root spec. */
  get operations(): SpecOperation[] {
    if (this.operationList) return this.operationList;
    const byLocation = new Map<string, Endpoint>();
    for (const endpoint of this.context.model.endpoints) {
      if (endpoint.protocol === 'http') byLocation.set(`${endpoint.source.file}|${endpoint.source.pointer}`, endpoint);
    }
    this.operationList = [];
    for (const spec of this.specs) {
      const paths = this.deref(this.at(spec, ['paths']));
      for (const path of Object.keys(asRecord(paths.value) ?? {})) {
        const item = this.deref(this.child(paths, path));
        const methods = asRecord(item.value);
        if (!methods) continue;
        for (const method of HTTP_METHODS) {
          if (!asRecord(methods[method])) continue;
          const at = this.child(item, method);
          this.operationList.push({ spec, path, method, at, item, endpoint: byLocation.get(`${at.file}|${jsonPointer(at.path)}`) });
        }
      }
    }
    return this.operationList;
  }

  /** The first of `operations` built into `endpoint`. */
  private listedOperation(endpoint: Endpoint): SpecOperation | undefined {
    if (!this.operationsByEndpoint) {
      this.operationsByEndpoint = new Map();
      for (const operation of this.operations) {
        if (operation.endpoint && !this.operationsByEndpoint.has(operation.endpoint)) this.operationsByEndpoint.set(operation.endpoint, operation);
      }
    }
    return this.operationsByEndpoint.get(endpoint);
  }

  /**
   * The operation object a model endpoint was built from: the `at` of its listed operation when it has one (the same
   * object, so what is kept per operation is shared by the rules that start from endpoints and those that start from operations).
   */
  operationOf(endpoint: Endpoint): Located | undefined {
    if (this.operationByEndpoint.has(endpoint)) return this.operationByEndpoint.get(endpoint);
    const operation = this.findOperation(endpoint);
    this.operationByEndpoint.set(endpoint, operation);
    return operation;
  }

  private findOperation(endpoint: Endpoint): Located | undefined {
    if (endpoint.protocol !== 'http' || endpoint.source.pointer === undefined) return undefined;
    const listed = this.listedOperation(endpoint);
    if (listed) return listed.at;
    const document = this.document(endpoint.source.file);
    if (!document) return undefined;
    const path = endpoint.source.pointer.split('/').slice(1).map(decodeSegment);
    const value = valueAt(document.value, path);
    return asRecord(value) ? { value, file: endpoint.source.file, document, path } : undefined;
  }

  /** Location of something inside an endpoint's operation (`responses`, `202`); the nearest existing part when it is absent. */
  locationIn(endpoint: Endpoint, ...segments: PathSegment[]): SourceLocation {
    const operation = this.operationOf(endpoint);
    return operation ? this.location(this.child(operation, ...segments)) : endpoint.source;
  }

  /** The spec whose operations include `endpoint`. */
  specOf(endpoint: Endpoint): Spec | undefined {
    return this.listedOperation(endpoint)?.spec ?? this.specs.find((spec) => spec.file === endpoint.source.file);
  }

  /** Source location of a located value (the key of a map entry, the start of a list item). */
  location(at: Pick<Located, 'file' | 'document' | 'path'>): SourceLocation {
    const position = at.document.locate(at.path);
    return { file: at.file, line: position.line, column: position.column, pointer: jsonPointer(at.path) };
  }
}

/** `GET /users/{id}`: an operation read from the document, named as the model names its endpoint. */
export function operationLabel(operation: SpecOperation): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/** The element id of an operation read from the document (the same as its endpoint's element). */
export function operationElement(operation: SpecOperation): string {
  return `${operation.at.file}#${operationLabel(operation)}`;
}

/** The value at a path below `root`. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (let index = 0; index < path.length; index++) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[path[index]];
  }
  return value;
}

/** True when `record` has one of `keys`: a walk tells the many leaves it need not look into with one pass over their keys. */
export function hasAnyKey(record: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in record) if (keys.has(key)) return true;
  return false;
}

/** True when two located values are at the same place: the same file and JSON pointer (`elementAt` without building it). */
export function samePlace(a: Pick<Located, 'file' | 'path'>, b: Pick<Located, 'file' | 'path'>): boolean {
  if (a.file !== b.file || a.path.length !== b.path.length) return false;
  for (let index = 0; index < a.path.length; index++) {
    if (a.path[index] !== b.path[index] && String(a.path[index]) !== String(b.path[index])) return false;
  }
  return true;
}

/** True when `at` is at one of `places` (samePlace). */
export function atAnyOf(places: readonly Pick<Located, 'file' | 'path'>[], at: Pick<Located, 'file' | 'path'>): boolean {
  for (let index = 0; index < places.length; index++) if (samePlace(places[index], at)) return true;
  return false;
}

/** `file#pointer`: the element id of a spec location. */
export function elementAt(at: Pick<Located, 'file' | 'path'>): string {
  return `${at.file}#${jsonPointer(at.path)}`;
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%') && !segment.includes('~')) return segment; // nothing to decode: the common case
  let text = segment;
  try { text = decodeURIComponent(segment); } catch { /* keep as written */ }
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}
