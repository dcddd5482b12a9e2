/**
 * archbench.yaml as an editable YAML document: find and change components, flows, boundaries and
 * references through the `yaml` Document API, so comments, blank lines and the formatting of every
 * untouched entry survive an edit.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { RpcError } from '../../shared/contract/errors.js';

/** The overlay file, always at the project root. */
export const OVERLAY_FILE = 'archbench.yaml';

/** What a new archbench.yaml starts with. */
export const OVERLAY_HEADER = '# Archbench overlay: what the files cannot say (components, flows, trust boundaries, risk decisions).\n'
  + '# Versioned with the project; design edits from the diagram are written here. Schema: archbench.schema.json\n';

/** A declared trust boundary entry, wherever it is nested. */
export interface BoundaryEntry {
  id: string;
  node: YAMLMap;
  /** The sequence holding it: `trustBoundaries` or a parent's `children`. */
  container: YAMLSeq;
  parent?: BoundaryEntry;
}

/** archbench.yaml text parsed for editing; refuses text with syntax errors or a non-mapping top level. */
export class OverlayDocument {
  readonly doc: Document;
  /** `[ a, b ]` rather than `[a, b]`: whichever the file mostly uses (the whole document is re-serialised). */
  private readonly flowPadding: boolean;

  constructor(text: string) {
    this.doc = parseDocument(text, { keepSourceTokens: false });
    const padded = text.match(/[[{] [^\s\]}]/g)?.length ?? 0;
    const tight = text.match(/[[{][^\s\]}]/g)?.length ?? 0;
    this.flowPadding = padded > tight;
    if (this.doc.errors.length) {
      const error = this.doc.errors[0];
      const line = error.linePos?.[0]?.line ?? 1;
      throw new RpcError('invalid-args', `archbench.yaml has a syntax error at line ${line}: ${error.message.split('\n')[0]}. Fix it in the editor before editing the design.`, { file: OVERLAY_FILE, line });
    }
    if (this.doc.contents === null) (this.doc as { contents: unknown }).contents = this.doc.createNode({});
    else if (!isMap(this.doc.contents)) throw new RpcError('invalid-args', 'archbench.yaml must be a mapping at the top level.', { file: OVERLAY_FILE });
  }

  get top(): YAMLMap {
    return this.doc.contents as unknown as YAMLMap;
  }

  toString(): string {
    return this.doc.toString({ lineWidth: 0, flowCollectionPadding: this.flowPadding });
  }

  /** The top-level mapping under `key`, created (block style) when asked. */
  map(key: string, create: true): YAMLMap;
  map(key: string, create?: false): YAMLMap | undefined;
  map(key: string, create = false): YAMLMap | undefined {
    const node = this.top.get(key, true);
    if (isMap(node)) return node;
    if (!create) return undefined;
    const fresh = this.doc.createNode({}) as YAMLMap;
    this.top.set(key, fresh);
    return fresh;
  }

  /** The top-level sequence under `key`, created (block style) when asked. */
  seq(key: string, create: true): YAMLSeq;
  seq(key: string, create?: false): YAMLSeq | undefined;
  seq(key: string, create = false): YAMLSeq | undefined {
    const node = this.top.get(key, true);
    if (isSeq(node)) return node;
    if (!create) return undefined;
    const fresh = this.doc.createNode([]) as YAMLSeq;
    this.top.set(key, fresh);
    return fresh;
  }

  /** The `components` entry keyed `id`. */
  componentPair(id: string): Pair<unknown, unknown> | undefined {
    return this.map('components')?.items.find((pair) => keyText(pair.key) === id);
  }

  componentIds(): string[] {
    return (this.map('components')?.items ?? []).map((pair) => keyText(pair.key)).filter((key): key is string => key !== undefined);
  }

  /** The component's entry as a mapping, replacing an empty (`id:`) value with one. */
  componentMap(id: string, create: boolean): YAMLMap | undefined {
    let pair = this.componentPair(id);
    if (!pair) {
      if (!create) return undefined;
      const components = this.map('components', true);
      components.flow = false;
      components.set(this.doc.createNode(id), this.doc.createNode({}));
      pair = this.componentPair(id)!;
    }
    if (!isMap(pair.value)) {
      const fresh = this.doc.createNode({}) as YAMLMap;
      if (isScalar(pair.value)) fresh.comment = pair.value.comment;
      pair.value = fresh;
    }
    const map = pair.value as YAMLMap;
    return map;
  }

  removeComponent(id: string): void {
    const components = this.map('components');
    const pair = this.componentPair(id);
    if (components && pair) components.items.splice(components.items.indexOf(pair), 1);
  }

  /** Flow entries naming the pair, in file order. */
  flowEntries(from: string, to: string): YAMLMap[] {
    return (this.seq('flows')?.items ?? []).filter((item): item is YAMLMap => isMap(item) && item.get('from') === from && item.get('to') === to);
  }

  removeFlowEntries(predicate: (from: unknown, to: unknown) => boolean): number {
    const flows = this.seq('flows');
    if (!flows) return 0;
    const before = flows.items.length;
    flows.items = flows.items.filter((item) => !(isMap(item) && predicate(item.get('from'), item.get('to'))));
    return before - flows.items.length;
  }

  /** Every declared trust boundary, nested ones included (inline `children`), outer first. */
  boundaries(): BoundaryEntry[] {
    const out: BoundaryEntry[] = [];
    const walk = (container: YAMLSeq, parent: BoundaryEntry | undefined, depth: number) => {
      if (depth > 32) return;
      for (const item of container.items) {
        if (!isMap(item)) continue;
        const id = item.get('id') ?? item.get('name');
        if (typeof id !== 'string') continue;
        const entry: BoundaryEntry = { id, node: item, container, parent };
        out.push(entry);
        const children = item.get('children', true);
        if (isSeq(children)) walk(children, entry, depth + 1);
      }
    };
    const top = this.seq('trustBoundaries');
    if (top) walk(top, undefined, 0);
    return out;
  }

  boundary(id: string): BoundaryEntry | undefined {
    return this.boundaries().find((entry) => entry.id === id);
  }

  /** A sequence of plain strings under `key` of `map`, created (flow style, `[a, b]`) when asked. */
  stringList(map: YAMLMap, key: string, create: boolean): YAMLSeq | undefined {
    const node = map.get(key, true);
    if (isSeq(node)) return node;
    if (!create) return undefined;
    const fresh = this.doc.createNode([]) as YAMLSeq;
    fresh.flow = true;
    map.set(key, fresh);
    return fresh;
  }

  /** Set (or, for null, delete) keys of a mapping; unchanged scalars keep their comments. */
  setProps(map: YAMLMap, props: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined) continue;
      if (value === null) { map.delete(key); continue; }
      const existing = map.get(key, true);
      if (isScalar(existing) && typeof value !== 'object') existing.value = value;
      else map.set(key, this.doc.createNode(value));
    }
    if (map.flow && map.items.length > 3) map.flow = false;
  }
}

/** A mapping key as text (keys in archbench.yaml are plain scalars). */
export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null || key.value === undefined ? undefined : String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** Replace every string item equal to `from` in a sequence; returns how many changed. */
export function replaceInList(seq: YAMLSeq | undefined, from: string, to: string): number {
  if (!seq) return 0;
  let changed = 0;
  seq.items.forEach((item, index) => {
    if (isScalar(item) && item.value === from) { item.value = to; changed++; }
    else if (item === from) { seq.items[index] = to; changed++; }
  });
  return changed;
}

/** Remove every string item equal to `value`; returns how many were removed. */
export function removeFromList(seq: YAMLSeq | undefined, value: string): number {
  if (!seq) return 0;
  const before = seq.items.length;
  seq.items = seq.items.filter((item) => !(item === value || (isScalar(item) && item.value === value)));
  return before - seq.items.length;
}

/** True when the list holds `value` as a plain string. */
export function listHas(seq: YAMLSeq | undefined, value: string): boolean {
  return !!seq?.items.some((item) => item === value || (isScalar(item) && item.value === value));
}
