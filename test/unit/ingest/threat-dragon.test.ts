// Threat Dragon v1 / v2 import, export to Threat Dragon v2 and OTM, and round trips.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, exportOtm, exportThreatDragon } from '../../../main/ingest/index.js';
import { classifyArtifact } from '../../../main/project/classify.js';
import { buildThreatModel } from '../../../main/threat/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { CORPUS, ingestFile, memoryContext, projectContext } from './helpers.js';

const ROOT = join(CORPUS, 'threat-dragon');
const NAMES = ['Background Worker Process', 'Browser', 'Database', 'Message Queue', 'Web Application', 'Web Application Config', 'Worker Config'];

const lineOf = (text: string, snippet: string) => text.split('\n').findIndex((line) => line.includes(snippet)) + 1;
const load = (path: string) => buildModel([ingestFile(ROOT, path)], projectContext(ROOT));
const reimport = (exported: object, path = 'exported.json'): SystemModel => {
  const text = JSON.stringify(exported, null, 2);
  const { kind, detail } = classifyArtifact(path, text);
  return buildModel([{ path, kind, detail, text }], memoryContext({}));
};

describe('threat dragon', () => {
  it('imports the v1 demo model', () => {
    const model = load('ThreatDragonModels/demo-threat-model.json');
    expect(model.components.map((component) => component.name).sort()).toEqual(NAMES);
    expect(model.flows).toHaveLength(10);
    expect(model.trustBoundaries).toHaveLength(4);
    const kind = (name: string) => model.components.find((component) => component.name === name)!.kind;
    expect(kind('Database')).toBe('datastore');
    expect(kind('Message Queue')).toBe('queue');
    expect(kind('Browser')).toBe('client');
    expect(kind('Web Application')).toBe('service');
    expect(model.flows.find((flow) => flow.from === 'browser' && flow.to === 'web-application')).toMatchObject({ protocol: 'https', encrypted: true, properties: { name: 'Web Request' } });
    expect(model.project?.name).toBe('Demo Threat Model');
  });

  it('imports the v2 demo model with its threats', () => {
    const model = load('ThreatDragonModels/v2-threat-model.json');
    expect(model.components.map((component) => component.name).sort()).toEqual(NAMES);
    expect(model.flows).toHaveLength(10);
    expect(model.trustBoundaries).toHaveLength(3);
    const worker = model.components.find((component) => component.id === 'background-worker-process')!;
    expect(worker.properties?.threats).toHaveLength(2);
    expect(worker.source).toMatchObject({ file: 'ThreatDragonModels/v2-threat-model.json', pointer: '/detail/diagrams/0/cells/4' });
  });

  it('lists the threats a Threat Dragon model declares in the threat model, with their status, severity, mitigation and entry', () => {
    const file = 'ThreatDragonModels/v2-threat-model.json';
    const text = readFileSync(join(ROOT, file), 'utf8');
    const threats = buildThreatModel(load(file), { today: new Date('2026-01-01') }).threats.filter((t) => t.kind === 'declared');
    // The file's threats, every one of them (flows included), as the model writes them.
    expect(threats).toHaveLength((text.match(/"modelType": "STRIDE"/g) ?? []).length);
    const credentials = threats.find((t) => t.title === 'Accessing DB credentials')!;
    expect(credentials).toMatchObject({
      element: 'worker-config', elementType: 'component', stride: 'I', severity: 'high', status: 'open',
      mitigations: ['Encrypt the DB credentials in the configuration file.\n\nExpire and replace the DB credentials regularly.'],
      location: { file, line: lineOf(text, '"id": "7df716cd-a982-48a5-b4ed-800ccb670734"') - 8 },
    });
    expect(threats.find((t) => t.title === 'Unauthorised access')).toMatchObject({ element: 'database', status: 'mitigated', severity: 'high' });
    expect(threats.filter((t) => t.elementType === 'flow').length).toBeGreaterThan(0);
    expect(new Set(threats.map((t) => t.stride))).toEqual(new Set(['S', 'T', 'I', 'D']));
  });

  it('adds up the threats two models declare on the same component, and counts a threat both list once', () => {
    const file = 'ThreatDragonModels/v2-threat-model.json';
    const text = readFileSync(join(ROOT, file), 'utf8');
    const other = text.replace('"title": "Accessing DB credentials"', '"title": "Config file readable by every user"');
    const model = buildModel([ingestFile(ROOT, file), { ...ingestFile(ROOT, file), path: 'other/second-model.json', text: other }], projectContext(ROOT));
    const titles = buildThreatModel(model, { today: new Date('2026-01-01') }).threats.filter((t) => t.kind === 'declared' && t.element === 'worker-config').map((t) => t.title).sort();
    expect(titles).toEqual(['Accessing DB credentials', 'Config file readable by every user']);
  });

  it('lists the threats OTM components reference, with the catalogue\'s category, CWE, risk and mitigations', () => {
    const threats = buildThreatModel(load('ThreatDragonModels/test/example-open-threat-model.json'), { today: new Date('2026-01-01') }).threats.filter((t) => t.kind === 'declared');
    const onService = threats.find((t) => t.element === 'web-service')!;
    // Threat 1: Spoofing first, CWE-79, likelihood 50 x impact 100; its mitigation implemented there, required on the datastore.
    expect(onService).toMatchObject({ title: 'Threat 1', stride: 'S', cwe: 79, severity: 'high', status: 'open', mitigations: ['This is the name of mitigation 1 (implemented)'] });
    expect(threats.find((t) => t.element === 'web-service->customer-database')).toMatchObject({ elementType: 'flow', mitigations: ['This is the name of mitigation 1 (required)'] });
  });

  it('exports to Threat Dragon v2 and re-imports with the same elements and flows', () => {
    const model = load('ThreatDragonModels/v2-threat-model.json');
    const exported = exportThreatDragon(model) as { version: string; detail: { diagrams: Array<{ cells: Array<{ shape: string }> }> } };
    expect(exported.version).toMatch(/^2\./);
    expect(new Set(exported.detail.diagrams[0].cells.map((cell) => cell.shape))).toEqual(new Set(['process', 'store', 'actor', 'flow']));
    const again = reimport(exported);
    expect(again.components.map((component) => component.name).sort()).toEqual(NAMES);
    expect(again.components.map((component) => `${component.id}:${component.kind}`).sort()).toEqual(model.components.map((component) => `${component.id}:${component.kind}`).sort());
    expect(again.flows.map((flow) => flow.id).sort()).toEqual(model.flows.map((flow) => flow.id).sort());
    expect(again.components.find((component) => component.id === 'background-worker-process')!.properties?.threats).toHaveLength(2);
  });

  it('exports a Threagile model with its boundaries as boxes that contain their components', () => {
    const model = buildModel([ingestFile(join(CORPUS, 'threagile'), 'demo/example/threagile.yaml')], projectContext(join(CORPUS, 'threagile')));
    const again = reimport(exportThreatDragon(model));
    expect(again.components.map((component) => component.name).sort()).toEqual(model.components.map((component) => component.name).sort());
    expect(again.flows).toHaveLength(model.flows.length);
    const dmz = again.trustBoundaries.find((boundary) => boundary.name === 'Web DMZ')!;
    expect(dmz.components.sort()).toEqual(['apache-webserver', 'marketing-cms']);
  });

  it('imports the OTM example and exports OTM 0.2.0 that re-imports', () => {
    const otm = load('ThreatDragonModels/test/example-open-threat-model.json');
    expect(otm.components.map((component) => component.id).sort()).toEqual(['class-customerdatabase', 'customer-database', 'web-client', 'web-service']);
    expect(otm.flows).toHaveLength(2);
    expect(otm.trustBoundaries.map((boundary) => boundary.name).sort()).toEqual(['Internet', 'Private']);
    expect(otm.components.find((component) => component.id === 'customer-database')!.kind).toBe('datastore');

    const model = load('ThreatDragonModels/v2-threat-model.json');
    const exported = exportOtm(model) as { otmVersion: string; components: Array<{ parent: { trustZone: string } }>; trustZones: Array<{ id: string }>; dataflows: unknown[] };
    expect(exported.otmVersion).toBe('0.2.0');
    expect(exported.components).toHaveLength(7);
    expect(exported.dataflows).toHaveLength(10);
    const zones = new Set(exported.trustZones.map((zone) => zone.id));
    expect(exported.components.every((component) => zones.has(component.parent.trustZone))).toBe(true);
    const again = reimport(exported, 'exported.otm.json');
    expect(again.components.map((component) => component.name).sort()).toEqual(NAMES);
    expect(again.flows).toHaveLength(10);
  });
});
