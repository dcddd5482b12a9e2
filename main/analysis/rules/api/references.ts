/** `$ref` hygiene: references that point at nothing, and components nothing references (across files). */
import { asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { REF } from './support/references.js';
import { elementAt, SpecWorkspace, type Spec } from './support/spec-workspace.js';

export const refUnresolved: Rule = {
  id: 'api.ref-unresolved',
  title: '$ref points at nothing',
  category: 'api',
  severity: 'high',
  rationale: 'A reference that does not resolve leaves the schema, parameter or response it stands for undefined: validators, gateways and code generators either fail or silently accept anything in its place.',
  remediation: 'Fix the path or JSON pointer of the reference (pointers are case-sensitive, "/" inside a key is written "~1"), or add the missing definition.',
  references: [REF.oasReference, REF.jsonPointer],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    return workspace.refs.filter((use) => use.problem).map((use): RuleHit => ({
      element: elementAt(use.at),
      location: workspace.location({ ...use.at, path: [...use.at.path, '$ref'] }),
      message: `$ref "${use.ref}" does not resolve: ${use.problem}.`,
      evidence: `$ref: ${use.ref}`,
    }));
  },
};

/** Component sections that are used through `$ref` (security schemes are used by name; see api.security-scheme-unused). */
function componentSections(spec: Spec): Array<string[]> {
  if (spec.swagger) return [['definitions'], ['parameters'], ['responses']];
  return ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'links', 'callbacks', 'pathItems'].map((section) => ['components', section]);
}

export const unusedComponent: Rule = {
  id: 'api.unused-component',
  title: 'Component defined but never referenced',
  category: 'api',
  severity: 'low',
  rationale: 'Definitions nobody references drift out of date unnoticed, mislead readers about what the API accepts, and are often the leftover of a removed or renamed operation. References from other files count: a component used only by a split-out path file is used.',
  remediation: 'Delete the component, or reference it where it was meant to be used.',
  references: [REF.oasComponents],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const used = new Set<string>();
    for (const use of workspace.refs) {
      if (!use.target) continue;
      // A reference into a component (`#/components/schemas/A/properties/b`) uses the component.
      for (let length = 1; length <= Math.min(3, use.target.path.length); length++) {
        used.add(`${use.target.file}#${use.target.path.slice(0, length).join('/')}`);
      }
    }
    const hits: RuleHit[] = [];
    for (const spec of workspace.specs) {
      const mapped = workspace.scan(spec.file)!.discriminatorTargets;
      for (const section of componentSections(spec)) {
        const entries = asRecord(workspace.at(spec, section).value) ?? {};
        for (const name of Object.keys(entries)) {
          const path = [...section, name];
          if (used.has(`${spec.file}#${path.join('/')}`)) continue;
          if (section[section.length - 1] === 'schemas' || section[0] === 'definitions') {
            if (mapped.has(name)) continue;
          }
          const at = workspace.at(spec, path);
          hits.push({
            element: elementAt(at),
            location: workspace.location(at),
            message: `${section.join('.')}.${name} is defined in ${spec.file} but no $ref in the project's API files uses it.`,
          });
        }
      }
    }
    return hits;
  },
};
