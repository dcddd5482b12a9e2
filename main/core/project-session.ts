import type { Events, ProjectInfo } from '../../shared/contract/index.js';
import { RpcError } from '../../shared/contract/errors.js';
import type { FindingStatus } from '../../shared/model/finding.js';
import { emptyModel, type SystemModel } from '../../shared/model/model.js';
import { AnalysisService } from '../analysis/analysis-service.js';
import { DesignService } from '../design/design-service.js';
import type { Logger } from '../log/logger.js';
import { writeRiskDecision } from '../model/risk-writer.js';
import { Project } from '../project/project.js';
import { readModel, readSystemAnalysis } from '../store/model-tables.js';
import { RunTable } from '../store/run-table.js';
import type { OpenedStore } from '../store/store.js';

type Emit = <E extends keyof Events>(event: E, payload: Events[E]) => void;

/** How long file events settle before a re-analysis starts (an editor save is often several writes). */
const REANALYSE_AFTER_MS = 40;

/** Everything that lives while one project is open: its folder, store, watcher and analysis worker. */
export class ProjectSession {
  readonly project: Project;
  readonly analysis: AnalysisService;
  readonly runs: RunTable;
  /** Design mode: archbench.yaml edits with their undo history (which ends with the session). */
  readonly design: DesignService;
  private timer?: NodeJS.Timeout;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(root: string, readonly store: OpenedStore, readonly info: Omit<ProjectInfo, 'artifactCount' | 'filesRead' | 'openedInMs'>, emit: Emit,
    on: <E extends keyof Events>(event: E, listener: (payload: Events[E]) => void) => () => void, log: Logger, workerScript: string, cacheDir: string,
    private readonly autoAnalyse: boolean) {
    this.project = new Project(root, store.db, emit);
    this.runs = new RunTable(store.db);
    this.analysis = new AnalysisService(this.project.root, store.path, store.db, emit, log, workerScript, cacheDir);
    this.design = new DesignService({ project: this.project, model: () => this.model(), emit, scheduleAnalysis: () => this.scheduleAnalysis() });
    this.unsubscribe.push(on('project.treeChanged', () => this.scheduleAnalysis()), on('file.changedOnDisk', () => this.scheduleAnalysis()));
  }

  /** Re-analyse soon (debounced): after outside changes and after saves. */
  scheduleAnalysis(): void {
    if (!this.autoAnalyse) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.analysis.run(), REANALYSE_AFTER_MS);
  }

  model(): SystemModel {
    return readModel(this.store.db) ?? emptyModel();
  }

  /** Write a risk decision to archbench.yaml and the audit log. */
  track(fingerprint: string, decision: { status: FindingStatus; justification?: string; by?: string; expires?: string }): { written: string } {
    const threat = readSystemAnalysis(this.store.db)?.threats.threats.find((t) => t.fingerprint === fingerprint);
    const finding = this.runs.latestFindings().findings.find((f) => f.fingerprint === fingerprint)
      ?? (threat ? { fingerprint, ruleId: threat.ruleId ?? `threat.${threat.kind}`, element: threat.element, status: threat.status } : undefined);
    if (!finding) throw new RpcError('not-found', 'No finding or threat with that fingerprint in the latest analysis; run the analysis again.', { fingerprint });
    if (decision.status !== 'open' && decision.status !== 'in-progress' && !decision.justification?.trim()) {
      throw new RpcError('invalid-args', `Marking a finding ${decision.status} needs a justification.`, { fingerprint });
    }
    const written = writeRiskDecision(this.project.root, finding, decision);
    this.store.db.prepare('INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)').run(
      new Date().toISOString(), decision.by ?? null, `risk.${decision.status}`, fingerprint,
      JSON.stringify({ ruleId: finding.ruleId, element: finding.element, justification: decision.justification, expires: decision.expires, previous: finding.status }),
    );
    this.scheduleAnalysis();
    return { written };
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    for (const off of this.unsubscribe) off();
    await this.analysis.close();
    await this.project.close();
    this.store.db.close();
  }
}
