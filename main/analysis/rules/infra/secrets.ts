/**
 * Secrets in configuration: literal passwords, tokens and keys in environment variables (Kubernetes
 * `env` and compose `environment`) and ConfigMaps, and secrets handed to processes through the
 * environment rather than files.
 */
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeContainer, describeObject, infraIndex, type ComposeService } from './manifests.js';

/** Words that make a variable name a secret. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials']);
/** Word pairs that do (`API_KEY`, `PRIVATE_KEY`, ...). */
const SECRET_PAIRS = new Set(['api key', 'private key', 'access key', 'secret key', 'auth key', 'signing key', 'encryption key', 'master key', 'client secret', 'license key']);
/** Last words that make it a setting about the secret, not the secret (`TOKEN_TTL`, `PASSWORD_FILE`, `ACCESS_KEY_ID`). */
const NOT_SECRET_SUFFIX = new Set(['file', 'path', 'dir', 'name', 'url', 'uri', 'ttl', 'expiry', 'expires', 'expiration', 'timeout', 'length',
  'size', 'enabled', 'enable', 'disabled', 'header', 'endpoint', 'issuer', 'algorithm', 'type', 'mode', 'id', 'policy', 'min', 'max',
  'lifetime', 'duration', 'host', 'port', 'user', 'username', 'hint', 'prefix', 'format', 'count', 'required', 'audience', 'location', 'ref',
  'version', 'realm', 'scope', 'secs', 'seconds', 'minutes', 'hours', 'days', 'interval', 'rotation', 'strategy', 'provider', 'store', 'key_id']);

/** `DB_PASSWORD`, `apiKey`, `spring.datasource.password`: does the name say it holds a secret? */
export function secretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (!words.length || NOT_SECRET_SUFFIX.has(words[words.length - 1])) return false;
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  return words.some((word, position) => position > 0 && SECRET_PAIRS.has(`${words[position - 1]} ${word}`));
}

/** A value written out in the file, not a reference (`${VAR}`, `$(VAR)`, `{{ ... }}`), a path, a flag or empty. */
export function literalValue(value: string): boolean {
  const text = value.trim().replace(/^["']|["']$/g, '');
  if (!text || /\$\{|\$\(|\{\{|^\$[A-Za-z_]\w*$/.test(text)) return false;
  if (/^(true|false|yes|no|on|off|null|none|~|\d{1,2})$/i.test(text)) return false;
  if (/^<[^>]*>$/.test(text)) return false; // a placeholder to fill in
  return !/^\/[\w./-]*$/.test(text); // a file path
}

/** A URL with a password in it: `postgres://app:s3cret@db:5432/app`. */
function urlWithPassword(value: string): boolean {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:([^@\s/]+)@/i.exec(value.trim());
  return !!match && literalValue(match[1]);
}

function secretLiteral(name: string, value: string): boolean {
  return (secretName(name) && literalValue(value)) || urlWithPassword(value);
}

function masked(name: string, value: string): string {
  return `${name}=<${value.length} characters>`;
}

export const secretLiteralInEnv: Rule = {
  id: 'sec.secret-literal-in-env',
  title: 'Secret written as a literal environment value',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 798,
  rationale: 'A password, token or key written into a manifest or compose file is in version control, in every clone and CI log, and '
    + 'readable by anyone who can read the Deployment or `docker inspect` the container. It cannot be rotated without a commit and is '
    + 'usually shared between environments.',
  remediation: 'Kubernetes: move the value to a Secret (ideally synced from a secret manager) and reference it with `secretKeyRef` or a '
    + 'mounted file. Compose: use `secrets:` (mounted under /run/secrets) or `${VAR}` interpolation from an untracked .env file; rotate '
    + 'the exposed value.',
  references: [DOCS.secretsGoodPractices, DOCS.composeSecrets, DOCS.owaspSecrets, 'https://cwe.mitre.org/data/definitions/798.html'],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => [...workload.containers, ...workload.initContainers].flatMap((container) =>
      asArray(container.value.env).map((raw, position): RuleHit | undefined => {
        const entry = asRecord(raw) ?? {};
        const name = asString(entry.name);
        const value = asString(entry.value);
        if (!name || value === undefined || !secretLiteral(name, value)) return undefined;
        return {
          message: `${describeContainer(workload, container)} sets ${name} to a literal value in the manifest.`,
          location: container.at(['env', position]), element: workload.element, key: `${container.name}/${name}`, evidence: masked(name, value),
        };
      })));
    const compose = index.composeServices.flatMap((service) => composeEnvironment(service).map(({ name, value, location }): RuleHit | undefined => {
      if (value === undefined || !secretLiteral(name, value)) return undefined;
      return {
        message: `Compose service ${service.name} sets ${name} to a literal value in the compose file.`,
        location, element: service.element, key: name, evidence: masked(name, value),
      };
    }));
    return oncePerElement([...kubernetes, ...compose]);
  },
};

export const secretInConfigMap: Rule = {
  id: 'sec.secret-in-configmap',
  title: 'Secret stored in a ConfigMap',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 312,
  rationale: 'ConfigMaps are not meant for secrets: they are readable by every role that can read configuration, shown in plain text by '
    + '`kubectl describe`, excluded from Secret encryption at rest and committed with the manifests.',
  remediation: 'Move the value into a Secret (synced from a secret manager where possible) and mount or reference it from there; rotate '
    + 'the exposed value.',
  references: [DOCS.configMap, DOCS.secretsGoodPractices, DOCS.owaspSecrets],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.objects.filter((object) => object.kind === 'ConfigMap').flatMap((configMap) =>
      Object.entries(asRecord(configMap.value.data) ?? {}).map(([key, raw]): RuleHit | undefined => {
        const value = asString(raw) ?? '';
        const finding = secretLiteral(key, value) ? key
          : /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value) ? 'a PEM private key'
            : embeddedSecret(value);
        if (!finding) return undefined;
        return {
          message: `${describeObject(configMap)} holds ${finding === key ? `${key} as a literal value` : `${finding} in ${key}`}.`,
          location: configMap.at(['data', key]), element: configMap.element, key,
          evidence: finding === key ? masked(key, value) : undefined,
        };
      })));
  },
};

export const secretViaEnv: Rule = {
  id: 'sec.secret-via-env',
  title: 'Secret passed through an environment variable',
  category: 'security',
  severity: 'low',
  stride: 'I',
  cwe: 526,
  rationale: 'Environment variables leak: they are inherited by every child process, dumped by crash reporters and debug endpoints, '
    + 'visible in `docker inspect` and /proc, and often logged at startup. Files mounted from a Secret can be read only by the process '
    + 'that needs them and are updated in place when the Secret rotates.',
  remediation: 'Kubernetes: mount the Secret as a volume and read the file. Compose: use `secrets:` and read /run/secrets/<name> '
    + '(many images accept a `*_FILE` variable for this).',
  references: [DOCS.secretsGoodPractices, DOCS.composeSecrets, DOCS.owaspSecrets],
  check(context) {
    const index = infraIndex(context);
    const kubernetes = index.workloads.flatMap((workload) => [...workload.containers, ...workload.initContainers].flatMap((container) => [
      ...asArray(container.value.env).map((raw, position): RuleHit | undefined => {
        const entry = asRecord(raw) ?? {};
        const secret = asRecord(asRecord(entry.valueFrom)?.secretKeyRef);
        if (!secret) return undefined;
        return {
          message: `${describeContainer(workload, container)} reads Secret ${asString(secret.name)} (key ${asString(secret.key)}) into the environment variable ${asString(entry.name)}.`,
          location: container.at(['env', position]), element: workload.element, key: `${container.name}/${asString(entry.name)}`,
        };
      }),
      ...asArray(container.value.envFrom).map((raw, position): RuleHit | undefined => {
        const secret = asString(asRecord(asRecord(raw)?.secretRef)?.name);
        if (!secret) return undefined;
        return {
          message: `${describeContainer(workload, container)} loads every key of Secret ${secret} into its environment (envFrom).`,
          location: container.at(['envFrom', position]), element: workload.element, key: `${container.name}/envFrom:${secret}`,
        };
      }),
    ]));
    const compose = index.composeServices.flatMap((service) => composeEnvironment(service).map(({ name, value, location }): RuleHit | undefined => {
      if (!secretName(name) || (value !== undefined && literalValue(value))) return undefined; // literals are sec.secret-literal-in-env
      return {
        message: `Compose service ${service.name} receives ${name} through its environment${value === undefined ? ' (passed from the shell)' : ` (${value.trim()})`}.`,
        location, element: service.element, key: name,
      };
    }));
    return oncePerElement([...kubernetes, ...compose]);
  },
};

/** `environment` of a compose service as name, raw value (undefined when passed through from the shell) and location. */
export function composeEnvironment(service: ComposeService): Array<{ name: string; value?: string; location: RuleHit['location'] }> {
  const environment = service.value.environment;
  if (Array.isArray(environment)) {
    return environment.flatMap((item, position) => {
      const text = asString(item);
      if (!text) return [];
      const eq = text.indexOf('=');
      const location = service.at(['environment', position]);
      return [eq < 0 ? { name: text, location } : { name: text.slice(0, eq), value: text.slice(eq + 1), location }];
    });
  }
  return Object.entries(asRecord(environment) ?? {}).map(([name, value]) => ({
    name, value: value === null || value === undefined ? undefined : asString(value), location: service.at(['environment', name]),
  }));
}

/** A `password = ...` / `token: ...` line with a literal value inside a configuration file held in a ConfigMap. */
function embeddedSecret(text: string): string | undefined {
  if (!text.includes('\n')) return undefined;
  for (const line of text.split('\n')) {
    const match = /^\s*["']?([\w.-]+)["']?\s*[:=]\s*(.+?)\s*,?$/.exec(line);
    if (match && !line.trim().startsWith('#') && secretLiteral(match[1], match[2])) return `a literal ${match[1]}`;
  }
  return undefined;
}
