// Small inline specs for rule tests: build them, run one rule through the real ingest and engine, find lines.
import { expect } from 'vitest';
import type { Rule } from '../../../../main/analysis/rule.js';
import type { Finding } from '../../../../shared/model/finding.js';
import { contextFromFiles, findingsOf, type ProjectFiles } from '../../../support/rule-harness.js';

export const SPEC = 'api/openapi.yaml';

/** Strip the first newline and the common indentation of a template literal. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

function indent(text: string, by = 2): string {
  return dedent(text).split('\n').map((line) => (line ? ' '.repeat(by) + line : line)).join('\n');
}

export const DEFAULT_HEAD = dedent(`
  info:
    title: Test API
    version: '1.0'
    description: A test API.
    contact: { name: API team, email: api@example.com }
    license: { name: MIT }
  servers:
    - url: https://api.example.com
  security:
    - bearer: []
`);

export const DEFAULT_COMPONENTS = dedent(`
  securitySchemes:
    bearer: { type: http, scheme: bearer, bearerFormat: JWT }
`);

/** An OpenAPI 3.0 document: the default head (info, https server, bearer security) plus the given paths and components. */
export function oas(paths: string, parts: { head?: string; components?: string | null } = {}): string {
  const components = parts.components === undefined ? DEFAULT_COMPONENTS : parts.components;
  return [
    'openapi: 3.0.3',
    parts.head === undefined ? DEFAULT_HEAD : dedent(parts.head),
    'paths:',
    indent(paths),
    ...(components ? ['components:', indent(components)] : []),
    '',
  ].join('\n');
}

/** Findings of one rule over one spec text (at api/openapi.yaml) or a set of files. */
export function run(rule: Rule, input: string | ProjectFiles): Finding[] {
  return findingsOf(rule, contextFromFiles(typeof input === 'string' ? { [SPEC]: input } : input));
}

/** 1-based line of the `occurrence`-th line containing `needle`. */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (lines[index].includes(needle) && ++seen === occurrence) return index + 1;
  }
  throw new Error(`"${needle}" (occurrence ${occurrence}) not found`);
}

/** Asserts the rule reports a finding at the line holding `needle` and returns it. */
export function expectHit(rule: Rule, input: string | ProjectFiles, needle: string, options: { file?: string; occurrence?: number; message?: RegExp } = {}): Finding {
  const files = typeof input === 'string' ? { [SPEC]: input } : input;
  const file = options.file ?? SPEC;
  const findings = run(rule, files);
  expect(findings.length, `${rule.id} should report something`).toBeGreaterThan(0);
  const line = lineOf(files[file], needle, options.occurrence);
  const found = findings.find((finding) => finding.location.file === file && finding.location.line === line);
  expect(found, `${rule.id} at ${file}:${line} among ${findings.map((f) => `${f.location.file}:${f.location.line} ${f.message}`).join(' | ')}`).toBeDefined();
  expect(found!.ruleId).toBe(rule.id);
  if (options.message) expect(found!.message).toMatch(options.message);
  return found!;
}

/** Asserts the rule reports nothing. */
export function expectNone(rule: Rule, input: string | ProjectFiles): void {
  const findings = run(rule, input);
  expect(findings.map((finding) => `${finding.location.line}: ${finding.message}`)).toEqual([]);
}
