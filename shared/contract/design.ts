/**
 * Design mode: the diagram as an editor. Every edit is written to the project's archbench.yaml
 * (comments and formatting kept), can be undone and redone, and the model, findings and diagram
 * follow through the usual file-change path. Also: new projects from templates, new API specs and
 * correctly numbered new migrations.
 */
import * as z from 'zod';
import { COMPONENT_KINDS, type ComponentKind, type Criticality, type DataClassification } from '../model/model.js';
import type { ProjectInfo } from './project.js';

const id = z.string().min(1).max(200);
const classification = z.enum(['public', 'internal', 'confidential', 'restricted']);
const criticality = z.enum(['low', 'medium', 'high', 'critical']);

/** Component properties a design edit can set; `null` removes the key from archbench.yaml. */
export interface ComponentProps {
  name?: string | null;
  kind?: ComponentKind | null;
  criticality?: Criticality | null;
  dataClassification?: DataClassification | null;
  internetFacing?: boolean | null;
  replicas?: number | null;
  description?: string | null;
  owner?: string | null;
}

export interface RetryProps { count: number; backoff?: 'none' | 'fixed' | 'exponential'; jitter?: boolean }

/** Flow properties a design edit can set; `null` removes the key. */
export interface FlowProps {
  protocol?: string | null;
  port?: number | null;
  authentication?: string | null;
  encrypted?: boolean | null;
  sync?: boolean | null;
  timeoutMs?: number | null;
  retries?: RetryProps | null;
  circuitBreaker?: boolean | null;
  dataClassification?: DataClassification | null;
  description?: string | null;
}

export interface BoundaryProps {
  kind?: string | null;
  description?: string | null;
}

/**
 * One edit. Components and flows found in other files (compose, Kubernetes, specs) can get
 * properties (written as overlay entries) but cannot be removed or re-keyed from the diagram: the
 * error says which file and line defines them. Renaming a component declared only in archbench.yaml
 * changes its key and every reference to it (flows, boundaries, apis, risks); renaming one found
 * elsewhere sets its display `name`.
 */
export type DesignOp =
  | { op: 'component.add'; id: string; kind: ComponentKind; name?: string; boundary?: string; props?: ComponentProps }
  | { op: 'component.rename'; id: string; newName: string }
  | { op: 'component.set'; id: string; props: ComponentProps }
  | { op: 'component.remove'; id: string }
  | { op: 'flow.add'; from: string; to: string; props?: FlowProps }
  | { op: 'flow.set'; from: string; to: string; props: FlowProps }
  | { op: 'flow.remove'; from: string; to: string }
  | { op: 'boundary.add'; name: string; kind?: string; components?: string[]; parent?: string }
  | { op: 'boundary.rename'; name: string; newName: string }
  | { op: 'boundary.set'; name: string; props: BoundaryProps }
  | { op: 'boundary.remove'; name: string }
  /** Move a component into a declared boundary (`to: null` takes it out of every declared boundary). */
  | { op: 'boundary.move'; component: string; to: string | null };

/** Undo / redo availability, with the label of the edit each would revert or repeat. */
export interface DesignState {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel?: string;
  redoLabel?: string;
}

export interface DesignResult extends DesignState {
  /** Project-relative path of the file written (archbench.yaml). */
  path: string;
  /** SHA-256 of the file after the edit. */
  hash: string;
  /** True when the edit created archbench.yaml. */
  created: boolean;
}

export interface ProjectTemplate {
  id: string;
  title: string;
  description: string;
}

export interface CreatedFile {
  /** Project-relative path of the new file. */
  path: string;
  /** Line to put the cursor on when the file is opened. */
  line: number;
}

export interface NewMigrationResult extends CreatedFile {
  /** How the number was chosen, e.g. "Flyway: V7 follows V6__add_orders.sql". */
  scheme: string;
}

const componentProps = z.object({
  name: z.string().min(1).max(200).nullable(),
  kind: z.enum(COMPONENT_KINDS as [ComponentKind, ...ComponentKind[]]).nullable(),
  criticality: criticality.nullable(),
  dataClassification: classification.nullable(),
  internetFacing: z.boolean().nullable(),
  replicas: z.number().int().min(0).max(100000).nullable(),
  description: z.string().max(4000).nullable(),
  owner: z.string().max(200).nullable(),
}).partial().strict();

const flowProps = z.object({
  protocol: z.string().min(1).max(40).nullable(),
  port: z.number().int().min(1).max(65535).nullable(),
  authentication: z.string().min(1).max(60).nullable(),
  encrypted: z.boolean().nullable(),
  sync: z.boolean().nullable(),
  timeoutMs: z.number().int().min(0).max(86_400_000).nullable(),
  retries: z.object({ count: z.number().int().min(0).max(100), backoff: z.enum(['none', 'fixed', 'exponential']).optional(), jitter: z.boolean().optional() }).strict().nullable(),
  circuitBreaker: z.boolean().nullable(),
  dataClassification: classification.nullable(),
  description: z.string().max(4000).nullable(),
}).partial().strict();

const boundaryProps = z.object({ kind: z.string().min(1).max(60).nullable(), description: z.string().max(4000).nullable() }).partial().strict();

const designOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('component.add'), id, kind: z.enum(COMPONENT_KINDS as [ComponentKind, ...ComponentKind[]]), name: z.string().min(1).max(200).optional(), boundary: id.optional(), props: componentProps.optional() }).strict(),
  z.object({ op: z.literal('component.rename'), id, newName: z.string().min(1).max(200) }).strict(),
  z.object({ op: z.literal('component.set'), id, props: componentProps }).strict(),
  z.object({ op: z.literal('component.remove'), id }).strict(),
  z.object({ op: z.literal('flow.add'), from: id, to: id, props: flowProps.optional() }).strict(),
  z.object({ op: z.literal('flow.set'), from: id, to: id, props: flowProps }).strict(),
  z.object({ op: z.literal('flow.remove'), from: id, to: id }).strict(),
  z.object({ op: z.literal('boundary.add'), name: id, kind: z.string().min(1).max(60).optional(), components: z.array(id).max(10000).optional(), parent: id.optional() }).strict(),
  z.object({ op: z.literal('boundary.rename'), name: id, newName: id }).strict(),
  z.object({ op: z.literal('boundary.set'), name: id, props: boundaryProps }).strict(),
  z.object({ op: z.literal('boundary.remove'), name: id }).strict(),
  z.object({ op: z.literal('boundary.move'), component: id, to: id.nullable() }).strict(),
]);

const fileName = z.string().min(1).max(120).regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, spaces, _ . - only');

export const designSchemas = {
  'design.apply': z.object({ ops: z.array(designOp).min(1).max(500), label: z.string().max(200).optional() }).strict(),
  'design.undo': z.object({}).strict(),
  'design.redo': z.object({}).strict(),
  'design.state': z.object({}).strict(),
  'design.newApiSpec': z.object({ name: fileName, component: id.optional() }).strict(),
  'design.newMigration': z.object({ name: fileName }).strict(),
  'project.templates': z.object({}).strict(),
  'project.create': z.object({ parent: z.string().min(1).max(4096), name: fileName, template: z.string().min(1).max(60) }).strict(),
};

export interface DesignHandlers {
  /** Apply edits to archbench.yaml as one undoable step (all or nothing). */
  'design.apply': (args: { ops: DesignOp[]; label?: string }) => DesignResult;
  /** Revert the last design edit; a `conflict` error when archbench.yaml changed since (the text is left alone). */
  'design.undo': (args: Record<string, never>) => DesignResult;
  'design.redo': (args: Record<string, never>) => DesignResult;
  'design.state': (args: Record<string, never>) => DesignState;
  /** Add an OpenAPI 3.1 skeleton with a full error contract; with `component`, linked in archbench.yaml `apis`. */
  'design.newApiSpec': (args: { name: string; component?: string }) => CreatedFile;
  /** Add the next migration file, numbered by the convention the project already uses. */
  'design.newMigration': (args: { name: string }) => NewMigrationResult;
  'project.templates': (args: Record<string, never>) => ProjectTemplate[];
  /** Create `<parent>/<name>` from a template and open it. */
  'project.create': (args: { parent: string; name: string; template: string }) => ProjectInfo;
}
