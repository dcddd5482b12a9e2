import type { Severity } from '../../../shared/model/finding.js';
import type { Diagnostic } from '../../../shared/model/model.js';
import { analysisStore, type AnalysedFinding, type AnalysisState } from '../analysis/analysis-store.js';
import { STATUS_LABELS } from '../analysis/labels.js';
import { monaco } from '../editor/monaco.js';

/** The owner of Archbench's markers (findings and import diagnostics); languages (YAML, JSON) own theirs. */
export const MARKER_OWNER = 'archbench';

/** critical / high are errors, medium a warning, low / info information (the brief's mapping, VS Code's colours). */
function markerSeverity(severity: Severity): monaco.MarkerSeverity {
  if (severity === 'critical' || severity === 'high') return monaco.MarkerSeverity.Error;
  if (severity === 'medium') return monaco.MarkerSeverity.Warning;
  return monaco.MarkerSeverity.Info;
}

const DIAGNOSTIC_SEVERITY: Record<Diagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info,
};

/** The line's text, from `column` (else its first non-blank character) to its end. */
function lineRange(model: monaco.editor.ITextModel, line: number, column?: number): monaco.IRange {
  const lineNumber = Math.max(1, Math.min(line || 1, model.getLineCount()));
  const end = model.getLineMaxColumn(lineNumber);
  const start = Math.min(column ?? (model.getLineFirstNonWhitespaceColumn(lineNumber) || 1), end);
  return { startLineNumber: lineNumber, startColumn: start, endLineNumber: lineNumber, endColumn: end };
}

/** The hover text of a finding: what, why it is here, and how to fix it when the rule says. */
function findingMessage(finding: AnalysedFinding, state: AnalysisState): string {
  const rule = state.rules.get(finding.ruleId);
  const lines = [`${finding.title}: ${finding.message}`];
  if (finding.status !== 'open') {
    lines.unshift(`[${STATUS_LABELS[finding.status]}${finding.tracking?.by ? ` by ${finding.tracking.by}` : ''}]`);
    if (finding.tracking?.justification) lines.push(`Justification: ${finding.tracking.justification}`);
  }
  if (finding.expiredTracking) lines.push(`${STATUS_LABELS[finding.expiredTracking.status]} until ${finding.expiredTracking.expires}: expired.`);
  if (rule?.remediation) lines.push(`Fix: ${rule.remediation}`);
  return lines.join('\n');
}

/**
 * Markers of one file: open findings by severity; tracked findings (a decision was made) as hints, which
 * Monaco draws as faint dots, so the decision is visible where the code is without shouting like an error.
 */
function markersFor(model: monaco.editor.ITextModel, path: string, state: AnalysisState): monaco.editor.IMarkerData[] {
  const markers: monaco.editor.IMarkerData[] = [];
  for (const finding of state.findings) {
    if (finding.location.file !== path) continue;
    markers.push({
      ...lineRange(model, finding.location.line, finding.location.column),
      severity: finding.status === 'open' ? markerSeverity(finding.severity) : monaco.MarkerSeverity.Hint,
      message: findingMessage(finding, state),
      source: 'Archbench',
      code: finding.ruleId,
    });
  }
  for (const diagnostic of state.model?.diagnostics ?? []) {
    if (diagnostic.file !== path) continue;
    markers.push({
      ...lineRange(model, diagnostic.line, diagnostic.column),
      severity: DIAGNOSTIC_SEVERITY[diagnostic.severity],
      message: diagnostic.message,
      source: 'Archbench import',
      code: diagnostic.code,
    });
  }
  return markers;
}

const pathOf = (model: monaco.editor.ITextModel) => (model.uri.scheme === 'archbench' ? model.uri.path.slice(1) : null);

/** Keep every open file's markers in step with the latest analysis (and set them on files opened later). */
export function installFindingMarkers(): () => void {
  const update = (model: monaco.editor.ITextModel) => {
    const path = pathOf(model);
    if (path !== null && !model.isDisposed()) monaco.editor.setModelMarkers(model, MARKER_OWNER, markersFor(model, path, analysisStore.get()));
  };
  const created = monaco.editor.onDidCreateModel(update);
  let seen = { findings: analysisStore.get().findings, model: analysisStore.get().model, rules: analysisStore.get().rules };
  const unsubscribe = analysisStore.subscribe(() => {
    const { findings, model, rules } = analysisStore.get();
    if (findings === seen.findings && model === seen.model && rules === seen.rules) return;
    seen = { findings, model, rules };
    for (const editorModel of monaco.editor.getModels()) update(editorModel);
  });
  return () => {
    created.dispose();
    unsubscribe();
  };
}
