import type { Finding, RuleMeta } from '../../../shared/model/finding.js';
import { emptyModel } from '../../../shared/model/model.js';
import type { ReliabilityReport, ThreatModel } from '../../../shared/model/system-analysis.js';
import { ruleSetInfo } from '../../../main/bundle/collect.js';
import { renderFallbackDiagram } from '../../../main/bundle/fallback-diagram.js';
import { renderFallbackErd } from '../../../main/bundle/fallback-erd.js';
import type { BundleModel, ReportData, ReportFinding } from '../../../main/bundle/report-data.js';
import { createSourceReader } from '../../../main/bundle/source-excerpt.js';
import { HOSTILE } from './hostile-project.js';

/** A model of three components, two flows and two tables, with a hostile component name. */
export function fixtureModel(): BundleModel {
  const model = emptyModel();
  const at = (line: number) => ({ file: 'docker-compose.yml', line, column: 3 });
  model.components = [
    { id: 'gateway', name: 'gateway', kind: 'gateway', source: at(2), sources: [at(2)], internetFacing: true, replicas: 2 },
    { id: 'orders', name: `orders${HOSTILE.img}`, kind: 'service', source: at(8), sources: [at(8)], replicas: 1 },
    { id: 'orders-db', name: 'orders-db', kind: 'datastore', source: at(14), sources: [at(14)], dataClassification: 'confidential' },
  ];
  model.flows = [
    { id: 'gateway->orders', from: 'gateway', to: 'orders', protocol: 'http', sync: true, inferredFrom: ['depends_on'], source: at(5) },
    { id: 'orders->orders-db', from: 'orders', to: 'orders-db', protocol: 'postgres', sync: true, timeoutMs: 2000, inferredFrom: ['env:DATABASE_URL'], source: at(11) },
  ];
  model.trustBoundaries = [{ id: 'network:backend', name: 'backend', kind: 'network', components: ['orders', 'orders-db'] }];
  model.endpoints = [
    { id: 'GET /orders', component: 'orders', protocol: 'http', method: 'get', path: `/orders/${HOSTILE.script}`, security: [], source: { file: 'api.yaml', line: 4 } },
  ];
  const column = (name: string, type: string, nullable = false) => ({ name, type, nullable });
  model.tables = [
    { schema: 'public', name: 'customers', rlsEnabled: true, columns: [column('id', 'bigint'), column('email', 'text')], primaryKey: ['id'], indexes: [], foreignKeys: [], source: { file: 'db/V1.sql', line: 1 } },
    {
      schema: 'public', name: 'orders', rlsEnabled: false, columns: [column('id', 'bigint'), column('customer_id', 'bigint'), column('note', 'text', true)], primaryKey: ['id'], indexes: [],
      foreignKeys: [{ name: 'orders_customer_fk', columns: ['customer_id'], referencedSchema: 'public', referencedTable: 'customers', referencedColumns: ['id'] }], source: { file: 'db/V1.sql', line: 6 },
    },
  ];
  return { ...model, artifacts: [] };
}

export const FIXTURE_RULES: RuleMeta[] = [
  {
    id: 'sec.fixture-auth', title: 'Endpoint without authentication', category: 'security', severity: 'high', stride: 'S', cwe: 306, owaspApi: 'API2:2023',
    rationale: `Anyone can call it; \`security: []\` means none. ${HOSTILE.script}`, remediation: 'Declare a security scheme.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', HOSTILE.js],
  },
  { id: 'rel.fixture-timeout', title: 'Synchronous call without timeout', category: 'reliability', severity: 'medium', rationale: 'Hangs propagate.', remediation: 'Set a timeout.', references: [] },
];

export function fixtureFindings(): ReportFinding[] {
  const finding = (over: Partial<ReportFinding> & Pick<Finding, 'ruleId' | 'fingerprint'>): ReportFinding => ({
    severity: 'high', category: 'security', title: 'Endpoint without authentication', message: 'm', element: 'orders', status: 'open',
    location: { file: 'docker-compose.yml', line: 8, column: 3 }, ...over,
  });
  return [
    finding({ ruleId: 'sec.fixture-auth', fingerprint: '0123456789abcdef0123456789abcdef', message: `GET /orders/${HOSTILE.script} has no security ${HOSTILE.img}`, stride: 'S', cwe: 306, isNew: true, evidence: `security: [] ${HOSTILE.js}` }),
    finding({
      ruleId: 'sec.fixture-auth', fingerprint: 'fedcba9876543210fedcba9876543210', severity: 'critical', element: 'gateway', message: 'gateway is open',
      status: 'accepted', tracking: { status: 'accepted', justification: `Internal only ${HOSTILE.script}`, by: HOSTILE.img, date: '2026-01-01', expires: '2026-12-31', source: { file: 'archbench.yaml', line: 9 } },
      related: [{ file: 'api.yaml', line: 4, message: `declared here ${HOSTILE.img}` }],
    }),
    finding({ ruleId: 'rel.fixture-timeout', fingerprint: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', severity: 'medium', category: 'reliability', title: 'Synchronous call without timeout', message: 'gateway -> orders has no timeout', element: 'gateway->orders', location: { file: 'docker-compose.yml', line: 5 } }),
    finding({ ruleId: 'custom.unknown', fingerprint: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', severity: 'low', category: 'data', title: 'A rule the registry does not know', message: 'custom', element: 'public.orders', location: { file: 'db/V1.sql', line: 6 } }),
  ];
}

export function fixtureThreatModel(): ThreatModel {
  return {
    threats: [
      {
        id: 'S:gateway:unauthenticated', fingerprint: 'f1', stride: 'S', kind: 'unauthenticated-access', title: 'Callers are not authenticated', description: `No auth on ${HOSTILE.script}`,
        elementType: 'component', element: 'gateway', likelihood: 'high', impact: 'high', severity: 'high', evidence: [{ message: 'security: []', location: { file: 'api.yaml', line: 4 } }],
        mitigations: ['Require OAuth2'], controls: [], status: 'open', location: { file: 'api.yaml', line: 4 },
      },
      {
        id: 'I:orders->orders-db:plaintext', fingerprint: 'f2', stride: 'I', kind: 'plaintext-across-boundary', title: 'Plaintext across a boundary', description: 'postgres without TLS',
        elementType: 'flow', element: 'orders->orders-db', likelihood: 'medium', impact: 'very-high', severity: 'medium', evidence: [], mitigations: ['sslmode=verify-full'], controls: ['network policy'],
        status: 'mitigated', location: { file: 'docker-compose.yml', line: 11 },
      },
    ],
    attackPaths: [{
      id: 'p1', entry: 'gateway', target: 'orders-db', components: ['gateway', 'orders', 'orders-db'], flows: ['gateway->orders', 'orders->orders-db'], severity: 'high',
      missingControls: [{ flow: 'gateway->orders', control: 'no auth on gateway->orders', message: `nothing checks callers ${HOSTILE.img}` }], endpoints: ['GET /orders'],
    }],
    entryPoints: ['gateway'],
    crownJewels: ['orders-db'],
    summary: { S: 1, T: 0, R: 0, I: 1, D: 0, E: 0 },
  };
}

export function fixtureReliability(): ReliabilityReport {
  return {
    components: [{
      component: 'orders', replicas: 1, singlePointOfFailure: true, reasons: ['1 replica', 'no PodDisruptionBudget'],
      blastRadius: { components: ['gateway'], entryPoints: ['gateway'], endpoints: ['GET /orders'] },
      detection: [{ kind: 'none', detail: 'no probe' }], signals: { metrics: false, tracing: false, logs: true, alerts: false },
    }],
    flows: [{ flow: 'gateway->orders', from: 'gateway', to: 'orders', sync: true, evidence: ['depends_on'], missing: ['timeout', 'circuit-breaker'] }],
    chains: [{ components: ['gateway', 'orders', 'orders-db'], depth: 3, retryAmplification: 9, missingTimeouts: 1 }],
    playbook: [{ component: 'orders', criticality: 'high', scenarios: [{ failure: 'orders is down', blastRadius: ['gateway'], detection: ['none'], recovery: ['restart'] }] }],
  };
}

/** Report data from the fixtures; `system` adds the threat model and reliability report, as main/threat will. */
export function fixtureReport(options: { root?: string; system?: boolean } = {}): ReportData {
  const model = fixtureModel();
  return {
    project: `Fixture ${HOSTILE.script}`, description: `About ${HOSTILE.img}`, root: options.root ?? '/nonexistent', generatedAt: '2026-03-01T10:00:00.000Z', toolVersion: '9.9.9',
    ruleSet: ruleSetInfo(FIXTURE_RULES), runId: 7, model, findings: fixtureFindings(), rules: new Map(FIXTURE_RULES.map((r) => [r.id, r])),
    changes: { reference: { kind: 'export', runId: 5, at: '2026-02-01T09:00:00.000Z' }, newCount: 1, fixed: [{ ...fixtureFindings()[2], fingerprint: 'cccccccccccccccccccccccccccccccc', title: `Gone ${HOSTILE.script}` }] },
    system: options.system ? { threatModel: fixtureThreatModel(), reliability: fixtureReliability() } : undefined,
    diagrams: { diagram: renderFallbackDiagram(model), erd: renderFallbackErd(model) },
    source: createSourceReader(options.root ?? '/nonexistent'),
    gate: { failOn: 'high', failed: true },
  };
}
