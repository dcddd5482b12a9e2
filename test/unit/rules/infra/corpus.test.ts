// Acceptance on the real corpus, read in place: microservices-demo (per-service manifests plus a release bundle)
// and DeathStarBench (three compose projects, one with four variants). Lines were checked against the files.
import { beforeAll, describe, expect, it } from 'vitest';
import { INFRA_RULES } from '../../../../main/analysis/rules/infra/index.js';
import type { Finding } from '../../../../shared/model/finding.js';
import { corpus } from '../../../support/paths.js';
import { contextFromFiles, findingsOf } from '../../../support/rule-harness.js';
import { edit, lineOf, readFolder } from './support.js';

const where = (finding: Finding) => `${finding.location.file}:${finding.location.line}`;
const of = (findings: Finding[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId);

describe('microservices-demo', () => {
  const files = readFolder(corpus('microservices-demo'));
  let findings: Finding[];
  beforeAll(() => { findings = findingsOf(INFRA_RULES, contextFromFiles(files)); });

  it('reports every single-replica Deployment once, in its own manifest, with the release bundle as related', () => {
    const single = of(findings, 'infra.single-replica');
    expect(single.map((finding) => finding.element).sort()).toEqual([
      'adservice', 'cartservice', 'checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'paymentservice',
      'productcatalogservice', 'recommendationservice', 'redis-cart', 'shippingservice',
    ]); // loadgenerator is a load-test client, not part of the service
    const frontend = single.find((finding) => finding.element === 'frontend')!;
    expect(where(frontend)).toBe('kubernetes-manifests/frontend.yaml:18');
    expect(frontend.related).toEqual([expect.objectContaining({ file: 'release/kubernetes-manifests.yaml', line: 24 })]);
    expect(where(single.find((finding) => finding.element === 'redis-cart')!)).toBe('kubernetes-manifests/cartservice.yaml:92');
  });

  it('reports a missing probe only where the manifest lacks it: loadgenerator has no liveness probe, every server has both', () => {
    expect(of(findings, 'infra.readiness-probe-missing')).toEqual([]); // loadgenerator has no ports and no Service
    const liveness = of(findings, 'infra.liveness-probe-missing');
    expect(liveness.map((finding) => [finding.element, where(finding)])).toEqual([['loadgenerator', 'kubernetes-manifests/loadgenerator.yaml:72']]);
    expect(liveness[0].related).toEqual([expect.objectContaining({ file: 'release/kubernetes-manifests.yaml', line: 499 })]);
    expect(of(findings, 'infra.probe-port-not-exposed')).toEqual([]);
  });

  it('reports no PodDisruptionBudget as missing while every workload runs one replica, and the missing ones once replicas are raised', () => {
    expect(of(findings, 'infra.pdb-missing')).toEqual([]);
    const scaled = { ...files };
    for (const file of ['kubernetes-manifests/frontend.yaml', 'kubernetes-manifests/cartservice.yaml', 'release/kubernetes-manifests.yaml']) {
      for (const name of ['frontend', 'cartservice']) {
        const deployment = `kind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n`;
        if (scaled[file].includes(deployment)) scaled[file] = edit(scaled[file], deployment, `${deployment}  replicas: 3\n`);
      }
    }
    const after = findingsOf(INFRA_RULES, contextFromFiles(scaled));
    expect(of(after, 'infra.pdb-missing').map((finding) => [finding.element, where(finding)]).sort()).toEqual([
      ['cartservice', 'kubernetes-manifests/cartservice.yaml:18'], ['frontend', 'kubernetes-manifests/frontend.yaml:18'],
    ]);
    const dependency = of(after, 'infra.single-replica-dependency');
    const cart = 'kubernetes-manifests/cartservice.yaml';
    expect(dependency.map((finding) => [finding.element, where(finding)])).toEqual([['redis-cart', `${cart}:${lineOf(scaled[cart], '  name: redis-cart', 1)}`]]);
    expect(dependency[0].message).toContain('cartservice (3 replicas) depend on it');
    expect(dependency[0].related).toContainEqual(expect.objectContaining({ file: cart, line: lineOf(scaled[cart], '- name: REDIS_ADDR'), message: 'cartservice calls redis-cart' }));
  });

  it('reports the namespace without NetworkPolicy once and the LoadBalancer Service at its type', () => {
    expect(of(findings, 'sec.networkpolicy-missing').map((finding) => finding.element)).toEqual(['namespace:default']);
    expect(of(findings, 'sec.service-exposed').map(where)).toEqual(['kubernetes-manifests/frontend.yaml:130']);
  });

  it('judges each file on its own: untagged images in the per-service manifests, tags without digest in the release bundle', () => {
    const latest = of(findings, 'infra.image-latest-tag');
    expect(latest).toHaveLength(11);
    expect(latest.every((finding) => finding.location.file.startsWith('kubernetes-manifests/') && !finding.related)).toBe(true);
    expect(of(findings, 'infra.image-not-pinned-by-digest').every((finding) => finding.location.file === 'release/kubernetes-manifests.yaml'
      || finding.message.includes('redis:alpine'))).toBe(true);
  });

  it('finds nothing its hardened security contexts already handle', () => {
    for (const ruleId of ['sec.privileged-container', 'sec.run-as-root', 'sec.privilege-escalation-allowed', 'sec.writable-root-filesystem',
      'sec.net-raw-not-dropped', 'sec.secret-literal-in-env', 'infra.resource-requests-unset', 'infra.memory-limit-unset']) {
      expect(of(findings, ruleId), ruleId).toEqual([]);
    }
  });
});

describe('deathstarbench', () => {
  let findings: Finding[];
  beforeAll(() => { findings = findingsOf(INFRA_RULES, contextFromFiles(readFolder(corpus('deathstarbench')))); });

  it('reports services without healthcheck at their service key', () => {
    const missing = of(findings, 'infra.compose-healthcheck-missing').map(where);
    expect(missing).toEqual(expect.arrayContaining([
      'hotelReservation/docker-compose.yml:4', // consul
      'hotelReservation/docker-compose.yml:17', // frontend
      'hotelReservation/docker-compose.yml:295', // mongodb-geo
      'mediaMicroservices/docker-compose.yml:4', // dns-media
    ]));
  });

  it('reports the two long-running services without restart policy, and none in hotelReservation', () => {
    expect(of(findings, 'infra.compose-restart-policy-missing').map((finding) => [finding.element, where(finding)])).toEqual([
      ['dns-media', 'mediaMicroservices/docker-compose.yml:4'],
      ['mediaMicroservices/jaeger', 'mediaMicroservices/docker-compose.yml:245'],
    ]);
  });

  it('reports the MongoDB ports published on every interface, at the port entry', () => {
    expect(of(findings, 'sec.datastore-port-published').map((finding) => [finding.element, where(finding)])).toEqual([
      ['movie-review-mongodb', 'mediaMicroservices/docker-compose.yml:157'],
      ['socialNetwork/user-mongodb', 'socialNetwork/docker-compose-sharding.yml:211'],
    ]);
  });

  it('reports the Docker socket and /etc/resolv.conf mounted into dns-media', () => {
    expect(of(findings, 'sec.docker-socket-mounted').map(where)).toEqual(['mediaMicroservices/docker-compose.yml:8']);
    expect(of(findings, 'sec.sensitive-host-path').map(where)).toEqual(['mediaMicroservices/docker-compose.yml:9']);
  });

  it('reports a port of a service shared by compose variants once, with the other variants as related', () => {
    const jaeger = of(findings, 'sec.port-bound-all-interfaces').find((finding) => finding.element === 'jaeger-agent')!;
    expect(where(jaeger)).toBe('socialNetwork/docker-compose-sharding.yml:334');
    expect(jaeger.related?.map((location) => location.file)).toEqual(['socialNetwork/docker-compose-tls.yml', 'socialNetwork/docker-compose.yml']);
  });
});
