// Threagile: the demo model's technical assets, links, boundaries and data assets.
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../main/ingest/index.js';
import type { SystemModel } from '../../../shared/model/model.js';
import { CORPUS, ingestFile, projectContext, readProject } from './helpers.js';

const ROOT = join(CORPUS, 'threagile');

describe('threagile demo/example/threagile.yaml', () => {
  const file = ingestFile(ROOT, 'demo/example/threagile.yaml');
  const source = parse(file.text) as { technical_assets: Record<string, { id: string; communication_links?: Record<string, { target: string; protocol: string }> }> };
  let model: SystemModel;
  beforeAll(() => { model = buildModel([file], projectContext(ROOT)); });

  it('has its 14 technical assets as components', () => {
    expect(file.kind).toBe('threagile');
    expect(model.components).toHaveLength(14);
    expect(model.components.map((component) => component.id).sort()).toEqual(Object.values(source.technical_assets).map((asset) => asset.id).sort());
    const customer = model.components.find((component) => component.id === 'customer-client')!;
    expect(customer).toMatchObject({ name: 'Customer Web Client', kind: 'client', internetFacing: true, source: { file: file.path, line: 287 } });
  });

  it('has every communication link as a flow', () => {
    const links = Object.values(source.technical_assets).flatMap((asset) =>
      Object.values(asset.communication_links ?? {}).map((link) => `${asset.id}|${link.target}|${link.protocol}`));
    expect(links).toHaveLength(20);
    expect(model.flows.map((flow) => `${flow.from}|${flow.to}|${flow.protocol}`).sort()).toEqual([...new Set(links)].sort());
    const jdbc = model.flows.find((flow) => flow.from === 'erp-system' && flow.to === 'sql-database')!;
    expect(jdbc).toMatchObject({ protocol: 'jdbc', authentication: 'credentials', encrypted: false, inferredFrom: ['threagile'] });
    expect(model.flows.find((flow) => flow.from === 'customer-client')).toMatchObject({ to: 'load-balancer', protocol: 'https', encrypted: true });
  });

  it('has its 5 trust boundaries, nested', () => {
    expect(model.trustBoundaries).toHaveLength(5);
    const network = model.trustBoundaries.find((boundary) => boundary.id === 'application-network')!;
    expect(network).toMatchObject({ name: 'Application Network', kind: 'declared', components: ['load-balancer'] });
    expect(network.children).toEqual(['web-dmz', 'erp-dmz', 'auth-env']);
    const webserver = model.components.find((component) => component.id === 'apache-webserver')!;
    expect(webserver.boundaries).toEqual(['application-network', 'web-dmz']);
  });

  it('maps types and technologies to kinds, and data assets', () => {
    const kind = (id: string) => model.components.find((component) => component.id === id)!.kind;
    expect(kind('sql-database')).toBe('datastore');
    expect(kind('load-balancer')).toBe('gateway');
    expect(kind('erp-system')).toBe('service');
    expect(model.dataAssets).toHaveLength(12);
    expect(model.dataAssets.find((asset) => asset.id === 'customer-accounts')).toMatchObject({ classification: 'restricted', storedIn: ['ldap-auth-server', 'sql-database'] });
    // `<<: *customer-contracts` inherits the owner and origin of the asset it merges.
    expect(model.dataAssets.find((asset) => asset.id === 'contract-summaries')).toMatchObject({
      classification: 'confidential', properties: { origin: 'Customer', owner: 'Company XYZ', quantity: 'very-few' },
    });
  });

  it('reads the whole folder (stub model, parsed-model JSON) without errors; the parsed model is the same system', () => {
    const all = buildModel(readProject(ROOT), projectContext(ROOT));
    expect(all.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const parsedModel = buildModel([ingestFile(ROOT, 'test/parsed-model.json')], projectContext(ROOT));
    expect(parsedModel.components.map((component) => component.id).sort()).toEqual(model.components.map((component) => component.id).sort());
    expect(parsedModel.flows).toHaveLength(model.flows.length);
  });
});
