// Secret rules: literals in env (Kubernetes and compose), secrets in ConfigMaps, secrets through the environment.
import { describe, expect, it } from 'vitest';
import { literalValue, secretInConfigMap, secretLiteralInEnv, secretName, secretViaEnv } from '../../../../main/analysis/rules/infra/secrets.js';
import { at, edit, GOOD_COMPOSE, GOOD_K8S, none, only } from './support.js';

const withEnv = (entry: string) => edit(GOOD_K8S, '            - name: LOG_LEVEL', `${entry}\n            - name: LOG_LEVEL`);
const configMap = (data: string) => `${GOOD_K8S}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
  namespace: shop
data:
${data}`;

describe('secret names and literal values', () => {
  it('tells secrets from settings about secrets', () => {
    for (const name of ['DB_PASSWORD', 'POSTGRES_PASSWORD', 'apiKey', 'STRIPE_API_KEY', 'JWT_SECRET', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'spring.datasource.password', 'PRIVATE_KEY']) {
      expect(secretName(name), name).toBe(true);
    }
    for (const name of ['DB_PASSWORD_FILE', 'TOKEN_TTL', 'AWS_ACCESS_KEY_ID', 'SECRET_NAME', 'LOG_LEVEL', 'PASSWORD_MIN_LENGTH', 'TOKEN_URL', 'KEYCLOAK_URL']) {
      expect(secretName(name), name).toBe(false);
    }
  });

  it('tells literals from references', () => {
    for (const value of ['hunter2', 'changeme', 's3cr3t-value']) expect(literalValue(value), value).toBe(true);
    for (const value of ['${DB_PASSWORD}', '$(DB_PASSWORD)', '{{ .Values.password }}', '', 'true', '/run/secrets/db', '<your-token>', '$TOKEN']) {
      expect(literalValue(value), value).toBe(false);
    }
  });
});

describe('sec.secret-literal-in-env', () => {
  it('reports a Kubernetes env literal at the env entry, without quoting the value', () => {
    const files = { 'shop.yaml': withEnv('            - name: DB_PASSWORD\n              value: hunter2') };
    const finding = only(secretLiteralInEnv, files);
    expect(finding).toMatchObject({ severity: 'high', location: at(files, 'shop.yaml', '            - name: DB_PASSWORD'), evidence: 'DB_PASSWORD=<7 characters>' });
    expect(JSON.stringify(finding)).not.toContain('hunter2');
  });

  it('reports compose environment literals (mapping and list form) and URLs with a password', () => {
    const mapping = { 'docker-compose.yml': edit(GOOD_COMPOSE, '      LOG_LEVEL: info\n', '      LOG_LEVEL: info\n      JWT_SECRET: not-so-secret\n') };
    expect(only(secretLiteralInEnv, mapping).location).toMatchObject(at(mapping, 'docker-compose.yml', 'JWT_SECRET: not-so-secret'));
    const list = { 'docker-compose.yml': 'services:\n  api:\n    image: app:1\n    environment:\n      - DATABASE_URL=postgres://app:s3cret@db:5432/app\n' };
    expect(only(secretLiteralInEnv, list).location).toMatchObject(at(list, 'docker-compose.yml', '- DATABASE_URL='));
  });

  it('is silent for references, secret files and secretKeyRef', () => {
    none(secretLiteralInEnv, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
    none(secretLiteralInEnv, { 'docker-compose.yml': 'services:\n  api:\n    image: app:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db/app\n' });
    none(secretLiteralInEnv, { 'shop.yaml': withEnv('            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: api-db\n                  key: password') });
  });
});

describe('sec.secret-in-configmap', () => {
  it('reports a secret-named key with a literal value, at the key', () => {
    const files = { 'shop.yaml': configMap('  LOG_LEVEL: info\n  PAYMENT_API_KEY: sk_live_123456\n') };
    const finding = only(secretInConfigMap, files);
    expect(finding).toMatchObject({ element: 'shop.yaml#ConfigMap/shop/api-config', location: at(files, 'shop.yaml', 'PAYMENT_API_KEY:') });
  });

  it('reports a password inside a configuration file held in the ConfigMap', () => {
    const files = { 'shop.yaml': configMap('  application.properties: |\n    server.port=8080\n    spring.datasource.password=hunter2\n') };
    const finding = only(secretInConfigMap, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'application.properties:'));
    expect(finding.message).toContain('a literal spring.datasource.password in application.properties');
  });

  it('is silent for plain configuration and placeholders', () => {
    none(secretInConfigMap, { 'shop.yaml': configMap('  LOG_LEVEL: info\n  app.yaml: |\n    password: ${DB_PASSWORD}\n') });
  });
});

describe('sec.secret-via-env', () => {
  it('reports secretKeyRef and envFrom secretRef at their entries', () => {
    const files = { 'shop.yaml': withEnv('            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: api-db\n                  key: password') };
    const finding = only(secretViaEnv, files);
    expect(finding).toMatchObject({ severity: 'low', location: at(files, 'shop.yaml', '            - name: DB_PASSWORD') });
    expect(finding.message).toContain('reads Secret api-db (key password) into the environment variable DB_PASSWORD');
    const envFrom = { 'shop.yaml': edit(GOOD_K8S, '          env:\n', '          envFrom:\n            - secretRef:\n                name: api-env\n          env:\n') };
    expect(only(secretViaEnv, envFrom).location).toMatchObject(at(envFrom, 'shop.yaml', '- secretRef:'));
  });

  it('reports a compose secret interpolated into the environment', () => {
    const files = { 'docker-compose.yml': edit(GOOD_COMPOSE, '      LOG_LEVEL: info\n', '      LOG_LEVEL: info\n      DB_PASSWORD: ${DB_PASSWORD}\n') };
    expect(only(secretViaEnv, files).location).toMatchObject(at(files, 'docker-compose.yml', 'DB_PASSWORD: ${DB_PASSWORD}'));
  });

  it('is silent for secrets mounted as files', () => {
    none(secretViaEnv, { 'shop.yaml': GOOD_K8S, 'docker-compose.yml': GOOD_COMPOSE });
  });
});
