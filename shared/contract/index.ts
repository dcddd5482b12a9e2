/**
 * The one RPC contract between the renderer and main, shared by every host
 * (Electron IPC, the browser host's WebSocket, in-process calls from the CLI and tests).
 * Handlers are merged from per-domain maps; payloads are validated in main with the schemas.
 */
import type * as z from 'zod';
import { analysisSchemas, type AnalysisHandlers } from './analysis.js';
import { appSchemas, type AppHandlers } from './app.js';
import { designSchemas, type DesignHandlers } from './design.js';
import { diagramSchemas, type DiagramHandlers } from './diagram.js';
import { fileSchemas, type FileHandlers } from './file.js';
import { projectSchemas, type ProjectHandlers } from './project.js';
import { reportSchemas, type ReportHandlers, type ReportProgress } from './report.js';
import { schemaSchemas, type SchemaHandlers } from './schema.js';
import { sqlSchemas, type SqlHandlers } from './sql.js';
import { systemSchemas, type SystemHandlers } from './system.js';

export * from './analysis.js';
export * from './app.js';
export * from './design.js';
export * from './diagram.js';
export * from './errors.js';
export * from './file.js';
export * from './project.js';
export * from './report.js';
export * from './schema.js';
export * from './sql.js';
export * from './system.js';

export type Handlers = ProjectHandlers & FileHandlers & AppHandlers & AnalysisHandlers & SqlHandlers & SchemaHandlers & SystemHandlers & ReportHandlers & DesignHandlers & DiagramHandlers;
export type Method = keyof Handlers;
export type ArgsOf<M extends Method> = Parameters<Handlers[M]>[0];
export type ResultOf<M extends Method> = ReturnType<Handlers[M]>;

export const argSchemas: { [M in Method]: z.ZodType } = {
  ...projectSchemas,
  ...fileSchemas,
  ...appSchemas,
  ...analysisSchemas,
  ...sqlSchemas,
  ...schemaSchemas,
  ...systemSchemas,
  ...reportSchemas,
  ...designSchemas,
  ...diagramSchemas,
};

export const METHODS = Object.keys(argSchemas) as Method[];

/** Push events from main to the renderer. */
export interface Events {
  /** A file changed, appeared or disappeared on disk (not through file.save). `hash` is null when deleted. */
  'file.changedOnDisk': { path: string; hash: string | null; mtimeMs: number | null };
  /** The artifact list changed: added, removed or re-classified files. */
  'project.treeChanged': { added: string[]; removed: string[]; changed: string[] };
  'project.opened': { root: string; name: string };
  'analysis.progress': { runId: number; phase: string; done: number; total: number };
  'analysis.done': { runId: number; status: 'done' | 'cancelled' | 'failed'; findings: number; ms: number; error?: string };
  /** A report bundle is being written (report.export). */
  'report.progress': ReportProgress;
  /** The analysis worker laid out the system diagram of the latest model and stored it (`diagram.layout.get` has it). */
  'diagram.layoutStored': { modelHash: string; boxes: number };
  /** The model was rebuilt after files changed. */
  'model.changed': { components: number; flows: number; endpoints: number; diagnostics: number };
}
export type EventName = keyof Events;

export const EVENTS: EventName[] = ['file.changedOnDisk', 'project.treeChanged', 'project.opened', 'analysis.progress', 'analysis.done', 'model.changed', 'report.progress', 'diagram.layoutStored'];

/** Wire messages of the browser host's WebSocket (Electron uses ipc with the same shapes). */
export type ClientMessage = { id: number; method: string; args: unknown };
export type ServerMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string; details?: Record<string, unknown> } }
  | { event: string; payload: unknown };
