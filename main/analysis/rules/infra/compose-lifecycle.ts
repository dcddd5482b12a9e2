/**
 * Compose service lifecycle: a healthcheck on long-running services, `depends_on` that waits for a
 * dependency's healthcheck when it has one, and a restart policy.
 */
import { posix } from 'node:path';
import { toMapping } from '../../../ingest/compose-extends.js';
import { asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { composeLongRunning, infraIndex, type ComposeService } from './manifests.js';

export const composeHealthcheckMissing: Rule = {
  id: 'infra.compose-healthcheck-missing',
  title: 'Compose service has no healthcheck',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 754,
  rationale: 'Without a healthcheck Docker knows only whether the process runs. A service that is up but cannot answer stays "running": '
    + 'dependents cannot wait for it to be ready (`condition: service_healthy`), orchestrators cannot replace it and `docker compose ps` '
    + 'hides the failure.',
  remediation: 'Add a `healthcheck` with a cheap `test` (an HTTP request to a health endpoint, `pg_isready`, `redis-cli ping`), an '
    + '`interval`, a `timeout`, `retries` and a `start_period`; then let dependents use `condition: service_healthy`.',
  references: [DOCS.composeHealthcheck, DOCS.owaspDocker],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.composeServices.filter((service) => composeLongRunning(service) && !hasHealthcheckKey(service)
      && !imageHealthcheck(service, context)).map((service): RuleHit => ({
      message: `Compose service ${service.name} has no healthcheck: Docker cannot tell when it is up but not answering, and no dependent can wait for it to be ready.`,
      location: service.location,
      element: service.element,
    })));
  },
};

export const composeDependsOnNotHealthy: Rule = {
  id: 'infra.compose-depends-on-not-healthy',
  title: 'depends_on starts a service before its dependency is healthy',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 754,
  rationale: 'Plain `depends_on` (or `condition: service_started`) waits only for the dependency\'s container to start, not for it to accept '
    + 'connections. When the dependency defines a healthcheck, the dependent still races it at every start: connection errors, crash '
    + 'loops and migrations run against a database that is not ready yet.',
  remediation: 'Use the long form `depends_on: { <service>: { condition: service_healthy } }` for dependencies that define a healthcheck.',
  references: [DOCS.composeDependsOn, DOCS.composeHealthcheck],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.composeServices.flatMap((service) => {
      const siblings = new Map(index.composeServices.filter((other) => other.file === service.file).map((other) => [other.name, other]));
      const dependsOn = service.value.depends_on;
      return Object.entries(toMapping(dependsOn ?? [])).map(([dependency, options], position): RuleHit | undefined => {
        const condition = asString(asRecord(options)?.condition) ?? 'service_started';
        const target = siblings.get(dependency);
        if (condition !== 'service_started' || !target || !healthcheckOf(target)) return undefined;
        const location = Array.isArray(dependsOn) ? service.at(['depends_on', position])
          : asRecord(options)?.condition ? service.at(['depends_on', dependency, 'condition']) : service.at(['depends_on', dependency]);
        return {
          message: `Compose service ${service.name} depends on ${dependency} with ${asRecord(options)?.condition ? '`condition: service_started`' : 'a plain depends_on'}, `
            + `although ${dependency} has a healthcheck: it starts before ${dependency} is ready.`,
          location,
          element: service.element,
          key: dependency,
          related: [{ ...target.at(['healthcheck']), message: `healthcheck of ${dependency}` }],
        };
      });
    }));
  },
};

export const composeRestartPolicyMissing: Rule = {
  id: 'infra.compose-restart-policy-missing',
  title: 'Compose service has no restart policy',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 703,
  rationale: 'Compose\'s default restart policy is "no": a long-running service that crashes, or that was running when the host rebooted, '
    + 'stays down until someone starts it again.',
  remediation: 'Set `restart: unless-stopped` (or `on-failure`, or `always`) on long-running services, or `deploy.restart_policy` for swarm '
    + 'stacks. Set `restart: "no"` explicitly on one-shot tasks to show it is intended.',
  references: [DOCS.composeRestart, DOCS.cisDocker],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.composeServices.filter((service) => composeLongRunning(service) && !service.swarm
      && service.value.restart === undefined && asRecord(asRecord(service.value.deploy)?.restart_policy) === undefined)
      .map((service): RuleHit => ({
        message: `Compose service ${service.name} has no restart policy: after a crash or a host reboot it stays down.`,
        location: service.location,
        element: service.element,
      })));
  },
};

/** `healthcheck` written in the file (including an explicit `disable: true`, a deliberate choice). */
function hasHealthcheckKey(service: ComposeService): boolean {
  return service.value.healthcheck !== undefined;
}

/** The service's active healthcheck, if any. */
export function healthcheckOf(service: ComposeService): Record<string, unknown> | undefined {
  const healthcheck = asRecord(service.value.healthcheck);
  if (!healthcheck || healthcheck.disable === true) return undefined;
  const test = healthcheck.test;
  if (Array.isArray(test) && test[0] === 'NONE') return undefined;
  return healthcheck;
}

/** A HEALTHCHECK in the Dockerfile the service builds from. */
function imageHealthcheck(service: ComposeService, context: RuleContext): boolean {
  const build = service.value.build;
  if (build === undefined) return false;
  const directory = posix.dirname(service.file);
  const buildContext = asString(build) ?? asString(asRecord(build)?.context) ?? '.';
  if (/^[a-z]+:\/\//i.test(buildContext)) return false;
  const dockerfile = asString(asRecord(build)?.dockerfile) ?? 'Dockerfile';
  const text = context.readText(posix.normalize(posix.join(directory, buildContext, dockerfile)));
  return text !== undefined && /^\s*HEALTHCHECK\s+(?!NONE\b)/im.test(text);
}
