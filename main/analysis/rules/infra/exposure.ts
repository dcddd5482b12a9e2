/**
 * Network exposure: namespaces without NetworkPolicies, Services published outside the cluster,
 * compose ports bound on every interface, well-known and SSH ports, and datastores reachable from
 * outside their network (the last one found in no other tool as such).
 */
import type { Component, PortBinding } from '../../../../shared/model/model.js';
import { parsePorts } from '../../../ingest/compose.js';
import { asArray, asNumber, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { listOf, oncePerElement } from './hits.js';
import { describeContainer, describeObject, emptySelector, infraIndex, selects, type ComposeService, type InfraIndex, type K8sObject, type Workload } from './manifests.js';

const STATEFUL = new Set(['datastore', 'cache', 'queue']);
const LOOPBACK = /^(127\.|::1$|localhost$|\[::1\]$)/;
const PUBLIC_NAME = /(^|[-_.])(frontend|front|web|www|ui|gateway|proxy|ingress|edge|nginx|traefik|caddy|haproxy|envoy|lb)([-_.]|$)/i;
/** Annotations (AWS, Azure, GKE, ...) that make a LoadBalancer internal to the VPC when set to `internal` or `true`. */
const INTERNAL_LB = /(load-balancer-internal|load-balancer-type|load-balancer-scheme)$/i;

export const networkPolicyMissing: Rule = {
  id: 'sec.networkpolicy-missing',
  title: 'Pods are not isolated by a NetworkPolicy',
  category: 'security',
  severity: 'medium',
  stride: 'E',
  cwe: 923,
  rationale: 'Kubernetes lets every pod talk to every other pod in the cluster until a NetworkPolicy selects it. One compromised pod can '
    + 'then reach every database, cache and internal API directly, bypassing whatever authentication the front door enforces.',
  remediation: 'Give each namespace a default-deny NetworkPolicy (`podSelector: {}`, policyTypes Ingress and Egress) and allow the flows '
    + 'each workload needs explicitly.',
  references: [DOCS.networkPolicies, DOCS.owaspKubernetes, DOCS.cisKubernetes],
  check(context) {
    const index = infraIndex(context);
    const policies = index.unique('NetworkPolicy');
    const hits: RuleHit[] = [];
    const byNamespace = new Map<string, Workload[]>();
    for (const workload of index.workloads.filter((candidate) => candidate.longRunning)) {
      byNamespace.set(workload.namespace, [...(byNamespace.get(workload.namespace) ?? []), workload]);
    }
    for (const [namespace, workloads] of byNamespace) {
      const own = policies.filter((policy) => policy.namespace === namespace);
      const names = [...new Set(workloads.map((workload) => workload.name))];
      if (!own.length) {
        const declared = index.objects.find((object) => object.kind === 'Namespace' && object.name === namespace);
        hits.push({
          message: `Namespace ${namespace} runs ${names.length} ${names.length === 1 ? 'workload' : 'workloads'} (${names.length > 6 ? `${names.slice(0, 6).join(', ')}, ...` : listOf(names)}) `
            + 'and has no NetworkPolicy: every pod accepts connections from any pod in the cluster.',
          location: (declared ?? workloads[0]).location,
          element: `namespace:${namespace}`,
        });
        continue;
      }
      for (const workload of workloads) {
        if (own.some((policy) => selects(asRecord(policy.value.spec)?.podSelector, workload.podLabels) || emptySelector(asRecord(policy.value.spec)?.podSelector))) continue;
        hits.push({
          message: `No NetworkPolicy of namespace ${namespace} selects ${describeObject(workload)}: its pods accept connections from any pod in the cluster.`,
          location: workload.location, element: workload.element,
        });
      }
    }
    return oncePerElement(hits);
  },
};

export const serviceExposed: Rule = {
  id: 'sec.service-exposed',
  title: 'Service publishes a workload outside the cluster',
  category: 'security',
  severity: 'low',
  stride: 'I',
  cwe: 668,
  rationale: 'A NodePort Service opens the port on every node\'s address; a LoadBalancer Service gives the workload its own public address. '
    + 'Either way the workload is reachable without the TLS termination, authentication, rate limiting and logging an ingress or API '
    + 'gateway provides, and each exposed Service widens the attack surface.',
  remediation: 'Use ClusterIP Services behind an Ingress or gateway. If a LoadBalancer is needed, make it internal or restrict '
    + '`loadBalancerSourceRanges`; avoid NodePort outside development clusters.',
  references: [DOCS.serviceTypes, DOCS.ingress, DOCS.owaspKubernetes],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.objects.filter((object) => object.kind === 'Service').map((service): RuleHit | undefined => {
      const type = externalType(service);
      if (!type) return undefined;
      const targets = selected(index, service);
      const components = targets.map((workload) => workload.component).filter((component): component is Component => !!component);
      if (!targets.length || components.some((component) => STATEFUL.has(component.kind) || component.kind === 'gateway')) return undefined;
      return {
        message: `${describeObject(service)} is a ${type} Service: it publishes ${listOf([...new Set(targets.map((workload) => workload.name))])} `
          + `${type === 'NodePort' ? 'on a port of every node' : 'on its own external address'}, not behind an ingress or gateway.`,
        location: service.at(['spec', 'type']), element: service.element, severity: type === 'NodePort' ? 'medium' : undefined,
      };
    }));
  },
};

export const portBoundAllInterfaces: Rule = {
  id: 'sec.port-bound-all-interfaces',
  title: 'Compose port published on every host interface',
  category: 'security',
  severity: 'low',
  stride: 'I',
  cwe: 1327,
  rationale: 'A compose port without a host IP is published on 0.0.0.0: on a laptop on public Wi-Fi or a cloud VM it is reachable from the '
    + 'network, and Docker\'s iptables rules bypass host firewalls such as ufw. Internal services (admin UIs, tracing, service ports) are '
    + 'rarely meant to be.',
  remediation: 'Bind ports that are only for local use to the loopback interface (`"127.0.0.1:16686:16686"`), or drop the `ports` entry '
    + 'and reach the service over the compose network.',
  references: [DOCS.composePorts, DOCS.dockerPublishedPorts, DOCS.dockerFirewall],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.composeServices.filter((service) => !publicEntry(service) && !STATEFUL.has(service.component?.kind ?? ''))
      .flatMap((service) => publishedPorts(service).filter((port) => !LOOPBACK.test(port.hostIp ?? '')).map((port): RuleHit => ({
        message: `Compose service ${service.name} publishes ${port.label} on every host interface${port.hostIp ? ` (${port.hostIp})` : ''}.`,
        location: port.source, element: service.element, key: port.label,
      }))));
  },
};

export const privilegedHostPort: Rule = {
  id: 'sec.privileged-host-port',
  title: 'Well-known port published on the host',
  category: 'security',
  severity: 'low',
  stride: 'I',
  cwe: 668,
  rationale: 'Ports below 1024 are the well-known service ports (SMTP, DNS, SMB, databases on defaults...). Publishing one on the host, '
    + 'other than HTTP and HTTPS on an entry point, exposes a system-level service and can clash with the host\'s own daemons.',
  remediation: 'Publish an unprivileged port (above 1024) and map it to the container port, or put the service behind the entry point.',
  references: [DOCS.composePorts, DOCS.configBestPractices],
  check(context) {
    const index = infraIndex(context);
    const allowed = (port: number, entry: boolean) => entry && (port === 80 || port === 443);
    const compose = index.composeServices.flatMap((service) => publishedPorts(service)
      .filter((port) => port.publishedPort !== undefined && port.publishedPort < 1024 && port.publishedPort !== 22 && !allowed(port.publishedPort, publicEntry(service)))
      .map((port): RuleHit => ({
        message: `Compose service ${service.name} publishes the well-known port ${port.publishedPort} on the host.`,
        location: port.source, element: service.element, key: port.label,
      })));
    const kubernetes = index.workloads.flatMap((workload) => workload.containers.flatMap((container) => asArray(container.value.ports).map((raw, position): RuleHit | undefined => {
      const port = asNumber(asRecord(raw)?.hostPort);
      if (port === undefined || port === 0 || port >= 1024 || port === 22 || allowed(port, workload.component?.kind === 'gateway')) return undefined;
      return {
        message: `${describeContainer(workload, container)} binds the well-known port ${port} on its node (hostPort).`,
        location: container.at(['ports', position]), element: workload.element, key: `${container.name}/${port}`,
      };
    })));
    return oncePerElement([...compose, ...kubernetes]);
  },
};

export const sshPortExposed: Rule = {
  id: 'sec.ssh-port-exposed',
  title: 'SSH port exposed',
  category: 'security',
  severity: 'high',
  stride: 'S',
  cwe: 668,
  rationale: 'An SSH daemon in a container is a second way in that bypasses the orchestrator\'s access control and audit; published on the '
    + 'host or outside the cluster it is a constant target for credential stuffing and brute force.',
  remediation: 'Remove sshd from the image and the port from the manifest; use `kubectl exec` / `docker exec` (with RBAC and audit) or a '
    + 'bastion for debugging.',
  references: [DOCS.composePorts, DOCS.serviceTypes, DOCS.owaspDocker],
  check(context) {
    const index = infraIndex(context);
    const compose = index.composeServices.flatMap((service) => publishedPorts(service)
      .filter((port) => port.containerPort === 22 || port.publishedPort === 22).map((port): RuleHit => ({
        message: `Compose service ${service.name} publishes SSH (${port.label}) on the host.`,
        location: port.source, element: service.element, key: port.label,
      })));
    const containers = index.workloads.flatMap((workload) => workload.containers.flatMap((container) => asArray(container.value.ports).map((raw, position): RuleHit | undefined => {
      const port = asRecord(raw) ?? {};
      if (asNumber(port.containerPort) !== 22 && asNumber(port.hostPort) !== 22) return undefined;
      return {
        message: `${describeContainer(workload, container)} listens on the SSH port 22${asNumber(port.hostPort) === 22 ? ' and binds it on its node' : ''}.`,
        location: container.at(['ports', position]), element: workload.element, key: `${container.name}/22`,
        severity: asNumber(port.hostPort) === 22 ? undefined : 'medium',
      };
    })));
    const services = index.objects.filter((object) => object.kind === 'Service').flatMap((service) => servicePorts(service).map(({ port, position }): RuleHit | undefined => {
      if (asNumber(port.port) !== 22 && asNumber(port.targetPort) !== 22) return undefined;
      const type = externalType(service);
      return {
        message: `${describeObject(service)} exposes SSH (port ${asNumber(port.port)})${type ? ` outside the cluster (${type})` : ''}.`,
        location: service.at(['spec', 'ports', position]), element: service.element, key: '22', severity: type ? undefined : 'medium',
      };
    }));
    return oncePerElement([...compose, ...containers, ...services]);
  },
};

export const datastorePortPublished: Rule = {
  id: 'sec.datastore-port-published',
  title: 'Datastore, cache or queue reachable from outside its network',
  category: 'security',
  severity: 'high',
  stride: 'I',
  cwe: 668,
  rationale: 'Databases, caches and brokers trust their network: default credentials, no TLS, and for Redis or Memcached often no '
    + 'authentication at all. Publishing their port on the host (compose `ports`) or outside the cluster (NodePort, LoadBalancer, '
    + 'hostPort) puts them one scan away from the internet, where such ports are found and emptied within hours.',
  remediation: 'Remove the published port and let services reach the datastore over the internal network. For local tooling, bind it to '
    + '127.0.0.1 (`"127.0.0.1:5432:5432"`); in Kubernetes use a ClusterIP Service and `kubectl port-forward`.',
  references: [DOCS.composePorts, DOCS.serviceTypes, DOCS.dockerFirewall, DOCS.owaspDocker],
  check(context) {
    const index = infraIndex(context);
    const compose = index.composeServices.filter((service) => STATEFUL.has(service.component?.kind ?? '')).flatMap((service) =>
      publishedPorts(service).filter((port) => !LOOPBACK.test(port.hostIp ?? '')).map((port): RuleHit => ({
        message: `${kindLabel(service.component!)} ${service.name} publishes ${port.label} on ${port.hostIp ? `host interface ${port.hostIp}` : 'every host interface'}.`,
        location: port.source, element: service.element, key: port.label,
      })));
    const services = index.objects.filter((object) => object.kind === 'Service').flatMap((service): RuleHit[] => {
      const type = externalType(service);
      if (!type) return [];
      return selected(index, service).filter((workload) => STATEFUL.has(workload.component?.kind ?? '')).map((workload) => ({
        message: `${describeObject(service)} (${type}) publishes ${kindLabel(workload.component!).toLowerCase()} ${workload.name} outside the cluster.`,
        location: service.at(['spec', 'type']), element: workload.element, key: `service:${service.name}`,
      }));
    });
    const hostPorts = index.workloads.filter((workload) => STATEFUL.has(workload.component?.kind ?? '')).flatMap((workload) => workload.containers.flatMap((container) =>
      asArray(container.value.ports).map((raw, position): RuleHit | undefined => {
        const port = asNumber(asRecord(raw)?.hostPort);
        if (port === undefined || port === 0) return undefined;
        return {
          message: `${describeContainer(workload, container)} binds hostPort ${port}: the ${kindLabel(workload.component!).toLowerCase()} is reachable on its node's address.`,
          location: container.at(['ports', position]), element: workload.element, key: `hostPort:${port}`,
        };
      })));
    return oncePerElement([...compose, ...services, ...hostPorts]);
  },
};

type PublishedPort = PortBinding & { source: NonNullable<PortBinding['source']>; label: string };

/** Compose `ports` entries that publish on the host (every entry does: a bare container port gets a random host port). */
function publishedPorts(service: ComposeService): PublishedPort[] {
  return asArray(service.value.ports).flatMap((entry, index) => parsePorts([entry], () => service.at(['ports', index])).map((port) => {
    const published = port.publishedPort ?? (asString(entry)?.includes('${') ? '(variable)' : '(random)');
    return { ...port, source: service.at(['ports', index]), label: `${published}:${port.containerPort ?? '?'}${port.protocol ? `/${port.protocol}` : ''}` };
  }));
}

/** The compose service is meant to be reached from outside: a gateway, or named like a front end. */
function publicEntry(service: ComposeService): boolean {
  return service.component?.kind === 'gateway' || PUBLIC_NAME.test(service.name);
}

function kindLabel(component: Component): string {
  return component.kind === 'datastore' ? 'Datastore' : component.kind === 'cache' ? 'Cache' : 'Queue';
}

/** NodePort or LoadBalancer, unless the LoadBalancer is internal or restricted to source ranges. */
function externalType(service: K8sObject): 'NodePort' | 'LoadBalancer' | undefined {
  const spec = asRecord(service.value.spec) ?? {};
  if (spec.type === 'NodePort') return 'NodePort';
  if (spec.type !== 'LoadBalancer') return undefined;
  if (asArray(spec.loadBalancerSourceRanges).length) return undefined;
  const annotations = asRecord(asRecord(service.value.metadata)?.annotations) ?? {};
  const internal = Object.entries(annotations).some(([key, value]) => INTERNAL_LB.test(key) && /^(internal|true)$/i.test(asString(value) ?? ''));
  return internal ? undefined : 'LoadBalancer';
}

function selected(index: InfraIndex, service: K8sObject): Workload[] {
  const selector = asRecord(asRecord(service.value.spec)?.selector);
  if (!selector || !Object.keys(selector).length) return [];
  const found = index.workloads.filter((workload) => workload.namespace === service.namespace && selects(selector, workload.podLabels, true));
  return [...new Map(found.map((workload) => [workload.identity, workload])).values()];
}

function servicePorts(service: K8sObject): Array<{ port: Record<string, unknown>; position: number }> {
  return asArray(asRecord(service.value.spec)?.ports).map((port, position) => ({ port: asRecord(port) ?? {}, position }));
}
