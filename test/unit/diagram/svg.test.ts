import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { erdNeighbours, layoutErd } from '../../../shared/diagram/erd-layout.js';
import { applyErdPins } from '../../../shared/diagram/erd-pins.js';
import { renderErdSvg } from '../../../shared/diagram/erd-svg.js';
import { layoutSystem } from '../../../shared/diagram/system-layout.js';
import { renderDiagramSvg } from '../../../shared/diagram/system-svg.js';
import type { Component, SystemModel, Table } from '../../../shared/model/model.js';
import { emptyModel } from '../../../shared/model/model.js';
import { renderErd, renderSystemDiagram } from '../../../main/diagram/render-diagrams.js';
import { corpus } from '../../support/paths.js';
import { contextFromFolder } from '../../support/rule-harness.js';

const HOSTILE = '<script>alert("x")</script>';
const ATTRIBUTE = 'a" onload="alert(1)';
const source = { file: 'archbench.yaml', line: 1 };
const component = (id: string, kind: Component['kind'], boundaries?: string[]): Component => ({ id, name: id, kind, source, sources: [source], ...(boundaries ? { boundaries } : {}) });

function hostileModel(): SystemModel {
  const model = emptyModel();
  model.project = { name: `</title><script>1</script>` };
  model.components.push(component(HOSTILE, 'service', [ATTRIBUTE]), component('db & <cache>', 'cache', [ATTRIBUTE]));
  model.trustBoundaries.push({ id: ATTRIBUTE, name: `${ATTRIBUTE}<b>`, kind: 'declared', components: [HOSTILE, 'db & <cache>'] });
  model.flows.push({ id: 'f', from: HOSTILE, to: 'db & <cache>', protocol: '<img src=x onerror=alert(1)>', inferredFrom: [], source });
  return model;
}

/** No element or attribute beyond what the renderer writes: names only ever appear as text. */
function expectInert(svg: string): void {
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/<img/i);
  for (const [tag] of svg.matchAll(/<[^>]*>/g)) {
    if (tag.startsWith('</')) continue;
    const name = /^<([a-zA-Z]+)/.exec(tag)![1];
    expect(['svg', 'title', 'defs', 'marker', 'path', 'rect', 'g', 'text', 'tspan', 'line']).toContain(name);
    // Every attribute is name="escaped value"; nothing else is left in the tag, and no event handlers.
    const attributes = [...tag.matchAll(/\s([a-zA-Z0-9:-]+)="([^"<>]*)"/g)];
    for (const [, attribute] of attributes) expect(attribute.toLowerCase().startsWith('on')).toBe(false);
    expect(tag.replace(/\s([a-zA-Z0-9:-]+)="([^"<>]*)"/g, '')).toMatch(/^<[a-zA-Z]+\/?>$/);
  }
}

describe('SVG output', () => {
  it('draws hostile component, boundary and protocol names as text', async () => {
    const model = hostileModel();
    const svg = renderDiagramSvg(model, await layoutSystem(model, new ELK()));
    expectInert(svg);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('db &amp; &lt;cache&gt;');
    expect(svg).toContain('&lt;/title&gt;&lt;script&gt;1&lt;/script&gt;');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('draws a standalone document with inline colours, the theme asked for and a legend', async () => {
    const model = contextFromFolder(corpus('microservices-demo')).model;
    const layout = await layoutSystem(model, new ELK());
    const light = renderDiagramSvg(model, layout, { theme: 'light' });
    const dark = renderDiagramSvg(model, layout, { theme: 'dark', legend: false, idPrefix: 'x' });
    expect(light).toContain('fill="#ffffff"');
    expect(dark).toContain('fill="#1e1f23"');
    expect(light).toContain('data-legend');
    expect(dark).not.toContain('data-legend');
    expect(dark).toContain('url(#x-arrow-normal)');
    expect(light).not.toMatch(/<style|class=/);
    for (const c of model.components) expect(light).toContain(`data-node="${c.id}"`);
  });

  it('explains the line with an arrowhead at each end in the legend where a request and its response share one', async () => {
    const paired = contextFromFolder(corpus('threat-dragon')).model;
    const svg = renderDiagramSvg(paired, await layoutSystem(paired, new ELK()));
    const legend = svg.slice(svg.indexOf('data-legend'));
    expect(legend).toContain('a flow each way');
    expect(legend).toMatch(/marker-start="url\(#abd-arrow-normal\)" marker-end="url\(#abd-arrow-normal\)"/);
    // The legend fits: the document is at least as wide as its last entry.
    const width = Number(/viewBox="0 0 ([\d.]+)/.exec(svg)![1]);
    const lastX = Math.max(...[...legend.matchAll(/<text x="([\d.]+)"/g)].map((match) => Number(match[1])));
    expect(width).toBeGreaterThan(lastX + 80);
    // microservices-demo draws no such pair: no entry for it.
    const single = contextFromFolder(corpus('microservices-demo')).model;
    expect(renderDiagramSvg(single, await layoutSystem(single, new ELK()))).not.toContain('a flow each way');
  });

  it('marks the blast radius and dims the rest when asked', async () => {
    const model = contextFromFolder(corpus('microservices-demo')).model;
    const layout = await layoutSystem(model, new ELK());
    const svg = renderDiagramSvg(model, layout, { highlight: { nodes: ['redis-cart', 'cartservice'], edges: ['cartservice->redis-cart'], tone: 'danger' } });
    expect(svg).toMatch(/data-node="cartservice" data-kind="service" data-tone="danger"/);
    expect(svg).toMatch(/data-node="adservice" data-kind="service" data-tone="dim"/);
  });
});

function table(schema: string, name: string, columns: string[], foreignKeys: Array<[string, string, string]> = [], extra: Partial<Table> = {}): Table {
  return {
    schema, name, rlsEnabled: false, columns: columns.map((c) => ({ name: c, type: c === 'id' ? 'bigint' : 'text', nullable: c !== 'id' })), primaryKey: ['id'], indexes: [],
    foreignKeys: foreignKeys.map(([column, target, targetColumn], i) => ({ name: `${name}_fk${i}`, columns: [column], referencedSchema: target.split('.')[0], referencedTable: target.split('.')[1], referencedColumns: [targetColumn] })),
    source: { file: 'db/schema.sql', line: 10 }, ...extra,
  };
}

describe('ERD', () => {
  const tables = [
    table('public', 'users', ['id', 'email']),
    table('public', 'posts', ['id', 'title', 'user_id', 'parent_id'], [['user_id', 'public.users', 'id'], ['parent_id', 'public.posts', 'id']], { rlsEnabled: true }),
    table('billing', 'invoices', ['id', 'user_id'], [['user_id', 'public.users', 'id']]),
    table('auth', 'sessions', ['id'], [], { system: true }),
  ];

  it('lays out tables by schema, with foreign keys from the referencing row to the referenced row', async () => {
    const layout = await layoutErd(tables, new ELK(), { findings: [{ element: 'public.posts', severity: 'high', status: 'open' }] });
    expect(layout.tables.map((t) => t.id)).toEqual(['billing.invoices', 'public.posts', 'public.users']); // the environment's table is left out
    expect(Object.keys(layout.schemas).sort()).toEqual(['billing', 'public']);
    expect(layout.tables.find((t) => t.id === 'public.posts')).toMatchObject({ severity: 'high', openFindings: 1, rlsEnabled: true });
    expect(layout.edges).toHaveLength(3);
    const rects = Object.values(layout.rects);
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i];
      const b = rects[j];
      expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
    }
    const toUsers = layout.edges.find((e) => e.id === 'public.posts:posts_fk0')!;
    const posts = layout.rects['public.posts'];
    const users = layout.rects['public.users'];
    // user_id is posts' third row; id is users' first.
    expect(toUsers.points[0].y).toBeCloseTo(posts.y + 30 + 2 * 20 + 10, 0);
    expect(toUsers.points[toUsers.points.length - 1].y).toBeCloseTo(users.y + 30 + 10, 0);
    for (const schema of ['public', 'billing']) {
      const box = layout.schemas[schema];
      for (const t of layout.tables.filter((x) => x.schema === schema)) {
        const r = layout.rects[t.id];
        expect(r.x >= box.x && r.x + r.width <= box.x + box.width).toBe(true);
      }
    }
    const svg = renderErdSvg(layout);
    expect(svg).toContain('data-table="public.posts"');
    expect(svg).toContain('data-rls="on"');
    expectInert(svg);
  });

  it('keeps a dragged table where it was left and draws its foreign keys from row to row', async () => {
    const layout = await layoutErd(tables, new ELK());
    const posts = layout.rects['public.posts'];
    const origin = layout.schemas.public;
    // Dropped 400 units below where ELK put it, inside its schema.
    const pinned = applyErdPins(layout, { 'public.posts': { x: posts.x - origin.x, y: posts.y - origin.y + 400 } });
    expect(pinned.pinned).toEqual(['public.posts']);
    expect(pinned.rects['public.posts']).toMatchObject({ x: posts.x, y: posts.y + 400 });
    // Its schema box grew to hold it; the drawing too; the other tables stayed.
    const box = pinned.schemas.public;
    expect(box.y + box.height).toBeGreaterThanOrEqual(posts.y + 400 + posts.height);
    expect(pinned.height).toBeGreaterThanOrEqual(posts.y + 400 + posts.height);
    expect(pinned.rects['public.users']).toEqual(layout.rects['public.users']);
    // posts.user_id (third row) -> users.id (first row): starts on that row of posts, ends on users' id row.
    const toUsers = pinned.edges.find((e) => e.id === 'public.posts:posts_fk0')!;
    const users = pinned.rects['public.users'];
    expect(toUsers.points[0].y).toBe(posts.y + 400 + 30 + 2 * 20 + 10);
    expect(toUsers.points[toUsers.points.length - 1].y).toBe(users.y + 30 + 10);
    // Orthogonal: every segment horizontal or vertical.
    for (let i = 1; i < toUsers.points.length; i++) expect(toUsers.points[i].x === toUsers.points[i - 1].x || toUsers.points[i].y === toUsers.points[i - 1].y).toBe(true);
    // The unrelated foreign key keeps ELK's route; with no pins the layout is ELK's.
    const invoices = layout.edges.find((e) => e.from === 'billing.invoices')!;
    expect(pinned.edges.find((e) => e.id === invoices.id)!.points).toEqual(invoices.points);
    expect(applyErdPins(layout, {})).toBe(layout);
  });

  it('marks tables without row-level security only in a project that uses it', async () => {
    // A Rails-style schema: no table has RLS, no policy, no API role: nothing to mark.
    const rails = await layoutErd([table('public', 'users', ['id']), table('public', 'posts', ['id', 'user_id'], [['user_id', 'public.users', 'id']])], new ELK());
    expect(rails.tables.every((t) => !t.rlsInPlay)).toBe(true);
    const plain = renderErdSvg(rails);
    expect(plain).not.toContain('data-rls');
    expect(plain).not.toContain('RLS off');
    // The same tables once anon holds a grant on one (Supabase, PostgREST): every table without RLS is marked.
    const exposed = await layoutErd([table('public', 'users', ['id'], [], { grants: { anon: ['SELECT'] } }), table('public', 'posts', ['id', 'user_id'], [['user_id', 'public.users', 'id']])], new ELK());
    expect(exposed.tables.every((t) => t.rlsInPlay)).toBe(true);
    expect(renderErdSvg(exposed).match(/data-rls="off"/g)).toHaveLength(2);
  });

  it('writes references to hub tables on their rows instead of drawing a line from every table', async () => {
    const referencing = Array.from({ length: 8 }, (_, i) => table('public', `t${i}`, ['id', 'user_id'], [['user_id', 'public.users', 'id']]));
    const layout = await layoutErd([table('public', 'users', ['id']), ...referencing, table('public', 'notes', ['id', 't0_id'], [['t0_id', 'public.t0', 'id']])], new ELK());
    expect(layout.foreignKeys).toBe(9);
    expect(layout.edges.map((e) => e.id)).toEqual(['public.notes:notes_fk0']);
    const t3 = layout.tables.find((t) => t.id === 'public.t3')!;
    expect(t3.columns.find((c) => c.name === 'user_id')).toMatchObject({ stub: true, references: 'public.users' });
    expect(renderErdSvg(layout)).toContain('data-references="public.users"');
    // Selecting the hub highlights the tables that reference it.
    expect([...erdNeighbours(layout, 'public.users')].sort()).toEqual(['public.users', ...referencing.map((t) => `public.${t.name}`)].sort());
  });

  it('escapes hostile table and column names', async () => {
    const layout = await layoutErd([table('public', HOSTILE, ['id', ATTRIBUTE])], new ELK());
    const svg = renderErdSvg(layout);
    expectInert(svg);
    expect(svg).toContain('&lt;script&gt;');
  });

  it('renders both diagrams from main for the report bundle', async () => {
    const model = contextFromFolder(corpus('microservices-demo')).model;
    const diagram = await renderSystemDiagram(model);
    expect(diagram).toContain('data-node="frontend"');
    expect(await renderErd(model)).toBeUndefined();
    const erd = await renderErd({ ...model, tables });
    expect(erd).toContain('data-table="public.users"');
  });
});
