/** Security requirements against the schemes the spec defines: unknown names, unknown scopes, unused schemes. */
import { asArray, asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { REF } from './support/references.js';
import { elementAt, operationElement, operationLabel, SpecWorkspace, type Located, type Spec } from './support/spec-workspace.js';

interface RequirementUse {
  spec: Spec;
  /** The `security` list the requirement is in. */
  list: Located;
  index: number;
  name: string;
  scopes: unknown[];
  /** `GET /users` or `the spec's root security`. */
  owner: string;
  element: string;
}

/** Where security schemes are defined in a spec. */
export function schemesPath(spec: Spec): string[] {
  return spec.swagger ? ['securityDefinitions'] : ['components', 'securitySchemes'];
}

interface RequirementFacts {
  uses: readonly RequirementUse[];
  /** `file\u0000name` of every scheme some requirement names. */
  usedKeys: ReadonlySet<string>;
}

/** The security requirements of a run, read once: seven rules ask for them (the auth-scheme rules for the used keys). */
const requirementCache = new WeakMap<RuleContext, RequirementFacts>();

/** Every scheme name used in a security requirement: the root list once, then each operation's own list. */
function requirementUses(context: RuleContext): readonly RequirementUse[] {
  return requirementFacts(context).uses;
}

/** `file\u0000name` of every scheme some requirement names. */
export function usedSchemeKeys(context: RuleContext): ReadonlySet<string> {
  return requirementFacts(context).usedKeys;
}

function requirementFacts(context: RuleContext): RequirementFacts {
  const cached = requirementCache.get(context);
  if (cached) return cached;
  const workspace = SpecWorkspace.of(context);
  const uses: RequirementUse[] = [];
  const collect = (spec: Spec, list: Located, owner: string, element: string) => {
    asArray(list.value).forEach((requirement, index) => {
      for (const [name, scopes] of Object.entries(asRecord(requirement) ?? {})) {
        uses.push({ spec, list, index, name, scopes: asArray(scopes), owner, element });
      }
    });
  };
  for (const spec of workspace.specs) {
    const root = workspace.at(spec, ['security']);
    collect(spec, root, 'The root security requirement', elementAt(root));
  }
  for (const operation of workspace.operations) {
    const list = workspace.child(operation.at, 'security');
    if (list.value !== undefined) collect(operation.spec, list, operationLabel(operation), operationElement(operation));
  }
  const facts = { uses, usedKeys: new Set(uses.map((use) => `${use.spec.file}\u0000${use.name}`)) };
  requirementCache.set(context, facts);
  return facts;
}

function schemeOf(workspace: SpecWorkspace, spec: Spec, name: string): Record<string, unknown> | undefined {
  return asRecord(workspace.deref(workspace.at(spec, [...schemesPath(spec), name])).value);
}

export const securitySchemeUndefined: Rule = {
  id: 'api.security-scheme-undefined',
  title: 'Security requirement names an undefined scheme',
  category: 'security',
  severity: 'high',
  stride: 'S',
  cwe: 306,
  owaspApi: 'API2:2023',
  rationale: 'A requirement that names a scheme the spec does not define cannot be satisfied or enforced from the description: gateways and generated clients skip it, so the operation is effectively described as unauthenticated.',
  remediation: 'Define the scheme under components.securitySchemes (securityDefinitions in Swagger 2.0), or fix the name in the requirement.',
  references: [REF.oasSecurityRequirement, REF.api2],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    return requirementUses(context)
      .filter((use) => !schemeOf(workspace, use.spec, use.name))
      .map((use): RuleHit => ({
        element: use.element,
        key: use.name,
        location: workspace.location(workspace.child(use.list, use.index, use.name)),
        message: `${use.owner} requires security scheme "${use.name}", which ${use.spec.file} does not define under ${schemesPath(use.spec).join('.')}.`,
      }));
  },
};

/** Scopes an OAuth 2 scheme declares (every flow's scopes, or Swagger 2.0 `scopes`). */
function declaredScopes(scheme: Record<string, unknown>): Set<string> {
  const scopes = new Set<string>(Object.keys(asRecord(scheme.scopes) ?? {}));
  for (const flow of Object.values(asRecord(scheme.flows) ?? {})) {
    for (const scope of Object.keys(asRecord(asRecord(flow)?.scopes) ?? {})) scopes.add(scope);
  }
  return scopes;
}

export const scopesUndefined: Rule = {
  id: 'api.scopes-undefined',
  title: 'OAuth scope not defined by its scheme',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 285,
  owaspApi: 'API5:2023',
  rationale: 'A requirement asking for a scope the OAuth 2 scheme never declares cannot be granted by the authorization server as described; the check the designer intended is either impossible or not made.',
  remediation: 'Add the scope to the scheme\'s flows (with a description), or correct the scope name in the requirement.',
  references: [REF.oasSecurityScheme, REF.api5],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const use of requirementUses(context)) {
      const scheme = schemeOf(workspace, use.spec, use.name);
      if (!scheme || scheme.type !== 'oauth2') continue;
      const declared = declaredScopes(scheme);
      use.scopes.forEach((scope, position) => {
        if (declared.has(String(scope))) return;
        hits.push({
          element: use.element,
          key: `${use.name}:${String(scope)}`,
          location: workspace.location(workspace.child(use.list, use.index, use.name, position)),
          message: `${use.owner} requires scope "${String(scope)}" of "${use.name}", which that scheme does not declare.`,
        });
      });
    }
    return hits;
  },
};

export const securitySchemeUnused: Rule = {
  id: 'api.security-scheme-unused',
  title: 'Security scheme defined but never required',
  category: 'api',
  severity: 'low',
  rationale: 'A scheme no requirement uses is either dead configuration or, more often, a scheme the designer meant to apply and forgot: the operations it should protect are then described as open.',
  remediation: 'Reference the scheme in the root `security` or on the operations it protects, or delete it.',
  references: [REF.oasSecurityScheme],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const used = usedSchemeKeys(context);
    const hits: RuleHit[] = [];
    for (const spec of workspace.specs) {
      const schemes = workspace.at(spec, schemesPath(spec));
      for (const name of Object.keys(asRecord(schemes.value) ?? {})) {
        if (used.has(`${spec.file}\u0000${name}`)) continue;
        const at = workspace.child(schemes, name);
        hits.push({ element: elementAt(at), location: workspace.location(at), message: `Security scheme "${name}" is defined but no operation or root requirement uses it.` });
      }
    }
    return hits;
  },
};
