/**
 * Open Threat Model (OTM 0.2.0) import and export: trust zones as boundaries, components,
 * dataflows and assets. Export writes every boundary as a trust zone (components outside any
 * boundary go to a `default` zone, since OTM requires a parent for each component).
 */
import type { ComponentKind, DataClassification, SystemModel, TrustBoundary } from '../../shared/model/model.js';
import { otmCatalog, otmThreats } from './declared-threats.js';
import { asArray, asNumber, asRecord, asString, compact, newComponent, newFlow, slug, strings, text } from './elements.js';
import { parseJsonDocument, parseStructured, sourceAt } from './positions.js';
import type { Importer } from './types.js';

const TYPE_KINDS: Array<[RegExp, ComponentKind]> = [
  [/client|browser|mobile|user|actor/, 'client'],
  [/queue|topic|sqs|sns|kafka|rabbit|event-?bus|stream/, 'queue'],
  [/cache|redis|memcache/, 'cache'],
  [/database|\bdb\b|sql|mongo|dynamo|storage|bucket|s3|blob|datastore|store/, 'datastore'],
  [/gateway|load-?balancer|\bcdn\b|waf|proxy|ingress/, 'gateway'],
  [/lambda|function|job|batch|cron/, 'job'],
  [/external|third-?party|saas/, 'external'],
];

/** Import one OTM file (JSON or YAML). */
export const importOtm: Importer = (file, environment, out) => {
  const parsed = /\.json$/i.test(file.path) ? parseJsonDocument(file.text, file.path, environment.limits) : parseStructured(file.text, file.path, environment.limits, file.detail);
  out.diagnostics.push(...parsed.diagnostics);
  const document = parsed.documents[0];
  const root = asRecord(document?.value);
  if (!document || !root) return;
  const project = asRecord(root.project) ?? {};
  if (asString(project.name)) out.project = { name: asString(project.name), description: asString(project.description), source: sourceAt(file.path, document, ['project']) };
  const catalog = otmCatalog(root);
  // The threats a component or dataflow references, each located at its reference.
  const declaredOf = (references: unknown, path: Array<string | number>) => {
    const declared = otmThreats(references, catalog, (i) => sourceAt(file.path, document, [...path, 'threats', i]));
    return declared.length ? declared : undefined;
  };
  const zones = new Map<string, TrustBoundary>();
  asArray(root.trustZones).forEach((raw, index) => {
    const zone = asRecord(raw) ?? {};
    const id = asString(zone.id) ?? `zone-${index}`;
    const source = sourceAt(file.path, document, ['trustZones', index]);
    zones.set(id, compact({
      id, name: asString(zone.name) ?? id, kind: asString(zone.type) === 'internet' ? 'internet' : 'declared', components: [], source, sources: [source],
      properties: compact({ type: zone.type, trustRating: asNumber(asRecord(zone.risk)?.trustRating), description: asString(zone.description) }),
    }) as TrustBoundary);
  });
  asArray(root.trustZones).forEach((raw) => {
    const zone = asRecord(raw) ?? {};
    const parent = asString(asRecord(zone.parent)?.trustZone);
    if (parent && zones.has(parent)) (zones.get(parent)!.children ??= []).push(text(zone.id));
  });
  const parentOf = new Map<string, string>();
  asArray(root.components).forEach((raw, index) => {
    const entry = asRecord(raw) ?? {};
    const id = asString(entry.id) ?? slug(asString(entry.name) ?? `component-${index}`);
    const type = (asString(entry.type) ?? '').toLowerCase();
    const tags = strings(entry.tags);
    const match = TYPE_KINDS.find(([pattern]) => pattern.test(`${type} ${tags.join(' ')}`.toLowerCase()));
    const parent = asRecord(entry.parent) ?? {};
    const zone = asString(parent.trustZone);
    if (zone) zones.get(zone)?.components.push(id);
    else if (asString(parent.component)) parentOf.set(id, asString(parent.component)!);
    out.components.push(newComponent(id, match?.[1] ?? 'service', `otm:${type || 'component'}`, sourceAt(file.path, document, ['components', index]), 'otm', compact({
      name: asString(entry.name) ?? id,
      properties: compact({
        type: type || undefined, tags: tags.length ? tags : undefined, description: asString(entry.description),
        assets: asRecord(entry.assets), threats: asArray(entry.threats).length ? asArray(entry.threats) : undefined,
        declaredThreats: declaredOf(entry.threats, ['components', index]),
        attributes: asRecord(entry.attributes),
      }),
    })));
  });
  for (const [child, parent] of parentOf) {
    for (const zone of zones.values()) if (zone.components.includes(parent)) zone.components.push(child);
  }
  out.trustBoundaries.push(...zones.values());
  asArray(root.dataflows).forEach((raw, index) => {
    const flow = asRecord(raw) ?? {};
    const from = asString(flow.source);
    const to = asString(flow.destination);
    if (!from || !to) return;
    const attributes = asRecord(flow.attributes) ?? {};
    const tags = strings(flow.tags);
    out.flows.push(newFlow(from, to, asString(attributes.protocol) ?? 'unknown', 'otm', sourceAt(file.path, document, ['dataflows', index]), compact({
      encrypted: typeof attributes.encrypted === 'boolean' ? attributes.encrypted : undefined,
      authentication: asString(attributes.authentication),
      properties: compact({
        name: asString(flow.name), otmId: asString(flow.id), bidirectional: flow.bidirectional === true || undefined, tags: tags.length ? tags : undefined,
        assets: asArray(flow.assets).length ? asArray(flow.assets) : undefined, declaredThreats: declaredOf(flow.threats, ['dataflows', index]),
      }),
    })));
  });
  asArray(root.assets).forEach((raw, index) => {
    const asset = asRecord(raw) ?? {};
    const id = asString(asset.id) ?? `asset-${index}`;
    const risk = asRecord(asset.risk) ?? {};
    const confidentiality = asNumber(risk.confidentiality);
    out.dataAssets.push(compact({
      id, name: asString(asset.name) ?? id, classification: confidentiality === undefined ? undefined : classificationOf(confidentiality),
      source: sourceAt(file.path, document, ['assets', index]),
      properties: compact({ description: asString(asset.description), risk }),
    }));
  });
};

function classificationOf(confidentiality: number): DataClassification {
  if (confidentiality >= 75) return 'restricted';
  if (confidentiality >= 50) return 'confidential';
  if (confidentiality >= 25) return 'internal';
  return 'public';
}

const CONFIDENTIALITY: Record<DataClassification, number> = { public: 0, internal: 33, confidential: 66, restricted: 100 };

/** The model as an Open Threat Model 0.2.0 document. */
export function exportOtm(model: SystemModel): object {
  const name = model.project?.name ?? 'Archbench model';
  const inZone = new Set(model.trustBoundaries.flatMap((boundary) => boundary.components));
  const parentZone = new Map<string, string>();
  for (const boundary of model.trustBoundaries) for (const child of boundary.children ?? []) parentZone.set(child, boundary.id);
  const trustZones: object[] = model.trustBoundaries.map((boundary) => compact({
    id: boundary.id, name: boundary.name, type: boundary.kind,
    risk: { trustRating: boundary.kind === 'internet' ? 0 : 50 },
    parent: parentZone.has(boundary.id) ? { trustZone: parentZone.get(boundary.id) } : undefined,
  }));
  const needsDefault = model.components.some((component) => !inZone.has(component.id) && !component.boundaries?.length);
  if (needsDefault) trustZones.push({ id: 'default', name: 'Default', type: 'default', risk: { trustRating: 50 } });
  return {
    otmVersion: '0.2.0',
    project: { name, id: slug(name), description: model.project?.description },
    representations: [{ name: 'Architecture Diagram', id: 'architecture-diagram', type: 'diagram' }],
    assets: model.dataAssets.map((asset) => ({
      id: asset.id, name: asset.name,
      risk: { confidentiality: asset.classification ? CONFIDENTIALITY[asset.classification] : 50, integrity: 50, availability: 50 },
    })),
    trustZones,
    components: model.components.map((component) => ({
      id: component.id, name: component.name, type: component.kind,
      parent: { trustZone: component.boundaries?.[component.boundaries.length - 1] ?? model.trustBoundaries.find((boundary) => boundary.components.includes(component.id))?.id ?? 'default' },
      tags: [component.kind, ...(component.origins ?? [])],
      attributes: compact({
        kindReason: component.kindReason, image: component.image, replicas: component.replicas, internetFacing: component.internetFacing,
        criticality: component.criticality, dataClassification: component.dataClassification,
      }),
    })),
    dataflows: model.flows.map((flow) => ({
      id: flow.id, name: asString(flow.properties?.name) ?? `${flow.from} -> ${flow.to} (${flow.protocol})`,
      source: flow.from, destination: flow.to, bidirectional: false, tags: [flow.protocol],
      attributes: compact({ protocol: flow.protocol, encrypted: flow.encrypted, authentication: flow.authentication, inferredFrom: flow.inferredFrom.join(',') }),
    })),
  };
}
