import type { Rule } from '../../rule.js';
import { adminSecurityDistinct, unauthenticatedRead, unauthenticatedWrite } from './authentication.js';
import { apiKeyInQuery, authBasic, authInsecureScheme, oauthImplicitOrPasswordFlow } from './auth-schemes.js';
import { corsOriginDeclared, markdownUnsafe } from './browser-safety.js';
import { deprecatedWithoutSunset } from './deprecation.js';
import { docsRules } from './docs-hygiene.js';
import { op4xxResponse, opSuccessResponse, serverErrorDeclared, unauthorizedDeclared, validationErrorResponse } from './error-contract.js';
import { graphqlDebugField, graphqlListPagination, graphqlMutationUnauthenticated, graphqlOperationDescription } from './graphql.js';
import { graphqlDeprecatedWithoutReason, graphqlTypeDescription } from './graphql-docs.js';
import { graphqlStruct, graphqlUnusedType } from './graphql-structure.js';
import { numericIds } from './identifiers.js';
import { postIdempotencyKey } from './idempotency.js';
import { unboundedArray, unboundedInteger, unboundedString } from './input-bounds.js';
import { inventoryVersions } from './inventory.js';
import { longRunning202Location } from './long-running.js';
import { massAssignment } from './mass-assignment.js';
import { operationIdMissing, operationIdUnique, operationIdUrlSafe, paramsUnique } from './operation-ids.js';
import { listPagination } from './pagination.js';
import { pathsAmbiguous, pathsIdentical } from './path-collisions.js';
import { pathEmptyTemplate, pathParamUndefined, pathParamUnused, pathQueryInKey, pathTrailingSlash } from './path-templates.js';
import {
  protoEnumZeroValue, protoFieldNameCase, protoListPagination, protoPackageMissing, protoRpcComment, protoStreamingRpc,
} from './proto.js';
import { rateLimit429Declared, retryAfterOn429, retryAfterOn503 } from './rate-limiting.js';
import { refUnresolved, unusedComponent } from './references.js';
import { safeMethodSideEffect } from './safe-methods.js';
import { arrayItemsMissing, enumDuplicate, enumTypeMismatch, requiredPropertyUndefined } from './schema-validity.js';
import { scopesUndefined, securitySchemeUndefined, securitySchemeUnused } from './security-definitions.js';
import { credentialsInUrl, responseSensitiveField } from './sensitive-data.js';
import { httpServer, inventoryEnvironment, serversMissing, serverVariables } from './servers.js';
import { ssrfUrlParam } from './ssrf.js';

/** OpenAPI, GraphQL and proto rules. */
export const API_RULES: readonly Rule[] = [
  // Structure and references
  refUnresolved, unusedComponent,
  pathParamUndefined, pathParamUnused, pathEmptyTemplate, pathQueryInKey, pathTrailingSlash, pathsIdentical, pathsAmbiguous,
  operationIdMissing, operationIdUnique, operationIdUrlSafe, paramsUnique,
  securitySchemeUndefined, scopesUndefined, securitySchemeUnused,
  serversMissing, serverVariables,
  enumDuplicate, enumTypeMismatch, arrayItemsMissing, requiredPropertyUndefined,
  // Security (OWASP API Top 10)
  unauthenticatedWrite, unauthenticatedRead, adminSecurityDistinct, safeMethodSideEffect,
  authBasic, authInsecureScheme, apiKeyInQuery, oauthImplicitOrPasswordFlow, credentialsInUrl,
  numericIds, ssrfUrlParam, massAssignment, responseSensitiveField,
  unboundedString, unboundedArray, unboundedInteger,
  httpServer, corsOriginDeclared, markdownUnsafe, inventoryVersions, inventoryEnvironment,
  // Error contract and reliability
  opSuccessResponse, op4xxResponse, validationErrorResponse, unauthorizedDeclared, serverErrorDeclared,
  rateLimit429Declared, retryAfterOn429, retryAfterOn503,
  postIdempotencyKey, listPagination, longRunning202Location, deprecatedWithoutSunset,
  // Documentation
  ...docsRules,
  // GraphQL and proto
  graphqlStruct, graphqlUnusedType,
  graphqlListPagination, graphqlDebugField, graphqlMutationUnauthenticated, graphqlOperationDescription, graphqlTypeDescription, graphqlDeprecatedWithoutReason,
  protoPackageMissing, protoFieldNameCase, protoEnumZeroValue, protoListPagination, protoStreamingRpc, protoRpcComment,
];
