/**
 * docker-compose files (every version of the Compose spec): services become components, networks
 * trust boundaries, and env values, command arguments, `depends_on` and `links` that name another
 * service become flows. Anchors and `<<` merge keys are resolved by the YAML parser, `extends` by
 * compose-extends.ts and `${VAR}` interpolation from the `.env` beside the file by compose-env.ts.
 */
import { posix } from 'node:path';
import type { Component, EnvVar, Flow, PortBinding, Probe, SourceLocation, TrustBoundary } from '../../shared/model/model.js';
import { interpolateTree, parseDotEnv } from './compose-env.js';
import { resolveExtends, toMapping } from './compose-extends.js';
import { asArray, asNumber, asRecord, asString, compact, newComponent, newFlow, resolveProjectPath, strings, text as textOf } from './elements.js';
import { findHostMentions, isSynchronous, protocolFromPort, protocolFromScheme, protocolFromTarget, type HostMention } from './hosts.js';
import { inferKind } from './kinds.js';
import { utf8Length } from './limits.js';
import { parseYamlDocuments, sourceAt, type LocatedDocument, type PathSegment } from './positions.js';
import type { HostReference, ImportEnvironment, Importer } from './types.js';

type Service = Record<string, unknown>;

/** Keys copied verbatim into Component.properties (Compose spelling, so rules can cite the file). */
const VERBATIM = ['restart', 'deploy', 'secrets', 'configs', 'volumes', 'user', 'read_only', 'privileged', 'cap_add', 'cap_drop',
  'security_opt', 'pid', 'ipc', 'network_mode', 'hostname', 'container_name', 'command', 'entrypoint', 'build', 'profiles', 'labels',
  'env_file', 'healthcheck', 'logging', 'tmpfs', 'devices', 'ulimits', 'stop_grace_period', 'init', 'expose', 'links', 'platform',
  'runtime', 'userns_mode', 'sysctls', 'mem_limit', 'cpus', 'scale', 'x-archbench-extends'];

/** Import one compose file. */
export const importCompose: Importer = (file, environment, out) => {
  const parsed = parseYamlDocuments(file.text, file.path, environment.limits);
  out.diagnostics.push(...parsed.diagnostics);
  const document = parsed.documents[0];
  if (!document) return;
  const raw = asRecord(document.value);
  if (!raw) {
    environment.report({ line: 1, column: 1, severity: 'error', code: 'compose.structure', message: 'A compose file must be a mapping with a "services" key.' });
    return;
  }
  const directory = posix.dirname(file.path) === '.' ? '' : posix.dirname(file.path);
  out.composeProject = directory;
  const variables = readDotEnv(directory, environment);
  const reported = new Set<string>();
  const root = interpolateTree(raw, (name) => variables.get(name), (path, issue) => {
    if (reported.has(issue.variable + issue.kind)) return;
    reported.add(issue.variable + issue.kind);
    const at = document.locate(path);
    environment.report({
      line: at.line, column: at.column, code: 'compose.variable', message: issue.message,
      severity: issue.kind === 'required' ? 'error' : issue.kind === 'syntax' ? 'warning' : 'info',
    });
  }) as Record<string, unknown>;

  const legacy = !('services' in root) && Object.values(root).some((value) => asRecord(value) && ('image' in asRecord(value)! || 'build' in asRecord(value)!));
  const prefix: PathSegment[] = legacy ? [] : ['services'];
  const declared = asRecord(legacy ? root : root.services);
  if (!declared) {
    environment.report({ line: 1, column: 1, severity: 'warning', code: 'compose.structure', message: 'No "services" mapping in this compose file.' });
    return;
  }
  const services = resolveExtends(declared as Record<string, Service>, file.path, {
    loadServices: (path) => loadOtherFile(path, environment, variables),
    report: (service, code, message) => {
      const at = document.locate([...prefix, service, 'extends']);
      environment.report({ line: at.line, column: at.column, severity: 'warning', code, message });
    },
  });

  const at = (path: PathSegment[]): SourceLocation => sourceAt(file.path, document, [...prefix, ...path], 'yaml-path');
  const context: ComposeContext = { file: file.path, directory, services, at, document, environment, networks: asRecord(root.networks) ?? {} };
  const aliases = aliasIndex(services);
  const completedDependencies = completedDependenciesOf(services);

  for (const [name, value] of Object.entries(services)) {
    const service = asRecord(value);
    if (!service) {
      const where = at([name]);
      environment.report({ line: where.line, column: where.column, severity: 'warning', code: 'compose.structure', message: `Service ${name} is not a mapping.` });
      continue;
    }
    out.components.push(buildComponent(name, service, context, completedDependencies.has(name)));
  }
  const byId = new Map(out.components.map((component) => [component.id, component]));
  for (const component of out.components) {
    const service = services[component.id];
    out.flows.push(...serviceFlows(component, service, context, aliases, byId, out.references));
  }
  out.trustBoundaries.push(...networkBoundaries(out.components, context));
};

interface ComposeContext {
  file: string;
  directory: string;
  services: Record<string, Service>;
  at(path: PathSegment[]): SourceLocation;
  document: LocatedDocument;
  environment: ImportEnvironment;
  networks: Record<string, unknown>;
}

function readDotEnv(directory: string, environment: ImportEnvironment): Map<string, string> {
  const path = directory ? `${directory}/.env` : '.env';
  const text = environment.context.readText(path);
  if (text === undefined) return new Map();
  if (utf8Length(text, environment.limits.maxBytes) > environment.limits.maxBytes) {
    environment.report({ file: path, line: 1, column: 1, severity: 'error', code: 'limit.size', message: `${path} is larger than ${environment.limits.maxBytes} bytes; ignored.` });
    return new Map();
  }
  return parseDotEnv(text);
}

function loadOtherFile(path: string, environment: ImportEnvironment, variables: Map<string, string>): Record<string, Service> | undefined {
  const text = environment.context.readText(path);
  if (text === undefined || utf8Length(text, environment.limits.maxBytes) > environment.limits.maxBytes) return undefined;
  const parsed = parseYamlDocuments(text, path, environment.limits);
  for (const diagnostic of parsed.diagnostics) environment.report(diagnostic);
  const value = parsed.documents[0] && interpolateTree(parsed.documents[0].value, (name) => variables.get(name), () => undefined);
  return asRecord(asRecord(value)?.services) as Record<string, Service> | undefined;
}

/** Every name a service answers to on its networks: service name, hostname, container_name, aliases, links. */
function aliasIndex(services: Record<string, Service>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, value] of Object.entries(services)) {
    const service = asRecord(value) ?? {};
    for (const alias of [service.hostname, service.container_name]) if (typeof alias === 'string' && !index.has(alias)) index.set(alias, name);
    const networks = asRecord(service.networks);
    for (const network of Object.values(networks ?? {})) {
      for (const alias of asArray(asRecord(network)?.aliases)) if (typeof alias === 'string' && !index.has(alias)) index.set(alias, name);
    }
  }
  for (const name of Object.keys(services)) index.set(name, name);
  return index;
}

/** Services others wait for with `condition: service_completed_successfully`: one-shot jobs. */
function completedDependenciesOf(services: Record<string, Service>): Set<string> {
  const jobs = new Set<string>();
  for (const value of Object.values(services)) {
    for (const [dependency, options] of Object.entries(toMapping(asRecord(value)?.depends_on ?? []))) {
      if (asRecord(options)?.condition === 'service_completed_successfully') jobs.add(dependency);
    }
  }
  return jobs;
}

function buildComponent(name: string, service: Service, context: ComposeContext, job: boolean): Component {
  const source = context.at([name]);
  const image = asString(service.image);
  const ports = parsePorts(service.ports, (index) => context.at([name, 'ports', index]));
  const guess = job ? { kind: 'job' as const, reason: 'compose:depends_on:service_completed_successfully' }
    : inferKind({ image, name, ports: ports.map((port) => port.containerPort) });
  const deploy = asRecord(service.deploy);
  const properties: Record<string, unknown> = {};
  for (const key of VERBATIM) if (service[key] !== undefined) properties[key] = service[key];
  const dependsOn = Object.entries(toMapping(service.depends_on ?? [])).map(([dependency, options]) =>
    compact({ service: dependency, condition: asString(asRecord(options)?.condition) ?? 'service_started', required: asRecord(options)?.required as boolean | undefined }));
  if (dependsOn.length) properties.dependsOn = dependsOn;
  const resources = composeResources(service);
  if (resources) properties.resources = resources;
  const healthcheck = composeHealthcheck(service, context.at([name, 'healthcheck']));
  const exposed = ports.filter((port) => !port.hostIp || !/^(127\.|::1$|localhost$)/.test(port.hostIp));
  if (exposed.length) properties.exposedBy = exposed.map((port) => `ports:${port.publishedPort ?? port.containerPort}`);
  const internetFacing = exposed.length > 0;
  return newComponent(name, guess.kind, guess.reason, source, 'compose', compact({
    image,
    replicas: asNumber(deploy?.replicas) ?? asNumber(service.scale),
    ports: ports.length ? ports : undefined,
    env: serviceEnv(name, service, context),
    probes: healthcheck ? { healthcheck } : undefined,
    internetFacing: internetFacing || undefined,
    properties,
  }));
}

function composeResources(service: Service): Record<string, unknown> | undefined {
  const resources = asRecord(asRecord(service.deploy)?.resources);
  const limits = asRecord(resources?.limits);
  const reservations = asRecord(resources?.reservations);
  const memory = limits?.memory ?? service.mem_limit;
  const cpus = limits?.cpus ?? service.cpus;
  if (memory === undefined && cpus === undefined && !reservations) return undefined;
  return compact({
    limits: memory !== undefined || cpus !== undefined ? compact({ cpu: cpus, memory }) : undefined,
    requests: reservations ? compact({ cpu: reservations.cpus, memory: reservations.memory ?? service.mem_reservation }) : undefined,
  });
}

function composeHealthcheck(service: Service, source: SourceLocation): Probe | undefined {
  const healthcheck = asRecord(service.healthcheck);
  if (!healthcheck || healthcheck.disable === true) return undefined;
  const test = healthcheck.test;
  const command = Array.isArray(test) ? test.filter((part) => part !== 'CMD' && part !== 'CMD-SHELL').join(' ') : asString(test);
  if (Array.isArray(test) && test[0] === 'NONE') return undefined;
  return compact({ kind: 'compose-healthcheck' as const, command, source });
}

/** Short (`"127.0.0.1:8080:80/tcp"`, `"3000-3005"`) and long (`{target, published, host_ip}`) port syntax. */
export function parsePorts(value: unknown, at: (index: number) => SourceLocation): PortBinding[] {
  const out: PortBinding[] = [];
  asArray(value).forEach((entry, index) => {
    const source = at(index);
    const long = asRecord(entry);
    if (long) {
      out.push(compact({
        containerPort: firstPort(long.target), publishedPort: firstPort(long.published), hostIp: asString(long.host_ip),
        protocol: asString(long.protocol), name: asString(long.name), source,
      }));
      return;
    }
    const text = asString(entry);
    if (!text) return;
    const [spec, protocol] = text.split('/');
    let hostIp: string | undefined;
    let rest = spec;
    const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(spec);
    if (ipv6) { hostIp = ipv6[1]; rest = ipv6[2]; }
    const parts = rest.split(':');
    if (parts.length === 3) hostIp = parts.shift();
    const container = parts.pop();
    const published = parts.pop();
    out.push(compact({ containerPort: firstPort(container), publishedPort: firstPort(published), hostIp: hostIp || undefined, protocol, source }));
  });
  return out;
}

function firstPort(value: unknown): number | undefined {
  const text = asString(value);
  if (!text) return undefined;
  const match = /^(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function serviceEnv(name: string, service: Service, context: ComposeContext): EnvVar[] | undefined {
  const env: EnvVar[] = [];
  const environment = service.environment;
  if (Array.isArray(environment)) {
    environment.forEach((item, index) => {
      const text = asString(item);
      if (!text) return;
      const eq = text.indexOf('=');
      const source = context.at([name, 'environment', index]);
      env.push(eq < 0 ? { name: text, valueFrom: 'shell', source } : { name: text.slice(0, eq), value: text.slice(eq + 1), source });
    });
  } else if (asRecord(environment)) {
    for (const [key, value] of Object.entries(asRecord(environment)!)) {
      const source = context.at([name, 'environment', key]);
      const text = asString(value);
      env.push(text === undefined ? { name: key, valueFrom: 'shell', source } : { name: key, value: text, source });
    }
  }
  const envFiles = asArray(typeof service.env_file === 'string' ? [service.env_file] : service.env_file);
  envFiles.forEach((entry, index) => {
    const path = asString(entry) ?? asString(asRecord(entry)?.path);
    if (!path) return;
    const relative = resolveProjectPath(context.file, path);
    const text = relative === undefined ? undefined : context.environment.context.readText(relative);
    if (text === undefined || utf8Length(text, context.environment.limits.maxBytes) > context.environment.limits.maxBytes) return;
    const source = context.at([name, 'env_file', index]);
    for (const [key, value] of parseDotEnv(text)) {
      if (!env.some((variable) => variable.name === key)) env.push({ name: key, value, valueFrom: `env_file:${relative}`, source });
    }
  });
  return env.length ? env : undefined;
}

interface Connection { target: string; via: string; mention?: HostMention; source: SourceLocation }

function serviceFlows(
  component: Component, service: Service, context: ComposeContext, aliases: Map<string, string>,
  byId: Map<string, Component>, references: HostReference[],
): Flow[] {
  const connections: Connection[] = [];
  const name = component.id;
  for (const variable of component.env ?? []) {
    if (!variable.value) continue;
    for (const mention of findHostMentions(variable.name, variable.value, 'env')) {
      const target = aliases.get(mention.host);
      const via = `env:${variable.name}`;
      const source = variable.source ?? component.source;
      if (target && target !== name) connections.push({ target, via, mention, source });
      else if (!target) references.push({ from: name, host: mention.host, port: mention.port, scheme: mention.scheme, via, source });
    }
  }
  for (const key of ['command', 'entrypoint'] as const) {
    const value = service[key];
    const text = Array.isArray(value) ? strings(value).join(' ') : asString(value);
    if (!text) continue;
    for (const mention of findHostMentions(undefined, text, 'command')) {
      const target = aliases.get(mention.host);
      if (target && target !== name) connections.push({ target, via: key, mention, source: context.at([name, key]) });
    }
  }
  const flows: Flow[] = [];
  const linked = new Set<string>();
  for (const connection of connections) {
    linked.add(connection.target);
    flows.push(flowFor(name, connection, byId.get(connection.target)));
  }
  const dependsOn = toMapping(service.depends_on ?? []);
  for (const [dependency, options] of Object.entries(dependsOn)) {
    if (linked.has(dependency) || !byId.has(dependency)) continue;
    if (asRecord(options)?.condition === 'service_completed_successfully') continue; // ordering, not traffic
    linked.add(dependency);
    flows.push(flowFor(name, { target: dependency, via: 'depends_on', source: context.at([name, 'depends_on', Array.isArray(service.depends_on) ? Object.keys(dependsOn).indexOf(dependency) : dependency]) }, byId.get(dependency)));
  }
  asArray(service.links).forEach((link, index) => {
    const target = aliases.get(textOf(link).split(':')[0]);
    if (!target || linked.has(target) || target === name) return;
    linked.add(target);
    flows.push(flowFor(name, { target, via: 'links', source: context.at([name, 'links', index]) }, byId.get(target)));
  });
  return flows;
}

function flowFor(from: string, connection: Connection, target: Component | undefined): Flow {
  const scheme = protocolFromScheme(connection.mention?.scheme);
  const port = connection.mention?.port;
  const protocol = scheme?.protocol ?? protocolFromPort(port) ?? protocolFromTarget(target?.kind, target?.kindReason) ?? (port ? 'tcp' : 'unknown');
  return newFlow(from, connection.target, protocol, connection.via, connection.source, compact({
    port, encrypted: scheme?.encrypted, sync: isSynchronous(protocol, target?.kind),
  }));
}

function networkBoundaries(components: Component[], context: ComposeContext): TrustBoundary[] {
  const boundaries = new Map<string, TrustBoundary>();
  const qualify = (network: string) => {
    const definition = asRecord(context.networks[network]);
    const external = definition?.external === true || asRecord(definition?.external) !== undefined;
    const name = asString(definition?.name) ?? network;
    return external || !context.directory ? `network:${name}` : `network:${context.directory}/${name}`;
  };
  for (const component of components) {
    const service = context.services[component.id] ?? {};
    const mode = asString(service.network_mode);
    if (mode) continue; // host / none / service:x networking: no compose network of its own
    const networks = Array.isArray(service.networks) ? strings(service.networks) : Object.keys(asRecord(service.networks) ?? {});
    const names = networks.length ? networks : ['default'];
    component.boundaries = [];
    for (const network of names) {
      const id = qualify(network);
      let boundary = boundaries.get(id);
      if (!boundary) {
        const definition = asRecord(context.networks[network]);
        const declared = definition !== undefined || network in context.networks;
        const source = declared ? sourceAt(context.file, context.document, ['networks', network], 'yaml-path') : context.at([component.id]);
        boundary = compact({
          id, name: network, kind: 'network', components: [], source, sources: [source],
          properties: definition ? compact({
            driver: definition.driver, internal: definition.internal, external: definition.external, attachable: definition.attachable,
            subnets: asArray(asRecord(definition.ipam)?.config).map((entry) => asRecord(entry)?.subnet).filter(Boolean),
          }) : undefined,
        }) as TrustBoundary;
        boundaries.set(id, boundary);
      }
      boundary.components.push(component.id);
      component.boundaries.push(id);
    }
  }
  return [...boundaries.values()];
}
