/**
 * What a user sees of a system diagram fitted to the window: names large enough to read on a long chain of
 * boundaries (threagile), and a request and its response drawn as one line between the two components
 * instead of a loop round the diagram (threat-dragon). Real elkjs, real corpus models.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { buildDiagramGraph, NODE_FONT_SIZE } from '../../../shared/diagram/diagram-graph.js';
import { memoryCache, type ElkLike } from '../../../shared/diagram/elk-runner.js';
import type { Point, Rect } from '../../../shared/diagram/geometry.js';
import { layoutSystem, type DiagramLayout, type SubLayout } from '../../../shared/diagram/system-layout.js';
import type { Component, Flow, SystemModel } from '../../../shared/model/model.js';
import { emptyModel } from '../../../shared/model/model.js';
import { corpus } from '../../support/paths.js';
import { contextFromFolder } from '../../support/rule-harness.js';

const elk = new ELK();
/** The diagram's canvas in a 1440×900 window with the Explorer and the Output panel open. */
const CANVAS = { width: 1116, height: 605 };

/** How tall component names are drawn when the view is fitted (ZoomCanvas.fit: 20 px margin each side, never above 100 %). */
function fittedNamePx(layout: DiagramLayout): number {
  return NODE_FONT_SIZE * Math.min(1, (CANVAS.width - 40) / layout.width, (CANVAS.height - 40) / layout.height);
}

const source = { file: 'archbench.yaml', line: 1 };
const component = (id: string, kind: Component['kind'], boundaries?: string[]): Component => ({ id, name: id, kind, source, sources: [source], ...(boundaries ? { boundaries } : {}) });
const flow = (from: string, to: string): Flow => ({ id: `${from}->${to}`, from, to, protocol: 'https', inferredFrom: ['test'], source });

const onBorder = (p: Point, r: Rect) => p.x >= r.x - 2 && p.x <= r.x + r.width + 2 && p.y >= r.y - 2 && p.y <= r.y + r.height + 2;

/** Every flow is one orthogonal line from its source's border to its target's; nodes sit inside their boundaries and apart. */
function expectDrawable(layout: DiagramLayout): void {
  for (const edge of layout.graph.edges) {
    const points = layout.edges[edge.id];
    for (let i = 1; i < points.length; i++) expect(points[i].x === points[i - 1].x || points[i].y === points[i - 1].y, `${edge.id} bends at an angle`).toBe(true);
    expect(onBorder(points[0], layout.nodes[edge.from]), `${edge.id} starts at its source`).toBe(true);
    expect(onBorder(points[points.length - 1], layout.nodes[edge.to]), `${edge.id} ends at its target`).toBe(true);
  }
  const nodes = layout.graph.nodes.map((n) => ({ node: n, rect: layout.nodes[n.id] }));
  for (const [i, a] of nodes.entries()) {
    for (const b of nodes.slice(i + 1)) {
      const overlap = a.rect.x < b.rect.x + b.rect.width && b.rect.x < a.rect.x + a.rect.width && a.rect.y < b.rect.y + b.rect.height && b.rect.y < a.rect.y + a.rect.height;
      expect(overlap, `${a.node.id} and ${b.node.id} overlap`).toBe(false);
    }
    if (a.node.group) {
      const box = layout.groups[a.node.group];
      expect(a.rect.x >= box.x && a.rect.y >= box.y && a.rect.x + a.rect.width <= box.x + box.width && a.rect.y + a.rect.height <= box.y + box.height, `${a.node.id} inside its boundary`).toBe(true);
    }
  }
  // Only trust boundaries are drawn as boxes (rows of the top level are not).
  expect(Object.keys(layout.groups).sort()).toEqual(layout.graph.groups.map((g) => g.id).sort());
  expect(layout.width / layout.height).toBeGreaterThan(0);
}

/** `count` boundaries in a chain, two services each: wider than any screen when laid out in one row. */
function chainOfNetworks(count: number): SystemModel {
  const model = emptyModel();
  for (let i = 0; i < count; i++) {
    model.components.push(component(`in-${i}`, 'service', [`net-${i}`]), component(`out-${i}`, 'service', [`net-${i}`]));
    model.trustBoundaries.push({ id: `net-${i}`, name: `network ${i}`, kind: 'network', components: [`in-${i}`, `out-${i}`] });
    model.flows.push(flow(`in-${i}`, `out-${i}`));
    if (i > 0) model.flows.push(flow(`out-${i - 1}`, `in-${i}`));
  }
  return model;
}

describe('a wide diagram fitted to the window', () => {
  it('draws the names on threagile (a chain of networks) at least 7 px tall, no more than 2.5 times wider than tall', async () => {
    const layout = await layoutSystem(contextFromFolder(corpus('threagile')).model, elk);
    // In one row it was 4.4 times wider than tall, names under 5 px.
    expect(layout.width / layout.height).toBeLessThanOrEqual(2.5);
    expect(fittedNamePx(layout)).toBeGreaterThanOrEqual(7);
    expectDrawable(layout);
  });

  it('wraps a long chain of boundaries into rows, read like lines of text', async () => {
    const layout = await layoutSystem(chainOfNetworks(8), elk);
    expect(layout.width / layout.height).toBeLessThanOrEqual(2.5);
    expect(fittedNamePx(layout)).toBeGreaterThanOrEqual(9);
    expectDrawable(layout);
    // Each row left to right, the rows top to bottom.
    const boxes = Array.from({ length: 8 }, (_, i) => layout.groups[`net-${i}`]);
    const rows = [...new Set(boxes.map((b) => b.y))].sort((a, b) => a - b);
    expect(rows.length).toBeGreaterThan(1);
    for (let i = 1; i < 8; i++) {
      const [before, after] = [boxes[i - 1], boxes[i]];
      expect(after.y > before.y || (after.y === before.y && after.x > before.x + before.width), `network ${i} after network ${i - 1}`).toBe(true);
    }
  });

  it('wraps a flow going back from a later row to an earlier one as well', async () => {
    const model = chainOfNetworks(8);
    model.flows.push(flow('out-7', 'in-0'));
    const layout = await layoutSystem(model, elk);
    expect(layout.width / layout.height).toBeLessThanOrEqual(2.5);
    expectDrawable(layout);
  });

  it('leaves a diagram whose names are readable fitted in one row', async () => {
    const layout = await layoutSystem(chainOfNetworks(2), elk);
    expect(fittedNamePx(layout)).toBeGreaterThanOrEqual(9);
    const [first, second] = [layout.groups['net-0'], layout.groups['net-1']];
    expect(second.y).toBe(first.y);
    expect(second.x).toBeGreaterThan(first.x + first.width);
  });

  it('draws the rows from the cache alone, as the page does with the layout main stored', async () => {
    const model = contextFromFolder(corpus('threagile')).model;
    const cache = memoryCache<SubLayout>();
    const first = await layoutSystem(model, elk, { cache });
    const cacheOnly: ElkLike = { layout: () => Promise.reject(new Error('not in the cache')) };
    const second = await layoutSystem(model, cacheOnly, { cache });
    expect(second.nodes).toEqual(first.nodes);
    expect(second.edges).toEqual(first.edges);
    expect(second.stats.cached).toBe(second.stats.subLayouts);
  });
});

describe('a request and its response between two components', () => {
  /** Whether every point of `points` lies within the box around rects `a` and `b`, grown by `margin`. */
  const between = (points: Point[], a: Rect, b: Rect, margin: number) => {
    const left = Math.min(a.x, b.x) - margin;
    const right = Math.max(a.x + a.width, b.x + b.width) + margin;
    const top = Math.min(a.y, b.y) - margin;
    const bottom = Math.max(a.y + a.height, b.y + b.height) + margin;
    return points.every((p) => p.x >= left && p.x <= right && p.y >= top && p.y <= bottom);
  };

  it('draws each pair on threat-dragon as one line between the two, an arrowhead at each end', async () => {
    const layout = await layoutSystem(contextFromFolder(corpus('threat-dragon')).model, elk);
    const pairs = layout.graph.edges.filter((e) => e.from < e.to).flatMap((e) => layout.graph.edges.filter((o) => o.from === e.to && o.to === e.from).map((o) => [e, o]));
    expect(pairs.map(([a, b]) => `${a.from}<->${b.from}`).sort()).toEqual(['background-worker-process<->database', 'browser<->web-application', 'database<->web-application']);
    for (const [one, other] of pairs) {
      const a = layout.nodes[one.from];
      const b = layout.nodes[one.to];
      // No loop round the diagram: both lines stay beside the two components.
      expect(between(layout.edges[one.id], a, b, 20), `${one.id} stays between its ends`).toBe(true);
      expect(between(layout.edges[other.id], a, b, 20), `${other.id} stays between its ends`).toBe(true);
      // The same line, drawn from the other end: each flow's arrowhead at its own target.
      expect(layout.edges[other.id]).toEqual([...layout.edges[one.id]].reverse());
    }
    expectDrawable(layout);
  });

  it('reads request first: the flow from a datastore back to its service is the reverse one, whichever is listed first', () => {
    const model = emptyModel();
    model.components.push(component('orders', 'service'), component('orders-db', 'datastore'), component('a', 'service'), component('b', 'service'));
    model.flows.push(flow('orders-db', 'orders'), flow('orders', 'orders-db'), flow('b', 'a'), flow('a', 'b'));
    const reverse = buildDiagramGraph(model).edges.filter((e) => e.reverse).map((e) => e.id);
    // Between two services the one listed second answers the first.
    expect(reverse.sort()).toEqual(['a->b', 'orders-db->orders']);
  });

  it('draws a pair across two boundaries as one line between the boundaries', async () => {
    const model = emptyModel();
    model.components.push(component('client', 'client', ['edge']), component('api', 'service', ['app']), component('db', 'datastore', ['data']));
    model.trustBoundaries.push(
      { id: 'edge', name: 'edge', kind: 'network', components: ['client'] },
      { id: 'app', name: 'app', kind: 'network', components: ['api'] },
      { id: 'data', name: 'data', kind: 'network', components: ['db'] },
    );
    model.flows.push(flow('client', 'api'), flow('api', 'db'), flow('db', 'api'), flow('api', 'client'));
    const layout = await layoutSystem(model, elk);
    for (const [from, to] of [['client', 'api'], ['api', 'db']]) {
      const forward = layout.edges[`${from}->${to}`];
      expect(between(forward, layout.nodes[from], layout.nodes[to], 20), `${from}->${to} stays between its ends`).toBe(true);
      expect(layout.edges[`${to}->${from}`]).toEqual([...forward].reverse());
    }
    expectDrawable(layout);
    // Dragged somewhere else, the component keeps one line per pair.
    const pinned = await layoutSystem(model, elk, { pins: { api: { x: 40, y: 200 } } });
    expect(pinned.edges['db->api']).toEqual([...pinned.edges['api->db']].reverse());
  });
});
