// DeathStarBench: three compose projects in three folders, socialNetwork in four variants.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../main/ingest/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { CORPUS, projectContext, readProject } from './helpers.js';

const ROOT = join(CORPUS, 'deathstarbench');
const COMPOSE_FILES = [
  'hotelReservation/docker-compose.yml', 'mediaMicroservices/docker-compose.yml', 'socialNetwork/docker-compose.yml',
  'socialNetwork/docker-compose-tls.yml', 'socialNetwork/docker-compose-sharding.yml', 'socialNetwork/docker-compose-swarm.yml',
];
const servicesOf = (file: string) => Object.keys(parse(readFileSync(join(ROOT, file), 'utf8')).services as object);
const projectOf = (file: string) => file.split('/')[0];

describe('deathstarbench', () => {
  let model: SystemModel;
  const byId = (id: string) => model.components.find((component) => component.id === id);
  beforeAll(() => { model = buildModel(readProject(ROOT), projectContext(ROOT)); });

  it('has every service of every compose file, under its name or project-prefixed when two projects share the name', () => {
    const perProject = new Map<string, Set<string>>();
    for (const file of COMPOSE_FILES) {
      const names = perProject.get(projectOf(file)) ?? new Set<string>();
      for (const name of servicesOf(file)) names.add(name);
      perProject.set(projectOf(file), names);
    }
    const projectsOfName = new Map<string, number>();
    for (const names of perProject.values()) for (const name of names) projectsOfName.set(name, (projectsOfName.get(name) ?? 0) + 1);
    let expected = 0;
    for (const [project, names] of perProject) {
      for (const name of names) {
        const id = projectsOfName.get(name)! > 1 ? `${project}/${name}` : name;
        expect(byId(id), `${project}: ${name}`).toBeDefined();
        expect(byId(id)!.name).toBe(name);
        expected++;
      }
    }
    expect(model.components).toHaveLength(expected);
  });

  it('merges the socialNetwork variants of one directory into one component set', () => {
    const socialGraph = byId('social-graph-service')!;
    expect(new Set(socialGraph.sources.map((source) => source.file))).toEqual(new Set(COMPOSE_FILES.filter((file) => file.startsWith('socialNetwork/'))));
    // Swarm adds services the plain variant does not have: still one project.
    expect(byId('jaeger-collector')?.sources.map((source) => source.file)).toEqual(['socialNetwork/docker-compose-swarm.yml']);
    const network = model.trustBoundaries.find((boundary) => boundary.id === 'network:socialNetwork/default')!;
    expect(network.kind).toBe('network');
    expect(network.components).toContain('social-graph-service');
    expect(network.components).toContain('jaeger-collector');
  });

  it('keeps unrelated projects apart where their names collide', () => {
    expect(byId('user-service')).toBeUndefined();
    expect(byId('mediaMicroservices/user-service')?.sources[0].file).toBe('mediaMicroservices/docker-compose.yml');
    expect(byId('socialNetwork/user-service')?.sources.map((source) => source.file)).toContain('socialNetwork/docker-compose.yml');
    expect(byId('hotelReservation/jaeger')).toBeDefined();
    expect(byId('mediaMicroservices/jaeger')).toBeDefined();
    // Flows inside a project follow the renamed ids.
    const socialFlows = model.flows.filter((flow) => flow.from === 'socialNetwork/user-service');
    expect(socialFlows.map((flow) => flow.to)).toContain('socialNetwork/user-mongodb');
    expect(model.trustBoundaries.map((boundary) => boundary.id).sort()).toEqual(['network:hotelReservation/default', 'network:mediaMicroservices/default', 'network:socialNetwork/default']);
    // Three `default` networks: each named with its project, so the diagram's boxes can be told apart.
    expect(model.trustBoundaries.map((boundary) => boundary.name).sort()).toEqual(['hotelReservation/default', 'mediaMicroservices/default', 'socialNetwork/default']);
  });

  it('turns depends_on and command arguments into flows, and one-shot services into jobs', () => {
    const flow = model.flows.find((candidate) => candidate.from === 'profile' && candidate.to === 'mongodb-profile');
    expect(flow).toMatchObject({ protocol: 'mongodb', inferredFrom: ['depends_on'] });
    expect(model.flows.find((candidate) => candidate.from === 'jaeger-agent' && candidate.to === 'jaeger-collector')?.inferredFrom).toEqual(['command']);
    expect(byId('config')).toMatchObject({ kind: 'job' });
    expect(model.flows.some((candidate) => candidate.to === 'config')).toBe(false);
    expect(byId('mongodb-profile')!.kind).toBe('datastore');
    expect(byId('memcached-rate')!.kind).toBe('cache');
    expect(byId('nginx-thrift')!.kind).toBe('gateway');
  });

  it('takes the services\' depends_on jaeger-agent for a telemetry export, not a call on the request path', () => {
    const traced = model.flows.filter((flow) => flow.to === 'jaeger-agent');
    expect(traced.length).toBeGreaterThan(10);
    for (const flow of traced) {
      expect(flow.sync, flow.id).toBe(false);
      expect(flow.properties?.asyncBecause).toContain('image:jaegertracing/');
    }
    expect(model.flows.find((flow) => flow.from === 'jaeger-collector' && flow.to === 'cassandra')?.sync).not.toBe(false);
    expect(model.flows.find((flow) => flow.from === 'compose-post-service' && flow.to === 'post-storage-service')?.sync).not.toBe(false);
  });

  it('records deploy and restart facts', () => {
    const frontend = byId('frontend')!;
    expect(frontend.replicas).toBe(1);
    expect(frontend.properties?.restart).toBe('always');
    expect(frontend.internetFacing).toBe(true);
    expect(frontend.ports?.[0]).toMatchObject({ publishedPort: 5000, containerPort: 5000, source: { file: 'hotelReservation/docker-compose.yml' } });
  });
});
