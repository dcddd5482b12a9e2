// Probe rules: readiness / liveness missing, identical probes, probe ports the container does not declare.
import { describe, expect, it } from 'vitest';
import { livenessProbeMissing, probePortNotExposed, probesIdentical, readinessProbeMissing } from '../../../../main/analysis/rules/infra/probes.js';
import { at, edit, GOOD_JOBS, GOOD_K8S, none, only } from './support.js';

const READINESS = `          readinessProbe:
            httpGet:
              path: /ready
              port: http
`;
const LIVENESS = `          livenessProbe:
            httpGet:
              path: /live
              port: http
`;

describe('infra.readiness-probe-missing', () => {
  it('reports a container a Service sends traffic to, at the container', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, READINESS, '') };
    const finding = only(readinessProbeMissing, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '- name: web'));
    expect(finding).toMatchObject({ element: 'api', severity: 'medium' });
    expect(finding.message).toContain('container web of Deployment shop/api has no readiness probe; Service api sends it traffic');
  });

  it('is silent when the probe is there, and for Jobs and CronJobs', () => {
    none(readinessProbeMissing, { 'shop.yaml': GOOD_K8S, 'jobs.yaml': GOOD_JOBS });
  });
});

describe('infra.liveness-probe-missing', () => {
  it('reports a long-running container without one, at the container', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, LIVENESS, '') };
    const finding = only(livenessProbeMissing, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '- name: web'));
    expect(finding.message).toContain('container web of Deployment shop/api has no liveness probe');
  });

  it('is silent when the probe is there, and for Jobs and CronJobs', () => {
    none(livenessProbeMissing, { 'shop.yaml': GOOD_K8S, 'jobs.yaml': GOOD_JOBS });
  });
});

describe('infra.probes-identical', () => {
  it('reports liveness running the readiness check with the same tolerance, at the liveness probe', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'path: /live', 'path: /ready') };
    const finding = only(probesIdentical, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'livenessProbe:'));
    expect(finding.related).toEqual([expect.objectContaining({ ...at(files, 'shop.yaml', 'readinessProbe:'), message: 'readiness probe' })]);
    expect(finding.message).toContain('HTTP GET /ready on port http');
  });

  it('is silent for different checks, or the same check with a more tolerant liveness probe', () => {
    none(probesIdentical, { 'shop.yaml': GOOD_K8S });
    const tolerant = edit(GOOD_K8S, LIVENESS, `${LIVENESS}            failureThreshold: 6\n`);
    none(probesIdentical, { 'shop.yaml': edit(tolerant, 'path: /live', 'path: /ready') });
  });
});

describe('infra.probe-port-not-exposed', () => {
  it('reports a named port the container does not declare as high, at the probe port', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, `              path: /ready
              port: http`, `              path: /ready
              port: metrics`) };
    const finding = only(probePortNotExposed, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'port: metrics'));
    expect(finding).toMatchObject({ severity: 'high', message: expect.stringContaining('uses port "metrics", which the container does not name (it declares http)') });
  });

  it('reports a numeric port missing from the declared ports at medium', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, `              path: /live
              port: http`, `              path: /live
              port: 9090`) };
    expect(only(probePortNotExposed, files)).toMatchObject({ severity: 'medium', location: at(files, 'shop.yaml', 'port: 9090') });
  });

  it('is silent for declared ports, and for numeric ports when the container declares none', () => {
    none(probePortNotExposed, { 'shop.yaml': GOOD_K8S });
    const undeclared = edit(edit(edit(GOOD_K8S, `          ports:
            - name: http
              containerPort: 8080
`, ''), `              path: /ready
              port: http`, `              path: /ready
              port: 8080`), `              path: /live
              port: http`, `              path: /live
              port: 8080`);
    none(probePortNotExposed, { 'shop.yaml': undeclared });
  });
});

describe('infra.readiness-probe-missing with sidecars', () => {
  it('asks only the containers that serve (declare ports) for a readiness probe', () => {
    const sidecar = edit(GOOD_K8S, '      volumes:\n', '        - name: log-shipper\n          image: fluent/fluent-bit:3.1\n      volumes:\n');
    none(readinessProbeMissing, { 'shop.yaml': sidecar });
  });
});
