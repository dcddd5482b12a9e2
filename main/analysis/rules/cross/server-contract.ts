/**
 * The OpenAPI `servers` against the Ingresses and Gateway API HTTPRoutes that publish the same host:
 * an https server on a host the project serves without TLS (or an http one on a host it serves with
 * TLS), and a base path under which the routes send none of the spec's operations.
 */
import { asRecord, asString } from '../../../ingest/elements.js';
import { isLocalHost } from '../../../ingest/hosts.js';
import type { Rule, RuleHit } from '../../rule.js';
import { serverEntries } from '../api/servers.js';
import { elementAt, SpecWorkspace, type Located } from '../api/support/spec-workspace.js';
import { describeObject } from '../infra/manifests.js';
import { hostMatches, hostRoutes, INFRA_REFERENCES as REF, projectObjects, type HostRoute, type RoutePath } from './infra-objects.js';

interface ServerUrl { scheme: string; host: string; port?: number; basePath: string }

/** `https://api.example.com:8443/v1` with `{variables}` replaced by their defaults; undefined when a variable has none. */
function parseServer(url: string, variables: Record<string, unknown> | undefined): ServerUrl | undefined {
  const expanded = url.replace(/\{([^{}]*)\}/g, (whole, name: string) => asString(asRecord(variables?.[name])?.default) ?? whole);
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#{}]+)(?::(\d+))?([^?#]*)/i.exec(expanded);
  if (!match || match[4].includes('{')) return undefined;
  return { scheme: match[1].toLowerCase(), host: match[2].toLowerCase(), port: match[3] ? Number(match[3]) : undefined, basePath: match[4].replace(/\/+$/, '') };
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Does a route path send requests for `full` (a spec path under the server's base path, templates as `{x}`) to a backend? */
export function routes(route: RoutePath, full: string): boolean {
  if (route.match === 'regex') {
    const literal = route.path.replace(/^\^/, '').split(/[()[\]*+?^$|\\.]/)[0].replace(/\/+$/, '');
    return !literal || full === literal || full.startsWith(`${literal}/`) || full.startsWith(literal);
  }
  const wanted = segments(route.path);
  const actual = segments(full);
  if (wanted.length > actual.length || (route.match === 'exact' && wanted.length !== actual.length)) return false;
  return wanted.every((segment, position) => segment === actual[position] || /^\{[^}]+\}$/.test(actual[position]));
}

/** Paths of the operations a server entry applies to (root servers: every operation of the spec), under its base path. */
function operationPaths(workspace: SpecWorkspace, at: Located, specFile: string, basePath: string): string[] {
  const owner = at.path.slice(0, -2);
  const same = (candidate: Located) => candidate.file === at.file && candidate.path.length === owner.length && candidate.path.every((segment, position) => String(segment) === String(owner[position]));
  const operations = workspace.operations.filter((operation) => operation.spec.file === specFile
    && (owner.length === 0 || at.path[at.path.length - 1] === 'host' || at.path[0] === 'schemes' || same(operation.item) || same(operation.at)));
  const paths = operations.map((operation) => `${basePath}${operation.path}`);
  return paths.length ? paths : [basePath || '/'];
}

function describeRoute(route: HostRoute): string {
  return `${describeObject(route.object)} (host ${route.host})`;
}

export const serverUrlVsIngress: Rule = {
  id: 'x.server-url-vs-ingress',
  title: 'Spec server URL disagrees with the Ingress for its host',
  category: 'api',
  severity: 'medium',
  stride: 'I',
  cwe: 319,
  owaspApi: 'API8:2023',
  rationale: 'The spec\'s `servers` tell clients, SDK generators and gateways where the API is; the Ingress (or HTTPRoute) for the same host decides '
    + 'what actually answers there. When they disagree on the scheme, an https URL meets a host served without TLS (clients fail the handshake '
    + 'or get the controller\'s default certificate), or an http URL sends tokens in cleartext to a host that only redirects to https (and '
    + 'redirected POSTs lose their body). When the base path is not one the routes send to the service, every call built from the spec is a 404 '
    + 'from the ingress controller. Spectral and kube-linter each see one side only.',
  remediation: 'Make the server URL say what the Ingress serves: the https scheme when the Ingress has a `tls` entry for the host (add one, with '
    + 'its certificate Secret, when the spec promises https) and the public path prefix the Ingress routes to the service (the path before '
    + 'any rewrite-target).',
  references: [REF.oasServer, REF.ingressTls, REF.ingressPaths, REF.gatewayListeners, REF.cwe(319)],
  check(context) {
    const objects = projectObjects(context);
    const all = hostRoutes(objects);
    if (!all.length) return [];
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const server of serverEntries(context)) {
      const url = parseServer(server.url, server.variables);
      if (!url || isLocalHost(url.host) || (url.port !== undefined && url.port !== 80 && url.port !== 443)) continue;
      const matching = all.filter((route) => hostMatches(route.host, url.host));
      if (!matching.length) continue;
      const location = workspace.location(server.spec.swagger ? server.at : workspace.child(server.at, 'url'));
      const element = elementAt(server.at);
      const schemeDeclared = !(server.spec.swagger && server.at.path[server.at.path.length - 1] === 'host');
      const secure = matching.filter((route) => route.tls === true);
      if (schemeDeclared && url.scheme === 'https' && matching.every((route) => route.tls === false)) {
        hits.push({
          message: `Server "${server.url}" promises https, but ${matching.map(describeRoute).join(' and ')} terminate${matching.length === 1 ? 's' : ''} no TLS for ${url.host}: `
            + 'clients following the spec reach the ingress controller\'s default certificate (or a closed port) and fail the handshake.',
          location, element, key: 'scheme',
          related: matching.map((route) => ({ ...route.location, message: `${describeRoute(route)}: no tls entry for the host` })),
        });
      } else if (schemeDeclared && url.scheme === 'http' && secure.length) {
        hits.push({
          message: `Server "${server.url}" is plain http, but ${secure.map(describeRoute).join(' and ')} serve${secure.length === 1 ? 's' : ''} ${url.host} with TLS: `
            + 'clients generated from the spec send their credentials in cleartext before any redirect to https, and redirected writes lose their body.',
          location, element, key: 'scheme',
          related: secure.map((route) => ({ ...route.tlsLocation, message: `${describeRoute(route)}: TLS for the host` })),
        });
      }
      const routed = matching.filter((route) => route.paths.length);
      if (!routed.length) continue;
      const paths = operationPaths(workspace, server.at, server.spec.file, url.basePath);
      if (paths.some((path) => routed.some((route) => route.paths.some((candidate) => routes(candidate, path))))) continue;
      const prefixes = [...new Set(routed.flatMap((route) => route.paths.map((candidate) => candidate.path)))];
      hits.push({
        message: `Server "${server.url}" puts the spec's operations under ${url.basePath || '/'} (${paths[0]}${paths.length > 1 ? ` and ${paths.length - 1} more` : ''}), `
          + `but ${routed.map(describeRoute).join(' and ')} route${routed.length === 1 ? 's' : ''} only ${prefixes.join(', ')} on ${url.host}: every call built from the spec gets a 404 from the ingress controller.`,
        location, element, key: 'base-path',
        related: routed.flatMap((route) => route.paths.slice(0, 5).map((candidate) => ({ ...candidate.location, message: `${describeRoute(route)} routes ${candidate.path}` }))),
      });
    }
    return hits;
  },
};
