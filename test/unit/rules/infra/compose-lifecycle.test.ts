// Compose lifecycle rules: healthcheck, depends_on conditions, restart policy.
import { describe, expect, it } from 'vitest';
import { composeDependsOnNotHealthy, composeHealthcheckMissing, composeRestartPolicyMissing } from '../../../../main/analysis/rules/infra/compose-lifecycle.js';
import { at, edit, GOOD_COMPOSE, none, only } from './support.js';

const API_HEALTHCHECK = `    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
      interval: 10s
`;

describe('infra.compose-healthcheck-missing', () => {
  it('reports a long-running service without a healthcheck, at the service', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, API_HEALTHCHECK, '') };
    const finding = only(composeHealthcheckMissing, files);
    expect(finding).toMatchObject({ element: 'api', severity: 'low', location: at(files, 'docker-compose.yml', '  api:') });
    expect(finding.message).toContain('Compose service api has no healthcheck');
  });

  it('is silent for one-shot jobs, explicit opt-outs and images built with a HEALTHCHECK', () => {
    none(composeHealthcheckMissing, { 'docker-compose.yml': GOOD_COMPOSE });
    const job = `services:
  migrate:
    image: app:1.0
    command: migrate
  api:
    image: app:1.0
    depends_on:
      migrate:
        condition: service_completed_successfully
    healthcheck:
      disable: true
`;
    none(composeHealthcheckMissing, { 'docker-compose.yml': job });
    none(composeHealthcheckMissing, {
      'app/docker-compose.yml': 'services:\n  api:\n    build: ./api\n',
      'app/api/Dockerfile': 'FROM node:20\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\n',
    });
  });
});

describe('infra.compose-depends-on-not-healthy', () => {
  it('reports service_started on a dependency that has a healthcheck, at the condition', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, 'condition: service_healthy', 'condition: service_started') };
    const finding = only(composeDependsOnNotHealthy, files);
    expect(finding.location).toMatchObject(at(files, 'docker-compose.yml', 'condition: service_started'));
    expect(finding.related?.[0]).toMatchObject({ ...at(files, 'docker-compose.yml', 'healthcheck:', 2), message: 'healthcheck of db' });
    expect(finding.message).toContain('Compose service api depends on db');
  });

  it('reports the short list form at the list entry', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, `    depends_on:
      db:
        condition: service_healthy`, `    depends_on:
      - db`) };
    expect(only(composeDependsOnNotHealthy, files).location).toMatchObject(at(files, 'docker-compose.yml', '      - db'));
  });

  it('is silent for service_healthy and for dependencies without a healthcheck', () => {
    none(composeDependsOnNotHealthy, { 'docker-compose.yml': GOOD_COMPOSE });
    none(composeDependsOnNotHealthy, { 'docker-compose.yml': 'services:\n  api:\n    image: app:1\n    depends_on: [cache]\n  cache:\n    image: redis:7\n' });
  });
});

describe('infra.compose-restart-policy-missing', () => {
  it('reports a long-running service without restart, at the service', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, '    restart: unless-stopped\n', '') };
    const finding = only(composeRestartPolicyMissing, files);
    expect(finding.location).toMatchObject(at(files, 'docker-compose.yml', '  api:'));
  });

  it('is silent with restart or deploy.restart_policy, for restart "no", and in swarm stack files', () => {
    none(composeRestartPolicyMissing, { 'docker-compose.yml': GOOD_COMPOSE });
    none(composeRestartPolicyMissing, { 'docker-compose.yml': 'services:\n  api:\n    image: app:1\n    deploy:\n      restart_policy:\n        condition: any\n  seed:\n    image: app:1\n    restart: "no"\n' });
    none(composeRestartPolicyMissing, { 'docker-compose-swarm.yml': 'services:\n  api:\n    image: app:1\n' });
  });
});
