import type { Events, RunSummary } from '../../../shared/contract/index.js';
import { SEVERITIES } from '../../../shared/model/finding.js';
import { ClientError, invoke, on, onConnectionChange } from '../../api/client.js';
import { log, notify, reportError } from '../../state/output.js';
import { workbench } from '../../state/workbench-store.js';
import { analysisStore, resetAnalysis } from './analysis-store.js';

/** Bumped when the project changes, so answers about the previous project are dropped. */
let generation = 0;
/** The highest run id `analysis.done` reported: progress or replies about older runs arrive late and are ignored. */
let lastDoneRunId = 0;

const ignorable = (error: unknown) => error instanceof ClientError && (error.code === 'no-project' || error.code === 'disconnected');

/** Fetch the latest run's findings. */
export async function refreshFindings(): Promise<void> {
  const asked = generation;
  try {
    const result = await invoke('analysis.findings', {});
    if (asked === generation) analysisStore.set({ result, findings: result.findings, loaded: true });
  } catch (error) {
    if (!ignorable(error)) reportError('Could not read the findings', error);
  }
}

/** Fetch the model (components, flows, boundaries, endpoints, diagnostics). */
export async function refreshModel(): Promise<void> {
  const asked = generation;
  try {
    const model = await invoke('model.get', {});
    if (asked === generation) analysisStore.set({ model });
  } catch (error) {
    if (!ignorable(error)) reportError('Could not read the model', error);
  }
}

async function loadRules(): Promise<void> {
  try {
    const rules = await invoke('rules.list', {});
    analysisStore.set({ rules: new Map(rules.map((rule) => [rule.id, rule])) });
  } catch {
    // A host without rule metadata: details and hovers show what the finding itself carries.
  }
}

/** Is a run under way right now (the latest run row says so)? Catches runs started before the renderer connected. */
async function syncRunning(): Promise<void> {
  const asked = generation;
  let latest: RunSummary | undefined;
  try {
    [latest] = await invoke('analysis.history', { limit: 1 });
  } catch {
    return;
  }
  if (asked !== generation) return;
  const running = analysisStore.get().running;
  if (latest?.status === 'running' && latest.runId > lastDoneRunId) {
    if (!running) analysisStore.set({ running: { runId: latest.runId, phase: null, done: 0, total: 0, since: performance.now(), cancelling: false } });
  } else if (running && (running.runId === null || running.runId <= (latest?.runId ?? 0))) {
    analysisStore.set({ running: null });
  }
}

async function loadAll(): Promise<void> {
  await Promise.all([refreshFindings(), refreshModel(), syncRunning(), analysisStore.get().rules.size ? undefined : loadRules()]);
}

/** Record a run this renderer started (or joined), unless its end was already reported. */
function noteRunning(runId: number): void {
  if (runId <= lastDoneRunId) return;
  const running = analysisStore.get().running;
  if (running?.runId === runId) return;
  log(`Analysis #${runId} started`);
  analysisStore.set({ running: { runId, phase: null, done: 0, total: 0, since: performance.now(), cancelling: false } });
}

/** Start an analysis run now (the palette's Run Analysis; main also runs one after every change). */
export async function runAnalysis(): Promise<void> {
  if (!workbench.get().project) return;
  try {
    noteRunning((await invoke('analysis.run', {})).runId);
  } catch (error) {
    reportError('Could not start the analysis', error);
  }
}

/** Stop the run under way. */
export async function cancelAnalysis(): Promise<void> {
  const running = analysisStore.get().running;
  if (!running) return;
  analysisStore.set({ running: { ...running, cancelling: true } });
  try {
    const { cancelled } = await invoke('analysis.cancel', {});
    if (!cancelled) analysisStore.set({ running: null }); // it ended meanwhile; its done event says how
  } catch (error) {
    analysisStore.set({ running: analysisStore.get().running && { ...running, cancelling: false } });
    reportError('Could not cancel the analysis', error);
  }
}

function onProgress(progress: Events['analysis.progress']): void {
  if (progress.runId <= lastDoneRunId) return;
  noteRunning(progress.runId);
  const running = analysisStore.get().running!;
  analysisStore.set({ running: { ...running, phase: progress.phase, done: progress.done, total: progress.total } });
}

async function onDone(event: Events['analysis.done']): Promise<void> {
  lastDoneRunId = Math.max(lastDoneRunId, event.runId);
  const running = analysisStore.get().running;
  analysisStore.set({
    running: running && running.runId !== null && running.runId > event.runId ? running : null,
    lastRun: { runId: event.runId, status: event.status, ms: event.ms, at: Date.now(), ...(event.error ? { error: event.error } : {}) },
  });
  if (event.status === 'cancelled') {
    log(`Analysis #${event.runId} cancelled`, 'warn');
    return;
  }
  if (event.status === 'failed') {
    log(`Analysis #${event.runId} failed: ${event.error ?? 'no reason given'}`, 'error');
    notify(`The analysis failed: ${event.error ?? 'no reason given'}`, 'error');
    return;
  }
  await refreshFindings();
  const run = analysisStore.get().result?.run;
  if (!run || run.runId !== event.runId) {
    log(`Analysis #${event.runId} done in ${event.ms} ms: ${event.findings} findings`);
    return;
  }
  const open = SEVERITIES.filter((s) => run.bySeverity[s]).map((s) => `${run.bySeverity[s]} ${s}`).join(', ');
  const openCount = SEVERITIES.reduce((n, s) => n + run.bySeverity[s], 0);
  // "New" as the findings mark it (main counts every finding of a first run as new, but marks none of them).
  const newCount = analysisStore.get().findings.filter((f) => f.isNew).length;
  log(`Analysis #${run.runId} done in ${event.ms} ms: ${run.total} ${run.total === 1 ? 'finding' : 'findings'}, ${openCount} open${open ? ` (${open})` : ''}, ${run.tracked} tracked; ${newCount} new, ${run.fixedCount} fixed`);
  for (const failure of run.ruleFailures) log(`Rule ${failure.ruleId} failed: ${failure.message}`, 'error');
}

/** Follow the open project's analysis: load on open, follow progress and results, reload after a reconnect. */
export function startAnalysisSync(): void {
  on('analysis.progress', onProgress);
  on('analysis.done', (event) => void onDone(event));
  on('model.changed', () => void refreshModel());
  let root: string | null = null;
  workbench.subscribe(() => {
    const next = workbench.get().project?.root ?? null;
    if (next === root) return;
    root = next;
    generation++;
    lastDoneRunId = 0;
    resetAnalysis();
    if (next) void loadAll();
  });
  let wasDisconnected = false;
  onConnectionChange((state) => {
    if (state === 'disconnected') wasDisconnected = true;
    if (state === 'connected' && wasDisconnected && workbench.get().project) {
      wasDisconnected = false;
      void loadAll();
    }
  });
}
