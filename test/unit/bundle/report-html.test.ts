import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_CSP, renderReportHtml } from '../../../main/bundle/report-html.js';
import { renderReportMarkdown } from '../../../main/bundle/report-md.js';
import { tempDir } from '../../support/temp.js';
import { fixtureReport, fixtureThreatModel } from './fixture-data.js';
import { analyseReliability } from '../../../main/threat/index.js';
import { contextFromFiles } from '../../support/rule-harness.js';

const root = tempDir('archbench-report-src-');
afterAll(() => root.cleanup());
writeFileSync(join(root.path, 'docker-compose.yml'), [
  'services:', '  gateway:', '    image: nginx', '    ports: ["80:80"]', '    depends_on: [orders]', '    environment:', '      API_KEY: sk_live_abcdefghijklmnop1234',
  '  orders:', '    image: orders', '    environment:', '      DATABASE_URL: postgres://app:s3cretpw@orders-db/app', '', '', '  orders-db:', '    image: postgres',
].join('\n'));

/** Every start tag of the document. */
const tags = (html: string) => html.match(/<[a-zA-Z][^>]*>/g) ?? [];

describe('report.html', () => {
  const html = renderReportHtml(fixtureReport({ root: root.path, system: true }));

  it('is one offline file: a strict CSP, inline CSS, no script, nothing loaded from elsewhere', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe|@import|url\(\s*["']?(?!#)/i);
    for (const tag of tags(html)) expect(tag, tag).not.toMatch(/\ssrc\s*=/i);
  });

  it('escapes every project string: no handler attributes, no javascript: links, the text shown literally', () => {
    for (const tag of tags(html)) {
      expect(tag, tag).not.toMatch(/\son[a-z]+\s*=/i);
      const href = /\shref="([^"]*)"/.exec(tag)?.[1];
      if (href !== undefined) expect(href, tag).toMatch(/^(#[\w-]+|https?:\/\/)/);
    }
    expect(html).not.toContain('javascript:alert(1)"');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;');
    // A reference that is not http(s) stays text.
    expect(html).toMatch(/<span class="wrap">javascript:alert\(1\)<\/span>/);
  });

  it('sums up a large API\'s mitigated threats: one row per threat and controls, the quiet elements in one matrix row', () => {
    const base = fixtureThreatModel();
    const operation = (n: number) => ({ ...base.threats[0], id: `S:op${n}`, element: `GET /op${n}`, status: 'mitigated' as const, title: 'Unauthenticated operation on the internet', controls: ['security: basicAuth'] });
    const data = fixtureReport({ root: root.path, system: true });
    const big = renderReportHtml({ ...data, system: { ...data.system!, threatModel: { ...base, threats: [...base.threats, ...Array.from({ length: 14 }, (_, n) => operation(n))] } } });
    const list = big.slice(big.indexOf('id="threat-list"')).replaceAll('<wbr>', '');
    expect(list.match(/Unauthenticated operation on the internet/g)).toHaveLength(1);
    expect(list).toContain('(the same on 14 elements)');
    expect(list).toMatch(/<code[^>]*>GET \/op0<\/code>, <code[^>]*>GET \/op1<\/code>, <code[^>]*>GET \/op2<\/code> <span class="small muted">and 11 more<\/span>/);
    const matrix = big.slice(big.indexOf('id="threat-matrix"'), big.indexOf('id="threat-paths"'));
    // The fixture's own two elements (one open, one quiet) and 14 operations: 10 quiet ones listed, the other 5 summed up.
    expect(matrix).toContain('5 more elements with no open threat');
  });

  it('has the chapters a review board reads, linked from the contents', () => {
    for (const id of ['summary', 'architecture', 'threat-model', 'reliability', 'data-model', 'api', 'findings', 'decisions', 'appendix']) {
      expect(html).toContain(`<section id="${id}">`);
      expect(html).toContain(`href="#${id}"`);
    }
    for (const text of ['Top risks', 'STRIDE per element', 'Attack paths', 'Single points of failure', 'Blast radius', 'Flows lacking timeouts', 'Tables (2)', 'Endpoints open to anonymous callers']) {
      expect(html).toContain(text);
    }
    expect(html).toContain('CI gate <code>--fail-on high</code>: fails');
    // Changes since the last export: one new, one fixed.
    expect(html).toMatch(/\+1 new<\/span> · <span class="delta down">1 fixed/);
    expect(html).toContain('Gone &#60;script&#62;');
  });

  it('shows each finding with its evidence, the lines around it, remediation, references and its decision', () => {
    expect(html).toContain('id="f-0123456789abcdef0123456789abcdef"');
    expect(html).toContain('<div class="ln hit"><span class="no">8</span><span class="tx">  orders:</span></div>');
    expect(html).toContain('<span class="no">6</span>');
    expect(html).toContain('<span class="no">10</span>');
    expect(html).toContain('Declare a security scheme.');
    expect(html).toContain('<a href="https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/" rel="noopener noreferrer">');
    expect(html).toContain('<a href="https://cwe.mitre.org/data/definitions/306.html" rel="noopener noreferrer">CWE-306</a>');
    expect(html).toMatch(/<strong>accepted<\/strong> by &#34;&#62;&#60;img src=x onerror=alert\(1\)&#62;, on 2026-01-01, until 2026-12-31: Internal only &#60;script&#62;/);
    // Backticks in rule text become code, escaped.
    expect(html).toContain('<code>security:<wbr> []</code>');
    // A rule the registry does not know still gets a section.
    expect(html).toContain('A rule the registry does not know');
  });

  it('never quotes a secret from the source lines', () => {
    const withSecret = renderReportHtml({ ...fixtureReport({ root: root.path }), findings: [{ ...fixtureReport().findings[0], location: { file: 'docker-compose.yml', line: 9 } }] });
    expect(withSecret).not.toContain('sk_live_abcdefghijklmnop1234');
    expect(withSecret).not.toContain('s3cretpw');
    expect(withSecret).toContain('values that look like secrets masked');
  });

  it('falls back to the findings STRIDE letters and the model when the threat engine is absent', () => {
    const plain = renderReportHtml(fixtureReport({ root: root.path }));
    expect(plain).toContain('The STRIDE threat engine produced no threat model for this run');
    expect(plain).toContain('Synchronous flows without a timeout (1)');
    expect(plain).not.toContain('Attack paths (');
  });
});

describe('report.md', () => {
  const md = renderReportMarkdown(fixtureReport({ root: root.path, system: true }));

  it('escapes project strings so no HTML or link survives', () => {
    // Inside code spans text is literal; everywhere else no tag may survive.
    const prose = md.replace(/(`+)[^`]*?\1/g, '').replace(/^(`{3,}|\s+`{3,})[\s\S]*?^\s*`{3,}$/gm, '');
    expect(prose).not.toMatch(/(^|[^\\])<(script|img)/m);
    expect(md).not.toMatch(/\]\(javascript:/);
    expect(md).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
  });

  it('holds the summary, the findings with their source lines and the decisions', () => {
    expect(md).toContain('## Executive summary');
    expect(md).toContain('| high | 1 | 0 |');
    expect(md).toContain('| critical | 0 | 1 |');
    expect(md).toContain('**Changes:** +1 new, 1 fixed');
    expect(md).toMatch(/\n {2}> {2}8 \| {3}orders:\n/);
    expect(md).toContain('## Risk decisions');
    expect(md).toContain('**accepted**');
  });

  it('says how many of the threats are open (a mitigated one is still listed in threat-model.md)', () => {
    expect(md).toContain('2 threats (1 open), 1 attack path;');
  });
});

describe('single points of failure in the reports', () => {
  // web is the entry point and calls api: both take web's requests down, web all of them.
  const compose = 'services:\n  web:\n    image: shop/web:1\n    ports: ["443:8443"]\n    environment: { API_URL: "http://api:8080" }\n  api:\n    image: shop/api:1\n';
  const reliability = analyseReliability(contextFromFiles({ 'docker-compose.yml': compose }).model);
  const data = { ...fixtureReport({ root: root.path, system: true }), system: { threatModel: fixtureThreatModel(), reliability } };

  it('are listed in the reliability report\'s ranking, the entry point first, in report.html and report.md alike', () => {
    expect(reliability.singlePointsOfFailure).toEqual(['web', 'api']);
    const html = renderReportHtml(data);
    const table = html.slice(html.indexOf('id="rel-spof"'), html.indexOf('id="rel-blast"'));
    expect(table.indexOf('<strong>web</strong>')).toBeGreaterThan(-1);
    expect(table.indexOf('<strong>web</strong>')).toBeLessThan(table.indexOf('<strong>api</strong>'));
    const markdown = renderReportMarkdown(data);
    expect(markdown.indexOf('- `web`:')).toBeGreaterThan(-1);
    expect(markdown.indexOf('- `web`:')).toBeLessThan(markdown.indexOf('- `api`:'));
  });
});
