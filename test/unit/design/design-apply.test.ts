// design.apply / undo / redo on a real project folder through the real workbench.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesignOp, DesignResult, DesignState } from '../../../shared/contract/index.js';
import { tempDir } from '../../support/temp.js';
import { openProject, type Opened } from './helpers.js';

const COMPOSE = [
  '# Local stack.',
  'services:',
  '  web:',
  '    image: example/web:1.0.0',
  '    ports: ["8080:8080"]',
  '    environment:',
  '      ORDERS_URL: http://orders:8080',
  '  orders:',
  '    image: example/orders:1.0.0',
  '    environment:',
  '      DATABASE_URL: postgres://orders@db:5432/orders',
  '  db:',
  '    image: postgres:17.2',
  '',
].join('\n');

const OVERLAY = [
  '# Shop overlay: keep this header.',
  'version: 1',
  '',
  'components:',
  '  # The card processor, outside our walls.',
  '  psp:',
  '    kind: external # SaaS',
  '    description: Payment provider',
  '  ledger:',
  '    kind: service',
  '',
  '  orders:',
  '    criticality: high # found in compose, annotated here',
  '',
  '# Declared flows.',
  'flows:',
  '  - from: ledger',
  '    to: psp',
  '    protocol: https # always TLS',
  '',
  'trustBoundaries:',
  '  # Where the money lives.',
  '  - name: payments-zone',
  '    kind: declared',
  '    components: [ledger]',
  '',
  'apis:',
  '  - spec: api/ledger.yaml',
  '    component: ledger',
  '',
  'risks:',
  '  - rule: compose.no-healthcheck',
  '    element: ledger',
  '    status: accepted',
  '    justification: Not deployed by compose.',
  '',
].join('\n');

const COMMENTS = ['# Shop overlay: keep this header.', '# The card processor, outside our walls.', '# SaaS', '# found in compose, annotated here', '# Declared flows.', '# always TLS', '# Where the money lives.'];

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function shop(overlay: string | null = OVERLAY): Promise<Opened & { overlay(): string; apply(ops: DesignOp[], label?: string): Promise<DesignResult> }> {
  const dir = tempDir('archbench-design-');
  cleanups.push(dir.cleanup);
  writeFileSync(join(dir.path, 'docker-compose.yml'), COMPOSE);
  if (overlay !== null) writeFileSync(join(dir.path, 'archbench.yaml'), overlay);
  const opened = await openProject(dir.path, cleanups);
  return {
    ...opened,
    overlay: () => readFileSync(join(dir.path, 'archbench.yaml'), 'utf8'),
    apply: async (ops, label) => await opened.wb.invoke('design.apply', { ops, ...(label ? { label } : {}) }) as DesignResult,
  };
}

describe('design.apply', () => {
  it('keeps every comment and untouched line through each kind of edit', async () => {
    const project = await shop();
    const ops: DesignOp[] = [
      { op: 'component.add', id: 'fraud', kind: 'service', name: 'Fraud check', boundary: 'payments-zone', props: { criticality: 'high' } },
      { op: 'component.set', id: 'psp', props: { description: null, criticality: 'critical' } },
      { op: 'component.set', id: 'db', props: { dataClassification: 'confidential' } },
      { op: 'component.rename', id: 'web', newName: 'Storefront' },
      { op: 'flow.add', from: 'fraud', to: 'psp', props: { protocol: 'https', timeoutMs: 800, retries: { count: 2, backoff: 'fixed' } } },
      { op: 'flow.set', from: 'ledger', to: 'psp', props: { timeoutMs: 3000 } },
      { op: 'flow.set', from: 'orders', to: 'db', props: { encrypted: true } },
      { op: 'boundary.add', name: 'vault', kind: 'declared', parent: 'payments-zone', components: ['fraud'] },
      { op: 'boundary.set', name: 'payments-zone', props: { description: 'PCI scope' } },
      { op: 'boundary.move', component: 'ledger', to: 'vault' },
      { op: 'boundary.rename', name: 'vault', newName: 'card-vault' },
      { op: 'flow.remove', from: 'fraud', to: 'psp' },
      { op: 'component.remove', id: 'fraud' },
      { op: 'boundary.remove', name: 'card-vault' },
    ];
    for (const op of ops) {
      await project.apply([op]);
      const text = project.overlay();
      for (const comment of COMMENTS) expect(text, `${op.op} lost "${comment}"`).toContain(comment);
      expect(text, op.op).toContain('  - spec: api/ledger.yaml\n    component: ledger\n');
    }
    const final = project.overlay();
    expect(final).toContain('  psp:\n    kind: external # SaaS\n    criticality: critical\n');
    expect(final).toContain('  web:\n    name: Storefront\n');
    expect(final).toContain('  db:\n    dataClassification: confidential\n');
    expect(final).toContain('  - from: ledger\n    to: psp\n    protocol: https # always TLS\n    timeoutMs: 3000\n');
    expect(final).toContain('  - from: orders\n    to: db\n    encrypted: true\n');
    expect(final).toContain('    description: PCI scope\n');
    expect(final).not.toContain('fraud');
    expect(final).not.toContain('vault');
    expect(final).toContain('components: []');
    expect(await project.wb.invoke('design.state', {})).toMatchObject({ canUndo: true, canRedo: false, undoLabel: 'Remove boundary card-vault' });
  });

  it('renames a component declared only in archbench.yaml everywhere it is referenced', async () => {
    const project = await shop();
    await project.apply([{ op: 'component.rename', id: 'ledger', newName: 'General Ledger' }]);
    const text = project.overlay();
    expect(text).toContain('  general-ledger:\n    kind: service\n    name: General Ledger\n');
    expect(text).toContain('  - from: general-ledger\n    to: psp\n');
    expect(text).toContain('    components: [general-ledger]');
    expect(text).toContain('  - spec: api/ledger.yaml\n    component: general-ledger\n');
    expect(text).toContain('    element: general-ledger\n');
    expect(text.replaceAll('general-ledger', '').replaceAll('api/ledger.yaml', '')).not.toContain('ledger');
    const done = project.nextAnalysis();
    await done;
    const model = await project.model();
    expect(model.components.find((c) => c.id === 'general-ledger')).toMatchObject({ name: 'General Ledger', boundaries: ['payments-zone'] });
    expect(model.flows.map((f) => f.id)).toContain('general-ledger->psp');
  });

  it('refuses to remove a compose service, naming docker-compose.yml and its line', async () => {
    const project = await shop();
    const before = project.overlay();
    await expect(project.apply([{ op: 'component.remove', id: 'orders' }])).rejects.toMatchObject({
      code: 'invalid-args', message: expect.stringContaining('docker-compose.yml:8'),
    });
    await expect(project.apply([{ op: 'flow.remove', from: 'web', to: 'orders' }])).rejects.toMatchObject({
      code: 'invalid-args', message: expect.stringMatching(/inferred from docker-compose\.yml:7 \(env:ORDERS_URL\)/),
    });
    await expect(project.apply([{ op: 'component.add', id: 'db', kind: 'datastore' }])).rejects.toMatchObject({ message: expect.stringContaining('docker-compose.yml:12') });
    expect(project.overlay()).toBe(before);
  });

  it('annotates an inferred flow so the model still has one flow, carrying the new properties', async () => {
    const project = await shop();
    const before = (await project.model()).flows.filter((f) => f.from === 'web' && f.to === 'orders');
    expect(before).toEqual([expect.objectContaining({ protocol: 'http' })]);
    const done = project.nextAnalysis();
    await project.apply([{ op: 'flow.set', from: 'web', to: 'orders', props: { protocol: 'https', encrypted: true, timeoutMs: 1500, circuitBreaker: true } }]);
    await done;
    const flows = (await project.model()).flows.filter((f) => f.from === 'web' && f.to === 'orders');
    expect(flows).toEqual([expect.objectContaining({ id: 'web->orders', protocol: 'https', encrypted: true, timeoutMs: 1500, circuitBreaker: true, inferredFrom: ['env:ORDERS_URL', 'archbench.yaml'] })]);
    // Clearing the last property drops the overlay entry again.
    await project.apply([{ op: 'flow.set', from: 'web', to: 'orders', props: { protocol: null, encrypted: null, timeoutMs: null, circuitBreaker: null } }]);
    expect(project.overlay()).not.toContain('from: web');
  });

  it('applies all edits or none: a bad second edit leaves the file untouched and names the problem', async () => {
    const project = await shop();
    const before = project.overlay();
    await expect(project.apply([
      { op: 'component.add', id: 'audit', kind: 'service' },
      { op: 'flow.add', from: 'audit', to: 'nowhere' },
    ])).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringMatching(/^Edit 2 of 2 \(flow\.add\): No component "nowhere"/) });
    expect(project.overlay()).toBe(before);
    expect(await project.wb.invoke('design.state', {})).toEqual({ canUndo: false, canRedo: false });
  });

  it('undoes and redoes to the exact bytes, and refuses to undo over an outside edit', async () => {
    const project = await shop();
    const original = project.overlay();
    const first = await project.apply([{ op: 'component.add', id: 'audit', kind: 'service' }], 'Add audit');
    const afterFirst = project.overlay();
    await project.apply([{ op: 'flow.add', from: 'audit', to: 'psp', props: { protocol: 'https' } }]);
    const afterSecond = project.overlay();
    expect(first).toMatchObject({ path: 'archbench.yaml', created: false, canUndo: true, canRedo: false, undoLabel: 'Add audit' });

    const undone = await project.wb.invoke('design.undo', {}) as DesignResult;
    expect(project.overlay()).toBe(afterFirst);
    expect(undone).toMatchObject({ canUndo: true, canRedo: true, redoLabel: 'Add flow audit -> psp', undoLabel: 'Add audit' });
    await project.wb.invoke('design.undo', {});
    expect(project.overlay()).toBe(original);
    await project.wb.invoke('design.redo', {});
    await project.wb.invoke('design.redo', {});
    expect(project.overlay()).toBe(afterSecond);
    expect(await project.wb.invoke('design.state', {})).toMatchObject({ canUndo: true, canRedo: false });

    const edited = `${afterSecond}# a note typed in the editor\n`;
    writeFileSync(join(project.root, 'archbench.yaml'), edited);
    await expect(project.wb.invoke('design.undo', {})).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('undo is not possible') });
    expect(project.overlay()).toBe(edited);

    // A new edit after an undo clears the redo stack.
    writeFileSync(join(project.root, 'archbench.yaml'), afterSecond);
    await project.wb.invoke('design.undo', {});
    await project.apply([{ op: 'component.set', id: 'audit', props: { owner: 'team-risk' } }]);
    expect(await project.wb.invoke('design.state', {})).toMatchObject({ canRedo: false });
  });

  it('creates archbench.yaml with a header when missing, and undo removes it again', async () => {
    const project = await shop(null);
    const result = await project.apply([{ op: 'boundary.add', name: 'dmz', components: ['web'] }]);
    expect(result.created).toBe(true);
    expect(project.overlay()).toMatch(/^# Archbench overlay/);
    expect(project.overlay()).toContain('trustBoundaries:\n  - name: dmz\n    components: [web]\n');
    const done = project.nextAnalysis();
    await done;
    expect((await project.model()).trustBoundaries.find((b) => b.id === 'dmz')).toMatchObject({ components: ['web'] });
    await project.wb.invoke('design.undo', {});
    expect(existsSync(join(project.root, 'archbench.yaml'))).toBe(false);
    await project.wb.invoke('design.redo', {});
    expect(project.overlay()).toContain('- name: dmz');
  });

  it('nests boundaries with parent and refuses edits to boundaries found in other files', async () => {
    const project = await shop();
    await project.apply([{ op: 'boundary.add', name: 'core', parent: 'payments-zone', components: ['orders'] }]);
    expect(project.overlay()).toContain('    components: [ledger]\n    children:\n      - name: core\n        components: [orders]\n');
    const done = project.nextAnalysis();
    await done;
    const model = await project.model();
    expect(model.trustBoundaries.find((b) => b.id === 'payments-zone')).toMatchObject({ children: ['core'] });
    expect(model.components.find((c) => c.id === 'orders')!.boundaries).toEqual(expect.arrayContaining(['payments-zone', 'core']));
    const network = model.trustBoundaries.find((b) => b.kind === 'network')!;
    await expect(project.apply([{ op: 'boundary.remove', name: network.id }])).rejects.toMatchObject({ message: expect.stringContaining('docker-compose.yml') });
    // Removing the outer boundary keeps the nested one.
    await project.apply([{ op: 'boundary.remove', name: 'payments-zone' }]);
    expect(project.overlay()).toMatch(/trustBoundaries:\n(  #.*\n)?  - name: core\n    components: \[orders\]\n/);
    expect(project.overlay()).not.toContain('payments-zone');
  });

  it('clears the undo history when the project is closed and reopened', async () => {
    const project = await shop();
    await project.apply([{ op: 'component.add', id: 'audit', kind: 'service' }]);
    await project.wb.invoke('project.open', { path: project.root });
    expect(await project.wb.invoke('design.state', {}) as DesignState).toEqual({ canUndo: false, canRedo: false });
  });
});
