import { useEffect, useState, type FormEvent } from 'react';
import { hostKind } from '../../api/client.js';
import { useWorkbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { openFolder, openProjectAt, openSample, refreshRecent } from '../../workbench/project-actions.js';
import { shortcutLabel } from '../../workbench/shortcuts.js';
import { openDesignDialog } from '../design/design-store.js';
import './welcome.css';

/** The start page: open a folder (native dialog in Electron, a path field in the browser), the sample, recent projects. */
export function StartPage() {
  const recent = useWorkbench((s) => s.recent);
  const opening = useWorkbench((s) => s.opening);
  const [path, setPath] = useState('');
  // Electron has a native folder dialog; the browser host cannot browse the host's disk, so it takes a path.
  const nativePicker = hostKind === 'electron';

  useEffect(() => {
    void refreshRecent();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void openProjectAt(path.trim());
  };

  return (
    <div className="start-page" data-testid="start-page">
      <div className="start-inner">
        <header className="start-header">
          <h1>Archbench</h1>
          <p>Open a service repository or a design folder: Archbench reads its OpenAPI, GraphQL and protobuf APIs, SQL migrations, Compose files and Kubernetes manifests.</p>
        </header>
        <div className="start-columns">
          <section className="start-section" aria-labelledby="start-open">
            <h2 id="start-open">Start</h2>
            {nativePicker ? (
              <button type="button" className="start-action" onClick={() => void openFolder()} disabled={!!opening}>
                <Icon name="folder-opened" /> Open Folder…
              </button>
            ) : (
              <form className="start-open-form" onSubmit={submit} aria-label="Open a folder by path">
                <label htmlFor="start-path">Folder on this machine</label>
                <div className="start-open-row">
                  <input
                    id="start-path"
                    className="text-input"
                    data-testid="open-folder-path"
                    placeholder="Absolute path of the project folder"
                    value={path}
                    onChange={(e) => setPath(e.target.value)}
                    spellCheck={false}
                    autoComplete="off"
                  />
                  <button type="submit" className="button primary" data-testid="open-folder-submit" disabled={!path.trim() || !!opening}>Open</button>
                </div>
              </form>
            )}
            <button type="button" className="start-action" data-testid="open-sample" onClick={() => void openSample()} disabled={!!opening}>
              <Icon name="beaker" /> Open the sample project
            </button>
            <button type="button" className="start-action" data-testid="start-new-project" onClick={() => openDesignDialog({ type: 'new-project' })} disabled={!!opening}>
              <Icon name="new-folder" /> New project from a template…
            </button>
            {opening && <p className="start-opening" role="status">Opening {opening}…</p>}
            <p className="start-hint">All commands: <kbd>{shortcutLabel('Mod+Shift+P')}</kbd></p>
          </section>
          <section className="start-section" aria-labelledby="start-recent">
            <h2 id="start-recent">Recent</h2>
            {recent.length ? (
              <ul className="start-recent" data-testid="recent-projects">
                {recent.map((project) => (
                  <li key={project.root}>
                    <button type="button" className="start-recent-item" title={project.root} onClick={() => void openProjectAt(project.root)} disabled={!!opening}>
                      <span className="start-recent-name">{project.name}</span>
                      <span className="start-recent-path">{project.root}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="start-empty">No recent projects yet.</p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
