/** Servers: declared at all, variables that resolve, TLS, and which environments a spec exposes. */
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import { hostOf, isLocalHost, PRIVATE_HOST } from '../../../ingest/hosts.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { isSecured } from './support/endpoint-facts.js';
import { REF } from './support/references.js';
import { elementAt, SpecWorkspace, type Located, type Spec } from './support/spec-workspace.js';

interface ServerEntry {
  spec: Spec;
  url: string;
  /** The server object (or, for Swagger 2.0, the `host` / `schemes` entry). */
  at: Located;
  variables?: Record<string, unknown>;
}

/** Server entries of a run: five rules (and each of their hits) ask for them, and a spec may list servers on every path. */
const entryCache = new WeakMap<RuleContext, readonly ServerEntry[]>();

/** Every server a spec declares (root, path item and operation level; Swagger 2.0 host and schemes), each location once. */
export function serverEntries(context: RuleContext): readonly ServerEntry[] {
  const cached = entryCache.get(context);
  if (cached) return cached;
  const workspace = SpecWorkspace.of(context);
  const entries: ServerEntry[] = [];
  const seen = new Set<string>();
  const addList = (spec: Spec, list: Located) => {
    asArray(list.value).forEach((_, index) => {
      const at = workspace.child(list, index);
      const key = `${at.file}#${at.path.join('/')}`;
      const server = asRecord(at.value);
      const url = asString(server?.url);
      if (!url || seen.has(key)) return;
      seen.add(key);
      entries.push({ spec, url, at, variables: asRecord(server?.variables) });
    });
  };
  for (const spec of workspace.specs) {
    if (spec.swagger) {
      const host = asString(spec.root.host);
      if (!host) continue;
      const schemes = asArray(spec.root.schemes).map(String);
      const base = asString(spec.root.basePath) ?? '';
      if (!schemes.length) entries.push({ spec, url: `https://${host}${base}`, at: workspace.at(spec, ['host']) });
      schemes.forEach((scheme, index) => entries.push({ spec, url: `${scheme}://${host}${base}`, at: workspace.at(spec, ['schemes', index]) }));
      continue;
    }
    addList(spec, workspace.at(spec, ['servers']));
  }
  for (const operation of workspace.operations) {
    if (operation.spec.swagger) continue;
    addList(operation.spec, workspace.child(operation.item, 'servers'));
    addList(operation.spec, workspace.child(operation.at, 'servers'));
  }
  entryCache.set(context, entries);
  return entries;
}

export const serversMissing: Rule = {
  id: 'api.servers-missing',
  title: 'No servers declared',
  category: 'api',
  severity: 'low',
  owaspApi: 'API9:2023',
  rationale: 'Without servers (host in Swagger 2.0) the description does not say where the API runs: clients default to the host serving the document, and inventories cannot tell which environments expose it.',
  remediation: 'List the base URL of each environment under `servers` (HTTPS), with a description.',
  references: [REF.oasServer, REF.api9],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const spec of workspace.specs) {
      const declared = spec.swagger ? !!asString(spec.root.host) : asArray(spec.root.servers).length > 0;
      if (declared) continue;
      const everyOperationHasServers = !spec.swagger && workspace.operations
        .filter((operation) => operation.spec === spec)
        .every((operation) => asArray(asRecord(operation.at.value)?.servers).length || asArray(asRecord(operation.item.value)?.servers).length);
      if (everyOperationHasServers) continue;
      const at = workspace.at(spec, [spec.swagger ? 'swagger' : 'openapi']);
      hits.push({ element: spec.file, location: workspace.location(at), message: `${spec.file} declares no ${spec.swagger ? 'host' : 'servers'}: the description does not say where the API is served.` });
    }
    return hits;
  },
};

export const serverVariables: Rule = {
  id: 'api.server-variables',
  title: 'Server variable undefined, unused or with an invalid default',
  category: 'api',
  severity: 'medium',
  rationale: 'Every {variable} in a server URL needs a definition with a default, or clients build URLs with literal braces; a default outside the variable\'s own enum points clients at a server the spec says does not exist.',
  remediation: 'Define each variable under the server\'s `variables` with a `default` (inside its `enum` when there is one), and remove variables the URL does not use.',
  references: [REF.oasServer],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const server of serverEntries(context)) {
      const used = [...server.url.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]);
      const defined = server.variables ?? {};
      const element = elementAt(server.at);
      for (const name of used) {
        if (name in defined) continue;
        hits.push({ element, key: name, location: workspace.location(workspace.child(server.at, 'url')), message: `Server "${server.url}" uses {${name}} but defines no variable "${name}".` });
      }
      for (const [name, raw] of Object.entries(defined)) {
        const variable = asRecord(raw) ?? {};
        const at = workspace.child(server.at, 'variables', name);
        if (!used.includes(name)) {
          hits.push({ element, key: name, location: workspace.location(at), message: `Server "${server.url}" defines variable "${name}" that its URL does not use.` });
        } else if (variable.default === undefined) {
          hits.push({ element, key: name, location: workspace.location(at), message: `Server variable "${name}" of "${server.url}" has no default.` });
        } else if (Array.isArray(variable.enum) && !variable.enum.map(String).includes(String(variable.default))) {
          hits.push({ element, key: name, location: workspace.location(workspace.child(at, 'default')), message: `Server variable "${name}" of "${server.url}" defaults to "${String(variable.default)}", which is not one of its enum values.` });
        }
      }
    }
    return hits;
  },
};

const NON_PRODUCTION = /(^|[.-])(dev|development|staging|stage|stg|test|testing|qa|uat|preprod|pre-prod|int|internal|demo|canary)([.-]|\d|$)/i;



export const httpServer: Rule = {
  id: 'api.http-server',
  title: 'Server over plain HTTP',
  category: 'security',
  severity: 'medium',
  stride: 'I',
  cwe: 319,
  owaspApi: 'API8:2023',
  rationale: 'Requests to an http:// server travel unencrypted: tokens, passwords and personal data can be read and changed by anyone on the path. When the operations require credentials, every call discloses them.',
  remediation: 'Serve the API over HTTPS only (and redirect or refuse plain HTTP). Keep http:// only for loopback development servers, described as such.',
  references: [REF.api8, REF.restCheatSheet],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const securedSpecs = new Set(context.model.endpoints.filter((endpoint) => endpoint.protocol === 'http' && isSecured(endpoint))
      .map((endpoint) => workspace.specOf(endpoint)?.file));
    const hits: RuleHit[] = [];
    for (const server of serverEntries(context)) {
      if (!/^http:\/\//i.test(server.url)) continue;
      const host = hostOf(server.url) ?? '';
      const local = isLocalHost(host);
      const secured = securedSpecs.has(server.spec.file);
      const message = local
        ? `Server "${server.url}" uses plain HTTP on a local development address${hasHttpsServer(context, server.spec) ? '' : '; the spec lists no HTTPS server for any other environment'}.`
        : `Server "${server.url}" uses plain HTTP${secured ? ': the credentials its operations require would cross the network unencrypted' : ''}.`;
      hits.push({
        element: elementAt(server.at),
        location: workspace.location(server.at),
        message,
        severity: local ? 'low' : secured ? 'high' : undefined,
        evidence: server.url,
      });
    }
    return hits;
  },
};

function hasHttpsServer(context: RuleContext, spec: Spec): boolean {
  return serverEntries(context).some((server) => server.spec === spec && /^https:\/\//i.test(server.url));
}

export const inventoryEnvironment: Rule = {
  id: 'api.inventory-environment',
  title: 'Non-production server in a production API description',
  category: 'security',
  severity: 'low',
  stride: 'I',
  cwe: 1059,
  owaspApi: 'API9:2023',
  rationale: 'Publishing staging, test or internal hosts next to the production one advertises environments that are usually less protected (test data, debug settings, weaker auth) and keeps them in every client\'s configuration.',
  remediation: 'Describe each environment in its own document (or overlay) and publish only the production servers; make sure non-production hosts are not reachable from the internet.',
  references: [REF.api9],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const entries = serverEntries(context);
    const hits: RuleHit[] = [];
    for (const spec of workspace.specs) {
      const servers = entries.filter((server) => server.spec === spec && hostOf(server.url));
      const isNonProduction = (host: string) => isLocalHost(host) || PRIVATE_HOST.test(host) || NON_PRODUCTION.test(host);
      const production = servers.filter((server) => !isNonProduction(hostOf(server.url)!));
      if (!production.length) continue; // a development-only description
      for (const server of servers) {
        const host = hostOf(server.url)!;
        if (!isNonProduction(host)) continue;
        hits.push({
          element: elementAt(server.at),
          location: workspace.location(server.at),
          message: `Server "${server.url}" looks like a ${isLocalHost(host) ? 'local' : PRIVATE_HOST.test(host) ? 'private-network' : 'non-production'} environment, listed next to production server "${production[0].url}".`,
        });
      }
    }
    return hits;
  },
};
