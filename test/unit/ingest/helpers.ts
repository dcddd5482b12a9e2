// Test helpers: read a corpus folder or fixture project in place and turn it into IngestFiles.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyArtifact } from '../../../main/project/classify.js';
import type { IngestContext, IngestFile } from '../../../main/ingest/index.js';

/** The shared corpus, read in place (never copied into the repo). */
export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../fixtures/ingest/', import.meta.url));

/** Every file under `root` (relative, `/`-separated), classified by content. */
export function readProject(root: string): IngestFile[] {
  const files: IngestFile[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(ingestFile(root, relative(root, path).split(sep).join('/')));
    }
  };
  walk(root);
  return files;
}

/** One file of `root` as an IngestFile. */
export function ingestFile(root: string, relativePath: string): IngestFile {
  const text = readFileSync(join(root, relativePath), 'utf8');
  const { kind, detail } = classifyArtifact(relativePath, text);
  return { path: relativePath, kind, detail, text };
}

/** A context whose reads stay inside `root`. */
export function projectContext(root: string, limits?: IngestContext['limits']): IngestContext {
  const base = resolve(root);
  return {
    limits,
    readText(relativePath) {
      const path = resolve(base, relativePath);
      if (path !== base && !path.startsWith(base + sep)) return undefined;
      try { return readFileSync(path, 'utf8'); } catch { return undefined; }
    },
  };
}

/** A context over in-memory files (for fixtures generated in a test). */
export function memoryContext(files: Record<string, string>, limits?: IngestContext['limits']): IngestContext {
  return { limits, readText: (path) => files[path] };
}
