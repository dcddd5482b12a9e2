/** Mass assignment: write bodies that accept properties their schema does not declare. */
import type { Endpoint } from '../../../../shared/model/model.js';
import { asArray, asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { authFlowOf, endpointHit, httpEndpoints, responsesOf, snakeName } from './support/endpoint-facts.js';
import { bodySchemas } from './support/input-schemas.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const PRIVILEGED = /^(is_)?(admin|administrator|superuser|super_user|staff|root|role|roles|permission|permissions|scope|scopes|privilege|privileges|group|groups|access_level|verified|email_verified|approved|owner|owner_id|user_id|account_id|tenant_id|org_id|organization_id|balance|credit|credits|plan|tier|trusted|internal|locked|banned)$/;
const BOUND_MEDIA = /json|x-www-form-urlencoded|multipart\/form-data|xml/i;

/** An object shape some operation returns that holds privileged-looking properties. */
interface Entity {
  names: Set<string>;
  /** Its names that look privileged (PRIVILEGED), in property order: the only ones it can report. */
  privileged: string[];
  from: Endpoint;
}

/** Entities by the file of the operation returning them, computed once per run (every write body is compared with them). */
const entityCache = new WeakMap<RuleContext, Map<string, Entity[]>>();

/** Property names of an object schema as inlined by the ingest (allOf members merged), snake_cased. */
function objectNames(schema: unknown): Set<string> {
  const names = new Set<string>();
  const record = asRecord(schema);
  if (!record) return names;
  for (const name of Object.keys(asRecord(record.properties) ?? {})) names.add(snakeName(name));
  for (const member of asArray(record.allOf)) for (const name of objectNames(member)) names.add(name);
  return names;
}

/**
 * The object shapes in 2xx responses: the body, array items, and objects or arrays of objects one level down (`{ data: {...} }`,
 * `{ users: [...] }`). A shape without privileged-looking names can never be reported, so only the others are kept.
 */
function entitiesByFile(context: RuleContext): Map<string, Entity[]> {
  const cached = entityCache.get(context);
  if (cached) return cached;
  const out = new Map<string, Entity[]>();
  for (const endpoint of httpEndpoints(context.model)) {
    for (const [status, response] of Object.entries(responsesOf(endpoint))) {
      if (!status.startsWith('2')) continue;
      for (const media of Object.values(response.content)) {
        const root = asRecord(media.schema);
        addEntity(out, endpoint, root);
        addEntity(out, endpoint, asRecord(root?.items));
        for (const child of Object.values(asRecord(root?.properties) ?? {})) {
          addEntity(out, endpoint, asRecord(child));
          addEntity(out, endpoint, asRecord(asRecord(child)?.items));
        }
      }
    }
  }
  entityCache.set(context, out);
  return out;
}

/** Adds an object shape `endpoint` returns to the entities of its file, when it has privileged-looking names. */
function addEntity(byFile: Map<string, Entity[]>, endpoint: Endpoint, shape: Record<string, unknown> | undefined): void {
  if (!shape?.properties && !shape?.allOf) return; // a leaf property: no names
  const names = objectNames(shape);
  const privileged = [...names].filter((name) => PRIVILEGED.test(name));
  if (!privileged.length) return;
  const entities = byFile.get(endpoint.source.file);
  if (entities) entities.push({ names, privileged, from: endpoint });
  else byFile.set(endpoint.source.file, [{ names, privileged, from: endpoint }]);
}

/**
 * Privileged-looking fields of the entity the body writes that the body does not declare. An entity is a
 * response shape of the same spec sharing at least two properties, and half of the body's, with the body.
 */
function privilegedCandidates(context: RuleContext, endpoint: Endpoint, declared: Set<string>): Array<{ name: string; from: Endpoint }> {
  const out = new Map<string, Endpoint>();
  const declaredNames = [...declared];
  for (const entity of entitiesByFile(context).get(endpoint.source.file) ?? []) {
    let shared = 0;
    for (const name of declaredNames) if (entity.names.has(name)) shared++;
    if (shared < 2 || shared * 2 < declared.size) continue;
    for (const name of entity.privileged) {
      if (!declared.has(name) && !out.has(name)) out.set(name, entity.from);
    }
  }
  return [...out].map(([name, from]) => ({ name, from }));
}

export const massAssignment: Rule = {
  id: 'api.mass-assignment',
  title: 'Write body accepts undeclared properties',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 915,
  owaspApi: 'API3:2023',
  rationale: 'An object schema without `additionalProperties: false` (or `unevaluatedProperties: false`) lets clients send fields the contract does not list. Handlers that bind the body to a model then let callers set server-managed fields (role, admin, owner, balance): mass assignment. The finding is high when a response shape of the same entity (sharing most of the properties of the body) holds such a field that the body does not declare, low when no such field is visible; login and token bodies are not reported.',
  remediation: 'Close request schemas with `additionalProperties: false` (`unevaluatedProperties: false` when composing with allOf) and reject unknown fields at the gateway or in the handler; bind request bodies to dedicated input types, never to persistence models.',
  references: [REF.api3, REF.massAssignmentCheatSheet, REF.owaspRuleset],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      if (!['POST', 'PUT', 'PATCH'].includes(endpoint.method)) continue;
      const flow = authFlowOf(endpoint);
      if (flow === 'login' || flow === 'token' || flow === 'verification') continue; // nothing is stored from these bodies
      const operation = workspace.operationOf(endpoint);
      if (!operation) continue;
      for (const { mediaType, at } of bodySchemas(workspace, operation)) {
        const schema = asRecord(at.value)!;
        if (!BOUND_MEDIA.test(mediaType)) continue;
        const isObject = schema.type === 'object' || (schema.type === undefined && (schema.properties !== undefined || schema.allOf !== undefined));
        if (!isObject || schema.additionalProperties === false || schema.unevaluatedProperties === false) continue;
        const explicit = schema.additionalProperties === true || asRecord(schema.additionalProperties) !== undefined;
        const declared = new Set(Object.keys(asRecord(schema.properties) ?? {}).map(snakeName));
        for (const member of asArray(schema.allOf)) {
          for (const name of Object.keys(asRecord(asRecord(workspace.deref({ ...at, value: member }).value)?.properties) ?? {})) declared.add(snakeName(name));
        }
        const candidates = privilegedCandidates(context, endpoint, declared);
        const open = explicit ? 'explicitly allows additional properties' : 'accepts properties not declared in its schema (no `additionalProperties: false`)';
        const consequence = candidates.length
          ? `clients can set fields such as ${candidates.slice(0, 4).map((candidate) => `${candidate.name} (returned by ${candidate.from.id})`).join(', ')}`
          : 'if the handler binds the body to a model, clients can set server-managed fields';
        hits.push(endpointHit(endpoint, `${endpoint.id} ${open}: ${consequence}.`, {
          location: workspace.location(at),
          severity: candidates.length ? 'high' : 'low',
          related: candidates.slice(0, 4).map((candidate) => ({ ...candidate.from.source, message: `${candidate.from.id} returns ${candidate.name}` })),
        }));
        break;
      }
    }
    return hits;
  },
};
