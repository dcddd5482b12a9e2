/** Environment variables declared twice in one container or compose service: only one of the values takes effect. */
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeContainer, infraIndex } from './manifests.js';

export const duplicateEnv: Rule = {
  id: 'infra.duplicate-env',
  title: 'Environment variable declared twice',
  category: 'reliability',
  severity: 'low',
  stride: 'T',
  cwe: 694,
  rationale: 'When a container or compose service lists the same variable twice, the last value silently wins. Whoever edits the first '
    + 'one changes nothing, and a merge that duplicates a variable can switch a service to the wrong database or endpoint.',
  remediation: 'Keep one entry per variable name and delete the others.',
  references: [DOCS.envVars, DOCS.composeEnvironment],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => [...workload.containers, ...workload.initContainers].flatMap((container) => {
      const seen = new Map<string, number>();
      return asArray(container.value.env).map((entry, position): RuleHit | undefined => {
        const name = asString(asRecord(entry)?.name);
        if (!name) return undefined;
        const first = seen.get(name);
        if (first === undefined) { seen.set(name, position); return undefined; }
        return {
          message: `${describeContainer(workload, container)} declares ${name} twice; the later value wins.`,
          location: container.at(['env', position]),
          element: workload.element,
          key: `${container.name}/${name}`,
          related: [{ ...container.at(['env', first]), message: `first ${name}` }],
        };
      });
    }));
    const compose = index.composeServices.flatMap((service) => {
      const seen = new Map<string, number>();
      return asArray(service.value.environment).map((entry, position): RuleHit | undefined => {
        const name = asString(entry)?.split('=')[0];
        if (!name) return undefined;
        const first = seen.get(name);
        if (first === undefined) { seen.set(name, position); return undefined; }
        return {
          message: `Compose service ${service.name} declares ${name} twice in environment; the later value wins.`,
          location: service.at(['environment', position]),
          element: service.element,
          key: name,
          related: [{ ...service.at(['environment', first]), message: `first ${name}` }],
        };
      });
    });
    return oncePerElement([...kubernetes, ...compose]);
  },
};
