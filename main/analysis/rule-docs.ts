import type { RuleMeta } from '../../shared/model/finding.js';

/** Rule documentation as Markdown, generated from each rule's metadata (`archbench rules --markdown`). */
export function ruleDocs(rules: RuleMeta[]): string {
  const categories = [...new Set(rules.map((r) => r.category))].sort();
  const out = ['# Archbench rules', '', `${rules.length} rules. Generated from the rules' metadata by \`archbench rules --markdown\`.`, ''];
  for (const category of categories) {
    const inCategory = rules.filter((r) => r.category === category);
    out.push(`## ${category[0].toUpperCase()}${category.slice(1)} (${inCategory.length})`, '');
    for (const rule of inCategory) {
      const tags = [`severity **${rule.severity}**`, rule.stride && `STRIDE ${rule.stride}`, rule.cwe && `CWE-${rule.cwe}`, rule.owaspApi && `OWASP ${rule.owaspApi}`].filter(Boolean).join(' · ');
      out.push(`### \`${rule.id}\`: ${rule.title}`, '', tags, '', rule.rationale, '', `**Fix:** ${rule.remediation}`, '');
      if (rule.references.length) out.push(...rule.references.map((ref) => `- <${ref}>`), '');
    }
  }
  return out.join('\n');
}
