import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { blastRadius } from '../../../shared/diagram/blast-radius.js';
import { buildDiagramGraph } from '../../../shared/diagram/diagram-graph.js';
import type { ElkLike, ElkNode } from '../../../shared/diagram/elk-runner.js';
import { layoutSystem } from '../../../shared/diagram/system-layout.js';
import type { Component, Flow, SystemModel } from '../../../shared/model/model.js';
import { emptyModel } from '../../../shared/model/model.js';
import { corpus } from '../../support/paths.js';
import { contextFromFolder } from '../../support/rule-harness.js';

const source = { file: 'archbench.yaml', line: 1 };
const component = (id: string, kind: Component['kind'], boundaries?: string[]): Component => ({ id, name: id, kind, source, sources: [source], ...(boundaries ? { boundaries } : {}) });
const flow = (from: string, to: string, protocol: string, extra: Partial<Flow> = {}): Flow => ({ id: `${from}->${to}`, from, to, protocol, inferredFrom: ['test'], source, ...extra });

/** A shop: web (outside), api and orders in `app`, the database in `data` nested in `app`, a queue and a worker. */
function shop(): SystemModel {
  const model = emptyModel();
  model.components.push(
    component('web', 'client'),
    component('api', 'gateway', ['app']),
    component('orders', 'service', ['app']),
    component('orders-db', 'datastore', ['app', 'data']),
    component('events', 'queue', ['app']),
    component('worker', 'job', ['app']),
  );
  model.trustBoundaries.push(
    { id: 'app', name: 'app', kind: 'namespace', components: ['api', 'orders', 'events', 'worker'], children: ['data'] },
    { id: 'data', name: 'data', kind: 'declared', components: ['orders-db'] },
  );
  model.flows.push(
    flow('web', 'api', 'https', { encrypted: true }),
    flow('api', 'orders', 'grpc', { timeoutMs: 500, authentication: 'mtls', encrypted: true }),
    flow('orders', 'orders-db', 'postgres'),
    flow('orders', 'events', 'kafka'),
    flow('events', 'worker', 'amqp'),
    flow('worker', 'orders', 'http', { sync: false }),
  );
  return model;
}

/** An ELK that records every graph it is given. */
function recording(): ElkLike & { graphs: ElkNode[] } {
  const elk = new ELK();
  const graphs: ElkNode[] = [];
  return { graphs, layout: (graph) => { graphs.push(structuredClone(graph)); return elk.layout(graph); } };
}

describe('diagram graph', () => {
  it('styles flows: asynchronous by protocol, by queue target or as declared; markers for missing timeout, auth and encryption', () => {
    const graph = buildDiagramGraph(shop());
    const edge = (id: string) => graph.edges.find((e) => e.id === id)!;
    expect(edge('orders->events').async).toBe(true); // kafka
    expect(edge('events->worker').async).toBe(true); // amqp
    expect(edge('worker->orders').async).toBe(true); // sync: false
    expect(edge('orders->orders-db').async).toBe(false);
    expect(edge('orders->orders-db').missing).toEqual(['timeout', 'auth', 'encryption']);
    expect(edge('api->orders').missing).toEqual([]);
    expect(edge('web->api').missing).toEqual(['timeout', 'auth']);
    // An asynchronous flow needs no timeout.
    expect(edge('orders->events').missing).not.toContain('timeout');
  });

  it('puts each component in its innermost boundary and nests the boundaries', () => {
    const graph = buildDiagramGraph(shop());
    expect(graph.nodes.find((n) => n.id === 'orders-db')!.group).toBe('data');
    expect(graph.nodes.find((n) => n.id === 'web')!.group).toBeNull();
    expect(graph.groups).toEqual([
      { id: 'app', label: 'app', kind: 'namespace', parent: null },
      { id: 'data', label: 'data', kind: 'declared', parent: 'app' },
    ]);
  });

  it('collapses a boundary into one node that carries its members, flows and worst finding', () => {
    const graph = buildDiagramGraph(shop(), {
      collapsed: ['app'],
      findings: [{ element: 'orders-db', severity: 'high', status: 'open' }, { element: 'api', severity: 'medium', status: 'open' }, { element: 'api', severity: 'critical', status: 'accepted' }],
    });
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(['app', 'web']);
    const app = graph.nodes.find((n) => n.id === 'app')!;
    expect(app.kind).toBe('boundary');
    expect(app.members.sort()).toEqual(['api', 'events', 'orders', 'orders-db', 'worker']);
    expect(app.severity).toBe('high'); // the accepted critical one does not count
    expect(app.openFindings).toBe(2);
    expect(graph.groups).toEqual([]);
    expect(graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['web->app']);
  });

  it('filters by kind, boundary and severity', () => {
    expect(buildDiagramGraph(shop(), { hiddenKinds: ['queue', 'job'] }).nodes.map((n) => n.id)).toEqual(['web', 'api', 'orders', 'orders-db']);
    expect(buildDiagramGraph(shop(), { hiddenBoundaries: ['data'] }).nodes.map((n) => n.id)).not.toContain('orders-db');
    expect(buildDiagramGraph(shop(), { hiddenBoundaries: ['app'] }).nodes.map((n) => n.id)).toEqual(['web']);
    const bySeverity = buildDiagramGraph(shop(), { minSeverity: 'high', findings: [{ element: 'orders', severity: 'high', status: 'open' }, { element: 'api', severity: 'low', status: 'open' }] });
    expect(bySeverity.nodes.map((n) => n.id)).toEqual(['orders']);
  });

  it('gives ELK boundaries as boxes with ports, components with an input and an output port, and protocol labels', async () => {
    const elk = recording();
    const layout = await layoutSystem(shop(), elk);
    // Bottom-up: the nested boundary, then app, then the top level.
    expect(elk.graphs).toHaveLength(3);
    const [data, app, root] = elk.graphs;
    const dataBox = data.children![0];
    expect(dataBox.ports!.map((p) => p.layoutOptions!['elk.port.side'])).toEqual(['WEST']); // orders -> orders-db enters
    expect(dataBox.layoutOptions!['elk.portConstraints']).toBe('FIXED_SIDE');
    const appBox = app.children![0];
    const nested = appBox.children!.find((c) => c.width === layout.groups.data.width)!;
    expect(nested.layoutOptions!['elk.portConstraints']).toBe('FIXED_POS');
    expect(nested.ports).toHaveLength(1);
    const service = appBox.children!.find((c) => c.id.endsWith('n1'))!;
    expect(service.ports!.map((p) => p.layoutOptions!['elk.port.side'])).toEqual(['WEST', 'EAST']);
    expect(service.layoutOptions!['elk.portConstraints']).toBe('FIXED_SIDE');
    // A label sits on the piece of a flow that reaches its target: postgres inside `data`, the rest inside `app`.
    expect(appBox.edges!.flatMap((e) => e.labels ?? []).map((l) => l.text).sort()).toEqual(['amqp', 'grpc', 'http', 'https', 'kafka']);
    expect(dataBox.edges!.flatMap((e) => e.labels ?? []).map((l) => l.text)).toEqual(['postgres']);
    // The top level: web and the app box; web -> api enters app through its west port.
    expect(root.children).toHaveLength(2);
    expect(root.edges).toHaveLength(1);
    expect(root.edges![0].labels).toEqual([]);
    expect(root.layoutOptions!['elk.direction']).toBe('RIGHT');
    expect(root.layoutOptions!['elk.edgeRouting']).toBe('ORTHOGONAL');
  });
});

describe('layout of microservices-demo', () => {
  const model = contextFromFolder(corpus('microservices-demo')).model;

  it('places all twelve components inside their namespace without overlaps, and routes every flow', async () => {
    const layout = await layoutSystem(model, new ELK());
    expect(Object.keys(layout.nodes).sort()).toEqual(model.components.map((c) => c.id).sort());
    const rects = Object.entries(layout.nodes);
    for (const [id, r] of rects) {
      expect(Number.isFinite(r.x) && Number.isFinite(r.y) && r.width > 0 && r.height > 0, id).toBe(true);
      const box = layout.groups['namespace:default'];
      expect(r.x >= box.x && r.y >= box.y && r.x + r.width <= box.x + box.width && r.y + r.height <= box.y + box.height, `${id} inside its namespace`).toBe(true);
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const [a, ra] = rects[i];
        const [b, rb] = rects[j];
        const overlap = ra.x < rb.x + rb.width && rb.x < ra.x + ra.width && ra.y < rb.y + rb.height && rb.y < ra.y + ra.height;
        expect(overlap, `${a} overlaps ${b}`).toBe(false);
      }
    }
    for (const edge of layout.graph.edges) {
      const points = layout.edges[edge.id];
      expect(points.length, edge.id).toBeGreaterThanOrEqual(2);
      // Starts on the source's right border and ends on the target's left border (the ports).
      const from = layout.nodes[edge.from];
      const to = layout.nodes[edge.to];
      expect(Math.abs(points[0].x - (from.x + from.width))).toBeLessThanOrEqual(1.5);
      expect(Math.abs(points[points.length - 1].x - to.x)).toBeLessThanOrEqual(1.5);
    }
    expect(layout.labels.length).toBe(layout.graph.edges.length);
  });

  it('computes the blast radius of redis-cart over synchronous flows', () => {
    expect(blastRadius(model, 'redis-cart').components.sort()).toEqual(['cartservice', 'checkoutservice', 'frontend', 'loadgenerator']);
    const radius = blastRadius(shop(), 'orders-db');
    // worker reaches orders only asynchronously: it keeps running.
    expect(radius.components.sort()).toEqual(['api', 'orders', 'web']);
  });
});
