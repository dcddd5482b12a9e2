/** Path keys and their templates: parameters declared against `{names}`, and keys that are not paths. */
import { asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { rawParameters } from './support/input-schemas.js';
import { REF } from './support/references.js';
import { elementAt, operationElement, operationLabel, SpecWorkspace, type Located, type SpecOperation } from './support/spec-workspace.js';

/** `{name}` variables of a path template. */
export function templateNames(path: string): string[] {
  return [...path.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]);
}

function pathParameters(workspace: SpecWorkspace, operation: SpecOperation): Array<{ name: string; at: Located }> {
  return rawParameters(workspace, operation.at)
    .filter(({ parameter }) => parameter.in === 'path')
    .map(({ at, parameter }) => ({ name: asString(parameter.name) ?? '', at }));
}

export const pathParamUndefined: Rule = {
  id: 'api.path-param-undefined',
  title: 'Path template variable without a parameter',
  category: 'api',
  severity: 'medium',
  rationale: 'Every {variable} in a path must be declared as an `in: path` parameter. Without it, clients and gateways do not know its type or constraints and generated clients cannot fill it in.',
  remediation: 'Declare the variable under the operation or the path item `parameters` with `in: path`, `required: true` and a schema.',
  references: [REF.oasPathTemplating, REF.oasParameter],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const operation of workspace.operations) {
      const declared = new Set(pathParameters(workspace, operation).map((parameter) => parameter.name));
      for (const name of templateNames(operation.path)) {
        if (!name || declared.has(name)) continue;
        hits.push({
          element: operationElement(operation),
          key: name,
          location: workspace.location(operation.at),
          message: `${operationLabel(operation)} uses {${name}} in its path but declares no path parameter named "${name}".`,
        });
      }
    }
    return hits;
  },
};

export const pathParamUnused: Rule = {
  id: 'api.path-param-unused',
  title: 'Path parameter not in the path template',
  category: 'api',
  severity: 'medium',
  rationale: 'An `in: path` parameter whose name does not appear in the template can never be sent; it is usually a renamed variable, and the real one is then undeclared.',
  remediation: 'Rename the parameter to match the {variable} in the path, or remove it.',
  references: [REF.oasPathTemplating, REF.oasParameter],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    const reported = new Set<string>();
    for (const operation of workspace.operations) {
      const names = new Set(templateNames(operation.path));
      for (const parameter of pathParameters(workspace, operation)) {
        if (names.has(parameter.name)) continue;
        const location = workspace.location(parameter.at);
        const where = `${location.file}:${location.line}:${operation.path}`;
        if (reported.has(where)) continue; // a path-level parameter is one mistake, not one per method
        reported.add(where);
        hits.push({
          element: operationElement(operation),
          key: parameter.name,
          location,
          message: `${operationLabel(operation)} declares path parameter "${parameter.name}" but its path has no {${parameter.name}}.`,
        });
      }
    }
    return hits;
  },
};

/** Hits on path keys matching `test`, with the message `describe` gives. */
function pathKeyRule(context: RuleContext, test: (path: string) => boolean, describe: (path: string) => string): RuleHit[] {
  const workspace = SpecWorkspace.of(context);
  const hits: RuleHit[] = [];
  for (const spec of workspace.specs) {
    const paths = workspace.deref(workspace.at(spec, ['paths']));
    for (const path of Object.keys(asRecord(paths.value) ?? {})) {
      if (!test(path)) continue;
      const at = workspace.child(paths, path);
      hits.push({ element: elementAt(at), location: workspace.location(at), message: describe(path) });
    }
  }
  return hits;
}

export const pathEmptyTemplate: Rule = {
  id: 'api.path-empty-template',
  title: 'Empty path template',
  category: 'api',
  severity: 'medium',
  rationale: 'A `{}` in a path names no parameter: the segment cannot be described, validated or filled in by a client.',
  remediation: 'Give the variable a name (`{id}`) and declare it as a path parameter, or make the segment a literal.',
  references: [REF.oasPathTemplating],
  check: (context) => pathKeyRule(context, (path) => path.includes('{}'), (path) => `Path "${path}" contains an empty template "{}".`),
};

export const pathQueryInKey: Rule = {
  id: 'api.path-query-in-key',
  title: 'Query string in a path key',
  category: 'api',
  severity: 'medium',
  rationale: 'Paths are matched without their query string: `/users?active=true` never matches a request, and the query part is undocumented as parameters.',
  remediation: 'Remove the query string from the path and declare each query item as an `in: query` parameter.',
  references: [REF.oasPaths],
  check: (context) => pathKeyRule(context, (path) => path.includes('?'), (path) => `Path "${path}" contains a query string; query items belong in \`in: query\` parameters.`),
};

export const pathTrailingSlash: Rule = {
  id: 'api.path-trailing-slash',
  title: 'Path ends with a slash',
  category: 'api',
  severity: 'low',
  rationale: 'Many servers and gateways treat `/users/` and `/users` as different routes (or redirect one to the other, dropping the body of a POST); the spec should name the one that is served.',
  remediation: 'Remove the trailing slash, and make the server answer the canonical form.',
  references: [REF.oasPaths],
  check: (context) => pathKeyRule(context, (path) => path.length > 1 && path.endsWith('/'), (path) => `Path "${path}" ends with "/".`),
};
