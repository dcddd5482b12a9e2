/** Secrets where they should not be: credentials in URLs, passwords and secrets in response bodies. */
import { asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { endpointHit, httpEndpoints, snakeName } from './support/endpoint-facts.js';
import { fieldLeaf, rawParameters, responseFields } from './support/input-schemas.js';
import { REF } from './support/references.js';
import { SpecWorkspace } from './support/spec-workspace.js';

const CREDENTIAL_NAME = /^(x_)?(password|passwd|pwd|pass|new_password|old_password|current_password|secret|client_secret|api_key|apikey|access_token|auth_token|id_token|refresh_token|session_id|sessionid|session_token|jwt|bearer|bearer_token|token|authorization|auth|private_key|credentials?)$/;

export const credentialsInUrl: Rule = {
  id: 'api.credentials-in-url',
  title: 'Credential passed in the URL',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 598,
  owaspApi: 'API2:2023',
  rationale: 'Query strings and paths are written to access logs, proxy and CDN logs, browser history and Referer headers: a password, token or key passed there leaks to everyone who reads any of them.',
  remediation: 'Move the credential to a header (Authorization) or to the request body of a POST; for one-time links use short-lived, single-use tokens.',
  references: [REF.cwe(598), REF.api2, REF.restCheatSheet],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      const operation = workspace.operationOf(endpoint);
      if (!operation) continue;
      for (const { at, parameter } of rawParameters(workspace, operation)) {
        const name = asString(parameter.name) ?? '';
        if ((parameter.in !== 'query' && parameter.in !== 'path') || !CREDENTIAL_NAME.test(snakeName(name))) continue;
        hits.push(endpointHit(endpoint, `${endpoint.id} takes "${name}" in the ${parameter.in === 'query' ? 'query string' : 'path'}: a credential in the URL is written to logs and history.`, {
          key: name, location: workspace.location(at),
        }));
      }
    }
    return hits;
  },
};

const PASSWORD_FIELD = /^(password|passwd|pwd|password_hash|hashed_password|password_digest|encrypted_password|pass_hash)$/;
const SECRET_FIELD = /^(secret|client_secret|secret_key|private_key|signing_secret|ssn|social_security_number|credit_card|credit_card_number|card_number|cvv|cvc)$/;
const ISSUED_ONCE = /^(secret|client_secret|secret_key|private_key|signing_secret)$/;

export const responseSensitiveField: Rule = {
  id: 'api.response-sensitive-field',
  title: 'Response exposes a password or secret',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 213,
  owaspApi: 'API3:2023',
  rationale: 'A response schema that includes a password (even hashed), a secret or card data documents that the server sends it to clients: excessive data exposure that any caller of the operation, and every log of its responses, receives.',
  remediation: 'Remove the property from the response schema and from the serializer behind it; return secrets only once, on creation, and never passwords or their hashes.',
  references: [REF.api3, REF.restCheatSheet],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const endpoint of httpEndpoints(context.model)) {
      const operation = workspace.operationOf(endpoint);
      if (!operation) continue;
      for (const field of responseFields(workspace, operation)) {
        const leaf = fieldLeaf(field.name);
        const password = PASSWORD_FIELD.test(leaf);
        if (!password && !SECRET_FIELD.test(leaf)) continue;
        const issuedOnce = endpoint.method === 'POST' && (field.in === '201' || (!password && ISSUED_ONCE.test(leaf)));
        const message = issuedOnce
          ? `${endpoint.id} returns "${field.name}" in its ${field.in} response; if this is the one time the credential is issued, make sure no read operation returns it again.`
          : `${endpoint.id} returns "${field.name}" in its ${field.in} response: every caller receives ${password ? 'a password' : 'a secret'}.`;
        hits.push(endpointHit(endpoint, message, {
          key: field.name,
          location: workspace.location(field.declaredAt),
          severity: issuedOnce ? 'low' : password ? 'high' : undefined,
        }));
      }
    }
    return hits;
  },
};
