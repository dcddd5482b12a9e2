/**
 * GraphQL SDL: every field of the query, mutation and subscription root types (named by
 * `schema { ... }` or the default `Query` / `Mutation` / `Subscription`, extensions included)
 * becomes an endpoint. GraphQL has no security declaration of its own; directives such as
 * `@auth`, `@authenticated`, `@requiresScopes` or `@hasRole` count as one when present.
 */
import type { DirectiveNode, DocumentNode, FieldDefinitionNode } from 'graphql';
import { lazyModule } from '../core/lazy.js';

const graphql = lazyModule<typeof import('graphql')>('graphql');
import { scanBracketDepth } from './limits.js';
import { positionIn, lineStarts } from './positions.js';
import type { Importer } from './types.js';

const OPERATIONS = [['query', 'Query'], ['mutation', 'Mutation'], ['subscription', 'Subscription']] as const;
const AUTH_DIRECTIVES = /^(auth|authenticated|authorized|requiresScopes|requiresAuth|hasRole|hasScope|aws_auth|aws_cognito_user_pools|aws_iam|aws_oidc|policy)$/;

/** Import one GraphQL schema file. */
export const importGraphql: Importer = (file, environment, out) => {
  if (scanBracketDepth(file.text, environment.limits.maxDepth, '#') > environment.limits.maxDepth) {
    environment.report({ line: 1, column: 1, severity: 'error', code: 'limit.depth', message: `Nesting deeper than ${environment.limits.maxDepth} levels; file not parsed.` });
    return;
  }
  let document: DocumentNode;
  try {
    document = graphql().parse(file.text, { maxTokens: 2_000_000 });
  } catch (error) {
    const location = error instanceof graphql().GraphQLError ? error.locations?.[0] : undefined;
    environment.report({
      line: location?.line ?? 1, column: location?.column ?? 1, severity: 'error', code: 'graphql.parse',
      message: error instanceof graphql().GraphQLError ? error.message.replace(/^Syntax Error: /, 'GraphQL syntax error: ') : String(error),
    });
    return;
  }
  const starts = lineStarts(file.text);
  const rootNames = new Map<string, (typeof OPERATIONS)[number][0]>();
  for (const definition of document.definitions) {
    if (definition.kind !== graphql().Kind.SCHEMA_DEFINITION && definition.kind !== graphql().Kind.SCHEMA_EXTENSION) continue;
    for (const operation of definition.operationTypes ?? []) rootNames.set(operation.type.name.value, operation.operation);
  }
  if (rootNames.size === 0) for (const [operation, name] of OPERATIONS) rootNames.set(name, operation);

  for (const definition of document.definitions) {
    if (definition.kind !== graphql().Kind.OBJECT_TYPE_DEFINITION && definition.kind !== graphql().Kind.OBJECT_TYPE_EXTENSION) continue;
    const operation = rootNames.get(definition.name.value);
    if (!operation) continue;
    const typeSecurity = securityFrom(definition.directives ?? []);
    for (const field of definition.fields ?? []) {
      const at = positionIn(starts, field.name.loc?.start ?? field.loc?.start ?? 0);
      const fieldSecurity = securityFrom(field.directives ?? []);
      const security = fieldSecurity ?? typeSecurity;
      const label = OPERATIONS.find(([name]) => name === operation)![1];
      out.endpoints.push({
        id: `${label}.${field.name.value}`,
        protocol: 'graphql',
        method: operation,
        path: field.name.value,
        security: security ?? [],
        securityUndeclared: security === undefined ? true : undefined,
        deprecated: field.directives?.some((directive) => directive.name.value === 'deprecated') || undefined,
        source: { file: file.path, line: at.line, column: at.column, pointer: `${definition.name.value}.${field.name.value}` },
        properties: fieldProperties(field, definition.name.value),
      });
    }
  }
  for (const endpoint of out.endpoints) {
    if (endpoint.deprecated === undefined) delete endpoint.deprecated;
    if (endpoint.securityUndeclared === undefined) delete endpoint.securityUndeclared;
  }
};

function securityFrom(directives: readonly DirectiveNode[]): Array<Record<string, string[]>> | undefined {
  const auth = directives.filter((directive) => AUTH_DIRECTIVES.test(directive.name.value));
  if (!auth.length) return undefined;
  return auth.map((directive) => {
    const scopes: string[] = [];
    for (const argument of directive.arguments ?? []) collectStrings(argument.value, scopes);
    return { [`@${directive.name.value}`]: scopes };
  });
}

function collectStrings(value: unknown, into: string[]): void {
  const node = value as { kind?: string; value?: unknown; values?: unknown[] };
  if (node.kind === graphql().Kind.STRING || node.kind === graphql().Kind.ENUM) into.push(String(node.value));
  else if (node.kind === graphql().Kind.LIST) for (const item of node.values ?? []) collectStrings(item, into);
}

function fieldProperties(field: FieldDefinitionNode, typeName: string): Record<string, unknown> {
  const typeText = (node: unknown): string => {
    const typed = node as { kind: string; type?: unknown; name?: { value: string } };
    if (typed.kind === graphql().Kind.NON_NULL_TYPE) return `${typeText(typed.type)}!`;
    if (typed.kind === graphql().Kind.LIST_TYPE) return `[${typeText(typed.type)}]`;
    return typed.name?.value ?? '?';
  };
  const properties: Record<string, unknown> = {
    typeName,
    returns: typeText(field.type),
    arguments: (field.arguments ?? []).map((argument) => ({ name: argument.name.value, type: typeText(argument.type), required: argument.type.kind === graphql().Kind.NON_NULL_TYPE })),
  };
  if (field.description?.value) properties.description = field.description.value;
  if (field.directives?.length) properties.directives = field.directives.map((directive) => directive.name.value);
  return properties;
}
