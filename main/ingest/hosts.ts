/**
 * Finding other components in configuration values: connection URIs (`postgres://u:p@db:5432/x`,
 * `mongodb://a:1,b:2/x`), `host:port` pairs and bare host names in variables named like addresses
 * (`*_HOST`, `*_ADDR`, `*_URL`). Also the protocol a flow speaks, from scheme, port name or port.
 */
import type { ComponentKind, FlowProtocol } from '../../shared/model/model.js';
import { own } from './elements.js';

export interface HostMention {
  host: string;
  port?: number;
  scheme?: string;
}

const ADDRESS_NAME = /(^|_)(HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|ADDRS|URL|URI|URLS|SERVER|SERVERS|ENDPOINT|ENDPOINTS|SERVICE|BROKER|BROKERS|DSN|CONNECTION|CONN|CONNECTION_STRING)$/i;
const URI = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#'"]+)/gi;
const HOST_PORT = /(^|[\s,;=("'[])([A-Za-z][\w.-]*):(\d{2,5})(?![\w.])/g;
const HOST_NAME = /^[A-Za-z][\w-]*(\.[A-Za-z0-9][\w-]*)*$/;

export const LOCAL_HOST = /^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[^.]+\.localhost|[^.]+\.local)$/i;
export const PRIVATE_HOST = /^(10(\.\d+){3}|192\.168(\.\d+){2}|172\.(1[6-9]|2\d|3[01])(\.\d+){2})$/;

/** Host of a URL (undefined for relative URLs and templated hosts). */
export function hostOf(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(url);
  return match?.[1];
}

/** True for loopback and `.local` addresses: development machines. */
export function isLocalHost(host: string): boolean {
  return LOCAL_HOST.test(host);
}

/** A host the internet can reach by name or address: not loopback, `.local`, a private address or a cluster-internal name. */
export function isPublicHost(host: string): boolean {
  if (isLocalHost(host) || PRIVATE_HOST.test(host) || host.includes('{')) return false;
  if (/\.(internal|svc|cluster\.local|lan|home|corp|intranet)$/i.test(host)) return false;
  return host.includes('.');
}

/**
 * Host names mentioned in a configuration value. `name` is the variable name (env) and enables bare
 * host names for address-like variables; `command` values only yield URIs and `host:port` pairs.
 */
export function findHostMentions(name: string | undefined, value: string, mode: 'env' | 'command' = 'env'): HostMention[] {
  const found: HostMention[] = [];
  const covered: Array<[number, number]> = [];
  for (const match of value.matchAll(URI)) {
    const scheme = match[1].toLowerCase().replace(/^jdbc:/, '');
    const authority = match[2].replace(/^.*@/, '');
    covered.push([match.index!, match.index! + match[0].length]);
    for (const part of authority.split(',')) {
      const mention = parseHostPort(part);
      if (mention) found.push({ ...mention, scheme });
    }
  }
  // `jdbc:postgresql://db/x` has its scheme before the `//`: handled above as `postgresql`.
  for (const match of value.matchAll(HOST_PORT)) {
    const start = match.index! + match[1].length;
    if (covered.some(([from, to]) => start >= from && start < to)) continue;
    const host = match[2];
    if (!isPlausibleHost(host)) continue;
    found.push({ host, port: Number(match[3]) });
  }
  if (mode === 'env' && found.length === 0 && name && ADDRESS_NAME.test(name)) {
    const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
    if (parts.length && parts.every((part) => HOST_NAME.test(part))) {
      for (const part of parts) if (isPlausibleHost(part)) found.push({ host: part });
    }
  }
  return dedupe(found);
}

function parseHostPort(text: string): HostMention | undefined {
  if (text.startsWith('[')) return undefined; // IPv6 literal
  const [host, port] = text.split(':');
  if (!host || !isPlausibleHost(host)) return undefined;
  const number = port !== undefined && /^\d+$/.test(port) ? Number(port) : undefined;
  return { host, port: number };
}

/** Not an IP, not localhost, not a version (`v1.2`), not a scheme-like word. */
function isPlausibleHost(host: string): boolean {
  if (!HOST_NAME.test(host)) return false;
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost') || lower === 'host.docker.internal') return false;
  if (/^\d+(\.\d+)*$/.test(host)) return false;
  return true;
}

function dedupe(mentions: HostMention[]): HostMention[] {
  const seen = new Set<string>();
  return mentions.filter((mention) => {
    const key = `${mention.host}|${mention.port ?? ''}|${mention.scheme ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SCHEMES: Record<string, { protocol: FlowProtocol; encrypted?: boolean }> = {
  postgres: { protocol: 'postgres' }, postgresql: { protocol: 'postgres' },
  mysql: { protocol: 'mysql' }, mariadb: { protocol: 'mysql' },
  mongodb: { protocol: 'mongodb' }, 'mongodb+srv': { protocol: 'mongodb' },
  redis: { protocol: 'redis' }, rediss: { protocol: 'redis', encrypted: true },
  amqp: { protocol: 'amqp' }, amqps: { protocol: 'amqp', encrypted: true },
  kafka: { protocol: 'kafka' }, nats: { protocol: 'nats' }, tls: { protocol: 'tcp', encrypted: true },
  http: { protocol: 'http', encrypted: false }, https: { protocol: 'https', encrypted: true },
  ws: { protocol: 'http', encrypted: false }, wss: { protocol: 'https', encrypted: true },
  grpc: { protocol: 'grpc' }, grpcs: { protocol: 'grpc', encrypted: true },
  smtp: { protocol: 'smtp' }, smtps: { protocol: 'smtp', encrypted: true },
  memcached: { protocol: 'memcached' }, cassandra: { protocol: 'cassandra' },
  mqtt: { protocol: 'mqtt' }, mqtts: { protocol: 'mqtt', encrypted: true },
  ldap: { protocol: 'ldap' }, ldaps: { protocol: 'ldap', encrypted: true },
  tcp: { protocol: 'tcp' }, udp: { protocol: 'udp' },
};

const PORTS: Record<number, FlowProtocol> = {
  80: 'http', 8080: 'http', 443: 'https', 8443: 'https',
  5432: 'postgres', 3306: 'mysql', 27017: 'mongodb', 6379: 'redis', 11211: 'memcached', 9042: 'cassandra',
  5672: 'amqp', 9092: 'kafka', 4222: 'nats', 25: 'smtp', 587: 'smtp', 1883: 'mqtt',
};

/** Protocol (and whether it is encrypted, when the scheme says) from a URI scheme. */
export function protocolFromScheme(scheme: string | undefined): { protocol: FlowProtocol; encrypted?: boolean } | undefined {
  return scheme ? own(SCHEMES, scheme.toLowerCase()) : undefined;
}

/** Protocol from a Kubernetes Service port name (`grpc`, `http`, `tcp-redis`, `https-web`). */
export function protocolFromPortName(name: string | undefined): FlowProtocol | undefined {
  if (!name) return undefined;
  for (const part of name.toLowerCase().split('-')) {
    if (part === 'grpc') return 'grpc';
    if (part === 'https' || part === 'tls') return 'https';
    if (part === 'http' || part === 'http2' || part === 'web') return 'http';
    const scheme = own(SCHEMES, part);
    if (scheme && part !== 'tcp' && part !== 'udp') return scheme.protocol;
  }
  return undefined;
}

/** Protocol from a well-known port number. */
export function protocolFromPort(port: number | undefined): FlowProtocol | undefined {
  return own(PORTS, port);
}

/** Protocol a component of this kind and image most likely speaks. */
export function protocolFromTarget(kind: ComponentKind | undefined, kindReason: string | undefined): FlowProtocol | undefined {
  const word = kindReason?.split(':')[1];
  const byWord: Record<string, FlowProtocol> = {
    postgres: 'postgres', postgresql: 'postgres', postgis: 'postgres', timescaledb: 'postgres', cockroach: 'postgres', cockroachdb: 'postgres',
    mysql: 'mysql', mariadb: 'mysql', percona: 'mysql', mongo: 'mongodb', mongodb: 'mongodb', redis: 'redis', valkey: 'redis', keydb: 'redis',
    memcached: 'memcached', cassandra: 'cassandra', scylla: 'cassandra', kafka: 'kafka', redpanda: 'kafka', rabbitmq: 'amqp',
    nats: 'nats', elasticsearch: 'http', opensearch: 'http', nginx: 'http', envoy: 'http', traefik: 'http', haproxy: 'http',
    kong: 'http', openresty: 'http', caddy: 'http',
  };
  const byName = own(byWord, word);
  if (byName) return byName;
  if (kind === 'gateway') return 'http';
  return undefined;
}

/** Queues and streams are asynchronous; everything else is request/response. */
export function isSynchronous(protocol: FlowProtocol, targetKind?: ComponentKind): boolean {
  if (['kafka', 'amqp', 'nats', 'mqtt'].includes(protocol)) return false;
  return targetKind !== 'queue';
}
