import { ARTIFACT_KIND_LABELS, ARTIFACT_KINDS } from '../../shared/model/artifact.js';
import type { BundleModel, Finding } from './analyze.js';
import { escapeHtml, escapeMarkdown } from './html.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF 2.1.0 log of the findings. */
export function toSarif(findings: Finding[], version: string): object {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Archbench', version, semanticVersion: version, informationUri: 'https://example.invalid/archbench', rules: ruleIds.map((id) => ({ id })) } },
      results: findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: ruleIds.indexOf(f.ruleId),
        level: f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'note',
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: f.location.file }, region: { startLine: f.location.line, ...(f.location.column ? { startColumn: f.location.column } : {}) } } }],
        partialFingerprints: { 'archbench/v1': f.fingerprint },
      })),
    }],
  };
}

function inventory(model: BundleModel): Array<{ kind: string; count: number }> {
  return ARTIFACT_KINDS.map((kind) => ({ kind: ARTIFACT_KIND_LABELS[kind], count: model.artifacts.filter((a) => a.kind === kind).length })).filter((r) => r.count > 0);
}

/** report.html: one self-contained offline file; every project string escaped. */
export function renderReportHtml(project: string, model: BundleModel, findings: Finding[]): string {
  const rows = inventory(model).map((r) => `<tr><td>${escapeHtml(r.kind)}</td><td class="n">${r.count}</td></tr>`).join('');
  const diagnostics = model.diagnostics.map((d) => `<li><code>${escapeHtml(d.file)}:${d.line}</code> ${escapeHtml(d.message)}</li>`).join('');
  const findingRows = findings.map((f) => `<tr><td>${escapeHtml(f.severity)}</td><td>${escapeHtml(f.ruleId)}</td><td>${escapeHtml(f.message)}</td><td><code>${escapeHtml(f.location.file)}:${f.location.line}</code></td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Archbench report: ${escapeHtml(project)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1f2328}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}.n{text-align:right}code{font-size:12px}</style>
</head><body>
<h1>Archbench report: ${escapeHtml(project)}</h1>
<p>${model.artifacts.length} artifacts read; ${findings.length} findings.</p>
<h2 id="artifacts">Artifacts</h2>
<table><thead><tr><th>Kind</th><th>Files</th></tr></thead><tbody>${rows}</tbody></table>
<h2 id="findings">Findings</h2>
${findings.length ? `<table><thead><tr><th>Severity</th><th>Rule</th><th>Message</th><th>Location</th></tr></thead><tbody>${findingRows}</tbody></table>` : '<p>No findings.</p>'}
<h2 id="diagnostics">Files that could not be read</h2>
${diagnostics ? `<ul>${diagnostics}</ul>` : '<p>None.</p>'}
</body></html>
`;
}

/** report.md: the same content for people who read Markdown. */
export function renderReportMarkdown(project: string, model: BundleModel, findings: Finding[]): string {
  const lines = [`# Archbench report: ${escapeMarkdown(project)}`, '', `${model.artifacts.length} artifacts read; ${findings.length} findings.`, '', '## Artifacts', '', '| Kind | Files |', '| --- | ---: |'];
  for (const r of inventory(model)) lines.push(`| ${escapeMarkdown(r.kind)} | ${r.count} |`);
  lines.push('', '## Findings', '');
  if (!findings.length) lines.push('No findings.');
  for (const f of findings) lines.push(`- **${f.severity}** ${escapeMarkdown(f.ruleId)}: ${escapeMarkdown(f.message)} (\`${f.location.file}:${f.location.line}\`)`);
  return lines.join('\n') + '\n';
}

/** threat-model.md: STRIDE per element and flow (elements listed; threats arrive with the threat-model engine). */
export function renderThreatModel(project: string, model: BundleModel): string {
  return [`# Threat model: ${escapeMarkdown(project)}`, '', `Components: ${model.components.length}. Flows: ${model.flows.length}. Trust boundaries: ${model.trustBoundaries.length}.`, ''].join('\n');
}

/** reliability-playbook.md: per critical component, failure scenario, blast radius, detection, recovery. */
export function renderPlaybook(project: string, model: BundleModel): string {
  return [`# Reliability playbook: ${escapeMarkdown(project)}`, '', `Components: ${model.components.length}.`, ''].join('\n');
}

/** diagram.svg: the dependency diagram (components and flows). */
export function renderDiagramSvg(model: BundleModel): string {
  const height = 40 + model.components.length * 28;
  const items = model.components.map((c, i) => `<text x="16" y="${40 + i * 28}">${escapeHtml(c.name)} (${escapeHtml(c.kind)})</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="${height}" font-family="sans-serif" font-size="13"><text x="16" y="20" font-weight="bold">${model.components.length} components, ${model.flows.length} flows</text>${items}</svg>\n`;
}
