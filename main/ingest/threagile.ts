/**
 * Threagile models (the YAML a person writes, and the parsed-model JSON Threagile writes):
 * technical assets become components (kind from `type` and `technology`), communication links
 * flows, trust boundaries boundaries (nested through `trust_boundaries_nested`), data assets
 * data assets. Ids are Threagile's asset ids; names are the titles.
 */
import type { Component, ComponentKind, Criticality, DataAsset, DataClassification, Flow, TrustBoundary } from '../../shared/model/model.js';
import { asArray, asRecord, asString, compact, newComponent, newFlow, own, strings, text } from './elements.js';
import { parseStructured, sourceAt, type PathSegment } from './positions.js';
import type { Importer } from './types.js';

const CLIENT_TECHNOLOGIES = new Set(['browser', 'desktop', 'mobile-app', 'devops-client', 'client-system', 'iot-device']);
const STORE_TECHNOLOGIES = new Set(['database', 'file-server', 'local-file-system', 'block-storage', 'data-lake', 'identity-store-ldap',
  'identity-store-database', 'vault', 'hsm', 'search-index', 'sourcecode-repository', 'artifact-registry', 'mainframe']);
const GATEWAY_TECHNOLOGIES = new Set(['load-balancer', 'reverse-proxy', 'waf', 'gateway', 'api-gateway', 'service-mesh', 'ids', 'ips']);
const QUEUE_TECHNOLOGIES = new Set(['message-queue', 'stream-processing', 'event-listener']);
const JOB_TECHNOLOGIES = new Set(['batch-processing', 'scheduler', 'task']);
const ENCRYPTED = /(^|-)(https|wss|ssh|ldaps|sftp|ftps|encrypted)(-|$)|^(iiop|jrmp|smb|nfs|jdbc|odbc|mqtt)-encrypted$/;

const CLASSIFICATION: Record<string, DataClassification> = {
  public: 'public', internal: 'internal', restricted: 'confidential', confidential: 'confidential', 'strictly-confidential': 'restricted',
};
const CRITICALITY: Record<string, Criticality> = {
  archive: 'low', operational: 'low', important: 'medium', critical: 'high', 'mission-critical': 'critical',
};

/** Import one Threagile model (YAML input or parsed-model JSON). */
export const importThreagile: Importer = (file, environment, out) => {
  const parsed = parseStructured(file.text, file.path, environment.limits, file.detail);
  out.diagnostics.push(...parsed.diagnostics);
  const document = parsed.documents[0];
  const root = asRecord(document?.value);
  if (!document || !root) return;
  const at = (path: PathSegment[]) => sourceAt(file.path, document, path, 'yaml-path');

  const assets = entries(root.technical_assets);
  const stored = new Map<string, string[]>();
  const processed = new Map<string, string[]>();
  for (const [key, value] of assets) {
    if (environment.outOfTime()) return;
    const asset = asRecord(value) ?? {};
    const id = asString(asset.id) ?? key;
    const technology = asString(asset.technology) ?? asString(asArray(asset.technologies)[0]) ?? '';
    const type = asString(asset.type) ?? 'process';
    const kind = kindOf(type, technology, asset);
    const criticality = highestCriticality([asset.availability, asset.integrity]);
    const component: Component = newComponent(id, kind, `threagile:${type}${technology ? `/${technology}` : ''}`, at(['technical_assets', key]), 'threagile', compact({
      name: asString(asset.title) ?? key,
      internetFacing: asset.internet === true ? true : undefined,
      dataClassification: own(CLASSIFICATION, text(asset.confidentiality)),
      criticality,
      properties: compact({
        description: asString(asset.description), type, technology, usage: asset.usage, size: asset.size, machine: asset.machine,
        encryption: asset.encryption, owner: asset.owner, confidentiality: asset.confidentiality, integrity: asset.integrity,
        availability: asset.availability, outOfScope: asset.out_of_scope === true || undefined, multiTenant: asset.multi_tenant,
        redundant: asset.redundant, customDevelopedParts: asset.custom_developed_parts, usedAsClientByHuman: asset.used_as_client_by_human,
        tags: asArray(asset.tags).length ? asArray(asset.tags) : undefined,
        dataAssetsProcessed: asArray(asset.data_assets_processed).length ? asArray(asset.data_assets_processed) : undefined,
        dataAssetsStored: asArray(asset.data_assets_stored).length ? asArray(asset.data_assets_stored) : undefined,
        dataFormatsAccepted: asArray(asset.data_formats_accepted).length ? asArray(asset.data_formats_accepted) : undefined,
      }),
    }));
    out.components.push(component);
    for (const data of strings(asset.data_assets_stored)) push(stored, data, id);
    for (const data of strings(asset.data_assets_processed)) push(processed, data, id);
    out.flows.push(...linksOf(asset, id, key, at));
  }
  out.trustBoundaries.push(...boundariesOf(root, at));
  for (const [key, value] of entries(root.data_assets)) {
    const data = asRecord(value) ?? {};
    const id = asString(data.id) ?? key;
    const asset: DataAsset = compact({
      id, name: asString(data.title) ?? key, classification: own(CLASSIFICATION, text(data.confidentiality)),
      storedIn: stored.get(id), processedBy: processed.get(id), source: at(['data_assets', key]),
      properties: compact({ description: asString(data.description), usage: data.usage, origin: data.origin, owner: data.owner, quantity: data.quantity,
        confidentiality: data.confidentiality, integrity: data.integrity, availability: data.availability }),
    });
    out.dataAssets.push(asset);
  }
  const title = asString(root.title);
  if (title) out.project = { name: title, description: asString(asRecord(root.business_overview)?.description), source: at(['title']) };
};

/** Map entries of a YAML model, or list entries keyed by id for the parsed-model JSON. */
function entries(value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [asString(asRecord(item)?.id) ?? String(index), item]);
  return Object.entries(asRecord(value) ?? {});
}

function kindOf(type: string, technology: string, asset: Record<string, unknown>): ComponentKind {
  if (type === 'datastore' || STORE_TECHNOLOGIES.has(technology)) return QUEUE_TECHNOLOGIES.has(technology) ? 'queue' : 'datastore';
  if (type === 'external-entity') return CLIENT_TECHNOLOGIES.has(technology) || asset.used_as_client_by_human === true ? 'client' : 'external';
  if (CLIENT_TECHNOLOGIES.has(technology)) return 'client';
  if (GATEWAY_TECHNOLOGIES.has(technology)) return 'gateway';
  if (QUEUE_TECHNOLOGIES.has(technology)) return 'queue';
  if (JOB_TECHNOLOGIES.has(technology)) return 'job';
  return 'service';
}

function linksOf(asset: Record<string, unknown>, id: string, key: string, at: (path: PathSegment[]) => ReturnType<typeof sourceAt>): Flow[] {
  const flows: Flow[] = [];
  const links = asset.communication_links;
  const list: Array<[string, Record<string, unknown>, PathSegment]> = Array.isArray(links)
    ? links.map((link, index) => [asString(asRecord(link)?.title) ?? String(index), asRecord(link) ?? {}, index])
    : Object.entries(asRecord(links) ?? {}).map(([title, link]) => [title, asRecord(link) ?? {}, title]);
  for (const [title, link, segment] of list) {
    const target = asString(link.target) ?? asString(link.target_id);
    if (!target) continue;
    const protocol = (asString(link.protocol) ?? 'unknown').toLowerCase();
    flows.push(newFlow(id, target, protocol, 'threagile', at(['technical_assets', key, 'communication_links', segment]), compact({
      authentication: asString(link.authentication),
      encrypted: ENCRYPTED.test(protocol) || link.vpn === true,
      sync: !/(mqtt|jms|queue|amqp|kafka)/.test(protocol),
      properties: compact({
        title, description: asString(link.description), authorization: link.authorization, vpn: link.vpn, ipFiltered: link.ip_filtered,
        readonly: link.readonly, usage: link.usage, tags: asArray(link.tags).length ? asArray(link.tags) : undefined,
        dataAssetsSent: asArray(link.data_assets_sent).length ? asArray(link.data_assets_sent) : undefined,
        dataAssetsReceived: asArray(link.data_assets_received).length ? asArray(link.data_assets_received) : undefined,
      }),
    })));
  }
  return flows;
}

function boundariesOf(root: Record<string, unknown>, at: (path: PathSegment[]) => ReturnType<typeof sourceAt>): TrustBoundary[] {
  return entries(root.trust_boundaries).map(([key, value]) => {
    const boundary = asRecord(value) ?? {};
    const source = at(['trust_boundaries', key]);
    return compact({
      id: asString(boundary.id) ?? key,
      name: asString(boundary.title) ?? key,
      kind: 'declared',
      components: strings(boundary.technical_assets_inside),
      children: strings(boundary.trust_boundaries_nested).length ? strings(boundary.trust_boundaries_nested) : undefined,
      source, sources: [source],
      properties: compact({ type: boundary.type, description: asString(boundary.description), tags: asArray(boundary.tags).length ? asArray(boundary.tags) : undefined }),
    }) as TrustBoundary;
  });
}

/** Criticality from Threagile's availability and integrity ratings: the higher of the two. */
function highestCriticality(ratings: unknown[]): Criticality | undefined {
  const order: Criticality[] = ['low', 'medium', 'high', 'critical'];
  let best: Criticality | undefined;
  for (const rating of ratings) {
    const criticality = own(CRITICALITY, text(rating));
    if (criticality && (!best || order.indexOf(criticality) > order.indexOf(best))) best = criticality;
  }
  return best;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
