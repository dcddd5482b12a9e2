/**
 * Component kinds from what the artifacts say: image names, service names, ports. Every guess
 * records its reason (`image:postgres`, `name:redis`, `port:6379`) so the user can see why, and
 * the merge keeps the strongest reason when files disagree.
 */
import type { ComponentKind } from '../../shared/model/model.js';
import { own } from './elements.js';

export interface KindGuess {
  kind: ComponentKind;
  reason: string;
}

const KEYWORDS: Array<[ComponentKind, string[]]> = [
  ['datastore', ['postgres', 'postgresql', 'postgis', 'timescaledb', 'mysql', 'mariadb', 'percona', 'mongo', 'mongodb', 'cassandra', 'scylla',
    'cockroach', 'cockroachdb', 'couchdb', 'couchbase', 'neo4j', 'clickhouse', 'elasticsearch', 'opensearch', 'influxdb', 'mssql', 'oracle',
    'dynamodb', 'minio', 'etcd', 'spanner', 'alloydb', 'db']],
  ['cache', ['redis', 'memcached', 'valkey', 'keydb', 'dragonfly', 'varnish', 'cache']],
  ['queue', ['kafka', 'rabbitmq', 'nats', 'activemq', 'artemis', 'pulsar', 'redpanda', 'nsq', 'mosquitto', 'emqx', 'queue', 'mq']],
  ['gateway', ['nginx', 'envoy', 'traefik', 'haproxy', 'kong', 'openresty', 'caddy', 'apisix', 'krakend', 'tyk', 'gateway', 'ingress']],
  ['client', ['loadgenerator', 'loadgen', 'locust', 'k6', 'jmeter', 'gatling', 'vegeta', 'wrk']],
];

/** Generic words that tell a kind as a word of a service name (`user-db`) but not as an image name. */
const NAME_ONLY = new Set(['db', 'cache', 'queue', 'mq', 'gateway', 'ingress']);

const PORT_KINDS: Record<number, [ComponentKind, string]> = {
  5432: ['datastore', 'postgres'], 3306: ['datastore', 'mysql'], 27017: ['datastore', 'mongodb'], 9042: ['datastore', 'cassandra'],
  26257: ['datastore', 'cockroachdb'], 9200: ['datastore', 'elasticsearch'],
  6379: ['cache', 'redis'], 11211: ['cache', 'memcached'],
  9092: ['queue', 'kafka'], 5672: ['queue', 'amqp'], 4222: ['queue', 'nats'], 1883: ['queue', 'mqtt'],
};

/** Guess from an image reference (`docker.io/library/postgres:16`, `bitnami/kafka`, `cp-kafka`). */
export function kindFromImage(image: string | undefined): KindGuess | undefined {
  if (!image) return undefined;
  const withoutTag = image.replace(/@.*$/, '').replace(/:[^/]*$/, '').toLowerCase();
  for (const segment of withoutTag.split('/').reverse()) {
    const base = segment.replace(/^(cp|bitnami|library)-/, '');
    for (const [kind, words] of KEYWORDS) {
      for (const word of words) {
        if (NAME_ONLY.has(word)) continue;
        if (base === word || base.startsWith(word + '-') || base.startsWith(word + '_') || (word.length >= 5 && base.startsWith(word))) {
          return { kind, reason: `image:${word}` };
        }
      }
    }
  }
  return undefined;
}

/** Guess from a component name (`mongodb-profile`, `redis-cart`, `loadgenerator`, `user-db`). */
export function kindFromName(name: string | undefined): KindGuess | undefined {
  if (!name) return undefined;
  const tokens = name.toLowerCase().split(/[-_.\s/]+/).filter(Boolean);
  for (const [kind, words] of KEYWORDS) {
    for (const word of words) {
      if (tokens.includes(word) || (word.length >= 5 && tokens.some((token) => token.startsWith(word)))) return { kind, reason: `name:${word}` };
    }
  }
  return undefined;
}

/** Guess from a port the component listens on. */
export function kindFromPorts(ports: Array<number | undefined>): KindGuess | undefined {
  for (const port of ports) {
    const known = own(PORT_KINDS, port);
    if (known) return { kind: known[0], reason: `port:${port}` };
  }
  return undefined;
}

/** Image first, then name, then ports; `service` when nothing tells. */
export function inferKind(facts: { image?: string; name?: string; ports?: Array<number | undefined> }): KindGuess {
  return kindFromImage(facts.image) ?? kindFromName(facts.name) ?? kindFromPorts(facts.ports ?? []) ?? { kind: 'service', reason: 'default' };
}

/** How much a kind reason should be trusted when two files disagree (higher wins). */
export function kindReasonRank(reason: string | undefined): number {
  if (!reason || reason === 'default') return 0;
  if (reason === 'archbench.yaml') return 6;
  if (/^(threagile|threat-dragon|otm):/.test(reason)) return 5;
  if (/^(kubernetes|compose):/.test(reason)) return 4;
  if (reason.startsWith('image:')) return 3;
  if (reason.startsWith('name:')) return 2;
  if (reason.startsWith('port:')) return 1;
  return 1;
}

/**
 * Tracing and log pipelines: agents, collectors and backends that services export spans and logs to
 * (Jaeger, Zipkin, the OpenTelemetry Collector, Tempo, Loki, Fluentd / Fluent Bit, Logstash, Promtail,
 * Filebeat, Vector, the Datadog agent). Exporters buffer and drop when the pipeline is down, so a call
 * into one does not make the caller's requests fail.
 */
const TELEMETRY_IMAGE = /(^|\/)(jaegertracing|openzipkin|otel)\/|opentelemetry-collector|otelcol|(^|\/)(jaeger|zipkin)[^/]*$|(^|\/)grafana\/(tempo|loki|promtail|alloy|agent)$|(^|\/)(fluentd|fluent-bit|logstash|filebeat|promtail|apm-server)$|(^|\/)timberio\/vector|(^|\/)datadog\/agent$/;
const TELEMETRY_NAMES = new Set(['jaeger', 'zipkin', 'otel', 'opentelemetry', 'otelcol', 'tempo', 'loki', 'promtail', 'fluentd', 'fluentbit', 'logstash', 'filebeat']);

/** Why a component is a telemetry sink (`image:jaegertracing/all-in-one`, `name:otel-collector`), or undefined. */
export function telemetryReason(component: { id: string; name?: string; image?: string }): string | undefined {
  if (component.image) {
    const path = component.image.replace(/@.*$/, '').replace(/:[^/]*$/, '').toLowerCase();
    if (TELEMETRY_IMAGE.test(path)) return `image:${path}`;
  }
  const name = component.name ?? component.id;
  const tokens = name.toLowerCase().split(/[-_.\s/]+/).filter(Boolean);
  const telemetry = tokens.some((token) => TELEMETRY_NAMES.has(token)) || (tokens.includes('fluent') && tokens.includes('bit'));
  return telemetry ? `name:${name}` : undefined;
}
