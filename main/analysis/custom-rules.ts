import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { StoreDatabase } from '../store/store.js';
import type { RuleFailure } from './engine.js';
import type { Rule, RuleHit } from './rule.js';

/** Where a project keeps its own rules. */
export const CUSTOM_RULES_DIR = '.archbench/rules';

const headerSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'use lower-case letters, digits, dots and dashes'),
  title: z.string().min(1),
  category: z.enum(['reliability', 'security', 'data', 'api']),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  stride: z.enum(['S', 'T', 'R', 'I', 'D', 'E']).optional(),
  cwe: z.coerce.number().int().positive().optional(),
  rationale: z.string().default(''),
  remediation: z.string().default(''),
  references: z.string().optional(),
});

/**
 * Load the project's custom rules: `.archbench/rules/*.sql`, each a metadata header of `-- key: value`
 * lines and one read-only SELECT over the store's model tables returning `element`, `message`, `file`,
 * `line` (and optionally `col`, `key`). Problems are reported as failures with the file, never swallowed.
 */
export function loadCustomRules(root: string, db: StoreDatabase): { rules: Rule[]; failures: RuleFailure[] } {
  const dir = join(root, CUSTOM_RULES_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.sql')).sort();
  } catch {
    return { rules: [], failures: [] };
  }
  const rules: Rule[] = [];
  const failures: RuleFailure[] = [];
  for (const name of names) {
    const file = `${CUSTOM_RULES_DIR}/${name}`;
    try {
      rules.push(parseCustomRule(file, readFileSync(join(dir, name), 'utf8'), db));
    } catch (error) {
      failures.push({ ruleId: `custom:${name}`, message: `${file}: ${(error as Error).message}` });
    }
  }
  return { rules, failures };
}

/** One custom rule from its file text; throws a message naming the line when the file is wrong. */
export function parseCustomRule(file: string, text: string, db: StoreDatabase): Rule {
  const lines = text.split(/\r?\n/);
  const header: Record<string, string> = {};
  let bodyStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const match = /^--\s*([a-zA-Z]+)\s*:\s*(.*)$/.exec(lines[i]);
    if (match) { header[match[1]] = match[2].trim(); continue; }
    if (/^\s*(--.*)?$/.test(lines[i])) continue;
    bodyStart = i;
    break;
  }
  const parsed = headerSchema.safeParse(header);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`header field "${issue.path.join('.')}": ${issue.message} (write it as "-- ${String(issue.path[0])}: ..." at the top)`);
  }
  const sql = lines.slice(bodyStart).join('\n').trim();
  if (!sql) throw new Error('no SELECT statement after the header');
  let statement;
  try {
    statement = db.prepare(sql);
  } catch (error) {
    throw new Error(`line ${bodyStart + 1}: ${(error as Error).message}`);
  }
  if (!statement.readonly) throw new Error(`line ${bodyStart + 1}: custom rules may only read (SELECT); this statement writes`);
  const columns = statement.columns().map((c) => c.name);
  const missing = ['element', 'message', 'file', 'line'].filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`line ${bodyStart + 1}: the query must return columns element, message, file and line; missing ${missing.join(', ')}`);
  const meta = parsed.data;
  return {
    id: meta.id.startsWith('custom.') ? meta.id : `custom.${meta.id}`,
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    ...(meta.stride ? { stride: meta.stride } : {}),
    ...(meta.cwe ? { cwe: meta.cwe } : {}),
    rationale: meta.rationale || `Custom rule from ${file}.`,
    remediation: meta.remediation,
    references: meta.references ? meta.references.split(/\s*,\s*/) : [file],
    check: (): RuleHit[] => (statement.all() as Array<Record<string, unknown>>).map((row) => ({
      element: String(row.element),
      message: String(row.message),
      location: { file: String(row.file ?? file), line: Number(row.line ?? 1) || 1, ...(row.col ? { column: Number(row.col) } : {}) },
      ...(row.key !== undefined && row.key !== null ? { key: String(row.key) } : {}),
    })),
  };
}
