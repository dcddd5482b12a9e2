import { describe, expect, it } from 'vitest';
import { orderMigrations, sqitchChanges } from '../../../main/db/migrations.js';
import { SQITCH_PLAN } from './helpers.js';

const paths = (plan: ReturnType<typeof orderMigrations>) => plan.migrations.map((m) => m.path);
const excluded = (plan: ReturnType<typeof orderMigrations>, path: string) => plan.excluded.find((e) => e.path === path);

describe('orderMigrations', () => {
  it('orders Flyway versions numerically, repeatables last, and leaves undo scripts out', () => {
    const plan = orderMigrations([
      'src/main/resources/db/migration/V10__ten.sql',
      'src/main/resources/db/migration/R__views.sql',
      'src/main/resources/db/migration/V1__init.sql',
      'src/main/resources/db/migration/V1.1__patch.sql',
      'src/main/resources/db/migration/V1_2__underscore.sql',
      'src/main/resources/db/migration/V9__nine.sql',
      'src/main/resources/db/migration/R__functions.sql',
      'src/main/resources/db/migration/U9__undo_nine.sql',
    ]);
    expect(plan.scheme).toBe('flyway');
    expect(paths(plan).map((p) => p.split('/').pop())).toEqual([
      'V1__init.sql', 'V1.1__patch.sql', 'V1_2__underscore.sql', 'V9__nine.sql', 'V10__ten.sql', 'R__functions.sql', 'R__views.sql',
    ]);
    expect(plan.migrations.find((m) => m.path.endsWith('V1_2__underscore.sql'))?.version).toBe('1.2');
    expect(plan.migrations.filter((m) => m.repeatable)).toHaveLength(2);
    expect(excluded(plan, 'src/main/resources/db/migration/U9__undo_nine.sql')?.kind).toBe('down');
  });

  it('starts Flyway from the latest baseline and reports duplicate versions', () => {
    const plan = orderMigrations(['db/V1__a.sql', 'db/V2__b.sql', 'db/B2__baseline.sql', 'db/V3__c.sql', 'db/V3__clash.sql']);
    expect(paths(plan)).toEqual(['db/B2__baseline.sql', 'db/V3__c.sql', 'db/V3__clash.sql']);
    expect(excluded(plan, 'db/V1__a.sql')?.kind).toBe('baseline-covered');
    expect(plan.diagnostics.map((d) => d.code)).toContain('sql.migration-duplicate-version');
  });

  it('orders timestamp prefixes and keeps golang-migrate down files out', () => {
    const plan = orderMigrations([
      'db/migrations/20240414162100_invitations.up.sql',
      'db/migrations/20240414162100_invitations.down.sql',
      'db/migrations/20240101000000_init.up.sql',
      'db/migrations/20231231235959_older.up.sql',
    ]);
    expect(plan.scheme).toBe('timestamp');
    expect(paths(plan)).toEqual([
      'db/migrations/20231231235959_older.up.sql', 'db/migrations/20240101000000_init.up.sql', 'db/migrations/20240414162100_invitations.up.sql',
    ]);
    expect(excluded(plan, 'db/migrations/20240414162100_invitations.down.sql')?.kind).toBe('down');
  });

  it('prefers supabase/migrations, leaves seeds out and treats a root schema.sql as a superseded dump', () => {
    const plan = orderMigrations([
      'schema.sql',
      'supabase/seed.sql',
      'supabase/migrations/20240414162131_billing.sql',
      'supabase/migrations/20240414161707_setup.sql',
      'supabase/tests/rls_test.sql',
    ]);
    expect(plan.scheme).toBe('supabase');
    expect(paths(plan)).toEqual(['supabase/migrations/20240414161707_setup.sql', 'supabase/migrations/20240414162131_billing.sql']);
    expect(excluded(plan, 'supabase/seed.sql')?.kind).toBe('seed');
    expect(excluded(plan, 'schema.sql')?.kind).toBe('superseded-dump');
    expect(excluded(plan, 'supabase/tests/rls_test.sql')?.kind).toBe('test');
    expect(plan.reason).toMatch(/timestamp order/);
  });

  it('orders Prisma migrations by folder name', () => {
    const plan = orderMigrations([
      'prisma/migrations/20240201000000_add_posts/migration.sql',
      'prisma/migrations/20240101000000_init/migration.sql',
      'prisma/migrations/migration_lock.toml',
    ]);
    expect(plan.scheme).toBe('prisma');
    expect(paths(plan)).toEqual(['prisma/migrations/20240101000000_init/migration.sql', 'prisma/migrations/20240201000000_add_posts/migration.sql']);
    expect(plan.migrations[0].version).toBe('20240101000000_init');
    expect(excluded(plan, 'prisma/migrations/migration_lock.toml')?.kind).toBe('not-a-migration');
  });

  it('orders Diesel migrations by folder name and leaves their down.sql out', () => {
    const plan = orderMigrations([
      'migrations/2024-05-01-120000_create_posts/up.sql',
      'migrations/2024-05-01-120000_create_posts/down.sql',
      'migrations/00000000000000_diesel_initial_setup/up.sql',
      'migrations/00000000000000_diesel_initial_setup/down.sql',
    ]);
    expect(plan.scheme).toBe('diesel');
    expect(paths(plan)).toEqual(['migrations/00000000000000_diesel_initial_setup/up.sql', 'migrations/2024-05-01-120000_create_posts/up.sql']);
    expect(plan.migrations[1].version).toBe('2024-05-01-120000');
    expect(excluded(plan, 'migrations/2024-05-01-120000_create_posts/down.sql')?.kind).toBe('down');
  });

  it('uses a structure.sql dump alone and explains why scenic view files are not migrations', () => {
    const plan = orderMigrations(['db/structure.sql', 'db/views/post_events_v01.sql', 'db/views/post_events_v02.sql', 'app/queries/report.sql']);
    expect(plan.scheme).toBe('dump');
    expect(paths(plan)).toEqual(['db/structure.sql']);
    expect(excluded(plan, 'db/views/post_events_v02.sql')).toMatchObject({ kind: 'view-definition' });
    expect(excluded(plan, 'db/views/post_events_v02.sql')?.reason).toMatch(/scenic/);
    expect(excluded(plan, 'app/queries/report.sql')?.kind).toBe('not-a-migration');
  });

  it('orders plain numbered files numerically, whatever the padding', () => {
    const plan = orderMigrations(['sql/10_late.sql', 'sql/001_init.sql', 'sql/0002-add-users.sql', 'sql/9_nine.sql']);
    expect(plan.scheme).toBe('numbered');
    expect(paths(plan)).toEqual(['sql/001_init.sql', 'sql/0002-add-users.sql', 'sql/9_nine.sql', 'sql/10_late.sql']);
  });

  it('orders unprefixed files in a migrations folder by name, with a warning', () => {
    const plan = orderMigrations(['migrations/b_users.sql', 'migrations/a_init.sql']);
    expect(plan.scheme).toBe('folder');
    expect(paths(plan)).toEqual(['migrations/a_init.sql', 'migrations/b_users.sql']);
    expect(plan.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'sql.migration-order-guessed' });
  });

  it('replays one set only and says why the other is left out', () => {
    const plan = orderMigrations(['supabase/migrations/20240101000000_a.sql', 'services/billing/migrations/001_init.sql']);
    expect(paths(plan)).toEqual(['supabase/migrations/20240101000000_a.sql']);
    expect(excluded(plan, 'services/billing/migrations/001_init.sql')).toMatchObject({ kind: 'other-set' });
  });

  it('follows an explicit order and reports listed files that do not exist', () => {
    const plan = orderMigrations(['db/b.sql', 'db/a.sql', 'db/c.sql'], { order: ['db/b.sql', './db/a.sql', 'db/missing.sql'] });
    expect(plan.scheme).toBe('explicit');
    expect(paths(plan)).toEqual(['db/b.sql', 'db/a.sql']);
    expect(excluded(plan, 'db/c.sql')?.kind).toBe('not-listed');
    expect(plan.diagnostics[0].message).toMatch(/db\/missing\.sql/);
  });

  it('orders Hasura migrations by their millisecond timestamp folder and leaves their down.sql out', () => {
    const plan = orderMigrations([
      'hasura/migrations/default/1700000000000_add_orders/up.sql',
      'hasura/migrations/default/1700000000000_add_orders/down.sql',
      'hasura/migrations/default/999999999999_legacy_init/up.sql',
      'hasura/migrations/default/1615892734432_init/up.sql',
    ]);
    expect(plan.scheme).toBe('hasura');
    expect(paths(plan)).toEqual(['hasura/migrations/default/1615892734432_init/up.sql', 'hasura/migrations/default/1700000000000_add_orders/up.sql']);
    expect(excluded(plan, 'hasura/migrations/default/1700000000000_add_orders/down.sql')?.kind).toBe('down');
  });

  it('follows a Sqitch plan: its changes in plan order, a reworked change\'s older script first, revert and verify left out', () => {
    const plan = `${SQITCH_PLAN}\ngone 2014-01-04T00:00:00Z Marge <marge@example.com> # No script for this one.`;
    expect(sqitchChanges(plan).map((c) => c.script)).toEqual(['appschema.sql', 'users@v1.0.0-dev1.sql', 'flips.sql', 'users.sql', 'gone.sql']);
    const files = ['db/deploy/appschema.sql', 'db/deploy/users.sql', 'db/deploy/users@v1.0.0-dev1.sql', 'db/deploy/flips.sql', 'db/deploy/stray.sql',
      'db/revert/users.sql', 'db/verify/users.sql', 'reports/top.sql'];
    const ordered = orderMigrations(files, { plans: [{ path: 'db/sqitch.plan', text: plan }] });
    expect(ordered.scheme).toBe('sqitch');
    expect(paths(ordered)).toEqual(['db/deploy/appschema.sql', 'db/deploy/users@v1.0.0-dev1.sql', 'db/deploy/flips.sql', 'db/deploy/users.sql']);
    expect(excluded(ordered, 'db/revert/users.sql')?.kind).toBe('down');
    expect(excluded(ordered, 'db/verify/users.sql')?.kind).toBe('test');
    expect(excluded(ordered, 'db/deploy/stray.sql')?.kind).toBe('not-listed');
    expect(excluded(ordered, 'reports/top.sql')?.kind).toBe('other-set');
    expect(ordered.diagnostics).toEqual([expect.objectContaining({ file: 'db/sqitch.plan', line: 9, code: 'sql.migration-missing' })]);
    // A plan with no deploy scripts beside it changes nothing.
    expect(orderMigrations(['migrations/001_a.sql'], { plans: [{ path: 'sqitch.plan', text: plan }] }).scheme).toBe('numbered');
  });

  it('says so when nothing looks like a migration', () => {
    const plan = orderMigrations(['queries/top_users.sql']);
    expect(plan.scheme).toBe('none');
    expect(plan.migrations).toEqual([]);
  });
});
