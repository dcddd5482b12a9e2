/**
 * OpenAPI 3.0 / 3.1 and Swagger 2.0 (YAML or JSON, multi-file `$ref`): one endpoint per operation
 * with its effective security (operation overrides root; `securityUndeclared` when neither says),
 * the security schemes it names, servers, parameters, request body and responses (schemas inlined
 * to a bounded depth) in `properties`. The component that serves the spec is `x-archbench-component`
 * here, or decided at merge (archbench.yaml `apis`, title or server host matching a component).
 */
import type { Endpoint } from '../../shared/model/model.js';
import { asArray, asRecord, asString, compact, strings, text } from './elements.js';
import { hostOf } from './hosts.js';
import { RefResolver, type Located } from './openapi-refs.js';
import { parseStructured, type PathSegment } from './positions.js';
import type { Importer } from './types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Import one OpenAPI or Swagger document. */
export const importOpenApi: Importer = (file, environment, out) => {
  const parsed = parseStructured(file.text, file.path, environment.limits, file.detail);
  out.diagnostics.push(...parsed.diagnostics);
  const document = parsed.documents[0];
  const root = asRecord(document?.value);
  if (!document || !root) {
    if (document) environment.report({ line: 1, column: 1, severity: 'error', code: 'openapi.structure', message: 'An OpenAPI document must be a mapping.' });
    return;
  }
  const swagger = typeof root.swagger === 'string' || typeof root.swagger === 'number';
  if (!swagger && root.openapi === undefined) {
    environment.report({ line: 1, column: 1, severity: 'error', code: 'openapi.structure', message: 'Neither "openapi" nor "swagger" is declared at the top level.' });
  }
  const resolver = new RefResolver(file.path, document, environment);
  const top: Located = { value: root, file: file.path, document, path: [] };
  const info = asRecord(root.info) ?? {};
  const component = asString(root['x-archbench-component']) ?? asString(info['x-archbench-component']);
  const servers = serverUrls(root, swagger);
  const infoAt = document.locate(root.info === undefined ? [] : ['info']);
  out.api = compact({
    component, title: asString(info.title), hosts: servers.map(hostOf).filter((host): host is string => !!host),
    source: { file: file.path, line: infoAt.line, column: infoAt.column, pointer: root.info === undefined ? '' : '/info' },
  });

  const schemes = asRecord(swagger ? root.securityDefinitions : asRecord(root.components)?.securitySchemes) ?? {};
  const rootSecurity = root.security;
  const paths = resolver.deref({ ...top, value: root.paths, path: ['paths'] });
  const pathMap = asRecord(paths.value);
  if (!pathMap) {
    if (root.paths !== undefined || (swagger || text(root.openapi).startsWith('3.0'))) {
      const at = document.locate(['paths']);
      environment.report({ line: at.line, column: at.column, severity: root.paths === undefined ? 'warning' : 'error', code: 'openapi.structure', message: '"paths" is missing or not a mapping.' });
    }
    return;
  }
  for (const [path, rawItem] of Object.entries(pathMap)) {
    if (environment.outOfTime()) return;
    const item = resolver.deref({ ...paths, value: rawItem, path: [...paths.path, path] });
    const operations = asRecord(item.value);
    if (!operations) continue;
    const pathParameters = asArray(operations.parameters);
    for (const method of METHODS) {
      const operation = asRecord(operations[method]);
      if (!operation) continue;
      const at: Located = { ...item, value: operation, path: [...item.path, method] };
      const security = operation.security !== undefined ? operation.security : rootSecurity;
      const requirements = normalizeSecurity(security);
      const usedSchemes: Record<string, unknown> = {};
      for (const requirement of requirements) {
        for (const name of Object.keys(requirement)) {
          const scheme = resolver.deref({ ...top, value: schemes[name], path: swagger ? ['securityDefinitions', name] : ['components', 'securitySchemes', name] });
          usedSchemes[name] = asRecord(scheme.value) ? stripDescriptions(scheme.value as Record<string, unknown>) : { undefined: true };
        }
      }
      const parameters = mergeParameters(resolver, item, pathParameters, asArray(operation.parameters), at);
      const upper = method.toUpperCase();
      const endpoint: Endpoint = compact({
        id: `${upper} ${path}`,
        component,
        protocol: 'http' as const,
        method: upper,
        path,
        operationId: asString(operation.operationId),
        security: requirements,
        securityUndeclared: operation.security === undefined && rootSecurity === undefined ? true : undefined,
        deprecated: operation.deprecated === true ? true : undefined,
        source: resolver.source(at),
        properties: compact({
          summary: asString(operation.summary),
          tags: asArray(operation.tags).length ? asArray(operation.tags) : undefined,
          securitySchemes: Object.keys(usedSchemes).length ? usedSchemes : undefined,
          servers: operationServers(operation, operations, servers, swagger),
          basePath: swagger ? asString(root.basePath) : undefined,
          consumes: swagger ? asArray(operation.consumes ?? root.consumes) : undefined,
          parameters: parameters.filter((parameter) => parameter.in !== 'body' && parameter.in !== 'formData'),
          requestBody: requestBody(resolver, at, operation, parameters, swagger, asArray(operation.consumes ?? root.consumes)),
          responses: responses(resolver, at, operation, swagger, asArray(operation.produces ?? root.produces)),
          extensions: extensions(operation),
        }),
      });
      out.endpoints.push(endpoint);
    }
  }
};

/** OpenAPI `security` as a list of alternatives; anything malformed counts as no requirement. */
function normalizeSecurity(security: unknown): Array<Record<string, string[]>> {
  return asArray(security).map((requirement) => {
    const out: Record<string, string[]> = {};
    for (const [name, scopes] of Object.entries(asRecord(requirement) ?? {})) out[name] = strings(scopes);
    return out;
  });
}

type Parameter = Record<string, unknown> & { name?: string; in?: string };

function mergeParameters(resolver: RefResolver, item: Located, pathLevel: unknown[], operationLevel: unknown[], operation: Located): Parameter[] {
  const merged = new Map<string, Parameter>();
  const add = (raw: unknown, base: Located, path: PathSegment[]) => {
    const resolved = resolver.deref({ ...base, value: raw, path });
    const parameter = asRecord(resolved.value);
    if (!parameter) return;
    const name = asString(parameter.name);
    const location = asString(parameter.in);
    const schemaSource = parameter.schema !== undefined
      ? { ...resolved, value: parameter.schema, path: [...resolved.path, 'schema'] }
      : { ...resolved, value: swaggerSchema(parameter), path: resolved.path };
    merged.set(`${location}:${name}`, compact({
      name, in: location,
      required: parameter.required === true || location === 'path' ? true : undefined,
      deprecated: parameter.deprecated === true ? true : undefined,
      allowEmptyValue: parameter.allowEmptyValue === true ? true : undefined,
      style: asString(parameter.style),
      schema: resolver.inlineSchema(schemaSource, 3),
    }));
  };
  pathLevel.forEach((raw, index) => add(raw, item, [...item.path, 'parameters', index]));
  operationLevel.forEach((raw, index) => add(raw, operation, [...operation.path, 'parameters', index]));
  return [...merged.values()];
}

/** Swagger 2 parameters carry their schema inline (`type`, `format`, `items`, ...). */
function swaggerSchema(parameter: Record<string, unknown>): Record<string, unknown> {
  const keys = ['type', 'format', 'items', 'enum', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'default', 'collectionFormat'];
  const out: Record<string, unknown> = {};
  for (const key of keys) if (parameter[key] !== undefined) out[key] = parameter[key];
  return out;
}

function requestBody(resolver: RefResolver, at: Located, operation: Record<string, unknown>, parameters: Parameter[], swagger: boolean, consumes: unknown[]): unknown {
  if (swagger) {
    const body = parameters.find((parameter) => parameter.in === 'body');
    const form = parameters.filter((parameter) => parameter.in === 'formData');
    const mediaTypes = strings(consumes).length ? strings(consumes) : [form.length ? 'application/x-www-form-urlencoded' : 'application/json'];
    if (body) return { required: body.required === true, content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: body.schema }])) };
    if (form.length) {
      const properties = Object.fromEntries(form.map((parameter) => [parameter.name, parameter.schema]));
      const required = form.filter((parameter) => parameter.required).map((parameter) => parameter.name);
      return { required: required.length > 0, content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'object', properties, required } }])) };
    }
    return undefined;
  }
  if (operation.requestBody === undefined) return undefined;
  const resolved = resolver.deref({ ...at, value: operation.requestBody, path: [...at.path, 'requestBody'] });
  const body = asRecord(resolved.value);
  if (!body) return undefined;
  return compact({ required: body.required === true, content: mediaContent(resolver, resolved, body.content) });
}

function mediaContent(resolver: RefResolver, at: Located, content: unknown): Record<string, unknown> | undefined {
  const media = asRecord(content);
  if (!media) return undefined;
  const out: Record<string, unknown> = {};
  for (const [type, value] of Object.entries(media)) {
    const schema = asRecord(value)?.schema;
    out[type] = schema === undefined ? {} : { schema: resolver.inlineSchema({ ...at, value: schema, path: [...at.path, 'content', type, 'schema'] }) };
  }
  return out;
}

function responses(resolver: RefResolver, at: Located, operation: Record<string, unknown>, swagger: boolean, produces: unknown[]): Record<string, unknown> | undefined {
  const all = asRecord(operation.responses);
  if (!all) return undefined;
  const out: Record<string, unknown> = {};
  for (const [status, raw] of Object.entries(all)) {
    const resolved = resolver.deref({ ...at, value: raw, path: [...at.path, 'responses', status] });
    const response = asRecord(resolved.value) ?? {};
    const headers = Object.keys(asRecord(response.headers) ?? {});
    const content = swagger
      ? response.schema === undefined ? undefined : Object.fromEntries((strings(produces).length ? strings(produces) : ['application/json']).map((type) =>
        [type, { schema: resolver.inlineSchema({ ...resolved, value: response.schema, path: [...resolved.path, 'schema'] }) }]))
      : mediaContent(resolver, resolved, response.content);
    out[status] = compact({ headers: headers.length ? headers : undefined, content });
  }
  return out;
}

function serverUrls(root: Record<string, unknown>, swagger: boolean): string[] {
  if (swagger) {
    const host = asString(root.host);
    if (!host) return [];
    const schemes = strings(root.schemes).length ? strings(root.schemes) : ['https'];
    return schemes.map((scheme) => `${scheme}://${host}${asString(root.basePath) ?? ''}`);
  }
  return asArray(root.servers).map((server) => asString(asRecord(server)?.url)).filter((url): url is string => !!url);
}

function operationServers(operation: Record<string, unknown>, item: Record<string, unknown>, rootServers: string[], swagger: boolean): string[] | undefined {
  if (!swagger) {
    for (const level of [operation.servers, item.servers]) {
      const urls = asArray(level).map((server) => asString(asRecord(server)?.url)).filter((url): url is string => !!url);
      if (urls.length) return urls;
    }
  } else if (asArray(operation.schemes).length && rootServers.length) {
    return asArray(operation.schemes).map((scheme) => rootServers[0].replace(/^[a-z]+:/, `${scheme}:`));
  }
  return rootServers.length ? rootServers : undefined;
}


function stripDescriptions(scheme: Record<string, unknown>): Record<string, unknown> {
  const { description: _description, ...rest } = scheme;
  return rest;
}

function extensions(operation: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(operation).filter(([key]) => key.startsWith('x-'));
  return entries.length ? Object.fromEntries(entries) : undefined;
}
