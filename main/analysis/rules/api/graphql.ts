/** GraphQL schemas: unbounded lists, debug fields, mutations left out of an auth scheme the schema uses, undocumented root fields. */
import type { TypeNode } from 'graphql';
import { lazyModule } from '../../../core/lazy.js';

const graphql = lazyModule<typeof import('graphql')>('graphql');
import type { Endpoint } from '../../../../shared/model/model.js';
import { positionIn } from '../../../ingest/positions.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { BUILT_IN_SCALARS, graphqlFiles } from './graphql-schema.js';
import { elementOf, endpointHit } from './support/endpoint-facts.js';
import { REF } from './support/references.js';

const PAGE_ARGUMENT = /^(first|last|limit|take|top|pageSize|page_size|perPage|per_page|page|offset|skip|after|before|cursor|count|max|maxResults)$/;

function graphqlEndpoints(context: RuleContext): Endpoint[] {
  return context.model.endpoints.filter((endpoint) => endpoint.protocol === 'graphql');
}

function namedType(type: TypeNode): { name: string; list: boolean } {
  let list = false;
  let node = type;
  while (node.kind !== graphql().Kind.NAMED_TYPE) {
    if (node.kind === graphql().Kind.LIST_TYPE) list = true;
    node = node.type;
  }
  return { name: node.name.value, list };
}

export const graphqlListPagination: Rule = {
  id: 'graphql.list-pagination',
  title: 'GraphQL list field without pagination arguments',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 770,
  owaspApi: 'API4:2023',
  rationale: 'A field returning a list of objects with no first/last/limit argument returns all of them, and nested inside other lists it multiplies: one query can ask for every item of every item. Relay connections (paged by their own arguments) are not reported.',
  remediation: 'Return a connection (`first`/`after`, `last`/`before`) or add a `limit` argument with a server-enforced maximum; also enforce query depth and cost limits.',
  references: [REF.graphqlPagination, REF.relayConnections, REF.graphqlCheatSheet, REF.api4],
  check(context) {
    const hits: RuleHit[] = [];
    const endpoints = graphqlEndpoints(context);
    for (const { file, document, starts } of graphqlFiles(context)) {
      const leafTypes = new Set(BUILT_IN_SCALARS);
      for (const definition of document.definitions) {
        if (definition.kind === graphql().Kind.SCALAR_TYPE_DEFINITION || definition.kind === graphql().Kind.ENUM_TYPE_DEFINITION) leafTypes.add(definition.name.value);
      }
      for (const definition of document.definitions) {
        if (definition.kind !== graphql().Kind.OBJECT_TYPE_DEFINITION && definition.kind !== graphql().Kind.OBJECT_TYPE_EXTENSION && definition.kind !== graphql().Kind.INTERFACE_TYPE_DEFINITION) continue;
        const typeName = definition.name.value;
        if (/(Connection|Edge)$/.test(typeName)) continue;
        for (const field of definition.fields ?? []) {
          const { name, list } = namedType(field.type);
          if (!list || leafTypes.has(name) || field.name.value === 'edges' || field.name.value === 'nodes') continue;
          if ((field.arguments ?? []).some((argument) => PAGE_ARGUMENT.test(argument.name.value))) continue;
          const at = positionIn(starts, field.name.loc?.start ?? 0);
          const endpoint = endpoints.find((candidate) => candidate.source.file === file && candidate.source.pointer === `${typeName}.${field.name.value}`);
          hits.push({
            element: endpoint ? elementOf(endpoint) : `${file}#${typeName}.${field.name.value}`,
            location: { file, line: at.line, column: at.column, pointer: `${typeName}.${field.name.value}` },
            message: `${typeName}.${field.name.value} returns a list of ${name} with no pagination argument (first, limit, ...): one query returns all of them.`,
          });
        }
      }
    }
    return hits;
  },
};

const DEBUG_FIELD = /^_*(debug|internal|admin|dump|eval|sql|shell|diagnostics?)([A-Z_]|$)|(Debug|Internal|Dump|RawSql|RawQuery|ExecuteSql|RunSql|Eval)([A-Z_]|$)|^_*(debug|dump)/;
const FEDERATION = new Set(['_service', '_entities']);

export const graphqlDebugField: Rule = {
  id: 'graphql.debug-field',
  title: 'Debug or internal GraphQL root field',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 489,
  owaspApi: 'API5:2023',
  rationale: 'Root fields named debug, internal, admin, dump, rawSql or exec are development or operator tools. In a public schema they are discoverable through introspection and are a direct path to data or functions ordinary clients must not reach.',
  remediation: 'Remove the field from the public schema (serve it from a separate internal endpoint), or protect it with an authorization directive checked by the server.',
  references: [REF.graphqlCheatSheet, REF.api5],
  check(context) {
    return graphqlEndpoints(context)
      .filter((endpoint) => !FEDERATION.has(endpoint.path) && DEBUG_FIELD.test(endpoint.path))
      .map((endpoint) => endpointHit(endpoint, endpoint.securityUndeclared
        ? `${endpoint.id} looks like a debug or internal field and carries no authorization directive: any client that can query the schema can call it.`
        : `${endpoint.id} looks like a debug or internal field in the public schema.`, endpoint.securityUndeclared ? {} : { severity: 'medium' }));
  },
};

export const graphqlMutationUnauthenticated: Rule = {
  id: 'graphql.mutation-unauthenticated',
  title: 'Mutation without the auth directive the schema uses',
  category: 'security',
  severity: 'high',
  stride: 'E',
  cwe: 862,
  owaspApi: 'API5:2023',
  rationale: 'GraphQL has no standard security declaration, so an SDL without auth directives says nothing either way and is not reported. But when a schema marks authorization with directives (@auth, @requiresScopes, @hasRole, ...) on some fields or types, a mutation without one is the exception: usually forgotten, and then callable by anyone.',
  remediation: 'Add the schema\'s authorization directive to the mutation (or its type), or record that it is deliberately public.',
  references: [REF.graphqlCheatSheet, REF.api5],
  check(context) {
    const hits: RuleHit[] = [];
    const endpoints = graphqlEndpoints(context);
    for (const file of new Set(endpoints.map((endpoint) => endpoint.source.file))) {
      const own = endpoints.filter((endpoint) => endpoint.source.file === file);
      const directives = new Set(own.flatMap((endpoint) => endpoint.security.flatMap((requirement) => Object.keys(requirement))));
      if (!directives.size) continue;
      for (const endpoint of own) {
        if (endpoint.method !== 'mutation' || !endpoint.securityUndeclared) continue;
        hits.push(endpointHit(endpoint, `${endpoint.id} has no authorization directive although the schema protects other fields with ${[...directives].join(', ')}.`));
      }
    }
    return hits;
  },
};

export const graphqlOperationDescription: Rule = {
  id: 'graphql.operation-description',
  title: 'GraphQL root field without description',
  category: 'api',
  severity: 'info',
  rationale: 'Root fields are the operations of a GraphQL API; their descriptions are what introspection-based tools (GraphiQL, generated docs) show consumers.',
  remediation: 'Add a description ("""...""") to each Query, Mutation and Subscription field.',
  references: [REF.graphqlPagination],
  check(context) {
    return graphqlEndpoints(context)
      .filter((endpoint) => !String(endpoint.properties?.description ?? '').trim())
      .map((endpoint) => endpointHit(endpoint, `${endpoint.id} has no description.`));
  },
};
