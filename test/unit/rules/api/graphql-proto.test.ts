// GraphQL and protobuf rules: positive, negative and the line each finding points at.
import { describe, expect, it } from 'vitest';
import {
  graphqlDebugField, graphqlListPagination, graphqlMutationUnauthenticated, graphqlOperationDescription,
} from '../../../../main/analysis/rules/api/graphql.js';
import {
  protoEnumZeroValue, protoFieldNameCase, protoListPagination, protoPackageMissing, protoRpcComment, protoStreamingRpc,
} from '../../../../main/analysis/rules/api/proto.js';
import { dedent, expectHit, expectNone, run } from './helpers.js';

const GQL = 'api/schema.graphql';
const PROTO = 'api/orders.proto';
const gql = (text: string) => ({ [GQL]: dedent(text) });
const proto = (text: string) => ({ [PROTO]: dedent(text) });

describe('graphql', () => {
  it('graphql.list-pagination: an object list without paging arguments, at the field; connections are fine', () => {
    const files = gql(`
      type Query {
        """All orders"""
        orders: [Order!]!
        tags: [String]
        customers(first: Int, after: String): CustomerConnection
      }
      type Order { id: ID!, lines: [OrderLine] }
      type OrderLine { sku: String }
      type Customer { id: ID! }
      type CustomerConnection { edges: [CustomerEdge], customers: [Customer] }
      type CustomerEdge { node: Customer, cursor: String! }
    `);
    const findings = run(graphqlListPagination, files);
    expect(findings.map((finding) => finding.element).sort()).toEqual(['api/schema.graphql#Order.lines', 'api/schema.graphql#Query.orders']);
    expectHit(graphqlListPagination, files, 'orders: [Order!]!', { file: GQL, message: /Query.orders returns a list of Order/ });
    expectNone(graphqlListPagination, gql(`type Query { orders(first: Int, after: String): [Order] }\ntype Order { id: ID! }`));
  });

  it('graphql.debug-field: a debug root field, at the field', () => {
    const files = gql(`
      type Query {
        me: String
        _debugUsers: [String]
      }
    `);
    expectHit(graphqlDebugField, files, '_debugUsers', { file: GQL });
    expectNone(graphqlDebugField, gql('type Query { me: String, systemStatus: String, executions: [String] }'));
  });

  it('graphql.mutation-unauthenticated: only when the schema uses auth directives elsewhere', () => {
    const files = gql(`
      directive @auth(requires: String) on FIELD_DEFINITION | OBJECT
      type Query { me: String @auth(requires: "USER") }
      type Mutation {
        updateProfile(name: String): String @auth(requires: "USER")
        deleteAccount(id: ID!): Boolean
      }
    `);
    expectHit(graphqlMutationUnauthenticated, files, 'deleteAccount', { file: GQL, message: /no authorization directive although the schema protects other fields with @auth/ });
    expect(run(graphqlMutationUnauthenticated, files)).toHaveLength(1);
    expectNone(graphqlMutationUnauthenticated, gql('type Query { me: String }\ntype Mutation { deleteAccount(id: ID!): Boolean }'));
  });

  it('graphql.operation-description: a root field without description', () => {
    const files = gql(`
      type Query {
        """The current user"""
        me: String
        orders: [String]
      }
    `);
    expectHit(graphqlOperationDescription, files, 'orders:', { file: GQL });
    expect(run(graphqlOperationDescription, files)).toHaveLength(1);
  });
});

describe('proto', () => {
  const service = `
    syntax = "proto3";
    package acme.orders.v1;

    // Orders.
    service OrderService {
      // Lists orders.
      rpc ListOrders(ListOrdersRequest) returns (ListOrdersResponse);
      rpc GetOrder(GetOrderRequest) returns (Order);
      // Follows changes.
      rpc WatchOrders(GetOrderRequest) returns (stream Order);
    }

    message ListOrdersRequest { string customer_id = 1; }
    message ListOrdersResponse { repeated Order orders = 1; }
    message GetOrderRequest { string orderId = 1; }
    message Order {
      string id = 1;
      Status status = 2;
    }
    enum Status {
      ACTIVE = 0;
      CLOSED = 1;
    }
  `;

  it('proto.package-missing: at the syntax line', () => {
    const files = proto(service.replace('package acme.orders.v1;', ''));
    expectHit(protoPackageMissing, files, 'syntax = "proto3";', { file: PROTO });
    expectNone(protoPackageMissing, proto(service));
  });

  it('proto.field-name-case: at the field', () => {
    expectHit(protoFieldNameCase, proto(service), 'string orderId = 1;', { file: PROTO, message: /"orderId" of GetOrderRequest/ });
    expectNone(protoFieldNameCase, proto(service.replace('orderId', 'order_id')));
  });

  it('proto.enum-zero-value: at the zero value', () => {
    expectHit(protoEnumZeroValue, proto(service), 'ACTIVE = 0;', { file: PROTO });
    expectNone(protoEnumZeroValue, proto(service.replace('ACTIVE = 0;', 'STATUS_UNSPECIFIED = 0;\n  ACTIVE = 2;')));
  });

  it('proto.list-pagination: a List RPC returning repeated messages without page_size, at the rpc', () => {
    expectHit(protoListPagination, proto(service), 'rpc ListOrders', { file: PROTO, message: /returns repeated Order "orders"/ });
    expectNone(protoListPagination, proto(service.replace('string customer_id = 1;', 'string customer_id = 1; int32 page_size = 2; string page_token = 3;')));
  });

  it('proto.streaming-rpc: at the streaming rpc', () => {
    expectHit(protoStreamingRpc, proto(service), 'rpc WatchOrders', { file: PROTO, message: /server streaming/ });
    expectNone(protoStreamingRpc, proto(service.replace('returns (stream Order)', 'returns (Order)')));
  });

  it('proto.rpc-comment: the rpc without a leading comment', () => {
    expectHit(protoRpcComment, proto(service), 'rpc GetOrder', { file: PROTO });
    expect(run(protoRpcComment, proto(service))).toHaveLength(1);
  });
});
