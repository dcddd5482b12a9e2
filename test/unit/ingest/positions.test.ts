// Source positions: YAML paths through anchors and merge keys, JSON pointers, multi-document files.
import { describe, expect, it } from 'vitest';
import { jsonPointer, parseJsonDocument, parseYamlDocuments, yamlPath } from '../../../main/ingest/positions.js';
import { DEFAULT_LIMITS } from '../../../main/ingest/limits.js';

describe('positions', () => {
  it('locates keys in YAML, through << merge keys to the anchored mapping', () => {
    const text = 'base: &base\n  restart: always\n  user: app\nservices:\n  api:\n    <<: *base\n    user: root\n';
    const [document] = parseYamlDocuments(text, 'c.yml', DEFAULT_LIMITS).documents;
    expect(document.value).toEqual({ base: { restart: 'always', user: 'app' }, services: { api: { restart: 'always', user: 'root' } } });
    expect(document.locate(['services', 'api', 'user'])).toEqual({ line: 7, column: 5 });
    expect(document.locate(['services', 'api', 'restart'])).toEqual({ line: 2, column: 3 });
    expect(document.locate(['services', 'api', 'missing'])).toEqual({ line: 5, column: 3 });
  });

  it('numbers documents of a multi-document file', () => {
    const { documents } = parseYamlDocuments('a: 1\n---\n---\nb:\n  - x\n  - y\n', 'k.yaml', DEFAULT_LIMITS);
    expect(documents.map((document) => document.index)).toEqual([0, 2]);
    expect(documents[1].locate(['b', 1])).toEqual({ line: 6, column: 5 });
  });

  it('locates JSON pointers', () => {
    const [document] = parseJsonDocument('{\n  "paths": {\n    "/a/b": {\n      "get": {}\n    }\n  }\n}\n', 'o.json', DEFAULT_LIMITS).documents;
    expect(document.locate(['paths', '/a/b', 'get'])).toEqual({ line: 4, column: 7 });
  });

  it('formats YAML paths and JSON pointers', () => {
    expect(yamlPath(['services', 'api', 'ports', 0])).toBe('services.api.ports[0]');
    expect(yamlPath(['services', 'my.svc', 'image'])).toBe('services["my.svc"].image');
    expect(yamlPath(['metadata', 'name'], 2)).toBe('[2].metadata.name');
    expect(jsonPointer(['paths', '/users/{id}', 'get'])).toBe('/paths/~1users~1{id}/get');
  });
});
