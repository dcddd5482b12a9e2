import * as z from 'zod';

/** Formats a bundle can be limited to; `json` is findings.json and model.json together. */
export const REPORT_FORMATS = ['html', 'md', 'sarif', 'json', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportExportArgs {
  /** Absolute folder to write the bundle into (replaced whole if it holds an earlier bundle); default: a new folder under the store's `reports/`. */
  outDir?: string;
  /** Subset of formats; absent = the whole bundle (report.html, report.md, findings.json/.sarif, model.json, threat model, playbook, diagrams). */
  formats?: ReportFormat[];
  /** Also write `<outDir>.zip`. */
  zip?: boolean;
  /** Add report.pdf to the whole bundle (Chromium needed; otherwise listed in `skipped`). */
  pdf?: boolean;
  /** Who exports, for the audit log (defaults to the OS user). */
  by?: string;
}

export interface ReportExportResult {
  dir: string;
  /** Bundle files, manifest.json last. */
  files: string[];
  zip?: string;
  /** SHA-256 of manifest.json, which holds the SHA-256 of every other file; recorded in the audit log. */
  bundleHash: string;
  /** The analysis run the bundle reports. */
  runId: number;
  /** Files asked for and not written, with why (report.pdf without Chromium). */
  skipped: Array<{ path: string; reason: string }>;
}

/** Push event while a bundle is written. */
export interface ReportProgress {
  phase: 'collect' | 'render' | 'pdf' | 'write' | 'zip' | 'done';
  done: number;
  total: number;
  /** The file being rendered, when there is one. */
  file?: string;
}

export const reportSchemas = {
  'report.export': z.object({
    outDir: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'must not contain NUL').optional(),
    formats: z.array(z.enum(REPORT_FORMATS)).min(1).max(REPORT_FORMATS.length).optional(),
    zip: z.boolean().optional(),
    pdf: z.boolean().optional(),
    by: z.string().min(1).max(200).optional(),
  }).strict(),
};

export interface ReportHandlers {
  /** Write the report bundle of the latest finished analysis run; progress arrives as `report.progress` events. */
  'report.export': (args: ReportExportArgs) => ReportExportResult;
}
