/** Documentation hygiene: who owns the API, what it is for, under which license, and what each operation does. */
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { REF } from './support/references.js';
import { operationElement, operationLabel, SpecWorkspace, type Spec } from './support/spec-workspace.js';

function infoRule(context: RuleContext, missing: (info: Record<string, unknown>) => boolean, message: (spec: Spec) => string): RuleHit[] {
  const workspace = SpecWorkspace.of(context);
  const hits: RuleHit[] = [];
  for (const spec of workspace.specs) {
    const info = asRecord(spec.root.info);
    if (info && !missing(info)) continue;
    const at = workspace.at(spec, info ? ['info'] : [spec.swagger ? 'swagger' : 'openapi']);
    hits.push({ element: spec.file, location: workspace.location(at), message: message(spec) });
  }
  return hits;
}

export const infoContact: Rule = {
  id: 'api.info-contact',
  title: 'No contact for the API',
  category: 'api',
  severity: 'info',
  owaspApi: 'API9:2023',
  rationale: 'An API inventory needs an owner: consumers, security researchers and incident responders need to know who to reach.',
  remediation: 'Add `info.contact` with a team name and a URL or email address.',
  references: [REF.oasInfo, REF.api9],
  check: (context) => infoRule(context, (info) => !asRecord(info.contact), (spec) => `${spec.file} has no info.contact: the description does not say who owns the API.`),
};

export const infoDescription: Rule = {
  id: 'api.info-description',
  title: 'No description of the API',
  category: 'api',
  severity: 'info',
  rationale: 'The description is where consumers learn what the API is for, its authentication, rate limits and error conventions.',
  remediation: 'Add `info.description` (Markdown) covering purpose, authentication and conventions.',
  references: [REF.oasInfo],
  check: (context) => infoRule(context, (info) => !asString(info.description)?.trim(), (spec) => `${spec.file} has no info.description.`),
};

export const infoLicense: Rule = {
  id: 'api.info-license',
  title: 'No license for the API description',
  category: 'api',
  severity: 'info',
  rationale: 'Without a license, consumers do not know whether they may reuse the description (to generate clients, mock servers, documentation).',
  remediation: 'Add `info.license` with a name and a URL or SPDX identifier.',
  references: [REF.oasInfo],
  check: (context) => infoRule(context, (info) => !asRecord(info.license), (spec) => `${spec.file} has no info.license.`),
};

export const operationDescription: Rule = {
  id: 'api.operation-description',
  title: 'Operation without summary or description',
  category: 'api',
  severity: 'info',
  rationale: 'An operation with neither a summary nor a description is documented only by its path: consumers guess its behaviour, side effects and errors.',
  remediation: 'Add a one-line `summary` and a `description` of behaviour, side effects and authorization.',
  references: [REF.oasOperation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    return workspace.operations.filter((operation) => {
      const record = asRecord(operation.at.value) ?? {};
      return !asString(record.summary)?.trim() && !asString(record.description)?.trim();
    }).map((operation): RuleHit => ({
      element: operationElement(operation),
      location: workspace.location(operation.at),
      message: `${operationLabel(operation)} has neither a summary nor a description.`,
    }));
  },
};

export const operationTags: Rule = {
  id: 'api.operation-tags',
  title: 'Operation without tags, or with an undeclared tag',
  category: 'api',
  severity: 'info',
  rationale: 'Tags group operations in documentation and SDKs; untagged operations end up in a catch-all group, and a tag missing from the top-level `tags` list has no description and no order.',
  remediation: 'Tag every operation and declare each tag (with a description) in the top-level `tags` list.',
  references: [REF.oasOperation],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    const declaredBySpec = new Map<Spec, Set<string | undefined>>(); // each spec's top-level tags, read once
    for (const operation of workspace.operations) {
      const tags = asArray(asRecord(operation.at.value)?.tags).map(String);
      if (!tags.length) {
        hits.push({ element: operationElement(operation), key: 'missing', location: workspace.location(operation.at), message: `${operationLabel(operation)} has no tags.` });
        continue;
      }
      let declared = declaredBySpec.get(operation.spec);
      if (!declared) declaredBySpec.set(operation.spec, declared = new Set(asArray(operation.spec.root.tags).map((tag) => asString(asRecord(tag)?.name))));
      if (!declared.size) continue;
      tags.forEach((tag, index) => {
        if (declared.has(tag)) return;
        hits.push({
          element: operationElement(operation), key: tag,
          location: workspace.location(workspace.child(operation.at, 'tags', index)),
          message: `${operationLabel(operation)} uses tag "${tag}", which the top-level tags list does not declare.`,
        });
      });
    }
    return hits;
  },
};

/** The documentation rules, in the order they are listed. */
export const docsRules: readonly Rule[] = [infoContact, infoDescription, infoLicense, operationDescription, operationTags];
