/**
 * The OpenAPI 3.1 skeleton `design.newApiSpec` writes: HTTPS servers, bearer JWT everywhere, one example
 * resource (paginated list, get by uuid, idempotent create) and a full problem+json error contract, so a
 * new API starts out passing Archbench's own API rules instead of failing them.
 */

/** Lower-case words joined by `-`: `Payments API` -> `payments-api`. */
export function slugify(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
}

/** The example resource a spec named `name` starts with: its path segment and its schema name. */
export function exampleResource(name: string): { collection: string; schema: string } {
  const slug = slugify(name).replace(/-(api|service|svc|server)$/, '');
  const base = /^[a-z][a-z0-9-]*$/.test(slug) ? slug : 'items';
  const singular = base.endsWith('ies') ? `${base.slice(0, -3)}y` : base.endsWith('s') && !base.endsWith('ss') ? base.slice(0, -1) : base;
  const schema = singular.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('') || 'Item';
  return { collection: base, schema };
}

/** The error contract's responses for these status codes, as lines of the operation's `responses`. */
const ERROR_RESPONSES: Record<string, string> = {
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '422': 'UnprocessableContent',
  '429': 'TooManyRequests',
  '500': 'InternalError',
  '503': 'ServiceUnavailable',
};

function errorResponses(...codes: string[]): string {
  return codes.map((code) => `        '${code}': { $ref: '#/components/responses/${ERROR_RESPONSES[code]}' }`).join('\n');
}

/** The skeleton's text; `title` is the name the user typed. */
export function apiSpecSkeleton(title: string): string {
  const { collection, schema } = exampleResource(title);
  const tag = collection;
  const operation = schema.charAt(0).toLowerCase() + schema.slice(1);
  const quoted = JSON.stringify(title);
  return `# OpenAPI 3.1 description of ${title}, created by Archbench.
# Replace the example resource (${collection}) with your own; keep the error contract and the security.
openapi: 3.1.0
info:
  title: ${quoted}
  version: 0.1.0
  description: |
    ${title}. Describe what the API is for, who calls it and what it guarantees.
    Errors are RFC 9457 problem details (application/problem+json).
  contact:
    name: API owners
    email: api-owners@example.com
  license:
    name: Proprietary
    identifier: LicenseRef-Proprietary
servers:
  - url: https://api.example.com/v1
    description: Production
security:
  - bearerAuth: []
tags:
  - name: ${tag}
    description: The example resource.
paths:
  /${collection}:
    get:
      operationId: list${schema}s
      summary: List ${collection}
      description: Returns one page of ${collection}, newest first. Follow \`nextCursor\` for the next page.
      tags: [${tag}]
      parameters:
        - $ref: '#/components/parameters/Limit'
        - $ref: '#/components/parameters/Cursor'
      responses:
        '200':
          description: One page of ${collection}.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/${schema}Page'
${errorResponses('400', '401', '403', '422', '429', '500', '503')}
    post:
      operationId: create${schema}
      summary: Create a ${operation}
      description: Creates a ${operation}. Retrying with the same Idempotency-Key returns the first result instead of creating a duplicate.
      tags: [${tag}]
      parameters:
        - $ref: '#/components/parameters/IdempotencyKey'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/${schema}Create'
      responses:
        '201':
          description: Created.
          headers:
            Location:
              description: URL of the new ${operation}.
              schema: { type: string, format: uri, maxLength: 2048 }
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/${schema}'
${errorResponses('400', '401', '403', '409', '422', '429', '500', '503')}
  /${collection}/{id}:
    get:
      operationId: get${schema}
      summary: Get a ${operation}
      description: Returns one ${operation} by its id.
      tags: [${tag}]
      parameters:
        - $ref: '#/components/parameters/Id'
      responses:
        '200':
          description: The ${operation}.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/${schema}'
${errorResponses('400', '401', '403', '404', '429', '500', '503')}
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
      description: OAuth 2.0 access token (JWT) from the identity provider.
  parameters:
    Id:
      name: id
      in: path
      required: true
      description: The ${operation}'s id.
      schema: { type: string, format: uuid, maxLength: 36 }
    Limit:
      name: limit
      in: query
      required: false
      description: Page size.
      schema: { type: integer, minimum: 1, maximum: 100, default: 20 }
    Cursor:
      name: cursor
      in: query
      required: false
      description: Opaque cursor from the previous page's \`nextCursor\`.
      schema: { type: string, maxLength: 512 }
    IdempotencyKey:
      name: Idempotency-Key
      in: header
      required: true
      description: Unique key per logical request (a UUID); retries reuse it.
      schema: { type: string, minLength: 8, maxLength: 128 }
  headers:
    RetryAfter:
      description: Seconds to wait before retrying.
      schema: { type: integer, minimum: 0, maximum: 86400 }
  schemas:
    ${schema}:
      type: object
      additionalProperties: false
      required: [id, name, createdAt]
      properties:
        id:
          type: string
          format: uuid
          maxLength: 36
          readOnly: true
        name:
          type: string
          minLength: 1
          maxLength: 200
        createdAt:
          type: string
          format: date-time
          maxLength: 64
          readOnly: true
    ${schema}Create:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name:
          type: string
          minLength: 1
          maxLength: 200
    ${schema}Page:
      type: object
      additionalProperties: false
      required: [items]
      properties:
        items:
          type: array
          maxItems: 100
          items:
            $ref: '#/components/schemas/${schema}'
        nextCursor:
          type: [string, 'null']
          maxLength: 512
          description: Cursor of the next page; null on the last page.
    Problem:
      type: object
      description: RFC 9457 problem details.
      required: [type, title, status]
      properties:
        type:
          type: string
          format: uri-reference
          maxLength: 2048
        title:
          type: string
          maxLength: 200
        status:
          type: integer
          minimum: 100
          maximum: 599
        detail:
          type: string
          maxLength: 4000
        instance:
          type: string
          format: uri-reference
          maxLength: 2048
    ValidationProblem:
      allOf:
        - $ref: '#/components/schemas/Problem'
        - type: object
          properties:
            errors:
              type: array
              maxItems: 100
              items:
                type: object
                required: [pointer, detail]
                properties:
                  pointer:
                    type: string
                    maxLength: 512
                    description: JSON pointer to the invalid field.
                  detail:
                    type: string
                    maxLength: 1000
  responses:
    BadRequest:
      description: The request is malformed.
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
    Unauthorized:
      description: Missing or invalid access token.
      headers:
        WWW-Authenticate:
          description: The authentication scheme to use.
          schema: { type: string, maxLength: 512 }
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
    Forbidden:
      description: The token is valid but does not allow this operation.
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
    NotFound:
      description: No such resource (or not visible to the caller).
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
    Conflict:
      description: The request conflicts with the current state (duplicate, or an Idempotency-Key reused with a different body).
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
    UnprocessableContent:
      description: The request is well-formed but fails validation.
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/ValidationProblem' }
    TooManyRequests:
      description: Rate limit exceeded.
      headers:
        Retry-After: { $ref: '#/components/headers/RetryAfter' }
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
    InternalError:
      description: Unexpected server error.
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
    ServiceUnavailable:
      description: Temporarily unavailable (maintenance or overload).
      headers:
        Retry-After: { $ref: '#/components/headers/RetryAfter' }
      content:
        application/problem+json:
          schema: { $ref: '#/components/schemas/Problem' }
`;
}
