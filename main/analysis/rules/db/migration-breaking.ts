/**
 * Migration steps that break whoever still uses the old shape: renaming or dropping a column or
 * a table that existed before the migration file. Deployed code keeps running the old queries
 * until it is replaced, so these need expand and contract, not one migration.
 */
import type { SourceLocation } from '../../../../shared/model/model.js';
import type { ReplayResult } from '../../../db/engine.js';
import type { Rule } from '../../rule.js';
import { DOCS } from './docs.js';
import { alterationsOnExistingTables, existingTable, factHit } from './migration-support.js';
import { databaseOf, relationLabel, statementAt } from './support.js';

/** The new name of a RENAME, from its statement. */
function newNameOf(db: ReplayResult, source: SourceLocation): string | undefined {
  return statementAt(db, source)?.ast.newname;
}

export const renameColumn: Rule = {
  id: 'mig.rename-column',
  title: 'Column of an existing table renamed',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 684,
  rationale: 'A rename takes effect the moment the migration commits, while the application servers still running the previous release keep '
    + 'querying the old name: every such query fails until the last old instance is gone. Views and functions that name the column '
    + 'in dynamic SQL break the same way.',
  remediation: 'Expand and contract: add the new column, write to both (or use a trigger), backfill, move reads to the new column, and drop the '
    + 'old one in a later release.',
  references: [DOCS.alterTable, DOCS.squawk('renaming-column'), DOCS.expandContract],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'rename-column').map((fact) => {
      const to = newNameOf(db, fact.source);
      return factHit(db, fact, `RENAME COLUMN ${fact.column}${to ? ` TO ${to}` : ''} on ${existingTable(db, fact)} breaks every client still using `
        + `${fact.column} the moment it commits: add the new column and drop the old one in a later release.`, fact.column);
    });
  },
};

export const renameTable: Rule = {
  id: 'mig.rename-table',
  title: 'Existing table renamed',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 684,
  rationale: 'Renaming a table breaks every query of the running application, every API that serves it by name (PostgREST, GraphQL) and every '
    + 'report or job that reads it, from the moment the migration commits.',
  remediation: 'Create the table under its new name and keep a view with the old name (or the reverse) until no client uses the old name, '
    + 'then drop it in a later release.',
  references: [DOCS.alterTable, DOCS.squawk('renaming-table'), DOCS.expandContract],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'rename-table').map((fact) => {
      const to = newNameOf(db, fact.source);
      return factHit(db, fact, `RENAME ${existingTable(db, fact)}${to ? ` TO ${to}` : ''} breaks every query and API route that still names `
        + `${fact.table.name}: keep a view under the old name until clients have moved.`, fact.table.name);
    });
  },
};

export const dropColumn: Rule = {
  id: 'mig.drop-column',
  title: 'Column of an existing table dropped',
  category: 'data',
  severity: 'medium',
  stride: 'D',
  cwe: 684,
  rationale: 'DROP COLUMN destroys the column\'s data for good, and application instances still running the previous release fail on every '
    + 'query that selects or inserts it (including ORMs that list all columns).',
  remediation: 'Contract in steps: stop reading and writing the column in one release (ORMs: mark it ignored), drop it in a later one, after '
    + 'a backup or an archive copy of its data if it may be needed.',
  references: [DOCS.alterTable, DOCS.squawk('ban-drop-column'), DOCS.expandContract],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'drop-column').map((fact) => factHit(db, fact,
      `DROP COLUMN ${fact.column} on ${existingTable(db, fact)} deletes its data for good and breaks instances still reading or writing `
      + `${relationLabel({ schema: fact.table.schema ?? 'public', name: fact.table.name })}.${fact.column}: stop using it in one release, drop it in a later one.`, fact.column));
  },
};

export const dropTable: Rule = {
  id: 'mig.drop-table',
  title: 'Existing table dropped',
  category: 'data',
  severity: 'high',
  stride: 'D',
  cwe: 684,
  rationale: 'DROP TABLE deletes every row for good (and CASCADE also drops the views and foreign keys that depend on it). Instances of the '
    + 'previous release still query it, and a mistaken drop in a migration is only recoverable from a backup.',
  remediation: 'Stop using the table in one release, rename it (or revoke access) in the next to prove nothing needs it, and drop it only '
    + 'after a backup.',
  references: [DOCS.alterTable, DOCS.squawk('ban-drop-table'), DOCS.expandContract],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    return alterationsOnExistingTables(db, 'drop-table').map((fact) => factHit(db, fact,
      `DROP TABLE ${existingTable(db, fact)} deletes all of its rows for good and breaks every instance still querying it.`, fact.table.name));
  },
};
