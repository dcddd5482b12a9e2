import { EventEmitter } from 'node:events';
import { accessSync, constants, cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { RpcError, type AppInfo, type EventName, type Events, type ProjectInfo } from '../../shared/contract/index.js';
import { createAppLog, type AppLog } from '../log/logger.js';
import { defaultWorkerScript } from '../analysis/analysis-service.js';
import { allRules } from '../analysis/registry.js';
import { loadCustomRules } from '../analysis/custom-rules.js';
import { exportReport } from '../bundle/export.js';
import { createFromTemplate, listTemplates } from '../design/templates.js';
import type { Project } from '../project/project.js';
import { openStore } from '../store/store.js';
import { readSchemaInfo, readSystemAnalysis } from '../store/model-tables.js';
import { clearPins, readLayoutEntries, readPins, writeLayoutEntries, writePins } from '../store/diagram-tables.js';
import { ProjectSession } from './project-session.js';
import { RecentProjects } from './recent-projects.js';
import { createRouter, type HandlerImpl, type Invoke } from './router.js';

export interface WorkbenchDeps {
  /** The app's own data folder: logs, recent projects, stores of read-only folders. */
  dataDir: string;
  /** Folder holding `sample-project/` and `templates/` (the repo's or the packaged app's resources). */
  resourcesDir: string;
  host: AppInfo['host'];
  version: string;
  log?: AppLog;
  /** Start a file watcher on opened projects (off for one-shot CLI runs). */
  watch?: boolean;
  /** The host's native folder picker (Electron's dialog); absent in the browser host and CLI. */
  chooseFolder?: () => Promise<string | null>;
  /** The analysis worker's script (Electron passes its bundled path); defaults to the one beside this build. */
  analysisWorker?: string;
  /** Analyse on open and after every change (default true; the CLI runs its analysis itself). */
  autoAnalyse?: boolean;
}

export interface Workbench {
  invoke: Invoke;
  /** Subscribe to one push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Subscribe to every push event (transports forward these). */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
  /** The open project, for in-process callers (CLI, tests). */
  project(): Project | undefined;
  /** The open project's session (store, analysis), for in-process callers. */
  session(): ProjectSession | undefined;
  log: AppLog;
  close(): Promise<void>;
}

/** Build the workbench core from injected dependencies; the Electron app, browser host and CLI each compose one. */
export function createWorkbench(deps: WorkbenchDeps): Workbench {
  mkdirSync(deps.dataDir, { recursive: true });
  const log = deps.log ?? createAppLog(join(deps.dataDir, 'logs', 'archbench.log'));
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  const recent = new RecentProjects(deps.dataDir);
  let current: { session: ProjectSession; info: ProjectInfo } | undefined;
  const on = <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => {
    emitter.on(event, listener);
    return () => { emitter.off(event, listener); };
  };

  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    emitter.emit(event, payload);
    emitter.emit('*', event, payload);
  };

  const requireSession = (): ProjectSession => {
    if (!current) throw new RpcError('no-project', 'No project is open. Open a folder first.');
    return current.session;
  };
  const requireProject = (): Project => requireSession().project;

  async function openProject(path: string, isSample = false): Promise<ProjectInfo> {
    const started = performance.now();
    const root = resolve(path);
    let st;
    try {
      st = statSync(root);
    } catch {
      throw new RpcError('not-found', `The folder "${root}" does not exist.`, { path: root });
    }
    if (!st.isDirectory()) throw new RpcError('invalid-args', `"${root}" is not a folder.`, { path: root });
    await closeProject();
    const { storePath, inAppData } = storeLocation(root, deps.dataDir);
    const store = openStore(storePath);
    if (store.notice) log.logger.warn({ storePath, movedTo: store.movedTo }, store.notice);
    const session = new ProjectSession(root, store, { root, name: '', storePath, storeInAppData: inAppData, isSample }, emit, on, log.logger,
      deps.analysisWorker ?? defaultWorkerScript(), schemaCacheDir(deps.dataDir), deps.autoAnalyse !== false);
    const project = session.project;
    const sync = project.syncSync();
    if (deps.watch !== false) project.startWatching();
    const info: ProjectInfo = {
      root: project.root,
      name: project.name,
      storePath,
      storeInAppData: inAppData,
      artifactCount: project.artifacts.all().length,
      filesRead: sync.filesRead,
      openedInMs: Math.round(performance.now() - started),
      isSample,
      ...(store.notice ? { storeNotice: store.notice } : {}),
    };
    current = { session, info };
    if (!isSample) recent.remember(project);
    if (deps.autoAnalyse !== false) session.analysis.run();
    log.logger.info({ root: project.root, artifacts: info.artifactCount, filesRead: sync.filesRead, ms: info.openedInMs }, 'project opened');
    emit('project.opened', { root: project.root, name: project.name });
    return info;
  }

  async function closeProject(): Promise<boolean> {
    if (!current) return false;
    const { session } = current;
    current = undefined;
    await session.close();
    return true;
  }

  const impl: HandlerImpl = {
    'project.open': ({ path }) => openProject(path),
    'project.openSample': () => {
      const target = join(deps.dataDir, 'sample-project');
      if (!existsSync(target)) cpSync(join(deps.resourcesDir, 'sample-project'), target, { recursive: true });
      return openProject(target, true);
    },
    'project.current': () => current?.info ?? null,
    'project.close': async () => ({ closed: await closeProject() }),
    'project.recent': () => recent.list(),
    'project.tree': () => requireProject().artifacts.all(),
    'file.read': ({ path }) => requireProject().readFile(path),
    'file.save': ({ path, content, expectedHash }) => {
      const result = requireProject().saveFile(path, content, expectedHash);
      requireSession().scheduleAnalysis();
      return result;
    },
    'analysis.run': () => requireSession().analysis.run(),
    'analysis.cancel': () => ({ cancelled: requireSession().analysis.cancel() }),
    'analysis.status': () => requireSession().analysis.status(),
    'analysis.findings': () => requireSession().runs.latestFindings(),
    'analysis.history': ({ limit }) => requireSession().runs.history(limit),
    'model.get': () => requireSession().model(),
    'rules.list': () => {
      const session = current?.session;
      if (!session) return allRules();
      const custom = loadCustomRules(session.project.root, session.store.db).rules.map(({ check: _check, ...meta }) => meta);
      return [...allRules(), ...custom];
    },
    'sql.run': ({ sql, explain, maxRows }) => requireSession().analysis.sql(sql, explain ?? 'off', maxRows),
    'sql.reset': async () => ({ reset: await requireSession().analysis.sqlReset() }),
    'schema.get': () => readSchemaInfo(requireSession().store.db),
    'system.get': () => readSystemAnalysis(requireSession().store.db),
    'diagram.pins.get': ({ diagram }) => ({ pins: readPins(requireSession().store.db, diagram) }),
    'diagram.pins.set': ({ diagram, pins }) => {
      const { db } = requireSession().store;
      writePins(db, diagram, pins);
      return { pins: readPins(db, diagram) };
    },
    'diagram.pins.clear': ({ diagram, ids }) => {
      const { db } = requireSession().store;
      clearPins(db, diagram, ids);
      return { pins: readPins(db, diagram) };
    },
    'diagram.layout.get': ({ diagram }) => ({ entries: readLayoutEntries(requireSession().store.db, diagram) }),
    'diagram.layout.put': ({ diagram, entries }) => ({ stored: writeLayoutEntries(requireSession().store.db, diagram, entries) }),
    'report.export': (args) => exportReport(requireSession(), args, { version: deps.version, onProgress: (progress) => emit('report.progress', progress) }),
    'findings.track': ({ fingerprint, ...decision }) => requireSession().track(fingerprint, decision),
    'design.apply': ({ ops, label }) => requireSession().design.apply(ops, label),
    'design.undo': () => requireSession().design.undo(),
    'design.redo': () => requireSession().design.redo(),
    'design.state': () => requireSession().design.state(),
    'design.newApiSpec': ({ name, component }) => requireSession().design.newApiSpec(name, component),
    'design.newMigration': ({ name }) => requireSession().design.newMigration(name),
    'project.templates': () => listTemplates(deps.resourcesDir),
    'project.create': ({ parent, name, template }) => openProject(createFromTemplate(deps.resourcesDir, parent, name, template)),
    'app.chooseFolder': async () => (deps.chooseFolder ? { supported: true, path: await deps.chooseFolder() } : { supported: false, path: null }),
    'app.info': () => ({
      version: deps.version,
      host: deps.host,
      versions: { node: process.versions.node, v8: process.versions.v8, ...(process.versions.electron ? { electron: process.versions.electron, chrome: process.versions.chrome ?? '' } : {}) },
      platform: `${process.platform} ${process.arch}`,
      dataDir: deps.dataDir,
      logPath: log.path,
      storePath: current?.info.storePath ?? null,
      lastErrors: log.recentErrors(),
    }),
  };

  const invoke = createRouter(impl, log);
  return {
    invoke,
    on,
    onAny(listener) {
      emitter.on('*', listener);
      return () => emitter.off('*', listener);
    },
    project: () => current?.session.project,
    session: () => current?.session,
    log,
    async close() {
      await closeProject();
      emitter.removeAllListeners();
    },
  };
}

/** Where the PostgreSQL engine keeps its prepared data directories (shared by all projects). */
export function schemaCacheDir(dataDir: string): string {
  return join(dataDir, 'cache', 'pglite');
}

/**
 * `.archbench/store.db` inside the folder, or a per-folder store in the data folder when the folder cannot be
 * written. A folder without write permission bits counts as read-only even for root (CI checkouts, shared corpora).
 */
export function storeLocation(root: string, dataDir: string): { storePath: string; inAppData: boolean } {
  const local = join(root, '.archbench');
  try {
    if (!hasWriteBits(root)) throw new Error('read-only folder');
    mkdirSync(local, { recursive: true });
    accessSync(local, constants.W_OK);
    if (!hasWriteBits(local)) throw new Error('read-only store folder');
    return { storePath: join(local, 'store.db'), inAppData: false };
  } catch {
    const id = createHash('sha256').update(root).digest('hex').slice(0, 16);
    return { storePath: join(dataDir, 'stores', id, 'store.db'), inAppData: true };
  }
}

function hasWriteBits(path: string): boolean {
  return (statSync(path).mode & 0o222) !== 0;
}
