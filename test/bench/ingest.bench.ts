import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildModel, type IngestFile } from '../../main/ingest/index.js';
import { classifyArtifact } from '../../main/project/classify.js';
import { CORPUS } from '../support/paths.js';
import { median, type BenchRow } from './table.js';

function readFolder(root: string): { files: IngestFile[]; texts: Map<string, string> } {
  const texts = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else texts.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  const files = [...texts].map(([path, text]) => ({ path, text, ...classifyArtifact(path, text) }));
  return { files, texts };
}

/** Ingest (parse with positions, import, merge) of each corpus folder, and of the 1.5 MB Twilio spec alone. */
export async function benchIngest(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let total = 0;
  for (const name of readdirSync(CORPUS).sort()) {
    const { files, texts } = readFolder(join(CORPUS, name));
    let model = buildModel(files, { readText: (p) => texts.get(p) });
    const ms = await median(() => { model = buildModel(files, { readText: (p) => texts.get(p) }); }, 3);
    total += ms;
    rows.push({ name: `ingest ${name}`, ms, note: `${files.length} files: ${model.components.length} components, ${model.flows.length} flows, ${model.endpoints.length} endpoints` });
  }
  rows.push({ name: 'ingest the whole corpus (sum)', ms: total, aim: '< 2000 ms', met: total < 2000 });
  const twilioPath = 'spec/yaml/twilio_api_v2010.yaml';
  const twilioText = readFileSync(join(CORPUS, 'twilio-openapi', twilioPath), 'utf8');
  const twilio = [{ path: twilioPath, text: twilioText, ...classifyArtifact(twilioPath, twilioText) }];
  let endpoints = 0;
  const ms = await median(() => { endpoints = buildModel(twilio, { readText: () => undefined }).endpoints.length; }, 5);
  rows.push({ name: 'twilio_api_v2010.yaml (1.5 MB) into the model', ms, aim: '< 400 ms', met: ms < 400, note: `${endpoints} endpoints with positions` });
  return rows;
}
