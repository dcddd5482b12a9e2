/**
 * The project's GraphQL schemas as the rules see them. The rules see the SDL files that define root fields
 * (the files behind the model's GraphQL endpoints); a schema split across files may keep shared types, or
 * extensions of them, in files with no root field, which stay out of sight. A view therefore says whether it
 * is closed: every name it references resolves in the files seen, and none of them extends a type (the
 * modular style, whose other modules may be the unseen ones). Rules whose answer an unseen file could change
 * (unknown types, unused types, missing interface fields) speak only about closed views.
 */
import type { ASTNode, DefinitionNode, DocumentNode, GraphQLError, GraphQLNamedType, GraphQLSchema, NamedTypeNode, TypeDefinitionNode } from 'graphql';
import type { SourceLocation } from '../../../../shared/model/model.js';
import { lazyModule } from '../../../core/lazy.js';
import { lineStarts, positionIn } from '../../../ingest/positions.js';
import type { RuleContext } from '../../rule.js';

const graphql = lazyModule<typeof import('graphql')>('graphql');
const validation = lazyModule<typeof import('graphql/validation/validate')>('graphql/validation/validate');

export interface GraphqlFile {
  file: string;
  document: DocumentNode;
  starts: number[];
}

/** One schema: the files that make it up, built with graphql-js. */
export interface GraphqlView {
  files: GraphqlFile[];
  /** Type, directive and schema definitions and extensions of every file, in file order. */
  definitions: DefinitionNode[];
  /** Nothing outside the files seen can change the schema (see the module comment). */
  closed: boolean;
  /** Names referenced or extended but defined nowhere in the view, with the likely intended name when one is a near miss. */
  unknown: Map<string, string | undefined>;
  /** Built with a stand-in for each unknown name; undefined when graphql-js cannot build it. */
  schema?: GraphQLSchema;
  /** graphql-js validation errors (SDL rules, then schema rules) that hold whatever the unseen files hold, for a view that is not closed. */
  errors: GraphQLError[];
}

/** Reference URLs of the GraphQL rules beyond the shared API references. */
export const GRAPHQL_REF = {
  typeSystem: 'https://spec.graphql.org/October2021/#sec-Type-System',
  objectValidation: 'https://spec.graphql.org/October2021/#sec-Objects.Type-Validation',
  descriptions: 'https://spec.graphql.org/October2021/#sec-Descriptions',
  deprecated: 'https://spec.graphql.org/October2021/#sec--deprecated',
  graphqlJsUtilities: 'https://graphql.org/graphql-js/utilities/',
  unreachableTypes: 'https://the-guild.dev/graphql/eslint/rules/no-unreachable-types',
  requireDescription: 'https://the-guild.dev/graphql/eslint/rules/require-description',
  deprecationReason: 'https://the-guild.dev/graphql/eslint/rules/require-deprecation-reason',
} as const;

const TYPE_KINDS = new Set(['ObjectTypeDefinition', 'InterfaceTypeDefinition', 'UnionTypeDefinition', 'EnumTypeDefinition', 'InputObjectTypeDefinition', 'ScalarTypeDefinition']);
export const KIND_WORD: Record<string, string> = {
  ObjectTypeDefinition: 'type', InterfaceTypeDefinition: 'interface', UnionTypeDefinition: 'union',
  EnumTypeDefinition: 'enum', InputObjectTypeDefinition: 'input', ScalarTypeDefinition: 'scalar',
};

const files = new WeakMap<RuleContext, GraphqlFile[]>();
const views = new WeakMap<RuleContext, GraphqlView[]>();
export const BUILT_IN_SCALARS: ReadonlySet<string> = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);
/** Types a platform supplies without a definition in the SDL: AWS AppSync scalars, Apollo Federation, Apollo's Upload. */
const PLATFORM_TYPE = /^(AWS(Date|Time|DateTime|Timestamp|Email|JSON|URL|Phone|IPAddress)|_Any|_Entity|_Service|_FieldSet|FieldSet|Upload|(link|federation|join)__\w+)$/;
/** Validation failures an unseen file could repair: a definition or extension there would supply what is missing here. */
const REPAIRABLE = /^(Unknown type "|Cannot extend type "[^"]+" because it is not defined|Query root type must be provided|.* must define one or more (fields|values|member types)\.$|Interface field (argument )?\S+ expected but \S+ does not provide it|Type \S+ must implement \S+ because it is implemented by)/;
const EXTENSION_KINDS = new Set(['ObjectTypeExtension', 'InterfaceTypeExtension', 'UnionTypeExtension', 'EnumTypeExtension', 'InputObjectTypeExtension', 'ScalarTypeExtension', 'SchemaExtension']);

function graphqlEndpointFiles(context: RuleContext): string[] {
  return [...new Set(context.model.endpoints.filter((endpoint) => endpoint.protocol === 'graphql').map((endpoint) => endpoint.source.file))].sort();
}

/** The schema files behind the model's GraphQL endpoints, parsed once per run (each node's `loc.source.name` is its file). */
export function graphqlFiles(context: RuleContext): GraphqlFile[] {
  const cached = files.get(context);
  if (cached) return cached;
  const parsed: GraphqlFile[] = [];
  for (const file of graphqlEndpointFiles(context)) {
    const text = context.readText(file);
    if (text === undefined) continue;
    try {
      parsed.push({ file, document: graphql().parse(new (graphql().Source)(text, file), { maxTokens: 2_000_000 }), starts: lineStarts(text) });
    } catch {
      // The ingest already reported the syntax error as a diagnostic (and made no endpoint of the file).
    }
  }
  files.set(context, parsed);
  return parsed;
}

/**
 * The schemas of the project. Files that define the same type each stand alone (independent services, or modules
 * that a tool such as graphql-tools merges): such views are never closed. Otherwise all files make one schema.
 */
export function graphqlViews(context: RuleContext): GraphqlView[] {
  const cached = views.get(context);
  if (cached) return cached;
  const all = graphqlFiles(context);
  const definedIn = new Map<string, Set<string>>();
  for (const { file, document } of all) {
    for (const definition of document.definitions) {
      const name = definedName(definition);
      if (name) definedIn.set(name, (definedIn.get(name) ?? new Set()).add(file));
    }
  }
  const shared = [...definedIn.values()].some((holders) => holders.size > 1);
  const built = shared ? all.map((file) => buildView([file], false)) : all.length ? [buildView(all, true)] : [];
  views.set(context, built);
  return built;
}

/** The name a type, directive or schema definition (not an extension) defines. */
function definedName(definition: DefinitionNode): string | undefined {
  if (EXTENSION_KINDS.has(definition.kind) || definition.kind === graphql().Kind.SCHEMA_DEFINITION) return undefined;
  if (definition.kind === graphql().Kind.DIRECTIVE_DEFINITION) return `@${definition.name.value}`;
  return 'name' in definition && definition.name ? definition.name.value : undefined;
}

function buildView(viewFiles: GraphqlFile[], canClose: boolean): GraphqlView {
  const { Kind } = graphql();
  const definitions = viewFiles.flatMap((file) => file.document.definitions);
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  const defined = new Set(definitions.map(definedName).filter((name): name is string => !!name));
  const known = [...defined].filter((name) => !name.startsWith('@')).concat([...BUILT_IN_SCALARS]);
  const unknown = new Map<string, string | undefined>();
  const standInKinds = new Map<string, 'interface' | 'object' | 'scalar'>();
  const refer = (node: NamedTypeNode, kind: 'interface' | 'object' | 'scalar') => {
    const name = node.name.value;
    if (defined.has(name) || BUILT_IN_SCALARS.has(name)) return;
    if (!standInKinds.has(name) || kind !== 'scalar') standInKinds.set(name, kind);
    if (!PLATFORM_TYPE.test(name)) unknown.set(name, nearMiss(name, known));
  };
  let extended = false;
  for (const definition of definitions) {
    if (EXTENSION_KINDS.has(definition.kind)) extended = true;
    if ('interfaces' in definition) for (const named of definition.interfaces ?? []) refer(named, 'interface');
    if (definition.kind === Kind.UNION_TYPE_DEFINITION || definition.kind === Kind.UNION_TYPE_EXTENSION) for (const named of definition.types ?? []) refer(named, 'object');
    const target = EXTENSION_KINDS.has(definition.kind) && 'name' in definition ? definition.name?.value : undefined;
    if (target && !defined.has(target) && !PLATFORM_TYPE.test(target)) unknown.set(target, nearMiss(target, known));
  }
  graphql().visit(document, { NamedType: (node) => refer(node, 'scalar') });
  const closed = canClose && !extended && [...unknown.values()].every((suggestion) => suggestion !== undefined);

  // Directives the schema does not define come from its platform (Federation, AppSync, ...): only misplaced known ones are errors.
  const errors = validation().validateSDL(document).filter((error) => !/^Unknown directive "@/.test(error.message));
  let schema: GraphQLSchema | undefined;
  try {
    schema = graphql().buildASTSchema({ kind: Kind.DOCUMENT, definitions: [...definitions, ...standIns(standInKinds)] }, { assumeValidSDL: true });
    errors.push(...graphql().validateSchema(schema));
  } catch {
    schema = undefined;
  }
  const kept = errors.filter((error) => {
    if (!error.nodes?.length) return closed; // a root type missing, say: about the schema as a whole
    if (error.nodes.every((node) => !node.loc)) return false; // about a stand-in
    if (!REPAIRABLE.test(error.message)) return true;
    if (!closed) return false;
    const name = /^(Unknown type|Cannot extend type) "([^"]+)"/.exec(error.message)?.[2];
    return name === undefined || !PLATFORM_TYPE.test(name);
  });
  return { files: viewFiles, definitions, closed, unknown, schema, errors: kept };
}

/** Stand-ins for unknown names, of the kind their use asks for, so the rest of the schema can be built and checked. */
function standIns(kinds: Map<string, 'interface' | 'object' | 'scalar'>): DefinitionNode[] {
  const { Kind } = graphql();
  return [...kinds].map(([value, kind]): DefinitionNode => {
    const name = { kind: Kind.NAME, value } as const;
    if (kind === 'interface') return { kind: Kind.INTERFACE_TYPE_DEFINITION, name, interfaces: [], directives: [], fields: [] };
    if (kind === 'object') return { kind: Kind.OBJECT_TYPE_DEFINITION, name, interfaces: [], directives: [], fields: [] };
    return { kind: Kind.SCALAR_TYPE_DEFINITION, name, directives: [] };
  });
}

/** A defined name `name` is one slip away from: same letters in another case, or one edit (two for long names). */
function nearMiss(name: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate, 2);
    const allowed = name.length >= 8 ? 2 : name.length >= 3 ? 1 : 0;
    if (distance <= allowed && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Levenshtein distance, or `limit + 1` as soon as it is certainly above `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** Where a node is: its file (the parse source's name) and line. */
export function nodeLocation(view: GraphqlView, node: ASTNode, pointer?: string): SourceLocation {
  const file = node.loc?.source.name ?? view.files[0]?.file ?? '';
  const starts = view.files.find((candidate) => candidate.file === file)?.starts ?? [0];
  const at = positionIn(starts, node.loc?.start ?? 0);
  return { file, line: at.line, column: at.column, ...(pointer ? { pointer } : {}) };
}

/** Names of the query, mutation and subscription types (from `schema { ... }` or the default names). */
export function rootTypeNames(view: GraphqlView): Set<string> {
  const { Kind } = graphql();
  const named = view.definitions.flatMap((definition) => definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION
    ? (definition.operationTypes ?? []).map((operation) => operation.type.name.value) : []);
  return new Set(named.length ? named : ['Query', 'Mutation', 'Subscription']);
}

/** Directives of schema generators (Amplify, Graphback, Neo4j, Dgraph, Prisma 1) that add root fields the SDL does not show. */
const GENERATOR_DIRECTIVE = /^(model|searchable|hasMany|hasOne|belongsTo|manyToMany|node|relationship|cypher|search|hasInverse|dgraph|relation)$/;

/** Directives used on types and their fields that the view does not define (a platform supplies them), by type. */
function platformDirectives(view: GraphqlView): Map<string, Set<string>> {
  const defined = new Set(view.definitions.flatMap((definition) => definition.kind === graphql().Kind.DIRECTIVE_DEFINITION ? [definition.name.value] : []));
  const out = new Map<string, Set<string>>();
  for (const definition of view.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const used = [...(definition.directives ?? [])];
    if ('fields' in definition) for (const field of definition.fields ?? []) used.push(...(field.directives ?? []));
    for (const directive of used) {
      if (defined.has(directive.name.value) || graphql().specifiedDirectives.some((builtIn) => builtIn.name === directive.name.value)) continue;
      const names = out.get(definition.name.value) ?? new Set<string>();
      out.set(definition.name.value, names.add(directive.name.value));
    }
  }
  return out;
}

/**
 * Types a client can reach: from the root types, through fields, arguments, input fields, union members and the
 * implementations of an interface; the argument types of every directive; and types carrying a directive their platform
 * supplies (federation entities with `@key` are resolved by reference). Undefined when the schema could not be built,
 * or when a schema generator adds root fields the SDL does not show.
 */
export function reachableTypes(view: GraphqlView): Set<string> | undefined {
  const schema = view.schema;
  if (!schema) return undefined;
  const platform = platformDirectives(view);
  if ([...platform.values()].some((names) => [...names].some((name) => GENERATOR_DIRECTIVE.test(name)))) return undefined;
  const { getNamedType, isInterfaceType, isObjectType, isUnionType, isInputObjectType } = graphql();
  const seen = new Set<string>();
  const queue: GraphQLNamedType[] = [];
  const add = (type: GraphQLNamedType | null | undefined) => {
    if (type && !seen.has(type.name)) {
      seen.add(type.name);
      queue.push(type);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) add(root);
  for (const directive of schema.getDirectives()) for (const argument of directive.args) add(getNamedType(argument.type));
  for (const type of Object.values(schema.getTypeMap())) {
    const own = [type.astNode, ...(type.extensionASTNodes ?? [])].flatMap((node) => node?.directives ?? []);
    if (own.some((directive) => platform.get(type.name)?.has(directive.name.value))) add(type);
  }
  while (queue.length) {
    const type = queue.shift()!;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        add(getNamedType(field.type));
        for (const argument of field.args) add(getNamedType(argument.type));
      }
      for (const implemented of type.getInterfaces()) add(implemented);
    }
    if (isInterfaceType(type)) {
      const { objects, interfaces } = schema.getImplementations(type);
      for (const implementation of [...objects, ...interfaces]) add(implementation);
    }
    if (isUnionType(type)) for (const member of type.getTypes()) add(member);
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) add(getNamedType(field.type));
  }
  return seen;
}

/** Named type definitions of a view (extensions excluded), with their names. */
export function typeDefinitions(view: GraphqlView): TypeDefinitionNode[] {
  return view.definitions.filter((definition): definition is TypeDefinitionNode => TYPE_KINDS.has(definition.kind) && !!definition.loc);
}
