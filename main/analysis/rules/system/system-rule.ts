/**
 * A system rule is a view of one system-analysis detector (main/threat): the detector finds the issue
 * on the whole model once per run, the rule turns the unmitigated ones into findings. The threat model
 * shows the same issues as STRIDE threats with the same fingerprints.
 */
import type { RuleMeta } from '../../../../shared/model/finding.js';
import { systemAnalysis, type DetectorKind } from '../../../threat/analysis.js';
import { issueSeverity, type SystemIssue } from '../../../threat/issues.js';
import type { Rule, RuleHit } from '../../rule.js';

/** The finding of one issue. */
export function hitOf(issue: SystemIssue): RuleHit {
  const evidence = issue.evidence.map((item) => item.message).filter(Boolean).join('; ');
  return {
    message: issue.message,
    location: issue.location,
    element: issue.element,
    ...(issue.key ? { key: issue.key } : {}),
    ...(issue.related?.length ? { related: issue.related } : {}),
    severity: issueSeverity(issue),
    ...(evidence ? { evidence } : {}),
  };
}

/** A rule raising the open issues of one detector kind. */
export function systemRule(meta: RuleMeta, kind: DetectorKind): Rule {
  return {
    ...meta,
    check(context) {
      return systemAnalysis(context.model, context.readText).issues(kind).filter((issue) => !issue.mitigated && !issue.threatOnly).map(hitOf);
    },
  };
}

/** Reference URLs of the system rules. */
export const SYSTEM_REFERENCES = {
  attackSurface: 'https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html',
  threagileRules: 'https://github.com/Threagile/threagile/blob/master/docs/risk-rules.md',
  transportLayer: 'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
  authentication: 'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html',
  microservices: 'https://cheatsheetseries.owasp.org/cheatsheets/Microservices_Security_Cheat_Sheet.html',
  networkPolicies: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
  secrets: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  accessControl: 'https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html',
  ssrf: 'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html',
  api7: 'https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/',
  timeouts: 'https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/',
  overload: 'https://sre.google/sre-book/addressing-cascading-failures/',
  retryBudgets: 'https://sre.google/sre-book/handling-overload/',
  idempotency: 'https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/',
  disruptions: 'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/',
  monitoring: 'https://sre.google/sre-book/monitoring-distributed-systems/',
  statefulSets: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/',
  hpa: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
  postgresConnections: 'https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS',
  cwe: (id: number) => `https://cwe.mitre.org/data/definitions/${id}.html`,
};
