/**
 * Deployment against API and topology: health probes whose path the component's spec does not declare
 * (or declares behind authentication, so the probe gets a 401), and environment values that point at
 * hosts no compose service or Kubernetes Service defines.
 */
import type { Component, Endpoint, Probe, SourceLocation } from '../../../../shared/model/model.js';
import { endpointsServedBy, isSecured } from '../../../threat/exposure.js';
import { indexModel } from '../../../threat/model-index.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { CROSS_REFERENCES as REF } from './references.js';
import { elementOfEndpoint } from './support.js';

interface HttpProbe { kind: string; path: string; source: SourceLocation }

/** HTTP probes of a component: Kubernetes httpGet probes and compose healthchecks that fetch a local URL. */
function httpProbes(component: Component): HttpProbe[] {
  const out: HttpProbe[] = [];
  for (const [kind, probe] of Object.entries(component.probes ?? {}) as Array<[string, Probe | undefined]>) {
    if (!probe) continue;
    if (probe.kind === 'http' && probe.path) out.push({ kind, path: probe.path, source: probe.source ?? component.source });
    if ((probe.kind === 'compose-healthcheck' || probe.kind === 'exec') && probe.command) {
      const match = /https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:\d+)?(\/[^\s'"]*)?/.exec(probe.command);
      if (match) out.push({ kind: kind === 'healthcheck' ? 'healthcheck' : kind, path: match[3] ?? '/', source: probe.source ?? component.source });
    }
  }
  return out;
}

/** Paths an endpoint answers on: its path, and its path under each server's base path. */
function pathsOf(endpoint: Endpoint): string[] {
  const servers = Array.isArray(endpoint.properties?.servers) ? (endpoint.properties!.servers as unknown[]).map(String) : [];
  const bases = servers.map((url) => url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/$/, '')).filter(Boolean);
  const basePath = typeof endpoint.properties?.basePath === 'string' ? [String(endpoint.properties.basePath).replace(/\/$/, '')] : [];
  return [endpoint.path, ...[...bases, ...basePath].map((base) => `${base}${endpoint.path}`)];
}

function matches(probePath: string, endpoint: Endpoint): boolean {
  const path = probePath.split('?')[0].replace(/\/$/, '') || '/';
  return pathsOf(endpoint).some((candidate) => {
    const pattern = new RegExp(`^${candidate.replace(/\/$/, '').replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+') || '/'}$`);
    return pattern.test(path);
  });
}

function probeFindings(context: RuleContext, wanted: 'missing' | 'secured'): RuleHit[] {
  const index = indexModel(context.model);
  const hits: RuleHit[] = [];
  for (const component of context.model.components) {
    const probes = httpProbes(component);
    if (!probes.length) continue;
    const endpoints = endpointsServedBy(index, component.id).filter((endpoint) => endpoint.protocol === 'http');
    if (!endpoints.length) continue; // no spec for this component: nothing to compare with
    for (const probe of probes) {
      const gets = endpoints.filter((endpoint) => endpoint.method === 'GET' || endpoint.method === 'HEAD');
      const matched = gets.filter((endpoint) => matches(probe.path, endpoint));
      if (wanted === 'missing' && !matched.length) {
        hits.push({
          message: `The ${probe.kind} probe of ${component.id} calls GET ${probe.path}, which ${component.id}'s spec (${[...new Set(endpoints.map((endpoint) => endpoint.source.file))].join(', ')}) does not declare: the probe depends on an undocumented route that can disappear in a refactor, and gateways that enforce the spec will not pass it.`,
          location: probe.source, element: component.id, key: `${probe.kind}:${probe.path}`,
          related: [{ ...endpoints[0].source, message: `${component.id}'s spec` }],
        });
      }
      if (wanted === 'secured') {
        for (const endpoint of matched.filter(isSecured)) {
          const schemes = [...new Set(endpoint.security.flatMap((requirement) => Object.keys(requirement)))];
          hits.push({
            message: `The ${probe.kind} probe of ${component.id} calls GET ${probe.path}, which the spec declares with security (${schemes.join(' or ')}) as ${endpoint.id}: the probe sends no credentials, gets 401 and ${probe.kind === 'liveness' ? 'restarts the container forever' : probe.kind === 'readiness' ? 'keeps the pod out of rotation' : 'marks the container unhealthy'}.`,
            location: probe.source, element: component.id, key: `${probe.kind}:${probe.path}`,
            related: [{ ...endpoint.source, message: `${endpoint.id} (${elementOfEndpoint(endpoint)})` }],
          });
        }
      }
    }
  }
  return hits;
}

export const probePathNotInSpec: Rule = {
  id: 'x.probe-path-not-in-spec',
  title: 'Health probe path not declared in the spec',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  rationale: 'The liveness, readiness or healthcheck URL of a component is not an operation of its OpenAPI spec: nobody owns it as part of the API, it can '
    + 'be removed or moved in a refactor, and a gateway that validates against the spec rejects it. When it goes, the probe fails and the pods restart.',
  remediation: 'Declare the health route in the spec (with `security: []`), or point the probe at a declared one.',
  references: [REF.probes, REF.composeHealthcheck],
  check: (context) => probeFindings(context, 'missing'),
};

export const probeRequiresAuth: Rule = {
  id: 'x.probe-requires-auth',
  title: 'Health probe path requires authentication',
  category: 'reliability',
  severity: 'high',
  stride: 'D',
  rationale: 'The probe\'s path is declared with security (often inherited from a root-level `security`). Probes send no credentials: if the service enforces '
    + 'its spec, every probe gets 401, liveness restarts the container in a loop and readiness never admits traffic.',
  remediation: 'Give the health operation `security: []` in the spec (and keep it free of sensitive data), or probe a route that is public by design.',
  references: [REF.probes],
  check: (context) => probeFindings(context, 'secured'),
};

const INTERNAL_HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$|\.(svc|svc\.cluster\.local|cluster\.local|internal|local|lan)$/i;

export const envReferencesUnknownService: Rule = {
  id: 'x.env-references-unknown-service',
  title: 'Environment names a service that does not exist',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  rationale: 'An env value (a URL, host:port or address variable) names an in-cluster host that no compose service, alias or Kubernetes Service defines: the '
    + 'component fails to resolve it at runtime, or silently runs without that dependency. Typical after a rename, or when an optional service was '
    + 'left out of the manifests.',
  remediation: 'Point the variable at an existing service, add the missing service, or remove the variable (declare an external system in archbench.yaml when '
    + 'it lives outside this project).',
  references: [REF.serviceDns, REF.composeNetworking],
  check(context) {
    const hits: RuleHit[] = [];
    for (const component of context.model.components) {
      const unresolved = Array.isArray(component.properties?.unresolvedHosts) ? component.properties!.unresolvedHosts as Array<{ host: string; port?: number; via?: string }> : [];
      for (const entry of unresolved) {
        if (!INTERNAL_HOST.test(entry.host)) continue; // a public host name: an external system, not a missing service
        const variable = entry.via?.startsWith('env:') ? (component.env ?? []).find((candidate) => candidate.name === entry.via!.slice(4)) : undefined;
        hits.push({
          message: `${component.id} ${variable ? `sets ${variable.name} to ${variable.value}` : `refers to ${entry.host}${entry.port ? `:${entry.port}` : ''} (${entry.via ?? 'configuration'})`}, but no compose service, network alias or Kubernetes Service is named ${entry.host}: the host does not resolve.`,
          location: variable?.source ?? component.source,
          element: component.id,
          key: entry.host,
        });
      }
    }
    return hits;
  },
};

export const OPERATIONS_RULES = [probePathNotInSpec, probeRequiresAuth, envReferencesUnknownService];
