/**
 * Primary keys made of values that describe the row rather than identify it: an email, a username,
 * a phone or tax number, a name, slug or product code. Users change those, and some are personal
 * data; as a key they are copied into every referencing row, URL and log. Conservative on purpose:
 * only column names that say so, never `id`-like keys or key columns that reference another table
 * (so join tables never match), and labels (name, code, slug) not on small lookup tables, whose rows
 * are constants. A composite key is reported only for such a column, not for being composite:
 * (order_id, line_no) or (currency, day) are sound keys.
 */
import type { Column, Table } from '../../../../shared/model/model.js';
import type { ReplayResult } from '../../../db/engine.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import {
  columnLocation, databaseOf, listOf, locationOf, namedLike, projectTables, relationElement, relationLabel, TOOL_TABLES, typeFamily,
} from './support.js';

/** Identity values people change (a new email, a married name) and that are personal data. */
const PERSONAL = new Set([
  'email', 'email_address', 'mail', 'username', 'user_name', 'login', 'handle', 'screen_name', 'nickname', 'display_name', 'full_name',
  'first_name', 'last_name', 'phone', 'phone_number', 'mobile', 'mobile_number', 'msisdn', 'ssn', 'social_security_number',
  'national_id', 'tax_id', 'vat_number', 'passport_number', 'driver_license', 'drivers_license',
]);
const PERSONAL_SUFFIXES = ['_email', '_username', '_phone', '_phone_number', '_ssn'];

/** Labels and codes the business renames (a product's SKU, a category's slug). */
const LABELS = new Set(['name', 'title', 'label', 'slug', 'code', 'sku', 'isbn', 'ean', 'upc', 'barcode']);
const LABEL_SUFFIXES = ['_name', '_title', '_slug', '_code', '_sku'];

/** A lookup or enum-like table (`currencies (code, name)`): small, and its keys are constants. */
const LOOKUP_MAX_COLUMNS = 3;

type Kind = 'personal' | 'label';

function businessKind(column: Column): Kind | undefined {
  if (namedLike(column.name, PERSONAL, PERSONAL_SUFFIXES)) return 'personal';
  // Labels only as text: an integer `code` is a number someone assigned, not a name.
  return typeFamily(column.type) === 'text' && namedLike(column.name, LABELS, LABEL_SUFFIXES) ? 'label' : undefined;
}

/** Foreign keys that reference the table's primary key: each copies its value. */
function referencing(db: ReplayResult, table: Table, key: string[]): number {
  const sameKey = (columns: string[]) => columns.length === key.length && columns.every((column) => key.includes(column));
  return db.tables.reduce((n, other) => n + other.foreignKeys
    .filter((fk) => fk.referencedSchema === table.schema && fk.referencedTable === table.name && sameKey(fk.referencedColumns)).length, 0);
}

export const pkBusinessKey: Rule = {
  id: 'db.pk-business-key',
  title: 'Primary key is a business value users can change',
  category: 'data',
  severity: 'low',
  stride: 'T',
  cwe: 710,
  rationale: 'A primary key is copied into every row that references it, into URLs, caches, logs and other systems. When it is an email, a '
    + 'username, a phone number or a name, the value changes (people change emails, products get renamed) and each change must be '
    + 'cascaded through every copy, or references break; two rows can never swap values; and personal data ends up in tables and logs '
    + 'that were never meant to hold it, which makes erasure requests hard to honour.',
  remediation: 'Give the table a surrogate key (`id bigint generated always as identity primary key`, or a uuid) and keep the business value '
    + 'as a UNIQUE column: `alter table users add column id bigint generated always as identity; ...; alter table users add unique (email)`.',
  references: [DOCS.primaryKeys, DOCS.foreignKeys, DOCS.identity],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      const key = table.primaryKey ?? [];
      if (!key.length || table.partitionOf || TOOL_TABLES.has(table.name)) continue;
      const lookup = key.length === 1 && table.columns.length <= LOOKUP_MAX_COLUMNS;
      // A key column that is a foreign key carries its parent's key: that table gets the finding.
      const references = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
      const business = key.flatMap((name) => {
        const column = table.columns.find((c) => c.name === name);
        const kind = column && !column.identity && !references.has(name) && businessKind(column);
        // Labels are fine as the key of a lookup table: those rows are constants, referenced by their code.
        if (!column || !kind || (kind === 'label' && lookup)) return [];
        return [{ column, kind }];
      });
      if (!business.length) continue;
      const copies = referencing(db, table, key);
      const personal = business.filter((b) => b.kind === 'personal').map((b) => b.column.name);
      const what = key.length === 1 ? `is ${business[0].column.name}` : `(${key.join(', ')}) includes ${listOf(business.map((b) => b.column.name))}`;
      hits.push({
        message: `The primary key of ${relationLabel(table)} ${what}, ${business.length === 1 ? 'a value that changes' : 'values that change'} over the life of a row`
          + (copies ? `: ${copies === 1 ? 'a foreign key copies' : `${copies} foreign keys copy`} it, and each change must cascade through ${copies === 1 ? 'it' : 'them'}`
            : ': no foreign key references it yet, but each one that will must copy it')
          + (personal.length ? `, and ${listOf(personal)} ${personal.length === 1 ? 'is' : 'are'} personal data spread wherever the key goes` : '')
          + '. Use a surrogate key and keep it UNIQUE.',
        location: locationOf(key.length === 1 ? columnLocation(table, business[0].column) : undefined, table.source),
        element: relationElement(table),
        evidence: `PRIMARY KEY (${key.join(', ')})`,
      });
    }
    return hits;
  },
};
