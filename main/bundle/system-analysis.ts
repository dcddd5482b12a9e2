import type { SystemModel } from '../../shared/model/model.js';
import type { ReliabilityReport, ThreatModel } from '../../shared/model/system-analysis.js';
import { analyseReliability, buildThreatModel, renderPlaybookMarkdown, renderThreatModelMarkdown } from '../threat/index.js';

/** The system-level reasoning a bundle reports: STRIDE threat model, attack paths, reliability and its playbook. */
export interface SystemAnalysis {
  threatModel?: ThreatModel;
  reliability?: ReliabilityReport;
  /** threat-model.md as the threat engine writes it. */
  threatModelMarkdown?: string;
  /** reliability-playbook.md as the threat engine writes it. */
  playbookMarkdown?: string;
}

export interface SystemAnalysisContext {
  project: string;
  /** Reads project files (monitoring objects the model does not record). */
  readText?: (path: string) => string | undefined;
  /** Today, for the expiry of risk decisions on threats. */
  today?: Date;
  /** The threat model and reliability report the analysis already computed for this model (not computed again). */
  computed?: { threats?: ThreatModel; reliability?: ReliabilityReport };
}

/**
 * The one integration point between report bundles and main/threat: threat model, reliability report and their
 * Markdown. Each part is computed on its own, so a failure in one (an engine bug on an odd model) loses only that
 * part: the report then shows what the findings and the model say, and the caller notes the failure.
 */
export async function systemAnalysis(model: SystemModel, context: SystemAnalysisContext, onError: (part: string, error: unknown) => void = () => {}): Promise<SystemAnalysis> {
  const out: SystemAnalysis = {};
  try {
    out.threatModel = context.computed?.threats ?? buildThreatModel(model, { today: context.today });
    out.threatModelMarkdown = renderThreatModelMarkdown(context.project, model, out.threatModel);
  } catch (error) {
    onError('threat model', error);
  }
  try {
    out.reliability = context.computed?.reliability ?? analyseReliability(model, { readText: context.readText });
    out.playbookMarkdown = renderPlaybookMarkdown(context.project, model, out.reliability);
  } catch (error) {
    onError('reliability analysis', error);
  }
  return out;
}
