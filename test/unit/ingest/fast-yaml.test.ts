// The fast reader for large specs must never disagree with `yaml`: it either gives the same value
// (and the same positions) or gives up.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../../main/ingest/fast-yaml.js';
import { DEFAULT_LIMITS } from '../../../main/ingest/limits.js';
import { parseYamlDocuments, type PathSegment } from '../../../main/ingest/positions.js';
import { CORPUS, FIXTURES } from './helpers.js';

const reference = (text: string) => {
  const documents = parseAllDocuments(text, { merge: true }) as unknown as Array<{ errors: unknown[]; toJS(): unknown }>;
  return documents.length === 1 && documents[0].errors.length === 0 ? documents[0].toJS() : Symbol('invalid');
};

/** Same value as `yaml`, or undefined; never something else. */
function expectAgreement(text: string, label = text) {
  const fast = parseSimpleYaml(text);
  if (fast) expect(fast.value, label).toEqual(reference(text));
  return fast;
}

/** Locating every `every`-th path gives the same line and column both ways; returns `yaml`'s value and parse time. */
function expectSamePositions(text: string, path: string, every: number): { value: unknown; millis: number } {
  const started = performance.now();
  const slow = parseYamlDocuments(text, path, DEFAULT_LIMITS, Infinity).documents[0];
  const slowMillis = performance.now() - started;
  const quick = parseYamlDocuments(text, path, DEFAULT_LIMITS, 0).documents[0];
  let count = 0;
  const walk = (value: unknown, at: PathSegment[]) => {
    if (count++ % every === 0) expect(quick.locate(at), `${path} ${at.join('.')}`).toEqual(slow.locate(at));
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, [...at, Array.isArray(value) ? Number(key) : key]);
    }
  };
  walk(slow.value, []);
  return { value: slow.value, millis: slowMillis };
}

function yamlFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('fast YAML reader', () => {
  it('agrees with `yaml` on every YAML file of the corpus and the fixtures, values and positions', () => {
    let read = 0;
    for (const path of [...yamlFiles(CORPUS), ...yamlFiles(FIXTURES)]) {
      const text = readFileSync(path, 'utf8');
      if (text.length > 256 * 1024) continue; // Twilio: next test
      if (!expectAgreement(text, path)) continue;
      read++;
      expectSamePositions(text, path, 1);
    }
    expect(read).toBeGreaterThan(15);
  });

  it('reads the Twilio spec (explicit `? key` entries, nested lists) like `yaml`, and much faster', () => {
    const path = join(CORPUS, 'twilio-openapi/spec/yaml/twilio_api_v2010.yaml');
    const text = readFileSync(path, 'utf8');
    const started = performance.now();
    const fast = parseSimpleYaml(text);
    const fastMillis = performance.now() - started;
    expect(fast).toBeDefined();
    const slow = expectSamePositions(text, path, 25);
    expect(fast!.value).toEqual(slow.value);
    expect(fastMillis).toBeLessThan(slow.millis);
  });

  it('reads the subset it knows exactly as `yaml` does', () => {
    const supported = [
      'a: 1\nb: 1.50\nc: 0x1F\nd: 0o17\ne: -.inf\nf: .NaN\ng: ~\nh: Null\ni: TRUE\nj: yes\nk: 1e3\nl: "1"\nm: 010\nn: +5\no: .5\n',
      '200: ok\n1.0: one\ntrue: t\n"quoted: key": v\n\'single\': w\n',
      'text: |\n  line one\n    indented\n\n  after blank\nnext: 1\n',
      'keep: |+\n  a\n\nstrip: >-\n  folded\n  text\n\n  para\nclip: >\n  x\n',
      'multi: this is a long\n  plain scalar that\n\n  spans lines\nother: x # comment\n',
      'q: "double \\"escaped\\" \\u00e9 \\x41 \\t tab\n  continued \\\n  joined"\ns: \'it\'\'s\n  folded\'\n',
      'list:\n- a\n- b: 1\n  c: 2\n- - x\n  - y\n-\n- [1, "two", {k: v}]\n',
      'flow: {a: 1, b: [x, y], "c": \'d\', e: }\nurl: [http://a.example/x]\n',
      '? very.long.key\n: value: 1\n  other: 2\n? plain\n: [1]\n',
      '---\nstart: marker\n',
      'x: 1 # c\n# full comment\ny:\n  # inside\n  z: 2\n',
      '- top\n- level\n- list\n',
      'plain scalar document\n',
      'a:\n  - 1\n  -   2\n  -\n    k: v\n',
      'win: "crlf"\r\nok: 1\r\n',
    ];
    for (const snippet of supported) expect(expectAgreement(snippet), snippet).toBeDefined();
  });

  it('gives up on what it does not know rather than guess', () => {
    const unsupported = [
      'empty: |\nafter: 1\n',
      'anchor: &a 1\nalias: *a\n',
      'a: 1\n---\nb: 2\n',
      'dup: 1\ndup: 2\n',
      'tag: !custom x\n',
      'bad: [unclosed\n',
      'a:\n\tb: 1\n',
      'a: b: c\n',
      'k: v\n ... \n',
      '"\\u00e9": accent\n',
      'x: "a\\ \n  b"\n',
      'x: >\n  folded\n    more indented\n  back\n',
      'x: |\n  a\n  \n  b\n',
      '__proto__: 1\n',
      '<<: {a: 1}\n',
      'a: -\nb: - x\n',
      'a: @x\n',
      'a: `x`\n',
      'key: [multi,\n  line]\n',
    ];
    for (const snippet of unsupported) expectAgreement(snippet);
    expect(parseSimpleYaml('anchor: &a 1\nalias: *a\n')).toBeUndefined();
    expect(parseSimpleYaml('dup: 1\ndup: 2\n')).toBeUndefined();
    expect(parseSimpleYaml('a: 1\n---\nb: 2\n')).toBeUndefined();
  });
});
