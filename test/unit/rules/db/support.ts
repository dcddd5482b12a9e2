// Helpers for the database rule tests: one schema engine per test file (PGlite's prepared data
// directories are cached under the OS temp folder, shared by every db-rules test file), replaying
// in-memory or on-disk projects, and finding the line a snippet is on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { expect } from 'vitest';
import type { Rule, RuleContext } from '../../../../main/analysis/rule.js';
import { createSchemaEngine, type ReplayResult, type SchemaEngine } from '../../../../main/db/engine.js';
import type { Finding } from '../../../../shared/model/finding.js';
import { emptyModel } from '../../../../shared/model/model.js';
import { findingsOf } from '../../../support/rule-harness.js';

/** One cache for every db-rules test file, so the ~5 s initdb runs once per machine. */
export const CACHE_DIR = join(tmpdir(), 'archbench-test-pglite-cache');

/** Files of a project: relative path -> text. */
export type SqlProject = Record<string, string>;

export interface Replayed {
  files: SqlProject;
  result: ReplayResult;
  context: RuleContext;
}

/** A schema engine over the shared cache. */
export function startEngine(): Promise<SchemaEngine> {
  return createSchemaEngine({ cacheDir: CACHE_DIR });
}

/** Replay a project's SQL files and build the rule context the analysis pipeline would. */
export async function replay(engine: SchemaEngine, files: SqlProject, readOther: (path: string) => string | undefined = () => undefined): Promise<Replayed> {
  const result = await engine.replay({
    files: Object.entries(files).filter(([path]) => path.endsWith('.sql')).map(([path, text]) => ({ path, text })),
    plans: Object.entries(files).filter(([path]) => path.endsWith('sqitch.plan')).map(([path, text]) => ({ path, text })),
  });
  const context: RuleContext = {
    model: { ...emptyModel(), tables: result.tables },
    readText: (path) => files[path] ?? readOther(path),
    database: result,
  };
  return { files, result, context };
}

/** Every file under a folder (read in place, never copied), `/`-separated relative paths. */
export function readFolder(root: string, keep: (path: string) => boolean = (path) => path.endsWith('.sql')): SqlProject {
  const files: SqlProject = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const path = relative(root, full).split(sep).join('/');
        if (keep(path)) files[path] = readFileSync(full, 'utf8');
      }
    }
  };
  walk(root);
  return files;
}

/** Findings of some rules over a replayed project (fails when a rule throws). */
export function run(rules: Rule | readonly Rule[], project: Replayed): Finding[] {
  return findingsOf(rules, project.context);
}

/** Findings of a rule on one element (`schema.table`, a function, a file). */
export function on(rule: Rule, project: Replayed, element: string): Finding[] {
  return run(rule, project).filter((finding) => finding.element === element);
}

/** The one finding of `rule` on `element`. */
export function onlyOn(rule: Rule, project: Replayed, element: string): Finding {
  const findings = on(rule, project, element);
  expect(findings.map((finding) => `${finding.location.file}:${finding.location.line} ${finding.message}`)).toHaveLength(1);
  return findings[0];
}

/** Asserts `rule` reports nothing on `element`. */
export function noneOn(rule: Rule, project: Replayed, element: string): void {
  expect(on(rule, project, element).map((finding) => `${finding.location.file}:${finding.location.line} ${finding.message}`)).toEqual([]);
}

/** 1-based line of the only (or the `nth`) line of `text` containing `snippet`. */
export function lineOf(text: string, snippet: string, nth?: number): number {
  const matches = text.split('\n').flatMap((line, index) => (line.includes(snippet) ? [index + 1] : []));
  if (nth === undefined && matches.length !== 1) throw new Error(`"${snippet}" is on ${matches.length} lines, expected 1`);
  const line = matches[(nth ?? 1) - 1];
  if (line === undefined) throw new Error(`"${snippet}" has no occurrence ${nth}`);
  return line;
}

/** The location a finding should have: a file and the line of a snippet in it. */
export function at(project: Replayed | SqlProject, file: string, snippet: string, nth?: number): { file: string; line: number } {
  const files = 'files' in project && 'result' in project ? (project as Replayed).files : (project as SqlProject);
  const text = files[file];
  if (text === undefined) throw new Error(`no file ${file}`);
  return { file, line: lineOf(text, snippet, nth) };
}

/** `rule id -> count` of findings, for corpus summaries. */
export function countByRule(findings: Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
