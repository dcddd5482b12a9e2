// GraphQL schema rules (validity, unreachable types, type descriptions, deprecation reasons): positive, negative and the
// line each finding points at, through the real ingest and engine.
import { describe, expect, it } from 'vitest';
import { graphqlDeprecatedWithoutReason, graphqlTypeDescription } from '../../../../main/analysis/rules/api/graphql-docs.js';
import { graphqlViews, reachableTypes } from '../../../../main/analysis/rules/api/graphql-schema.js';
import { graphqlStruct, graphqlUnusedType } from '../../../../main/analysis/rules/api/graphql-structure.js';
import { findingsOf, contextFromFiles, contextFromFolder } from '../../../support/rule-harness.js';
import { corpus } from '../../../support/paths.js';
import { dedent, expectHit, expectNone, lineOf, run } from './helpers.js';

const GQL = 'api/schema.graphql';
const gql = (text: string) => ({ [GQL]: dedent(text) });

describe('graphql.struct', () => {
  const broken = gql(`
    interface Node { id: ID! }
    type Query {
      order(id: ID!): Order
      orders(filter: OrderFilter): [Order]
      customer: Customer
      note: Strng
    }
    type Order implements Node {
      total: Float
    }
    type Customer { id: ID! }
    type Customer { name: String }
    input OrderFilter { placedBy: Order }
    enum Status { OPEN CLOSED OPEN }
    type Refund @deprecated { id: ID! }
  `);

  it('reports each graphql-js error at the offending element, the earlier definition as related', () => {
    const findings = run(graphqlStruct, broken);
    expect(findings.map((finding) => finding.message).sort()).toEqual([
      'Directive "@deprecated" may not be used on OBJECT.',
      'Enum value "Status.OPEN" can only be defined once.',
      'Interface field Node.id expected but Order does not provide it.',
      'The type of OrderFilter.placedBy must be Input Type but got: Order.',
      'There can be only one type named "Customer".',
      'Unknown type "Strng". Did you mean "String"?',
    ]);
    expectHit(graphqlStruct, broken, 'note: Strng', { file: GQL, message: /^Unknown type "Strng"/ });
    const duplicate = expectHit(graphqlStruct, broken, 'type Customer { name: String }', { file: GQL, message: /only one type named "Customer"/ });
    expect(duplicate.related?.[0]).toMatchObject({ file: GQL, line: lineOf(broken[GQL], 'type Customer { id: ID! }') });
    expect(duplicate.element).toBe(`${GQL}#Customer`);
    expectHit(graphqlStruct, broken, 'input OrderFilter', { file: GQL, message: /must be Input Type/ });
    expectHit(graphqlStruct, broken, 'enum Status', { file: GQL, message: /Status.OPEN/ });
    expectHit(graphqlStruct, broken, 'type Order implements Node', { file: GQL, message: /Node.id expected/ });
  });

  it('is silent on a valid schema that uses directives and scalars its platform supplies (Federation, AppSync)', () => {
    expectNone(graphqlStruct, gql(`
      type Query {
        order(id: ID!): Order @aws_iam
      }
      type Order @key(fields: "id") {
        id: ID!
        placedAt: AWSDateTime
        total: Float @deprecated
      }
    `));
  });

  it('leaves syntax errors to the ingest diagnostic', () => {
    const files = gql('type Query { order(id: ID!): Order\ntype Order { id: ID! }');
    expect(contextFromFiles(files).model.diagnostics.map((diagnostic) => diagnostic.code)).toContain('graphql.parse');
    expectNone(graphqlStruct, files);
  });

  it('in a schema split over files, reports only what no other file could repair', () => {
    // Post, DateTime and the base Query type live in files without root fields, which the rules do not see.
    const files = gql(`
      extend type Query {
        posts: [Post]
        latest: Post
      }
      type Comment { at: DateTime, body: String }
      type Comment { id: ID! }
    `);
    const findings = run(graphqlStruct, files);
    expect(findings.map((finding) => finding.message)).toEqual(['There can be only one type named "Comment".']);
  });

  it('reports an unknown type only as a near miss in a schema whose other names all resolve', () => {
    // DateTime is no slip of a defined name: it may be defined in a file without root fields, so Strng may be too.
    expectNone(graphqlStruct, gql('type Query { at: DateTime, note: Strng }'));
    const typos = gql(`
      type Query {
        note: Strng
        when: Datetime
      }
      scalar DateTime
    `);
    expect(run(graphqlStruct, typos).map((finding) => finding.message)).toEqual(['Unknown type "Strng". Did you mean "String"?', 'Unknown type "Datetime". Did you mean "DateTime"?']);
    expectHit(graphqlStruct, typos, 'when: Datetime', { file: GQL });
  });
});

describe('graphql.unused-type', () => {
  const schema = gql(`
    directive @cost(weight: Weight) on FIELD_DEFINITION
    enum Weight { LIGHT HEAVY }
    interface Node { id: ID! }
    type Query {
      node(id: ID!): Node
      search(term: String): SearchResult
    }
    type Order implements Node { id: ID! }
    type Customer implements Node { id: ID! }
    union SearchResult = Article | Video
    type Article { title: String }
    type Video { url: String }
    type Shipment @key(fields: "id") { id: ID! }
    type LegacyInvoice { number: String }
    input OldFilter { term: String }
    scalar Money
  `);

  it('reports types nothing reachable from the root types uses, at the type', () => {
    const findings = run(graphqlUnusedType, schema);
    expect(findings.map((finding) => finding.element).sort()).toEqual([`${GQL}#LegacyInvoice`, `${GQL}#Money`, `${GQL}#OldFilter`]);
    expectHit(graphqlUnusedType, schema, 'type LegacyInvoice', { file: GQL, message: /^type LegacyInvoice is defined but nothing reachable/ });
    expectHit(graphqlUnusedType, schema, 'input OldFilter', { file: GQL, message: /^input OldFilter/ });
  });

  it('is silent when every type is used, and on schemas other files extend', () => {
    expectNone(graphqlUnusedType, gql(`
      type Query { invoice: LegacyInvoice, find(filter: OldFilter): [LegacyInvoice] }
      type LegacyInvoice { number: String, amount: Money }
      input OldFilter { term: String }
      scalar Money
    `));
    expectNone(graphqlUnusedType, gql(`
      type Query { me: String }
      extend type Query { version: String }
      type LegacyInvoice { number: String }
    `));
  });

  it('does not judge schemas whose generator adds the root fields (Amplify @model, Neo4j, Dgraph)', () => {
    expectNone(graphqlUnusedType, gql(`
      type Query { echo(message: String): String }
      type Note @model { id: ID!, name: String! }
    `));
  });

  it('does not judge files that each define the same types (modules merged by a tool, or separate services)', () => {
    expectNone(graphqlUnusedType, {
      'users/users.graphql': 'type Query { user: User }\ntype User { id: ID! }\ntype Profile { bio: String }',
      'posts/posts.graphql': 'type Query { post: Post }\ntype Post { author: Profile }\ntype Profile { bio: String }',
    });
  });
});

describe('graphql.type-description', () => {
  it('reports object, input, enum and interface types without a description, not root types, unions or scalars', () => {
    const files = gql(`
      type Query { order: Order, find(filter: OrderFilter): [Order] }
      """An order placed by a customer."""
      type Order implements Entity { id: ID!, status: Status, total: Money, line: Line }
      input OrderFilter { status: Status }
      enum Status { OPEN CLOSED }
      interface Entity { id: ID! }
      union Line = Order
      scalar Money
    `);
    const findings = run(graphqlTypeDescription, files);
    expect(findings.map((finding) => finding.message).sort()).toEqual([
      'enum Status has no description.', 'input OrderFilter has no description.', 'interface Entity has no description.',
    ]);
    expectHit(graphqlTypeDescription, files, 'input OrderFilter', { file: GQL });
    expectNone(graphqlTypeDescription, gql(`
      type Query { order: Order }
      "An order."
      type Order { id: ID! }
    `));
  });
});

describe('graphql.deprecated-without-reason', () => {
  it('reports @deprecated with no reason, an empty one or only the default, at the directive', () => {
    const files = gql(`
      type Query {
        order(id: ID!, legacyId: Int @deprecated): Order
        orders: [Order] @deprecated(reason: "No longer supported")
      }
      type Order {
        id: ID!
        total: Float @deprecated(reason: "")
        amount: Float @deprecated(reason: "Use totalAmount, removed after 2025-06-30.")
        totalAmount: Float
      }
      enum Status { OPEN, CLOSED @deprecated }
    `);
    const findings = run(graphqlDeprecatedWithoutReason, files);
    expect(findings.map((finding) => finding.element).sort()).toEqual([
      `${GQL}#Query.order(legacyId:)`, `${GQL}#Query.orders`, `${GQL}#Order.total`, `${GQL}#Status.CLOSED`,
    ].sort());
    expectHit(graphqlDeprecatedWithoutReason, files, 'orders: [Order] @deprecated', { file: GQL, message: /only the default reason "No longer supported"/ });
    expectHit(graphqlDeprecatedWithoutReason, files, 'total: Float @deprecated(reason: "")', { file: GQL, message: /Order.total is deprecated without a reason/ });
    expectNone(graphqlDeprecatedWithoutReason, gql('type Query { orders: [String] @deprecated(reason: "Use ordersConnection.") }'));
  });
});

describe('swapi-graphql (read in place)', () => {
  it('is one closed, valid schema whose 53 types are all reachable and described: none of these rules reports anything', () => {
    const context = contextFromFolder(corpus('swapi-graphql'));
    const [view, ...others] = graphqlViews(context);
    expect(others).toEqual([]);
    expect({ closed: view.closed, unknown: view.unknown.size, errors: view.errors.length }).toEqual({ closed: true, unknown: 0, errors: 0 });
    expect(reachableTypes(view)).toContain('FilmCharactersEdge');
    expect(findingsOf([graphqlStruct, graphqlUnusedType, graphqlTypeDescription, graphqlDeprecatedWithoutReason], context)).toEqual([]);
  });
});
