/**
 * Secrets across files: a workload or compose service that references a Secret the project defines
 * nowhere (while it does define or generate others), and a database password written in the compose
 * file that another service carries too, as a literal or inside a connection URL.
 */
import type { SourceLocation } from '../../../../shared/model/model.js';
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { oncePerElement } from '../infra/hits.js';
import { describeContainer, describeObject, type ComposeService, type K8sObject, type Workload } from '../infra/manifests.js';
import { composeEnvironment, literalValue, secretName } from '../infra/secrets.js';
import { composeRoot, directoryOf, INFRA_REFERENCES as REF, projectObjects, type ProjectObjects } from './infra-objects.js';

/** A Secret a pod needs, and the state the pod waits in without it. */
interface SecretReference { name: string; how: string; location: SourceLocation; waits: 'CreateContainerConfigError' | 'ContainerCreating' }

/** Secrets a pod needs to start: env secretKeyRef, envFrom secretRef, secret and projected volumes (optional ones left out). */
function podReferences(workload: Workload): SecretReference[] {
  const out: SecretReference[] = [];
  for (const container of [...workload.containers, ...workload.initContainers]) {
    asArray(container.value.env).forEach((raw, position) => {
      const reference = asRecord(asRecord(asRecord(raw)?.valueFrom)?.secretKeyRef);
      const name = asString(reference?.name);
      if (name && reference?.optional !== true) {
        out.push({ name, how: `${describeContainer(workload, container)} reads key ${asString(reference?.key) ?? '?'} of it (env ${asString(asRecord(raw)?.name) ?? '?'})`,
          location: container.at(['env', position, 'valueFrom', 'secretKeyRef', 'name']), waits: 'CreateContainerConfigError' });
      }
    });
    asArray(container.value.envFrom).forEach((raw, position) => {
      const reference = asRecord(asRecord(raw)?.secretRef);
      const name = asString(reference?.name);
      if (name && reference?.optional !== true) {
        out.push({ name, how: `${describeContainer(workload, container)} loads it with envFrom`, location: container.at(['envFrom', position, 'secretRef', 'name']), waits: 'CreateContainerConfigError' });
      }
    });
  }
  asArray(workload.podSpec.volumes).forEach((raw, position) => {
    const volume = asRecord(raw) ?? {};
    const secret = asRecord(volume.secret);
    if (asString(secret?.secretName) && secret?.optional !== true) {
      out.push({ name: asString(secret!.secretName)!, how: `${describeObject(workload)} mounts it as volume ${asString(volume.name) ?? position}`, location: workload.atPod(['volumes', position, 'secret', 'secretName']), waits: 'ContainerCreating' });
    }
    asArray(asRecord(volume.projected)?.sources).forEach((source, index) => {
      const projected = asRecord(asRecord(source)?.secret);
      if (asString(projected?.name) && projected?.optional !== true) {
        out.push({ name: asString(projected!.name)!, how: `${describeObject(workload)} projects it into volume ${asString(volume.name) ?? position}`, location: workload.atPod(['volumes', position, 'projected', 'sources', index, 'secret', 'name']), waits: 'ContainerCreating' });
      }
    });
  });
  return out.filter((reference) => !/\$\(|\$\{|\{\{/.test(reference.name));
}

/** Keys under which an object names a Secret it creates (cert-manager, External Secrets, Vault and Doppler operators, CSI secret store, Crossplane). */
const PRODUCED_SECRET_PARENT = new Set(['target', 'destination', 'managedSecret', 'writeConnectionSecretToRef', 'privateKeySecretRef', 'secretTemplate']);

interface Definitions { names: Map<string, SourceLocation>; managed: SourceLocation | undefined; operators: string[] }

/** The Secrets the project defines or has generated, whether it manages Secrets at all, and the custom resources whose operators may create more. */
function definitions(objects: ProjectObjects): Definitions {
  const names = new Map<string, SourceLocation>();
  let managed: SourceLocation | undefined;
  const operators: string[] = [];
  const workloads = new Set(objects.index.workloads.map((workload) => workload.identity));
  const define = (name: string | undefined, location: SourceLocation) => { if (name && !names.has(name)) names.set(name, location); };
  const walk = (value: unknown, parent: string, object: K8sObject, depth: number) => {
    if (depth > 8 || !value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'secretName' || (key === 'name' && PRODUCED_SECRET_PARENT.has(parent))) define(asString(child), object.location);
      walk(child, Array.isArray(value) ? parent : key, object, depth + 1);
    }
  };
  for (const object of objects.objects) {
    if (workloads.has(object.identity)) continue;
    if (/secret/i.test(object.kind)) {
      managed ??= object.location;
      if (!/Store$/.test(object.kind)) define(object.name, object.location);
      define(asString(asRecord(asRecord(asRecord(object.value.spec)?.template)?.metadata)?.name), object.location);
    }
    walk(object.value.spec, 'spec', object, 0);
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    if (group.includes('.') && !group.endsWith('.k8s.io')) operators.push(object.name);
  }
  for (const directory of objects.directories) {
    const kustomization = objects.index.kustomization(directory || '.');
    for (const generator of asArray(kustomization?.secretGenerator)) {
      const location = { file: directory ? `${directory}/kustomization.yaml` : 'kustomization.yaml', line: 1 };
      managed ??= location;
      define(asString(asRecord(generator)?.name), location);
    }
  }
  return { names, managed, operators };
}

/** A name an operator derives from its custom resource (`pg-app` from Cluster pg, `user.pg.credentials...`). */
function operatorMade(name: string, operators: string[]): boolean {
  return operators.some((resource) => name === resource || name.startsWith(`${resource}-`) || name.startsWith(`${resource}.`) || name.includes(`.${resource}.`));
}

function kubernetesHits(objects: ProjectObjects): RuleHit[] {
  const defined = definitions(objects);
  if (!defined.managed) return []; // Secrets are created outside the project (CI, Helm, by hand): nothing to compare with
  const hits: RuleHit[] = [];
  const sample = [...defined.names.keys()].slice(0, 5);
  for (const workload of objects.index.workloads) {
    for (const reference of podReferences(workload)) {
      if (defined.names.has(reference.name) || operatorMade(reference.name, defined.operators)) continue;
      hits.push({
        message: `${reference.how}, but no Secret, SealedSecret, ExternalSecret or secretGenerator in the project defines Secret ${reference.name} `
          + `(it defines ${sample.length ? sample.join(', ') : 'its Secrets through a secret manager'}${defined.names.size > sample.length ? ', ...' : ''}): `
          + `the pod stays in ${reference.waits} until someone creates it by hand.`,
        location: reference.location,
        element: workload.element,
        key: reference.name,
        related: [{ ...defined.managed, message: 'where the project defines its Secrets' }],
      });
    }
  }
  return hits;
}

function composeHits(objects: ProjectObjects, readRoot: (file: string) => Record<string, unknown> | undefined): RuleHit[] {
  const byDirectory = new Map<string, Map<string, SourceLocation>>();
  const files = [...new Set(objects.index.composeServices.map((service) => service.file))];
  for (const file of files) {
    const defined = byDirectory.get(directoryOf(file)) ?? new Map<string, SourceLocation>();
    for (const name of Object.keys(asRecord(readRoot(file)?.secrets) ?? {})) if (!defined.has(name)) defined.set(name, { file, line: 1 });
    byDirectory.set(directoryOf(file), defined);
  }
  const hits: RuleHit[] = [];
  for (const service of objects.index.composeServices) {
    const defined = byDirectory.get(directoryOf(service.file)) ?? new Map();
    asArray(service.value.secrets).forEach((raw, position) => {
      const name = asString(raw) ?? asString(asRecord(raw)?.source);
      if (!name || defined.has(name)) return;
      hits.push({
        message: `Compose service ${service.name} uses secret ${name}, which no top-level \`secrets:\` of the compose files in ${directoryOf(service.file) || 'the project root'} defines`
          + `${defined.size ? ` (they define ${[...defined.keys()].join(', ')})` : ''}: \`docker compose up\` refuses the project ("refers to undefined secret").`,
        location: service.at(['secrets', position]),
        element: service.element,
        key: name,
        related: [{ ...service.location, message: `service ${service.name}` }],
      });
    });
  }
  return hits;
}

export const envReferencesUnknownSecret: Rule = {
  id: 'x.env-references-unknown-secret',
  title: 'Workload references a Secret the project does not define',
  category: 'reliability',
  severity: 'medium',
  stride: 'D',
  cwe: 1068,
  rationale: 'A pod that needs a Secret (secretKeyRef, envFrom, a secret or projected volume) does not start until that Secret exists: it waits in '
    + 'CreateContainerConfigError or ContainerCreating. kube-linter\'s env-value-from check only compares names within the files it lints, so it '
    + 'cannot tell a Secret managed elsewhere from a typo. This rule counts what the project creates itself (Secrets, SealedSecrets, ExternalSecret '
    + 'targets, CSI secretObjects, cert-manager certificates, kustomize secretGenerators, Secrets operators derive from their custom resources) and '
    + 'reports a missing one only when the project does manage its Secrets; for compose, a service `secrets:` entry missing from the top-level '
    + '`secrets:` makes compose refuse the project.',
  remediation: 'Define the Secret where the project defines the others (a SealedSecret, an ExternalSecret, a secretGenerator), fix the name, or mark '
    + 'the reference `optional: true` if the workload runs without it. In compose, declare the secret under the top-level `secrets:`.',
  references: [REF.secrets, REF.externalSecrets, REF.composeSecrets, REF.kubeLinterChecks],
  check(context) {
    const objects = projectObjects(context);
    return oncePerElement([...kubernetesHits(objects), ...composeHits(objects, (file) => composeRoot(context, file))]);
  },
};

const DB_URL = /\b([a-z][a-z0-9+.-]*):\/\/([^:@/\s]*):([^@\s]+)@([^/:?\s]+)/gi;
const DB_SCHEME = /^(jdbc:)?(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|redis|rediss|sqlserver|mssql|amqp|amqps|cockroachdb)$/i;
const DB_VARIABLE = /(^|_)(DB|DATABASE|POSTGRES|PG|MYSQL|MARIADB|MONGO|MONGODB|REDIS|SQL|SPRING_DATASOURCE|TYPEORM|SEQUELIZE|PRISMA)(_|$)/i;
const SUPERUSER_VARIABLE = /^(POSTGRES_PASSWORD|MYSQL_ROOT_PASSWORD|MARIADB_ROOT_PASSWORD|MONGO_INITDB_ROOT_PASSWORD)$/;

/** The plaintext a compose value holds: the literal itself, or the default of `${VAR:-default}`. */
function plaintext(raw: string | undefined): { value: string; via?: string } | undefined {
  if (raw === undefined) return undefined;
  const interpolated = /^\$\{([A-Za-z_]\w*):?-([^}]*)\}$/.exec(raw.trim());
  if (interpolated) return literalValue(interpolated[2]) ? { value: interpolated[2], via: `the default of \${${interpolated[1]}}` } : undefined;
  return literalValue(raw) ? { value: raw.trim().replace(/^["']|["']$/g, '') } : undefined;
}

/** Passwords in a value: a literal, or inside URLs (`postgres://app:secret@db/app`, defaults of `${VAR:-...}` expanded). */
function carriedPasswords(name: string, raw: string): Array<{ value: string; via?: string; url?: { scheme: string; host: string } }> {
  const out: Array<{ value: string; via?: string; url?: { scheme: string; host: string } }> = [];
  const direct = plaintext(raw);
  if (direct && secretName(name) && DB_VARIABLE.test(name)) out.push(direct);
  const expanded = raw.replace(/\$\{[A-Za-z_]\w*:?-([^}]*)\}/g, '$1');
  const defaulted = /:\$\{([A-Za-z_]\w*):?-[^}]*\}@/.exec(raw);
  for (const match of expanded.matchAll(DB_URL)) {
    const original = raw.includes(`:${match[3]}@`) ? undefined : defaulted ? `as the default of \${${defaulted[1]}} in the URL` : 'through a default in the URL';
    let password = match[3];
    try { password = decodeURIComponent(password); } catch { /* as written */ }
    if (literalValue(password)) out.push({ value: password, via: original, url: { scheme: match[1], host: match[4] } });
  }
  return out;
}

function isDatabase(service: ComposeService): boolean {
  return service.component?.kind === 'datastore' || service.component?.kind === 'cache';
}

export const dbCredentialsPlaintextInCompose: Rule = {
  id: 'x.db-credentials-plaintext-in-compose-used-by-api',
  title: 'Database password written in compose and shared with another service',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 798,
  rationale: 'The database container gets its password as a literal in the compose file, and another service carries the same literal (in a variable '
    + 'or a connection URL). The credential is in version control twice, every clone can reach the database with it, rotating it means editing '
    + 'both services at once, and when it is the image\'s superuser password (POSTGRES_PASSWORD, MYSQL_ROOT_PASSWORD) the API connects with '
    + 'full rights over every database. sec.secret-literal-in-env sees each literal alone; only together do they show the API uses the '
    + 'database\'s own bootstrap credential.',
  remediation: 'Give the database its password through compose `secrets:` (POSTGRES_PASSWORD_FILE=/run/secrets/db_password) or `${VAR}` from an '
    + 'untracked .env, create a separate least-privilege role for the API, and hand the API its own secret; rotate the committed password.',
  references: [REF.composeSecrets, REF.postgresImage, REF.owaspSecrets, REF.cwe(798)],
  check(context) {
    const { composeServices } = projectObjects(context).index;
    const hits: RuleHit[] = [];
    for (const database of composeServices.filter(isDatabase)) {
      const passwords = composeEnvironment(database).flatMap(({ name, value, location }) => {
        const found = secretName(name) ? plaintext(value) : undefined;
        return found ? [{ name, ...found, location }] : [];
      });
      if (!passwords.length) continue;
      const neighbours = composeServices.filter((service) => service !== database && !isDatabase(service) && directoryOf(service.file) === directoryOf(database.file));
      for (const service of neighbours) {
        for (const variable of composeEnvironment(service)) {
          if (variable.value === undefined) continue;
          for (const carried of carriedPasswords(variable.name, variable.value)) {
            if (carried.url && !DB_SCHEME.test(carried.url.scheme) && carried.url.host !== database.name) continue;
            const password = passwords.find((candidate) => candidate.value === carried.value);
            if (!password) continue;
            const superuser = SUPERUSER_VARIABLE.test(password.name);
            hits.push({
              message: `Compose service ${service.name} sets ${variable.name} with the password ${database.name} gets as ${password.name}${password.via ? ` (${password.via})` : ''}, `
                + `written in plain text in ${database.file}${carried.via ? ` (${carried.via})` : ''}: the database credential is committed twice`
                + `${superuser ? `, and ${password.name} is the image's superuser password, so ${service.name} connects with full rights` : ''}.`,
              location: variable.location,
              element: service.element,
              key: `${database.element}:${variable.name}`,
              related: [{ ...password.location, message: `${database.name} ${password.name}` }],
              evidence: `${variable.name}=<${variable.value.length} characters>; ${password.name}=<${password.value.length} characters>`,
            });
            break;
          }
        }
      }
    }
    return oncePerElement(hits);
  },
};
