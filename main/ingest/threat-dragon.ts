/**
 * OWASP Threat Dragon models. Import: v1 (`detail.diagrams[].diagramJson.cells`, `type: tm.*`) and
 * v2 (`detail.diagrams[].cells`, shapes `process`, `store`, `actor`, `flow`, `trust-boundary-box`,
 * `trust-boundary-curve` and its historical misspelling `trust-broundary-curve`). Processes become
 * services, stores datastores (or queue / cache by name), actors clients or external entities.
 * Curved boundaries are lines with no members; box boundaries contain the elements drawn inside.
 * Export: Threat Dragon v2 JSON, one diagram, elements grouped inside their boundaries.
 */
import type { Component, ComponentKind, SystemModel, TrustBoundary } from '../../shared/model/model.js';
import { asArray, asRecord, asString, compact, displayName, newComponent, newFlow, own, slug, text } from './elements.js';
import { threatDragonThreats } from './declared-threats.js';
import { kindFromName } from './kinds.js';
import { parseJsonDocument, sourceAt } from './positions.js';
import type { Importer } from './types.js';

type Cell = Record<string, unknown>;
const BOUNDARY_SHAPES = new Set(['trust-boundary-box', 'trust-boundary-curve', 'trust-broundary-curve', 'tm.Boundary']);
const CLIENT_NAMES = /\b(browser|user|users|client|customer|mobile|web ?app user)\b/i;

/** Import one Threat Dragon model (v1 or v2). */
export const importThreatDragon: Importer = (file, environment, out) => {
  const parsed = parseJsonDocument(file.text, file.path, environment.limits);
  out.diagnostics.push(...parsed.diagnostics);
  const document = parsed.documents[0];
  const root = asRecord(document?.value);
  if (!document || !root) return;
  const summary = asRecord(root.summary) ?? {};
  if (asString(summary.title)) out.project = { name: asString(summary.title), description: asString(summary.description), source: sourceAt(file.path, document, ['summary', 'title']) };
  const cellIds = new Map<string, string>();
  const usedIds = new Set<string>();
  // The threats the model lists on a cell (in `data` in v2, on the cell in v1), each located at its entry.
  const declaredOf = (cell: Cell, data: Cell, path: Array<string | number>) => {
    const inData = data !== cell && data.threats !== undefined;
    const declared = threatDragonThreats(inData ? data.threats : cell.threats, (i) => sourceAt(file.path, document, [...path, ...(inData ? ['data'] : []), 'threats', i]));
    return declared.length ? declared : undefined;
  };
  asArray(asRecord(root.detail)?.diagrams).forEach((rawDiagram, diagramIndex) => {
    const diagram = asRecord(rawDiagram) ?? {};
    const inV2 = Array.isArray(diagram.cells);
    const cells = (inV2 ? asArray(diagram.cells) : asArray(asRecord(diagram.diagramJson)?.cells)).map((cell) => asRecord(cell) ?? {});
    const base = inV2 ? ['detail', 'diagrams', diagramIndex, 'cells'] : ['detail', 'diagrams', diagramIndex, 'diagramJson', 'cells'];
    const diagramTitle = asString(diagram.title);
    const inDiagram = new Set<string>();
    const boxes: Array<{ boundary: TrustBoundary; x: number; y: number; width: number; height: number }> = [];
    const placed: Array<{ id: string; x: number; y: number }> = [];

    cells.forEach((cell, index) => {
      const type = cellType(cell);
      const source = sourceAt(file.path, document, [...base, index]);
      const data = asRecord(cell.data) ?? cell;
      if (type === 'tm.Process' || type === 'tm.Store' || type === 'tm.Actor') {
        const name = displayName(asString(data.name) ?? asString(asRecord(asRecord(cell.attrs)?.text)?.text) ?? 'Unnamed');
        let id = asString(data.archbenchId) ?? slug(name);
        if (inDiagram.has(id)) { let n = 2; while (inDiagram.has(`${id}-${n}`)) n++; id = `${id}-${n}`; }
        inDiagram.add(id);
        usedIds.add(id);
        cellIds.set(text(cell.id), id);
        const guess = kindOf(type, name, asString(data.archbenchKind));
        out.components.push(newComponent(id, guess.kind, guess.reason, source, 'threat-dragon', compact({
          name,
          properties: compact({
            tdId: asString(cell.id), tdType: type, diagram: diagramTitle, description: asString(data.description) || undefined,
            outOfScope: data.outOfScope === true || undefined, reasonOutOfScope: asString(data.reasonOutOfScope) || undefined,
            threats: asArray(data.threats ?? cell.threats).length ? asArray(data.threats ?? cell.threats) : undefined,
            declaredThreats: declaredOf(cell, data, [...base, index]),
            isWebApplication: data.isWebApplication, handlesCardPayment: data.handlesCardPayment, handlesGoodsOrServices: data.handlesGoodsOrServices,
            privilegeLevel: asString(data.privilegeLevel) || undefined, storesCredentials: data.storesCredentials, isEncrypted: data.isEncrypted,
            isSigned: data.isSigned, isALog: data.isALog, providesAuthentication: data.providesAuthentication,
          }),
        })));
        const geometry = box(cell);
        if (geometry) placed.push({ id, x: geometry.x + geometry.width / 2, y: geometry.y + geometry.height / 2 });
      } else if (type === 'tm.Boundary') {
        const name = displayName(asString(data.name) ?? asString(asRecord(asRecord(cell.attrs)?.headerText)?.text) ?? labelOf(cell) ?? '');
        const shape = asString(cell.shape) ?? 'tm.Boundary';
        const id = name ? slug(name) : `boundary-${text(cell.id).slice(0, 8)}`;
        const boundary: TrustBoundary = {
          id, name: name || 'Trust boundary', kind: 'declared', components: [], source, sources: [source],
          properties: { tdId: asString(cell.id), shape, diagram: diagramTitle },
        };
        out.trustBoundaries.push(boundary);
        const geometry = shape === 'trust-boundary-box' ? box(cell) : undefined;
        if (geometry) boxes.push({ boundary, ...geometry });
      }
    });
    for (const { boundary, x, y, width, height } of boxes) {
      for (const element of placed) {
        if (element.x >= x && element.x <= x + width && element.y >= y && element.y <= y + height) boundary.components.push(element.id);
      }
    }
    cells.forEach((cell, index) => {
      if (cellType(cell) !== 'tm.Flow') return;
      const data = asRecord(cell.data) ?? cell;
      const from = cellIds.get(endpointId(cell.source) ?? '');
      const to = cellIds.get(endpointId(cell.target) ?? '');
      const source = sourceAt(file.path, document, [...base, index]);
      if (!from || !to) {
        environment.report({ line: source.line, column: source.column, severity: 'info', code: 'threat-dragon.dangling-flow', message: `Flow "${labelOf(cell) ?? cell.id}" is not connected at both ends; skipped.` });
        return;
      }
      const protocolText = asString(data.protocol) ?? '';
      out.flows.push(newFlow(from, to, protocolOf(protocolText), 'threat-dragon', source, compact({
        encrypted: typeof data.isEncrypted === 'boolean' ? data.isEncrypted : undefined,
        properties: compact({
          name: displayName(asString(data.name) ?? labelOf(cell) ?? ''), tdId: asString(cell.id), protocolLabel: protocolText || undefined,
          isPublicNetwork: data.isPublicNetwork, isBidirectional: data.isBidirectional, description: asString(data.description) || undefined,
          outOfScope: data.outOfScope === true || undefined,
          threats: asArray(data.threats ?? cell.threats).length ? asArray(data.threats ?? cell.threats) : undefined,
          declaredThreats: declaredOf(cell, data, [...base, index]),
        }),
      })));
    });
  });
};

function cellType(cell: Cell): string {
  const data = asRecord(cell.data);
  const type = asString(data?.type) ?? asString(cell.type) ?? '';
  const shape = asString(cell.shape) ?? '';
  if (type === 'tm.Boundary' || BOUNDARY_SHAPES.has(shape) || data?.isTrustBoundary === true) return 'tm.Boundary';
  if (type.startsWith('tm.')) return type;
  const byShape: Record<string, string> = { process: 'tm.Process', store: 'tm.Store', actor: 'tm.Actor', flow: 'tm.Flow' };
  return own(byShape, shape) ?? type;
}

function kindOf(type: string, name: string, archbenchKind?: string): { kind: ComponentKind; reason: string } {
  if (archbenchKind && ['service', 'datastore', 'cache', 'queue', 'gateway', 'external', 'client', 'job'].includes(archbenchKind)) {
    return { kind: archbenchKind as ComponentKind, reason: `threat-dragon:${type}/${archbenchKind}` };
  }
  if (type === 'tm.Store') {
    const guess = kindFromName(name);
    const kind = guess && ['cache', 'queue'].includes(guess.kind) ? guess.kind : 'datastore';
    return { kind, reason: `threat-dragon:${type}` };
  }
  if (type === 'tm.Actor') return { kind: CLIENT_NAMES.test(name) ? 'client' : 'external', reason: `threat-dragon:${type}` };
  return { kind: 'service', reason: `threat-dragon:${type}` };
}

function protocolOf(text: string): string {
  const lower = text.toLowerCase().trim();
  if (!lower) return 'unknown';
  if (lower === 'http/s' || lower === 'https' || lower === 'tls') return 'https';
  return lower.replace(/\s+/g, '-');
}

function endpointId(end: unknown): string | undefined {
  const record = asRecord(end);
  return asString(record?.cell) ?? asString(record?.id);
}

function labelOf(cell: Cell): string | undefined {
  for (const label of asArray(cell.labels)) {
    const attrs = asRecord(asRecord(label)?.attrs);
    const text = asString(asRecord(attrs?.label)?.text) ?? asString(asRecord(attrs?.text)?.text);
    if (text) return text;
  }
  return undefined;
}

function box(cell: Cell): { x: number; y: number; width: number; height: number } | undefined {
  const position = asRecord(cell.position);
  const size = asRecord(cell.size);
  if (typeof position?.x !== 'number' || typeof position?.y !== 'number') return undefined;
  return { x: position.x, y: position.y, width: Number(size?.width ?? 100), height: Number(size?.height ?? 100) };
}

const SHAPES: Record<ComponentKind, { shape: string; type: string; width: number; height: number }> = {
  service: { shape: 'process', type: 'tm.Process', width: 100, height: 100 },
  gateway: { shape: 'process', type: 'tm.Process', width: 100, height: 100 },
  job: { shape: 'process', type: 'tm.Process', width: 100, height: 100 },
  datastore: { shape: 'store', type: 'tm.Store', width: 160, height: 80 },
  cache: { shape: 'store', type: 'tm.Store', width: 160, height: 80 },
  queue: { shape: 'store', type: 'tm.Store', width: 160, height: 80 },
  external: { shape: 'actor', type: 'tm.Actor', width: 160, height: 80 },
  client: { shape: 'actor', type: 'tm.Actor', width: 160, height: 80 },
};

/** The model as a Threat Dragon v2 model: one diagram, components grouped inside their innermost boundary. */
export function exportThreatDragon(model: SystemModel): object {
  const cells: object[] = [];
  const groups = new Map<string, Component[]>();
  for (const component of model.components) {
    const key = component.boundaries?.[component.boundaries.length - 1] ?? '';
    const group = groups.get(key) ?? [];
    group.push(component);
    groups.set(key, group);
  }
  const boundaries = new Map(model.trustBoundaries.map((boundary) => [boundary.id, boundary]));
  const cellOf = new Map<string, string>();
  let y = 40;
  let z = 1;
  const columns = 4;
  for (const [boundaryId, members] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const top = y;
    members.forEach((component, index) => {
      const shape = own(SHAPES, component.kind) ?? SHAPES.service;
      const x = 60 + (index % columns) * 220;
      const cellY = top + 40 + Math.floor(index / columns) * 160;
      const id = `component-${slug(component.id)}`;
      cellOf.set(component.id, id);
      const threats = asArray(component.properties?.threats);
      cells.push({
        position: { x, y: cellY }, size: { width: shape.width, height: shape.height },
        attrs: { text: { text: component.name }, body: { stroke: '#333333', strokeWidth: 1, strokeDasharray: null } },
        shape: shape.shape, id, zIndex: z++,
        data: compact({
          name: component.name, description: asString(component.properties?.description) ?? '', type: shape.type, isTrustBoundary: false,
          outOfScope: component.properties?.outOfScope === true, reasonOutOfScope: '', threats,
          hasOpenThreats: threats.some((threat) => asRecord(threat)?.status === 'Open'),
          archbenchId: component.id, archbenchKind: component.kind,
          isWebApplication: shape.type === 'tm.Process' ? component.internetFacing === true : undefined,
          providesAuthentication: shape.type === 'tm.Actor' ? false : undefined,
        }),
      });
    });
    const rows = Math.ceil(members.length / columns);
    const boundary = boundaryId ? boundaries.get(boundaryId) : undefined;
    if (boundary) {
      cells.push({
        position: { x: 20, y: top }, size: { width: columns * 220 + 40, height: rows * 160 + 60 },
        attrs: { headerText: { text: boundary.name } }, shape: 'trust-boundary-box', id: `boundary-${slug(boundary.id)}`, zIndex: -1,
        data: { name: boundary.name, description: '', type: 'tm.Boundary', isTrustBoundary: true, hasOpenThreats: false, archbenchId: boundary.id },
      });
    }
    y = top + rows * 160 + 100;
  }
  model.flows.forEach((flow, index) => {
    const source = cellOf.get(flow.from);
    const target = cellOf.get(flow.to);
    if (!source || !target) return;
    const name = asString(flow.properties?.name) || flow.protocol;
    const threats = asArray(flow.properties?.threats);
    cells.push({
      shape: 'flow', id: `flow-${index + 1}`, zIndex: z++, width: 200, height: 100, connector: 'smooth',
      attrs: { line: { stroke: '#333333', strokeWidth: 1, targetMarker: { name: 'block' }, sourceMarker: { name: '' }, strokeDasharray: null } },
      labels: [{ position: 0.5, attrs: { label: { text: name } } }],
      source: { cell: source }, target: { cell: target },
      data: {
        type: 'tm.Flow', name, description: '', outOfScope: false, reasonOutOfScope: '', protocol: flow.protocol,
        isEncrypted: flow.encrypted === true, isPublicNetwork: flow.from === 'internet' || flow.properties?.isPublicNetwork === true,
        isBidirectional: false, isTrustBoundary: false, threats, hasOpenThreats: threats.some((threat) => asRecord(threat)?.status === 'Open'),
      },
    });
  });
  const threatCount = cells.reduce((count: number, cell) => count + asArray(asRecord(asRecord(cell)?.data)?.threats).length, 0);
  return {
    version: '2.2.0',
    summary: { title: model.project?.name ?? 'Archbench model', owner: '', description: model.project?.description ?? '', id: 0 },
    detail: {
      contributors: [],
      diagrams: [{ id: 0, title: 'Architecture', diagramType: 'STRIDE', placeholder: '', thumbnail: './public/content/images/thumbnail.stride.jpg', version: '2.2.0', cells }],
      diagramTop: 1, reviewer: '', threatTop: threatCount,
    },
  };
}
