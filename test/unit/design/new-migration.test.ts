// design.newMigration: the next file in the convention the project's migrations already follow.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planNewMigration } from '../../../main/design/new-migration.js';
import type { NewMigrationResult } from '../../../shared/contract/index.js';
import { corpus } from '../../support/paths.js';
import { tempCopy, tempDir } from '../../support/temp.js';
import { openProject } from './helpers.js';

const NOW = new Date('2025-06-01T12:34:56.789Z');
const none = { exists: () => false, now: NOW };

describe('planNewMigration', () => {
  it('follows Flyway versions, keeping padding and dotted versions', () => {
    expect(planNewMigration(['db/migration/V1__init.sql', 'db/migration/V6__add_orders.sql', 'db/migration/R__views.sql'], 'Add invoices', none))
      .toMatchObject({ path: 'db/migration/V7__add_invoices.sql', scheme: 'Flyway: V7 follows V6__add_orders.sql' });
    expect(planNewMigration(['sql/V001__init.sql', 'sql/V009__b.sql'], 'x', none).path).toBe('sql/V010__x.sql');
    expect(planNewMigration(['m/V1.1__a.sql', 'm/V1.10__b.sql', 'm/V1.9__c.sql'], 'next', none).path).toBe('m/V1.11__next.sql');
  });

  it('uses the current UTC time for timestamps, always after the latest one', () => {
    expect(planNewMigration(['db/20240101000000_init.sql'], 'add users', none))
      .toMatchObject({ path: 'db/20250601123456_add_users.sql', scheme: expect.stringContaining('Timestamp prefix: 20250601123456') });
    expect(planNewMigration(['supabase/migrations/20240414161707_basejump-setup.sql'], 'Teams', none))
      .toMatchObject({ path: 'supabase/migrations/20250601123456_teams.sql', scheme: expect.stringContaining('Supabase') });
    // A latest stamp from the future (clock skew, hand-made names) is still followed.
    expect(planNewMigration(['db/29990101000000_future.sql'], 'after', none).path).toBe('db/29990101000001_after.sql');
    expect(planNewMigration(['migrations/20240101000000_a.up.sql', 'migrations/20240101000000_a.down.sql'], 'b', none).path).toBe('migrations/20250601123456_b.up.sql');
  });

  it('creates a Prisma migration folder', () => {
    expect(planNewMigration(['prisma/migrations/20240101000000_init/migration.sql'], 'Add posts', none))
      .toMatchObject({ path: 'prisma/migrations/20250601123456_add_posts/migration.sql', scheme: expect.stringContaining('Prisma') });
  });

  it('creates a Diesel migration folder in Diesel\'s own date format', () => {
    expect(planNewMigration(['migrations/00000000000000_diesel_initial_setup/up.sql', 'migrations/2024-05-01-120000_create_posts/up.sql'], 'Add tags', none))
      .toMatchObject({ path: 'migrations/2025-06-01-123456_add_tags/up.sql', scheme: expect.stringContaining('Diesel') });
  });

  it('numbers plain files keeping the zero padding and separator', () => {
    expect(planNewMigration(['migrations/0001_init.sql', 'migrations/0002_users.sql'], 'Add orders', none))
      .toMatchObject({ path: 'migrations/0003_add_orders.sql', scheme: 'Numbered: 0003 follows 0002_users.sql' });
    expect(planNewMigration(['db/9-a.sql'], 'b', none).path).toBe('db/10-b.sql');
  });

  it('starts migrations/0001_<name>.sql when there are none, or in the folder archbench.yaml names', () => {
    expect(planNewMigration([], 'Initial schema', none).path).toBe('migrations/0001_initial_schema.sql');
    expect(planNewMigration(['queries/report.sql'], 'x', { ...none, directories: ['db/sql/'] }).path).toBe('db/sql/0001_x.sql');
  });

  it('never overwrites and writes a header with a lock_timeout', () => {
    const taken = new Set(['migrations/0002_x.sql']);
    const plan = planNewMigration(['migrations/0001_a.sql'], 'x', { exists: (p) => taken.has(p), now: NOW });
    expect(plan.path).toBe('migrations/0002_x_2.sql');
    expect(plan.text).toContain("SET lock_timeout = '5s';");
    expect(plan.text.split('\n')[plan.line - 1]).toBe('');
  });

  it('creates a Hasura migration folder named by the epoch in milliseconds', () => {
    const plan = planNewMigration(['migrations/default/1615892734432_init/up.sql', 'migrations/default/1615892734432_init/down.sql'], 'add orders', none);
    expect(plan.path).toBe(`migrations/default/${NOW.getTime()}_add_orders/up.sql`);
    expect(plan.scheme).toMatch(/^Hasura: folder \d{13}_add_orders follows 1615892734432_init/);
  });

  it('refuses in a Sqitch project, pointing at sqitch add (the change must join the plan with its revert and verify)', () => {
    const paths = ['db/deploy/appschema.sql', 'db/revert/appschema.sql', 'db/verify/appschema.sql'];
    const exists = (path: string) => path === 'db/sqitch.plan';
    expect(() => planNewMigration(paths, 'add flips', { exists, now: NOW })).toThrow(/Sqitch project \(db\/sqitch\.plan\).*sqitch add add_flips/);
    // deploy/ folders without a plan are not Sqitch.
    expect(planNewMigration(paths, 'add flips', none).path).toBe('migrations/0001_add_flips.sql');
  });

  it('refuses when a schema dump is the only SQL, explaining why', () => {
    expect(() => planNewMigration(['db/structure.sql'], 'x', none)).toThrow(/schema dump db\/structure\.sql.*regenerated/);
  });

  it('follows and extends an explicit order from archbench.yaml', () => {
    const plan = planNewMigration(['sql/b.sql', 'sql/0005_a.sql'], 'c', { ...none, order: ['sql/b.sql', 'sql/0005_a.sql'] });
    expect(plan).toMatchObject({ path: 'sql/0006_c.sql', appendToOrder: true });
  });
});

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function project(files: Record<string, string>): string {
  const dir = tempDir('archbench-migrations-');
  cleanups.push(dir.cleanup);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir.path, path)), { recursive: true });
    writeFileSync(join(dir.path, path), text);
  }
  return dir.path;
}

describe('design.newMigration', () => {
  it('adds the next Flyway migration and the replay picks it up', async () => {
    const root = project({
      'db/migration/V1__init.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n',
      'db/migration/V2__b.sql': 'CREATE TABLE b (id bigint PRIMARY KEY);\n',
    });
    const opened = await openProject(root, cleanups);
    const done = opened.nextAnalysis();
    const result = await opened.wb.invoke('design.newMigration', { name: 'Add c' }) as NewMigrationResult;
    expect(result).toMatchObject({ path: 'db/migration/V3__add_c.sql', scheme: 'Flyway: V3 follows V2__b.sql' });
    expect(readFileSync(join(root, result.path), 'utf8')).toContain("SET lock_timeout = '5s';");
    expect((await done).status).toBe('done');
    const model = await opened.model();
    expect(model.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('adds a timestamped migration to a copy of a Supabase project', async () => {
    const copy = tempCopy(corpus('supabase-basejump'));
    cleanups.push(copy.cleanup);
    const opened = await openProject(copy.path, cleanups, { analyse: false });
    const result = await opened.wb.invoke('design.newMigration', { name: 'add teams' }) as NewMigrationResult;
    expect(result.path).toMatch(/^supabase\/migrations\/\d{14}_add_teams\.sql$/);
    expect(BigInt(result.path.slice(20, 34))).toBeGreaterThan(20240414162131n);
    expect(result.scheme).toMatch(/^Supabase CLI migration/);
  });

  it('starts migrations/0001_<name>.sql in a project without migrations', async () => {
    const opened = await openProject(project({ 'README.md': '# x\n' }), cleanups, { analyse: false });
    const result = await opened.wb.invoke('design.newMigration', { name: 'init' }) as NewMigrationResult;
    expect(result).toMatchObject({ path: 'migrations/0001_init.sql' });
    const second = await opened.wb.invoke('design.newMigration', { name: 'users' }) as NewMigrationResult;
    expect(second.path).toBe('migrations/0002_users.sql');
  });

  it('refuses next to a structure.sql dump only', async () => {
    const opened = await openProject(project({ 'db/structure.sql': 'CREATE TABLE a (id bigint PRIMARY KEY);\n' }), cleanups, { analyse: false });
    await expect(opened.wb.invoke('design.newMigration', { name: 'x' })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining('not edited') });
  });
});
