import { ARTIFACT_KIND_LABELS, ARTIFACT_KINDS } from '../../shared/model/artifact.js';
import { escapeHtml as x } from './html.js';
import { code, htmlTable, ruleAnchor, type HtmlSection } from './report-html-parts.js';
import type { ReportData } from './report-data.js';

/** What was read, what could not be read, which rules ran, and how to check the bundle. */
export function appendixSection(data: ReportData): HtmlSection {
  const { model } = data;
  const kinds = ARTIFACT_KINDS.map((kind) => ({ kind, files: model.artifacts.filter((a) => a.kind === kind) })).filter((k) => k.files.length);
  const inventory = htmlTable(['Kind', 'Files', 'Read with problems'], kinds.map((k) => [x(ARTIFACT_KIND_LABELS[k.kind]), String(k.files.length), String(k.files.filter((f) => f.status !== 'ok').length)]), { numeric: [1, 2] });
  const artifacts = [...model.artifacts].filter((a) => a.kind !== 'other').sort((a, b) => a.path.localeCompare(b.path));
  const artifactTable = artifacts.length
    ? htmlTable(['File', 'Kind', 'Status', 'Size', 'SHA-256'], artifacts.map((a) => [
      `${code(a.path)}`, x(ARTIFACT_KIND_LABELS[a.kind] ?? a.kind) + (a.detail ? ` <span class="small muted">${x(a.detail)}</span>` : ''),
      a.status === 'ok' ? 'read' : `${x(a.status)}${a.message ? `<div class="small muted">${x(a.message)}</div>` : ''}`, `<span class="nowrap">${formatBytes(a.size)}</span>`, `<code class="small">${x(a.hash.slice(0, 16))}…</code>`,
    ]), { numeric: [3] })
    : '';
  const diagnostics = model.diagnostics.length
    ? htmlTable(['Severity', 'File', 'Problem'], model.diagnostics.map((d) => [x(d.severity), code(`${d.file}:${d.line}`), `${x(d.message)} <span class="small muted">${x(d.code)}</span>`]))
    : '<p class="muted">Every file was read.</p>';
  const rules = [...data.rules.values()].sort((a, b) => a.id.localeCompare(b.id));
  const fired = new Set(data.findings.map((f) => f.ruleId));
  const ruleList = `<div class="cols">${rules.map((r) => `<div>${fired.has(r.id) ? `<a href="#${ruleAnchor(r.id)}">${code(r.id)}</a>` : `${code(r.id)}`} <span class="muted">${x(r.severity)}</span></div>`).join('')}</div>`;
  const files = ['report.html', 'report.md', 'findings.json', 'findings.sarif', 'model.json', 'threat-model.md', 'reliability-playbook.md', 'diagram.svg', ...(data.diagrams.erd ? ['erd.svg'] : []), 'manifest.json'];
  const html = `<h3 id="appendix-scope">A. Files read (${model.artifacts.length})</h3>${inventory}${artifactTable}
<h3 id="appendix-diagnostics">B. Files that could not be read (${model.diagnostics.length})</h3>${diagnostics}
<h3 id="appendix-rules">C. Rules checked (${rules.length})</h3><p class="small">Rule set ${x(data.ruleSet.version)}: ${data.ruleSet.count} built-in rules${rules.length > data.ruleSet.count ? ` and ${rules.length - data.ruleSet.count} custom rules of the project` : ''}. Linked rules produced findings; the word after each id is the rule's default severity.</p>${ruleList}
<h3 id="appendix-bundle">D. About this bundle</h3><p>This report is one file of a bundle: ${files.map((f) => `${code(f)}`).join(', ')}. The manifest records the SHA-256 of every file; <code>archbench verify &lt;bundle folder or zip&gt;</code> checks them. findings.sarif is SARIF 2.1.0 for code-scanning tools; findings.json and model.json follow the contract in Archbench's design notes.</p>`;
  return {
    id: 'appendix', title: 'Appendix', html,
    children: [{ id: 'appendix-scope', title: 'Files read' }, { id: 'appendix-diagnostics', title: 'Files that could not be read' }, { id: 'appendix-rules', title: 'Rules checked' }, { id: 'appendix-bundle', title: 'About this bundle' }],
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
