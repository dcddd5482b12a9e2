import * as z from 'zod';
import type { ReliabilityReport, ThreatModel } from '../model/system-analysis.js';

/** The threat model and reliability picture of the latest analysis. */
export interface SystemAnalysis {
  threats: ThreatModel;
  reliability: ReliabilityReport;
}

export const systemSchemas = {
  'system.get': z.object({}).strict(),
};

export interface SystemHandlers {
  /** Threats (STRIDE per element and flow, attack paths) and reliability (blast radius, SPOFs, flows, playbook); null before the first analysis. */
  'system.get': (args: Record<string, never>) => SystemAnalysis | null;
}
