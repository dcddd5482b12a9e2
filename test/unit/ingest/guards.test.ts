// Hostile input: every guard trips with its own diagnostic code, and nothing throws.
import { describe, expect, it } from 'vitest';
import { buildModel, importArtifact, type IngestFile } from '../../../main/ingest/index.js';
import { ARTIFACT_KINDS } from '../../../shared/model/artifact.js';
import { memoryContext } from './helpers.js';

const codes = (file: IngestFile, limits = {}) => importArtifact(file, memoryContext({}, limits)).diagnostics.map((diagnostic) => diagnostic.code);

describe('limits', () => {
  it('billion laughs: limit.aliases', () => {
    let text = 'x-lol:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      text += `  ${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
      previous = name;
    }
    text += 'services:\n  x:\n    image: lol\n    labels: *i\n';
    const started = performance.now();
    expect(codes({ path: 'docker-compose.yml', kind: 'compose', text })).toEqual(['limit.aliases']);
    expect(codes({ path: 'k.yaml', kind: 'kubernetes', text: `apiVersion: v1\nkind: ConfigMap\n${text}` })).toEqual(['limit.aliases']);
    expect(performance.now() - started).toBeLessThan(2000);
    // A few aliases are normal YAML.
    expect(codes({ path: 'docker-compose.yml', kind: 'compose', text: 'x: &x {image: a}\nservices:\n  a: *x\n  b: *x\n' })).toEqual([]);
  });

  it('recursive aliases: limit.depth', () => {
    expect(codes({ path: 'k.yaml', kind: 'kubernetes', text: 'apiVersion: v1\nkind: List\nitems: &loop\n  - *loop\n' })).toContain('limit.depth');
  });

  it('10,000-deep nesting in YAML, JSON, GraphQL and protobuf: limit.depth, before parsing', () => {
    const deep = (open: string, close: string) => open.repeat(10_000) + close.repeat(10_000);
    expect(codes({ path: 'deep.yaml', kind: 'openapi', text: `openapi: 3.0.0\npaths: ${deep('[', ']')}\n` })).toEqual(['limit.depth']);
    expect(codes({ path: 'deep.yaml', kind: 'compose', text: `services:\n  a: ${deep('{a: ', '}')}\n` })).toEqual(['limit.depth']);
    expect(codes({ path: 'deep.json', kind: 'threat-dragon', text: `{"detail": ${deep('[', ']')}}` })).toEqual(['limit.depth']);
    expect(codes({ path: 'deep.graphql', kind: 'graphql', text: `type Query { a: ${deep('[', ']')} }` })).toEqual(['limit.depth']);
    expect(codes({ path: 'deep.proto', kind: 'proto', text: `syntax = "proto3";\n${'message M {'.repeat(10_000)}${'}'.repeat(10_000)}` })).toEqual(['limit.depth']);
    // Block nesting: 300 levels of indentation.
    let block = 'services:\n';
    for (let level = 1; level <= 300; level++) block += `${' '.repeat(level * 2)}k${level}:\n`;
    expect(codes({ path: 'block.yml', kind: 'compose', text: block })).toEqual(['limit.depth']);
    // The same in files large enough for the fast reader (generated specs): it leaves them to the guarded path.
    const padding = `x-padding: "${'x'.repeat(70_000)}"\n`;
    expect(codes({ path: 'big-block.yaml', kind: 'openapi', text: `openapi: 3.0.0\n${padding}${block.replace('services:', 'paths:')}` })).toEqual(['limit.depth']);
    expect(codes({ path: 'big-flow.yaml', kind: 'openapi', text: `openapi: 3.0.0\n${padding}paths: ${deep('[', ']')}\n` })).toEqual(['limit.depth']);
    expect(codes({ path: 'big-flow.yaml', kind: 'openapi', text: `openapi: 3.0.0\n${padding}paths:\n  /a: {x: ${deep('[', ']').slice(9_800, 10_200)}}\n` })).toEqual(['limit.depth']);
  });

  it('an oversized file: limit.size, without reading it', () => {
    const text = `openapi: 3.0.0\nx-padding: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    const started = performance.now();
    expect(codes({ path: 'huge.yaml', kind: 'openapi', text })).toEqual(['limit.size']);
    expect(performance.now() - started).toBeLessThan(500);
    expect(codes({ path: 'small.yaml', kind: 'openapi', text: 'openapi: 3.0.0\npaths: {}\n' }, { maxBytes: 10 })).toEqual(['limit.size']);
  });

  it('a file that takes too long: limit.time, with what was read so far', () => {
    const paths = Array.from({ length: 1500 }, (_, index) => `  /r${index}:\n    get:\n      responses: { "200": { description: ok } }\n`).join('');
    const file: IngestFile = { path: 'slow.yaml', kind: 'openapi', text: `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n${paths}` };
    const contribution = importArtifact(file, memoryContext({}, { maxMillisPerFile: 1 }));
    expect(contribution.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['limit.time']);
    expect(contribution.endpoints.length).toBeLessThan(1500);
    expect(importArtifact(file, memoryContext({})).endpoints).toHaveLength(1500);
  });

  it('never throws, whatever the text and the claimed kind', () => {
    const texts = ['', 'null', '42', '[]', '- a\n- b', '{', '\u0000\u0001binary', 'a: b: c', '{{ .Values }}', 'services: 3', 'paths: {"/": {get: 1}}', '"unterminated', '---\n---\n'];
    for (const kind of ARTIFACT_KINDS) {
      for (const text of texts) {
        expect(() => buildModel([{ path: `file.${kind}`, kind, text }], memoryContext({}))).not.toThrow();
      }
    }
  });
});

describe('syntax errors', () => {
  it('a YAML syntax error reports its line and column; the rest of the file still loads', async () => {
    const { join } = await import('node:path');
    const { FIXTURES, projectContext, readProject } = await import('./helpers.js');
    const root = join(FIXTURES, 'yaml-syntax-error');
    const model = buildModel(readProject(root), projectContext(root));
    expect(model.diagnostics).toEqual([expect.objectContaining({ file: 'docker-compose.yml', line: 4, column: 14, severity: 'error', code: 'yaml.parse' })]);
    expect(model.components.map((component) => component.id)).toEqual(['api', 'db']);
  });

  it('GraphQL and protobuf syntax errors report their location', () => {
    const graphql = importArtifact({ path: 's.graphql', kind: 'graphql', text: 'type Query {\n  a: String\n  b(: Int\n}\n' }, memoryContext({}));
    expect(graphql.diagnostics).toEqual([expect.objectContaining({ code: 'graphql.parse', line: 3, column: 5 })]);
    const proto = importArtifact({ path: 'a.proto', kind: 'proto', text: 'syntax = "proto3";\nservice A {\n  rpc B(C) returns D;\n}\n' }, memoryContext({}));
    expect(proto.diagnostics).toEqual([expect.objectContaining({ code: 'proto.parse', line: 3 })]);
  });
});
