/**
 * A migration that locks a table the API serves: the lock findings of the migration-safety rules
 * (mig.*) joined with the operations mapped to the table, so the finding names the endpoints that stall
 * while the statement runs and is raised a step above the lock finding. A new rule rather than a severity
 * change of the mig.* finding: the mig.* rules stay about the SQL (what Squawk would say), this one is
 * about the outage, with the endpoints listed, and each can be accepted on its own.
 */
import type { Endpoint } from '../../../../shared/model/model.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { addColumnVolatileDefault, alterColumnType, constraintWithoutNotValid, indexNotConcurrent, setNotNull, uniqueWithoutIndex } from '../db/migration-locks.js';
import type { Severity } from '../../registry.js';
import { INFRA_REFERENCES as REF } from './infra-objects.js';
import { elementOfEndpoint, mappedOperations, tableName, type MappedOperation } from './support.js';

/** The mig.* rules whose statements hold a lock that blocks traffic, and what the lock blocks. */
const LOCK_RULES: Array<{ rule: Rule; blocks: 'writes' | 'all' }> = [
  { rule: indexNotConcurrent, blocks: 'writes' }, // SHARE
  { rule: constraintWithoutNotValid, blocks: 'all' }, // ACCESS EXCLUSIVE for CHECK; SHARE ROW EXCLUSIVE (writes) for a foreign key, told apart below
  { rule: uniqueWithoutIndex, blocks: 'all' },
  { rule: addColumnVolatileDefault, blocks: 'all' },
  { rule: alterColumnType, blocks: 'all' },
  { rule: setNotNull, blocks: 'all' },
];

const RAISED: Record<Severity, Severity> = { info: 'low', low: 'medium', medium: 'high', high: 'critical', critical: 'critical' };

function isWrite(endpoint: Endpoint): boolean {
  return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(endpoint.method.toUpperCase()) || endpoint.method === 'Mutation';
}

/** A foreign key only blocks writes: the add-constraint fact at the hit's statement says which kind it is. */
function blocksOnlyWrites(context: RuleContext, hit: RuleHit, blocks: 'writes' | 'all'): boolean {
  if (blocks === 'writes') return true;
  return (context.database?.facts.alterations ?? []).some((fact) => fact.kind === 'add-constraint' && fact.constraintType === 'foreign-key'
    && fact.source.file === hit.location.file && fact.source.line === hit.location.line);
}

export const hotTableLock: Rule = {
  id: 'x.hot-table-lock',
  title: 'Migration locks a table that API operations use',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  cwe: 400,
  rationale: 'A migration statement holds a lock that blocks writes (CREATE INDEX without CONCURRENTLY, a foreign key validated in place) or every '
    + 'query (a table rewrite, a CHECK or UNIQUE built in place, SET NOT NULL) on a table that operations of the API read or write. While it '
    + 'runs those operations queue, time out and fail, and the connection pool fills behind them: the lock is an outage of the listed endpoints. '
    + 'Squawk and the mig.* rules can only say a lock is taken; the model says who waits for it.',
  remediation: 'Use the lock-free form the mig.* finding names (CONCURRENTLY, NOT VALID then VALIDATE, expand and contract), set a short '
    + 'lock_timeout so the migration gives up instead of queueing traffic behind it, or run it in a maintenance window for these endpoints.',
  references: [REF.explicitLocking, REF.squawk, REF.cwe(400)],
  check(context) {
    if (!context.database) return [];
    const byTable = new Map<string, MappedOperation[]>();
    for (const operation of mappedOperations(context)) {
      const key = tableName(operation.table);
      byTable.set(key, [...(byTable.get(key) ?? []), operation]);
    }
    if (!byTable.size) return [];
    const hits: RuleHit[] = [];
    for (const { rule, blocks } of LOCK_RULES) {
      for (const lock of rule.check(context)) {
        const operations = byTable.get(lock.element) ?? [];
        const writesOnly = blocksOnlyWrites(context, lock, blocks);
        const affected = operations.filter((operation) => !writesOnly || isWrite(operation.endpoint));
        if (!affected.length) continue;
        const names = affected.map((operation) => operation.endpoint.id);
        const critical = affected.some((operation) => {
          const component = context.model.components.find((candidate) => candidate.id === operation.endpoint.component);
          return component?.criticality === 'critical';
        });
        hits.push({
          message: `${lock.message} ${writesOnly ? 'Writes to' : 'Every query on'} ${lock.element} ${writesOnly ? 'wait' : 'waits'} until it ends, and the API serves the table: `
            + `${names.slice(0, 8).join(', ')}${names.length > 8 ? ` and ${names.length - 8} more` : ''} (${affected[0].mapping.how}${affected.length > 1 ? ', ...' : ''}) `
            + `${names.length === 1 ? 'stalls and times out' : 'stall and time out'} meanwhile.`,
          location: lock.location,
          element: lock.element,
          key: `${rule.id}:${lock.key ?? lock.location.line}`,
          related: affected.slice(0, 10).map((operation) => ({ ...operation.endpoint.source, message: `${operation.endpoint.id} (${elementOfEndpoint(operation.endpoint)})` })),
          severity: critical ? 'critical' : RAISED[rule.severity],
          ...(lock.evidence ? { evidence: lock.evidence } : {}),
        });
      }
    }
    return hits;
  },
};
