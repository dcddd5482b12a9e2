import { useMemo, useState } from 'react';
import { COMPONENT_KINDS, type ComponentKind } from '../../../shared/model/model.js';
import { workbench } from '../../state/workbench-store.js';
import { useAnalysis } from '../analysis/analysis-store.js';
import { applyDesign, selectWhenPresent } from './design-actions.js';
import { flowName, idFromName } from './design-labels.js';
import { closeDesignDialog, useDesign } from './design-store.js';
import { DialogError, Field, Modal } from '../../workbench/Modal.js';

/** Protocols offered for a flow (any other value can be typed). */
export const PROTOCOLS = ['http', 'https', 'grpc', 'tcp', 'postgres', 'mysql', 'redis', 'mongodb', 'amqp', 'kafka', 'nats', 'smtp'];
/** Authentication values the rules understand (any other value can be typed). */
export const AUTHENTICATIONS = ['none', 'mtls', 'jwt', 'oauth2', 'api-key', 'basic', 'iam', 'session'];
export const BOUNDARY_KINDS = ['declared', 'network', 'namespace', 'internet', 'vpc', 'cluster', 'account'];

function Buttons({ busy, submit, disabled }: { busy: boolean; submit: string; disabled?: boolean }) {
  return (
    <>
      <button type="button" className="button" data-testid="design-dialog-cancel" onClick={closeDesignDialog} disabled={busy}>Cancel</button>
      <button type="submit" className="button primary" data-testid="design-dialog-submit" disabled={busy || disabled}>{busy ? 'Writing…' : submit}</button>
    </>
  );
}

/** Add component: name (its id follows), one of the eight kinds, optionally a declared boundary. */
export function AddComponentDialog() {
  const model = useAnalysis((s) => s.model);
  const busy = useDesign((s) => s.busy);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ComponentKind>('service');
  const [boundary, setBoundary] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = idFromName(name);
  const taken = !!id && !!model?.components.some((c) => c.id === id);

  const submit = async () => {
    if (!id || taken) return;
    const failed = await applyDesign([{ op: 'component.add', id, kind, ...(name.trim() !== id ? { name: name.trim() } : {}), ...(boundary ? { boundary } : {}) }], `Add ${kind} ${id}`);
    if (failed) return setError(failed);
    closeDesignDialog();
    selectWhenPresent({ type: 'component', id });
  };

  return (
    <Modal title="Add a component" description="Written to archbench.yaml as a new component." testId="design-add-component-dialog" busy={busy} onCancel={closeDesignDialog} onSubmit={() => void submit()}
      buttons={<Buttons busy={busy} submit="Add component" disabled={!id || taken} />}>
      <Field label="Name" hint={taken ? <span className="design-warning">A component “{id}” exists already.</span> : id && id !== name.trim() ? <>Id in archbench.yaml: <code>{id}</code></> : undefined}>
        <input className="text-input" data-testid="design-component-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="fraud-check" spellCheck={false} autoComplete="off" required />
      </Field>
      <Field label="Kind">
        <select className="text-input" data-testid="design-component-kind" value={kind} onChange={(e) => setKind(e.target.value as ComponentKind)}>
          {COMPONENT_KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
      </Field>
      <Field label="Trust boundary (optional)">
        <select className="text-input" data-testid="design-component-boundary" value={boundary} onChange={(e) => setBoundary(e.target.value)}>
          <option value="">None</option>
          {(model?.trustBoundaries ?? []).map((b) => <option key={b.id} value={b.id}>{b.name} ({b.kind})</option>)}
        </select>
      </Field>
      <DialogError message={error} />
    </Modal>
  );
}

/** Add flow: source and target (prefilled when picked on the diagram) and the protocol. */
export function AddFlowDialog({ from: pickedFrom, to: pickedTo }: { from?: string; to?: string }) {
  const model = useAnalysis((s) => s.model);
  const busy = useDesign((s) => s.busy);
  const components = useMemo(() => [...(model?.components ?? [])].sort((a, b) => a.id.localeCompare(b.id)), [model]);
  const [from, setFrom] = useState(pickedFrom ?? '');
  const [to, setTo] = useState(pickedTo ?? '');
  const [protocol, setProtocol] = useState('http');
  const [error, setError] = useState<string | null>(null);
  const exists = !!model?.flows.some((f) => f.from === from && f.to === to);
  const ready = !!from && !!to && from !== to && !!protocol.trim();

  const submit = async () => {
    if (!ready) return;
    const failed = await applyDesign([{ op: 'flow.add', from, to, props: { protocol: protocol.trim() } }], `Add flow ${flowName(from, to)} (${protocol.trim()})`);
    if (failed) return setError(failed);
    closeDesignDialog();
    selectWhenPresent({ type: 'flow', from, to });
  };

  const componentSelect = (value: string, set: (v: string) => void, testId: string) => (
    <select className="text-input" data-testid={testId} value={value} onChange={(e) => set(e.target.value)} required>
      <option value="" disabled>Choose a component…</option>
      {components.map((c) => <option key={c.id} value={c.id}>{c.id}{c.name !== c.id ? ` (${c.name})` : ''}</option>)}
    </select>
  );

  return (
    <Modal title="Add a flow" description="Who calls whom, and how: written to archbench.yaml under flows." testId="design-add-flow-dialog" busy={busy} onCancel={closeDesignDialog} onSubmit={() => void submit()}
      buttons={<Buttons busy={busy} submit="Add flow" disabled={!ready} />}>
      <div className="design-row">
        <Field label="From">{componentSelect(from, setFrom, 'design-flow-from')}</Field>
        <Field label="To">{componentSelect(to, setTo, 'design-flow-to')}</Field>
      </div>
      <Field label="Protocol" hint={exists ? 'A flow between these two exists already; this adds another one.' : from && from === to ? 'Choose two different components.' : undefined}>
        <input className="text-input" data-testid="design-flow-protocol" list="design-protocols" value={protocol} onChange={(e) => setProtocol(e.target.value)} spellCheck={false} autoComplete="off" data-autofocus={pickedFrom && pickedTo ? true : undefined} />
        <datalist id="design-protocols">{PROTOCOLS.map((p) => <option key={p} value={p} />)}</datalist>
      </Field>
      <DialogError message={error} />
    </Modal>
  );
}

/** Add boundary: name, kind and the components inside it (the selected one is ticked). */
export function AddBoundaryDialog() {
  const model = useAnalysis((s) => s.model);
  const busy = useDesign((s) => s.busy);
  const selection = workbench.get().selection;
  const [name, setName] = useState('');
  const [kind, setKind] = useState('declared');
  const [members, setMembers] = useState<string[]>(selection?.type === 'component' ? [selection.id] : []);
  const [error, setError] = useState<string | null>(null);
  const components = useMemo(() => [...(model?.components ?? [])].sort((a, b) => a.id.localeCompare(b.id)), [model]);
  const taken = !!model?.trustBoundaries.some((b) => b.id === name.trim() || b.name === name.trim());

  const toggle = (id: string) => setMembers((list) => (list.includes(id) ? list.filter((m) => m !== id) : [...list, id]));
  const submit = async () => {
    const boundary = name.trim();
    if (!boundary || taken) return;
    const failed = await applyDesign([{ op: 'boundary.add', name: boundary, kind: kind.trim() || undefined, components: members }], `Add boundary ${boundary}${members.length ? ` around ${members.length} component${members.length > 1 ? 's' : ''}` : ''}`);
    if (failed) return setError(failed);
    closeDesignDialog();
  };

  return (
    <Modal title="Add a trust boundary" description="A zone of trust (network, account, cluster…) around components, written to archbench.yaml." testId="design-add-boundary-dialog" busy={busy} onCancel={closeDesignDialog} onSubmit={() => void submit()}
      buttons={<Buttons busy={busy} submit="Add boundary" disabled={!name.trim() || taken} />}>
      <div className="design-row">
        <Field label="Name" hint={taken ? <span className="design-warning">That boundary exists already.</span> : undefined}>
          <input className="text-input" data-testid="design-boundary-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="payments-zone" spellCheck={false} autoComplete="off" />
        </Field>
        <Field label="Kind">
          <input className="text-input" data-testid="design-boundary-kind" list="design-boundary-kinds" value={kind} onChange={(e) => setKind(e.target.value)} spellCheck={false} autoComplete="off" />
          <datalist id="design-boundary-kinds">{BOUNDARY_KINDS.map((k) => <option key={k} value={k} />)}</datalist>
        </Field>
      </div>
      <fieldset className="design-members">
        <legend>Components inside ({members.length})</legend>
        <div className="design-members-list">
          {components.map((c) => (
            <label key={c.id}><input type="checkbox" checked={members.includes(c.id)} onChange={() => toggle(c.id)} /> {c.id} <span className="details-muted">{c.kind}</span></label>
          ))}
        </div>
      </fieldset>
      <DialogError message={error} />
    </Modal>
  );
}

/** Rename a component (re-keyed everywhere when archbench.yaml declares it; its display name otherwise). */
export function RenameDialog({ id }: { id: string }) {
  const component = useAnalysis((s) => s.model?.components.find((c) => c.id === id));
  const busy = useDesign((s) => s.busy);
  const [newName, setNewName] = useState(component?.name ?? id);
  const [error, setError] = useState<string | null>(null);
  const onlyOverlay = (component?.origins ?? []).every((o) => o === 'archbench');
  const changed = !!newName.trim() && newName.trim() !== (component?.name ?? id);

  const submit = async () => {
    if (!changed) return closeDesignDialog();
    const failed = await applyDesign([{ op: 'component.rename', id, newName: newName.trim() }], `Rename ${id} to ${newName.trim()}`);
    if (failed) return setError(failed);
    closeDesignDialog();
    if (onlyOverlay) selectWhenPresent({ type: 'component', id: newName.trim() });
  };

  return (
    <Modal title={`Rename ${id}`} testId="design-rename-dialog" busy={busy} onCancel={closeDesignDialog} onSubmit={() => void submit()}
      description={onlyOverlay
        ? 'Declared only in archbench.yaml: its key changes, and every flow, boundary, API and risk that names it follows.'
        : 'Found in other files: archbench.yaml gets a display name for it; its id stays what those files call it.'}
      buttons={<Buttons busy={busy} submit="Rename" />}>
      <Field label="New name">
        <input className="text-input" data-testid="design-rename-input" value={newName} onChange={(e) => setNewName(e.target.value)} onFocus={(e) => e.target.select()} spellCheck={false} autoComplete="off" />
      </Field>
      <DialogError message={error} />
    </Modal>
  );
}
