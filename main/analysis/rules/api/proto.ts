/** Protobuf / gRPC: buf-style lint that matters for evolution and operation (package, naming, enum zero values, paging, streaming, docs). */
import type protobuf from 'protobufjs';
import { lazyModule } from '../../../core/lazy.js';

const protobufjs = lazyModule<typeof protobuf>('protobufjs');
import type { Endpoint, SourceLocation } from '../../../../shared/model/model.js';
import { lineStarts, positionIn } from '../../../ingest/positions.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { endpointHit } from './support/endpoint-facts.js';
import { REF } from './support/references.js';

export interface ProtoFile {
  file: string;
  root: protobuf.Root;
  packageName?: string;
  /** `import` paths as written. */
  imports: string[];
  /** The text with comments and string contents blanked (same offsets), for finding declarations. */
  blank: string;
  starts: number[];
}

const cache = new WeakMap<RuleContext, ProtoFile[]>();
const withImportsCache = new WeakMap<RuleContext, ProtoFile[]>();

function grpcEndpoints(context: RuleContext): Endpoint[] {
  return context.model.endpoints.filter((endpoint) => endpoint.protocol === 'grpc');
}

/** The .proto files behind the model's gRPC endpoints, parsed once per run. */
function protoFiles(context: RuleContext): ProtoFile[] {
  const cached = cache.get(context);
  if (cached) return cached;
  const files: ProtoFile[] = [];
  for (const file of [...new Set(grpcEndpoints(context).map((endpoint) => endpoint.source.file))].sort()) {
    const parsed = parseProto(context, file);
    if (parsed) files.push(parsed);
  }
  cache.set(context, files);
  return files;
}

function parseProto(context: RuleContext, file: string): ProtoFile | undefined {
  const text = context.readText(file);
  if (text === undefined) return undefined;
  try {
    const parsed = protobufjs().parse(text, new (protobufjs().Root)(), { keepCase: true, alternateCommentMode: true });
    return { file, root: parsed.root, packageName: parsed.package ?? undefined, imports: parsed.imports ?? [], blank: blankCommentsAndStrings(text), starts: lineStarts(text) };
  } catch {
    return undefined; // The ingest already reported the syntax error as a diagnostic.
  }
}

/**
 * The proto files behind gRPC endpoints and the project's files they import, directly or not. An import path is relative
 * to an include root (`protoc -I`), which is the importing file's folder or one of its parents; files outside the project
 * (`google/protobuf/timestamp.proto`) are not found and not needed.
 */
export function protoFilesWithImports(context: RuleContext): ProtoFile[] {
  const cached = withImportsCache.get(context);
  if (cached) return cached;
  const found = new Map(protoFiles(context).map((proto) => [proto.file, proto]));
  const queue = [...found.values()];
  while (queue.length && found.size < 500) {
    const proto = queue.shift()!;
    const folders = proto.file.split('/').slice(0, -1).map((_, index, parts) => parts.slice(0, parts.length - index).join('/')).concat('');
    for (const imported of proto.imports) {
      for (const folder of folders) {
        const path = folder ? `${folder}/${imported}` : imported;
        if (found.has(path)) break;
        const parsed = parseProto(context, path);
        if (!parsed) continue;
        found.set(path, parsed);
        queue.push(parsed);
        break;
      }
    }
  }
  const files = [...found.values()].sort((a, b) => a.file.localeCompare(b.file));
  withImportsCache.set(context, files);
  return files;
}

/** Where `pattern` first matches in the blanked text (group 1 if present), or line 1. */
function locate(proto: ProtoFile, pattern: RegExp, from = 0): { location: SourceLocation; offset: number } {
  pattern.lastIndex = from;
  const match = pattern.exec(proto.blank);
  const offset = match ? match.index + (match[1] ? match[0].indexOf(match[1]) : 0) : 0;
  const at = positionIn(proto.starts, offset);
  return { location: { file: proto.file, line: at.line, column: at.column }, offset };
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Messages and enums defined in the file, with their full names. */
export function definitions(proto: ProtoFile): { messages: protobuf.Type[]; enums: protobuf.Enum[] } {
  const messages: protobuf.Type[] = [];
  const enums: protobuf.Enum[] = [];
  const stack: protobuf.ReflectionObject[] = [...proto.root.nestedArray];
  while (stack.length) {
    const next = stack.shift()!;
    if (next instanceof protobufjs().Type) messages.push(next);
    if (next instanceof protobufjs().Enum) enums.push(next);
    if (next instanceof protobufjs().Namespace) stack.push(...next.nestedArray);
  }
  return { messages, enums };
}

/** Where a message's body starts (so field searches stay inside it). */
function messageOffset(proto: ProtoFile, message: protobuf.Type): number {
  return locate(proto, new RegExp(`\\bmessage\\s+(${escape(message.name)})\\s*\\{`, 'g')).offset;
}

/** Where a field of a message is declared (its name), searching from the message's own body. */
export function fieldLocation(proto: ProtoFile, message: protobuf.Type, field: protobuf.Field): SourceLocation {
  return locate(proto, new RegExp(`\\b(${escape(field.name)})\\s*=\\s*${field.id}\\b`, 'g'), messageOffset(proto, message)).location;
}

export const protoPackageMissing: Rule = {
  id: 'proto.package-missing',
  title: 'Proto file without a package',
  category: 'api',
  severity: 'low',
  rationale: 'Without a package, every message and service lands in the global namespace: names collide with other files and other teams\' definitions, and the gRPC method paths (`/Service/Method`) cannot be versioned.',
  remediation: 'Declare a versioned package (`package acme.billing.v1;`) and keep the directory structure in line with it.',
  references: [REF.bufLint, REF.protoStyle],
  check(context) {
    return protoFiles(context).filter((proto) => !proto.packageName).map((proto): RuleHit => ({
      element: proto.file,
      location: locate(proto, /\b(syntax)\s*=/g).location,
      message: `${proto.file} declares no package: its services and messages live in the global namespace.`,
    }));
  },
};

export const protoFieldNameCase: Rule = {
  id: 'proto.field-name-case',
  title: 'Proto field name not lower_snake_case',
  category: 'api',
  severity: 'low',
  rationale: 'The protobuf style guide and buf lint (FIELD_LOWER_SNAKE_CASE) expect lower_snake_case field names; code generators derive camelCase JSON names and language accessors from them, and mixed styles produce inconsistent JSON and clashing accessors.',
  remediation: 'Rename the field to lower_snake_case (renaming is wire-compatible; JSON names change, so set json_name if clients rely on them).',
  references: [REF.bufLint, REF.protoStyle],
  check(context) {
    const hits: RuleHit[] = [];
    for (const proto of protoFiles(context)) {
      for (const message of definitions(proto).messages) {
        for (const field of message.fieldsArray) {
          if (/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(field.name)) continue;
          hits.push({
            element: `${proto.file}#${message.fullName.replace(/^\./, '')}.${field.name}`,
            location: fieldLocation(proto, message, field),
            message: `Field "${field.name}" of ${message.name} is not lower_snake_case.`,
          });
        }
      }
    }
    return hits;
  },
};

export const protoEnumZeroValue: Rule = {
  id: 'proto.enum-zero-value',
  title: 'Enum zero value is a real value',
  category: 'api',
  severity: 'low',
  rationale: 'In proto3 an unset enum field reads as its zero value. If value 0 means something real (`ACTIVE = 0`), "not set" and "active" cannot be told apart, and adding the field to an existing message silently makes every old record active.',
  remediation: 'Make the zero value `<ENUM>_UNSPECIFIED = 0` and treat it as "not set" (buf ENUM_ZERO_VALUE_SUFFIX).',
  references: [REF.bufLint, REF.protoStyle],
  check(context) {
    const hits: RuleHit[] = [];
    for (const proto of protoFiles(context)) {
      for (const enumeration of definitions(proto).enums) {
        const zero = Object.entries(enumeration.values).find(([, value]) => value === 0)?.[0];
        if (!zero || /(_UNSPECIFIED|_UNKNOWN|^UNSPECIFIED|^UNKNOWN)$/i.test(zero)) continue;
        const start = locate(proto, new RegExp(`\\benum\\s+(${escape(enumeration.name)})\\s*\\{`, 'g')).offset;
        const { location } = locate(proto, new RegExp(`\\b(${escape(zero)})\\s*=\\s*0\\b`, 'g'), start);
        hits.push({
          element: `${proto.file}#${enumeration.fullName.replace(/^\./, '')}`,
          location,
          message: `Enum ${enumeration.name} uses ${zero} as its zero value: an unset field reads as ${zero}.`,
        });
      }
    }
    return hits;
  },
};

const PAGE_FIELD = /^(page_size|page_token|max_results|limit|offset|cursor|page|max_page_size|next_page_token|start_after)$/;

export const protoListPagination: Rule = {
  id: 'proto.list-pagination',
  title: 'List RPC without pagination',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 770,
  owaspApi: 'API4:2023',
  rationale: 'A List or Search RPC whose response carries a repeated message field and whose request has no page_size / page_token returns every item in one message: responses grow with the data until they hit the 4 MB default message limit or the deadline, and adding paging later is a breaking change.',
  remediation: 'Add `page_size` and `page_token` to the request and `next_page_token` to the response (Google AIP-158), with a server-side maximum page size.',
  references: [REF.aipPagination, REF.api4],
  check(context) {
    const hits: RuleHit[] = [];
    for (const proto of protoFiles(context)) {
      for (const endpoint of grpcEndpoints(context).filter((candidate) => candidate.source.file === proto.file)) {
        const method = String(endpoint.id.split('/').pop());
        if (!/^(List|Search)/.test(method) || endpoint.properties?.responseStream) continue;
        const request = lookupType(proto, String(endpoint.properties?.requestType ?? ''));
        const response = lookupType(proto, String(endpoint.properties?.responseType ?? ''));
        if (!response) continue;
        const repeated = response.fieldsArray.find((field) => field.repeated && !/^(string|bytes|bool|u?int(32|64)|s?fixed(32|64)|sint(32|64)|double|float)$/.test(field.type));
        if (!repeated) continue;
        if (request?.fieldsArray.some((field) => PAGE_FIELD.test(field.name))) continue;
        hits.push(endpointHit(endpoint, `${endpoint.id} returns repeated ${repeated.type} "${repeated.name}" in ${response.name} and its request (${request?.name ?? String(endpoint.properties?.requestType)}) has no page_size or page_token: every call returns the whole list.`));
      }
    }
    return hits;
  },
};

function lookupType(proto: ProtoFile, name: string): protobuf.Type | undefined {
  if (!name) return undefined;
  try {
    const found = proto.root.lookup(name) ?? (proto.packageName ? proto.root.lookup(`${proto.packageName}.${name}`) : null);
    return found instanceof protobufjs().Type ? found : undefined;
  } catch {
    return undefined;
  }
}

export const protoStreamingRpc: Rule = {
  id: 'proto.streaming-rpc',
  title: 'Streaming RPC',
  category: 'reliability',
  severity: 'low',
  rationale: 'Streaming RPCs hold a connection and server resources for their whole life: they need deadlines or idle timeouts, keepalive settings that survive proxies and load balancers, flow control, and clients that resume after a disconnect. L4 load balancers pin long streams to one backend, so load does not rebalance when replicas are added.',
  remediation: 'Set deadlines and keepalive on both sides, bound concurrent streams per client, make clients reconnect and resume (with a resume token), and balance at L7. Prefer unary RPCs with pagination where a stream is not needed.',
  references: [REF.grpcKeepalive, REF.bufLint],
  check(context) {
    const hits: RuleHit[] = [];
    for (const endpoint of grpcEndpoints(context)) {
      const client = !!endpoint.properties?.requestStream;
      const server = !!endpoint.properties?.responseStream;
      if (!client && !server) continue;
      const kind = client && server ? 'bidirectional streaming' : client ? 'client streaming' : 'server streaming';
      hits.push(endpointHit(endpoint, `${endpoint.id} is ${kind}: it needs deadlines, keepalive, per-client stream limits and reconnect handling.`));
    }
    return hits;
  },
};

export const protoRpcComment: Rule = {
  id: 'proto.rpc-comment',
  title: 'RPC without a comment',
  category: 'api',
  severity: 'info',
  rationale: 'The leading comment of an rpc is its documentation in generated clients and API references (buf COMMENT_RPC); without it consumers guess its semantics, errors and idempotency.',
  remediation: 'Add a leading comment describing what the RPC does, its errors and whether it is safe to retry.',
  references: [REF.bufLint],
  check(context) {
    return grpcEndpoints(context)
      .filter((endpoint) => !String(endpoint.properties?.description ?? '').trim())
      .map((endpoint) => endpointHit(endpoint, `${endpoint.id} has no comment.`));
  },
};

/** Same length as `text`, comments and string contents replaced by spaces (newlines kept). */
function blankCommentsAndStrings(text: string): string {
  const out = text.split('');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    let end = -1;
    if (c === '/' && text[i + 1] === '/') end = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') end = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === "'") {
      end = i + 1;
      while (end < text.length && text[end] !== c && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
      end = Math.min(end + 1, text.length);
    }
    if (end < 0) continue;
    for (let j = i; j < end; j++) if (out[j] !== '\n') out[j] = ' ';
    i = end - 1;
  }
  return out.join('');
}
