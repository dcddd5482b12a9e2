/**
 * Observability signals per component, from what the files show: metrics (a metrics port, Prometheus
 * labels or annotations, a ServiceMonitor / PodMonitor selecting it), tracing (OTEL_* / Jaeger / Zipkin
 * settings, a flow to a collector), log shipping (a compose logging driver, a log agent in the system)
 * and alerts (a PrometheusRule that names it, or archbench.yaml `properties.alerts`). Kubernetes
 * monitoring objects are not components of the model, so they are read from the manifest files when
 * the caller can read files; without `readText` only what the model records counts.
 */
import { parseAllDocuments } from 'yaml';
import type { Component, SourceLocation } from '../../shared/model/model.js';
import type { ModelIndex } from './model-index.js';

export interface Signals {
  metrics: boolean;
  tracing: boolean;
  logs: boolean;
  alerts: boolean;
  /** What shows each signal. */
  evidence: Array<{ signal: 'metrics' | 'tracing' | 'logs' | 'alerts'; detail: string; location?: SourceLocation }>;
}

export interface MonitoringObjects {
  /** ServiceMonitors / PodMonitors with the labels they select. */
  monitors: Array<{ kind: string; name: string; labels: Record<string, string>; file: string }>;
  /** PrometheusRules with the text of their expressions and alert names. */
  rules: Array<{ name: string; alerts: string[]; text: string; file: string }>;
  /** Pod-template annotations per workload name (`prometheus.io/scrape`). */
  annotations: Map<string, Record<string, string>>;
}

const METRICS_PORT_NAME = /(^|-)(metrics|prometheus|prom|http-metrics|monitoring)($|-)/i;
const METRICS_PORTS = new Set([9090, 9091, 9100, 9102, 9113, 9121, 9187, 9464, 8888, 9404, 9779]);
const TRACING_ENV = /^(OTEL_|OTLP_|JAEGER_|ZIPKIN_|DD_TRACE|DD_AGENT_HOST|ELASTIC_APM_|NEW_RELIC_|HONEYCOMB_|LIGHTSTEP_|SENTRY_TRACES|ENABLE_TRACING$|TRACING_|COLLECTOR_SERVICE_ADDR$)/i;
const METRICS_ENV = /^(PROMETHEUS_|METRICS_|STATSD_|DD_DOGSTATSD|OTEL_METRICS_EXPORTER|ENABLE_METRICS$)/i;
const COLLECTOR = /(otel|opentelemetry|collector|jaeger|zipkin|tempo|datadog|newrelic|honeycomb|apm-server|signoz)/i;
const LOG_AGENT = /(fluentd|fluent-bit|fluentbit|promtail|loki|vector|logstash|filebeat|otel-collector|splunk|datadog)/i;

/** Read ServiceMonitors, PodMonitors, PrometheusRules and pod annotations from the model's Kubernetes files. */
export function readMonitoringObjects(index: ModelIndex, readText: (path: string) => string | undefined): MonitoringObjects {
  const out: MonitoringObjects = { monitors: [], rules: [], annotations: new Map() };
  const files = new Set<string>();
  for (const component of index.model.components) {
    if (!component.origins?.includes('kubernetes')) continue;
    for (const source of component.sources) files.add(source.file);
  }
  for (const file of files) {
    const text = readText(file);
    if (!text || text.length > 5_000_000 || !/(ServiceMonitor|PodMonitor|PrometheusRule|prometheus\.io)/.test(text)) continue;
    let documents;
    try {
      documents = parseAllDocuments(text);
    } catch {
      continue;
    }
    for (const document of Array.isArray(documents) ? documents : [documents]) {
      const value = safeJs(document);
      for (const object of value?.kind === 'List' && Array.isArray(value.items) ? value.items as Array<Record<string, any>> : [value]) {
        if (!object || typeof object !== 'object') continue;
        const kind = String(object.kind ?? '');
        const name = String(object.metadata?.name ?? '');
        if (kind === 'ServiceMonitor' || kind === 'PodMonitor') {
          out.monitors.push({ kind, name, labels: stringMap(object.spec?.selector?.matchLabels), file });
        } else if (kind === 'PrometheusRule') {
          const rules = (Array.isArray(object.spec?.groups) ? object.spec.groups : []).flatMap((group: any) => Array.isArray(group?.rules) ? group.rules : []);
          out.rules.push({
            name, file,
            alerts: rules.map((rule: any) => rule?.alert).filter((alert: unknown): alert is string => typeof alert === 'string'),
            text: rules.map((rule: any) => `${rule?.alert ?? ''} ${rule?.expr ?? ''} ${JSON.stringify(rule?.labels ?? {})}`).join('\n'),
          });
        } else if (object.spec?.template?.metadata?.annotations && name) {
          out.annotations.set(name, stringMap(object.spec.template.metadata.annotations));
        }
      }
    }
  }
  return out;
}

function safeJs(document: unknown): Record<string, any> | undefined {
  try {
    const value = (document as { toJS(options?: unknown): unknown }).toJS({ maxAliasCount: 100 });
    return value && typeof value === 'object' ? value as Record<string, any> : undefined;
  } catch {
    return undefined;
  }
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item;
  return out;
}

/** The observability signals of one component. */
export function signalsOf(index: ModelIndex, component: Component, monitoring?: MonitoringObjects): Signals {
  const evidence: Signals['evidence'] = [];
  const add = (signal: Signals['evidence'][number]['signal'], detail: string, location?: SourceLocation) => evidence.push({ signal, detail, ...(location ? { location } : {}) });
  for (const port of component.ports ?? []) {
    if ((port.name && METRICS_PORT_NAME.test(port.name)) || METRICS_PORTS.has(port.containerPort ?? -1)) add('metrics', `metrics port ${port.name ?? port.containerPort}`, port.source);
  }
  const labels = { ...(component.properties?.labels as Record<string, unknown> | undefined), ...monitoring?.annotations.get(component.id) };
  for (const [key, value] of Object.entries(labels)) {
    if (/prometheus\.io\/scrape/i.test(key) && String(value) === 'true') add('metrics', `${key}: "true"`);
  }
  const podLabels = (component.properties?.podLabels as Record<string, string> | undefined) ?? {};
  for (const monitor of monitoring?.monitors ?? []) {
    const entries = Object.entries(monitor.labels);
    if (entries.length && entries.every(([key, value]) => podLabels[key] === value)) add('metrics', `${monitor.kind} ${monitor.name}`, { file: monitor.file, line: 1 });
  }
  for (const variable of component.env ?? []) {
    if (TRACING_ENV.test(variable.name)) add('tracing', `env:${variable.name}`, variable.source);
    else if (METRICS_ENV.test(variable.name)) add('metrics', `env:${variable.name}`, variable.source);
  }
  for (const flow of index.outgoing.get(component.id) ?? []) {
    const target = index.byId.get(flow.to);
    if (target && COLLECTOR.test(`${target.id} ${target.image ?? ''}`)) add('tracing', `flow to ${target.id}`, flow.source);
  }
  if (component.properties?.logging !== undefined) add('logs', 'compose logging driver', component.source);
  const agent = logAgentOf(index);
  if (agent && agent !== component) add('logs', `log agent ${agent.id} in the system`, agent.source);
  const declared = component.properties ?? {};
  if (declared.metrics === true) add('metrics', 'archbench.yaml properties.metrics');
  if (declared.tracing === true) add('tracing', 'archbench.yaml properties.tracing');
  if (declared.logs === true) add('logs', 'archbench.yaml properties.logs');
  const alerts = Array.isArray(declared.alerts) ? declared.alerts.map(String) : typeof declared.alerts === 'string' ? [declared.alerts] : [];
  for (const alert of alerts) add('alerts', `alert ${alert} (archbench.yaml)`);
  const names = [component.id, component.name, podLabels.app].filter((name): name is string => !!name);
  for (const rule of monitoring?.rules ?? []) {
    if (names.some((name) => new RegExp(`["'=~\\s(]${escape(name)}["'\\s),]`).test(rule.text))) {
      add('alerts', `PrometheusRule ${rule.name}${rule.alerts.length ? ` (${rule.alerts.slice(0, 3).join(', ')})` : ''}`, { file: rule.file, line: 1 });
    }
  }
  const has = (signal: Signals['evidence'][number]['signal']) => evidence.some((item) => item.signal === signal);
  return { metrics: has('metrics'), tracing: has('tracing'), logs: has('logs'), alerts: has('alerts'), evidence };
}

const agents = new WeakMap<ModelIndex, Component | null>();

/** A log-shipping agent in the system (Fluent Bit, Promtail, Vector...), if any. */
function logAgentOf(index: ModelIndex): Component | undefined {
  if (!agents.has(index)) agents.set(index, index.model.components.find((candidate) => LOG_AGENT.test(`${candidate.id} ${candidate.image ?? ''}`)) ?? null);
  return agents.get(index) ?? undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
