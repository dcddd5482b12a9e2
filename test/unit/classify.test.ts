import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { classifyArtifact } from '../../main/project/classify.js';
import { CORPUS } from '../support/paths.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const classifiedCorpus = new Map(walk(CORPUS).map((file) => {
  const rel = relative(CORPUS, file).split('\\').join('/');
  return [rel, classifyArtifact(rel, readFileSync(file, 'utf8'))];
}));

const kindOf = (rel: string) => classifiedCorpus.get(rel)?.kind;

describe('artifact classification on the real corpus', () => {
  it('recognises every corpus folder by content', () => {
    expect(kindOf('vampi/openapi_specs/openapi3.yml')).toBe('openapi');
    expect(kindOf('vampi/docker-compose.yaml')).toBe('compose');
    // Twilio's keys are sorted: `openapi:` sits deep in a 1.5 MB file.
    expect(kindOf('twilio-openapi/spec/yaml/twilio_api_v2010.yaml')).toBe('openapi');
    expect(kindOf('swapi-graphql/schema.graphql')).toBe('graphql');
    expect(kindOf('microservices-demo/protos/demo.proto')).toBe('proto');
    expect(kindOf('microservices-demo/release/kubernetes-manifests.yaml')).toBe('kubernetes');
    expect(kindOf('danbooru/db/structure.sql')).toBe('sql');
    expect(kindOf('threagile/demo/example/threagile.yaml')).toBe('threagile');
    expect(kindOf('threat-dragon/ThreatDragonModels/v2-threat-model.json')).toBe('threat-dragon');
    expect(kindOf('threat-dragon/ThreatDragonModels/demo-threat-model.json')).toBe('threat-dragon');
    expect(kindOf('supabase-basejump/supabase/migrations/20240414161947_basejump-accounts.sql')).toBe('sql');
    for (const file of readdirSync(join(CORPUS, 'deathstarbench', 'socialNetwork'))) {
      expect(kindOf(`deathstarbench/socialNetwork/${file}`), file).toBe('compose');
    }
    for (const file of readdirSync(join(CORPUS, 'microservices-demo', 'kubernetes-manifests'))) {
      expect(kindOf(`microservices-demo/kubernetes-manifests/${file}`), file).toBe('kubernetes');
    }
  });

  it('does not take JSON Schemas, licences or notes for artifacts', () => {
    expect(kindOf('threagile/support/schema.json')).toBe('other');
    expect(kindOf('threat-dragon/td.vue/src/assets/schema/threat-dragon-v2.schema.json')).toBe('other');
    expect(kindOf('vampi/LICENSE')).toBe('other');
    expect(kindOf('danbooru/SOURCE.md')).toBe('other');
  });

  it('classifies every regression-suite SQL file as SQL', () => {
    const files = [...classifiedCorpus.keys()].filter((p) => p.startsWith('postgres-regression-suite/') && p.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(200);
    expect(files.filter((p) => kindOf(p) !== 'sql')).toEqual([]);
  });

  it('uses content, not the file name', () => {
    expect(classifyArtifact('deploy/app.txt', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n').kind).toBe('kubernetes');
    expect(classifyArtifact('spec.json', '{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}')).toEqual({ kind: 'openapi', detail: 'openapi-3.1' });
    expect(classifyArtifact('api.yaml', 'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n')).toEqual({ kind: 'openapi', detail: 'swagger-2.0' });
    expect(classifyArtifact('notes.yaml', 'title: a note\nitems: [1, 2]\n').kind).toBe('other');
    expect(classifyArtifact('chart/templates/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n')).toEqual({ kind: 'kubernetes', detail: 'helm-template' });
    expect(classifyArtifact('docker-compose.yml', 'services:\n  web:\n    image: nginx\n').kind).toBe('compose');
    expect(classifyArtifact('archbench.yaml', 'components: {}\n').kind).toBe('archbench');
    expect(classifyArtifact('image.png', '\u0089PNG\r\n\u001a\n\u0000\u0000').kind).toBe('other');
  });
});

describe('compose variants', () => {
  it('recognises override files and version 1 files', () => {
    expect(classifyArtifact('docker-compose.override.yml', 'services:\n  api:\n    restart: always\n    deploy:\n      replicas: 3\n').kind).toBe('compose');
    expect(classifyArtifact('docker-compose.yml', 'web:\n  image: nginx\n  links: [db]\ndb:\n  image: postgres\n')).toEqual({ kind: 'compose', detail: 'v1' });
    expect(classifyArtifact('settings.yml', 'web:\n  image: nginx\n').kind).toBe('other');
  });
});
