import type { FindingsResult, RunSummary } from '../../shared/contract/analysis.js';
import { SEVERITIES, type Finding, type Severity } from '../../shared/model/finding.js';
import type { StoreDatabase } from './store.js';

interface RunRow { id: number; started_at: string; finished_at: string | null; status: RunSummary['status']; summary: string | null }

/** Analysis runs and their findings in the store: history, "new since last run" and "fixed". */
export class RunTable {
  constructor(private readonly db: StoreDatabase) {}

  begin(): number {
    return Number(this.db.prepare("INSERT INTO runs (started_at, status) VALUES (?, 'running')").run(new Date().toISOString()).lastInsertRowid);
  }

  /** Store a finished run's findings and summary in one transaction. */
  finish(runId: number, findings: Finding[], extra: { modelHash: string; ms: number; ruleFailures: RunSummary['ruleFailures'] }): RunSummary {
    const previous = this.latestFinished(runId);
    const previousPrints = new Set(previous ? this.fingerprints(previous.id) : []);
    const currentPrints = new Set(findings.map((f) => f.fingerprint));
    // The first run has no baseline: nothing is "new" (the same meaning as `isNew` in latestFindings).
    const newCount = previous ? findings.filter((f) => !previousPrints.has(f.fingerprint)).length : 0;
    const fixedCount = [...previousPrints].filter((p) => !currentPrints.has(p)).length;
    const open = findings.filter((f) => f.status === 'open');
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length])) as Record<Severity, number>;
    const summary = { bySeverity, total: findings.length, tracked: findings.length - open.length, newCount, fixedCount, ruleFailures: extra.ruleFailures, ms: extra.ms };
    const insert = this.db.prepare(`INSERT OR REPLACE INTO findings (run_id, fingerprint, rule_id, severity, category, title, message, file, line, col, element, status, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.db.transaction(() => {
      for (const f of findings) {
        insert.run(runId, f.fingerprint, f.ruleId, f.severity, f.category, f.title, f.message, f.location.file, f.location.line, f.location.column ?? null, f.element, f.status, JSON.stringify(f));
      }
      this.db.prepare("UPDATE runs SET finished_at = ?, status = 'done', model_hash = ?, summary = ? WHERE id = ?")
        .run(new Date().toISOString(), extra.modelHash, JSON.stringify(summary), runId);
      // Keep the store small: the findings of the last 50 runs (run rows stay for history).
      this.db.prepare('DELETE FROM findings WHERE run_id IN (SELECT id FROM runs ORDER BY id DESC LIMIT -1 OFFSET 50)').run();
    })();
    return this.summary(runId)!;
  }

  end(runId: number, status: 'cancelled' | 'failed', error?: string): void {
    this.db.prepare('UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?')
      .run(new Date().toISOString(), status, error ? JSON.stringify({ error }) : null, runId);
  }

  summary(runId: number): RunSummary | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row ? toSummary(row) : undefined;
  }

  history(limit = 50): RunSummary[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(toSummary);
  }

  /** The latest finished run's findings, each marked new or not, and what the run before had that is gone. */
  latestFindings(): FindingsResult {
    const latest = this.latestFinished();
    if (!latest) return { run: null, findings: [], fixed: [] };
    const findings = this.findings(latest.id);
    const previous = this.latestFinished(latest.id);
    const before = previous ? this.findings(previous.id) : [];
    const beforePrints = new Set(before.map((f) => f.fingerprint));
    const nowPrints = new Set(findings.map((f) => f.fingerprint));
    return {
      run: toSummary(latest),
      findings: findings.map((f) => ({ ...f, isNew: previous ? !beforePrints.has(f.fingerprint) : false })),
      fixed: before.filter((f) => !nowPrints.has(f.fingerprint)),
    };
  }

  findings(runId: number): Finding[] {
    return (this.db.prepare('SELECT data FROM findings WHERE run_id = ?').all(runId) as Array<{ data: string }>).map((r) => JSON.parse(r.data));
  }

  private fingerprints(runId: number): string[] {
    return (this.db.prepare('SELECT fingerprint FROM findings WHERE run_id = ?').all(runId) as Array<{ fingerprint: string }>).map((r) => r.fingerprint);
  }

  private latestFinished(before?: number): RunRow | undefined {
    return this.db.prepare("SELECT * FROM runs WHERE status = 'done' AND id < ? ORDER BY id DESC LIMIT 1").get(before ?? Number.MAX_SAFE_INTEGER) as RunRow | undefined;
  }
}

function toSummary(row: RunRow): RunSummary {
  const summary = row.summary ? JSON.parse(row.summary) : {};
  const empty = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  return {
    runId: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    bySeverity: summary.bySeverity ?? empty,
    total: summary.total ?? 0,
    tracked: summary.tracked ?? 0,
    newCount: summary.newCount ?? 0,
    fixedCount: summary.fixedCount ?? 0,
    ruleFailures: summary.ruleFailures ?? (summary.error ? [{ ruleId: 'analysis', message: summary.error }] : []),
    ms: summary.ms ?? null,
  };
}
