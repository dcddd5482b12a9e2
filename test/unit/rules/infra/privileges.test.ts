// Process privilege rules: privileged, root, privilege escalation, writable root filesystem, capabilities, seccomp.
import { describe, expect, it } from 'vitest';
import { dangerousCapabilityAdded, netRawNotDropped } from '../../../../main/analysis/rules/infra/capabilities.js';
import { privilegedContainer, privilegeEscalationAllowed, runAsRoot, writableRootFilesystem } from '../../../../main/analysis/rules/infra/privileges.js';
import { seccompProfileUnset, seccompUnconfined } from '../../../../main/analysis/rules/infra/seccomp.js';
import { at, edit, GOOD_COMPOSE, GOOD_K8S, none, only } from './support.js';

const POD_USER = `        runAsNonRoot: true
        runAsUser: 10001
`;
const API_HARDENING = `    user: "10001:10001"
    read_only: true
    restart: unless-stopped
    security_opt:
      - no-new-privileges:true
    cap_drop:
      - ALL
    ports:
      - "127.0.0.1:8080:8080"`;

describe('sec.privileged-container', () => {
  it('reports privileged: true at that line (Kubernetes and compose)', () => {
    const kubernetes = { 'shop.yaml': edit(GOOD_K8S, 'allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n            privileged: true') };
    expect(only(privilegedContainer, kubernetes)).toMatchObject({ severity: 'high', location: at(kubernetes, 'shop.yaml', 'privileged: true') });
    const compose = { 'docker-compose.yml': edit(GOOD_COMPOSE, '    read_only: true\n', '    read_only: true\n    privileged: true\n') };
    expect(only(privilegedContainer, compose).location).toMatchObject(at(compose, 'docker-compose.yml', 'privileged: true'));
  });

  it('is silent otherwise', () => {
    none(privilegedContainer, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('sec.run-as-root', () => {
  it('reports a container with no runAsNonRoot and no runAsUser, at its securityContext', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, POD_USER, '') };
    const finding = only(runAsRoot, files);
    expect(finding).toMatchObject({ severity: 'medium', location: at(files, 'shop.yaml', '          securityContext:') });
  });

  it('reports runAsUser: 0 as high, at the pod-level field it inherits', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'runAsUser: 10001', 'runAsUser: 0') };
    expect(only(runAsRoot, files)).toMatchObject({ severity: 'high', location: at(files, 'shop.yaml', 'runAsUser: 0') });
  });

  it('reports compose: no user at low severity at the service, user root at the user line', () => {
    const unset = { 'docker-compose.yml': edit(GOOD_COMPOSE, '    user: "10001:10001"\n', '') };
    expect(only(runAsRoot, unset)).toMatchObject({ severity: 'low', location: at(unset, 'docker-compose.yml', '  api:') });
    const root = { 'docker-compose.yml': edit(GOOD_COMPOSE, 'user: "10001:10001"', 'user: root') };
    expect(only(runAsRoot, root)).toMatchObject({ severity: 'medium', location: at(root, 'docker-compose.yml', 'user: root') });
  });

  it('is silent for non-root users', () => {
    none(runAsRoot, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('sec.privilege-escalation-allowed', () => {
  it('reports allowPrivilegeEscalation: true at that line', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true') };
    expect(only(privilegeEscalationAllowed, files).location).toMatchObject(at(files, 'shop.yaml', 'allowPrivilegeEscalation: true'));
  });

  it('reports a compose service without no-new-privileges at low severity, at security_opt', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, '      - no-new-privileges:true\n', '      - label:disable\n') };
    expect(only(privilegeEscalationAllowed, files)).toMatchObject({ severity: 'low', location: at(files, 'docker-compose.yml', '    security_opt:', 1) });
  });

  it('is silent with the setting', () => {
    none(privilegeEscalationAllowed, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('sec.writable-root-filesystem', () => {
  it('reports readOnlyRootFilesystem: false at that line, and compose without read_only at the service', () => {
    const kubernetes = { 'shop.yaml': edit(GOOD_K8S, 'readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false') };
    expect(only(writableRootFilesystem, kubernetes).location).toMatchObject(at(kubernetes, 'shop.yaml', 'readOnlyRootFilesystem: false'));
    const compose = { 'docker-compose.yml': edit(GOOD_COMPOSE, '    read_only: true\n', '') };
    expect(only(writableRootFilesystem, compose).location).toMatchObject(at(compose, 'docker-compose.yml', '  api:'));
  });

  it('is silent for read-only root filesystems', () => {
    none(writableRootFilesystem, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('sec.net-raw-not-dropped', () => {
  it('reports a container that drops neither ALL nor NET_RAW, at its capabilities', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '                - ALL', '                - CHOWN') };
    expect(only(netRawNotDropped, files).location).toMatchObject(at(files, 'shop.yaml', 'capabilities:'));
  });

  it('reports a compose service without cap_drop at the service', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, API_HARDENING, API_HARDENING.replace('    cap_drop:\n      - ALL\n', '')) };
    expect(only(netRawNotDropped, files).location).toMatchObject(at(files, 'docker-compose.yml', '  api:'));
  });

  it('is silent when NET_RAW or ALL is dropped', () => {
    none(netRawNotDropped, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
    none(netRawNotDropped, { 'shop.yaml': edit(GOOD_K8S, '                - ALL', '                - NET_RAW') });
  });
});

describe('sec.dangerous-capability-added', () => {
  it('reports each dangerous capability at its list entry', () => {
    const files = {
      'shop.yaml': edit(GOOD_K8S, '            capabilities:\n', '            capabilities:\n              add:\n                - SYS_ADMIN\n                - NET_BIND_SERVICE\n'),
    };
    const finding = only(dangerousCapabilityAdded, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '- SYS_ADMIN'));
    expect(finding.message).toContain('adds SYS_ADMIN');
    const compose = { 'docker-compose.yml': edit(GOOD_COMPOSE, '    cap_drop:\n      - ALL\n    ports:', '    cap_drop:\n      - ALL\n    cap_add:\n      - NET_ADMIN\n    ports:') };
    expect(only(dangerousCapabilityAdded, compose).location).toMatchObject(at(compose, 'docker-compose.yml', '- NET_ADMIN'));
  });

  it('is silent for harmless added capabilities', () => {
    none(dangerousCapabilityAdded, { 'shop.yaml': edit(GOOD_K8S, '            capabilities:\n', '            capabilities:\n              add: [NET_BIND_SERVICE]\n') });
  });
});

describe('sec.seccomp-unconfined', () => {
  it('reports Unconfined at the profile type, and compose seccomp:unconfined at its entry', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'type: RuntimeDefault', 'type: Unconfined') };
    expect(only(seccompUnconfined, files).location).toMatchObject(at(files, 'shop.yaml', 'type: Unconfined'));
    const compose = { 'docker-compose.yml': edit(GOOD_COMPOSE, '      - no-new-privileges:true\n    cap_drop:\n      - ALL\n    ports:', '      - no-new-privileges:true\n      - seccomp:unconfined\n    cap_drop:\n      - ALL\n    ports:') };
    expect(only(seccompUnconfined, compose).location).toMatchObject(at(compose, 'docker-compose.yml', '- seccomp:unconfined'));
  });

  it('is silent for RuntimeDefault', () => {
    none(seccompUnconfined, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});

describe('sec.seccomp-profile-unset', () => {
  it('reports a pod with no seccomp profile at its securityContext', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, '        seccompProfile:\n          type: RuntimeDefault\n', '') };
    const finding = only(seccompProfileUnset, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', '      securityContext:'));
    expect(finding.message).toContain('Deployment shop/api sets no seccomp profile for its pods');
  });

  it('is silent with a pod-level profile, and for compose (Docker applies its default profile)', () => {
    none(seccompProfileUnset, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});
