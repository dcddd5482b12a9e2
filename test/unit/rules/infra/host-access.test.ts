// Host access rules: host namespaces, runtime socket, sensitive host paths, hostPort.
import { describe, expect, it } from 'vitest';
import { dockerSocketMounted, hostNamespace, hostPort, sensitiveHostPath } from '../../../../main/analysis/rules/infra/host-access.js';
import { at, edit, GOOD_COMPOSE, GOOD_K8S, none, only } from './support.js';

const hostPathVolume = (path: string, readOnly = false) => edit(edit(GOOD_K8S, `      volumes:
`, `      volumes:
        - name: host
          hostPath:
            path: ${path}
`), `          volumeMounts:
`, `          volumeMounts:
            - name: host
              mountPath: /host
              readOnly: ${readOnly}
`);
const composeVolume = (volume: string) => edit(GOOD_COMPOSE, '    ports:\n      - "127.0.0.1:8080:8080"\n', `    ports:\n      - "127.0.0.1:8080:8080"\n    volumes:\n      - ${volume}\n`);

describe('sec.host-namespace', () => {
  it('reports hostNetwork at that line, and compose network_mode: host at that line', () => {
    const kubernetes = { 'shop.yaml': edit(GOOD_K8S, '      serviceAccountName: api\n', '      serviceAccountName: api\n      hostNetwork: true\n') };
    const finding = only(hostNamespace, kubernetes);
    expect(finding.location).toMatchObject(at(kubernetes, 'shop.yaml', 'hostNetwork: true'));
    expect(finding.message).toContain('Deployment shop/api sets hostNetwork');
    const compose = { 'docker-compose.yml': edit(GOOD_COMPOSE, '    read_only: true\n', '    read_only: true\n    pid: host\n') };
    expect(only(hostNamespace, compose).location).toMatchObject(at(compose, 'docker-compose.yml', 'pid: host'));
  });

  it('is silent without host namespaces', () => {
    none(hostNamespace, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('sec.docker-socket-mounted', () => {
  it('reports the socket as a hostPath volume and as a compose bind mount, at the volume entry', () => {
    const kubernetes = { 'shop.yaml': hostPathVolume('/var/run/docker.sock') };
    expect(only(dockerSocketMounted, kubernetes).location).toMatchObject(at(kubernetes, 'shop.yaml', '        - name: host'));
    const compose = { 'docker-compose.yml': composeVolume('/var/run/docker.sock:/var/run/docker.sock:ro') };
    expect(only(dockerSocketMounted, compose).location).toMatchObject(at(compose, 'docker-compose.yml', '- /var/run/docker.sock:/var/run/docker.sock:ro'));
  });

  it('is silent for other mounts (and does not double-report the socket as a sensitive path)', () => {
    none(dockerSocketMounted, { 'docker-compose.yml': composeVolume('./data:/data') });
    none(sensitiveHostPath, { 'docker-compose.yml': composeVolume('/var/run/docker.sock:/var/run/docker.sock') });
  });
});

describe('sec.sensitive-host-path', () => {
  it('reports a writable hostPath of /etc as high, at the volume', () => {
    const files = { 'shop.yaml': hostPathVolume('/etc') };
    expect(only(sensitiveHostPath, files)).toMatchObject({ severity: 'high', location: at(files, 'shop.yaml', '        - name: host') });
  });

  it('reports read-only mounts at medium', () => {
    expect(only(sensitiveHostPath, { 'shop.yaml': hostPathVolume('/proc', true) }).severity).toBe('medium');
    const compose = { 'docker-compose.yml': composeVolume('/etc/ssl:/etc/ssl:ro') };
    expect(only(sensitiveHostPath, compose)).toMatchObject({ severity: 'medium', location: at(compose, 'docker-compose.yml', '- /etc/ssl:/etc/ssl:ro') });
  });

  it('is silent for project paths, named volumes and harmless files', () => {
    none(sensitiveHostPath, { 'docker-compose.yml': composeVolume('./config:/config') });
    none(sensitiveHostPath, { 'docker-compose.yml': composeVolume('/etc/localtime:/etc/localtime:ro') });
    none(sensitiveHostPath, { 'shop.yaml': hostPathVolume('/data/shop') });
  });
});

describe('sec.host-port', () => {
  it('reports a hostPort at the port entry', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '              containerPort: 8080\n', '              containerPort: 8080\n              hostPort: 8080\n') };
    expect(only(hostPort, files).location).toMatchObject(at(files, 'shop.yaml', '            - name: http'));
  });

  it('is silent without one', () => {
    none(hostPort, { 'shop.yaml': GOOD_K8S });
  });
});
