/** Small constructors shared by importers, so every element is built the same way. */
import { posix } from 'node:path';
import type { Component, ComponentKind, Flow, FlowProtocol, SourceLocation } from '../../shared/model/model.js';

/** A component with one source. */
export function newComponent(id: string, kind: ComponentKind, kindReason: string, source: SourceLocation, origin: string, extra: Partial<Component> = {}): Component {
  return { id, name: id, kind, kindReason, source, sources: [source], origins: [origin], ...extra };
}

/** A flow with one source; the merge gives it its final id. */
export function newFlow(from: string, to: string, protocol: FlowProtocol, inferredFrom: string, source: SourceLocation, extra: Partial<Flow> = {}): Flow {
  return { id: `${from}->${to}`, from, to, protocol, inferredFrom: [inferredFrom], source, sources: [source], ...extra };
}

/** Lower-case, `-`-separated id from a display name (`Web\nApplication` -> `web-application`). */
export function slug(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}

/** Collapse whitespace (Threat Dragon names carry line breaks). */
export function displayName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** A record or undefined: a guard for untyped parsed documents. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An array or an empty one. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string, or a number or boolean as a string; undefined otherwise. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A string for any scalar, '' for anything else (never calls a hostile `toString`). */
export function text(value: unknown): string {
  return asString(value) ?? '';
}

/** The scalar items of a list, as strings. */
export function strings(value: unknown): string[] {
  return asArray(value).map(asString).filter((item): item is string => item !== undefined);
}

/** `table[key]` when `key` is the table's own entry (`constructor`, `__proto__` and friends are not). */
export function own<T>(table: Record<string, T>, key: string | number | undefined): T | undefined {
  return key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** A finite number from a number or numeric string. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Drop undefined values so contributions serialise compactly. */
export function compact<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

/**
 * `relative` resolved against the folder of `fromFile`, or undefined when it is absolute, a URL or
 * leaves the project root. The context confines reads too; this keeps hostile references from even asking.
 */
export function resolveProjectPath(fromFile: string, relative: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(relative) || relative.startsWith('/') || relative.startsWith('\\')) return undefined;
  const joined = posix.normalize(posix.join(posix.dirname(fromFile), relative.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined;
}
