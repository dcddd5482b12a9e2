import { useMemo } from 'react';
import type { Artifact } from '../../../shared/model/artifact.js';
import { createStore, useStore } from '../../state/store.js';
import { activeTab, useWorkbench } from '../../state/workbench-store.js';
import { Icon, type IconName } from '../../workbench/Icon.js';
import { revealInExplorer } from '../../workbench/layout-actions.js';
import { useAnalysis, type AnalysedFinding, type AnalysisState } from '../analysis/analysis-store.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { compareFindings, STATUS_LABELS } from '../analysis/labels.js';
import { openFile } from '../editor/editor-actions.js';
import { monaco } from '../editor/monaco.js';
import { openFileAt } from '../editor/reveal.js';
import { selectFinding } from '../findings/finding-actions.js';
import { MARKER_OWNER } from '../findings/finding-markers.js';
import './problems.css';

/** Bumped whenever any marker changes, so the panel re-reads the language markers (YAML schema, JSON). */
const markerVersion = createStore({ version: 0 });
monaco.editor.onDidChangeMarkers(() => markerVersion.set((s) => ({ version: s.version + 1 })));

/** One line of the Problems panel for the open file. */
export type FileProblem =
  | { type: 'finding'; line: number; column?: number; finding: AnalysedFinding }
  | { type: 'marker'; line: number; column?: number; severity: 'error' | 'warning' | 'info'; message: string; source: string; code?: string };

const MARKER_SEVERITY = (severity: monaco.MarkerSeverity): 'error' | 'warning' | 'info' =>
  severity === monaco.MarkerSeverity.Error ? 'error' : severity === monaco.MarkerSeverity.Warning ? 'warning' : 'info';

/** Most severe first, as VS Code's Problems panel: a finding's severity, or a marker's error / warning / info. */
const FINDING_RANK: Record<AnalysedFinding['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const MARKER_RANK = { error: 1, warning: 2, info: 4 } as const;
const rankOf = (problem: FileProblem) => (problem.type === 'finding' ? FINDING_RANK[problem.finding.severity] : MARKER_RANK[problem.severity]);

/** Findings, import diagnostics and language markers of one file: most severe first, then in line order (open findings before tracked ones on a line). */
export function fileProblems(path: string, state: AnalysisState): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const finding of state.findings.filter((f) => f.location.file === path).sort(compareFindings)) {
    problems.push({ type: 'finding', line: finding.location.line, column: finding.location.column, finding });
  }
  for (const diagnostic of state.model?.diagnostics ?? []) {
    if (diagnostic.file === path) problems.push({ type: 'marker', line: diagnostic.line, column: diagnostic.column, severity: diagnostic.severity, message: diagnostic.message, source: 'Archbench import', code: diagnostic.code });
  }
  const resource = monaco.Uri.from({ scheme: 'archbench', path: `/${path}` });
  for (const marker of monaco.editor.getModelMarkers({ resource })) {
    if (marker.owner === MARKER_OWNER || marker.severity === monaco.MarkerSeverity.Hint) continue;
    const code = typeof marker.code === 'string' ? marker.code : marker.code?.value;
    problems.push({ type: 'marker', line: marker.startLineNumber, column: marker.startColumn, severity: MARKER_SEVERITY(marker.severity), message: marker.message, source: marker.source ?? marker.owner, ...(code ? { code } : {}) });
  }
  return problems.sort((a, b) => rankOf(a) - rankOf(b) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

/** How many entries the Problems tab shows (the tab's badge). */
export function useProblemCount(): number {
  const path = useWorkbench((s) => { const tab = activeTab(s); return tab?.type === 'file' ? tab.path : null; });
  const unreadable = useWorkbench((s) => s.tree.reduce((n, a) => n + (a.status === 'ok' ? 0 : 1), 0));
  const state = useAnalysis((s) => s);
  const version = useStore(markerVersion, (s) => s.version);
  return useMemo(() => unreadable + (path ? fileProblems(path, state).filter((p) => p.type === 'marker' || p.finding.status === 'open').length : 0), [path, state, unreadable, version]);
}

const ICONS: Record<'error' | 'warning' | 'info', IconName> = { error: 'error', warning: 'warning', info: 'info' };

/** The Problems panel: the open file's findings and problems (VS Code style), then files that could not be read. */
export function ProblemsView() {
  const hasProject = useWorkbench((s) => s.project !== null);
  const path = useWorkbench((s) => { const tab = activeTab(s); return tab?.type === 'file' ? tab.path : null; });
  const tree = useWorkbench((s) => s.tree);
  const state = useAnalysis((s) => s);
  const version = useStore(markerVersion, (s) => s.version);
  const problems = useMemo(() => (path ? fileProblems(path, state) : []), [path, state, version]);
  const unreadable = useMemo(() => tree.filter((a) => a.status !== 'ok'), [tree]);

  if (!hasProject) return <p className="panel-empty" data-testid="problems-empty">No project open.</p>;
  return (
    <div className="problems-view">
      {path ? (
        <section aria-label={`Problems in ${path}`} data-testid="problems-file" data-path={path}>
          <h3 className="problems-heading">
            <Icon name="file" /> <span className="problems-file-name">{path}</span>
            <span className="panel-count">{problems.length}</span>
          </h3>
          {problems.length ? (
            <ul className="problems" data-testid="problems-file-list">
              {problems.map((problem, index) => <ProblemRow key={index} path={path} problem={problem} />)}
            </ul>
          ) : (
            <p className="panel-empty">No findings or problems in this file{state.result?.run ? '' : ' (not analysed yet)'}.</p>
          )}
        </section>
      ) : (
        <p className="panel-empty" data-testid="problems-empty">Open a file to see its findings and problems here; the Findings view lists them all.</p>
      )}
      {unreadable.length > 0 && <UnreadableFiles artifacts={unreadable} />}
    </div>
  );
}

function ProblemRow({ path, problem }: { path: string; problem: FileProblem }) {
  const where = `Ln ${problem.line}${problem.column ? `, Col ${problem.column}` : ''}`;
  if (problem.type === 'finding') {
    const { finding } = problem;
    const tracked = finding.status !== 'open';
    return (
      <li>
        <button
          type="button"
          className={`problem${tracked ? ' tracked' : ''}`}
          data-testid="problem-item"
          data-kind="finding"
          data-line={problem.line}
          data-severity={finding.severity}
          data-fingerprint={finding.fingerprint}
          title={`${finding.title}: ${finding.message}`}
          onClick={() => selectFinding(finding)}
        >
          <SeverityIcon severity={finding.severity} className="problem-icon" />
          <span className="problem-message">{finding.title}: {finding.message}</span>
          {tracked && <span className="badge badge-status">{STATUS_LABELS[finding.status]}</span>}
          <span className="problem-source">Archbench({finding.ruleId})</span>
          <span className="problem-where">{where}</span>
        </button>
      </li>
    );
  }
  return (
    <li>
      <button
        type="button"
        className="problem"
        data-testid="problem-item"
        data-kind="marker"
        data-line={problem.line}
        data-severity={problem.severity}
        data-source={problem.source}
        title={problem.message}
        onClick={() => void openFileAt(path, problem.line, problem.column)}
      >
        <Icon name={ICONS[problem.severity]} className={`problem-icon marker-${problem.severity}`} />
        <span className="problem-message">{problem.message}</span>
        <span className="problem-source">{problem.source}{problem.code ? `(${problem.code})` : ''}</span>
        <span className="problem-where">{where}</span>
      </button>
    </li>
  );
}

function UnreadableFiles({ artifacts }: { artifacts: Artifact[] }) {
  return (
    <section aria-label="Files that could not be read">
      <h3 className="problems-heading"><Icon name="circle-slash" /> Files skipped or unreadable <span className="panel-count">{artifacts.length}</span></h3>
      <ul className="problems" data-testid="problems-list">
        {artifacts.map((artifact) => (
          <li key={artifact.path}>
            <button
              type="button"
              className="problem"
              onClick={() => { revealInExplorer(artifact.path); if (artifact.status === 'error') void openFile(artifact.path); }}
              title={artifact.status === 'error' ? 'Open the file' : 'Show in the Explorer'}
            >
              <Icon name={artifact.status === 'error' ? 'error' : 'circle-slash'} className={`problem-icon ${artifact.status}`} />
              <span className="problem-message">{artifact.message ?? (artifact.status === 'error' ? 'Could not be read' : 'Skipped')}</span>
              <span className="problem-path">{artifact.path}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
