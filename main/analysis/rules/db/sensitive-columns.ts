/**
 * Columns whose names say they hold credentials, government identifiers or payment data, in tables
 * the API roles can read with nothing restricting rows: row-level security off, or on with a
 * permissive SELECT policy that is always true. Who can read a column comes from the catalog's
 * grants (table and column level, default privileges applied) through the same access model the
 * RLS rules use.
 */
import type { Column, Policy, Table } from '../../../../shared/model/model.js';
import type { Rule, RuleHit } from '../../rule.js';
import { accessOf, type Access } from './access.js';
import { DOCS } from './docs.js';
import { alwaysTrue } from './policies.js';
import { columnLocation, databaseOf, listOf, namedLike, projectTables, relationElement, relationLabel } from './support.js';

/**
 * Column names that mark sensitive data: the patterns of Supabase's splinter lint 0023 (matched on
 * the whole name, as splinter does) and the usual spellings of stored password hashes and PINs.
 */
const SENSITIVE_NAMES = new Set([
  // Credentials
  'password', 'passwd', 'pwd', 'passphrase', 'password_hash', 'hashed_password', 'encrypted_password', 'password_digest', 'password_salt',
  'secret', 'secret_key', 'private_key', 'api_key', 'apikey', 'auth_key', 'token', 'jwt', 'access_token', 'refresh_token', 'oauth_token',
  'session_token', 'bearer_token', 'auth_code', 'session_id', 'session_key', 'session_secret', 'recovery_code', 'backup_code',
  'verification_code', 'otp', 'otp_secret', 'totp_secret', 'mfa_secret', 'two_factor', '2fa_secret', '2fa_code', 'pin', 'pin_code', 'pin_hash',
  // Personal identifiers
  'ssn', 'social_security', 'social_security_number', 'driver_license', 'drivers_license', 'license_number', 'passport_number', 'passport_id',
  'national_id', 'tax_id',
  // Financial
  'credit_card', 'credit_card_number', 'card_number', 'cvv', 'cvc', 'cvn', 'bank_account', 'account_number', 'routing_number', 'iban',
  'swift_code', 'bic',
  // Health
  'health_record', 'medical_record', 'patient_id', 'insurance_number', 'health_insurance', 'medical_insurance', 'treatment',
  // Devices, keys and certificates
  'mac_address', 'macaddr', 'imei', 'device_uuid', 'pgp_key', 'gpg_key', 'ssh_key', 'certificate', 'license_key', 'activation_key',
  // Biometrics
  'facial_recognition',
]);

/** Compound names ending like a credential (`stripe_secret_key`, `github_access_token`, `admin_password`). */
const SENSITIVE_SUFFIXES = [
  '_password', '_password_hash', '_password_digest', '_passwd', '_secret', '_secret_key', '_private_key', '_api_key', '_apikey',
  '_access_token', '_refresh_token', '_session_token', '_auth_token', '_ssn', '_card_number', '_cvv', '_iban',
];

/** Whether a column's name marks it as sensitive (`apiKey` and `api-key` read as `api_key`). */
export function sensitiveColumn(name: string): boolean {
  return namedLike(name, SENSITIVE_NAMES, SENSITIVE_SUFFIXES);
}

function applies(policy: Policy, role: string): boolean {
  return (policy.command === 'ALL' || policy.command === 'SELECT') && (policy.roles.includes(role) || policy.roles.includes('PUBLIC'));
}

/** A permissive SELECT policy that is always true for the role, with no restrictive one narrowing it. */
function openPolicy(table: Table, role: string): Policy | undefined {
  const policies = (table.policies ?? []).filter((policy) => applies(policy, role));
  if (policies.some((policy) => !policy.permissive && !alwaysTrue(policy.using))) return undefined;
  return policies.find((policy) => policy.permissive && alwaysTrue(policy.using));
}

/** API roles that can SELECT the column: through the table's grants or the column's own. */
function readersOf(access: Access, table: Table, column: Column): string[] {
  const byTable = access.reach(table).filter((r) => r.privileges.includes('SELECT')).map((r) => r.role);
  const byColumn = access.reach({ schema: table.schema, grants: table.columnGrants?.[column.name] }).filter((r) => r.privileges.includes('SELECT')).map((r) => r.role);
  return [...new Set([...byTable, ...byColumn])];
}

export const sensitiveColumnsExposed: Rule = {
  id: 'db.sensitive-columns-exposed',
  title: 'Sensitive columns readable by API roles without row restrictions',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 200,
  owaspApi: 'API3:2023',
  rationale: 'Columns named password, token, api_key, ssn, card_number, iban and the like hold credentials, government identifiers or payment '
    + 'data. In a table the API roles can SELECT, with row-level security off or a policy that lets every row through, PostgREST and '
    + 'Supabase serve those values for every row to anyone holding the public anon key (or to every signed-in user): one request to '
    + '/rest/v1/<table>?select=* dumps them.',
  remediation: 'Enable row-level security with policies that restrict rows to their owner; move the sensitive columns to a table the API '
    + 'roles cannot read (or a schema the API does not serve); or grant SELECT only on the other columns (`revoke select on t from anon, '
    + 'authenticated; grant select (id, name) on t to authenticated`). Store password hashes and API keys where no API role can reach them.',
  references: [DOCS.lint('0023_sensitive_columns_exposed'), DOCS.rowSecurity, DOCS.grant],
  check(context) {
    const db = databaseOf(context);
    if (!db) return [];
    const access = accessOf(context, db);
    const hits: RuleHit[] = [];
    for (const table of projectTables(db)) {
      if (table.partitionOf) continue;
      const sensitive = table.columns.filter((column) => sensitiveColumn(column.name));
      if (!sensitive.length) continue;
      const exposed: Array<{ column: Column; roles: string[] }> = [];
      const policies = new Map<string, Policy>();
      for (const column of sensitive) {
        const roles = readersOf(access, table, column).filter((role) => {
          if (!table.rlsEnabled) return true;
          const policy = openPolicy(table, role);
          if (policy) policies.set(policy.name, policy);
          return !!policy;
        });
        if (roles.length) exposed.push({ column, roles });
      }
      if (!exposed.length) continue;
      const roles = [...new Set(exposed.flatMap((e) => e.roles))];
      const anonymous = roles.some((role) => access.isAnonymous(role));
      const why = table.rlsEnabled
        ? `${policies.size === 1 ? 'policy' : 'policies'} ${listOf([...policies.values()].map((p) => `"${p.name}"`))} ${policies.size === 1 ? 'lets' : 'let'} every row through`
        : 'row-level security is disabled';
      hits.push({
        message: `Table ${relationLabel(table)} exposes ${listOf(exposed.map((e) => e.column.name))} to ${listOf(roles)} through the API and ${why}: `
          + `${access.audience(roles)} can read ${exposed.length === 1 ? 'that column' : 'those columns'} for every row.`,
        location: columnLocation(table, exposed[0].column),
        element: relationElement(table),
        evidence: listOf(exposed.map((e) => `${e.column.name} ${e.column.type}`)),
        ...(anonymous ? {} : { severity: 'medium' as const }),
        ...(policies.size ? { related: [...policies.values()].filter((p) => p.source).map((p) => ({ ...p.source!, message: `policy "${p.name}" (${p.command})` })) } : {}),
      });
    }
    return hits;
  },
};
