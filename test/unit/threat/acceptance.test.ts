// Acceptance on real projects read in place from the corpus: Online Boutique (Kubernetes + protos) and VAmPI
// (compose + OpenAPI, data kept in an embedded SQLite database inside the API).
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../main/analysis/engine.js';
import { SYSTEM_RULES } from '../../../main/analysis/rules/system/index.js';
import { CROSS_RULES } from '../../../main/analysis/rules/cross/index.js';
import { analyseReliability, buildThreatModel, renderPlaybookMarkdown, renderThreatModelMarkdown } from '../../../main/threat/index.js';
import { contextFromFolder } from '../../support/rule-harness.js';
import { corpus } from '../../support/paths.js';

describe('microservices-demo (Online Boutique)', () => {
  const context = contextFromFolder(corpus('microservices-demo'));
  const threats = buildThreatModel(context.model);
  const reliability = analyseReliability(context.model, { readText: context.readText });
  const findings = runRules([...SYSTEM_RULES, ...CROSS_RULES], context).findings;

  it('has the frontend as the internet entry point through its LoadBalancer Service frontend-external', () => {
    expect(threats.entryPoints).toEqual(['frontend']);
    expect(threats.entryPointDetails).toEqual([{ component: 'frontend', reasons: ['LoadBalancer Service frontend-external'], direct: ['LoadBalancer Service frontend-external'], guardedBy: [] }]);
    const unguarded = findings.find((finding) => finding.ruleId === 'sys.unguarded-internet-access')!;
    expect(unguarded).toMatchObject({ element: 'frontend', location: { file: 'kubernetes-manifests/frontend.yaml' } });
  });

  it('finds redis-cart and cartservice to be single points of failure of the cart and checkout paths', () => {
    const redis = reliability.components.find((entry) => entry.component === 'redis-cart')!;
    expect(redis.singlePointOfFailure).toBe(true);
    expect(redis.blastRadius.components).toEqual(expect.arrayContaining(['cartservice', 'checkoutservice', 'frontend']));
    expect(redis.blastRadius.entryPoints).toEqual(['frontend']);
    expect(redis.blastRadius.endpoints).toEqual(expect.arrayContaining(['hipstershop.CartService/GetCart', 'hipstershop.CheckoutService/PlaceOrder']));
    const cart = reliability.components.find((entry) => entry.component === 'cartservice')!;
    expect(cart.singlePointOfFailure).toBe(true);
    expect(cart.blastRadius.components).toEqual(expect.arrayContaining(['checkoutservice', 'frontend']));
    const spofs = findings.filter((finding) => finding.ruleId === 'sys.spof-critical-path').map((finding) => finding.element);
    expect(spofs).toEqual(expect.arrayContaining(['redis-cart', 'cartservice', 'checkoutservice']));
    const redisFinding = findings.find((finding) => finding.ruleId === 'sys.spof-critical-path' && finding.element === 'redis-cart')!;
    expect(redisFinding.message).toContain('cartservice');
    expect(redisFinding.message).toContain('(entry point frontend)');
  });

  it('says the gRPC calls carry no declared timeouts or retries', () => {
    const grpc = reliability.flows.filter((flow) => flow.from !== 'loadgenerator');
    expect(grpc.length).toBe(15);
    for (const flow of grpc) expect(flow.missing).toEqual(['timeout', 'retries', 'circuit-breaker']);
    const noTimeout = findings.filter((finding) => finding.ruleId === 'sys.sync-call-without-timeout');
    expect(noTimeout.map((finding) => finding.element).sort()).toEqual(grpc.map((flow) => flow.flow).sort());
    const checkout = noTimeout.find((finding) => finding.element === 'checkoutservice->cartservice')!;
    expect(checkout.message).toContain('checkoutservice -> cartservice (grpc) declares no timeout and no retry policy');
    expect(checkout.location).toMatchObject({ file: 'kubernetes-manifests/checkoutservice.yaml' });
    expect(checkout.severity).toBe('high');
    expect(reliability.chains[0]).toMatchObject({ components: ['frontend', 'checkoutservice', 'cartservice', 'redis-cart'], depth: 3, missingTimeouts: 3 });
  });

  it('reports the shopping assistant address that names no Service', () => {
    const unknown = findings.find((finding) => finding.ruleId === 'x.env-references-unknown-service')!;
    expect(unknown.message).toContain('SHOPPING_ASSISTANT_SERVICE_ADDR');
  });

  it('treats the cart cache as confidential by default and walks the path to it', () => {
    expect(threats.crownJewels).toEqual(['redis-cart']);
    const path = threats.attackPaths.find((candidate) => candidate.id === 'frontend=>redis-cart')!;
    expect(path.components).toEqual(['frontend', 'cartservice', 'redis-cart']);
    expect(path.missingControls.map((missing) => missing.control)).toEqual(['gateway', 'authentication', 'authentication', 'network-policy', 'network-policy']);
    expect(path.targetClassification?.assumed).toBe(true);
    const markdown = renderThreatModelMarkdown('Online Boutique', context.model, threats);
    expect(markdown).toContain('### frontend to redis-cart (high)');
    expect(renderPlaybookMarkdown('Online Boutique', context.model, reliability)).toContain('### redis-cart');
  });
});

describe('VAmPI', () => {
  const context = contextFromFolder(corpus('vampi'));
  const threats = buildThreatModel(context.model);

  it('puts the unauthenticated user listing and debug endpoints on the attack path to the API that holds the users', () => {
    // VAmPI's compose file runs the API twice (secure / vulnerable variants) and has no database service: the API keeps its
    // users in an embedded SQLite file. The model shows no datastore, so the API itself is the target ("keeps its data in-process").
    expect(threats.entryPoints).toEqual(['vampi-secure', 'vampi-vulnerable']);
    expect(threats.crownJewels).toEqual(['vampi-secure', 'vampi-vulnerable']);
    const path = threats.attackPaths.find((candidate) => candidate.id === 'vampi-vulnerable=>vampi-vulnerable')!;
    expect(path.severity).toBe('critical');
    expect(path.endpoints).toEqual(expect.arrayContaining(['GET /users/v1', 'GET /users/v1/_debug']));
    expect(path.missingControls.find((missing) => missing.control === 'authentication')?.message).toContain('GET /users/v1/_debug');
    expect(path.notes?.join(' ')).toContain('keeps its data in-process');
    // The spec names no component; its server port 5000 is the container port of both services.
    expect(path.notes?.join(' ')).toContain("the spec's server port 5000 is a port of vampi-secure and vampi-vulnerable");
  });

  it('raises the unauthenticated operations as spoofing threats on the endpoints', () => {
    const debug = threats.threats.find((threat) => threat.kind === 'unauthenticated-endpoint' && threat.element === 'openapi_specs/openapi3.yml#GET /users/v1/_debug')!;
    expect(debug).toMatchObject({ stride: 'S', status: 'open', severity: 'critical', elementType: 'endpoint' });
    const login = threats.threats.find((threat) => threat.element === 'openapi_specs/openapi3.yml#POST /users/v1/login');
    expect(login).toBeUndefined();
  });
});
