// Network exposure rules: NetworkPolicies, external Services, compose ports, well-known and SSH ports, published datastores.
import { describe, expect, it } from 'vitest';
import {
  datastorePortPublished, networkPolicyMissing, portBoundAllInterfaces, privilegedHostPort, serviceExposed, sshPortExposed,
} from '../../../../main/analysis/rules/infra/exposure.js';
import { at, edit, GOOD_COMPOSE, GOOD_K8S, none, only } from './support.js';

const DENY_ALL = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`;
const SERVICE_SPEC = '  selector:\n    app: api\n  ports:\n    - name: http\n      port: 80\n';
const composePorts = (service: 'api' | 'db', entry: string) => service === 'api'
  ? edit(GOOD_COMPOSE, '      - "127.0.0.1:8080:8080"', `      - "${entry}"`)
  : edit(GOOD_COMPOSE, '    environment:\n      POSTGRES_PASSWORD_FILE', `    ports:\n      - "${entry}"\n    environment:\n      POSTGRES_PASSWORD_FILE`);

describe('sec.networkpolicy-missing', () => {
  it('reports a namespace with workloads and no policy, at its Namespace object', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, DENY_ALL, '') };
    const finding = only(networkPolicyMissing, files);
    expect(finding).toMatchObject({ element: 'namespace:shop', location: at(files, 'shop.yaml', 'name: shop') });
    expect(finding.message).toContain('Namespace shop runs 1 workload (api) and has no NetworkPolicy');
  });

  it('reports a workload no policy of its namespace selects', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'podSelector: {}', 'podSelector:\n    matchLabels:\n      app: web') };
    expect(only(networkPolicyMissing, files)).toMatchObject({ element: 'api', location: at(files, 'shop.yaml', '  name: api', 1) });
  });

  it('is silent with a namespace-wide policy', () => {
    none(networkPolicyMissing, { 'shop.yaml': GOOD_K8S });
  });
});

describe('sec.service-exposed', () => {
  it('reports a LoadBalancer Service at its type, and NodePort at medium', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, SERVICE_SPEC, `  type: LoadBalancer\n${SERVICE_SPEC}`) };
    const finding = only(serviceExposed, files);
    expect(finding).toMatchObject({ severity: 'low', location: at(files, 'shop.yaml', 'type: LoadBalancer') });
    expect(finding.message).toContain('Service shop/api is a LoadBalancer Service: it publishes api on its own external address');
    expect(only(serviceExposed, { 'shop.yaml': edit(GOOD_K8S, SERVICE_SPEC, `  type: NodePort\n${SERVICE_SPEC}`) }).severity).toBe('medium');
  });

  it('is silent for ClusterIP, internal and source-restricted load balancers', () => {
    none(serviceExposed, { 'shop.yaml': GOOD_K8S });
    none(serviceExposed, { 'shop.yaml': edit(GOOD_K8S, SERVICE_SPEC, `  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]\n${SERVICE_SPEC}`) });
    none(serviceExposed, {
      'shop.yaml': edit(edit(GOOD_K8S, '  name: api\n  namespace: shop\nspec:\n  selector:',
        '  name: api\n  namespace: shop\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-internal: "true"\nspec:\n  selector:'), SERVICE_SPEC, `  type: LoadBalancer\n${SERVICE_SPEC}`),
    });
  });
});

describe('sec.port-bound-all-interfaces', () => {
  it('reports a port with no host IP on an internal service, at the port entry', () => {
    const files = { 'docker-compose.yml': composePorts('api', '8080:8080') };
    const finding = only(portBoundAllInterfaces, files);
    expect(finding.location).toMatchObject(at(files, 'docker-compose.yml', '- "8080:8080"'));
    expect(finding.message).toBe('Compose service api publishes 8080:8080 on every host interface.');
  });

  it('is silent for loopback bindings and for front ends meant to be public', () => {
    none(portBoundAllInterfaces, { 'docker-compose.yml': GOOD_COMPOSE });
    none(portBoundAllInterfaces, { 'docker-compose.yml': 'services:\n  frontend:\n    image: shop/web:1\n    ports:\n      - "80:8080"\n' });
  });
});

describe('sec.privileged-host-port', () => {
  it('reports a well-known host port at the port entry', () => {
    const files = { 'docker-compose.yml': composePorts('api', '127.0.0.1:25:2525') };
    expect(only(privilegedHostPort, files).location).toMatchObject(at(files, 'docker-compose.yml', '- "127.0.0.1:25:2525"'));
  });

  it('is silent for unprivileged ports and for HTTP(S) on an entry point', () => {
    none(privilegedHostPort, { 'docker-compose.yml': GOOD_COMPOSE });
    none(privilegedHostPort, { 'docker-compose.yml': 'services:\n  gateway:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n      - "443:443"\n' });
  });
});

describe('sec.ssh-port-exposed', () => {
  it('reports a published SSH port at the port entry', () => {
    const files = { 'docker-compose.yml': composePorts('api', '2222:22') };
    expect(only(sshPortExposed, files)).toMatchObject({ severity: 'high', location: at(files, 'docker-compose.yml', '- "2222:22"') });
  });

  it('reports a Service port 22 at the port entry', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '    - name: http\n      port: 80\n      targetPort: http\n', '    - name: ssh\n      port: 22\n') };
    expect(only(sshPortExposed, files)).toMatchObject({ severity: 'medium', location: at(files, 'shop.yaml', '- name: ssh') });
  });

  it('is silent without port 22', () => {
    none(sshPortExposed, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('sec.datastore-port-published', () => {
  it('reports a compose database port published on every interface, at the port entry', () => {
    const files = { 'docker-compose.yml': composePorts('db', '5432:5432') };
    const finding = only(datastorePortPublished, files);
    expect(finding).toMatchObject({ element: 'db', severity: 'high', location: at(files, 'docker-compose.yml', '- "5432:5432"') });
    expect(finding.message).toBe('Datastore db publishes 5432:5432 on every host interface.');
  });

  it('reports a datastore behind a LoadBalancer Service, at the Service type', () => {
    const files = {
      'db.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: sessions
spec:
  selector:
    matchLabels:
      app: sessions
  template:
    metadata:
      labels:
        app: sessions
    spec:
      containers:
        - name: redis
          image: redis:7.2
---
apiVersion: v1
kind: Service
metadata:
  name: sessions
spec:
  type: LoadBalancer
  selector:
    app: sessions
  ports:
    - port: 6379
`,
    };
    const finding = only(datastorePortPublished, files);
    expect(finding).toMatchObject({ element: 'sessions', location: at(files, 'db.yaml', 'type: LoadBalancer') });
    expect(finding.message).toBe('Service sessions (LoadBalancer) publishes cache sessions outside the cluster.');
  });

  it('is silent for loopback bindings and unpublished datastores', () => {
    none(datastorePortPublished, { 'docker-compose.yml': GOOD_COMPOSE });
    none(datastorePortPublished, { 'docker-compose.yml': composePorts('db', '127.0.0.1:5432:5432') });
  });
});
