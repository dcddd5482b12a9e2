// Helpers for the system and cross-artifact rule tests: run a rule over in-memory files (or a context),
// assert one finding or none, and find the line a snippet is on.
import { expect } from 'vitest';
import type { Rule, RuleContext } from '../../../../main/analysis/rule.js';
import type { Finding } from '../../../../shared/model/finding.js';
import { contextFromFiles, findingsOf, type ProjectFiles } from '../../../support/rule-harness.js';

/** Findings of one rule over in-memory files or a prepared context. */
export function run(rule: Rule, input: ProjectFiles | RuleContext): Finding[] {
  return findingsOf(rule, isContext(input) ? input : contextFromFiles(input));
}

function isContext(input: ProjectFiles | RuleContext): input is RuleContext {
  return typeof (input as RuleContext).readText === 'function' && typeof (input as RuleContext).model === 'object';
}

function describe(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.location.file}:${finding.location.line} ${finding.element} ${finding.message}`);
}

/** The one finding of `rule` (fails when there are none or several). */
export function only(rule: Rule, input: ProjectFiles | RuleContext): Finding {
  const findings = run(rule, input);
  expect(describe(findings)).toHaveLength(1);
  return findings[0];
}

/** The finding of `rule` on `element` (fails when there is none). */
export function on(rule: Rule, input: ProjectFiles | RuleContext, element: string): Finding {
  const findings = run(rule, input);
  const found = findings.find((finding) => finding.element === element);
  expect(found, `no ${rule.id} finding on ${element}; got ${JSON.stringify(describe(findings))}`).toBeDefined();
  return found!;
}

/** Asserts `rule` reports nothing (or nothing on `element`). */
export function none(rule: Rule, input: ProjectFiles | RuleContext, element?: string): void {
  const findings = run(rule, input).filter((finding) => element === undefined || finding.element === element);
  expect(describe(findings)).toEqual([]);
}

/** 1-based line of the only line of `text` containing `snippet` (or its `nth` occurrence). */
export function lineOf(text: string, snippet: string, nth?: number): number {
  const lines = text.split('\n');
  const matches = lines.flatMap((line, index) => (line.includes(snippet) ? [index + 1] : []));
  if (nth === undefined && matches.length !== 1) throw new Error(`"${snippet}" is on ${matches.length} lines, expected 1`);
  const line = matches[(nth ?? 1) - 1];
  if (line === undefined) throw new Error(`"${snippet}" has no occurrence ${nth}`);
  return line;
}

/** The location a finding should have: file and the line of a snippet in that file. */
export function at(files: ProjectFiles, file: string, snippet: string, nth?: number): { file: string; line: number } {
  return { file, line: lineOf(files[file], snippet, nth) };
}

/** `text` with `from` replaced by `to`; fails when `from` is not in it. */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain: ${from}`);
  return text.replace(from, to);
}
