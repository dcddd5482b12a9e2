/**
 * archbench.yaml, the user's overlay: validated against resources/schema/archbench.schema.json
 * (violations become diagnostics at their line) and turned into an ArchbenchOverlay that the
 * merge applies last, so what the user wrote wins over what was inferred. Entries that break the
 * schema are still read where their meaning is clear; only unusable entries are dropped.
 */
import schema from '../../resources/schema/archbench.schema.json' with { type: 'json' };
import type { ComponentKind, Criticality, DataClassification, RiskStatus, SourceLocation } from '../../shared/model/model.js';
import { COMPONENT_KINDS } from '../../shared/model/model.js';
import { asArray, asNumber, asRecord, asString, compact, strings } from './elements.js';
import type { ArchbenchOverlay, OverlayBoundary, OverlayFlow, RetryPolicy } from './overlay-types.js';
import { parseYamlDocuments, sourceAt, type PathSegment } from './positions.js';
import { validateJsonSchema } from './schema-validate.js';
import type { Importer } from './types.js';

const CRITICALITIES = ['low', 'medium', 'high', 'critical'];
const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'];
const STATUSES = ['accepted', 'mitigated', 'false-positive', 'in-progress'];

/** Import archbench.yaml. */
export const importArchbenchYaml: Importer = (file, environment, out) => {
  const parsed = parseYamlDocuments(file.text, file.path, environment.limits);
  out.diagnostics.push(...parsed.diagnostics);
  const document = parsed.documents[0];
  if (!document) return;
  const root = document.value === null || document.value === undefined ? {} : asRecord(document.value);
  if (!root) {
    environment.report({ line: 1, column: 1, severity: 'error', code: 'archbench.schema', message: 'archbench.yaml must be a mapping.' });
    return;
  }
  for (const violation of validateJsonSchema(root, schema as Record<string, unknown>).slice(0, 100)) {
    const at = document.locate(violation.path);
    const where = violation.path.length ? violation.path.join('.') : 'archbench.yaml';
    environment.report({ line: at.line, column: at.column, severity: 'error', code: 'archbench.schema', message: `${where} ${violation.message}.` });
  }
  out.overlay = readOverlay(root, (path) => sourceAt(file.path, document, path, 'yaml-path'));
};

function readOverlay(root: Record<string, unknown>, at: (path: PathSegment[]) => SourceLocation): ArchbenchOverlay {
  const overlay: ArchbenchOverlay = { components: [], trustBoundaries: [], flows: [], dataAssets: [], apis: [], risks: [] };
  const project = asRecord(root.project);
  if (project) overlay.project = compact({ name: asString(project.name), description: asString(project.description), source: at(['project']) });

  for (const [id, value] of Object.entries(asRecord(root.components) ?? {})) {
    const entry = asRecord(value) ?? {};
    overlay.components.push(compact({
      id,
      name: asString(entry.name),
      kind: oneOf(entry.kind, COMPONENT_KINDS) as ComponentKind | undefined,
      external: typeof entry.external === 'boolean' ? entry.external : undefined,
      criticality: oneOf(entry.criticality, CRITICALITIES) as Criticality | undefined,
      dataClassification: oneOf(entry.dataClassification, CLASSIFICATIONS) as DataClassification | undefined,
      internetFacing: typeof entry.internetFacing === 'boolean' ? entry.internetFacing : undefined,
      replicas: asNumber(entry.replicas),
      description: asString(entry.description),
      owner: asString(entry.owner),
      tags: strings(entry.tags).length ? strings(entry.tags) : undefined,
      properties: asRecord(entry.properties),
      source: at(['components', id]),
    }));
  }

  const readBoundary = (value: unknown, path: PathSegment[]): OverlayBoundary | undefined => {
    const entry = asRecord(value);
    const id = asString(entry?.id) ?? asString(entry?.name);
    if (!entry || !id) return undefined;
    const children: string[] = [];
    asArray(entry.children).forEach((child, index) => {
      if (typeof child === 'string') children.push(child);
      const nested = readBoundary(child, [...path, 'children', index]);
      if (nested) { children.push(nested.id); overlay.trustBoundaries.push(nested); }
    });
    return compact({
      id, name: asString(entry.name) ?? id, kind: asString(entry.kind) ?? 'declared', description: asString(entry.description),
      components: strings(entry.components), children, source: at(path),
    });
  };
  asArray(root.trustBoundaries).forEach((value, index) => {
    const boundary = readBoundary(value, ['trustBoundaries', index]);
    if (boundary) overlay.trustBoundaries.push(boundary);
  });

  asArray(root.flows).forEach((value, index) => {
    const entry = asRecord(value);
    const from = asString(entry?.from);
    const to = asString(entry?.to);
    if (!entry || !from || !to) return;
    const breaker = entry.circuitBreaker;
    const flow: OverlayFlow = compact({
      from, to,
      protocol: asString(entry.protocol)?.toLowerCase(),
      port: asNumber(entry.port),
      authentication: asString(entry.authentication),
      encrypted: typeof entry.encrypted === 'boolean' ? entry.encrypted : undefined,
      sync: typeof entry.sync === 'boolean' ? entry.sync : undefined,
      timeoutMs: asNumber(entry.timeoutMs),
      retries: retryPolicy(entry.retries),
      circuitBreaker: typeof breaker === 'boolean' ? breaker : asRecord(breaker) ? asRecord(breaker)!.enabled !== false : undefined,
      circuitBreakerPolicy: asRecord(breaker),
      dataClassification: oneOf(entry.dataClassification, CLASSIFICATIONS) as DataClassification | undefined,
      description: asString(entry.description),
      source: at(['flows', index]),
    });
    overlay.flows.push(flow);
  });

  asArray(root.dataAssets).forEach((value, index) => {
    const entry = asRecord(value);
    const id = asString(entry?.id);
    if (!entry || !id) return;
    overlay.dataAssets.push(compact({
      id, name: asString(entry.name) ?? id,
      classification: oneOf(entry.classification, CLASSIFICATIONS) as DataClassification | undefined,
      storedIn: strings(entry.storedIn).length ? strings(entry.storedIn) : undefined,
      processedBy: strings(entry.processedBy).length ? strings(entry.processedBy) : undefined,
      source: at(['dataAssets', index]),
      properties: entry.description ? { description: asString(entry.description) } : undefined,
    }));
  });

  for (const key of ['apis', 'endpoints'] as const) {
    asArray(root[key]).forEach((value, index) => {
      const entry = asRecord(value);
      const spec = asString(entry?.spec);
      const component = asString(entry?.component);
      if (spec && component) overlay.apis.push({ spec, component, source: at([key, index]) });
    });
  }

  const migrations = asRecord(root.migrations);
  if (migrations) {
    overlay.migrations = compact({
      directories: strings(migrations.directories).length ? strings(migrations.directories) : undefined,
      order: strings(migrations.order).length ? strings(migrations.order) : undefined,
      convention: asString(migrations.convention),
      source: at(['migrations']),
    });
  }

  asArray(root.risks).forEach((value, index) => {
    const entry = asRecord(value);
    const status = oneOf(entry?.status, STATUSES) as RiskStatus | undefined;
    if (!entry || !status) return;
    const fingerprint = asString(entry.fingerprint);
    const rule = asString(entry.rule);
    if (!fingerprint && !rule) return;
    overlay.risks.push(compact({
      fingerprint, rule, element: asString(entry.element), status,
      justification: asString(entry.justification), by: asString(entry.by), date: dateText(entry.date), expires: dateText(entry.expires),
      ticket: asString(entry.ticket), source: at(['risks', index]),
    }));
  });
  return overlay;
}

function retryPolicy(value: unknown): RetryPolicy | undefined {
  const count = asNumber(value);
  if (count !== undefined) return { count };
  const entry = asRecord(value);
  if (!entry || asNumber(entry.count) === undefined) return undefined;
  return compact({
    count: asNumber(entry.count)!, backoff: asString(entry.backoff), jitter: typeof entry.jitter === 'boolean' ? entry.jitter : undefined,
    initialDelayMs: asNumber(entry.initialDelayMs),
  });
}

function oneOf(value: unknown, options: readonly string[]): string | undefined {
  return typeof value === 'string' && options.includes(value) ? value : undefined;
}

function dateText(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return asString(value);
}
