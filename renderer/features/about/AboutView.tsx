import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract/index.js';
import { hostKind, invoke } from '../../api/client.js';
import { log, notify, reportError } from '../../state/output.js';
import { workbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { diagnosticsText } from './diagnostics.js';
import './about.css';

/** About / diagnostics: versions, host, where data and logs live, the last errors, and a copyable report. */
export function AboutView() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const load = () => {
    setError(null);
    invoke('app.info', {}).then(setInfo, (e: Error) => setError(e.message));
  };
  useEffect(() => {
    load();
  }, []);

  const copy = async () => {
    if (!info) return;
    const state = workbench.get();
    const text = diagnosticsText(info, { hostKind, project: state.project, userAgent: navigator.userAgent, output: state.output });
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard permission denied (e.g. an unfocused page): fall back to a selection copy.
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      if (!ok) return reportError('Could not copy the diagnostics', new Error('the clipboard is not available'));
    }
    setCopied(true);
    log('Copied diagnostics to the clipboard');
    notify('Diagnostics copied to the clipboard');
    setTimeout(() => setCopied(false), 2000);
  };

  return (
    <div className="about" data-testid="about-view">
      <div className="about-inner">
        <header className="about-header">
          <h1>Archbench</h1>
          {info && <span className="about-version">Version {info.version}</span>}
        </header>
        {error && <p className="about-error" role="alert">Could not read the diagnostics: {error} <button type="button" className="button small" onClick={load}>Retry</button></p>}
        {info && (
          <>
            <dl className="about-grid" data-testid="about-details">
              <dt>Host</dt><dd>{info.host} (renderer through {hostKind === 'electron' ? 'the Electron bridge' : 'the browser host'})</dd>
              <dt>Platform</dt><dd>{info.platform}</dd>
              {Object.entries(info.versions).map(([name, version]) => (
                <Row key={name} label={name[0].toUpperCase() + name.slice(1)} value={version} />
              ))}
              <Row label="Data folder" value={info.dataDir} mono />
              <Row label="Log file" value={info.logPath} mono />
              <Row label="Project store" value={info.storePath ?? 'No project open'} mono={!!info.storePath} />
            </dl>
            <h2>Last errors</h2>
            {info.lastErrors.length ? (
              <ul className="about-errors" data-testid="about-errors">
                {info.lastErrors.map((e, i) => (
                  <li key={i}><span className="about-error-time">{e.time}</span>{e.method && <code>{e.method}</code>}<span>{e.message}</span></li>
                ))}
              </ul>
            ) : (
              <p className="about-none">None since the app started.</p>
            )}
            <div className="about-actions">
              <button type="button" className="button primary" data-testid="copy-diagnostics" onClick={() => void copy()}>
                <Icon name={copied ? 'check' : 'copy'} /> {copied ? 'Copied' : 'Copy Diagnostics'}
              </button>
              <button type="button" className="button" onClick={load}><Icon name="refresh" /> Refresh</button>
            </div>
            <p className="about-note">The copied text holds versions, paths and error messages only, never file contents: paste it into a bug report.</p>
          </>
        )}
      </div>
    </div>
  );
}

function Row({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{value}</dd>
    </>
  );
}
