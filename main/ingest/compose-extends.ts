/**
 * Compose `extends`: a service takes another service's definition (same file or another file)
 * and overrides it, with the Compose spec's merge rules: mappings merge, `environment` and
 * `labels` merge by key, `ports`/`volumes`/`cap_add`-like lists concatenate, `command` and
 * `entrypoint` replace.
 */
import { resolveProjectPath } from './elements.js';

type Service = Record<string, unknown>;

export interface ExtendsHost {
  /** Services of another compose file (already interpolated), relative to the project root; undefined when unreadable. */
  loadServices(relativePath: string): Record<string, Service> | undefined;
  report(service: string, code: string, message: string): void;
}

const REPLACED = new Set(['command', 'entrypoint', 'image', 'build', 'healthcheck.test']);
const CONCATENATED = new Set(['ports', 'expose', 'external_links', 'dns', 'dns_search', 'tmpfs', 'cap_add', 'cap_drop', 'volumes',
  'secrets', 'configs', 'devices', 'env_file', 'security_opt', 'profiles', 'extra_hosts', 'volumes_from', 'links']);
const KEYED_LISTS = new Set(['environment', 'labels', 'depends_on', 'annotations', 'sysctls', 'extra_hosts']);

/** Every service of `services` with its `extends` chain resolved; `file` is the compose file's relative path. */
export function resolveExtends(services: Record<string, Service>, file: string, host: ExtendsHost): Record<string, Service> {
  const resolved: Record<string, Service> = {};
  for (const name of Object.keys(services)) {
    resolved[name] = resolveOne(name, services, file, host, [], name);
  }
  return resolved;
}

function resolveOne(name: string, services: Record<string, Service>, file: string, host: ExtendsHost, chain: string[], owner: string): Service {
  const service = services[name];
  if (!service || typeof service !== 'object' || !('extends' in service)) return service ?? {};
  const reference = normalizeExtends(service.extends);
  const { extends: _ignored, ...own } = service;
  if (!reference) {
    host.report(owner, 'compose.extends', `"extends" of service ${name} has no service name.`);
    return own;
  }
  const baseFile = reference.file ? resolveProjectPath(file, reference.file) : file;
  if (!baseFile) {
    host.report(owner, 'compose.extends-file', `"extends" of service ${name} names ${reference.file}, outside the project; ignored.`);
    return own;
  }
  const key = `${baseFile}#${reference.service}`;
  if (chain.includes(key) || chain.length > 32) {
    host.report(owner, 'compose.extends-cycle', `"extends" cycle: ${[...chain, key].join(' -> ')}.`);
    return own;
  }
  const baseServices = reference.file ? host.loadServices(baseFile) : services;
  if (!baseServices) {
    host.report(owner, 'compose.extends-file', `Cannot read ${baseFile}, which service ${name} extends.`);
    return own;
  }
  if (!baseServices[reference.service]) {
    host.report(owner, 'compose.extends-missing', `Service ${name} extends ${reference.service}, which ${reference.file ? baseFile : 'this file'} does not define.`);
    return own;
  }
  const base = resolveOne(reference.service, baseServices, baseFile, host, [...chain, key], owner);
  const merged = mergeService(base, own);
  merged['x-archbench-extends'] = reference.file ? `${baseFile}#${reference.service}` : reference.service;
  return merged;
}

function normalizeExtends(value: unknown): { service: string; file?: string } | undefined {
  if (typeof value === 'string') return { service: value };
  if (value && typeof value === 'object') {
    const { service, file } = value as { service?: unknown; file?: unknown };
    if (typeof service === 'string') return { service, file: typeof file === 'string' ? file : undefined };
  }
  return undefined;
}

/** Merge an overriding service definition into its base, as `extends` and multiple `-f` files do. */
export function mergeService(base: Service, override: Service, path = ''): Service {
  const out: Service = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const at = path ? `${path}.${key}` : key;
    const previous = out[key];
    if (previous === undefined || REPLACED.has(at)) out[key] = value;
    else if (KEYED_LISTS.has(at)) out[key] = { ...toMapping(previous), ...toMapping(value) };
    else if (CONCATENATED.has(at) && Array.isArray(previous) && Array.isArray(value)) out[key] = unique([...previous, ...value]);
    else if (isObject(previous) && isObject(value)) out[key] = mergeService(previous, value, at);
    else out[key] = value;
  }
  return out;
}

/** `["A=1", "B"]` or `{A: 1}` (environment, labels) and `[svc]` (depends_on) as one mapping. */
export function toMapping(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const item of value) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      if (eq < 0) out[item] = null;
      else out[item.slice(0, eq)] = item.slice(eq + 1);
    }
    return out;
  }
  return isObject(value) ? value : {};
}

function unique(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
