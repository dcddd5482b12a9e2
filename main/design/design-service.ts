/**
 * Design mode of one open project: edits to archbench.yaml as undoable steps, new API specs and new
 * migrations. Writes go through the project's save path (atomic, artifact table updated) and are
 * announced as on-disk changes, so open editors reload and the model, findings and diagram follow.
 */
import { existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import { RpcError } from '../../shared/contract/errors.js';
import type { CreatedFile, DesignOp, DesignResult, DesignState, NewMigrationResult } from '../../shared/contract/design.js';
import type { Events } from '../../shared/contract/index.js';
import type { SystemModel } from '../../shared/model/model.js';
import { resolveInside } from '../fs/safe-path.js';
import type { Project } from '../project/project.js';
import { sha256 } from '../project/read-artifact.js';
import { apiSpecSkeleton, exampleResource, slugify } from './api-spec.js';
import { applyDesignOps, designFacts } from './design-ops.js';
import { planNewMigration } from './new-migration.js';
import { OVERLAY_FILE, OVERLAY_HEADER, OverlayDocument } from './overlay-document.js';

type Emit = <E extends keyof Events>(event: E, payload: Events[E]) => void;

export interface DesignDeps {
  project: Project;
  /** The model as the workbench shows it (`model.get`). */
  model: () => SystemModel;
  emit: Emit;
  /** Re-analyse soon (debounced). */
  scheduleAnalysis: () => void;
}

/** One undoable step: the whole text before and after (null: the file did not exist). */
interface DesignStep {
  label: string;
  before: string | null;
  after: string | null;
}

/** Undo history kept per open project. */
export const MAX_UNDO_STEPS = 100;

export class DesignService {
  private readonly undoStack: DesignStep[] = [];
  private readonly redoStack: DesignStep[] = [];

  constructor(private readonly deps: DesignDeps) {}

  state(): DesignState {
    const undo = this.undoStack.at(-1);
    const redo = this.redoStack.at(-1);
    return {
      canUndo: !!undo,
      canRedo: !!redo,
      ...(undo ? { undoLabel: undo.label } : {}),
      ...(redo ? { redoLabel: redo.label } : {}),
    };
  }

  /** Apply edits as one step: all are checked and applied to the document before anything is written. */
  apply(ops: DesignOp[], label?: string): DesignResult {
    const before = this.readOverlay();
    const doc = new OverlayDocument(before ?? OVERLAY_HEADER);
    applyDesignOps(doc, ops, designFacts(this.deps.model()));
    const after = doc.toString();
    return this.record({ label: label?.trim() || describeOps(ops), before, after });
  }

  undo(): DesignResult {
    const step = this.undoStack.at(-1);
    if (!step) throw new RpcError('invalid-args', 'Nothing to undo.');
    this.requireText(step.after, step.label, 'undo');
    this.write(step.before);
    this.undoStack.pop();
    this.redoStack.push(step);
    return this.result(step.before, false);
  }

  redo(): DesignResult {
    const step = this.redoStack.at(-1);
    if (!step) throw new RpcError('invalid-args', 'Nothing to redo.');
    this.requireText(step.before, step.label, 'redo');
    this.write(step.after);
    this.redoStack.pop();
    this.undoStack.push(step);
    return this.result(step.after, step.before === null);
  }

  /** A new OpenAPI 3.1 spec beside the project's other specs; with `component`, linked in archbench.yaml `apis`. */
  newApiSpec(name: string, component?: string): CreatedFile {
    const slug = slugify(name) || 'api';
    const folder = this.specFolder();
    const path = this.freePath(folder, slug, '.yaml');
    const text = apiSpecSkeleton(name);
    let link: { before: string | null; after: string } | undefined;
    if (component !== undefined) {
      const model = this.deps.model();
      const before = this.readOverlay();
      const doc = new OverlayDocument(before ?? OVERLAY_HEADER);
      if (!model.components.some((c) => c.id === component) && !doc.componentPair(component)) {
        throw new RpcError('invalid-args', `No component "${component}" to link the new spec to.`, { component });
      }
      const apis = doc.seq('apis', true);
      apis.flow = false;
      apis.items.push(doc.doc.createNode({ spec: path, component }));
      link = { before, after: doc.toString() };
    }
    this.createFile(path, text);
    if (link) this.record({ label: `Link ${path} to ${component}`, ...link });
    const line = text.split('\n').findIndex((l) => l === `  /${exampleResource(name).collection}:`) + 1;
    return { path, line: line || 1 };
  }

  /** The next migration, numbered by the project's convention. */
  newMigration(name: string): NewMigrationResult {
    const project = this.deps.project;
    const sqlPaths = project.artifacts.all().filter((a) => a.kind === 'sql').map((a) => a.path);
    const model = this.deps.model();
    const plan = planNewMigration(sqlPaths, name, {
      order: model.migrations?.order,
      directories: model.migrations?.directories,
      exists: (path) => existsSync(resolveInside(project.root, path)),
    });
    this.createFile(plan.path, plan.text);
    if (plan.appendToOrder) this.appendToMigrationOrder(plan.path);
    return { path: plan.path, line: plan.line, scheme: plan.scheme };
  }

  private appendToMigrationOrder(path: string): void {
    const before = this.readOverlay();
    const doc = new OverlayDocument(before ?? OVERLAY_HEADER);
    const migrations = doc.map('migrations', true);
    const order = doc.stringList(migrations, 'order', true)!;
    order.items.push(doc.doc.createNode(path));
    this.record({ label: `Add ${path} to the migration order`, before, after: doc.toString() });
  }

  private record(step: DesignStep): DesignResult {
    const current = this.readOverlay();
    if (current !== step.before) throw new RpcError('conflict', 'archbench.yaml changed while the edit was prepared; try again.', { path: OVERLAY_FILE });
    if (step.after === step.before) return this.result(step.after, false);
    this.write(step.after);
    this.undoStack.push(step);
    if (this.undoStack.length > MAX_UNDO_STEPS) this.undoStack.splice(0, this.undoStack.length - MAX_UNDO_STEPS);
    this.redoStack.length = 0;
    return this.result(step.after, step.before === null);
  }

  private requireText(expected: string | null, label: string, action: 'undo' | 'redo'): void {
    const current = this.readOverlay();
    if (current === expected) return;
    const what = current === null ? 'archbench.yaml was deleted' : expected === null ? 'archbench.yaml was created' : 'archbench.yaml changed';
    throw new RpcError('conflict', `${what} since that edit ("${label}"); ${action} is not possible. The file was left as it is.`, { path: OVERLAY_FILE });
  }

  private result(text: string | null, created: boolean): DesignResult {
    return { path: OVERLAY_FILE, hash: sha256(Buffer.from(text ?? '', 'utf8')), created, ...this.state() };
  }

  private readOverlay(): string | null {
    try {
      return readFileSync(resolveInside(this.deps.project.root, OVERLAY_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Write (or, for null, delete) archbench.yaml and announce it like any change on disk. */
  private write(text: string | null): void {
    const project = this.deps.project;
    if (text === null) {
      try { unlinkSync(resolveInside(project.root, OVERLAY_FILE)); } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new RpcError('io', `Could not remove archbench.yaml: ${(error as Error).message}`);
      }
      if (project.artifacts.get(OVERLAY_FILE)) {
        project.artifacts.apply({ put: [], remove: [OVERLAY_FILE] });
        this.deps.emit('project.treeChanged', { added: [], removed: [OVERLAY_FILE], changed: [] });
      }
      this.deps.emit('file.changedOnDisk', { path: OVERLAY_FILE, hash: null, mtimeMs: null });
    } else {
      const saved = project.saveFile(OVERLAY_FILE, text);
      this.deps.emit('file.changedOnDisk', { path: saved.path, hash: saved.hash, mtimeMs: saved.mtimeMs });
    }
    this.deps.scheduleAnalysis();
  }

  private createFile(path: string, text: string): void {
    const project = this.deps.project;
    const absolute = resolveInside(project.root, path);
    if (existsSync(absolute)) throw new RpcError('conflict', `"${path}" already exists; it was not overwritten.`, { path });
    mkdirSync(dirname(absolute), { recursive: true });
    project.saveFile(path, text);
    this.deps.scheduleAnalysis();
  }

  /** Where the project's specs live (the folder holding most of them), else `api/`. */
  private specFolder(): string {
    const counts = new Map<string, number>();
    for (const artifact of this.deps.project.artifacts.all()) {
      if (artifact.kind !== 'openapi') continue;
      const folder = posix.dirname(artifact.path);
      counts.set(folder, (counts.get(folder) ?? 0) + 1);
    }
    const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    return best ? best[0] : 'api';
  }

  /** `folder/slug.ext`, or `slug-2.ext`, `slug-3.ext`, ... when taken: never overwrite. */
  private freePath(folder: string, slug: string, extension: string): string {
    for (let n = 1; ; n++) {
      const name = `${slug}${n > 1 ? `-${n}` : ''}${extension}`;
      const path = folder === '.' ? name : `${folder}/${name}`;
      if (!existsSync(resolveInside(this.deps.project.root, path))) return path;
    }
  }
}

/** A label for an edit the caller did not name: "Add component payments", "3 design edits". */
export function describeOps(ops: DesignOp[]): string {
  if (ops.length > 1) return `${ops.length} design edits`;
  const op = ops[0];
  switch (op.op) {
    case 'component.add': return `Add component ${op.id}`;
    case 'component.rename': return `Rename ${op.id} to ${op.newName}`;
    case 'component.set': return `Change ${op.id}`;
    case 'component.remove': return `Remove component ${op.id}`;
    case 'flow.add': return `Add flow ${op.from} -> ${op.to}`;
    case 'flow.set': return `Change flow ${op.from} -> ${op.to}`;
    case 'flow.remove': return `Remove flow ${op.from} -> ${op.to}`;
    case 'boundary.add': return `Add boundary ${op.name}`;
    case 'boundary.rename': return `Rename boundary ${op.name} to ${op.newName}`;
    case 'boundary.set': return `Change boundary ${op.name}`;
    case 'boundary.remove': return `Remove boundary ${op.name}`;
    case 'boundary.move': return op.to === null ? `Take ${op.component} out of its boundaries` : `Move ${op.component} into ${op.to}`;
  }
}
