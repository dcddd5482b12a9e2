import type { FindingCategory, Severity } from '../../shared/model/finding.js';
import { SEVERITIES } from '../../shared/model/finding.js';
import { CATEGORIES, CATEGORY_LABELS } from './report-data.js';

/** Severity colours shared by the chart and the report's badges. */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#7f1d1d',
  high: '#c2410c',
  medium: '#b45309',
  low: '#2563eb',
  info: '#94a3b8',
};

/**
 * Open findings by category and severity as a horizontal stacked bar chart (inline SVG, no script), with the
 * numbers written out so it reads in greyscale print too.
 */
export function severityChartSvg(counts: Record<FindingCategory, Record<Severity, number>>): string {
  const rows = CATEGORIES.map((category) => ({ category, counts: counts[category], total: SEVERITIES.reduce((sum, s) => sum + counts[category][s], 0) }));
  const max = Math.max(1, ...rows.map((row) => row.total));
  const labelWidth = 92;
  const barWidth = 430;
  const rowHeight = 26;
  const top = 8;
  const legendY = top + rows.length * rowHeight + 16;
  const width = labelWidth + barWidth + 60;
  const height = legendY + 14;
  const bars = rows.map((row, index) => {
    const y = top + index * rowHeight;
    let x = labelWidth;
    const segments = SEVERITIES.filter((s) => row.counts[s] > 0).map((s) => {
      const w = (row.counts[s] / max) * barWidth;
      const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(w, 1.5).toFixed(1)}" height="${rowHeight - 8}" fill="${SEVERITY_COLOURS[s]}"><title>${row.counts[s]} ${s}</title></rect>`
        + (w >= 22 ? `<text x="${(x + w / 2).toFixed(1)}" y="${y + 13}" font-size="10" fill="#ffffff" text-anchor="middle">${row.counts[s]}</text>` : '');
      x += w;
      return rect;
    }).join('');
    return `<text x="${labelWidth - 8}" y="${y + 13}" font-size="11" fill="#334155" text-anchor="end">${CATEGORY_LABELS[row.category]}</text>`
      + `<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="${rowHeight - 8}" fill="#f1f5f9"/>${segments}`
      + `<text x="${(x + 6).toFixed(1)}" y="${y + 13}" font-size="11" fill="#0f172a" font-weight="600">${row.total}</text>`;
  }).join('');
  let legendX = labelWidth;
  const legend = SEVERITIES.map((s) => {
    const item = `<rect x="${legendX}" y="${legendY - 9}" width="10" height="10" fill="${SEVERITY_COLOURS[s]}"/><text x="${legendX + 14}" y="${legendY}" font-size="10" fill="#475569">${s}</text>`;
    legendX += 26 + s.length * 6;
    return item;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Open findings by category and severity" font-family="Segoe UI, Helvetica Neue, Arial, Liberation Sans, sans-serif">${bars}${legend}</svg>`;
}
