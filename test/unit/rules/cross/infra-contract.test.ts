// Cross-artifact rules between the API and the infrastructure (RULES.md 5.5): ports, server URLs against Ingresses,
// rate limits, Secret references and database passwords in compose. Each project is a few real files run through the
// real ingest and engine.
import { describe, expect, it } from 'vitest';
import { probePortVsServicePort } from '../../../../main/analysis/rules/cross/port-contract.js';
import { rateLimitDeclaredNotEnforced } from '../../../../main/analysis/rules/cross/rate-limit-contract.js';
import { dbCredentialsPlaintextInCompose, envReferencesUnknownSecret } from '../../../../main/analysis/rules/cross/secret-contract.js';
import { serverUrlVsIngress } from '../../../../main/analysis/rules/cross/server-contract.js';
import { contextFromFiles } from '../../../support/rule-harness.js';
import { GOOD_K8S } from '../infra/support.js';
import { at, edit, none, only, run } from '../system/support.js';

/** A hardened Deployment and Service (container port `http`, volume from Secret api-db): what every rule here is silent on. */
const DEPLOYMENT = GOOD_K8S;

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
spec:
  tls:
    - hosts: [api.shop.example]
      secretName: api-tls
  rules:
    - host: api.shop.example
      http:
        paths:
          - path: /v1
            pathType: Prefix
            backend:
              service:
                name: api
                port: { name: http }
`;

const SPEC = `openapi: 3.0.3
info: { title: Shop API, version: '1' }
x-archbench-component: api
servers:
  - url: https://api.shop.example/v1
paths:
  /orders:
    get:
      responses:
        '200': { description: orders }
        '429': { description: slow down }
`;

describe('x.probe-port-vs-service-port', () => {
  it('reports a Service targetPort no container names, at the targetPort, with the container ports related', () => {
    const files = { 'k8s/api.yaml': edit(DEPLOYMENT, 'targetPort: http', 'targetPort: web') };
    const finding = only(probePortVsServicePort, files);
    expect(finding).toMatchObject({ element: 'k8s/api.yaml#Service/shop/api', severity: 'high', location: at(files, 'k8s/api.yaml', 'targetPort: web') });
    expect(finding.message).toContain('Service shop/api sends its http port 80 to targetPort "web", and no container of Deployment shop/api has a port of that name');
    expect(finding.related?.[0]).toMatchObject(at(files, 'k8s/api.yaml', '- name: http', 1));
  });

  it('reports a probe aimed at the Service port when the container lists no ports, at the probe port', () => {
    const deployment = edit(edit(DEPLOYMENT, `          ports:
            - name: http
              containerPort: 8080
`, ''), 'port: http', 'port: 80');
    const files = { 'k8s/api.yaml': edit(deployment, 'targetPort: http', 'targetPort: 8080') };
    const finding = only(probePortVsServicePort, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'k8s/api.yaml', 'port: 80', 1) });
    expect(finding.message).toContain('The readinessProbe of container web of Deployment shop/api checks port 80, which is the port of Service shop/api; the Service forwards it to targetPort 8080');
  });

  it('reports a compose healthcheck calling the published host port, at the healthcheck', () => {
    const compose = `services:
  api:
    image: shop/api:1.4.2
    ports:
      - "8081:8080"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8081/healthz"]
`;
    const files = { 'docker-compose.yml': compose };
    const finding = only(probePortVsServicePort, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'docker-compose.yml', 'test: [') });
    expect(finding.message).toContain('calls port 8081, the port published on the host');
    none(probePortVsServicePort, { 'docker-compose.yml': edit(compose, 'localhost:8081', 'localhost:8080') });
  });

  it('is silent when the Service, the probes and the containers agree', () => {
    none(probePortVsServicePort, { 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': INGRESS });
  });
});

describe('x.server-url-vs-ingress', () => {
  it('reports an https server on a host the Ingress serves without TLS, at the server URL, with the Ingress host related', () => {
    const ingress = edit(INGRESS, `  tls:
    - hosts: [api.shop.example]
      secretName: api-tls
`, '');
    const files = { 'api.yaml': SPEC, 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': ingress };
    const finding = only(serverUrlVsIngress, files);
    expect(finding).toMatchObject({ element: 'api.yaml#/servers/0', location: at(files, 'api.yaml', '- url: https://api.shop.example/v1') });
    expect(finding.message).toContain('promises https, but Ingress shop/api (host api.shop.example) terminates no TLS for api.shop.example');
    expect(finding.related?.[0]).toMatchObject(at(files, 'k8s/ingress.yaml', '- host: api.shop.example'));
  });

  it('reports an http server on a TLS host, and a base path the Ingress does not route', () => {
    const http = { 'api.yaml': edit(SPEC, 'https://', 'http://'), 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': INGRESS };
    expect(only(serverUrlVsIngress, http).message).toContain('is plain http, but Ingress shop/api (host api.shop.example) serves api.shop.example with TLS');
    const moved = { 'api.yaml': edit(SPEC, '/v1', '/v2'), 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': INGRESS };
    const finding = only(serverUrlVsIngress, moved);
    expect(finding.message).toContain('puts the spec\'s operations under /v2 (/v2/orders), but Ingress shop/api (host api.shop.example) routes only /v1');
    expect(finding.related?.[0]).toMatchObject(at(moved, 'k8s/ingress.yaml', '- path: /v1'));
  });

  it('reads Gateway API routes from a file of their own: an https server on a Gateway with only an HTTP listener', () => {
    const routes = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: shop
spec:
  gatewayClassName: envoy
  listeners:
    - name: web
      protocol: HTTP
      port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api
  namespace: shop
spec:
  parentRefs: [{ name: public }]
  hostnames: [api.shop.example]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /v1 } }]
      backendRefs: [{ name: api, port: 80 }]
`;
    const files = { 'api.yaml': SPEC, 'k8s/api.yaml': DEPLOYMENT, 'k8s/routes.yaml': routes };
    const finding = only(serverUrlVsIngress, files);
    expect(finding.message).toContain('promises https, but HTTPRoute shop/api (host api.shop.example) terminates no TLS');
    expect(finding.related?.[0]).toMatchObject(at(files, 'k8s/routes.yaml', 'hostnames: [api.shop.example]'));
    none(serverUrlVsIngress, { ...files, 'k8s/routes.yaml': edit(edit(routes, 'protocol: HTTP', 'protocol: HTTPS'), 'port: 80\n', 'port: 443\n      tls: { certificateRefs: [{ name: api-tls }] }\n') });
  });

  it('is silent when scheme and base path agree (a rewrite-target regex path included), and for hosts no Ingress serves', () => {
    none(serverUrlVsIngress, { 'api.yaml': SPEC, 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': INGRESS });
    const rewrite = edit(edit(INGRESS, '  namespace: shop\n', '  namespace: shop\n  annotations:\n    nginx.ingress.kubernetes.io/rewrite-target: /$2\n'),
      '- path: /v1\n            pathType: Prefix', '- path: /v1(/|$)(.*)\n            pathType: ImplementationSpecific');
    none(serverUrlVsIngress, { 'api.yaml': SPEC, 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': rewrite });
    none(serverUrlVsIngress, { 'api.yaml': edit(SPEC, 'api.shop.example', 'api.other.example'), 'k8s/ingress.yaml': INGRESS });
  });
});

describe('x.rate-limit-declared-not-enforced', () => {
  it('reports a 429 the exposed workload has no limit for, at the 429 response, with the workload and Ingress related', () => {
    const files = { 'api.yaml': SPEC, 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': INGRESS };
    const finding = only(rateLimitDeclaredNotEnforced, files);
    expect(finding).toMatchObject({ element: 'api', severity: 'low', location: at(files, 'api.yaml', "'429'") });
    expect(finding.message).toContain('GET /orders of api declares 429 Too Many Requests (api.yaml), but nothing in the project\'s infrastructure limits requests to api');
    expect(finding.related?.map((related) => related.file)).toEqual(['k8s/api.yaml', 'k8s/ingress.yaml']);
  });

  it('is silent when the Ingress limits requests, when a middleware it names is not in the project, and without infrastructure', () => {
    const limited = edit(INGRESS, '  namespace: shop\n', '  namespace: shop\n  annotations:\n    nginx.ingress.kubernetes.io/limit-rps: "20"\n');
    none(rateLimitDeclaredNotEnforced, { 'api.yaml': SPEC, 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': limited });
    const middleware = edit(INGRESS, '  namespace: shop\n', '  namespace: shop\n  annotations:\n    traefik.ingress.kubernetes.io/router.middlewares: shop-limits@kubernetescrd\n');
    none(rateLimitDeclaredNotEnforced, { 'api.yaml': SPEC, 'k8s/api.yaml': DEPLOYMENT, 'k8s/ingress.yaml': middleware });
    none(rateLimitDeclaredNotEnforced, { 'api.yaml': SPEC });
  });

  it('follows a Kong plugin named on the Service to its KongPlugin, in a file of its own', () => {
    const annotated = edit(DEPLOYMENT, 'kind: Service\nmetadata:\n  name: api\n', 'kind: Service\nmetadata:\n  name: api\n  annotations:\n    konghq.com/plugins: api-limits\n');
    const plugin = (name: string) => `apiVersion: configuration.konghq.com/v1\nkind: KongPlugin\nmetadata:\n  name: api-limits\n  namespace: shop\nplugin: ${name}\n`;
    none(rateLimitDeclaredNotEnforced, { 'api.yaml': SPEC, 'k8s/api.yaml': annotated, 'k8s/ingress.yaml': INGRESS, 'k8s/plugins.yaml': plugin('rate-limiting') });
    only(rateLimitDeclaredNotEnforced, { 'api.yaml': SPEC, 'k8s/api.yaml': annotated, 'k8s/ingress.yaml': INGRESS, 'k8s/plugins.yaml': plugin('cors') });
  });

  it('judges a compose project by its gateway\'s mounted configuration', () => {
    const compose = `services:
  gateway:
    image: nginx:1.27-alpine
    ports: ["443:8443"]
    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]
    depends_on: [api]
  api:
    image: shop/api:1.4.2
    ports: ["8080:8080"]
`;
    const conf = 'events {}\nhttp {\n  server { listen 8443; location / { proxy_pass http://api:8080; } }\n}\n';
    const files = { 'api.yaml': SPEC, 'docker-compose.yml': compose, 'nginx.conf': conf };
    expect(only(rateLimitDeclaredNotEnforced, files).related?.[0]).toMatchObject(at(files, 'docker-compose.yml', '  api:'));
    none(rateLimitDeclaredNotEnforced, { ...files, 'nginx.conf': conf.replace('http {', 'http {\n  limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;') });
    none(rateLimitDeclaredNotEnforced, { 'api.yaml': SPEC, 'docker-compose.yml': compose }); // the mounted file is not in the project: unknown
  });
});

const SEALED = `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: api-db
  namespace: shop
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA==
`;

describe('x.env-references-unknown-secret', () => {
  it('reports a secret volume the project does not define while it seals others, at the reference', () => {
    const files = { 'k8s/api.yaml': edit(DEPLOYMENT, 'secretName: api-db', 'secretName: api-dbs'), 'k8s/sealed.yaml': SEALED };
    const finding = only(envReferencesUnknownSecret, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'k8s/api.yaml', 'secretName: api-dbs') });
    expect(finding.message).toContain('Deployment shop/api mounts it as volume db-secret, but no Secret, SealedSecret, ExternalSecret or secretGenerator in the project defines Secret api-dbs (it defines api-db)');
    expect(finding.message).toContain('the pod stays in ContainerCreating');
    const env = edit(DEPLOYMENT, '            - name: LOG_LEVEL\n', '            - name: DB_USER\n              valueFrom:\n                secretKeyRef: { name: api-user, key: user }\n            - name: LOG_LEVEL\n');
    const fromEnv = only(envReferencesUnknownSecret, { 'k8s/api.yaml': env, 'k8s/sealed.yaml': SEALED });
    expect(fromEnv.message).toContain('container web of Deployment shop/api reads key user of it (env DB_USER)');
    expect(fromEnv.message).toContain('the pod stays in CreateContainerConfigError');
    expect(finding.related?.[0]).toMatchObject({ file: 'k8s/sealed.yaml' });
    // The SealedSecret's file holds no workload: the model lists it among its Kubernetes objects, which is how the rule finds it.
    expect(contextFromFiles(files).model.kubernetesObjects).toContainEqual({
      kind: 'SealedSecret', apiVersion: 'bitnami.com/v1alpha1', name: 'api-db', namespace: 'shop', source: expect.objectContaining(at(files, 'k8s/sealed.yaml', 'name: api-db')),
    });
  });

  it('reports a compose secret missing from the top-level secrets, at the service entry', () => {
    const compose = `services:
  api:
    image: shop/api:1.4.2
    secrets:
      - db_password
      - api_key
secrets:
  db_password:
    file: ./db_password.txt
`;
    const files = { 'docker-compose.yml': compose };
    const finding = only(envReferencesUnknownSecret, files);
    expect(finding).toMatchObject({ element: 'api', location: at(files, 'docker-compose.yml', '- api_key') });
    expect(finding.message).toContain('uses secret api_key, which no top-level `secrets:` of the compose files in the project root defines (they define db_password)');
    none(envReferencesUnknownSecret, { 'docker-compose.yml': edit(compose, '    file: ./db_password.txt\n', '    file: ./db_password.txt\n  api_key:\n    environment: API_KEY\n') });
  });

  it('is silent when the Secret is defined (by a kustomize overlay\'s secretGenerator too), and when the project defines no Secrets at all', () => {
    none(envReferencesUnknownSecret, { 'k8s/api.yaml': DEPLOYMENT, 'k8s/sealed.yaml': SEALED });
    const overlay = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../../base]
secretGenerator:
  - name: api-db
    envs: [db.env]
`;
    const other = edit(SEALED, 'name: api-db', 'name: api-tls');
    expect(run(envReferencesUnknownSecret, { 'k8s/base/api.yaml': DEPLOYMENT, 'k8s/base/tls.yaml': other })).toHaveLength(1);
    none(envReferencesUnknownSecret, { 'k8s/base/api.yaml': DEPLOYMENT, 'k8s/base/tls.yaml': other, 'k8s/overlays/prod/kustomization.yaml': overlay });
    none(envReferencesUnknownSecret, { 'k8s/api.yaml': edit(DEPLOYMENT, 'secretName: api-db', 'secretName: api-dbs') });
  });
});

const COMPOSE_DB = `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: Tr0ub4dor-db
  api:
    image: shop/api:1.4.2
    environment:
      DATABASE_URL: postgres://postgres:Tr0ub4dor-db@db:5432/shop
      LOG_LEVEL: info
`;

describe('x.db-credentials-plaintext-in-compose-used-by-api', () => {
  it('reports the API carrying the database password in its URL, at the API variable, with the database variable related', () => {
    const files = { 'docker-compose.yml': COMPOSE_DB };
    const finding = only(dbCredentialsPlaintextInCompose, files);
    // High like the literal itself (sec.secret-literal-in-env): the superuser part is said, not escalated.
    expect(finding).toMatchObject({ element: 'api', severity: 'high', location: at(files, 'docker-compose.yml', 'DATABASE_URL:') });
    expect(finding.message).toContain('Compose service api sets DATABASE_URL with the password db gets as POSTGRES_PASSWORD');
    expect(finding.message).toContain('POSTGRES_PASSWORD is the image\'s superuser password');
    expect(finding.related?.[0]).toMatchObject(at(files, 'docker-compose.yml', 'POSTGRES_PASSWORD:'));
    expect(finding.evidence).not.toContain('Tr0ub4dor');
  });

  it('is silent when the password comes from the environment, or the API has a password of its own', () => {
    none(dbCredentialsPlaintextInCompose, { 'docker-compose.yml': COMPOSE_DB.replace(/Tr0ub4dor-db/g, '${DB_PASSWORD}') });
    none(dbCredentialsPlaintextInCompose, { 'docker-compose.yml': edit(COMPOSE_DB, 'postgres:Tr0ub4dor-db@', 'app:an0ther-pass@') });
  });

  it('reports a password the API gets as the default of a variable', () => {
    const files = { 'docker-compose.yml': edit(COMPOSE_DB, 'postgres:Tr0ub4dor-db@', 'postgres:${DB_PASSWORD:-Tr0ub4dor-db}@') };
    expect(run(dbCredentialsPlaintextInCompose, files).map((finding) => finding.message).join('\n')).toContain('as the default of ${DB_PASSWORD} in the URL');
  });
});
