// References that lead nowhere: Service selectors, Ingress backends, StatefulSet serviceName.
import { describe, expect, it } from 'vitest';
import { ingressServiceMissing, serviceSelectorNoMatch, statefulSetServiceName } from '../../../../main/analysis/rules/infra/dangling.js';
import { at, edit, GOOD_K8S, none, only } from './support.js';

const ingress = (service: string, port: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: public
  namespace: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port:
                  ${port}
`;

const STATEFUL_SET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders-db
  namespace: shop
spec:
  serviceName: orders-db
  replicas: 1
  selector:
    matchLabels:
      app: orders-db
  template:
    metadata:
      labels:
        app: orders-db
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
---
apiVersion: v1
kind: Service
metadata:
  name: orders-db
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: orders-db
  ports:
    - port: 5432
`;

describe('infra.service-selector-no-match', () => {
  it('reports a Service no pod template matches, at its selector', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '  selector:\n    app: api\n', '  selector:\n    app: api-v2\n') };
    const finding = only(serviceSelectorNoMatch, files);
    expect(finding).toMatchObject({ element: 'shop.yaml#Service/shop/api', location: at(files, 'shop.yaml', '  selector:', 2) });
    expect(finding.message).toContain('selects pods labelled app=api-v2');
  });

  it('is silent when the selector matches', () => {
    none(serviceSelectorNoMatch, { 'shop.yaml': GOOD_K8S });
  });
});

describe('infra.ingress-service-missing', () => {
  it('reports a backend naming a missing Service, at the service name', () => {
    const files = { 'shop.yaml': GOOD_K8S + ingress('storefront', 'number: 80') };
    const finding = only(ingressServiceMissing, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'name: storefront'));
    expect(finding.message).toContain('routes shop.example.com/ to Service storefront');
  });

  it('reports a backend port the Service does not have', () => {
    const files = { 'shop.yaml': GOOD_K8S + ingress('api', 'number: 8443') };
    const finding = only(ingressServiceMissing, files);
    expect(finding.message).toContain('port 8443 of Service api, which has no such port (it has http)');
  });

  it('is silent for an existing Service and port (by number or name)', () => {
    none(ingressServiceMissing, { 'shop.yaml': GOOD_K8S + ingress('api', 'number: 80') });
    none(ingressServiceMissing, { 'shop.yaml': GOOD_K8S + ingress('api', 'name: http') });
  });
});

describe('infra.statefulset-service-name', () => {
  it('reports a governing Service that is not headless, at serviceName', () => {
    const files = { 'db.yaml': edit(STATEFUL_SET, '  clusterIP: None\n', '') };
    const finding = only(statefulSetServiceName, files);
    expect(finding.location).toMatchObject(at(files, 'db.yaml', 'serviceName: orders-db'));
    expect(finding.message).toContain('which is not headless');
  });

  it('reports a missing serviceName at the spec', () => {
    const files = { 'db.yaml': edit(STATEFUL_SET, '  serviceName: orders-db\n', '') };
    expect(only(statefulSetServiceName, files).location).toMatchObject(at(files, 'db.yaml', 'spec:', 1));
  });

  it('is silent with a headless governing Service', () => {
    none(statefulSetServiceName, { 'db.yaml': STATEFUL_SET });
  });
});
