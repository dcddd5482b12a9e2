/**
 * The semantics of design edits: each DesignOp checked against the model (what other files say) and
 * the archbench.yaml document (what the user declared), then applied to the document. Elements found
 * in compose, Kubernetes or spec files can be annotated but not removed or re-keyed; the refusal says
 * which file and line defines them.
 */
import { isMap, type YAMLMap } from 'yaml';
import { RpcError } from '../../shared/contract/errors.js';
import type { BoundaryProps, ComponentProps, DesignOp, FlowProps } from '../../shared/contract/design.js';
import type { SourceLocation, SystemModel } from '../../shared/model/model.js';
import { fingerprintOf } from '../analysis/fingerprint.js';
import { slugify } from './api-spec.js';
import { listHas, OVERLAY_FILE, removeFromList, replaceInList, type OverlayDocument } from './overlay-document.js';

/** What files other than archbench.yaml contribute: those elements exist whatever the overlay says. */
export interface DesignFacts {
  /** Component id -> the first place another file defines it. */
  components: Map<string, SourceLocation>;
  /** `from\0to` -> where the flow was inferred and how. */
  flows: Map<string, { where: SourceLocation; inferredFrom: string[]; protocols: string[] }>;
  /** Boundaries found elsewhere (compose networks, namespaces) -> where. */
  boundaries: Map<string, SourceLocation>;
}

const pairKey = (from: string, to: string) => `${from}\u0000${to}`;
const elsewhere = (sources: SourceLocation[]) => sources.find((source) => source.file !== OVERLAY_FILE);

/** The discovered part of a model. */
export function designFacts(model: SystemModel): DesignFacts {
  const facts: DesignFacts = { components: new Map(), flows: new Map(), boundaries: new Map() };
  for (const component of model.components) {
    const found = elsewhere([component.source, ...component.sources]);
    if (found) facts.components.set(component.id, found);
  }
  for (const flow of model.flows) {
    const found = elsewhere([flow.source, ...(flow.sources ?? [])]);
    if (!found) continue;
    const key = pairKey(flow.from, flow.to);
    const known = facts.flows.get(key);
    const inferredFrom = flow.inferredFrom.filter((how) => how !== OVERLAY_FILE);
    if (known) {
      known.inferredFrom = [...new Set([...known.inferredFrom, ...inferredFrom])];
      known.protocols = [...new Set([...known.protocols, flow.protocol])];
    } else {
      facts.flows.set(key, { where: found, inferredFrom, protocols: [flow.protocol] });
    }
  }
  for (const boundary of model.trustBoundaries) {
    const found = elsewhere([...(boundary.source ? [boundary.source] : []), ...(boundary.sources ?? [])]);
    if (found) facts.boundaries.set(boundary.id, found);
  }
  return facts;
}

const at = (location: SourceLocation) => `${location.file}:${location.line}`;

function refuse(message: string, details?: Record<string, unknown>): never {
  throw new RpcError('invalid-args', message, details);
}

/** Apply every op to the document in order, or throw (naming the op) without any partial result mattering. */
export function applyDesignOps(doc: OverlayDocument, ops: DesignOp[], facts: DesignFacts): void {
  const editor = new DesignEditor(doc, facts);
  ops.forEach((op, index) => {
    try {
      editor.apply(op);
    } catch (error) {
      if (error instanceof RpcError && ops.length > 1) {
        throw new RpcError(error.code, `Edit ${index + 1} of ${ops.length} (${op.op}): ${error.message} Nothing was changed.`, { ...error.details, op: index });
      }
      throw error;
    }
  });
}

class DesignEditor {
  constructor(private readonly doc: OverlayDocument, private readonly facts: DesignFacts) {}

  apply(op: DesignOp): void {
    switch (op.op) {
      case 'component.add': return this.addComponent(op);
      case 'component.rename': return this.renameComponent(op.id, op.newName);
      case 'component.set': return this.setComponent(op.id, op.props);
      case 'component.remove': return this.removeComponent(op.id);
      case 'flow.add': return this.addFlow(op.from, op.to, op.props ?? {});
      case 'flow.set': return this.setFlow(op.from, op.to, op.props);
      case 'flow.remove': return this.removeFlow(op.from, op.to);
      case 'boundary.add': return this.addBoundary(op);
      case 'boundary.rename': return this.renameBoundary(op.name, op.newName);
      case 'boundary.set': return this.setBoundary(op.name, op.props);
      case 'boundary.remove': return this.removeBoundary(op.name);
      case 'boundary.move': return this.moveToBoundary(op.component, op.to);
    }
  }

  private declared(id: string): boolean {
    return this.doc.componentPair(id) !== undefined;
  }

  private exists(id: string): boolean {
    return this.facts.components.has(id) || this.declared(id);
  }

  private requireComponent(id: string): void {
    if (!this.exists(id)) refuse(`No component "${id}" in the model or in archbench.yaml.`, { component: id });
  }

  private addComponent(op: Extract<DesignOp, { op: 'component.add' }>): void {
    const found = this.facts.components.get(op.id);
    if (found) refuse(`A component "${op.id}" already exists (defined in ${at(found)}). Pick another id.`, { component: op.id, file: found.file, line: found.line });
    if (this.declared(op.id)) refuse(`A component "${op.id}" is already declared in archbench.yaml. Pick another id.`, { component: op.id });
    const boundary = op.boundary === undefined ? undefined : this.requireDeclaredBoundary(op.boundary);
    const map = this.doc.componentMap(op.id, true)!;
    this.doc.setProps(map, { ...(op.name && op.name !== op.id ? { name: op.name } : {}), kind: op.kind });
    this.doc.setProps(map, withoutNulls({ ...op.props, kind: undefined, name: op.props?.name === op.id ? undefined : op.props?.name }));
    if (boundary) this.doc.stringList(boundary.node, 'components', true)!.items.push(this.doc.doc.createNode(op.id));
  }

  private renameComponent(id: string, newName: string): void {
    this.requireComponent(id);
    if (this.facts.components.has(id)) {
      // Found elsewhere: the id is the artifacts' name; only the display name is ours.
      this.setComponent(id, { name: newName === id ? null : newName });
      return;
    }
    const key = slugify(newName);
    if (!key) refuse(`"${newName}" has no letters or digits to make a component id from.`, { component: id });
    if (key !== id) {
      const taken = this.facts.components.get(key);
      if (taken) refuse(`Cannot rename "${id}" to "${newName}": its id "${key}" is already used by the component defined in ${at(taken)}.`, { component: id });
      if (this.declared(key)) refuse(`Cannot rename "${id}" to "${newName}": archbench.yaml already declares a component "${key}".`, { component: id });
      const pair = this.doc.componentPair(id)!;
      pair.key = this.renamedKey(pair.key, key);
      this.replaceReferences(id, key);
    }
    this.doc.setProps(this.doc.componentMap(key, true)!, { name: newName === key ? null : newName });
  }

  private renamedKey(old: unknown, key: string): unknown {
    const node = this.doc.doc.createNode(key) as { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean };
    const previous = old as { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean } | null;
    if (previous && typeof previous === 'object') {
      node.commentBefore = previous.commentBefore;
      node.comment = previous.comment;
      node.spaceBefore = previous.spaceBefore;
    }
    return node;
  }

  /** Every reference to component `from` in archbench.yaml now names `to`. */
  private replaceReferences(from: string, to: string): void {
    for (const map of this.doc.seq('flows')?.items ?? []) {
      if (!isMap(map)) continue;
      if (map.get('from') === from) this.doc.setProps(map, { from: to });
      if (map.get('to') === from) this.doc.setProps(map, { to });
    }
    for (const boundary of this.doc.boundaries()) replaceInList(this.doc.stringList(boundary.node, 'components', false), from, to);
    for (const key of ['apis', 'endpoints']) {
      for (const map of this.doc.seq(key)?.items ?? []) {
        if (isMap(map) && map.get('component') === from) this.doc.setProps(map, { component: to });
      }
    }
    for (const map of this.doc.seq('dataAssets')?.items ?? []) {
      if (!isMap(map)) continue;
      replaceInList(this.doc.stringList(map, 'storedIn', false), from, to);
      replaceInList(this.doc.stringList(map, 'processedBy', false), from, to);
    }
    for (const map of this.doc.seq('risks')?.items ?? []) {
      if (!isMap(map)) continue;
      const element = map.get('element');
      if (typeof element !== 'string') continue;
      const renamed = renameElement(element, from, to);
      if (renamed === element) continue;
      const rule = map.get('rule');
      const fingerprint = map.get('fingerprint');
      this.doc.setProps(map, { element: renamed });
      // Keep the decision matching its finding: recompute the fingerprint when it was the plain (rule, element) one,
      // else drop it so the (rule, element) fallback matches.
      if (typeof rule === 'string' && typeof fingerprint === 'string') {
        this.doc.setProps(map, { fingerprint: fingerprint === fingerprintOf(rule, element) ? fingerprintOf(rule, renamed) : null });
      }
    }
  }

  private setComponent(id: string, props: ComponentProps): void {
    this.requireComponent(id);
    const discovered = this.facts.components.has(id);
    if (discovered && !this.declared(id) && Object.values(props).every((value) => value === null || value === undefined)) return;
    const map = this.doc.componentMap(id, true)!;
    this.doc.setProps(map, { ...props });
    if (discovered && map.items.length === 0) this.doc.removeComponent(id);
  }

  private removeComponent(id: string): void {
    const found = this.facts.components.get(id);
    if (found) {
      refuse(`"${id}" is defined in ${at(found)}, not only in archbench.yaml: remove it there. The diagram can only remove components declared in archbench.yaml.`,
        { component: id, file: found.file, line: found.line });
    }
    if (!this.declared(id)) refuse(`No component "${id}" in archbench.yaml.`, { component: id });
    this.doc.removeComponent(id);
    this.doc.removeFlowEntries((from, to) => from === id || to === id);
    for (const boundary of this.doc.boundaries()) removeFromList(this.doc.stringList(boundary.node, 'components', false), id);
    for (const key of ['apis', 'endpoints']) {
      const seq = this.doc.seq(key);
      if (seq) seq.items = seq.items.filter((item) => !(isMap(item) && item.get('component') === id));
    }
    for (const map of this.doc.seq('dataAssets')?.items ?? []) {
      if (!isMap(map)) continue;
      removeFromList(this.doc.stringList(map, 'storedIn', false), id);
      removeFromList(this.doc.stringList(map, 'processedBy', false), id);
    }
  }

  private describeFlow(from: string, to: string): string | undefined {
    const inferred = this.facts.flows.get(pairKey(from, to));
    if (!inferred) return undefined;
    return `${at(inferred.where)}${inferred.inferredFrom.length ? ` (${inferred.inferredFrom.join(', ')})` : ''}`;
  }

  private addFlow(from: string, to: string, props: FlowProps): void {
    this.requireComponent(from);
    this.requireComponent(to);
    if (from === to) refuse(`A flow needs two different components ("${from}" -> "${to}").`, { from, to });
    const inferred = this.describeFlow(from, to);
    if (inferred) refuse(`The flow ${from} -> ${to} already exists (inferred from ${inferred}); change it with flow.set.`, { from, to });
    if (this.doc.flowEntries(from, to).length) refuse(`The flow ${from} -> ${to} is already declared in archbench.yaml; change it with flow.set.`, { from, to });
    const entry = this.doc.doc.createNode({ from, to }) as YAMLMap;
    this.doc.setProps(entry, withoutNulls(props));
    const flows = this.doc.seq('flows', true);
    flows.flow = false;
    flows.items.push(entry);
  }

  private setFlow(from: string, to: string, props: FlowProps): void {
    const inferred = this.facts.flows.get(pairKey(from, to));
    const entries = this.doc.flowEntries(from, to);
    if (!inferred && !entries.length) refuse(`No flow ${from} -> ${to} in the model or in archbench.yaml; add it with flow.add.`, { from, to });
    if (inferred && inferred.protocols.length > 1 && props.protocol) {
      refuse(`${from} -> ${to} has several inferred flows (${inferred.protocols.join(', ')}, ${this.describeFlow(from, to)}); setting one protocol for the pair would add another flow. Leave the protocol out.`, { from, to });
    }
    if (!entries.length) {
      // An inferred flow: the overlay entry annotates it (the merge matches it by from/to, so it stays one flow).
      const fresh = withoutNulls(props);
      if (!Object.keys(fresh).length) return;
      const entry = this.doc.doc.createNode({ from, to }) as YAMLMap;
      this.doc.setProps(entry, fresh);
      const flows = this.doc.seq('flows', true);
      flows.flow = false;
      flows.items.push(entry);
      return;
    }
    const entry = entries[0];
    this.doc.setProps(entry, { ...props });
    // Nothing left to say about an inferred flow: drop the bare `from/to` entry.
    if (inferred && entry.items.length <= 2) {
      const flows = this.doc.seq('flows')!;
      flows.items.splice(flows.items.indexOf(entry), 1);
    }
  }

  private removeFlow(from: string, to: string): void {
    const inferred = this.describeFlow(from, to);
    if (inferred) refuse(`The flow ${from} -> ${to} is inferred from ${inferred}, not declared in archbench.yaml: change that file to remove it.`, { from, to });
    if (!this.doc.removeFlowEntries((f, t) => f === from && t === to)) refuse(`No flow ${from} -> ${to} in archbench.yaml.`, { from, to });
  }

  private requireDeclaredBoundary(id: string) {
    const entry = this.doc.boundary(id);
    if (entry) return entry;
    const found = this.facts.boundaries.get(id);
    if (found) refuse(`The trust boundary "${id}" comes from ${at(found)}; design edits change the trust boundaries declared in archbench.yaml only.`, { boundary: id, file: found.file, line: found.line });
    return refuse(`No trust boundary "${id}" is declared in archbench.yaml.`, { boundary: id });
  }

  private requireNewBoundaryId(id: string): void {
    const found = this.facts.boundaries.get(id);
    if (found) refuse(`A trust boundary "${id}" already exists (from ${at(found)}). Pick another name.`, { boundary: id });
    if (this.doc.boundary(id)) refuse(`A trust boundary "${id}" is already declared in archbench.yaml. Pick another name.`, { boundary: id });
  }

  private addBoundary(op: Extract<DesignOp, { op: 'boundary.add' }>): void {
    this.requireNewBoundaryId(op.name);
    for (const id of op.components ?? []) this.requireComponent(id);
    const parent = op.parent === undefined ? undefined : this.requireDeclaredBoundary(op.parent);
    const entry = this.doc.doc.createNode({ name: op.name, ...(op.kind ? { kind: op.kind } : {}) }) as YAMLMap;
    if (op.components?.length) this.doc.stringList(entry, 'components', true)!.items.push(...[...new Set(op.components)].map((id) => this.doc.doc.createNode(id)));
    const container = parent ? this.childList(parent.node) : this.doc.seq('trustBoundaries', true);
    container.flow = false;
    container.items.push(entry);
  }

  private childList(node: YAMLMap) {
    const children = this.doc.stringList(node, 'children', true)!;
    children.flow = false;
    return children;
  }

  private renameBoundary(id: string, newName: string): void {
    const entry = this.requireDeclaredBoundary(id);
    if (newName === id) return;
    if (entry.node.has('id')) {
      // An explicit id stays the boundary's identity; the name is only its label.
      this.doc.setProps(entry.node, { name: newName });
      return;
    }
    this.requireNewBoundaryId(newName);
    this.doc.setProps(entry.node, { name: newName });
    for (const other of this.doc.boundaries()) replaceInList(this.doc.stringList(other.node, 'children', false), id, newName);
  }

  private setBoundary(id: string, props: BoundaryProps): void {
    this.doc.setProps(this.requireDeclaredBoundary(id).node, { ...props });
  }

  /** Remove a declared boundary; boundaries nested inside it move up to its place, its components stay in the model. */
  private removeBoundary(id: string): void {
    const entry = this.requireDeclaredBoundary(id);
    const index = entry.container.items.indexOf(entry.node);
    const nested = this.doc.stringList(entry.node, 'children', false)?.items ?? [];
    entry.container.items.splice(index, 1, ...nested.filter((child) => isMap(child)));
    if (entry.container.items.length && entry.container.flow) entry.container.flow = false;
    for (const other of this.doc.boundaries()) removeFromList(this.doc.stringList(other.node, 'children', false), id);
  }

  private moveToBoundary(component: string, to: string | null): void {
    this.requireComponent(component);
    const target = to === null ? undefined : this.requireDeclaredBoundary(to);
    for (const entry of this.doc.boundaries()) {
      if (entry !== target) removeFromList(this.doc.stringList(entry.node, 'components', false), component);
    }
    if (target) {
      const list = this.doc.stringList(target.node, 'components', true)!;
      if (!listHas(list, component)) list.items.push(this.doc.doc.createNode(component));
    }
  }
}

/** A risk's element after renaming component `from` to `to`: the component itself or a flow id naming it. */
function renameElement(element: string, from: string, to: string): string {
  if (element === from) return to;
  const flow = /^(.+?)->(.+?)(:[^:>]+)?$/.exec(element);
  if (!flow) return element;
  const [, source, target, protocol = ''] = flow;
  if (source !== from && target !== from) return element;
  return `${source === from ? to : source}->${target === from ? to : target}${protocol}`;
}

function withoutNulls<T extends object>(props: T): Partial<T> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}
