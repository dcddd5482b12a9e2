import type { FindingCategory, RuleMeta, Severity } from '../../../shared/model/finding.js';
import type { AnalysedFinding } from '../analysis/analysis-store.js';
import { compareFindings, SEVERITY_RANK } from '../analysis/labels.js';

/** open: status open; tracked: any risk decision; new: not in the run before. */
export type StatusFilter = 'open' | 'tracked' | 'new' | 'all';
export type GroupBy = 'rule' | 'file' | 'element';

export interface FindingsFilter {
  text: string;
  /** Empty: every severity. */
  severities: ReadonlySet<Severity>;
  category: FindingCategory | 'all';
  file: string | 'all';
  status: StatusFilter;
}

export const EMPTY_FILTER: FindingsFilter = { text: '', severities: new Set(), category: 'all', file: 'all', status: 'open' };

function statusMatches(finding: AnalysedFinding, status: StatusFilter): boolean {
  switch (status) {
    case 'open': return finding.status === 'open';
    case 'tracked': return finding.status !== 'open';
    case 'new': return finding.isNew;
    case 'all': return true;
  }
}

/** The findings the filter lets through (every word of the text must appear in title, message, rule, element, file or evidence). */
export function filterFindings(findings: AnalysedFinding[], filter: FindingsFilter): AnalysedFinding[] {
  const terms = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return findings.filter((f) => {
    if (filter.severities.size && !filter.severities.has(f.severity)) return false;
    if (filter.category !== 'all' && f.category !== filter.category) return false;
    if (filter.file !== 'all' && f.location.file !== filter.file) return false;
    if (!statusMatches(f, filter.status)) return false;
    if (!terms.length) return true;
    const text = [f.title, f.message, f.ruleId, f.element, f.location.file, f.evidence, f.cwe ? `cwe-${f.cwe}` : undefined, f.owaspApi].filter(Boolean).join(' ').toLowerCase();
    return terms.every((term) => text.includes(term));
  });
}

export interface FindingGroup {
  key: string;
  label: string;
  detail?: string;
  /** The most severe finding's severity. */
  severity: Severity;
  findings: AnalysedFinding[];
}

/** Group findings by rule, file or element: groups with the most severe findings first, findings likewise. */
export function groupFindings(findings: AnalysedFinding[], by: GroupBy, rules: ReadonlyMap<string, RuleMeta>): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const key = by === 'rule' ? finding.ruleId : by === 'file' ? finding.location.file : finding.element;
    let group = groups.get(key);
    if (!group) {
      const label = by === 'rule' ? rules.get(key)?.title ?? finding.title : key;
      group = { key, label, detail: by === 'rule' ? key : undefined, severity: finding.severity, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
    if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[group.severity]) group.severity = finding.severity;
  }
  const list = [...groups.values()];
  for (const group of list) group.findings.sort(compareFindings);
  return list.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.findings.length - a.findings.length || a.label.localeCompare(b.label));
}
