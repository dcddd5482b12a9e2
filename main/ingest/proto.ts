/**
 * Protocol Buffers: every rpc of every service becomes a gRPC endpoint
 * (`hipstershop.CartService/AddItem`). protobufjs parses and validates; it keeps no line numbers,
 * so a scan of the text with comments and strings blanked out finds where each service and rpc is.
 * The component is attached at merge (service name matching a component name).
 */
import type protobuf from 'protobufjs';
import { lazyModule } from '../core/lazy.js';

const protobufjs = lazyModule<typeof protobuf>('protobufjs');
import { compact } from './elements.js';
import { scanBracketDepth } from './limits.js';
import { lineStarts, positionIn } from './positions.js';
import type { Importer } from './types.js';

/** Import one .proto file. */
export const importProto: Importer = (file, environment, out) => {
  if (scanBracketDepth(file.text, environment.limits.maxDepth, '//') > environment.limits.maxDepth) {
    environment.report({ line: 1, column: 1, severity: 'error', code: 'limit.depth', message: `Nesting deeper than ${environment.limits.maxDepth} levels; file not parsed.` });
    return;
  }
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobufjs().parse(file.text, new (protobufjs().Root)(), { alternateCommentMode: true, keepCase: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = Number(/line (\d+)\)/.exec(message)?.[1] ?? 1);
    environment.report({ line, column: 1, severity: 'error', code: 'proto.parse', message: `Protobuf syntax error: ${message.replace(/\s*\(line \d+\)$/, '')}` });
    return;
  }
  const packageName = parsed.package ?? '';
  const positions = scanPositions(file.text);
  for (const service of collectServices(parsed.root)) {
    const serviceName = service.name;
    const qualified = packageName ? `${packageName}.${serviceName}` : serviceName;
    for (const method of service.methodsArray) {
      const at = positions.get(`${serviceName}/${method.name}`) ?? positions.get(serviceName) ?? { line: 1, column: 1 };
      out.endpoints.push({
        id: `${qualified}/${method.name}`,
        protocol: 'grpc',
        method: 'rpc',
        path: `/${qualified}/${method.name}`,
        security: [],
        securityUndeclared: true,
        source: { file: file.path, line: at.line, column: at.column, pointer: `${qualified}.${method.name}` },
        properties: compact({
          package: packageName || undefined,
          service: serviceName,
          requestType: method.requestType,
          responseType: method.responseType,
          requestStream: method.requestStream || undefined,
          responseStream: method.responseStream || undefined,
          options: method.options && Object.keys(method.options).length ? method.options : undefined,
          description: method.comment ?? undefined,
        }),
      });
    }
  }
};

function collectServices(namespace: protobuf.NamespaceBase): protobuf.Service[] {
  const services: protobuf.Service[] = [];
  const stack: protobuf.ReflectionObject[] = [...namespace.nestedArray];
  while (stack.length) {
    const next = stack.shift()!;
    if (next instanceof protobufjs().Service) services.push(next);
    else if (next instanceof protobufjs().Namespace) stack.push(...next.nestedArray);
  }
  return services;
}

/** Line and column of each `service X` and `rpc Y` (keyed `X` and `X/Y`). */
function scanPositions(text: string): Map<string, { line: number; column: number }> {
  const blank = blankCommentsAndStrings(text);
  const starts = lineStarts(text);
  const found = new Map<string, { line: number; column: number }>();
  const service = /\bservice\s+([A-Za-z_]\w*)\s*\{/g;
  for (let match = service.exec(blank); match; match = service.exec(blank)) {
    const name = match[1];
    const nameOffset = match.index + match[0].indexOf(name, 7);
    found.set(name, positionIn(starts, nameOffset));
    const open = match.index + match[0].length - 1;
    const close = matchingBrace(blank, open);
    const body = blank.slice(open, close);
    const rpc = /\brpc\s+([A-Za-z_]\w*)\s*\(/g;
    for (let method = rpc.exec(body); method; method = rpc.exec(body)) {
      found.set(`${name}/${method[1]}`, positionIn(starts, open + method.index + method[0].indexOf(method[1], 3)));
    }
    service.lastIndex = close;
  }
  return found;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

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
