import { useEffect, useMemo, useState } from 'react';
import type { ProjectTemplate } from '../../../shared/contract/index.js';
import { hostKind, invoke } from '../../api/client.js';
import { log, notify } from '../../state/output.js';
import { useWorkbench, workbench } from '../../state/workbench-store.js';
import { openCreatedProject, refreshTree } from '../../workbench/project-actions.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { openFileAt } from '../editor/reveal.js';
import { closeDesignDialog } from './design-store.js';
import { DialogError, Field, Modal } from '../../workbench/Modal.js';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A dialog's Create: busy while `action` runs, its error shown in the dialog (the dialog stays open on failure). */
function useCreate(action: () => Promise<void>): { busy: boolean; error: string | null; setError(error: string | null): void; submit(): Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}

function Buttons({ busy, submit, disabled }: { busy: boolean; submit: string; disabled?: boolean }) {
  return (
    <>
      <button type="button" className="button" data-testid="design-dialog-cancel" onClick={closeDesignDialog} disabled={busy}>Cancel</button>
      <button type="submit" className="button primary" data-testid="design-dialog-submit" disabled={busy || disabled}>{busy ? 'Creating…' : submit}</button>
    </>
  );
}

/** The folder new projects go in by default: beside the open project. */
function defaultParent(): string {
  const root = workbench.get().project?.root;
  if (!root) return '';
  const cut = Math.max(root.lastIndexOf('/'), root.lastIndexOf('\\'));
  return cut > 0 ? root.slice(0, cut) : root;
}

/** New Project: a folder made from a template under a parent folder, then opened. */
export function NewProjectDialog() {
  const [templates, setTemplates] = useState<ProjectTemplate[] | null>(null);
  const [parent, setParent] = useState(defaultParent);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const { busy, error, setError, submit: create } = useCreate(async () => {
    const info = await openCreatedProject(name.trim(), () => invoke('project.create', { parent: parent.trim(), name: name.trim(), template }));
    if (info) closeDesignDialog();
  });

  useEffect(() => {
    let live = true;
    invoke('project.templates', {}).then((list) => {
      if (!live) return;
      setTemplates(list);
      setTemplate((current) => current || list[0]?.id || '');
    }, (e: unknown) => live && setError(`Could not list the templates: ${messageOf(e)}`));
    return () => { live = false; };
  }, []);

  const browse = async () => {
    const choice = await invoke('app.chooseFolder', {}).catch(() => ({ supported: false, path: null }));
    if (choice.path) setParent(choice.path);
  };

  const submit = async () => {
    if (parent.trim() && name.trim() && template) await create();
  };

  const chosen = templates?.find((t) => t.id === template);
  return (
    <Modal title="New Project" description="Creates a folder from a template and opens it." testId="new-project-dialog" busy={busy} onCancel={closeDesignDialog} onSubmit={() => void submit()} wide
      buttons={<Buttons busy={busy} submit="Create and open" disabled={!parent.trim() || !name.trim() || !template} />}>
      <Field label="Parent folder">
        <div className="design-input-row">
          <input className="text-input" data-testid="new-project-parent" value={parent} onChange={(e) => setParent(e.target.value)} placeholder="Folder to create the project in" spellCheck={false} autoComplete="off" />
          {hostKind === 'electron' && <button type="button" className="button" onClick={() => void browse()}>Browse…</button>}
        </div>
      </Field>
      <Field label="Name" hint={parent.trim() && name.trim() ? <>Creates <code>{`${parent.trim().replace(/[\\/]+$/, '')}/${name.trim()}`}</code></> : undefined}>
        <input className="text-input" data-testid="new-project-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="checkout-v2" spellCheck={false} autoComplete="off" data-autofocus={parent ? true : undefined} />
      </Field>
      <Field label="Template" hint={chosen?.description}>
        <select className="text-input" data-testid="new-project-template" value={template} onChange={(e) => setTemplate(e.target.value)} disabled={!templates}>
          {!templates && <option value="">Loading…</option>}
          {templates?.map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}
        </select>
      </Field>
      <DialogError message={error} />
    </Modal>
  );
}

/** Open a file main just created, at the line it points to (the tree learns about it from the watcher, or now). */
async function openCreated(path: string, line: number): Promise<void> {
  if (!workbench.get().tree.some((a) => a.path === path)) await refreshTree();
  await openFileAt(path, line);
}

/** New API Spec: an OpenAPI skeleton with a full error contract, optionally linked to a component. */
export function NewApiSpecDialog() {
  const model = useAnalysis((s) => s.model);
  const selection = useWorkbench((s) => s.selection);
  const components = useMemo(() => [...(model?.components ?? [])].sort((a, b) => a.id.localeCompare(b.id)), [model]);
  const [name, setName] = useState('');
  const [component, setComponent] = useState(selection?.type === 'component' ? selection.id : '');
  const { busy, error, submit: create } = useCreate(async () => {
    const created = await invoke('design.newApiSpec', { name: name.trim(), ...(component ? { component } : {}) });
    log(`Created ${created.path}${component ? ` for ${component}` : ''}`);
    closeDesignDialog();
    notify(`Created ${created.path}`);
    await openCreated(created.path, created.line);
  });

  const submit = async () => {
    if (name.trim()) await create();
  };

  return (
    <Modal title="New API Spec" description="An OpenAPI 3.1 skeleton with a full error contract, ready to fill in." testId="new-api-spec-dialog" busy={busy} onCancel={closeDesignDialog} onSubmit={() => void submit()}
      buttons={<Buttons busy={busy} submit="Create" disabled={!name.trim()} />}>
      <Field label="Name">
        <input className="text-input" data-testid="new-api-spec-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="payments" spellCheck={false} autoComplete="off" />
      </Field>
      <Field label="Component (optional)" hint="Linked in archbench.yaml under apis, so its endpoints belong to the component.">
        <select className="text-input" data-testid="new-api-spec-component" value={component} onChange={(e) => setComponent(e.target.value)}>
          <option value="">None</option>
          {components.map((c) => <option key={c.id} value={c.id}>{c.id}</option>)}
        </select>
      </Field>
      <DialogError message={error} />
    </Modal>
  );
}

/** New Migration: the next file in the project's own numbering (Flyway, timestamps, Supabase, Prisma). */
export function NewMigrationDialog() {
  const [name, setName] = useState('');
  const { busy, error, submit: create } = useCreate(async () => {
    const created = await invoke('design.newMigration', { name: name.trim() });
    log(`Created ${created.path} (${created.scheme})`);
    closeDesignDialog();
    notify(`Created ${created.path}: ${created.scheme}`);
    await openCreated(created.path, created.line);
  });

  const submit = async () => {
    if (name.trim()) await create();
  };

  return (
    <Modal title="New Migration" description="Adds the next migration file, numbered the way the project already numbers its migrations." testId="new-migration-dialog" busy={busy} onCancel={closeDesignDialog} onSubmit={() => void submit()}
      buttons={<Buttons busy={busy} submit="Create" disabled={!name.trim()} />}>
      <Field label="Name">
        <input className="text-input" data-testid="new-migration-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="add refunds" spellCheck={false} autoComplete="off" />
      </Field>
      <DialogError message={error} />
    </Modal>
  );
}
