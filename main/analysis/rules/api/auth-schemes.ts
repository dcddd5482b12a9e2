/** Security schemes that are weak by construction: HTTP Basic, legacy HTTP schemes, API keys in the URL, deprecated OAuth flows. */
import { asRecord, asString } from '../../../ingest/elements.js';
import type { Severity } from '../../registry.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { REF } from './support/references.js';
import { schemesPath, usedSchemeKeys } from './security-definitions.js';
import { elementAt, SpecWorkspace, type Located, type Spec } from './support/spec-workspace.js';

interface SchemeEntry {
  spec: Spec;
  name: string;
  at: Located;
  scheme: Record<string, unknown>;
  used: boolean;
}

function schemeEntries(context: RuleContext): SchemeEntry[] {
  const workspace = SpecWorkspace.of(context);
  const used = usedSchemeKeys(context);
  const entries: SchemeEntry[] = [];
  for (const spec of workspace.specs) {
    const schemes = workspace.at(spec, schemesPath(spec));
    for (const name of Object.keys(asRecord(schemes.value) ?? {})) {
      const at = workspace.deref(workspace.child(schemes, name));
      const scheme = asRecord(at.value);
      if (scheme) entries.push({ spec, name, at: workspace.child(schemes, name), scheme, used: used.has(`${spec.file}\u0000${name}`) });
    }
  }
  return entries;
}

/** Operations of the spec that require the scheme. */
function usageOf(context: RuleContext, entry: SchemeEntry): number {
  const workspace = SpecWorkspace.of(context);
  return workspace.operations.filter((operation) => operation.spec === entry.spec && operation.endpoint?.security.some((requirement) => entry.name in requirement)).length;
}

function hit(context: RuleContext, entry: SchemeEntry, message: string, severity?: Severity, at: Located = entry.at): RuleHit {
  const workspace = SpecWorkspace.of(context);
  const count = usageOf(context, entry);
  const usage = count ? ` (${count} operation${count === 1 ? '' : 's'} use${count === 1 ? 's' : ''} it)` : entry.used ? '' : ' (not used by any operation yet)';
  return { element: elementAt(entry.at), location: workspace.location(at), message: `${message}${usage}.`, ...(severity ? { severity } : {}) };
}

const httpScheme = (scheme: Record<string, unknown>) => (asString(scheme.scheme) ?? '').toLowerCase();

export const authBasic: Rule = {
  id: 'api.auth-basic',
  title: 'HTTP Basic authentication',
  category: 'security',
  severity: 'medium',
  stride: 'S',
  cwe: 522,
  owaspApi: 'API2:2023',
  rationale: 'Basic authentication sends a reusable secret, only base64-encoded, with every request. It cannot be scoped, expires only when rotated by hand, and every log, proxy or client that sees one request holds the credential.',
  remediation: 'Prefer short-lived bearer tokens (OAuth 2 client credentials, signed JWTs) with scopes. Where Basic must stay, require TLS everywhere, support key rotation and scoped API keys, and never log the Authorization header.',
  references: [REF.basicAuth, REF.api2, REF.owaspRuleset],
  check(context) {
    return schemeEntries(context)
      .filter((entry) => entry.scheme.type === 'basic' || (entry.scheme.type === 'http' && httpScheme(entry.scheme) === 'basic'))
      .map((entry) => hit(context, entry, `Security scheme "${entry.name}" is HTTP Basic: the caller's long-lived secret travels with every request`));
  },
};

export const authInsecureScheme: Rule = {
  id: 'api.auth-insecure-scheme',
  title: 'Legacy HTTP authentication scheme',
  category: 'security',
  severity: 'medium',
  stride: 'S',
  cwe: 327,
  owaspApi: 'API2:2023',
  rationale: 'Digest (MD5-based), Negotiate (NTLM fallback) and OAuth 1.0 header schemes rely on weak or deprecated cryptography and are poorly supported by gateways and clients.',
  remediation: 'Use `bearer` tokens from OAuth 2 / OpenID Connect, or mutual TLS.',
  references: [REF.api2, REF.owaspRuleset],
  check(context) {
    return schemeEntries(context)
      .filter((entry) => entry.scheme.type === 'http' && ['digest', 'negotiate', 'oauth', 'ntlm'].includes(httpScheme(entry.scheme)))
      .map((entry) => hit(context, entry, `Security scheme "${entry.name}" uses the legacy HTTP "${httpScheme(entry.scheme)}" scheme`));
  },
};

export const apiKeyInQuery: Rule = {
  id: 'api.apikey-in-query',
  title: 'API key sent in the query string',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 598,
  owaspApi: 'API2:2023',
  rationale: 'Query strings end up in access logs, proxy logs, browser history and Referer headers; an API key there leaks to everyone who can read any of them.',
  remediation: 'Send the key in a header (`in: header`, e.g. `X-API-Key`) or move to bearer tokens.',
  references: [REF.api2, REF.owaspRuleset, REF.cwe(598)],
  check(context) {
    return schemeEntries(context)
      .filter((entry) => entry.scheme.type === 'apiKey' && entry.scheme.in === 'query')
      .map((entry) => hit(context, entry, `Security scheme "${entry.name}" sends its API key in the query parameter "${asString(entry.scheme.name) ?? '?'}"`));
  },
};

export const oauthImplicitOrPasswordFlow: Rule = {
  id: 'api.oauth-implicit-or-password-flow',
  title: 'Deprecated OAuth 2 flow (implicit or password)',
  category: 'security',
  severity: 'high',
  stride: 'S',
  cwe: 287,
  owaspApi: 'API2:2023',
  rationale: 'The OAuth 2.0 Security Best Current Practice (RFC 9700) says the implicit grant SHOULD NOT be used (tokens in URL fragments, no sender constraint) and the resource owner password grant MUST NOT be used (clients handle user passwords, no MFA).',
  remediation: 'Use the authorization code flow with PKCE for user-facing clients and client credentials for machine clients.',
  references: [REF.oauthBcp, REF.api2, REF.owaspRuleset],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const entry of schemeEntries(context)) {
      if (entry.scheme.type !== 'oauth2') continue;
      const flows = asRecord(entry.scheme.flows);
      const names = flows ? Object.keys(flows) : [asString(entry.scheme.flow) ?? ''];
      for (const flow of names) {
        if (flow !== 'implicit' && flow !== 'password') continue;
        const at = flows ? workspace.child(entry.at, 'flows', flow) : workspace.child(entry.at, 'flow');
        const words = flow === 'implicit' ? 'the implicit flow, which RFC 9700 says should not be used' : 'the resource owner password flow, which RFC 9700 says must not be used';
        hits.push({ ...hit(context, entry, `OAuth scheme "${entry.name}" offers ${words}`, flow === 'implicit' ? 'medium' : undefined, at), key: flow });
      }
    }
    return hits;
  },
};
