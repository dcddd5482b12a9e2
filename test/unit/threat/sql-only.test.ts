// A project of SQL migrations alone: its database is a component, and a Supabase project's Data API stands in front of
// it as the internet entry point. The threat model then shows what RLS is for: tables any signed-up user reaches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_API_ID, DATABASE_ID, inferDatabaseComponents } from '../../../main/db/infer-components.js';
import type { SchemaEngine } from '../../../main/db/engine.js';
import { KIND_NOT_GIVEN } from '../../../main/ingest/overlay.js';
import { analyseReliability, buildThreatModel } from '../../../main/threat/index.js';
import { buildDiagramGraph } from '../../../shared/diagram/diagram-graph.js';
import { emptyModel, type SystemModel } from '../../../shared/model/model.js';
import { corpus } from '../../support/paths.js';
import { readFolder, replay, startEngine, type Replayed } from '../rules/db/support.js';

let engine: SchemaEngine;
let basejump: Replayed;
let danbooru: Replayed;

beforeAll(async () => {
  engine = await startEngine();
  basejump = await replay(engine, readFolder(corpus('supabase-basejump')));
  danbooru = await replay(engine, readFolder(corpus('danbooru')));
}, 180_000);

afterAll(async () => {
  await engine?.close();
});

function modelOf(project: Replayed, base: SystemModel = emptyModel()): SystemModel {
  const model: SystemModel = { ...base, components: [...base.components], flows: [...base.flows], tables: project.result.tables };
  inferDatabaseComponents(model, project.result);
  return model;
}

describe('SQL-only projects', () => {
  it('Supabase: the Data API is an internet entry point in front of the database, at the first migration', () => {
    const model = modelOf(basejump);
    expect(model.components.map((c) => [c.id, c.kind, c.internetFacing ?? false])).toEqual([
      [DATA_API_ID, 'gateway', true],
      [DATABASE_ID, 'datastore', false],
    ]);
    expect(model.components[1].name).toBe('Supabase Postgres');
    expect(model.components[1].source).toMatchObject({ file: 'supabase/migrations/20240414161707_basejump-setup.sql', line: 1 });
    expect(model.flows.map((f) => [f.from, f.to, f.protocol])).toEqual([[DATA_API_ID, DATABASE_ID, 'postgres']]);
    const threats = buildThreatModel(model, { today: new Date('2026-11-27') });
    expect(threats.entryPoints).toEqual([DATA_API_ID]);
    expect(threats.attackPaths.map((path) => path.components)).toEqual([[DATA_API_ID, DATABASE_ID]]);
  });

  it('Supabase: tables granted to authenticated count as exposed (anyone can sign up); RLS with policies mitigates, an always-true policy does not', () => {
    const threats = buildThreatModel(modelOf(basejump), { today: new Date('2026-11-27') }).threats.filter((t) => t.kind === 'table-without-rls');
    const byTable = Object.fromEntries(threats.map((t) => [t.element, t]));
    expect(byTable['basejump.accounts']).toMatchObject({ status: 'mitigated' });
    expect(byTable['basejump.config']).toMatchObject({ status: 'open', severity: 'high' });
    expect(byTable['basejump.config'].description).toContain('by any signed-up user');
    expect(byTable['basejump.config'].description).toContain('to authenticated');
    // Nothing else is judged on the platform: no TLS, timeout or injection threat on the Data API's own flow.
    const all = buildThreatModel(modelOf(basejump), { today: new Date('2026-11-27') }).threats;
    expect(all.filter((t) => t.elementType !== 'table')).toEqual([]);
    const reliability = analyseReliability(modelOf(basejump));
    expect(reliability.flows).toEqual([]);
    expect(reliability.singlePointsOfFailure).toEqual([]);
    expect(reliability.playbook).toEqual([]);
    expect(reliability.notes?.[0]).toMatch(/^The files describe no deployment/);
    // Nor on the diagram: the Data API's line to the database carries no missing-control markers.
    expect(buildDiagramGraph(modelOf(basejump)).edges.map((edge) => [edge.from, edge.to, edge.missing])).toEqual([[DATA_API_ID, DATABASE_ID, []]]);
  });

  it('an API description beside the migrations: its service calls the database, and the attack path runs from the API to it', () => {
    const api = emptyModel();
    const source = { file: 'openapi.yaml', line: 2, column: 1, pointer: '/info' };
    api.components.push({ id: 'orders-api', name: 'Orders API', kind: 'service', kindReason: 'openapi:spec', source, sources: [source], origins: ['openapi'], internetFacing: true, properties: { exposedBy: ['public server orders.example.com'] } });
    const model = modelOf(danbooru, api);
    expect(model.components.map((c) => c.id)).toEqual(['orders-api', DATABASE_ID]);
    expect(model.flows.map((f) => [f.from, f.to, f.protocol])).toEqual([['orders-api', DATABASE_ID, 'postgres']]);
    expect(buildThreatModel(model).attackPaths.map((path) => path.components)).toEqual([['orders-api', DATABASE_ID]]);
  });

  it('archbench.yaml annotating the inferred database (Design mode writes the same id) completes it: a datastore at the migrations, classified as the user says', () => {
    const annotated = emptyModel();
    const entry = { file: 'archbench.yaml', line: 3, column: 3 };
    annotated.components.push({ id: DATABASE_ID, name: DATABASE_ID, kind: 'service', kindReason: KIND_NOT_GIVEN, source: entry, sources: [entry], origins: ['archbench'], dataClassification: 'restricted' });
    const model = modelOf(danbooru, annotated);
    expect(model.components).toHaveLength(1);
    expect(model.components[0]).toMatchObject({ id: DATABASE_ID, kind: 'datastore', name: 'PostgreSQL database', dataClassification: 'restricted', origins: ['sql', 'archbench'] });
    expect(model.components[0].sources.map((s) => s.file)).toEqual(['db/structure.sql', 'archbench.yaml']);
    // A component the user designed (a kind given, or another id) is the design: no second database next to it.
    const designed = emptyModel();
    designed.components.push({ id: 'db', name: 'db', kind: 'datastore', kindReason: 'archbench.yaml', source: entry, sources: [entry], origins: ['archbench'] });
    expect(modelOf(danbooru, designed).components.map((c) => c.id)).toEqual(['db']);
  });

  it('plain PostgreSQL: one datastore, no entry point made up, and nothing added when anything else describes a component', () => {
    const model = modelOf(danbooru);
    expect(model.components.map((c) => [c.id, c.name, c.internetFacing ?? false])).toEqual([[DATABASE_ID, 'PostgreSQL database', false]]);
    expect(model.flows).toEqual([]);
    expect(buildThreatModel(model).entryPoints).toEqual([]);
    const deployed = emptyModel();
    deployed.components.push({ id: 'db', name: 'db', kind: 'datastore', source: { file: 'compose.yaml', line: 3 }, sources: [{ file: 'compose.yaml', line: 3 }], origins: ['compose'] });
    expect(modelOf(basejump, deployed).components.map((c) => c.id)).toEqual(['db']);
  });
});
