// x.hot-table-lock: the migration lock findings (mig.*) on a table that spec operations map to. The migrations are replayed
// in the real PostgreSQL engine (PGlite) and the spec goes through the real ingest, as the analysis pipeline does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotTableLock } from '../../../../main/analysis/rules/cross/hot-table-lock.js';
import type { RuleContext } from '../../../../main/analysis/rule.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import { contextFromFiles, findingsOf, type ProjectFiles } from '../../../support/rule-harness.js';
import { startEngine } from '../db/support.js';
import { at } from '../system/support.js';

const V1 = 'db/migrations/V1__init.sql';
const V2 = 'db/migrations/V2__changes.sql';

const V1_SQL = `create table notes (
  id bigint generated always as identity primary key,
  body text,
  title varchar(50)
);
`;

const SPEC = `openapi: 3.0.3
info: { title: Notes API, version: '1' }
paths:
  /notes:
    get:
      responses:
        '200':
          description: notes
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Note' } }
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Note' }
      responses:
        '201': { description: created }
components:
  schemas:
    Note:
      type: object
      properties:
        id: { type: integer }
        body: { type: string }
`;

let engine: SchemaEngine;

beforeAll(async () => {
  engine = await startEngine();
});

afterAll(async () => {
  await engine?.close();
});

/** The rule context the pipeline builds: the model from the files, the tables and facts from replaying the migrations. */
async function project(files: ProjectFiles): Promise<RuleContext> {
  const context = contextFromFiles(files);
  const database = await engine.replay({ files: Object.entries(files).filter(([path]) => path.endsWith('.sql')).map(([path, text]) => ({ path, text })) });
  context.model.tables = database.tables;
  return { ...context, database };
}

describe('x.hot-table-lock', () => {
  it('reports an index built without CONCURRENTLY on a table the API writes, at the statement, naming the write operations', async () => {
    const files = { 'notes.yaml': SPEC, [V1]: V1_SQL, [V2]: 'create index notes_body_idx on notes (body);\n' };
    const findings = findingsOf(hotTableLock, await project(files));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ element: 'public.notes', severity: 'high', location: at(files, V2, 'create index notes_body_idx') });
    expect(findings[0].message).toContain('Writes to public.notes wait until it ends, and the API serves the table: POST /notes (path segment /notes <-> table public.notes) stalls and times out');
    expect(findings[0].message).not.toContain('GET /notes');
    expect(findings[0].related).toEqual([expect.objectContaining({ ...at(files, 'notes.yaml', '    post:'), message: 'POST /notes (notes.yaml#POST /notes)' })]);
  });

  it('lists reads too when the lock blocks every query, and raises the lock finding\'s severity', async () => {
    const files = { 'notes.yaml': SPEC, [V1]: V1_SQL, [V2]: 'alter table notes alter column body set not null;\n' };
    const [finding] = findingsOf(hotTableLock, await project(files));
    expect(finding).toMatchObject({ severity: 'high', location: at(files, V2, 'set not null') });
    expect(finding.message).toContain('Every query on public.notes waits until it ends');
    expect(finding.message).toContain('GET /notes, POST /notes');
  });

  it('is silent for the lock-free form, and for a locked table no operation uses', async () => {
    expect(findingsOf(hotTableLock, await project({ 'notes.yaml': SPEC, [V1]: V1_SQL, [V2]: 'create index concurrently notes_body_idx on notes (body);\n' }))).toEqual([]);
    const other = `${V1_SQL}create table audit (id bigint primary key, at timestamptz);\n`;
    expect(findingsOf(hotTableLock, await project({ 'notes.yaml': SPEC, [V1]: other, [V2]: 'create index audit_at_idx on audit (at);\n' }))).toEqual([]);
  });
});
