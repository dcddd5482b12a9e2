/**
 * Applying archbench.yaml to the merged model. Overlay values win over inferred ones and add the
 * archbench.yaml location to the element's sources, so the inspector can show both where an element
 * was found and where the user changed it.
 */
import type { Component, DataAsset, Flow, SystemModel, TrustBoundary } from '../../shared/model/model.js';
import { compact, newComponent, newFlow } from './elements.js';
import type { ArchbenchOverlay } from './overlay-types.js';

export interface OverlayTarget {
  components: Map<string, Component>;
  boundaries: Map<string, TrustBoundary>;
  dataAssets: Map<string, DataAsset>;
  flows: Flow[];
  model: Pick<SystemModel, 'project' | 'risks' | 'migrations'>;
}

/**
 * The kind reason of a component archbench.yaml names without a kind: a service by default. An entry like that for a
 * component only an API description or the migrations imply annotates it (see merge.ts, db/infer-components.ts).
 */
export const KIND_NOT_GIVEN = 'archbench.yaml (no kind given)';

/** A component that only an archbench.yaml entry without a kind describes: it annotates an inferred one, it does not design one. */
export function isAnnotationOnly(component: Component): boolean {
  return component.kindReason === KIND_NOT_GIVEN && component.origins?.length === 1;
}

/**
 * Complete the archbench.yaml entry that annotates an inferred component (same id, no kind): what the spec or the
 * migrations say stays (source, kind, exposure), what the user set wins.
 */
export function completeAnnotation(annotated: Component, inferred: Component): void {
  annotated.kind = inferred.kind;
  annotated.kindReason = inferred.kindReason;
  if (annotated.name === annotated.id) annotated.name = inferred.name;
  annotated.source = inferred.source;
  annotated.sources = [inferred.source, ...annotated.sources];
  annotated.origins = [...(inferred.origins ?? []), ...(annotated.origins ?? [])];
  annotated.internetFacing ??= inferred.internetFacing;
  annotated.properties = { ...inferred.properties, ...annotated.properties };
}

/** Components, boundaries, data assets, project, risks and migrations of the overlay (flows: `applyOverlayFlows`). */
export function applyOverlayElements(overlay: ArchbenchOverlay, target: OverlayTarget): void {
  if (overlay.project) target.model.project = { ...target.model.project, ...overlay.project };
  for (const entry of overlay.components) {
    let component = target.components.get(entry.id);
    if (!component) {
      component = newComponent(entry.id, entry.kind ?? (entry.external ? 'external' : 'service'), entry.kind || entry.external ? 'archbench.yaml' : KIND_NOT_GIVEN, entry.source, 'archbench');
      target.components.set(entry.id, component);
    } else {
      component.sources = [...component.sources, entry.source];
      component.origins = [...new Set([...(component.origins ?? []), 'archbench'])];
      if (entry.kind || entry.external) {
        component.kind = entry.kind ?? 'external';
        component.kindReason = 'archbench.yaml';
      }
    }
    if (entry.name) component.name = entry.name;
    if (entry.criticality) component.criticality = entry.criticality;
    if (entry.dataClassification) component.dataClassification = entry.dataClassification;
    if (entry.internetFacing !== undefined) component.internetFacing = entry.internetFacing;
    if (entry.replicas !== undefined) component.replicas = entry.replicas;
    const extra = compact({ description: entry.description, owner: entry.owner, tags: entry.tags, external: entry.external, ...entry.properties });
    if (Object.keys(extra).length) component.properties = { ...component.properties, ...extra };
  }
  for (const entry of overlay.trustBoundaries) {
    const existing = target.boundaries.get(entry.id);
    if (existing) {
      existing.name = entry.name;
      existing.kind = entry.kind;
      existing.components = [...new Set([...existing.components, ...entry.components])];
      existing.children = [...new Set([...(existing.children ?? []), ...entry.children])];
      existing.sources = [...(existing.sources ?? []), entry.source];
    } else {
      target.boundaries.set(entry.id, compact({
        id: entry.id, name: entry.name, kind: entry.kind, components: [...entry.components],
        children: entry.children.length ? [...entry.children] : undefined, source: entry.source, sources: [entry.source],
        properties: entry.description ? { description: entry.description } : undefined,
      }) as TrustBoundary);
    }
  }
  for (const entry of overlay.dataAssets) {
    const existing = target.dataAssets.get(entry.id);
    target.dataAssets.set(entry.id, existing ? compact({ ...existing, ...entry, properties: { ...existing.properties, ...entry.properties } }) : { ...entry });
  }
  if (overlay.risks.length) target.model.risks = [...(target.model.risks ?? []), ...overlay.risks];
  if (overlay.migrations) target.model.migrations = overlay.migrations;
}

/** Flows of the overlay: annotate the inferred flow they name, or add one. */
export function applyOverlayFlows(overlay: ArchbenchOverlay, target: OverlayTarget): void {
  for (const entry of overlay.flows) {
    const pair = target.flows.filter((flow) => flow.from === entry.from && flow.to === entry.to);
    let matches = entry.protocol ? pair.filter((flow) => flow.protocol === entry.protocol) : pair;
    if (!matches.length && entry.protocol) {
      // The user names the protocol of a flow that was inferred without one, or corrects the one inferred
      // (`http` -> `https`) when the pair has a single protocol: still one flow, with the user's protocol.
      matches = pair.filter((flow) => flow.protocol === 'unknown' || flow.protocol === 'tcp');
      if (!matches.length && new Set(pair.map((flow) => flow.protocol)).size === 1) matches = pair;
      for (const flow of matches) flow.protocol = entry.protocol;
    }
    if (!matches.length) {
      const flow = newFlow(entry.from, entry.to, entry.protocol ?? 'unknown', 'archbench.yaml', entry.source);
      target.flows.push(flow);
      matches = [flow];
    }
    for (const flow of matches) {
      if (!flow.inferredFrom.includes('archbench.yaml')) flow.inferredFrom = [...flow.inferredFrom, 'archbench.yaml'];
      if (flow.source !== entry.source) flow.sources = [...(flow.sources ?? [flow.source]), entry.source];
      if (entry.port !== undefined) flow.port = entry.port;
      if (entry.authentication !== undefined) flow.authentication = entry.authentication;
      if (entry.encrypted !== undefined) flow.encrypted = entry.encrypted;
      if (entry.sync !== undefined) flow.sync = entry.sync;
      if (entry.sync === true && flow.properties?.asyncBecause !== undefined) {
        const { asyncBecause: _inferred, ...rest } = flow.properties;
        flow.properties = rest;
      }
      if (entry.timeoutMs !== undefined) flow.timeoutMs = entry.timeoutMs;
      if (entry.retries !== undefined) flow.retries = entry.retries.count;
      if (entry.circuitBreaker !== undefined) flow.circuitBreaker = entry.circuitBreaker;
      if (entry.dataClassification !== undefined) flow.dataClassification = entry.dataClassification;
      const extra = compact({
        retryPolicy: entry.retries && Object.keys(entry.retries).length > 1 ? entry.retries : undefined,
        circuitBreakerPolicy: entry.circuitBreakerPolicy, description: entry.description,
      });
      if (Object.keys(extra).length) flow.properties = { ...flow.properties, ...extra };
    }
  }
}
