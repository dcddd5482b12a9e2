import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineSvg } from '../../../main/bundle/diagrams.js';
import { renderFallbackDiagram } from '../../../main/bundle/fallback-diagram.js';
import { renderFallbackErd } from '../../../main/bundle/fallback-erd.js';
import { anchorId, escapeHtml, markdownCode, markdownFence, safeHref } from '../../../main/bundle/html.js';
import { code, richText } from '../../../main/bundle/report-html-parts.js';
import { createSourceReader, redactEnvValue, redactSecrets } from '../../../main/bundle/source-excerpt.js';
import { tempDir } from '../../support/temp.js';
import { fixtureModel } from './fixture-data.js';
import { HOSTILE } from './hostile-project.js';

const dir = tempDir('archbench-html-');
afterAll(() => dir.cleanup());

describe('escaping project text', () => {
  it('escapes HTML text and attribute values', () => {
    expect(escapeHtml(`${HOSTILE.img}'\``)).toBe('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;&#39;&#96;');
    expect(escapeHtml(undefined)).toBe('');
  });

  it('lets only absolute http(s) URLs become links', () => {
    expect(safeHref('https://owasp.org/x?a=1&b="2"')).toBe('https://owasp.org/x?a=1&#38;b=%222%22');
    for (const bad of [HOSTILE.js, ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', '//evil.example/x', '/relative', 'vbscript:x', 'http//x']) {
      expect(safeHref(bad), bad).toBeUndefined();
    }
  });

  it('shows backtick spans as code and breaks long code only after separators, escaping each piece', () => {
    expect(richText('use `a<b>` here')).toBe('use <code>a&#60;b&#62;</code> here');
    expect(richText('odd ` tick')).toBe('odd &#96; tick');
    expect(code('a/b.c')).toBe('<code>a/<wbr>b.<wbr>c</code>');
    expect(code(HOSTILE.script)).not.toMatch(/<script/);
  });

  it('builds Markdown code that nothing breaks out of', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownFence('x\n```\ny')).toBe('````\nx\n```\ny\n````');
  });

  it('makes safe, distinct anchors from any text', () => {
    expect(anchorId('r', HOSTILE.img)).toMatch(/^r-[a-z0-9-]+$/);
    expect(anchorId('r', 'a.b')).not.toBe(anchorId('r', 'a-b'));
  });
});

describe('diagrams inside the report', () => {
  it('draws the fallback diagram and ERD with escaped names and inlines them with prefixed ids', () => {
    const model = fixtureModel();
    const svg = renderFallbackDiagram(model);
    expect(svg).toContain('orders&#34;&#62;&#60;img');
    const inline = inlineSvg(svg, 'dg')!;
    expect(inline).toContain('id="dg-arrow"');
    expect(inline).toContain('url(#dg-arrow)');
    const erd = renderFallbackErd(model)!;
    expect(erd).toContain('public.orders');
    expect(erd).toContain('<title>orders(customer_id) → customers(id)</title>');
    expect(inlineSvg(erd, 'erd')).toBeDefined();
    expect(renderFallbackErd({ ...model, tables: [] })).toBeUndefined();
  });

  it('refuses SVG with script, handlers, foreign content or external references', () => {
    const wrap = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
    for (const bad of ['<script>alert(1)</script>', '<rect onload="alert(1)"/>', '<rect onload=alert(1) />', '<foreignObject><div/></foreignObject>',
      '<a href="javascript:alert(1)"><text>x</text></a>', '<use xlink:href="http://evil/x.svg#a"/>', '<image href="http://evil/x.png"/>',
      '<rect style="fill:url(http://evil/x)"/>', '<style>@import "http://evil/x.css";</style>']) {
      expect(inlineSvg(wrap(bad), 'x'), bad).toBeUndefined();
    }
    expect(inlineSvg(wrap('<text>onerror=alert(1) url(x)</text><use href="#a"/>'), 'x')).toBeDefined();
  });
});

describe('source lines in the report', () => {
  it('reads lines around a location, marks the hit and shortens minified lines', () => {
    writeFileSync(join(dir.path, 'a.yaml'), ['one', 'two', 'three', 'four', 'five', 'six', `x${'y'.repeat(1000)}`].join('\n'));
    const read = createSourceReader(dir.path);
    expect(read({ file: 'a.yaml', line: 3 })!.lines).toEqual([
      { number: 1, text: 'one', hit: false }, { number: 2, text: 'two', hit: false }, { number: 3, text: 'three', hit: true },
      { number: 4, text: 'four', hit: false }, { number: 5, text: 'five', hit: false },
    ]);
    const long = read({ file: 'a.yaml', line: 7, column: 500 })!;
    expect(long.shortened).toBe(true);
    expect(long.lines.find((l) => l.hit)!.text.length).toBeLessThan(240);
    expect(read({ file: 'a.yaml', line: 99 })).toBeUndefined();
    expect(read({ file: 'missing.yaml', line: 1 })).toBeUndefined();
  });

  it('never reads outside the project folder', () => {
    const outside = join(dir.path, 'outside');
    mkdirSync(join(dir.path, 'project'));
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'top secret');
    symlinkSync(join(outside, 'secret.txt'), join(dir.path, 'project', 'link.txt'));
    const read = createSourceReader(join(dir.path, 'project'));
    expect(read({ file: '../outside/secret.txt', line: 1 })).toBeUndefined();
    expect(read({ file: 'link.txt', line: 1 })).toBeUndefined();
    expect(read({ file: join(outside, 'secret.txt'), line: 1 })).toBeUndefined();
  });

  it('masks values that look like secrets and keeps references to where they come from', () => {
    expect(redactSecrets('      POSTGRES_PASSWORD: hunter2hunter2')).toBe('      POSTGRES_PASSWORD: ‹redacted, 14 characters›');
    expect(redactSecrets('- API_KEY=sk_live_0123456789abcdef')).toBe('- API_KEY=‹redacted, 24 characters›');
    expect(redactSecrets('url: postgres://app:s3cret@db:5432/app')).toBe('url: postgres://app:‹redacted, 6 characters›@db:5432/app');
    expect(redactSecrets('key AKIAABCDEFGHIJKLMNOP in text')).toBe('key ‹redacted, 20 characters› in text');
    expect(redactSecrets('password: ${DB_PASSWORD}')).toBe('password: ${DB_PASSWORD}');
    expect(redactSecrets('tokenUrl: https://auth.example.com/token')).toBe('tokenUrl: https://auth.example.com/token');
    expect(redactSecrets('        password: { type: string }')).toBe('        password: { type: string }');
    expect(redactEnvValue('DB_PASSWORD', 'x1y2z3')).toBe('‹redacted, 6 characters›');
    expect(redactEnvValue('LOG_LEVEL', 'debug')).toBe('debug');
  });
});
