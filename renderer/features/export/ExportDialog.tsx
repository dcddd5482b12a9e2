import { useEffect, useState } from 'react';
import { REPORT_FORMATS, type ReportExportResult, type ReportFormat, type ReportProgress } from '../../../shared/contract/index.js';
import { invoke, on } from '../../api/client.js';
import { log } from '../../state/output.js';
import { useWorkbench } from '../../state/workbench-store.js';
import { DialogError, Field, Modal } from '../../workbench/Modal.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { closeExportDialog, useExportDialog } from './export-store.js';
import './export.css';

const FORMAT_LABELS: Record<ReportFormat, string> = {
  html: 'report.html: the whole report in one offline file',
  md: 'report.md',
  sarif: 'findings.sarif (SARIF 2.1.0, for code scanning)',
  json: 'findings.json and model.json',
  pdf: 'report.pdf (needs Chromium)',
};

const PHASES: Record<ReportProgress['phase'], string> = {
  collect: 'Collecting the analysis', render: 'Rendering', pdf: 'Printing the PDF', write: 'Writing the files', zip: 'Zipping', done: 'Done',
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The export dialog, when open (mounted once by the workbench). */
export function ExportDialogHost() {
  const open = useExportDialog((s) => s.open);
  return open ? <ExportDialog /> : null;
}

/**
 * Export Report Bundle: the latest analysis written as report.html, report.md, findings.json/.sarif, model.json,
 * threat model, playbook and diagrams with a manifest (the same bundle as `archbench analyze`), with progress.
 */
function ExportDialog() {
  const root = useWorkbench((s) => s.project?.root ?? '');
  const run = useAnalysis((s) => s.result?.run ?? null);
  const [outDir, setOutDir] = useState('');
  const [whole, setWhole] = useState(true);
  const [formats, setFormats] = useState<ReportFormat[]>(['html', 'sarif']);
  const [pdf, setPdf] = useState(false);
  const [zip, setZip] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ReportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReportExportResult | null>(null);

  useEffect(() => on('report.progress', (p) => setProgress(p)), []);

  const toggle = (format: ReportFormat) => setFormats((list) => (list.includes(format) ? list.filter((f) => f !== format) : [...list, format]));
  const ready = !!run && (whole || formats.length > 0);

  const submit = async () => {
    if (result) { closeExportDialog(); return; }
    setBusy(true);
    setError(null);
    setProgress(null);
    try {
      const written = await invoke('report.export', {
        ...(outDir.trim() ? { outDir: outDir.trim() } : {}),
        ...(whole ? (pdf ? { pdf: true } : {}) : { formats }),
        ...(zip ? { zip: true } : {}),
      });
      setResult(written);
      log(`Report bundle of run #${written.runId} written to ${written.dir} (${written.files.length} files${written.zip ? `, ${written.zip}` : ''})`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const percent = progress && progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <Modal title="Export Report Bundle" testId="export-dialog" busy={busy} onCancel={closeExportDialog} onSubmit={() => void submit()} wide
      description={run ? `The findings of analysis #${run.runId}, the threat model, the reliability playbook and the diagrams, with a manifest of SHA-256 hashes.` : 'No analysis has finished yet: wait for the first one.'}
      buttons={result
        ? <button type="submit" className="button primary" data-testid="export-close">Close</button>
        : <>
          <button type="button" className="button" onClick={closeExportDialog} disabled={busy}>Cancel</button>
          <button type="submit" className="button primary" data-testid="export-submit" disabled={busy || !ready}>{busy ? 'Exporting…' : 'Export'}</button>
        </>}>
      {!result && (
        <>
          <Field label="Folder" hint={<>An earlier bundle there is replaced whole; a folder holding anything else is refused. Empty: a new folder in the project store’s <code>reports/</code>.</>}>
            <input className="text-input" data-testid="export-folder" value={outDir} onChange={(e) => setOutDir(e.target.value)} placeholder={root ? `${root}/archbench-report` : 'archbench-report'} spellCheck={false} autoComplete="off" disabled={busy} />
          </Field>
          <fieldset className="export-formats" disabled={busy}>
            <legend>Contents</legend>
            <label><input type="radio" name="export-whole" checked={whole} onChange={() => setWhole(true)} data-testid="export-whole" /> The whole bundle</label>
            {whole && <label className="export-sub"><input type="checkbox" checked={pdf} onChange={(e) => setPdf(e.target.checked)} data-testid="export-pdf" /> with report.pdf (needs Chromium)</label>}
            <label><input type="radio" name="export-whole" checked={!whole} onChange={() => setWhole(false)} data-testid="export-some" /> Only these files</label>
            {!whole && REPORT_FORMATS.map((format) => (
              <label key={format} className="export-sub"><input type="checkbox" checked={formats.includes(format)} onChange={() => toggle(format)} data-testid={`export-format-${format}`} /> {FORMAT_LABELS[format]}</label>
            ))}
            <label><input type="checkbox" checked={zip} onChange={(e) => setZip(e.target.checked)} data-testid="export-zip" /> Also write a .zip beside the folder</label>
          </fieldset>
        </>
      )}
      {busy && (
        <div className="export-progress" role="status" aria-live="polite" data-testid="export-progress">
          <progress max={100} value={percent} aria-label="Export progress" />
          <span>{progress ? `${PHASES[progress.phase]}${progress.file ? `: ${progress.file}` : ''}` : 'Starting…'}</span>
        </div>
      )}
      <DialogError message={error} />
      {result && (
        <div className="export-result" data-testid="export-result">
          <p>Written to <code data-testid="export-result-dir">{result.dir}</code>{result.zip && <> and <code>{result.zip}</code></>}.</p>
          <ul>{result.files.map((file) => <li key={file}><code>{file}</code></li>)}</ul>
          {result.skipped.map((s) => <p key={s.path} className="export-skipped">{s.path} skipped: {s.reason}</p>)}
          <p className="export-hash">manifest.json SHA-256 <code title="Recorded in the project’s audit log; `archbench verify` checks every file against it">{result.bundleHash}</code></p>
        </div>
      )}
    </Modal>
  );
}
