// Online Boutique: per-service manifests and the release bundle describe the same 12 workloads.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../main/ingest/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { CORPUS, projectContext, readProject } from './helpers.js';

const ROOT = join(CORPUS, 'microservices-demo');
const WORKLOADS = ['adservice', 'cartservice', 'checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'loadgenerator',
  'paymentservice', 'productcatalogservice', 'recommendationservice', 'redis-cart', 'shippingservice'];

describe('microservices-demo', () => {
  let model: SystemModel;
  beforeAll(() => { model = buildModel(readProject(ROOT), projectContext(ROOT)); });

  it('has exactly its 12 workloads, one each although two folders describe them', () => {
    expect(model.components.map((component) => component.id).sort()).toEqual(WORKLOADS);
    const cart = model.components.find((component) => component.id === 'cartservice')!;
    expect(new Set(cart.sources.map((source) => source.file))).toEqual(new Set(['kubernetes-manifests/cartservice.yaml', 'release/kubernetes-manifests.yaml']));
    expect(cart.source).toMatchObject({ file: 'kubernetes-manifests/cartservice.yaml', line: 18, pointer: '[0].metadata.name' });
  });

  it('infers flows from env vars that name a Service', () => {
    const flow = (from: string, to: string) => model.flows.find((candidate) => candidate.from === from && candidate.to === to);
    expect(flow('frontend', 'productcatalogservice')).toMatchObject({ protocol: 'grpc', port: 3550 });
    expect(flow('frontend', 'productcatalogservice')!.inferredFrom).toContain('env:PRODUCT_CATALOG_SERVICE_ADDR');
    expect(flow('checkoutservice', 'paymentservice')!.inferredFrom).toContain('env:PAYMENT_SERVICE_ADDR');
    expect(flow('cartservice', 'redis-cart')).toMatchObject({ protocol: 'redis', inferredFrom: ['env:REDIS_ADDR'] });
    expect(flow('loadgenerator', 'frontend')).toBeDefined();
    // 7 from frontend, 6 from checkout, recommendation -> catalog, cart -> redis, loadgenerator -> frontend.
    expect(model.flows).toHaveLength(16);
    // The shopping assistant is configured but not deployed: no flow, the host is recorded.
    const frontend = model.components.find((component) => component.id === 'frontend')!;
    expect(frontend.properties?.unresolvedHosts).toEqual([expect.objectContaining({ host: 'shoppingassistantservice' })]);
  });

  it('attaches the gRPC services of demo.proto to their implementers', () => {
    const cart = model.endpoints.filter((endpoint) => endpoint.id.startsWith('hipstershop.CartService/'));
    expect(cart.map((endpoint) => endpoint.id).sort()).toEqual(['hipstershop.CartService/AddItem', 'hipstershop.CartService/EmptyCart', 'hipstershop.CartService/GetCart']);
    expect(cart.every((endpoint) => endpoint.component === 'cartservice' && endpoint.protocol === 'grpc')).toBe(true);
    expect(cart[0].path).toBe('/hipstershop.CartService/AddItem');
    expect(cart[0].properties?.clients).toEqual(['checkoutservice', 'frontend']);
    const demo = model.endpoints.filter((endpoint) => endpoint.source.file === 'protos/demo.proto');
    expect(demo).toHaveLength(15);
    expect(demo.every((endpoint) => endpoint.component)).toBe(true);
    expect(model.endpoints.find((endpoint) => endpoint.id === 'hipstershop.PaymentService/Charge')).toMatchObject({
      component: 'paymentservice', source: { file: 'protos/demo.proto', line: expect.any(Number) },
    });
  });

  it('marks frontend internet-facing through its LoadBalancer Service', () => {
    const frontend = model.components.find((component) => component.id === 'frontend')!;
    expect(frontend.internetFacing).toBe(true);
    expect(frontend.properties?.exposedBy).toEqual(['service:frontend-external']);
    expect(model.components.filter((component) => component.internetFacing).map((component) => component.id)).toEqual(['frontend']);
  });

  it('assigns kinds from images and names', () => {
    const kind = (id: string) => model.components.find((component) => component.id === id)!.kind;
    expect(kind('redis-cart')).toBe('cache');
    expect(kind('loadgenerator')).toBe('client');
    expect(kind('frontend')).toBe('service');
  });

  it('reads the kustomization without complaint and reports no errors', () => {
    expect(model.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')).toEqual([]);
  });

  it('gives the same graph from the per-service folder and from the release bundle', () => {
    const files = readProject(ROOT);
    const folder = buildModel(files.filter((file) => file.path.startsWith('kubernetes-manifests/')), projectContext(ROOT));
    const bundle = buildModel(files.filter((file) => file.path.startsWith('release/')), projectContext(ROOT));
    expect(folder.components.map((component) => component.id)).toEqual(bundle.components.map((component) => component.id));
    expect(folder.flows.map((flow) => `${flow.id}:${flow.protocol}`)).toEqual(bundle.flows.map((flow) => `${flow.id}:${flow.protocol}`));
  });
});
