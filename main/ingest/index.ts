/**
 * The ingest engine: files in, one SystemModel out. `importArtifact` reads one file into a
 * FileContribution (never throws: every problem becomes a diagnostic with file and line);
 * `mergeContributions` joins contributions into the model. The store keeps one contribution per
 * file, so an edit re-imports only the edited file and re-merges.
 */
import type { SystemModel } from '../../shared/model/model.js';
import { importArchbenchYaml } from './archbench-yaml.js';
import { importCompose } from './compose.js';
import { importGraphql } from './graphql.js';
import { importKubernetes } from './kubernetes.js';
import { resolveLimits, startDeadline, utf8Length } from './limits.js';
import { mergeContributions } from './merge.js';
import { importOpenApi } from './openapi.js';
import { exportOtm, importOtm } from './otm.js';
import { importProto } from './proto.js';
import { exportThreatDragon, importThreatDragon } from './threat-dragon.js';
import { importThreagile } from './threagile.js';
import { emptyContribution, type FileContribution, type ImportEnvironment, type Importer, type IngestContext, type IngestFile } from './types.js';

export type {
  ApiFacts, FileContribution, HostReference, IngestContext, IngestFile, IngestLimits, KubernetesFacts,
} from './types.js';
export type { ArchbenchOverlay } from './overlay-types.js';
export { DEFAULT_LIMITS } from './limits.js';
export { mergeContributions, exportThreatDragon, exportOtm };

const IMPORTERS: Partial<Record<IngestFile['kind'], Importer>> = {
  compose: importCompose,
  kubernetes: importKubernetes,
  openapi: importOpenApi,
  graphql: importGraphql,
  proto: importProto,
  archbench: importArchbenchYaml,
  threagile: importThreagile,
  'threat-dragon': importThreatDragon,
};

/** Read one file into its contribution to the model. Never throws. */
export function importArtifact(file: IngestFile, context: IngestContext): FileContribution {
  const limits = resolveLimits(context.limits);
  const deadline = startDeadline(limits.maxMillisPerFile);
  const out = emptyContribution(file);
  let timeReported = false;
  const environment: ImportEnvironment = {
    context,
    limits,
    deadline,
    report: (diagnostic) => out.diagnostics.push({ ...diagnostic, file: diagnostic.file ?? file.path, severity: diagnostic.severity ?? 'error' }),
    outOfTime: () => {
      if (!deadline.expired()) return false;
      if (!timeReported) {
        timeReported = true;
        out.diagnostics.push({
          file: file.path, line: 1, column: 1, severity: 'warning', code: 'limit.time',
          message: `Import stopped after ${Math.round(deadline.elapsed())} ms (limit ${limits.maxMillisPerFile} ms); the model holds what was read so far.`,
        });
      }
      return true;
    },
  };
  const importer = file.kind === 'threat-dragon' && (file.detail === 'otm' || /"otmVersion"\s*:/.test(file.text.slice(0, 2000))) ? importOtm : IMPORTERS[file.kind];
  if (!importer) return out;
  const size = utf8Length(file.text, limits.maxBytes);
  if (size > limits.maxBytes) {
    environment.report({ line: 1, column: 1, severity: 'error', code: 'limit.size', message: `File is larger than ${limits.maxBytes} bytes; not read.` });
    return out;
  }
  try {
    importer(file, environment, out);
    if (!timeReported && deadline.expired()) {
      out.diagnostics.push({
        file: file.path, line: 1, column: 1, severity: 'warning', code: 'limit.time',
        message: `Import took ${Math.round(deadline.elapsed())} ms, over the ${limits.maxMillisPerFile} ms limit per file.`,
      });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const depth = error instanceof RangeError && /call stack/i.test(message);
    environment.report({
      line: 1, column: 1, severity: 'error', code: depth ? 'limit.depth' : 'ingest.failed',
      message: depth ? 'Too deeply nested to read (call stack exhausted).' : `Import failed: ${message}`,
    });
  }
  out.millis = Math.round(deadline.elapsed() * 10) / 10;
  return out;
}

/** Import every file and merge: the whole model at once (the store merges cached contributions instead). */
export function buildModel(files: IngestFile[], context: IngestContext): SystemModel {
  return mergeContributions(files.map((file) => importArtifact(file, context)));
}
