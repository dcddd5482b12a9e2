/**
 * archbench.yaml risk decisions applied to threats, with the same matching the analysis engine uses
 * for findings: by fingerprint, or by rule and element; an expired decision no longer applies.
 */
import type { RiskTrackingEntry } from '../../shared/model/model.js';
import type { Threat } from '../../shared/model/system-analysis.js';

/** Set the status of threats that a (non-expired) risk decision covers. */
export function applyRiskTracking(threats: Threat[], entries: RiskTrackingEntry[], today: Date, ruleOf: (threat: Threat) => string): void {
  if (!entries.length) return;
  const day = today.toISOString().slice(0, 10);
  const byFingerprint = new Map<string, RiskTrackingEntry>();
  const byRuleElement = new Map<string, RiskTrackingEntry>();
  for (const entry of entries) {
    if (entry.fingerprint) byFingerprint.set(entry.fingerprint, entry);
    else if (entry.rule && entry.element) byRuleElement.set(`${entry.rule}\u0000${entry.element}`, entry);
  }
  for (const threat of threats) {
    const entry = byFingerprint.get(threat.fingerprint) ?? byRuleElement.get(`${ruleOf(threat)}\u0000${threat.element}`);
    if (!entry || (entry.expires && entry.expires < day)) continue;
    threat.status = entry.status;
    threat.tracking = {
      status: entry.status,
      ...(entry.justification ? { justification: entry.justification } : {}),
      ...(entry.by ? { by: entry.by } : {}),
      ...(entry.date ? { date: entry.date } : {}),
      ...(entry.expires ? { expires: entry.expires } : {}),
      source: entry.source,
    };
  }
}
