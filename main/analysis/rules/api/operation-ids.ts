/** operationId: present, unique within a spec, usable in a URL; and parameters declared once. */
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { pathItemOf } from './support/input-schemas.js';
import { REF } from './support/references.js';
import { operationElement, operationLabel, SpecWorkspace } from './support/spec-workspace.js';

export const operationIdMissing: Rule = {
  id: 'api.operationId-missing',
  title: 'Operation without operationId',
  category: 'api',
  severity: 'low',
  rationale: 'Code generators, SDKs, gateways and documentation links name operations by operationId; without one each tool invents its own name and the names change when the path does.',
  remediation: 'Give the operation a stable, unique operationId (`listUsers`, `createUser`).',
  references: [REF.oasOperation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    return workspace.operations
      .filter((operation) => !asString(asRecord(operation.at.value)?.operationId))
      .map((operation): RuleHit => ({
        element: operationElement(operation),
        location: workspace.location(operation.at),
        message: `${operationLabel(operation)} has no operationId.`,
      }));
  },
};

export const operationIdUnique: Rule = {
  id: 'api.operationId-unique',
  title: 'Duplicate operationId',
  category: 'api',
  severity: 'medium',
  rationale: 'operationIds must be unique in an API description: generated clients get two methods with one name (the build fails or one silently wins) and links that name the operation become ambiguous.',
  remediation: 'Rename one of the operations so every operationId in the spec is unique.',
  references: [REF.oasOperation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    const first = new Map<string, (typeof workspace.operations)[number]>();
    for (const operation of workspace.operations) {
      const id = asString(asRecord(operation.at.value)?.operationId);
      if (!id) continue;
      const key = `${operation.spec.file}\u0000${id}`;
      const earlier = first.get(key);
      if (!earlier) { first.set(key, operation); continue; }
      hits.push({
        element: operationElement(operation),
        location: workspace.location(workspace.child(operation.at, 'operationId')),
        message: `${operationLabel(operation)} reuses operationId "${id}" of ${operationLabel(earlier)}.`,
        related: [{ ...workspace.location(workspace.child(earlier.at, 'operationId')), message: operationLabel(earlier) }],
      });
    }
    return hits;
  },
};

const URL_SAFE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]*$/;

export const operationIdUrlSafe: Rule = {
  id: 'api.operationId-url-safe',
  title: 'operationId not URL-safe',
  category: 'api',
  severity: 'low',
  rationale: 'operationIds appear in documentation anchors, links and generated identifiers; spaces and other characters that need escaping break them.',
  remediation: 'Use letters, digits and `-._~` only (camelCase is the common convention).',
  references: [REF.oasOperation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const operation of workspace.operations) {
      const id = asString(asRecord(operation.at.value)?.operationId);
      if (!id || URL_SAFE.test(id)) continue;
      hits.push({
        element: operationElement(operation),
        location: workspace.location(workspace.child(operation.at, 'operationId')),
        message: `${operationLabel(operation)} has operationId "${id}", which contains characters that must be escaped in a URL.`,
      });
    }
    return hits;
  },
};

export const paramsUnique: Rule = {
  id: 'api.params-unique',
  title: 'Parameter declared twice',
  category: 'api',
  severity: 'medium',
  rationale: 'A parameter is identified by its name and location; declaring it twice in the same list leaves tools to pick one definition, so validation and documentation disagree.',
  remediation: 'Keep one declaration per name and `in` (an operation-level one may override a path-level one; that is not a duplicate).',
  references: [REF.oasParameter],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    const reported = new Set<string>();
    for (const operation of workspace.operations) {
      for (const owner of [pathItemOf(workspace, operation.at), operation.at]) {
        const list = workspace.child(owner, 'parameters');
        const seen = new Map<string, number>();
        asArray(list.value).forEach((_, index) => {
          const at = workspace.deref(workspace.child(list, index));
          const parameter = asRecord(at.value);
          const name = asString(parameter?.name);
          const location = asString(parameter?.in);
          if (!name || !location) return;
          const key = `${location}:${location === 'header' ? name.toLowerCase() : name}`;
          if (!seen.has(key)) { seen.set(key, index); return; }
          const where = workspace.location(workspace.child(list, index));
          const id = `${where.file}:${where.line}`;
          if (reported.has(id)) return;
          reported.add(id);
          hits.push({
            element: operationElement(operation),
            key,
            location: where,
            message: `${operationLabel(operation)} declares ${location} parameter "${name}" more than once.`,
            related: [{ ...workspace.location(workspace.child(list, seen.get(key)!)), message: 'first declaration' }],
          });
        });
      }
    }
    return hits;
  },
};
