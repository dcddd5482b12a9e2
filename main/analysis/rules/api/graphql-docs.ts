/** GraphQL documentation: types without a description, deprecations that do not say why or what to use instead. */
import type { ConstDirectiveNode, DefinitionNode } from 'graphql';
import { lazyModule } from '../../../core/lazy.js';
import type { Rule, RuleHit } from '../../rule.js';
import { GRAPHQL_REF, graphqlViews, KIND_WORD, nodeLocation, rootTypeNames, typeDefinitions, type GraphqlView } from './graphql-schema.js';

const graphql = lazyModule<typeof import('graphql')>('graphql');

const DESCRIBED_KINDS = new Set(['ObjectTypeDefinition', 'InputObjectTypeDefinition', 'EnumTypeDefinition', 'InterfaceTypeDefinition']);

export const graphqlTypeDescription: Rule = {
  id: 'graphql.type-description',
  title: 'GraphQL type without description',
  category: 'api',
  severity: 'info',
  rationale: 'Object, input, enum and interface types are the nouns of a GraphQL API; their descriptions ("""...""") are what GraphiQL, generated '
    + 'documentation and client code generators show consumers. Root types are left out (their fields are the operations, see graphql.operation-description).',
  remediation: 'Add a description ("""...""") above each type saying what it represents, and for enums what the values mean.',
  references: [GRAPHQL_REF.descriptions, GRAPHQL_REF.requireDescription],
  check(context) {
    const hits: RuleHit[] = [];
    for (const view of graphqlViews(context)) {
      const roots = rootTypeNames(view);
      for (const definition of typeDefinitions(view)) {
        const name = definition.name.value;
        if (!DESCRIBED_KINDS.has(definition.kind) || roots.has(name) || definition.description?.value.trim()) continue;
        const location = nodeLocation(view, definition.name, name);
        hits.push({ element: `${location.file}#${name}`, location, message: `${KIND_WORD[definition.kind]} ${name} has no description.` });
      }
    }
    return hits;
  },
};

/** graphql-js fills in this reason when @deprecated has none; clients then read it as the reason. */
const DEFAULT_REASON = 'No longer supported';

/** Each `@deprecated` of a view with what it deprecates (`Order.total`, `Order.items(first:)`, `Status.OPEN`). */
function deprecations(view: GraphqlView): Array<{ directive: ConstDirectiveNode; target: string }> {
  const { Kind } = graphql();
  const out: Array<{ directive: ConstDirectiveNode; target: string }> = [];
  const collect = (directives: readonly ConstDirectiveNode[] | undefined, target: string) => {
    for (const directive of directives ?? []) if (directive.name.value === 'deprecated') out.push({ directive, target });
  };
  for (const definition of view.definitions as DefinitionNode[]) {
    if (!('name' in definition) || !definition.name) continue;
    const type = definition.name.value;
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION
      || definition.kind === Kind.INTERFACE_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_EXTENSION) {
      for (const field of definition.fields ?? []) {
        collect(field.directives, `${type}.${field.name.value}`);
        for (const argument of field.arguments ?? []) collect(argument.directives, `${type}.${field.name.value}(${argument.name.value}:)`);
      }
    } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || definition.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) {
      for (const field of definition.fields ?? []) collect(field.directives, `${type}.${field.name.value}`);
    } else if (definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_EXTENSION) {
      for (const value of definition.values ?? []) collect(value.directives, `${type}.${value.name.value}`);
    }
  }
  return out;
}

export const graphqlDeprecatedWithoutReason: Rule = {
  id: 'graphql.deprecated-without-reason',
  title: '@deprecated without a reason',
  category: 'api',
  severity: 'low',
  rationale: 'A field, argument, input field or enum value marked `@deprecated` with no reason (or an empty one) tells clients, through introspection, '
    + `only "${DEFAULT_REASON}", the default graphql-js fills in: not what to use instead nor when it goes away, so nobody can migrate off it `
    + 'and it is never removed.',
  remediation: 'Give the reason and the replacement: `@deprecated(reason: "Use totalAmount. Removed after 2025-06-30.")`.',
  references: [GRAPHQL_REF.deprecated, GRAPHQL_REF.deprecationReason],
  check(context) {
    const views = graphqlViews(context);
    if (!views.length) return []; // no GraphQL: the graphql package is not even loaded
    const { Kind } = graphql();
    const hits: RuleHit[] = [];
    for (const view of views) {
      for (const { directive, target } of deprecations(view)) {
        const reason = directive.arguments?.find((argument) => argument.name.value === 'reason')?.value;
        const text = reason?.kind === Kind.STRING ? reason.value.trim() : '';
        if (text && text !== DEFAULT_REASON) continue;
        const location = nodeLocation(view, directive, target);
        hits.push({
          element: `${location.file}#${target}`,
          location,
          message: `${target} is deprecated ${text ? `with only the default reason "${DEFAULT_REASON}"` : 'without a reason'}: clients are not told what to use instead.`,
        });
      }
    }
    return hits;
  },
};
