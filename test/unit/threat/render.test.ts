// threat-model.md and reliability-playbook.md: the sections the report bundle needs, and every model value escaped.
import { describe, expect, it } from 'vitest';
import { analyseReliability, buildThreatModel, renderPlaybookMarkdown, renderThreatModelMarkdown } from '../../../main/threat/index.js';
import { contextFromFiles } from '../../support/rule-harness.js';

const FILES = {
  'docker-compose.yml': `services:
  web:
    image: shop/web:1
    ports: ["80:8080"]
    environment:
      API_URL: http://api:8080
  api:
    image: shop/api:1
    environment:
      DATABASE_URL: postgres://db:5432/x
  db:
    image: postgres:16
`,
  'archbench.yaml': 'components:\n  db:\n    dataClassification: restricted\n    criticality: critical\n',
};

describe('threat-model.md', () => {
  const context = contextFromFiles(FILES);
  const threats = buildThreatModel(context.model);

  it('has the summary, entry points, crown jewels, attack paths, threats by element and mitigations', () => {
    const markdown = renderThreatModelMarkdown('Shop', context.model, threats);
    for (const heading of ['# Threat model: Shop', '## STRIDE summary', '## Entry points', '## Crown jewels', '## Attack paths', '### web to db (', '## Threats by element', '### Components', '### Flows', '#### db']) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('| `web` | published port 80 on all interfaces | nothing |');
    expect(markdown).toContain('Path: `web` -> `api` -> `db` (2 hops).');
  });

  it('folds the same threat mitigated the same way into one row (Twilio: 196 operations, one basic-auth row)', () => {
    const mitigated = (element: string) => ({ ...threats.threats[0], id: `S:${element}`, element, stride: 'S' as const, title: 'Unauthenticated operation on the internet', controls: ['security: basicAuth'], status: 'mitigated' as const });
    const many = { ...threats, threats: [...threats.threats.filter((t) => t.status !== 'mitigated'), ...['GET /a', 'GET /b', 'GET /c', 'GET /d', 'GET /e', 'GET /f'].map(mitigated)] };
    const markdown = renderThreatModelMarkdown('Shop', context.model, many);
    const section = markdown.slice(markdown.indexOf('## Mitigated by what the files show'));
    expect(section.split('\n').filter((line) => line.includes('Unauthenticated operation on the internet'))).toEqual([
      '| S | `GET /a`, `GET /b`, `GET /c` and 3 more | Unauthenticated operation on the internet | security: basicAuth |',
    ]);
  });

  it('keeps the archbench.yaml keys its notes name as code, escaping the rest', () => {
    const unconnected = contextFromFiles({ ...FILES, 'docker-compose.yml': `${FILES['docker-compose.yml']}  search:\n    image: shop/search:1\n` });
    const markdown = renderThreatModelMarkdown('Shop', unconnected.model, buildThreatModel(unconnected.model));
    const note = markdown.split('\n').find((line) => line.includes('no flow in or out'))!;
    expect(note).toContain('1 component has no flow in or out (search)');
    expect(note).toContain('Declare the calls under `flows` in archbench.yaml.');
    expect(note).not.toContain('\\`');
  });

  it('escapes what comes from the files', () => {
    const tampered = { ...threats, threats: threats.threats.map((threat, index) => index === 0 ? { ...threat, description: 'a | b <script>alert(1)</script> *x*' } : threat) };
    const markdown = renderThreatModelMarkdown('<b>Shop</b> | x', context.model, tampered);
    expect(markdown).toContain('# Threat model: \\<b\\>Shop\\</b\\> \\| x');
    expect(markdown).toContain('a \\| b \\<script\\>alert(1)\\</script\\> \\*x\\*');
    expect(markdown).not.toContain('<script>');
  });
});

describe('reliability-playbook.md', () => {
  it('lists single points of failure, chains, flow resilience and the playbook of critical components', () => {
    const context = contextFromFiles(FILES);
    const markdown = renderPlaybookMarkdown('Shop', context.model, analyseReliability(context.model));
    for (const heading of ['# Reliability playbook: Shop', '## Single points of failure', '## Call chains', '## Flow resilience', '## Playbook', '### db', '#### db is unavailable']) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('| `api->db` | **none** | not declared | - | no | nothing declared |');
    expect(markdown).toContain('- Blast radius: entry point web; api');
    expect(markdown).toContain('`docker compose up -d db`');
  });
});
