import type { Finding, Severity } from '../../shared/model/finding.js';
import type { SourceLocation } from '../../shared/model/model.js';
import { anchorId, escapeHtml as x, safeHref } from './html.js';
import { locationText, type ReportFinding } from './report-data.js';
import type { SourceExcerpt } from './source-excerpt.js';

/** One chapter of report.html: its anchor, its title for the contents, its sub-headings and its markup. */
export interface HtmlSection {
  id: string;
  title: string;
  children: Array<{ id: string; title: string }>;
  html: string;
}

export function severityBadge(severity: Severity | string): string {
  return `<span class="sev ${x(severity)}">${x(severity)}</span>`;
}

export function tag(text: string, kind = ''): string {
  return `<span class="tag${kind ? ` ${kind}` : ''}">${x(text)}</span>`;
}

/** Status, new and baseline marks of a finding. */
export function findingTags(finding: ReportFinding): string {
  return [
    finding.status !== 'open' ? tag(finding.status, 'status') : '',
    finding.expiredTracking ? tag(`${finding.expiredTracking.status} expired`, 'expired') : '',
    finding.isNew ? tag('new', 'new') : '',
    finding.baseline ? tag('in baseline', 'base') : '',
  ].join('');
}

export function findingAnchor(finding: Pick<Finding, 'fingerprint'>): string {
  return /^[0-9a-f]{8,64}$/.test(finding.fingerprint) ? `f-${finding.fingerprint}` : anchorId('f', finding.fingerprint);
}

export function ruleAnchor(ruleId: string): string {
  return anchorId('r', ruleId);
}

/** A link to a finding's card in the Findings chapter. */
export function findingLink(finding: ReportFinding, text: string): string {
  return `<a href="#${findingAnchor(finding)}">${x(text)}</a>`;
}

export function locationCode(location: SourceLocation | { file: string; line?: number; column?: number }): string {
  return code(locationText(location));
}

/** Escaped project text that may wrap after separators (long table names, paths in bold). */
export function breakable(text: string): string {
  return String(text ?? '').split(/(?<=[/.:#_\-?=&,])/).map((piece) => x(piece)).join('<wbr>');
}

/** Project text as inline code that may wrap after path and name separators (`/ . : # - _`), escaped piece by piece. */
export function code(text: string): string {
  return `<code>${breakable(text)}</code>`;
}

/** A table; cells are already HTML. `numeric` lists right-aligned column indexes. */
export function htmlTable(headers: string[], rows: string[][], options: { numeric?: number[]; className?: string } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  const cls = (index: number) => (numeric.has(index) ? ' class="num"' : '');
  return `<table${options.className ? ` class="${options.className}"` : ''}><thead><tr>${headers.map((h, i) => `<th${cls(i)}>${x(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** An external link when the URL is http(s); otherwise the URL as inert text. */
export function externalLink(url: string, text = url): string {
  const href = safeHref(url);
  return href ? `<a href="${href}" rel="noopener noreferrer">${x(text)}</a>` : `<span class="wrap">${x(text)}</span>`;
}

export function cweLink(cwe: number | undefined): string {
  return cwe && Number.isInteger(cwe) ? externalLink(`https://cwe.mitre.org/data/definitions/${cwe}.html`, `CWE-${cwe}`) : '';
}

/** The source lines around a location, the hit line highlighted. */
export function excerptHtml(excerpt: SourceExcerpt | undefined): string {
  if (!excerpt) return '';
  const notes = [excerpt.shortened ? 'long lines shortened' : '', excerpt.redacted ? 'values that look like secrets masked' : ''].filter(Boolean).join('; ');
  const lines = excerpt.lines.map((line) => `<div class="ln${line.hit ? ' hit' : ''}"><span class="no">${line.number}</span><span class="tx">${x(line.text) || ' '}</span></div>`).join('');
  return `<div class="src" aria-label="${x(excerpt.file)}">${lines}${notes ? `<div class="file">${x(excerpt.file)}: ${x(notes)}</div>` : ''}</div>`;
}

/** Text with `backtick` spans shown as code: each piece escaped on its own, so nothing but <code> is ever markup. */
export function richText(text: string): string {
  const parts = String(text ?? '').split('`');
  if (parts.length < 3) return x(text);
  return parts.map((part, i) => (i % 2 === 1 && i < parts.length - 1 ? `${code(part)}` : x(i % 2 === 1 ? `\`${part}` : part))).join('');
}

/** `2026-03-01T10:00:00.000Z` as `2026-03-01 10:00 UTC`. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** A list that stops after `limit` items with "and N more". */
export function limited<T>(items: readonly T[], limit: number, render: (item: T) => string): string {
  const shown = items.slice(0, limit).map(render).join('');
  return items.length > limit ? `${shown}<li class="muted">and ${items.length - limit} more</li>` : shown;
}
