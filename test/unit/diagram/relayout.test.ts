import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { memoryCache } from '../../../shared/diagram/elk-runner.js';
import { layoutSystem, type SubLayout } from '../../../shared/diagram/system-layout.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { generateSystem } from './generated-system.js';

const elk = new ELK();

/** Positions of a boundary's nodes relative to the boundary. */
function relative(layout: Awaited<ReturnType<typeof layoutSystem>>, group: string): Record<string, { x: number; y: number }> {
  const box = layout.groups[group];
  return Object.fromEntries(layout.graph.nodes.filter((n) => n.group === group).map((n) => [n.id, { x: layout.nodes[n.id].x - box.x, y: layout.nodes[n.id].y - box.y }]));
}

/** The model with one more component (and a flow to it) in namespace `ns`. */
function withNewComponent(model: SystemModel, ns: string): SystemModel {
  const next = structuredClone(model);
  const member = next.components.find((c) => c.boundaries?.includes(ns))!;
  next.components.push({ id: 'new-service', name: 'new-service', kind: 'service', boundaries: [...member.boundaries!], source: member.source, sources: [member.source] });
  next.trustBoundaries.find((b) => b.id === ns)!.components.push('new-service');
  next.flows.push({ id: `${member.id}->new-service`, from: member.id, to: 'new-service', protocol: 'grpc', inferredFrom: ['test'], source: member.source });
  return next;
}

describe('re-layout', () => {
  const model = generateSystem(60, 11);

  it('lays out an unchanged model from the cache, to the same positions', async () => {
    const cache = memoryCache<SubLayout>();
    const first = await layoutSystem(model, elk, { cache });
    expect(first.stats.cached).toBe(0);
    const second = await layoutSystem(model, elk, { cache });
    expect(second.stats.cached).toBe(second.stats.subLayouts);
    expect(second.nodes).toEqual(first.nodes);
    expect(second.edges).toEqual(first.edges);
  });

  it('re-lays out only the boundary a change touched: the others keep their inner arrangement', async () => {
    const cache = memoryCache<SubLayout>();
    const before = await layoutSystem(model, elk, { cache });
    const after = await layoutSystem(withNewComponent(model, 'ns-0'), elk, { cache });
    expect(after.nodes['new-service']).toBeDefined();
    // ns-0 and the top level changed; every other namespace came from the cache.
    expect(after.stats.subLayouts - after.stats.cached).toBe(2);
    for (const group of Object.keys(before.groups).filter((g) => g !== 'ns-0')) {
      expect(relative(after, group), group).toEqual(relative(before, group));
    }
  });

  it('keeps pinned nodes where the user put them, relative to their boundary, across re-layouts', async () => {
    const cache = memoryCache<SubLayout>();
    const plain = await layoutSystem(model, elk, { cache });
    const target = plain.graph.nodes.find((n) => n.group === 'ns-1')!;
    const pins = { [target.id]: { x: 400, y: 500 } };
    const pinned = await layoutSystem(model, elk, { cache, pins });
    const origin = pinned.groupOrigins!['ns-1'];
    expect(pinned.nodes[target.id]).toMatchObject({ x: origin.x + 400, y: origin.y + 500 });
    expect(pinned.pinned).toEqual([target.id]);
    // The boundary grew to hold it.
    const box = pinned.groups['ns-1'];
    const node = pinned.nodes[target.id];
    expect(node.x + node.width <= box.x + box.width && node.y + node.height <= box.y + box.height).toBe(true);
    // Its flows were re-routed to it.
    for (const edge of pinned.graph.edges.filter((e) => e.to === target.id)) {
      const points = pinned.edges[edge.id];
      expect(points[points.length - 1]).toEqual({ x: node.x, y: node.y + node.height / 2 });
    }
    // After a change elsewhere the pin still holds.
    const changed = await layoutSystem(withNewComponent(model, 'ns-2'), elk, { cache, pins });
    const changedOrigin = changed.groupOrigins!['ns-1'];
    expect(changed.nodes[target.id]).toMatchObject({ x: changedOrigin.x + 400, y: changedOrigin.y + 500 });
  });
});
