/**
 * The threat model: STRIDE threats per component, flow, endpoint and table generated from the real
 * model (exposure, classification, boundaries, declared controls), the entry points and crown jewels,
 * and the attack paths between them. Threats the files show to be mitigated are kept with status
 * `mitigated` and their controls; archbench.yaml risk decisions apply through the shared fingerprints.
 */
import type { Endpoint, SystemModel, Table } from '../../shared/model/model.js';
import type { Severity } from '../../shared/model/finding.js';
import type { Level, StrideLetter, Threat, ThreatModel } from '../../shared/model/system-analysis.js';
import { fingerprintOf } from '../analysis/fingerprint.js';
import { DATA_API_ID } from '../db/infer-components.js';
import { declaredThreatsOf, type DeclaredThreat } from '../ingest/declared-threats.js';
import { systemAnalysis, THREAT_DETECTORS } from './analysis.js';
import { isSecured } from './exposure.js';
import { attackPaths, crownJewels } from './attack-paths.js';
import { classificationDeclared } from './classification.js';
import { issueSeverity, ruleIdOfKind, type SystemIssue } from './issues.js';
import { unconnectedNote } from './model-index.js';
import { tableMappings } from './tables.js';
import { applyRiskTracking } from './tracking.js';

export interface ThreatModelOptions {
  /** Today, for the expiry of risk decisions (tests pass a fixed date). */
  today?: Date;
  /** Most attack paths kept (default 500). */
  maxAttackPaths?: number;
}

const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const SENSITIVE_COLUMN = /(password|passwd|pass_hash|secret|token|api_?key|ssn|social_security|card_number|credit_card|cvv|iban|private_key|salt|otp|mfa|recovery_code)/i;
const ALWAYS_TRUE = /^\s*\(?\s*true\s*\)?\s*$/i;

/** Build the threat model of a system. Pure: the same model gives the same threats. */
export function buildThreatModel(model: SystemModel, options: ThreatModelOptions = {}): ThreatModel {
  const analysis = systemAnalysis(model);
  const threats: Threat[] = [];
  for (const kind of THREAT_DETECTORS) for (const issue of analysis.issues(kind)) threats.push(toThreat(issue));
  threats.push(...tableThreats(model), ...declaredThreats(model));
  applyRiskTracking(threats, model.risks ?? [], options.today ?? new Date(), (threat) => ruleIdOfKind(threat.kind));
  threats.sort((a, b) => Number(a.status === 'mitigated') - Number(b.status === 'mitigated') || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.id.localeCompare(b.id));

  const jewels = crownJewels(analysis.index, analysis.exposure);
  const { paths, truncated } = attackPaths(analysis.index, analysis.exposure, jewels, options.maxAttackPaths ?? 500);
  const summary: Record<StrideLetter, number> = { S: 0, T: 0, R: 0, I: 0, D: 0, E: 0 };
  const elementsByLetter = new Map<StrideLetter, Set<string>>();
  for (const threat of threats) {
    if (threat.status === 'mitigated' || threat.status === 'false-positive') continue;
    const set = elementsByLetter.get(threat.stride) ?? new Set<string>();
    set.add(`${threat.elementType}:${threat.element}`);
    elementsByLetter.set(threat.stride, set);
  }
  for (const [letter, elements] of elementsByLetter) summary[letter] = elements.size;

  const notes: string[] = [];
  if (!classificationDeclared(analysis.index)) {
    notes.push('No data classification is declared (archbench.yaml `dataClassification`, Threagile ratings or data assets): datastores and caches are treated as confidential, and impacts that depend on classification are estimates.');
  }
  for (const jewel of jewels) if (jewel.why.startsWith('keeps')) notes.push(`${jewel.component} ${jewel.why}; it is treated as a target.`);
  if (!analysis.exposure.entryPoints.size) notes.push('No internet entry point is visible (no Ingress, LoadBalancer / NodePort Service, published port or `internetFacing` declaration): there are no attack paths.');
  if (truncated) notes.push(`${truncated} more attack paths were left out (most severe kept).`);
  for (const note of unservedEndpointNotes(model, analysis.exposure.servedBy)) notes.push(note);
  const alone = unconnectedNote(analysis.index, (one) => `no attack path passes through ${one ? 'it' : 'them'}`);
  if (alone) notes.push(alone);
  notes.push('Attack paths follow flows in their call direction; messages a consumer pulls from a queue are not followed back to the consumer.');
  return {
    threats,
    attackPaths: paths,
    entryPoints: [...analysis.exposure.entryPoints.keys()].sort(),
    crownJewels: jewels.map((jewel) => jewel.component).sort(),
    summary,
    entryPointDetails: [...analysis.exposure.entryPoints.values()].map((entry) => ({ component: entry.component, reasons: entry.reasons, direct: entry.direct, guardedBy: entry.guardedBy })),
    notes,
  };
}

/**
 * Operations no component is known to serve (the spec's title, server hosts and ports match none): they are in no
 * entry point and no attack path, so the user is told how to place them.
 */
function unservedEndpointNotes(model: SystemModel, servedBy: ReadonlyMap<Endpoint, unknown>): string[] {
  const byFile = new Map<string, number>();
  for (const endpoint of model.endpoints) if (!servedBy.has(endpoint)) byFile.set(endpoint.source.file, (byFile.get(endpoint.source.file) ?? 0) + 1);
  return [...byFile].sort(([a], [b]) => a.localeCompare(b)).map(([file, count]) => `${count} operation${count === 1 ? '' : 's'} of ${file} ${count === 1 ? 'is' : 'are'} served by no component of the model (neither the spec's title nor its server hosts and ports match one), so ${count === 1 ? 'it is' : 'they are'} in no entry point or attack path: name the component in archbench.yaml \`apis\` (\`- spec: ${file}\` with \`component: <id>\`).`);
}

/** A threat from a system issue; its fingerprint is the finding's when a system rule raises the same issue. */
export function toThreat(issue: SystemIssue): Threat {
  const ruleId = ruleIdOfKind(issue.kind);
  return {
    id: `${issue.stride}:${issue.element}:${issue.kind}${issue.key ? `:${issue.key}` : ''}`,
    fingerprint: fingerprintOf(ruleId, issue.element, issue.key),
    stride: issue.stride,
    kind: issue.kind,
    title: issue.title,
    description: issue.message,
    elementType: issue.elementType,
    element: issue.element,
    // A mitigated threat shows its residual risk: the controls make it unlikely.
    likelihood: issue.mitigated ? 'low' : issue.likelihood,
    impact: issue.impact,
    severity: issue.mitigated ? issueSeverity({ ...issue, likelihood: 'low', severity: undefined }) : issueSeverity(issue),
    evidence: issue.evidence,
    mitigations: issue.mitigations,
    controls: issue.controls,
    status: issue.mitigated ? 'mitigated' : 'open',
    ...(issue.cwe ? { cwe: issue.cwe } : {}),
    location: issue.location,
    ...(ruleId.startsWith('sys.') ? { ruleId } : {}),
    ...(issue.key ? { key: issue.key } : {}),
  };
}

const LIKELIHOOD_OF: Record<Severity, Level> = { critical: 'very-high', high: 'high', medium: 'medium', low: 'low', info: 'low' };
const ORIGIN_NAMES: Record<DeclaredThreat['origin'], string> = { 'threat-dragon': 'the Threat Dragon model', otm: 'the Open Threat Model' };

/**
 * The threats the imported threat models list themselves (Threat Dragon, OTM), with their own status, severity and
 * mitigations: a team's threat model keeps its work, beside what Archbench finds. Risk decisions in archbench.yaml
 * apply to them too (fingerprint `threat.declared` + element + the tool's threat id).
 */
function declaredThreats(model: SystemModel): Threat[] {
  const elements: Array<{ type: 'component' | 'flow'; id: string; properties?: Record<string, unknown> }> = [
    ...model.components.map((c) => ({ type: 'component' as const, id: c.id, properties: c.properties })),
    ...model.flows.map((f) => ({ type: 'flow' as const, id: f.id, properties: f.properties })),
  ];
  return elements.flatMap((element) => declaredThreatsOf(element.properties).map((declared): Threat => ({
    id: `${declared.stride}:${element.id}:declared:${declared.key}`,
    fingerprint: fingerprintOf('threat.declared', element.id, declared.key),
    stride: declared.stride,
    kind: 'declared',
    title: declared.title,
    description: declared.description ?? declared.title,
    elementType: element.type,
    element: element.id,
    likelihood: LIKELIHOOD_OF[declared.severity],
    impact: LIKELIHOOD_OF[declared.severity],
    severity: declared.severity,
    evidence: [{ message: `Listed in ${ORIGIN_NAMES[declared.origin]} as ${declared.category}, ${declared.status === 'false-positive' ? 'not applicable' : declared.status}`, location: declared.source }],
    mitigations: declared.mitigations,
    controls: declared.status === 'mitigated' ? declared.mitigations : [],
    status: declared.status,
    ...(declared.cwe ? { cwe: declared.cwe } : {}),
    location: declared.source,
    key: declared.key,
  })));
}

/** Tables reachable without authentication (an unauthenticated operation maps to them, or anon / PUBLIC holds grants) and whether RLS guards them. */
function tableThreats(model: SystemModel): Threat[] {
  if (!model.tables.length) return [];
  const mappings = tableMappings(model);
  const byTable = new Map<Table, string[]>();
  for (const [endpoint, mapping] of mappings) {
    if (endpoint.protocol !== 'http' || isSecured(endpoint)) continue;
    byTable.set(mapping.table, [...(byTable.get(mapping.table) ?? []), `${endpoint.id} (mapped by ${mapping.how})`]);
  }
  // Behind Supabase's Data API, `authenticated` is anyone who signs up: a grant to it exposes the table to the internet too.
  const dataApi = model.components.some((component) => component.id === DATA_API_ID && component.origins?.includes('supabase'));
  const out: Threat[] = [];
  for (const table of model.tables) {
    if (table.system) continue;
    const exposures = [...(byTable.get(table) ?? [])];
    for (const role of ['anon', 'PUBLIC', 'public']) {
      const privileges = table.grants?.[role];
      if (privileges?.length) exposures.push(`grants ${privileges.join(', ')} to ${role}`);
    }
    const anonymous = exposures.length > 0;
    if (dataApi && table.grants?.authenticated?.length) exposures.push(`grants ${table.grants.authenticated.join(', ')} to authenticated (any user who signs up) through the Supabase Data API`);
    if (!exposures.length) continue;
    const element = `${table.schema}.${table.name}`;
    const alwaysTrue = (table.policies ?? []).filter((policy) => ALWAYS_TRUE.test(policy.using ?? '') || ALWAYS_TRUE.test(policy.withCheck ?? ''));
    const sensitive = table.columns.filter((column) => SENSITIVE_COLUMN.test(column.name)).map((column) => column.name);
    const guarded = table.rlsEnabled && !alwaysTrue.length && (table.policies ?? []).length > 0;
    const problem = !table.rlsEnabled ? 'row-level security is disabled' : alwaysTrue.length ? `policy ${alwaysTrue.map((policy) => policy.name).join(', ')} is always true` : (table.policies ?? []).length ? '' : 'RLS is enabled with no policy (every row is hidden)';
    const issue: SystemIssue = {
      kind: 'table-without-rls', stride: 'I', cwe: 862, elementType: 'table', element,
      title: 'Table reachable without row-level security',
      message: guarded
        ? `${element} is reachable ${anonymous ? 'without authentication' : 'by any signed-up user'} (${exposures.join('; ')}) and row-level security limits what each caller sees (${(table.policies ?? []).map((policy) => policy.name).join(', ')}).`
        : `${element} is reachable ${anonymous ? 'without authentication' : 'by any signed-up user'} (${exposures.join('; ')}) and ${problem || 'nothing limits rows per caller'}: every row${sensitive.length ? `, including ${sensitive.join(', ')},` : ''} is readable by ${anonymous ? 'anyone' : 'every user'}.`,
      location: table.lastChanged ?? table.source,
      likelihood: anonymous ? 'very-high' : 'high', impact: sensitive.length ? 'very-high' : 'high',
      evidence: exposures.map((message) => ({ message })),
      mitigations: [`Enable row-level security with policies that scope rows to the caller, and revoke grants to anon${dataApi ? ' and authenticated' : ''} that the API does not need.`],
      controls: guarded ? [`RLS with ${(table.policies ?? []).length} polic${(table.policies ?? []).length === 1 ? 'y' : 'ies'}`] : [],
      mitigated: guarded || (problem.startsWith('RLS is enabled with no policy')),
      threatOnly: true,
    };
    out.push(toThreat(issue));
  }
  return out;
}
