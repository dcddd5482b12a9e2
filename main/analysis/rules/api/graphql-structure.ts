/** GraphQL schema validity (what graphql-js refuses to build) and types no client can reach. */
import type { ASTNode, GraphQLError } from 'graphql';
import { lazyModule } from '../../../core/lazy.js';
import type { Rule, RuleHit } from '../../rule.js';
import {
  BUILT_IN_SCALARS, GRAPHQL_REF, graphqlViews, KIND_WORD, nodeLocation, reachableTypes, rootTypeNames, typeDefinitions, type GraphqlView,
} from './graphql-schema.js';

const graphql = lazyModule<typeof import('graphql')>('graphql');

/** The type, directive or schema definition of the view whose text holds `node` (its name, for the finding's element). */
function enclosingName(view: GraphqlView, node: ASTNode): string {
  const holder = view.definitions.find((definition) => definition.loc && node.loc && definition.loc.source === node.loc.source
    && definition.loc.start <= node.loc.start && node.loc.end <= definition.loc.end);
  if (!holder) return 'schema';
  if (holder.kind === graphql().Kind.DIRECTIVE_DEFINITION) return `@${holder.name.value}`;
  return 'name' in holder && holder.name ? holder.name.value : 'schema';
}

/** The node an error is about: graphql-js lists the earlier definition first and the offending one last. */
function errorHit(view: GraphqlView, error: GraphQLError): RuleHit {
  const located = (error.nodes ?? []).filter((node) => node.loc);
  const first = view.definitions.find((definition) => definition.loc);
  const node = located[located.length - 1] ?? first;
  const location = node ? nodeLocation(view, node) : { file: view.files[0].file, line: 1, column: 1 };
  return {
    element: `${location.file}#${node ? enclosingName(view, node) : 'schema'}`,
    key: error.message,
    location,
    message: error.message,
    ...(located.length > 1 ? { related: located.slice(0, -1).map((other) => ({ ...nodeLocation(view, other), message: 'also named by this error' })) } : {}),
  };
}

export const graphqlStruct: Rule = {
  id: 'graphql.struct',
  title: 'GraphQL schema is not valid',
  category: 'api',
  severity: 'high',
  rationale: 'graphql-js, and the servers and code generators that follow the GraphQL specification, refuse a schema with a misspelt type, a type, '
    + 'field or enum value defined twice, an interface field an implementation lacks, an input type where an output type belongs (or the reverse) or '
    + 'a union of non-object types: the server does not start, or tools built from the SDL disagree with the server. Syntax errors are reported when '
    + 'the file is read. Directives the schema does not define are not reported (Apollo Federation, AWS AppSync and others supply their own; a known '
    + 'directive in the wrong place is), and in a '
    + 'schema split over several files only the errors no other file could repair are.',
  remediation: 'Fix the definition the message names: correct the type name, remove or merge the duplicate, add the missing interface field with a '
    + 'compatible type, or use an input type for arguments and input fields and an output type for fields. `graphql-js` `buildSchema` reports the same.',
  references: [GRAPHQL_REF.typeSystem, GRAPHQL_REF.objectValidation, GRAPHQL_REF.graphqlJsUtilities],
  check(context) {
    return graphqlViews(context).flatMap((view) => view.errors.map((error) => errorHit(view, error)));
  },
};

export const graphqlUnusedType: Rule = {
  id: 'graphql.unused-type',
  title: 'GraphQL type no client can reach',
  category: 'api',
  severity: 'low',
  rationale: 'A type that no field, argument or input field reachable from the query, mutation and subscription types leads to (directly, through an '
    + 'interface it implements or a union it belongs to) cannot appear in any request or response. It is left over from a removed field, or a field '
    + 'that was meant to use it does not; either way it misleads readers of the schema and drifts unnoticed. Types used by directive arguments, and '
    + 'types carrying a directive their platform supplies (federation entities with `@key`), count as used. Only schemas whose every type the analysis '
    + 'sees are checked, and not those a generator adds root fields to (Amplify `@model`, Neo4j, Dgraph).',
  remediation: 'Delete the type, or add the field or argument that was meant to use it.',
  references: [GRAPHQL_REF.unreachableTypes, GRAPHQL_REF.typeSystem],
  check(context) {
    const hits: RuleHit[] = [];
    for (const view of graphqlViews(context)) {
      if (!view.closed || view.unknown.size) continue;
      const reachable = reachableTypes(view);
      if (!reachable) continue;
      const roots = rootTypeNames(view);
      for (const definition of typeDefinitions(view)) {
        const name = definition.name.value;
        if (reachable.has(name) || roots.has(name) || BUILT_IN_SCALARS.has(name)) continue;
        const location = nodeLocation(view, definition.name, name);
        hits.push({
          element: `${location.file}#${name}`,
          location,
          message: `${KIND_WORD[definition.kind]} ${name} is defined but nothing reachable from the root types uses it: no request or response can contain it.`,
        });
      }
    }
    return hits;
  },
};
